"""Inputs that clean what is pasted: no escape, control or bidi character reaches the screen."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input, TextArea

from paperterm.text import sanitize, sanitize_line


class CleanInput(Input):
    """A one-line input; a paste keeps its first line, cleaned."""

    def _watch_value(self, value: str) -> None:
        # Input sets its virtual width on every keystroke, which re-lays out the whole screen
        # (tens of ms). Its size does not change with its text (width is not auto here), so
        # set the width quietly first: the base method then sees no change.
        size = Size(self.content_width, 1)
        if size != self.virtual_size and not self.styles.auto_dimensions:
            self.set_reactive(Widget.virtual_size, size)
        super()._watch_value(value)

    def _on_paste(self, event: events.Paste) -> None:
        # Only clean the text: Textual calls every class's _on_paste along the MRO, so
        # Input._on_paste runs next with this text and inserts it (calling it here too
        # inserted every paste twice).
        lines = sanitize(event.text or "").splitlines()
        event.text = sanitize_line(lines[0]) if lines else ""


class CleanTextArea(TextArea):
    """A multi-line editor; a paste keeps its lines, cleaned."""

    def _on_paste(self, event: events.Paste) -> None:
        # TextArea._on_paste runs after this one (MRO dispatch) and inserts the cleaned text.
        event.text = sanitize(event.text or "").replace("\t", "    ")
