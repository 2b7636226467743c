"""Cached per-order slot ranks: each order is one numpy sort per index, reused by searches.

Every order but relevance is a fixed ordering of all papers, so it is computed once per
index state and cached on it; a search then only filters it (no query words) or reorders
its hits by the cached rank. Ties go to the newest paper.
"""

from __future__ import annotations

import numpy as np

from paperterm.search.index import NO_DAY, TitleIndex
from paperterm.search.tokens import fold

PREFIX = 16  # bytes of each folded title compared by numpy


def _compute(index: TitleIndex, name: str) -> np.ndarray:
    """Live slots in order ``name`` (ties: newest first)."""
    newest = index.rank  # position in the newest order, per slot
    if name == "newest":
        return index.newest
    if name == "oldest":
        first = index.first.astype(np.int64)
        first[first == NO_DAY] = np.iinfo(np.int64).max  # never in a digest: last
        order = np.lexsort((index.ids, first))  # same day: stored first (= digest order)
    elif name == "seen":
        order = np.lexsort((newest, -index.seen.astype(np.int64)))
    elif name == "upvotes":
        order = np.lexsort((newest, -index.upvotes))  # unknown (-1) sorts after 0
    elif name == "title":
        order = _by_title(index.titles, newest)
    else:
        raise ValueError(f"unknown sort order {name}")
    return order[index.alive[order]].astype(np.int64)


def _folded(titles: list[str]) -> list[str]:
    joined = "\n".join(titles)  # titles are single lines (sanitized at ingest)
    if joined.isascii():
        return joined.lower().split("\n")  # one call instead of 100k
    return [t.lower() if t.isascii() else fold(t) for t in titles]


def _by_title(titles: list[str], newest: np.ndarray) -> np.ndarray:
    """Slots by folded title, then newest: numpy sorts 16-byte prefixes, Python the ties.

    UTF-8 bytes sort as their code points, and the zero padding puts "ab" before "abc",
    so the prefix order is the title order except among equal prefixes.
    """
    keys = _folded(titles)
    try:
        prefixes = np.array(keys, dtype=f"S{PREFIX}")  # ASCII: numpy encodes and cuts
    except UnicodeEncodeError:
        prefixes = np.array([k.encode()[:PREFIX] for k in keys], dtype=f"S{PREFIX}")
    words = prefixes.view(">u8").reshape(-1, PREFIX // 8).astype(np.uint64)
    order = np.lexsort((newest, *(words[:, i] for i in reversed(range(PREFIX // 8)))))
    prefix = words[order]
    same = np.all(prefix[1:] == prefix[:-1], axis=1)
    if not same.any():
        return order
    # Runs of equal prefixes: finish those by the whole title (rank breaks ties).
    flags = same.astype(np.int8)
    starts = np.flatnonzero(np.diff(np.r_[0, flags]) == 1)
    ends = np.flatnonzero(np.diff(np.r_[flags, 0]) == -1) + 2
    rank = newest.tolist()
    for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
        run = order[lo:hi].tolist()
        run.sort(key=lambda s: (keys[s], rank[s]))
        order[lo:hi] = run
    return order


def ordered_slots(index: TitleIndex, name: str) -> np.ndarray:
    """Every live slot in order ``name``, computed once per index state."""
    cache = index.sort_cache
    slots = cache.get(name)
    if slots is None:
        slots = cache[name] = _compute(index, name)
    return slots


def position_of(index: TitleIndex, name: str) -> np.ndarray:
    """Per slot, its place in order ``name`` (dead slots last)."""
    key = ("rank", name)
    cache = index.sort_cache
    rank = cache.get(key)
    if rank is None:
        slots = ordered_slots(index, name)
        rank = np.full(index.n, index.n, dtype=np.int64)
        rank[slots] = np.arange(len(slots))
        cache[key] = rank
    return rank


def sort_hits(index: TitleIndex, name: str, slots: np.ndarray) -> np.ndarray:
    """The permutation that puts ``slots`` (some papers) in order ``name``."""
    return np.argsort(position_of(index, name)[slots], kind="stable")


WARMED = ("newest", "oldest", "seen", "upvotes", "title")


def warm(index: TitleIndex, names: tuple[str, ...] | None = None) -> None:
    """Compute these orders (default: all) now, e.g. in a worker: no switch waits."""
    for name in names or WARMED:
        position_of(index, name)
