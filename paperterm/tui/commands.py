"""Every key by where it works, from the bindings: the help tables and the command palette."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.markup import escape
from textual.screen import Screen

from paperterm.models import SORTS, FilterCounts
from paperterm.tui.filters import ALL, BOOKMARKED, FOR_YOU, NEW, TRENDING, UNREAD, Filter
from paperterm.tui.render import count_of, line
from paperterm.tui.screens.help import Section
from paperterm.tui.screens.main import MainScreen
from paperterm.tui.screens.paper_screen import PaperScreen
from paperterm.tui.screens.reading import ReadingScreen
from paperterm.tui.screens.saved_keys import SavedKeys
from paperterm.tui.screens.triage_keys import TriageKeys
from paperterm.tui.screens.welcome import WelcomeScreen
from paperterm.tui.widgets import DetailPane, FilterPane, PaperList, SearchInput
from paperterm.tui.widgets.cursor_list import CursorList

MAX_DIGEST_COMMANDS = 60


@dataclass(frozen=True)
class Command:
    title: str
    help: str
    run: Callable[[], object]


def _rows(*classes: type) -> list[Binding]:
    out: list[Binding] = []
    for cls in classes:
        out += [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]
    return out


def binding_tables(app: App | type[App]) -> list[tuple[str, list[Binding]]]:
    """Every binding of the reader, by where it works."""
    # The modal screens load when first used (the note editor pulls in TextArea).
    from paperterm.tui.screens.help import HelpScreen
    from paperterm.tui.screens.link_picker import LinkPicker
    from paperterm.tui.screens.list_picker import ListPicker
    from paperterm.tui.screens.note_editor import NoteEditor
    from paperterm.tui.screens.stats import StatsScreen
    from paperterm.tui.screens.triage import TriageScreen
    from paperterm.tui.screens.unsaved_note import UnsavedNote

    return [
        (
            "Everywhere",
            _rows(app if isinstance(app, type) else type(app), MainScreen, TriageKeys, SavedKeys),
        ),
        ("Paper list", _rows(PaperList, CursorList)),
        ("The current paper (list, detail, reading view)", _rows(PaperScreen)),
        ("Search bar", _rows(SearchInput)),
        ("Filter pane (f shows it; j/k move too)", _rows(FilterPane)),
        ("Reading view (j/k scroll)", _rows(ReadingScreen)),
        ("Detail pane and reading view", _rows(DetailPane)),
        ("Triage mode (t: the unread papers of the view, one at a time)", _rows(TriageScreen)),
        ("Stats view", _rows(StatsScreen)),
        ("Note editor", _rows(NoteEditor)),
        ("Note editor: unsaved changes", _rows(UnsavedNote)),
        ("List picker (type to filter or name a new list)", _rows(ListPicker)),
        ("Link picker (L)", _rows(LinkPicker)),
        ("Welcome screen (empty library)", _rows(WelcomeScreen)),
        ("Help", _rows(HelpScreen)),
    ]


def _keymap(app: App) -> Mapping[str, str]:
    config = getattr(app, "config", None)
    return config.keymap if config is not None else {}


def describe_keys(app: App, binding: Binding) -> str:
    """The keys of a binding as the user sees them, after the config's keymap."""
    keys = _keymap(app).get(binding.id or "", binding.key)
    shown = []
    for key in keys.split(","):
        key = key.strip()
        if key:
            shown.append(app.get_key_display(Binding(key, "")))
    return ", ".join(shown)


def help_sections(app: App) -> list[Section]:
    """The help screen's tables: keys as remapped, then what each does."""
    return [
        (title, [(describe_keys(app, b), b.tooltip or b.description) for b in bindings])
        for title, bindings in binding_tables(app)
    ]


