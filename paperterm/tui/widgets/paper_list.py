"""The paper list: one row per hit (marks, title with match spans, the order's date, times seen)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from paperterm.models import Hit, Marks, SearchResult
from paperterm.tui.render import UNICODE, Glyphs, clip, line, title_text
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
class _Row:
    """A row's pieces: marks and the figures column (text, style), the title's styles."""

    mark: tuple[str, Style | str]
    bookmark: tuple[str, Style | str]
    meta: tuple[str, Style | str]
    match: Style | str
    read: Style | str


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

    def _row(self, hit: Hit, width: int, cursor: bool) -> _Row:
        """What a row shows, in pieces (see ``render_row`` and ``row_strip``)."""
        paper = hit.paper
        unread = paper.key not in self.marks.read
        marked = paper.key in self.marks.bookmarked
        # On the cursor row only the cursor's colours count (legible in 16 colours): marks
        # are symbols and matches are underlined.
        plain = cursor
        none = ""
        if unread and paper.key in self.marks.new:
            mark = (new_mark(self.glyphs), none if plain else self._style("new"))
        else:
            mark = (self.glyphs.unread if unread else " ", none if plain else self._style("unread"))
        bookmark = self.glyphs.bookmark if marked else " "
        bookmark_style = none if plain else self._style("bookmark")
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
        return _Row(
            mark,
            (bookmark, bookmark_style),
            (meta, none if plain else self._style("meta")),
            self._style("cursor-match" if plain else "match"),
            self._style("read") if not unread and not plain else none,
        )

    def render_row(self, row: int, width: int, cursor: bool) -> Text:
        hit = self.hit_at(row)
        style = self.component_style("paper-list--cursor") if cursor else ""
        text = Text(no_wrap=True, end="", style=style)
        if hit is None:
            return text
        parts = self._row(hit, width, cursor)
        text.append(*parts.mark)
        text.append(" ")
        text.append(*parts.bookmark)
        text.append(" ")
        room = max(1, width - text.cell_len - len(parts.meta[0]))
        title = title_text(hit.paper.title, hit.spans, parts.match, parts.read)
        clip(title, room, self.glyphs, pad=True)
        text.append_text(title)
        text.append(*parts.meta)
        return text

    def row_strip(self, row: int, width: int, cursor: bool, base: Style) -> Strip | None:
        """``render_row`` as a Strip, straight from its pieces for a plain ASCII title
        (the Text and its render were most of a row's cost); None: use ``render_row``."""
        hit = self.hit_at(row)
        if hit is None:
            return None
        parts = self._row(hit, width, cursor)
        meta, meta_style = parts.meta
        title = line(hit.paper.title)
        room = width - 4 - len(meta)
        glyphs = parts.mark[0] + parts.bookmark[0]
        if room < 2 or not title.isascii() or cell_len(glyphs) != 2 or cell_len(meta) != len(meta):
            return None  # narrow, or cells that are not one per character
        row_style = base + (self.component_style("paper-list--cursor") if cursor else Style())
        ellipsis = self.glyphs.ellipsis
        cut = ""
        if len(title) > room:
            cut = ellipsis if len(ellipsis) < room else ellipsis[:1]
            title = title[: room - len(cut)]
        read = parts.read or None
        matched = Style.combine([read, parts.match]) if read else parts.match

        def piece(text: str, style: Style | str) -> Segment:
            return Segment(text, row_style + style if style else row_style)

        space = Segment(" ", row_style)
        segments = [piece(*parts.mark), space, piece(*parts.bookmark), space]
        plain_style = row_style + read if read else row_style
        match_style = row_style + matched
        at = 0
        for start, end in hit.spans:
            start, end = max(at, int(start)), min(len(title), int(end))
            if start < end:
                if at < start:
                    segments.append(Segment(title[at:start], plain_style))
                segments.append(Segment(title[start:end], match_style))
                at = end
        rest = title[at:] + cut + " " * (room - len(title) - len(cut))
        segments.append(Segment(rest, plain_style))
        segments.append(piece(meta, meta_style))
        return Strip(segments, width)

    def _style(self, name: str):
        return self.component_style(f"paper-list--{name}", partial=True)

    # -- events ---------------------------------------------------------------------------------

    def on_cursor_moved(self, row: int) -> None:
        self.post_message(self.Highlighted(self, self.hit_at(row), row))

    def on_row_chosen(self, row: int) -> None:
        hit = self.hit_at(row)
        if hit is not None:
            self.post_message(self.Chosen(self, hit, row))
