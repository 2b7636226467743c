"""The library newest first, a page at a time, and finding a paper in a list of hits."""

from __future__ import annotations

from collections.abc import Sequence

from paperterm.models import Hit
from paperterm.store import Store
from paperterm.store.listing import newest_page

NEAR = (200, 5000)  # how far around the hint to look first (a sync adds papers above it)
PAGE = 1000


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
        return [Hit(paper, 0.0) for paper in newest_page(self.store.conn, offset, count)]


def position_of(hits: Sequence[Hit], key: str | None, hint: int = 0, limit: int = 200_000) -> int:
    """The index of the paper ``key`` in ``hits`` (looked for near ``hint`` first), or -1."""
    if not key or not len(hits):
        return -1
    position = getattr(hits, "position", None)
    if position is not None:  # a HitList scans its keys and builds no Hit
        return int(position(key))
    n = len(hits)
    for reach in NEAR:
        lo, hi = max(0, hint - reach), min(n, hint + reach)
        for i, hit in enumerate(hits[lo:hi], start=lo):
            if hit.paper.key == key:
                return i
    for start in range(0, min(n, limit), PAGE):
        for i, hit in enumerate(hits[start : start + PAGE], start=start):
            if hit.paper.key == key:
                return i
    return -1
