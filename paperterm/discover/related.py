"""Related papers: tf-idf cosine over title + abstract, blended with title similarity."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from paperterm.discover.build import current_index
from paperterm.discover.terms import terms
from paperterm.models import Paper
from paperterm.store import Store, get_paper, papers_by_ids

CANDIDATES = 50  # the best cosine matches are re-scored with their titles
TITLE_SHARE = 0.15


@dataclass(frozen=True)
class Related:
    """A paper similar to another: score in 0..1 and the words they share most."""

    paper: Paper
    score: float
    words: tuple[str, ...] = ()


def _title_similarity(a: str, b: str) -> float:
    """0..1: how alike two titles read, on their topic words (stopwords and plurals aside)."""
    return fuzz.token_sort_ratio(" ".join(terms(a)), " ".join(terms(b))) / 100.0


def related(store: Store, key: str, limit: int = 5) -> list[Related]:
    """The papers most similar to the paper ``key`` (a key or unique key prefix), best first.

    Raises LookupError when no paper has that key (AmbiguousKey for an ambiguous prefix).
    """
    paper = get_paper(store.conn, key)
    if paper is None:
        raise LookupError(f"no paper with key {key}")
    return related_to(store, paper, limit)


def related_to(store: Store, paper: Paper, limit: int = 5) -> list[Related]:
    """``related`` for a Paper already at hand."""
    index = current_index(store)
    row = index.row(paper.id)
    if row is None or limit <= 0:
        return []
    own_terms, own_weights = index.vector(row)
    rows, scores = index.cosine(own_terms, own_weights)
    others = rows != row
    rows, scores = rows[others], scores[others]
    wanted = max(CANDIDATES, limit)
    if len(scores) > wanted:  # only the best few need sorting
        part = np.argpartition(-scores, wanted - 1)[:wanted]
        rows, scores = rows[part], scores[part]
    best = np.argsort(-scores, kind="stable")[:wanted]
    rows, scores = rows[best], scores[best]
    ids = index.rows.ids[rows]
    papers = papers_by_ids(store.conn, [int(i) for i in ids])
    own = dict(zip(own_terms.tolist(), own_weights.tolist(), strict=True))
    found = []
    for r, cos, pid in zip(rows.tolist(), scores.tolist(), ids.tolist(), strict=True):
        other = papers.get(pid)
        if other is None:  # deleted since the index was built
            continue
        title = _title_similarity(paper.title, other.title)
        score = (1 - TITLE_SHARE) * min(cos, 1.0) + TITLE_SHARE * title
        their_terms, their_weights = index.vector(r)
        shared = sorted(
            (
                (own[t] * w, t)
                for t, w in zip(their_terms.tolist(), their_weights.tolist(), strict=True)
                if t in own
            ),
            reverse=True,
        )
        words = tuple(index.vocab.words[t] for _, t in shared[:3])
        found.append(Related(other, round(score, 4), words))
    found.sort(key=lambda r: (-r.score, r.paper.id))
    return found[:limit]