def palette_commands(app: App, screen: Screen) -> list[Command]:
    """The commands of ``screen``: its keys' actions and the app's, plus filters on the list."""
    owners: list[tuple[DOMNode, list[Binding]]] = [(app, _rows(type(app)))]
    if isinstance(screen, MainScreen):
        owners += [
            (screen, MainScreen.BINDINGS + TRIAGE_BINDINGS + PaperScreen.BINDINGS),
            (screen.paper_list, PaperList.BINDINGS + CursorList.BINDINGS),
        ]
        return binding_commands(app, owners) + filter_commands(screen) + sort_commands(screen)
    if isinstance(screen, ReadingScreen):
        owners += [(screen, ReadingScreen.BINDINGS + PaperScreen.BINDINGS)]
    elif isinstance(screen, WelcomeScreen):
        owners += [(screen, WelcomeScreen.BINDINGS)]
    else:
        from paperterm.tui.screens.stats import StatsScreen
        from paperterm.tui.screens.triage import TriageScreen

        if isinstance(screen, TriageScreen | StatsScreen):
            owners += [(screen, _rows(type(screen)))]
    return binding_commands(app, owners)


def system_commands(found: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    """Textual's own commands less its "Theme": "Change theme" (with its key) is the one."""
    return (c for c in found if c.title != "Theme")


def binding_commands(app: App, owners: list[tuple[DOMNode, list[Binding]]]) -> list[Command]:
    """One command per described binding, run on the node that owns it."""
    seen: set[str] = set()
    commands: list[Command] = []
    for node, bindings in owners:
        for binding in bindings:
            if not binding.description or binding.action in seen:
                continue
            if binding.action in ("command_palette", "app.command_palette"):
                continue
            seen.add(binding.action)
            keys = describe_keys(app, binding)
            commands.append(
                Command(
                    binding.description, f"key: {keys}", partial(node.run_action, binding.action)
                )
            )
    return commands


def filter_commands(screen: MainScreen) -> list[Command]:
    """One command per filter of the filter pane, with its count."""
    counts = screen.counts or FilterCounts()
    flts: list[tuple[Filter, str]] = [
        (ALL, count_of(counts.total, "paper")),
        (UNREAD, count_of(counts.unread, "paper")),
        (NEW, f"{count_of(counts.new, 'paper')} new since the last visit"),
        (BOOKMARKED, count_of(counts.bookmarked, "paper")),
        (FOR_YOU, "unread papers ranked against your reading lists"),
        (TRENDING, "papers seen in the most digests of the last 7 days"),
    ]
    flts += [(Filter("saved", n, q), count_of(c, "paper")) for n, q, c in counts.saved]
    flts += [(Filter("list", name), count_of(n, "paper")) for name, n in counts.lists]
    flts += [
        (Filter("date", date.isoformat()), count_of(n, "paper"))
        for date, n in counts.digests[:MAX_DIGEST_COMMANDS]
    ]
    return [
        Command(f"Show {line(flt.label)}", help, partial(setattr, screen, "active_filter", flt))
        for flt, help in flts
    ]


TRIAGE_BINDINGS = TriageKeys.BINDINGS + SavedKeys.BINDINGS


def sort_commands(screen: MainScreen) -> list[Command]:
    """One command per sort order (relevance needs query words)."""
    return [
        Command(
            f"Sort: {order.label}",
            f"order the list {order.label} (date column: {order.date_label})",
            partial(screen.set_order, name),
        )
        for name, order in SORTS.items()
    ]


class PapertermCommands(Provider):
    """Commands of the screen the palette was opened on."""

    def _commands(self) -> list[Command]:
        return palette_commands(self.app, self.screen)

    async def discover(self) -> Hits:
        for command in self._commands():
            # Content, not a str: a list name like "[b]x" must not be read as markup.
            yield DiscoveryHit(
                Content(command.title), command.run, text=command.title, help=command.help
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                # highlight() parses markup: escape the (possibly untrusted) title first.
                shown = matcher.highlight(escape(command.title))
                yield Hit(score, shown, command.run, text=command.title, help=command.help)
