"""The search bar: the query input, the hit count and any query error beside it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from paperterm.tui.render import line
from paperterm.tui.widgets.inputs import CleanInput
from paperterm.tui.widgets.paper_list import Listing

PLACEHOLDER = 'search: words "a phrase" -not is:unread list:NAME date:2026-03-14 seen:>=2'


class SearchInput(CleanInput):
    """The query input: Enter or Down goes to the list, Esc clears."""

    BINDINGS = [
        Binding(
            "enter,down",
            "leave",
            "Go to list",
            show=False,
            id="search-to-list",
            tooltip="Go to the list with the top hit selected",
        ),
        Binding(
            "escape",
            "clear_query",
            "Clear search",
            show=False,
            id="search-clear",
            tooltip="Clear the query; on an empty query, back to the list",
        ),
    ]

    class Leave(Message):
        """The user is done typing and wants the list (top hit selected)."""

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def action_clear_query(self) -> None:
        if self.value:
            self.value = ""
        else:
            self.post_message(self.Leave())


class SearchBar(Horizontal):
    """Prompt, input, hit count and error on one line; the count follows the bound listing."""

    listing: reactive[Listing | None] = reactive(None, init=False)

    def compose(self) -> ComposeResult:
        yield Static("/", id="search-prompt", markup=False)
        yield SearchInput(placeholder=PLACEHOLDER, id="search-input", select_on_focus=False)
        yield Static("", id="search-error", markup=False)
        yield Static("", id="search-count", markup=False)

    def watch_listing(self, listing: Listing | None) -> None:
        if listing is not None:
            result = listing.result
            self._show(result.total, result.error, result.total_is_estimate)

    def _show(self, shown: int | None, error: str | None, estimate: bool = False) -> None:
        """``N papers`` or ``searching…`` beside the input; the error, if any, in its own cell."""
        count = self.query_one("#search-count", Static)
        err = self.query_one("#search-error", Static)
        # Fixed-size cells: update without re-laying out the screen on every keystroke.
        if shown is None:
            count.update(Text("searching…"), layout=False)
        else:
            plus = "+" if estimate else ""
            count.update(
                Text(f"{shown:,}{plus} paper{'s' * (shown != 1 or estimate)}"), layout=False
            )
        err.update(Text(line(error)) if error else Text(""), layout=False)
        self.set_class(bool(error), "-error")
