"""One store as a reader sees it: search with stale-query skipping, details, marks, sync.

Safe across threads: the CLI calls it directly, the TUI from its database and sync threads.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import paperterm.reader.jobs as jobs
from paperterm.models import FilterCounts, Hit, Marks, PaperDetail, SearchResult
from paperterm.reader import triage
from paperterm.reader.pages import NewestFirst
from paperterm.reader.views import ViewsMixin
from paperterm.store import Store, appearances_of, digest_dates, get_paper, stats
from paperterm.store.links import found_links
from paperterm.store.listing import newest_position
from paperterm.store.papers import paper_count

if TYPE_CHECKING:  # search, bookmarks and sync load in a worker: the first frame waits for none
    from paperterm.bookmarks import Bookmarks
    from paperterm.config import Config
    from paperterm.search import SearchService
    from paperterm.sync import ProgressCallback, SyncReport

KEEP_LOOKAHEAD = 1000  # where to look for the kept paper in the quick newest-first list


class Library(ViewsMixin):
    """One store as the reader sees it. ``open()`` is slow at 100k papers: call it in a worker."""

    def __init__(self, store: Store, trending_days: int = 7) -> None:
        self.store = store
        self.trending_days = trending_days  # config [discover] trending_days
        self._bookmarks: Bookmarks | None = None
        self._search: SearchService | None = None
        self._search_lock = threading.Lock()
        self._generation = 0
        self._fingerprint: tuple = ()

    # -- opening -----------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """True once the search index is built."""
        return self._search is not None

    def open(self) -> None:
        """Build the search index (seconds at 100k papers)."""
        with self._search_lock:
            if self._search is None:
                self._open_search()

    @property
    def bookmarks(self) -> Bookmarks:
        """The user-data service (reading lists, notes, read state) of this store."""
        if self._bookmarks is None:
            from paperterm.bookmarks import Bookmarks

            self._bookmarks = Bookmarks(self.store)
        return self._bookmarks

    def _open_search(self) -> None:
        from paperterm.search import SearchService

        self._fingerprint = self._library_fingerprint()
        self._search = SearchService(self.store, trending_days=self.trending_days)

    def warm_orders(self, names: tuple[str, ...] | None = None) -> None:
        """Sort the index by every order, or by ``names`` (seconds at 100k papers for all):
        switching is instant."""
        search = self._search  # not under the search lock: a keystroke's search goes first
        if search is not None:
            search.warm_orders(names)

    def trend_window(self) -> str:
        """The Trending view's digest days as a ``date:`` range, "" without digests."""
        from paperterm.discover.trending import window

        span = window(self.store, self.trending_days)
        return f"{span[0].isoformat()}..{span[1].isoformat()}" if span else ""

    def is_empty(self) -> bool:
        """True when the store holds no paper (see ``reader.is_empty``)."""
        return jobs.is_empty(self.store)

    # -- searching ---------------------------------------------------------------------------

    def newest_first(self, keep: str | None = None) -> tuple[SearchResult, int]:
        """Every paper newest first without the index, and where ``keep`` is (0 if far)."""
        total = paper_count(self.store.conn)  # not stats(): its nine counts are for the stats view
        hits = NewestFirst(self.store, total)
        found = newest_position(self.store.conn, keep, KEEP_LOOKAHEAD) if keep else -1
        return SearchResult(hits, total), max(0, found)

    def first_page(
        self, keep: str | None, newest: bool
    ) -> tuple[Marks, tuple[SearchResult, int] | None]:
        """What the reader's first frame shows before the index is open: the marks and, when
        ``newest`` (no saved query or filter), every paper newest first with ``keep``'s row."""
        return self.marks(), self.newest_first(keep) if newest else None

    def next_generation(self) -> int:
        """A number for the newest query; older queries still waiting are skipped."""
        self._generation += 1
        return self._generation

    def is_current(self, generation: int) -> bool:
        """True when no newer query was asked for since ``generation``."""
        return generation == self._generation

    def search(self, query: str, generation: int | None = None) -> SearchResult | None:
        """Run ``query``; None when a newer query was asked for while this one waited."""
        with self._search_lock:
            if generation is not None and generation != self._generation:
                return None
            if self._search is None:
                self._open_search()
            assert self._search is not None
            result = self._search.search(query)
        return dataclasses.replace(result, query=query)

    # -- reading -----------------------------------------------------------------------------

    def detail(self, key: str) -> PaperDetail | None:
        """The full paper with its digests, lists, note, marks and stored links; None when it
        is gone."""
        conn = self.store.conn
        paper = get_paper(conn, key)
        if paper is None:
            return None
        note = self.bookmarks.note(paper.key)
        lists = tuple(self.bookmarks.lists_of(paper.key))
        return PaperDetail(
            paper=paper,
            appearances=tuple(appearances_of(conn, paper.id)),
            lists=lists,
            note=note.body if note else None,
            read=self.bookmarks.is_read(paper.key),
            bookmarked=bool(lists),
            found_links=tuple(found_links(conn, paper.id)),
            why=self.why(paper.key),
        )

    def detail_at(self, hits: Sequence[Hit], row: int) -> PaperDetail | None:
        """The detail of the paper at ``row`` of ``hits`` (None past the end or when gone)."""
        found = hits[row : row + 1]
        return self.detail(found[0].paper.key) if found else None

    def open_paper(self, key: str, mark_read: bool) -> PaperDetail | None:
        """The paper as the reading view opens it, marked read first when ``mark_read``."""
        detail = self.detail(key)
        if detail is None or not mark_read or detail.read:
            return detail
        self.bookmarks.set_read(key, True)
        return self.detail(key) or detail

    def marks(self) -> Marks:
        return Marks(
            read=set(self.bookmarks.read_keys()),
            bookmarked=self.bookmarks.bookmarked_keys(),
            new=triage.new_keys(self.store, triage.visit(self.store)),
        )

    def filter_counts(self) -> FilterCounts:
        figures = stats(self.store.conn)
        total = int(figures["papers"])
        since = triage.visit(self.store)
        new = triage.new_keys(self.store, since)
        read = self.bookmarks.read_keys() if new else set()
        return FilterCounts(
            new=len(new),
            new_unread=len(new - read),
            since=since,
            saved=self.saved_counts() if self.ready else (),
            total=total,
            unread=max(0, total - int(figures["read"])),
            bookmarked=int(figures["bookmarked"]),
            lists=tuple((lst.name, lst.count) for lst in self.bookmarks.lists()),
            digests=tuple(digest_dates(self.store.conn)),
        )

    def record_visit(self) -> None:
        """Remember now as the last visit: papers stored later are new next time."""
        triage.record(self.store)

    # -- syncing and watching ------------------------------------------------------------------

    def sync(self, config: Config, progress: ProgressCallback | None = None) -> SyncReport | None:
        """Sync every enabled configured source, or the sample when the sample rule says so;
        None when there is nothing to sync."""
        from paperterm.sync.sources.configured import configured_jobs

        todo = configured_jobs(config) if config.readable else []
        if not todo:
            if not jobs.sample_wanted(config, self.store):
                return None
            todo = [jobs.sample_job()]
        return jobs.run_jobs(self.store, todo, progress)

    def load_sample(self, progress: ProgressCallback | None = None) -> SyncReport:
        """Sync the bundled sample digests (asked for: a removed sample comes back)."""
        jobs.clear_sample_removed(self.store)
        return jobs.run_jobs(self.store, [jobs.sample_job()], progress)

    def data_version(self) -> int:
        """Changes when another connection commits (a worker's sync, a cron job)."""
        return self.store.data_version()

    def _library_fingerprint(self) -> tuple:
        f = stats(self.store.conn)
        return (f["papers"], f["digests"], f["appearances"], f["sources"], f["last_date"])

    def refresh(self, paper_ids: Iterable[int] | None = None) -> bool:
        """Bring the search index up to date; True when papers changed since last time."""
        fingerprint = self._library_fingerprint()
        changed = fingerprint != self._fingerprint or paper_ids is not None
        with self._search_lock:
            self._fingerprint = fingerprint
            if self._search is None:
                self._open_search()
            elif changed:
                self._search.refresh(paper_ids)
        return changed
