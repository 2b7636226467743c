"""Combining per-term matches into candidates and scores, and re-ranking the head.

A paper's score (0-100) is 80 x the weighted mean of its per-term scores (title 0.6-1.0,
abstract 0.45-0.58, so a title hit always beats an abstract hit of the same word), plus up
to 10 for the share of its title the query covers, plus up to 10, for the best hundred,
for how closely the query reads as a part of the title (rapidfuzz ``partial_ratio``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from paperterm.search.abstracts import COMMON_SCORE, AbstractHits, Abstracts, Check, fts_term
from paperterm.search.arrays import best_per_slot
from paperterm.search.fuzzy import Expansion
from paperterm.search.index import TitleIndex
from paperterm.search.query import Term
from paperterm.search.ranking import HEAD, best_of, order_key

VERIFY_MAX = 200  # candidates checked against common words' abstracts, best first
FEW = 20  # fewer hits than this: also ask FTS5 for abstracts with every word
CONJUNCTION_LIMIT = 1000  # papers with every word in the abstract, newest first, at most


@dataclass
class TermMatch:
    """One positive term resolved: per-paper title scores and abstract hits."""

    term: Term
    title: tuple[np.ndarray, np.ndarray]  # (slots, scores), slots ascending
    abstract: AbstractHits
    expansion: Expansion | None = None
    check: Check | None = None
    weight: float = 1.0


@dataclass
class Combined:
    """The candidates of a query: slots, mean term score, title weight, and completeness.

    ``complete`` is False when some papers may match every word but were not listed (a
    word too common in abstracts to check everywhere): the slots are then a lower bound.
    """

    slots: np.ndarray
    base: np.ndarray
    title_hits: np.ndarray
    complete: bool = True
    ignored: tuple[
        int, ...
    ] = ()  # terms no listed paper matches (dropped so a typo does not empty the list)


def combine(
    index: TitleIndex,
    matches: list[TermMatch],
    mask: np.ndarray,
    abstracts: Abstracts | None,
) -> Combined:
    """Slots matching every term (title or abstract), their mean term score, title weight.

    ``abstracts`` is None when the query is restricted to titles. When no paper matches
    every term, the papers matching the most terms are returned instead.

    A word too common in abstracts to list (``AbstractHits.common``) is checked in the
    abstracts of the best ``VERIFY_MAX`` candidates (by what they already matched, so a
    title with most of the words comes first), and papers with every word in the abstract
    come from one bounded FTS5 ``AND`` query; together they hold the best matches.
    """
    n = index.n
    k = len(matches)
    if k == 1:
        one = _one_term(index, matches[0], mask, abstracts)
        if one is not None:
            return one
    # Arrays over the whole store, as narrow as the terms allow: at 1M papers each pass over
    # them is memory traffic that a repaint on the other core competes for.
    total = np.zeros(n, dtype=np.float32)
    count = np.zeros(n, dtype=np.int8)  # k <= MAX_TERMS
    bits = np.zeros(n, dtype=np.min_scalar_type((1 << k) - 1))  # bit i: term i matched
    title_hits = np.zeros(n, dtype=np.float32)
    common_bits = 0
    for i, m in enumerate(matches):
        t_slots = m.title[0]
        hit, best, _ = term_hits(m)
        if i:
            total[hit] += m.weight * best
            count[hit] += 1
            bits[hit] |= 1 << i
            title_hits[t_slots] += m.weight
        else:  # all zero so far: set, not add
            total[hit] = m.weight * best
            count[hit] = 1
            bits[hit] = 1
            title_hits[t_slots] = m.weight
        if m.abstract.common:
            common_bits |= 1 << i
    weight = sum(m.weight for m in matches)
    complete = True
    if common_bits and abstracts is not None:
        # Papers missing only words too common in abstracts to list: check those words in
        # their abstracts, all of them when few, else the best by what they matched so far.
        need = ((1 << k) - 1) & ~common_bits
        wanted = mask & (count < k)
        if need:
            wanted &= (bits & need) == need
        if np.count_nonzero(wanted) > VERIFY_MAX:
            complete = False
            wanted &= count > 0
        todo = np.flatnonzero(wanted)
        if len(todo) > VERIFY_MAX:
            todo = todo[best_of(index, todo, total[todo], VERIFY_MAX)]
        if len(todo):
            _verify(index, abstracts, todo, matches, common_bits, total, count, bits)
        full = np.flatnonzero(mask & (count == k))
        if not complete or len(full) < FEW:
            exprs = [fts_term(m.term.tokens) for m in matches]
            found = abstracts.conjunction(exprs, CONJUNCTION_LIMIT)
            extra = index.slots_of(found)
            extra = extra[mask[extra] & (count[extra] < k)]
            # Each word missing so far is in the abstract: score it as a common word's hit,
            # so a title with some of the words still ranks above an abstract with all.
            for i, m in enumerate(matches):
                missing = extra[(bits[extra] & (1 << i)) == 0]
                total[missing] += m.weight * COMMON_SCORE
            count[extra] = k
            bits[extra] = (1 << k) - 1
            if len(found) >= CONJUNCTION_LIMIT:
                complete = False
    full = np.flatnonzero(mask & (count == k))
    ignored: tuple[int, ...] = ()
    if not len(full) and k > 1:
        best = int(count[mask].max(initial=0))
        if best:
            full = np.flatnonzero(mask & (count == best))
            seen = int(np.bitwise_or.reduce(bits[full]))
            ignored = tuple(i for i in range(k) if not seen >> i & 1)
    return Combined(full, total[full] / weight, title_hits[full], complete, ignored)


def term_hits(m: TermMatch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The papers one term matches (title or abstract), ascending, each with its better
    score, and which of them match by title."""
    t_slots, t_scores = m.title
    a_ids, a_scores = m.abstract.ids, m.abstract.scores
    if not len(a_ids):
        return t_slots, t_scores, np.ones(len(t_slots), dtype=bool)
    a_ids, a_scores = best_per_slot(a_ids, a_scores, len(a_ids) * 50 + 1)  # few: sorted
    if not len(t_slots):
        return a_ids, a_scores, np.zeros(len(a_ids), dtype=bool)
    # Few abstract hits go into the title hits at their places: no pass over the store.
    at = np.searchsorted(t_slots, a_ids)
    same = np.zeros(len(a_ids), dtype=bool)
    inside = at < len(t_slots)
    same[inside] = t_slots[at[inside]] == a_ids[inside]
    best = t_scores.copy()
    best[at[same]] = np.maximum(best[at[same]], a_scores[same])
    new = ~same
    slots = np.insert(t_slots, at[new], a_ids[new])
    best = np.insert(best, at[new], a_scores[new])
    in_title = np.insert(np.ones(len(t_slots), dtype=bool), at[new], False)
    return slots, best, in_title


