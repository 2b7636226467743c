"""A screen's breakpoint classes for a terminal size, as Textual sets them on a resize."""

from __future__ import annotations

from textual.app import App
from textual.geometry import Size
from textual.screen import Screen


def breakpoint_classes(app: App, screen: Screen, size: Size) -> list[str]:
    """The classes ``screen``'s (or else ``app``'s) breakpoints give at ``size``."""
    found = []
    for own, default, extent in (
        (screen.HORIZONTAL_BREAKPOINTS, app.HORIZONTAL_BREAKPOINTS, size.width),
        (screen.VERTICAL_BREAKPOINTS, app.VERTICAL_BREAKPOINTS, size.height),
    ):
        points = default if own is None else own
        for minimum, name in sorted(points or [], reverse=True):
            if extent >= minimum:
                found.append(name)
                break
    return found
