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
from paperterm.search.ranking import HEAD, order_key
from paperterm.search.tokens import tokens

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
    total = np.zeros(n, dtype=np.float32)
    count = np.zeros(n, dtype=np.int16)
    bits = np.zeros(n, dtype=np.int64)  # bit i: term i matched
    title_hits = np.zeros(n, dtype=np.float32)
    common_bits = 0
    for i, m in enumerate(matches):
        t_slots, t_scores = m.title
        hit, best = best_per_slot(
            np.concatenate([m.abstract.ids, t_slots]),
            np.concatenate([m.abstract.scores, t_scores]),
            n,
        )
        hit, best = hit[best > 0], best[best > 0]
        total[hit] += m.weight * best
        count[hit] += 1
        bits[hit] |= 1 << i
        title_hits[t_slots] += m.weight
        if m.abstract.common:
            common_bits |= 1 << i
    weight = sum(m.weight for m in matches)
    complete = True
    if common_bits and abstracts is not None:
        # Papers missing only words too common in abstracts to list: check those words in
        # their abstracts, all of them when few, else the best by what they matched so far.
        need = ((1 << k) - 1) & ~common_bits
        todo = np.flatnonzero(mask & ((bits & need) == need) & (count < k))
        if len(todo) > VERIFY_MAX:
            complete = False
            todo = todo[count[todo] > 0]
            if len(todo) > VERIFY_MAX:
                key = order_key(index, todo, total[todo])
                todo = todo[np.argpartition(key, VERIFY_MAX - 1)[:VERIFY_MAX]]
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
) -> np.ndarray:
    """Final scores (0-100) for ``slots``; ``text`` is the query's words ("" = no titles)."""
    if not len(slots):
        return np.zeros(0, dtype=np.float32)
    lens = np.maximum(index.lens[slots], 1)
    coverage = np.minimum(title_hits / lens, 1.0)
    scores = (80 * base + 10 * coverage).astype(np.float32)
    if text:
        head = min(len(slots), max(HEAD // 2, limit or 0))
        if head < len(slots):
            top = np.argpartition(order_key(index, slots, scores), head - 1)[:head]
        else:
            top = np.arange(len(slots))
        titles = [" ".join(tokens(index.titles[s])) for s in slots[top].tolist()]
        closeness = process.cdist(
            [text], titles, scorer=fuzz.partial_ratio, dtype=np.float32, workers=1
        )[0]
        scores[top] += closeness / 10
    return scores