def _one_term(
    index: TitleIndex, m: TermMatch, mask: np.ndarray, abstracts: Abstracts | None
) -> Combined | None:
    """``combine`` for one term without a pass over the whole store, or None when its
    common abstract word must be checked paper by paper (few papers left by the filters)."""
    slots, best, in_title = term_hits(m)
    keep = mask[slots]
    if np.count_nonzero(keep) < len(keep):  # else no copy: nothing writes into a term's arrays
        slots, best, in_title = slots[keep], best[keep], in_title[keep]
    base = m.weight * best / m.weight  # combine's total / weight, to the last bit
    title_hits = np.where(in_title, np.float32(m.weight), np.float32(0))
    if not m.abstract.common or abstracts is None:
        return Combined(slots, base, title_hits)
    if int(np.count_nonzero(mask)) - len(slots) <= VERIFY_MAX:
        return None
    # As combine does: papers with the word in the abstract, newest first, join the list.
    found = index.slots_of(abstracts.conjunction([fts_term(m.term.tokens)], CONJUNCTION_LIMIT))
    extra = found[mask[found]]
    at = np.searchsorted(slots, extra)
    inside = at < len(slots)
    listed = np.zeros(len(extra), dtype=bool)
    listed[inside] = slots[at[inside]] == extra[inside]
    extra = np.sort(extra[~listed])
    at = np.searchsorted(slots, extra)
    slots = np.insert(slots, at, extra)
    base = np.insert(base, at, np.float32(m.weight * COMMON_SCORE) / m.weight)
    title_hits = np.insert(title_hits, at, np.float32(0))
    return Combined(slots, base, title_hits, complete=False)


def _verify(
    index: TitleIndex,
    abstracts: Abstracts,
    todo: np.ndarray,
    matches: list[TermMatch],
    common_bits: int,
    total: np.ndarray,
    count: np.ndarray,
    bits: np.ndarray,
) -> None:
    common = [(i, m) for i, m in enumerate(matches) if common_bits >> i & 1]
    checks = [m.check or Check(m.term.tokens) for _, m in common]
    found = abstracts.verify(index.ids[todo], checks)
    for j, (i, m) in enumerate(common):
        new = todo[found[:, j] & ((bits[todo] & (1 << i)) == 0)]
        total[new] += m.weight * COMMON_SCORE
        count[new] += 1
        bits[new] |= 1 << i


def rank(
    index: TitleIndex,
    text: str,
    slots: np.ndarray,
    base: np.ndarray,
    title_hits: np.ndarray,
    limit: int | None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Final scores (0-100) for ``slots`` (``text``: the query's words, "" = no titles) and
    the positions of the best ``HEAD`` or ``limit`` of them (None: every hit or no text).

    Only those best ones are re-ranked by closeness, which raises scores: no other hit
    can pass them, so the list can be ordered from them alone.
    """
    if not len(slots):
        return np.zeros(0, dtype=np.float32), None
    # float32 throughout: at 1M papers a one-letter word has ~600k hits, each pass counts.
    coverage = title_hits / np.maximum(index.lens[slots], 1).astype(np.float32)
    np.minimum(coverage, np.float32(1), out=coverage)
    scores = np.multiply(base, np.float32(80), dtype=np.float32)
    scores += np.float32(10) * coverage
    if not text:
        return scores, None
    head = min(len(slots), max(HEAD // 2, limit or 0))
    best = None
    top = np.arange(len(slots))
    if head < len(slots):
        kept = min(len(slots), max(head, HEAD))
        best = top = best_of(index, slots, scores, kept) if kept < len(slots) else top
        if head < kept:
            key = order_key(index, slots[best], scores[best])
            top = best[np.argpartition(key, head - 1)[:head]]
    titles = index.folded_titles(slots[top].tolist())
    closeness = process.cdist(
        [text], titles, scorer=fuzz.partial_ratio, dtype=np.float32, workers=1
    )[0]
    scores[top] += closeness / 10
    return scores, best
