"""The note editor's question on Esc with unsaved changes: save, discard or keep editing."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from paperterm.tui.render import UNICODE

Choice = Literal["save", "discard", "keep"]


class UnsavedNote(ModalScreen[Choice]):
    """Save, discard or keep editing; Esc (or q) goes back to the editor, nothing lost."""

    BINDINGS = [
        Binding("s,ctrl+s", "choose('save')", "Save", id="unsaved-save"),
        Binding("d", "choose('discard')", "Discard", id="unsaved-discard"),
        Binding(
            "escape,q,k",
            "choose('keep')",
            "Keep editing",
            id="unsaved-keep",
            tooltip="Back to the note, unsaved changes kept",
        ),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="unsaved"):
            yield Static(Text("Unsaved note"), id="unsaved-title", markup=False)
            yield Static(
                Text("The note has changes that are not saved."), id="unsaved-body", markup=False
            )
            glyphs = getattr(self.app, "glyphs", None)
            sep = f" {(glyphs or UNICODE).dot} "
            yield Static(
                Text(sep.join(("s save", "d discard the changes", "esc keep editing"))),
                id="unsaved-help",
                markup=False,
            )

    def action_choose(self, choice: Choice) -> None:
        self.dismiss(choice)
