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
from paperterm.search.fuzzy import Expansion
from paperterm.search.index import TitleIndex
from paperterm.search.query import Term
from paperterm.search.ranking import HEAD, order_key
from paperterm.search.tokens import tokens

VERIFY_MAX = 300  # candidates checked against a common word's abstracts, at most
FEW = 20  # fewer hits than this: also ask FTS5 for abstracts with every word
FALLBACK_LIMIT = 200


@dataclass
class TermMatch:
    """One positive term resolved: per-paper title scores and abstract hits."""

    term: Term
    title: tuple[np.ndarray, np.ndarray]  # (slots, scores), slots ascending
    abstract: AbstractHits
    expansion: Expansion | None = None
    check: Check | None = None
    weight: float = 1.0


def combine(
    index: TitleIndex,
    matches: list[TermMatch],
    mask: np.ndarray,
    abstracts: Abstracts | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Slots matching every term (title or abstract), their mean term score, title weight.

    ``abstracts`` is None when the query is restricted to titles. When no paper matches
    every term, the papers matching the most terms are returned instead.
    """
    n = index.n
    total = np.zeros(n, dtype=np.float32)
    count = np.zeros(n, dtype=np.int16)
    listed = np.zeros(n, dtype=np.int16)  # terms matched, not counting common abstracts
    title_hits = np.zeros(n, dtype=np.float32)
    scratch = np.zeros(n, dtype=np.float32)
    common = [m for m in matches if m.abstract.common]
    matched_common: list[np.ndarray] = []
    for m in matches:
        scratch[:] = 0
        scratch[m.abstract.ids] = m.abstract.scores
        t_slots, t_scores = m.title
        scratch[t_slots] = np.maximum(scratch[t_slots], t_scores)
        hit = np.flatnonzero(scratch)
        total[hit] += m.weight * scratch[hit]
        count[hit] += 1
        title_hits[t_slots] += m.weight
        if m.abstract.common:
            matched_common.append(hit)
        else:
            listed[hit] += 1
    weight = sum(m.weight for m in matches)
    k = len(matches)
    if common and abstracts is not None:
        # Papers missing only words too common in abstracts to list: check those words
        # in these papers' abstracts, when there are few enough to read.
        todo = np.flatnonzero(mask & (listed == k - len(common)) & (count < k))
        if 0 < len(todo) <= VERIFY_MAX:
            _verify(index, abstracts, todo, common, matched_common, total, count)
    full = np.flatnonzero(mask & (count == k))
    if len(full) < FEW and common and abstracts is not None:
        extra = abstracts.conjunction([fts_term(m.term.tokens) for m in matches], FALLBACK_LIMIT)
        extra = index.slots_of(extra)
        extra = extra[mask[extra] & (count[extra] < k)]
        total[extra] = COMMON_SCORE * weight
        count[extra] = k
        full = np.flatnonzero(mask & (count == k))
    if not len(full) and k > 1:
        best = int(count[mask].max(initial=0))
        if best:
            full = np.flatnonzero(mask & (count == best))
    return full, total[full] / weight, title_hits[full]


def _verify(
    index: TitleIndex,
    abstracts: Abstracts,
    todo: np.ndarray,
    common: list[TermMatch],
    matched: list[np.ndarray],
    total: np.ndarray,
    count: np.ndarray,
) -> None:
    checks = [m.check or Check(m.term.tokens) for m in common]
    found = abstracts.verify(index.ids[todo].tolist(), checks)
    for slot in todo.tolist():
        seen = found.get(int(index.ids[slot]))
        if not seen:
            continue
        for m, hit, ok in zip(common, matched, seen, strict=True):
            if ok and not _contains(hit, slot):
                total[slot] += m.weight * COMMON_SCORE
                count[slot] += 1


def _contains(sorted_slots: np.ndarray, slot: int) -> bool:
    i = int(np.searchsorted(sorted_slots, slot))
    return i < len(sorted_slots) and int(sorted_slots[i]) == slot


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
