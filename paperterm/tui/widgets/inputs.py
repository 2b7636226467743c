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
        lines = sanitize(event.text or "").splitlines()
        event.text = sanitize_line(lines[0]) if lines else ""
        super()._on_paste(event)


class CleanTextArea(TextArea):
    """A multi-line editor; a paste keeps its lines, cleaned."""

    async def _on_paste(self, event: events.Paste) -> None:
        event.text = sanitize(event.text or "").replace("\t", "    ")
        await super()._on_paste(event)
