"""The search bar: the query input, the hit count and any query error beside it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from paperterm.tui import paint_hold
from paperterm.tui.keys import key_for
from paperterm.tui.render import line
from paperterm.tui.widgets.inputs import CleanInput
from paperterm.tui.widgets.paper_list import Listing

PLACEHOLDER = 'search: words "a phrase" -not is:unread list:NAME date:2026-03-14 seen:>=2'


class SearchInput(CleanInput):
    """The query input: Enter or Down goes to the list, Esc clears; an edit holds the screen's
    paint until its search's results arrive (one frame per keystroke, see paint_hold)."""

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

    def _watch_value(self, value: str) -> None:
        paint_hold.hold(self.app)  # before the echo's refresh: the screen must not paint it alone
        super()._watch_value(value)

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
    _note = ""  # the error or ignored words on show

    def compose(self) -> ComposeResult:
        yield Static("/", id="search-prompt", markup=False)
        yield SearchInput(placeholder=PLACEHOLDER, id="search-input", select_on_focus=False)
        yield Static("", id="search-error", markup=False)
        yield Static("", id="search-count", markup=False)

    def watch_listing(self, listing: Listing | None) -> None:
        if listing is not None:
            result = listing.result
            ignored = getattr(result, "ignored", ())
            self._show(result.total, result.error, result.total_is_estimate, ignored)

    def on_resize(self) -> None:
        if self.listing is not None:
            self.watch_listing(self.listing)  # the error's short form depends on the width

    def _show(
        self,
        shown: int | None,
        error: str | None,
        estimate: bool = False,
        ignored: tuple[str, ...] = (),
    ) -> None:
        """``N papers`` or ``searching…`` beside the input; the error, if any, in its own cell;
        else the words the search dropped (``ignored: xyzzy``) so the count is not a mystery."""
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
        note = ""
        if error:
            width = err.content_size.width
            if not width:  # the cell was hidden: fit again once it has its width
                self.call_after_refresh(self._refit, error)
            note = fit_error(line(error), width or 1000, key_for(self, "help", "?"))
        elif ignored and shown:
            note = "ignored: " + " ".join(line(word) for word in ignored)
        # A note that appears or goes changes the layout; one that changes does not.
        err.update(Text(note), layout=bool(note) != bool(self._note))
        self._note = note
        self.set_class(bool(error), "-error")
        self.set_class(bool(note) and not error, "-ignored")

    def _refit(self, error: str) -> None:
        err = self.query_one("#search-error", Static)
        if self.has_class("-error") and err.content_size.width:
            help_key = key_for(self, "help", "?")
            err.update(Text(fit_error(line(error), err.content_size.width, help_key)))


def fit_error(error: str, width: int, help_key: str = "?") -> str:
    """The error as it fits; a list of filters that cannot fit points to help instead.

    ``unknown filter "foo:" (filters: is:, list:, …)`` at 80 columns becomes
    ``unknown filter "foo:" (? help)``: the help screen lists every filter.
    """
    if len(error) <= width or " (filters:" not in error:
        return error  # any other hint is short, and the list's empty state shows it whole
    head = error[: error.index(" (filters:")]
    return f"{head} ({help_key} help)"
