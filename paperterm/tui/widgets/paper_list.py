"""The paper list: one row per hit (marks, title with match spans, the order's date, times seen)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.message import Message
from textual.reactive import reactive

from paperterm.models import Hit, Marks, SearchResult
from paperterm.tui.render import UNICODE, Glyphs, clip, title_text
from paperterm.tui.widgets.cursor_list import CursorList

BLOCK = 64  # hits fetched from a (possibly lazy) result sequence at a time
WIDE = 60  # below this width the date column is dropped
NEW_MARK = ("✦", "N")  # new since the last visit (and unread): Unicode, ASCII
UPVOTE_MARK = ("▲", "^")  # upvotes on Hugging Face, when known


def new_mark(glyphs: Glyphs) -> str:
    """The mark of a new paper in this glyph set."""
    return NEW_MARK[1] if glyphs.unread.isascii() else NEW_MARK[0]


def upvotes_cell(upvotes: int | None, glyphs: Glyphs) -> str:
    """``▲123`` (``^123`` in ASCII; ``▲1.2k`` past 999), or "" when the upvotes are unknown."""
    if upvotes is None or upvotes < 0:
        return ""
    mark = UPVOTE_MARK[1] if glyphs.unread.isascii() else UPVOTE_MARK[0]
    if upvotes >= 1000:
        figure = f"{upvotes / 1000:.1f}".removesuffix(".0") + "k"
        figure = figure if len(figure) <= 4 else f"{upvotes // 1000}k"
    else:
        figure = str(upvotes)
    return f"{mark}{figure}"


def block_of(hits: Sequence[Hit], row: int, shown: int = BLOCK) -> tuple[int, Sequence[Hit]]:
    """The block of ``hits`` that holds ``row``: its number and its hits (made when lazy).

    ``shown``: the rows on screen from ``row``; the block then ends with them (a hit's
    highlight is most of its making), and the list makes the rest if it is scrolled there.
    """
    block = max(0, row) // BLOCK
    start = block * BLOCK
    return block, hits[start : start + min(BLOCK, max(0, row) - start + max(1, shown))]


@dataclass(frozen=True)
class Listing:
    """What the list shows: a search result, where the cursor goes, what to say when empty.

    ``empty`` is plain text: the first line as is, the rest dimmed (the "Try:" hints).
    ``block``: the cursor's ``block_of`` the hits, made off the UI thread (None: made here).
    """

    result: SearchResult = field(default_factory=SearchResult)
    cursor: int = 0
    empty: tuple[str, ...] = ()
    block: tuple[int, Sequence[Hit]] | None = None


class PaperList(CursorList):
    """A virtual list of search hits bound to the screen's listing and marks; posts messages."""

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
        "paper-list--new",
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

    listing: reactive[Listing] = reactive(Listing, init=False)
    marks: reactive[Marks] = reactive(Marks, init=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._hits: Sequence[Hit] = ()
        self._count = 0
        self._blocks: LRUCache[int, Sequence[Hit]] = LRUCache(64)
        self.glyphs: Glyphs = UNICODE
        self.painted = 0  # frames drawn since the last listing (read by the benchmark)

    # -- data -----------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return self._count

    def watch_listing(self, listing: Listing) -> None:
        self._hits = listing.result.hits
        self._count = len(self._hits)
        self._blocks.clear()
        if listing.block is not None:
            self._blocks[listing.block[0]] = listing.block[1]
        self.painted = 0
        empty = [Text(text, style="dim" if i else "") for i, text in enumerate(listing.empty)]
        self.reset_rows(listing.cursor, empty=empty)

    def watch_marks(self) -> None:
        self.redraw()

    def hit_at(self, row: int) -> Hit | None:
        if not 0 <= row < self._count:
            return None
        block = row // BLOCK
        hits = self._blocks.get(block)
        if hits is None or row - block * BLOCK >= len(hits):  # none yet, or a screenful
            block, hits = block_of(self._hits, row)
            self._blocks.discard(block)  # set() keeps a key's first value
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

    KEEPS_ROWS = True

    def row_key(self, row: int) -> Hashable:
        hit = self.hit_at(row)
        if hit is None:
            return ()
        paper = hit.paper
        key = paper.key
        marks = self.marks
        return (
            key,
            paper.title,
            hit.spans,
            paper.seen,
            paper.upvotes,
            self.listing.result.date_of(hit),
            key in marks.read,
            key in marks.bookmarked,
            key in marks.new,
        )

    def render_row(self, row: int, width: int, cursor: bool) -> Text:
        hit = self.hit_at(row)
        style = self.component_style("paper-list--cursor") if cursor else ""
        text = Text(no_wrap=True, end="", style=style)
        if hit is None:
            return text
        paper = hit.paper
        unread = paper.key not in self.marks.read
        marked = paper.key in self.marks.bookmarked
        # On the cursor row only the cursor's colours count (legible in 16 colours): marks
        # are symbols and matches are underlined.
        plain = cursor
        if unread and paper.key in self.marks.new:
            text.append(new_mark(self.glyphs), "" if plain else self._style("new"))
        else:
            mark = self.glyphs.unread if unread else " "
            text.append(mark, "" if plain else self._style("unread"))
        text.append(" ")
        text.append(
            self.glyphs.bookmark if marked else " ", "" if plain else self._style("bookmark")
        )
        text.append(" ")
        meta = ""
        # A paper in no digest (kept from a backup) shows "-", never "0x".
        seen = f"{paper.seen}{self.glyphs.times}" if paper.seen else "-"
        votes = upvotes_cell(paper.upvotes, self.glyphs)
        if width >= WIDE:
            day = self.listing.result.date_of(hit)
            votes = f"  {votes:>5}" if votes else ""
            meta = f"{votes}  {str(day) if day else '':>10} {seen:>{3 + len(self.glyphs.times)}}"
        elif width >= 30:
            meta = f"{' ' + votes if votes else ''} {seen:>{2 + len(self.glyphs.times)}}"
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
