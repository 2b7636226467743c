"""Labelled lines of short items (``kernel 11``) that wrap between items, never inside one."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

LABEL_WIDTH = 14


def wrap_items(items: list[str], width: int, sep: str) -> list[str]:
    """``items`` joined by `` sep `` in lines of at most ``width`` cells (an item never splits)."""
    lines: list[str] = []
    current = ""
    joint = f" {sep} "
    for item in items:
        candidate = f"{current}{joint}{item}" if current else item
        if current and cell_len(candidate) > width:
            lines.append(current)
            current = item
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


class TermLines(Widget):
    """``label   a 3 · b 2`` per row, the items wrapped under each other; plain text only."""

    DEFAULT_CLASSES = "term-lines"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[str, list[str]]] = []
        self.sep = "·"

    def show(self, rows: list[tuple[str, list[str]]], sep: str = "·") -> None:
        self.rows, self.sep = rows, sep
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[tuple[str, str]]:
        room = max(10, width - LABEL_WIDTH)
        out: list[tuple[str, str]] = []
        for label, items in self.rows:
            wrapped = wrap_items(items, room, self.sep) or ["no new papers"]
            out += [(label if i == 0 else "", part) for i, part in enumerate(wrapped)]
        return out

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001
        return max(1, len(self._lines(width)))

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for i, (label, part) in enumerate(self._lines(self.content_size.width)):
            if i:
                text.append("\n")
            text.append(label.ljust(LABEL_WIDTH), style="bold")
            text.append(part)
        return text or Text("No digests yet.")
