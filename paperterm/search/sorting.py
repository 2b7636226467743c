"""Cached per-order slot ranks: each order is one numpy sort per index, reused by searches.

Every order but relevance is a fixed ordering of all papers, so it is computed once per
index state and cached on it; a search then only filters it (no query words) or reorders
its hits by the cached rank. Ties go to the newest paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from threading import Lock

import numpy as np

from paperterm.search.index import NO_DAY, TitleIndex
from paperterm.search.packed import PackedTexts
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


def _fold_one(title: str) -> str:
    return title.lower() if title.isascii() else fold(title)


def _words(titles: Sequence[str], slots: np.ndarray, offset: int, wide: np.ndarray | None):
    """Bytes ``offset`` to ``offset + PREFIX`` of the folded titles of ``slots``, zero-padded,
    as big-endian uint64 words (m x 2).

    Packed titles give their bytes straight from the buffer (ASCII folds by lowering A-Z);
    only titles with non-ASCII bytes (``wide``) are decoded and folded one by one.
    """
    if wide is not None:  # packed titles (``wide``: their non-ASCII ones)
        heads = titles.heads(PREFIX, offset, slots)
        heads[(heads >= 0x41) & (heads <= 0x5A)] += 0x20
        for at in np.flatnonzero(wide[slots]).tolist():
            part = _fold_one(titles[int(slots[at])]).encode()[offset : offset + PREFIX]
            heads[at] = np.frombuffer(part.ljust(PREFIX, b"\0"), np.uint8)
        packed = heads.view(f"S{PREFIX}").ravel()
    else:
        cut = [_fold_one(titles[s]).encode()[offset : offset + PREFIX] for s in slots.tolist()]
        packed = np.array(cut, dtype=f"S{PREFIX}")
    return packed.view(">u8").reshape(-1, PREFIX // 8).astype(np.uint64)


def _by_title(titles: Sequence[str], newest: np.ndarray) -> np.ndarray:
    """Slots by folded title, then newest: numpy sorts 16 bytes of the titles at a time.

    UTF-8 bytes sort as their code points, and the zero padding puts "ab" before "abc", so
    sorting by the first 16 bytes, then each run of equal ones by the next 16, and so on,
    is the title order; equal titles stay newest first (the last sort key).
    """
    wide = titles.non_ascii() if isinstance(titles, PackedTexts) else None
    words = _words(titles, np.arange(len(titles)), 0, wide)
    order = np.lexsort((newest, words[:, 1], words[:, 0]))
    places = np.arange(len(order))  # the places of ``order`` still tied
    words, runs = words[order], np.zeros(len(order), np.int64)
    offset = 0
    while len(places) > 1:
        same = np.all(words[1:] == words[:-1], axis=1) & (runs[1:] == runs[:-1])
        same &= words[1:].any(axis=1)  # both titles ended: equal, already newest first
        if not same.any():
            break
        tied = np.zeros(len(places), bool)
        tied[1:] |= same
        tied[:-1] |= same
        keep = np.flatnonzero(tied)
        joined = (keep[1:] == keep[:-1] + 1) & same[keep[:-1]]
        runs = np.cumsum(np.r_[True, ~joined])  # one number per run of tied places
        places = places[keep]
        members = order[places]
        offset += PREFIX
        words = _words(titles, members, offset, wide)
        sub = np.lexsort((newest[members], words[:, 1], words[:, 0], runs))
        order[places] = members[sub]
        words, runs = words[sub], runs[sub]
    return order


def _places(index: TitleIndex, slots: np.ndarray) -> np.ndarray:
    """Per slot, its place in ``slots`` (slots not in it last)."""
    rank = np.full(index.n, index.n, dtype=np.int64)
    rank[slots] = np.arange(len(slots))
    return rank


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
        rank = cache[key] = _places(index, ordered_slots(index, name))
    return rank


def sort_hits(index: TitleIndex, name: str, slots: np.ndarray) -> np.ndarray:
    """The permutation that puts ``slots`` (some papers) in order ``name``."""
    return np.argsort(position_of(index, name)[slots], kind="stable")


WARMED = ("newest", "oldest", "seen", "upvotes", "title")


def warm(index: TitleIndex, names: tuple[str, ...] | None, lock: Lock) -> None:
    """Compute these orders (default: all) now, from a worker: no switch waits.

    Each order is sorted outside ``lock`` (the search's) and kept only if the index did not
    change meanwhile (a refresh makes a new cache): a search never waits for a sort (the
    title order of 1M papers takes a second).
    """
    cache = index.sort_cache
    for name in names or WARMED:
        if ("rank", name) in cache:
            continue
        try:
            slots = _compute(index, name)
        except (IndexError, ValueError):  # a refresh changed the arrays under the sort
            return
        rank = _places(index, slots)
        with lock:
            if index.sort_cache is not cache:
                return
            cache.setdefault(name, slots)
            cache.setdefault(("rank", name), rank)
