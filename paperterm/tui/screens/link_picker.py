"""The link picker: every link of a paper with its kind; Enter opens one (or copies it)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from paperterm.paper_links import Link
from paperterm.text import sanitize_line
from paperterm.tui.detail_sections import KIND_NAMES, KIND_WIDTH
from paperterm.tui.render import UNICODE
from paperterm.tui.screens.option_moves import OptionMoves


class LinkPicker(OptionMoves, ModalScreen[Link | None]):
    """Pick one of the paper's links: Enter chooses it, Esc cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="links-cancel"),
        Binding("j,down", "move(1)", "Next", show=False, id="links-down"),
        Binding("k,up", "move(-1)", "Previous", show=False, id="links-up"),
        Binding("enter", "pick", "Open", id="links-pick", priority=True),
    ]

    def __init__(self, title: str, links: list[Link], verb: str = "open") -> None:
        super().__init__()
        self.paper_title = sanitize_line(title)
        self.links = list(links)
        self.verb = verb  # "open", or "copy" when no browser can start here

    def compose(self) -> ComposeResult:
        with Vertical(id="link-picker"):
            yield Static(Text("Links"), id="link-picker-title", markup=False)
            yield Static(
                Text(self.paper_title, no_wrap=True, overflow="ellipsis"),
                id="link-picker-paper",
                markup=False,
            )
            dot = getattr(self.app, "glyphs", UNICODE).dot
            yield OptionList(*self._options(), id="link-picker-options")
            yield Static(
                Text(f"enter {self.verb} {dot} esc cancel"),
                id="link-picker-help",
                markup=False,
            )

    def _options(self) -> list[Option]:
        options = []
        for link in self.links:
            prompt = Text(no_wrap=True, overflow="ellipsis")
            prompt.append(f"{KIND_NAMES.get(link.kind, link.kind):<{KIND_WIDTH}}", style="dim")
            prompt.append(sanitize_line(link.label))
            prompt.append("\n")
            prompt.append(" " * KIND_WIDTH)
            prompt.append(sanitize_line(link.url), style="dim")
            options.append(Option(prompt))
        return options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0 if self.links else None
        options.focus()

    def action_pick(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and 0 <= index < len(self.links):
            self.dismiss(self.links[index])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.links):
            self.dismiss(self.links[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
