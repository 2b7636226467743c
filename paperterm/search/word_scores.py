"""A term's title hits: every paper with one of its words, scored by its best word."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from paperterm.search.arrays import best_per_slot, uniq

if TYPE_CHECKING:
    from paperterm.search.index import TitleIndex

RUN_MIN = 32  # consecutive word ids taken as one slice of the postings
DENSE_SHARE = 50  # postings >= papers / this: one byte per paper instead of sorting
DENSE_PER_WORD = 200  # ... when words have this many postings on average (a loop per word)


def word_scores(
    index: TitleIndex, wids: np.ndarray, sims: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Slots whose title has any of ``wids``, ascending, each with the best of its words'
    ``sims`` (those above 0)."""
    if not len(wids):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    wids = np.asarray(wids, dtype=np.int64)
    sims = np.round(np.asarray(sims, dtype=np.float32), 3)
    base = np.minimum(wids, index.base_words)
    lengths = index.offs[np.minimum(base + 1, index.base_words)] - index.offs[base]
    total = int(lengths.sum())
    if total * DENSE_SHARE >= index.n and total >= DENSE_PER_WORD * len(wids):
        return _dense(index, wids, sims)
    slots, values = _scored_postings(index, wids, sims)
    found, best = best_per_slot(slots, values, index.n)
    return found[best > 0], best[best > 0]


def _dense(index: TitleIndex, wids: np.ndarray, sims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first letter of a word (``s``: half of all titles): each paper's best level in
    one byte per paper, written word by word from the lowest similarity up, so the best
    is written last. No posting is copied, sorted or reduced with ``maximum.at``."""
    keep = sims > 0
    wids, sims = wids[keep], sims[keep]
    levels = uniq(sims)
    code_type = np.uint8 if len(levels) < 255 else np.uint16
    codes = np.searchsorted(levels, sims) + 1
    order = np.argsort(codes, kind="stable")
    best = np.zeros(index.n, dtype=code_type)
    post, offs, base_words, delta = index.post, index.offs, index.base_words, index.delta
    for wid, code in zip(wids[order].tolist(), codes[order].tolist(), strict=True):
        if wid < base_words:
            best[post[offs[wid] : offs[wid + 1]]] = code
        more = delta.get(wid)
        if more:
            best[np.asarray(more, dtype=np.int64)] = code
    found = np.flatnonzero(best != 0)  # of a bool array: 5x faster than of the bytes
    return found, levels[best[found] - 1]


def _scored_postings(
    index: TitleIndex, wids: np.ndarray, sims: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every posting of ``wids`` with its word's sim. A run of consecutive word ids (a
    prefix's completions, the vocabulary being sorted) is one slice of the postings."""
    order = np.argsort(wids, kind="stable")
    wids, sims = wids[order], sims[order]
    breaks = np.flatnonzero(np.diff(wids) != 1) + 1
    starts, ends = np.r_[0, breaks], np.r_[breaks, len(wids)]
    long = (ends - starts >= RUN_MIN) & (wids[ends - 1] < index.base_words)
    if index.delta or not long.any():
        slots, lengths = index.postings(wids)
        return slots, np.repeat(sims, lengths)
    parts, values = [], []
    rest = np.ones(len(wids), dtype=bool)
    post, offs = index.post, index.offs
    for a, b in zip(starts[long].tolist(), ends[long].tolist(), strict=True):
        lo, hi = int(wids[a]), int(wids[b - 1]) + 1
        parts.append(post[offs[lo] : offs[hi]].astype(np.int64))
        values.append(np.repeat(sims[a:b], np.diff(offs[lo : hi + 1])))
        rest[a:b] = False
    if rest.any():
        slots, lengths = index.postings(wids[rest])
        parts.append(slots)
        values.append(np.repeat(sims[rest], lengths))
    return np.concatenate(parts), np.concatenate(values)
