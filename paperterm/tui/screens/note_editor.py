"""The note editor: a TextArea in a modal; ctrl+s saves, Esc closes (asking first when changed)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from paperterm.text import clean_paragraph, sanitize, sanitize_line
from paperterm.tui.render import UNICODE
from paperterm.tui.widgets.inputs import CleanTextArea


class NoteEditor(ModalScreen[str | None]):
    """Edit the note of one paper; dismissed with the new body, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note-save", priority=True),
        Binding(
            "escape",
            "cancel",
            "Close",
            id="note-cancel",
            priority=True,
            tooltip="Close; with unsaved changes, asks: save, discard or keep editing",
        ),
    ]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.paper_title = sanitize_line(title)
        self.body = sanitize(body)

    def compose(self) -> ComposeResult:
        dot = getattr(self.app, "glyphs", UNICODE).dot
        with Vertical(id="note"):
            yield Static(Text("Note"), id="note-heading", markup=False)
            yield Static(
                Text(self.paper_title, no_wrap=True, overflow="ellipsis"),
                id="note-paper",
                markup=False,
            )
            yield CleanTextArea(self.body, id="note-text", soft_wrap=True, tab_behavior="indent")
            yield Static(
                Text(f"ctrl+s save {dot} esc close {dot} an empty note is deleted"),
                id="note-help",
                markup=False,
            )

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(clean_paragraph(self.query_one(TextArea).text))

    @property
    def changed(self) -> bool:
        """True when the text differs from the note as it was opened."""
        return clean_paragraph(self.query_one(TextArea).text) != clean_paragraph(self.body)

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return
        from paperterm.tui.screens.unsaved_note import UnsavedNote

        self.app.push_screen(UnsavedNote(), self._answered)

    def _answered(self, choice: str | None) -> None:
        if choice == "save":
            self.action_save()
        elif choice == "discard":
            self.dismiss(None)
        else:
            self.query_one(TextArea).focus()
