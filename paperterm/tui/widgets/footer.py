"""The footer: the keys that matter now, and on a narrow terminal never without ``? Help q``."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

ESSENTIAL = frozenset({"help", "quit", "app.help", "app.quit"})
PALETTE_ROOM = 13  # the command palette key sits on the right with its own separator


def _cells(item: Widget) -> int:
    if isinstance(item, FooterKey):
        return cell_len(item.key_display) + cell_len(item.description) + 2
    return 0


class PaperFooter(Footer):
    """Textual's footer that drops the least needed keys (the last) when they do not fit,
    so help and quit always show; the command palette key goes first when room is short."""

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        width = self.size.width or self.app.size.width
        palette = [i for i in items if i.has_class("-command-palette")]
        keys = [i for i in items if not i.has_class("-command-palette")]
        used = sum(_cells(i) for i in keys if isinstance(i, FooterKey) and i.action in ESSENTIAL)
        room = width
        if palette and sum(_cells(i) for i in keys) + PALETTE_ROOM > width:
            palette = []  # ctrl+p is in the help screen; the pane's own keys matter more
        elif palette:
            room -= PALETTE_ROOM
        kept: list[Widget] = []
        for item in keys:
            essential = isinstance(item, FooterKey) and item.action in ESSENTIAL
            if essential or used + _cells(item) <= room:
                kept.append(item)
                used += 0 if essential else _cells(item)
        self.styles.grid_size_columns = len(kept)
        yield from kept
        yield from palette

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose)
