"""The paper list: one row per hit (marks, title with match spans, first seen, times seen)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.message import Message

from paperterm.models import Hit
from paperterm.tui.render import UNICODE, Glyphs, clip, title_text
from paperterm.tui.widgets.cursor_list import CursorList

BLOCK = 64  # hits fetched from a (possibly lazy) result sequence at a time
WIDE = 60  # below this width the date column is dropped


class PaperList(CursorList):
    """A virtual list of search hits; the screen hands it hits and marks, it posts messages."""

    BINDINGS = [
        Binding(
            "enter",
            "choose",
            "Read",
            id="read",
            tooltip="Open the reading view (marks the paper read)",
        ),
    ]

    COMPONENT_CLASSES = {
        "paper-list--cursor",
        "paper-list--match",
        "paper-list--cursor-match",
        "paper-list--unread",
        "paper-list--bookmark",
        "paper-list--read",
        "paper-list--meta",
        "paper-list--empty",
    }

    class Highlighted(Message):
        """The cursor is on another paper (or on none)."""

        def __init__(self, paper_list: PaperList, hit: Hit | None, index: int) -> None:
            super().__init__()
            self.paper_list = paper_list
            self.hit = hit
            self.index = index

    class Chosen(Message):
        """Enter or a double click on a paper: open it."""

        def __init__(self, paper_list: PaperList, hit: Hit, index: int) -> None:
            super().__init__()
            self.paper_list = paper_list
            self.hit = hit
            self.index = index

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._hits: Sequence[Hit] = ()
        self._count = 0
        self._blocks: LRUCache[int, Sequence[Hit]] = LRUCache(64)
        self._read: Collection[str] = frozenset()
        self._bookmarked: Collection[str] = frozenset()
        self.glyphs: Glyphs = UNICODE
        self.painted = 0  # frames drawn since the last set_hits (read by the benchmark)

    # -- data -----------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return self._count

    def set_hits(self, hits: Sequence[Hit], *, cursor: int = 0, empty: list[Text] | None = None):
        """Show new hits with the cursor on ``cursor``; ``empty`` says what to try when none."""
        self._hits = hits
        self._count = len(hits)
        self._blocks.clear()
        self.painted = 0
        self.reset_rows(cursor, empty=empty)

    def set_marks(self, read: Collection[str], bookmarked: Collection[str]) -> None:
        self._read = read
        self._bookmarked = bookmarked
        self.redraw()

    def hit_at(self, row: int) -> Hit | None:
        if not 0 <= row < self._count:
            return None
        block = row // BLOCK
        hits = self._blocks.get(block)
        if hits is None:
            hits = self._hits[block * BLOCK : (block + 1) * BLOCK]
            self._blocks[block] = hits
        offset = row - block * BLOCK
        return hits[offset] if offset < len(hits) else None

    @property
    def current(self) -> Hit | None:
        return self.hit_at(self.cursor)

    # -- drawing --------------------------------------------------------------------------------

    def render_line(self, y: int):
        if y == 0:
            self.painted += 1
        return super().render_line(y)

    def render_row(self, row: int, width: int, cursor: bool) -> Text:
        hit = self.hit_at(row)
        style = self.component_style("paper-list--cursor") if cursor else ""
        text = Text(no_wrap=True, end="", style=style)
        if hit is None:
            return text
        paper = hit.paper
        unread = paper.key not in self._read
        marked = paper.key in self._bookmarked
        # On the cursor row only the cursor's colours count (legible in 16 colours): marks
        # are symbols and matches are underlined.
        plain = cursor
        text.append(self.glyphs.unread if unread else " ", "" if plain else self._style("unread"))
        text.append(" ")
        text.append(
            self.glyphs.bookmark if marked else " ", "" if plain else self._style("bookmark")
        )
        text.append(" ")
        meta = ""
        if width >= WIDE:
            first = str(paper.first_seen) if paper.first_seen else ""
            meta = f"  {first:>10} {paper.seen:>3}{self.glyphs.times}"
        elif width >= 30:
            meta = f" {paper.seen:>2}{self.glyphs.times}"
        room = max(1, width - text.cell_len - len(meta))
        match = self._style("cursor-match" if plain else "match")
        base = self._style("read") if not unread and not plain else ""
        title = title_text(paper.title, hit.spans, match, base)
        clip(title, room, self.glyphs, pad=True)
        text.append_text(title)
        text.append(meta, "" if plain else self._style("meta"))
        return text

    def _style(self, name: str):
        return self.component_style(f"paper-list--{name}", partial=True)

    # -- events ---------------------------------------------------------------------------------

    def on_cursor_moved(self, row: int) -> None:
        self.post_message(self.Highlighted(self, self.hit_at(row), row))

    def on_row_chosen(self, row: int) -> None:
        hit = self.hit_at(row)
        if hit is not None:
            self.post_message(self.Chosen(self, hit, row))
