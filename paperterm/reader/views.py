"""The reader's views beyond a query: marking a view read, saved searches, related, for you."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from paperterm.models import Hit, SearchResult
from paperterm.reader import triage

if TYPE_CHECKING:
    from paperterm.bookmarks import Bookmarks
    from paperterm.bookmarks.read_state import ReadUndo
    from paperterm.store import Store

RELATED_LIMIT = 100  # papers in the related view
WHY_LIMIT = 500  # For-you picks whose "why" words are kept for the detail pane


class ViewsMixin:
    """The part of Library behind the triage and discovery keys (all run off the UI thread)."""

    store: Store
    bookmarks: Bookmarks
    _discover_lock = threading.Lock()
    _discover_built = False
    _why: dict[str, tuple[str, ...]]

    def search(self, query: str, generation: int | None = None) -> SearchResult | None: ...

    # -- a whole view ------------------------------------------------------------------------

    def view_keys(self, query: str) -> list[str]:
        """Keys of every paper the query shows (the whole result, not a page)."""
        result = self.search(query)
        if result is None or result.error:
            return []
        hits = result.hits
        keys = getattr(hits, "paper_keys", None)
        return keys() if keys is not None else [h.paper.key for h in hits]

    def mark_read(self, keys: list[str], read: bool = True) -> ReadUndo:
        """Mark ``keys`` read in one transaction; the token undoes exactly that change."""
        return self.bookmarks.set_read_many(keys, read)

    def undo_read(self, token: ReadUndo) -> int:
        return self.bookmarks.undo_read(token)

    # -- saved searches ------------------------------------------------------------------------

    def save_search(self, name: str, query: str, flt: str) -> str:
        """Save the query and filter tokens under ``name``; the name as stored."""
        from paperterm.bookmarks.saved_searches import save_search

        return save_search(self.store, name, query, flt).name

    def rename_search(self, old: str, new: str) -> str:
        from paperterm.bookmarks.saved_searches import rename_search

        return rename_search(self.store, old, new).name

    def delete_search(self, name: str) -> None:
        from paperterm.bookmarks.saved_searches import delete_search

        delete_search(self.store, name)

    def saved_counts(self) -> tuple[tuple[str, str, int], ...]:
        """Every saved search with its full query and how many papers it shows now."""
        from paperterm.bookmarks.saved_searches import list_searches

        out = []
        for saved in list_searches(self.store):
            result = self.search(saved.full_query)
            count = result.total if result is not None and not result.error else 0
            out.append((saved.name, saved.full_query, count))
        return tuple(out)

    # -- discovery -----------------------------------------------------------------------------

    @property
    def discover_ready(self) -> bool:
        """True once the discovery index was built or loaded in this process."""
        return self._discover_built

    def build_discover(self) -> None:
        """Load or build the discovery index (30 s at 100k papers the first time)."""
        from paperterm.discover import current_index
        from paperterm.discover.elsewhere import update_elsewhere

        with self._discover_lock:
            update_elsewhere(self.store)  # a rebuild: in a child process, not against the UI
            current_index(self.store)
            self._discover_built = True

    def foryou_message(self) -> str | None:
        """What to do first when the lists hold too few papers to learn from, else None."""
        from paperterm.discover.foryou import MIN_PAPERS

        have = triage.list_papers(self.store)
        if have >= MIN_PAPERS:
            return None
        return (
            f"For you learns from your reading lists: it needs {MIN_PAPERS} papers in them"
            f" ({have} so far)."
        )

    def foryou_why(self) -> dict[str, tuple[str, ...]]:
        """Paper key -> the words that made it rank, for the best For-you picks."""
        from paperterm.discover import for_you

        picks = for_you(self.store, limit=WHY_LIMIT).picks
        self._why = {p.paper.key: p.why for p in picks}
        return self._why

    def why(self, key: str) -> tuple[str, ...]:
        return getattr(self, "_why", {}).get(key, ())

    def related_view(self, key: str) -> SearchResult:
        """The papers most related to ``key``, best first, as a list view."""
        from paperterm.discover import related

        found = related(self.store, key, RELATED_LIMIT)
        hits = [Hit(r.paper, r.score) for r in found]
        return SearchResult(hits, len(hits), order="relevance")
