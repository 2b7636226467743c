"""The reader's view of the core: search, marks, details, user data and sync, safe across threads.

Screens call this from workers; it imports the core's public API only and no Textual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from paperterm.models import Hit
from paperterm.store import (
    Store,
    appearances_of,
    digest_dates,
    get_paper,
    iter_papers,
    papers_by_ids,
    stats,
)
from paperterm.store.papers import NEWEST_FIRST  # the order the search shows with no query
from paperterm.tui.views import FilterCounts, Marks, PaperDetail

if TYPE_CHECKING:
    from paperterm.config import Config
    from paperterm.sync import SyncProgress, SyncReport


@dataclass(frozen=True)
class SearchOutcome:
    """What one query found: hits (possibly a lazy sequence), their total, or an error."""

    query: str
    hits: Sequence[Hit]
    total: int
    error: str | None = None
    total_is_estimate: bool = False  # the search stopped counting: show "N+"


class NewestFirst(Sequence[Hit]):
    """Every paper, newest first, read from the store a page at a time.

    Shown while the search index is still being built (seconds at 100k papers), so the list
    is on screen at once; the first pages cost a millisecond, deep pages more.
    """

    def __init__(self, store: Store, total: int) -> None:
        self.store = store
        self.total = total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            start, stop, step = index.indices(self.total)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return self._page(start, max(0, stop - start))
        if index < 0:
            index += self.total
        if not 0 <= index < self.total:
            raise IndexError(index)
        return self._page(index, 1)[0]

    def _page(self, offset: int, count: int) -> list[Hit]:
        if count <= 0:
            return []
        conn = self.store.conn
        ids = [
            row[0]
            for row in conn.execute(
                f"SELECT id FROM papers ORDER BY {NEWEST_FIRST} LIMIT ? OFFSET ?", (count, offset)
            )
        ]
        papers = papers_by_ids(conn, ids)
        return [Hit(papers[i], 0.0) for i in ids if i in papers]


class Library:
    """One store as the reader sees it. ``open()`` is slow at 100k papers: call it in a worker."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._search = None
        self._bookmarks = None
        self._search_lock = threading.Lock()
        self._generation = 0
        self._fingerprint: tuple = ()

    # -- opening -----------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self._search is not None and self._bookmarks is not None

    def open(self) -> None:
        """Build the search index and the bookmarks service (imports them lazily)."""
        from paperterm.bookmarks import Bookmarks
        from paperterm.search import SearchService

        with self._search_lock:
            if self._bookmarks is None:
                self._bookmarks = Bookmarks(self.store)
            if self._search is None:
                self._fingerprint = self._library_fingerprint()
                self._search = SearchService(self.store)

    @property
    def bookmarks(self):
        if self._bookmarks is None:
            from paperterm.bookmarks import Bookmarks

            self._bookmarks = Bookmarks(self.store)
        return self._bookmarks

    def is_empty(self) -> bool:
        """True when the store holds no paper yet (nothing was ever synced)."""
        return next(iter_papers(self.store.conn, newest_first=False), None) is None

    # -- searching ---------------------------------------------------------------------------

    def newest_first(self, keep: str | None = None) -> tuple[SearchOutcome, int]:
        """Every paper newest first without the index, and where ``keep`` is (0 if far)."""
        total = int(stats(self.store.conn)["papers"])
        hits = NewestFirst(self.store, total)
        cursor = 0
        if keep:
            for i, hit in enumerate(hits[:1000]):
                if hit.paper.key == keep:
                    cursor = i
                    break
        return SearchOutcome("", hits, total), cursor

    def next_generation(self) -> int:
        """A number for the newest query; older queries still waiting are skipped."""
        self._generation += 1
        return self._generation

    def is_current(self, generation: int) -> bool:
        """True when no newer query was asked for since ``generation``."""
        return generation == self._generation

    def search(self, query: str, generation: int | None = None) -> SearchOutcome | None:
        """Run ``query``; None when a newer query was asked for while this one waited."""
        with self._search_lock:
            if generation is not None and generation != self._generation:
                return None
            if self._search is None:
                self._open_search()
            result = self._search.search(query)
        estimate = bool(getattr(result, "total_is_estimate", False))
        return SearchOutcome(query, result.hits, result.total, result.error, estimate)

    def _open_search(self) -> None:
        from paperterm.search import SearchService

        self._fingerprint = self._library_fingerprint()
        self._search = SearchService(self.store)

    @staticmethod
    def find(hits: Sequence[Hit], key: str | None, hint: int = 0, limit: int = 200_000) -> int:
        """The index of the paper ``key`` in ``hits`` (near ``hint`` first), or -1."""
        if not key or not len(hits):
            return -1
        n = len(hits)
        for reach in (200, 5000):  # a sync adds papers above it: look near where it was first
            lo, hi = max(0, hint - reach), min(n, hint + reach)
            for i, hit in enumerate(hits[lo:hi], start=lo):
                if hit.paper.key == key:
                    return i
        for start in range(0, min(n, limit), 1000):
            for i, hit in enumerate(hits[start : start + 1000], start=start):
                if hit.paper.key == key:
                    return i
        return -1

    # -- reading -----------------------------------------------------------------------------

    def detail(self, key: str) -> PaperDetail | None:
        """The full paper with its digests, lists, note and marks."""
        conn = self.store.conn
        paper = get_paper(conn, key)
        if paper is None:
            return None
        bm = self.bookmarks
        note = bm.note(paper.key)
        lists = tuple(bm.lists_of(paper.key))
        return PaperDetail(
            paper=paper,
            appearances=tuple(appearances_of(conn, paper.id)),
            lists=lists,
            note=note.body if note else None,
            read=bm.is_read(paper.key),
            bookmarked=bool(lists),
        )

    def marks(self) -> Marks:
        bm = self.bookmarks
        return Marks(read=set(bm.read_keys()), bookmarked=set(bm.bookmarked_keys()))

    def filter_counts(self) -> FilterCounts:
        bm = self.bookmarks
        figures = stats(self.store.conn)
        total = int(figures["papers"])
        return FilterCounts(
            total=total,
            unread=max(0, total - int(figures["read"])),
            bookmarked=int(figures["bookmarked"]),
            lists=tuple((lst.name, lst.count) for lst in bm.lists()),
            digests=tuple(digest_dates(self.store.conn)),
        )

    def list_names(self) -> list[tuple[str, int]]:
        return [(lst.name, lst.count) for lst in self.bookmarks.lists()]

    # -- user data (small durable writes, done on the caller's thread) ----------------------

    def toggle_bookmark(self, key: str) -> bool:
        """Toggle the default list; True when the paper is now in the default list."""
        return bool(self.bookmarks.toggle_bookmark(key))

    def toggle_read(self, key: str) -> bool:
        return self.bookmarks.toggle_read(key)

    def set_read(self, key: str, read: bool = True) -> None:
        self.bookmarks.set_read(key, read)

    def lists_of(self, key: str) -> list[str]:
        return list(self.bookmarks.lists_of(key))

    def add_to_list(self, key: str, name: str) -> None:
        self.bookmarks.add_to_list(key, name, create=True)

    def remove_from_list(self, key: str, name: str) -> None:
        self.bookmarks.remove_from_list(key, name)

    def is_bookmarked(self, key: str) -> bool:
        return self.bookmarks.is_bookmarked(key)

    def note(self, key: str) -> str:
        note = self.bookmarks.note(key)
        return note.body if note else ""

    def set_note(self, key: str, body: str) -> None:
        self.bookmarks.set_note(key, body)

    # -- syncing and watching ------------------------------------------------------------------

    def sync(
        self, config: Config, progress: Callable[[SyncProgress], None] | None = None
    ) -> SyncReport | None:
        """Sync every enabled configured source (the sample into an empty store when none is
        configured) under the store's sync lock; None when there is nothing to sync."""
        from paperterm.sync.sources.configured import configured_jobs

        jobs = configured_jobs(config) if config.readable else []
        if not jobs:
            if not self.is_empty():
                return None
            return self.load_sample(progress)
        return self._run_jobs(jobs, progress)

    def load_sample(self, progress: Callable[[SyncProgress], None] | None = None) -> SyncReport:
        """Sync the bundled sample digests."""
        from paperterm.paths import sample_dir
        from paperterm.sync.sources.configured import folder_job

        return self._run_jobs([folder_job("sample", [sample_dir()])], progress)

    def _run_jobs(self, jobs, progress) -> SyncReport:
        from paperterm.sync import SyncReport
        from paperterm.sync.lock import sync_lock

        report = SyncReport()
        with sync_lock(self.store.path):
            for job in jobs:
                report.merge(job.run(self.store, progress))
        return report

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
