"""A one-line question in a modal (a date to go to, a name): Enter answers, Esc cancels."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from paperterm.text import sanitize_line
from paperterm.tui.widgets.inputs import CleanInput


class AskScreen(ModalScreen[str | None]):
    """Ask for one line of text; dismissed with the cleaned text, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ask-cancel")]

    def __init__(self, question: str, hint: str = "", value: str = "") -> None:
        super().__init__()
        self.question = question
        self.hint = hint
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="ask"):
            yield Static(Text(self.question), id="ask-question", markup=False)
            yield CleanInput(sanitize_line(self.value), id="ask-input", select_on_focus=False)
            yield Static(Text(self.hint or "Enter: OK    Esc: cancel"), id="ask-help")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = sanitize_line(event.value).strip()
        self.dismiss(text or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
