"""A small yes/no question in a modal: y or Enter confirms, n or Esc cancels."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    """Ask ``question`` (plain text, never markup); dismissed with True or False."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm-yes", priority=True),
        Binding("n,escape,q", "answer(False)", "No", id="confirm-no", priority=True),
    ]

    def __init__(self, question: str, detail: str = "", yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(Text(self.question), id="confirm-question", markup=False)
            if self.detail:
                yield Static(Text(self.detail), id="confirm-detail", markup=False)
            yield Static(Text(f"y / Enter: {self.yes}    n / Esc: cancel"), id="confirm-help")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
