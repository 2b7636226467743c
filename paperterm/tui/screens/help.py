"""The help screen: the config's problems, then every key of every pane (keymap applied)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from paperterm.tui.keys import key_for
from paperterm.tui.widgets.footer import PaperFooter

KEY_WIDTH = 18
Section = tuple[str, list[tuple[str, str]]]

LEGEND = [
    ("{unread}", "unread paper ({toggle-read} toggles; opening a paper marks it read)"),
    ("{bookmark}", "bookmarked: in a reading list ({bookmark} toggles the default list)"),
    ("date  N{times}", "first seen in a digest on that date; seen in N digests"),
]

QUERY_HELP = [
    ("kernl densty", "words in a title or abstract; typos are forgiven"),
    ('"a phrase"  -word', "exact phrase; exclude a word"),
    ("is:unread is:bookmarked", "read state, bookmarks (is:read too)"),
    ('list:"Name"  date:2026-03-14', "a reading list; a digest date (after: before: too)"),
    ("seen:>=2 upvotes:>=10", "seen in N digests; upvotes"),
    ("in:title in:abstract author:NAME", "where to look; an author"),
    ("sort:newest arxiv:ID", "the order (relevance, oldest, seen, upvotes, title); a paper"),
    ("every filter", "{filters}"),  # filled from the query parser when help opens
]
LEGEND_KEYS = {"toggle-read": "r", "bookmark": "b"}  # binding id: its default key


def _query_help() -> list[tuple[str, str]]:
    """QUERY_HELP with every filter name (the parser loads numpy: not before the first frame)."""
    from paperterm.search.query import FILTERS

    names = " ".join(f"{name}:" for name in FILTERS)
    return [(keys, what.replace("{filters}", names)) for keys, what in QUERY_HELP]


def _table(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(width=KEY_WIDTH, no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for keys, what in rows:
        table.add_row(Text(keys), Text(what))
    return table


def problems_renderable(problems: list[str]) -> RenderableType:
    """The config's problems, each with file:line: key (the text is the file's: never markup)."""
    title = f"Config problems ({len(problems)}): fix them in config.toml"
    parts: list[RenderableType] = [Text(title, style="bold underline")]
    parts += [Text(f"- {problem}") for problem in problems]
    parts.append(Text("paperterm config check prints them too.", style="dim"))
    return Group(*parts, Text(""))


def help_renderable(
    sections: list[Section],
    unread: str,
    bookmark: str,
    times: str = "×",
    problems: Sequence[str] = (),
    keys: Mapping[str, str] | None = None,
) -> RenderableType:
    """Every section's keys, the marks legend, the search language; ``keys`` are the keys of
    the binding ids the legend names, after the keymap."""
    shown = {**LEGEND_KEYS, **(keys or {})}
    parts: list[RenderableType] = [problems_renderable(list(problems))] if problems else []
    for title, rows in sections:
        parts += [Text(title, style="bold underline"), _table(rows), Text("")]
    marks = {"unread": unread, "bookmark": bookmark, "times": times}
    legend = [(k.format(**marks), v.format_map(shown)) for k, v in LEGEND]
    parts += [Text("Marks and columns", style="bold underline"), _table(legend), Text("")]
    parts += [Text("Search language", style="bold underline"), _table(_query_help()), Text("")]
    parts.append(
        Text(
            'Keys can be changed in config.toml under [keymap]: binding-id = "keys" '
            "(ids: see the README).",
            style="dim",
        )
    )
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """Every key; Esc, ? or q closes it."""

    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close help", id="help-close"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False, id="help-down"),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False, id="help-up"),
        Binding("g,home", "top", "Top", show=False, id="help-top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="help-bottom"),
    ]

    def __init__(
        self,
        sections: list[Section],
        unread: str = "●",
        bookmark: str = "★",
        times: str = "×",
        *,
        problems: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.sections = sections
        self.marks = (unread, bookmark, times)
        self.problems = list(problems or [])

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("paperterm keys", style="bold"), id="help-title", markup=False)
            keys = {id: key_for(self, id, key) for id, key in LEGEND_KEYS.items()}
            body = help_renderable(self.sections, *self.marks, problems=self.problems, keys=keys)
            yield Static(body, id="help-body", markup=False)
        yield PaperFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_scroll(self, delta: int) -> None:
        scroller = self.query_one("#help", VerticalScroll)
        scroller.scroll_relative(y=delta, animate=False)

    def action_top(self) -> None:
        self.query_one("#help", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#help", VerticalScroll).scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
