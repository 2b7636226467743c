"""Setting a line-API widget's scrollable size without re-laying out the whole screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def set_virtual_size(widget: Widget, size: Size) -> None:
    """Textual's ``virtual_size`` setter re-lays out the screen; with a vertical scrollbar that
    is always shown (``overflow-y: scroll``) nothing else moves, so updating the scrollbars and
    redrawing the widget is enough: one keystroke, one cheap repaint."""
    if size == widget.virtual_size:
        return
    if widget.styles.overflow_y == "scroll" and widget.is_mounted:
        widget.set_reactive(Widget.virtual_size, size)
        widget._scroll_update(size)
        widget.refresh()
    else:
        widget.virtual_size = size
