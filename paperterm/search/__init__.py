"""Search service: the single way paperterm finds papers (placeholder until the full service)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from paperterm.models import Hit
from paperterm.store import Store, iter_papers


class QueryError(ValueError):
    """A query that cannot be understood; the message names the problem in one line."""


@dataclass(frozen=True)
class SearchResult:
    """Ranked hits (``len(hits)`` may be less than ``total`` when limited) or an error."""

    hits: Sequence[Hit] = field(default_factory=list)
    total: int = 0
    error: str | None = None


class SearchService:
    """Finds papers in a store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        """Reload the index from the store (after a sync)."""
        self._papers = list(iter_papers(self.store.conn))
        self._titles = [p.title for p in self._papers]

    def search(self, query: str, *, limit: int | None = None) -> SearchResult:
        """Papers matching ``query``, best first; never raises for a bad query."""
        words = query.strip()
        if not words:
            hits = [Hit(p, 0.0) for p in self._papers]
        else:
            found = process.extract(
                words, self._titles, scorer=fuzz.WRatio, limit=None, score_cutoff=60
            )
            hits = [Hit(self._papers[i], float(score)) for _, score, i in found]
        total = len(hits)
        return SearchResult(hits[:limit] if limit else hits, total)
