"""The footer: the keys that matter now, and on a narrow terminal never without ``? Help q``."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.screen import Screen
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
    so help and quit always show; the command palette key goes first when room is short.

    It is made again only when what it shows changes: Textual's footer is rebuilt at every
    bindings signal (7 times at the reader's start, twice at each focus change), each time
    mounting and styling a widget per key (~10-50 ms of the UI thread, while keys wait).
    """

    _shown: tuple | None = None  # what the last compose showed
    _due = False  # a rebuild is waiting for the next refresh

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def _what_shows(self) -> tuple:
        keys = tuple(
            (binding.key, binding.action, binding.description, binding.show, enabled, tip)
            for _, binding, enabled, tip in self.screen.active_bindings.values()
        )
        return self._width(), self.compact, self.show_command_palette, keys

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._due:
            return
        if self.is_attached and screen is self.screen:
            self._due = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._due = False
        if self.is_attached and self._what_shows() != self._shown:
            await self.recompose()

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._what_shows()
        items = list(super().compose())
        width = self._width()
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
