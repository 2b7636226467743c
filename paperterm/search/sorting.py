"""Cached per-order slot ranks: each order is one numpy sort per index, reused by searches.

Every order but relevance is a fixed ordering of all papers, so it is computed once per
index state and cached on it; a search then only filters it (no query words) or reorders
its hits by the cached rank. Ties go to the newest paper.
"""

from __future__ import annotations

import numpy as np

from paperterm.search.index import NO_DAY, TitleIndex
from paperterm.search.tokens import fold


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
        titles = index.titles
        keys = [fold(t) for t in titles]
        rank = newest.tolist()
        order = np.array(sorted(range(len(titles)), key=lambda s: (keys[s], rank[s])), np.int64)
    else:
        raise ValueError(f"unknown sort order {name}")
    return order[index.alive[order]].astype(np.int64)


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
