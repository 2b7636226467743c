"""ASCII mode beyond the glyph table: key names and scrollbars Textual would draw in Unicode."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.scrollbar import ScrollBar, ScrollBarRender

# Textual shows these keys as symbols (enter as a return arrow); ASCII mode spells them out.
KEY_NAMES = {"question_mark": "?", "slash": "/", "space": "space", "escape": "esc"}


class AsciiScrollBarRender(ScrollBarRender):
    """Scrollbar thumbs drawn as reversed blanks only: no eighth-block ends."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8


def use_ascii_scrollbars(on: bool) -> None:
    """Draw every scrollbar with ASCII (Textual's documented hook: ``ScrollBar.renderer``)."""
    ScrollBar.renderer = AsciiScrollBarRender if on else ScrollBarRender


def ascii_key_display(shown: str, binding: Binding) -> str:
    """``shown`` when it is ASCII, else the key's own name (``enter``, ``up``, ``ctrl+s``)."""
    if shown.isascii():
        return shown
    modifiers, key = binding.parse_key()
    name = KEY_NAMES.get(key, key)
    if "ctrl" in modifiers:
        modifiers.remove("ctrl")
        name = f"^{name}"
    return "+".join([*modifiers, name])
