"""Loading the main screen's library: open, refresh after syncs, search, watch the store."""

from __future__ import annotations

import asyncio
import contextlib
import time
from asyncio import wrap_future
from collections.abc import Iterable, Sequence
from functools import partial

from textual import work
from textual.css.query import NoMatches
from textual.worker import WorkerCancelled, WorkerFailed

from paperterm.models import Hit, PaperDetail, SearchResult
from paperterm.reader import Library, position_of
from paperterm.tui.background import Background
from paperterm.tui.empty import building, foryou_empty, unreadable
from paperterm.tui.filters import ALL
from paperterm.tui.first_page import resume_gc
from paperterm.tui.messages import LibraryLoaded, SearchDone
from paperterm.tui.render import line
from paperterm.tui.screens.paper_screen import PaperScreen
from paperterm.tui.widgets.paper_list import Listing, block_of

POLL_SECONDS = 2.0
WARM_IDLE = 1.0  # seconds without a search before the index is sorted by another order
WARM_GAP = 0.05  # seconds between two orders: a keystroke meanwhile goes first
WARMED = ("newest", "oldest", "seen", "upvotes", "title")  # every fixed sort order
WARMER = Background("paperterm-warm")  # sorts one order at a time, for every reader
FIRST_PAINT_WAIT = 0.5  # seconds the index waits for the quick list to be painted


def read_ahead(
    library: Library, hits: Sequence[Hit], cursor: int, shown: int
) -> tuple[PaperDetail | None, tuple[int, Sequence[Hit]]]:
    """On the database thread, after a search: the paper at ``cursor`` and the ``shown``
    hits from it, so the UI thread only draws them."""
    return library.detail_at(hits, cursor), block_of(hits, cursor, shown)


class LibraryLoading(PaperScreen):
    """The main screen's loading half: every store call is awaited on the database thread.

    Subclasses hold the reactive state it fills (``listing``, ``marks``, ``counts``) and the
    panes (``paper_list``).
    """

    loaded = False
    _version = -1
    trend_window = ""  # the Trending view's digest days ("2026-03-08..2026-03-14")
    _warm_pending = False  # sort the new index by every order once the list is painted
    _warm_todo: list[str] = []  # orders still to sort, one per idle moment (never mutated)
    _searched_at = 0.0  # time.monotonic() of the last search asked for

    @work(exclusive=True, group="load")
    async def _load(
        self, papers_changed: bool, keep: str | None = None, ids: Iterable[int] | None = None
    ) -> None:
        """Open (or refresh) the library, then reload marks and figures and search again."""
        try:
            await self._load_library(papers_changed, keep, ids)
        except Exception as exc:  # a broken store or index: say so, keep the reader up
            why = f"{type(exc).__name__}: {exc}"
            self.say(f"Could not read the library. Why: {why}. Next: paperterm rebuild.", "error")
            if self.result is None:
                self.listing = Listing(empty=unreadable(why))

    async def _load_library(self, papers_changed: bool, keep: str | None, ids) -> None:
        library, in_db, paper_list = self.library, self.papp.in_db, self.paper_list
        if not library.ready:
            try:
                quick_cursor = await self._first_page(keep)
            finally:
                resume_gc()  # paused for the start (see tui.run)
            await in_db(library.open)
            papers_changed = True
            moved = quick_cursor >= 0 and paper_list.cursor != quick_cursor
            if moved and paper_list.current is not None:
                keep = paper_list.current.paper.key  # the user moved meanwhile
        elif papers_changed or ids is not None:
            papers_changed = await in_db(library.refresh, ids)
        if papers_changed:
            # The search index is hundreds of thousands of long-lived objects: frozen, no
            # collection walks them again, and from now on collections wait for a pause in
            # the input (tui/collector.py). After a sync, the old index is let go first.
            self.papp.collector.take_over(collect=self.loaded)
            self._warm_pending = True
        marks = self.marks = await in_db(library.marks)
        if keep is None and paper_list.current is not None:
            keep = paper_list.current.paper.key
        # The list first; the figures (~0.6 s at 1M papers) on a thread of their own, so a
        # query typed meanwhile does not wait for them.
        with contextlib.suppress(WorkerCancelled, WorkerFailed):  # typing started a newer one
            await self._search(keep=keep, hint=max(0, paper_list.cursor)).wait()
        if papers_changed:
            self.trend_window = await self.papp.in_figures(library.trend_window)
        counts = await self.papp.in_figures(library.filter_counts)
        self.post_message(LibraryLoaded(marks, counts, papers_changed))

    async def _first_page(self, keep: str | None) -> int:
        """Every paper newest first straight from the store, on screen while the search
        index opens; the cursor's row in it (-1: a query or filter is saved, no such list).
        """
        library = self.library
        newest = not self.query_text.strip() and self.active_filter == ALL
        generation = library.next_generation()
        early = self.papp.first_page.take(keep, newest)  # read while Textual started
        if early is None:
            self.marks, quick = await self.papp.in_db(library.first_page, keep, newest)
        else:  # done by now unless the store is slow: no await, the rows make the first frame
            self.marks, quick = early.result() if early.done() else await wrap_future(early)
        if quick is None:
            return -1
        result, cursor = quick
        self.post_message(SearchDone(generation, result, cursor))
        # The index opens once these rows are painted: its imports (numpy, rapidfuzz) hold
        # the GIL for ~0.1 s and made the first frame wait for them.
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.wait_for_refresh(), FIRST_PAINT_WAIT)
        return cursor

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.loaded = True
        self.marks = message.marks
        self.counts = message.counts
        self._drop_missing_list()

    def _drop_missing_list(self) -> None:
        """The filtered list was renamed or deleted elsewhere: back to All, and say so."""
        flt = self.active_filter
        if flt.kind != "list" or self.counts is None:
            return
        names = {name.casefold() for name, _ in self.counts.lists}
        if flt.value.casefold() in names:
            return
        self.active_filter = ALL
        quoted = self.papp.glyphs.quote(line(flt.value))
        self.say(
            f"The list {quoted} is gone (renamed or deleted elsewhere): showing all papers.",
            "warning",
        )

    @work(exclusive=True, group="counts")
    async def _reload_counts(self) -> None:
        self.counts = await self.papp.in_figures(self.library.filter_counts)

    @work(exclusive=True, group="search")
    async def _search(self, keep: str | None = None, hint: int = 0) -> None:
        library = self.library
        self._searched_at = time.monotonic()
        generation = library.next_generation()
        result = await self._view_result(generation)
        if result is None:
            return
        cursor = 0
        if keep:
            found = await self.papp.in_db(position_of, result.hits, keep, hint)
            cursor = found if found >= 0 else min(hint, max(0, result.total - 1))
        try:
            shown = self.paper_list.size.height
        except NoMatches:
            return  # the reader is closing (its panes are gone): nobody waits for these hits
        detail, block = await self.papp.in_db(read_ahead, library, result.hits, cursor, shown)
        self.post_message(SearchDone(generation, result, cursor, detail, block, keep))
        if self._warm_pending:
            self._warm_pending = False
            self._warm_todo = list(WARMED)
            self.set_timer(WARM_IDLE, self._warm_next)

    async def _warm_next(self) -> None:
        """Sort the new index by one more order once nobody searched for WARM_IDLE seconds.

        All orders at once held the database thread for 0.5-1.6 s at 100k papers right
        after the first paint, and the first keystrokes' searches queued behind it.
        """
        if not self._warm_todo:
            return
        idle = time.monotonic() - self._searched_at
        if idle < WARM_IDLE:
            self.set_timer(WARM_IDLE - idle, self._warm_next)
            return
        name = self._warm_todo.pop(0)
        # Its own thread, outside the search lock: a search typed meanwhile does not wait for
        # a sort (the title order of 1M papers takes a second).
        await WARMER.run(partial(self.library.warm_orders, (name,)))
        self.set_timer(WARM_GAP, self._warm_next)

    async def _view_result(self, generation: int) -> SearchResult | None:
        """The current view's hits: a query, or the related / For-you views of discovery."""
        library, in_db, flt = self.library, self.papp.in_db, self.active_filter
        if flt.kind in ("foryou", "related"):
            if flt.kind == "foryou":
                message = await in_db(library.foryou_message)
                if message is not None:
                    self.listing = Listing(empty=foryou_empty(message, self.key_of))
                    return None
            if not library.discover_ready:
                self.listing = Listing(empty=building(self.papp.glyphs.ellipsis))
                self._build_discover()
                return None
            if flt.kind == "related":
                return await in_db(library.related_view, flt.value)
            await in_db(library.foryou_why)
        return await in_db(library.search, self.full_query(), generation)

    @work(thread=True, exclusive=True, group="discover")
    def _build_discover(self) -> None:
        """The discovery index in a thread of its own: the database thread stays free."""
        try:
            self.library.build_discover()
        except Exception as exc:
            self.app.call_from_thread(
                self.say, f"Could not build the discovery index. Why: {exc}", "error"
            )
            return
        self.app.call_from_thread(self._search)

    def reload(self, paper_ids: Iterable[int] | None = None) -> None:
        """After a sync here or elsewhere: refresh, search again, keep the cursor's paper."""
        self._version = self.library.data_version()
        self._load(papers_changed=True, ids=paper_ids)

    def _poll(self) -> None:
        if self.papp.syncing or not self.loaded:
            return
        version = self.library.data_version()
        if version != self._version:
            self._version = version
            self._load(papers_changed=True)
