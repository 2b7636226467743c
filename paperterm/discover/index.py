"""The discovery index in memory: tf-idf rows, their inverted lists, norms and cosine queries."""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field

import numpy as np

from paperterm.discover.vectors import Rows, Vocabulary

QUERY_TERMS = 32  # a paper is compared through its strongest words only
COMMON_SHARE = 0.2  # words in more papers than this say little and cost the most: skipped


def invert(rows: Rows, terms: int) -> tuple[np.ndarray, np.ndarray]:
    """Inverted lists: entries of term ``t`` are ``order[ptr[t]:ptr[t+1]]``."""
    order = np.argsort(rows.indices, kind="stable").astype(np.int32)
    ptr = np.zeros(terms + 1, np.int64)
    np.cumsum(np.bincount(rows.indices, minlength=terms), out=ptr[1:])
    return ptr, order


def row_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """The sum of ``values`` over each CSR row, 0 for an empty one (in place: a weighted
    bincount over every entry took 3x as long)."""
    filled = np.diff(indptr) > 0
    sums = np.zeros(len(indptr) - 1)
    if filled.any():
        sums[filled] = np.add.reduceat(values, indptr[:-1][filled])
    return sums


def unit_weights(rows: Rows, idf: np.ndarray) -> np.ndarray:
    """The tf-idf weight of every entry, each row scaled to norm 1 (float32)."""
    raw = rows.tf * idf[rows.indices]  # float64, as idf
    norms = np.sqrt(row_sums(np.square(raw), rows.indptr))
    norms[norms == 0] = 1.0
    return (raw / np.repeat(norms, np.diff(rows.indptr))).astype(np.float32)


@dataclass
class Index:
    """Everything a related-papers or "for you" query needs, derived once per load."""

    rows: Rows
    vocab: Vocabulary
    col_ptr: np.ndarray
    col_order: np.ndarray
    generation: int = 0
    saved_weights: InitVar[np.ndarray | None] = None  # the cache's: nothing derived per entry
    idf: np.ndarray = field(init=False)
    weights: np.ndarray = field(init=False)  # float32 tf-idf of every entry, rows of norm 1

    def __post_init__(self, saved_weights: np.ndarray | None) -> None:
        self.idf = self.vocab.idf(len(self.rows))
        self.weights = unit_weights(self.rows, self.idf) if saved_weights is None else saved_weights

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, paper_id: int) -> int | None:
        """The row of a paper id, or None when the index does not hold it."""
        at = int(np.searchsorted(self.rows.ids, paper_id))
        if at < len(self.rows.ids) and self.rows.ids[at] == paper_id:
            return at
        return None

    def vector(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """(terms, unit weights) of one row."""
        a, b = self.rows.indptr[row], self.rows.indptr[row + 1]
        return self.rows.indices[a:b], self.weights[a:b]

    def row_of(self, entries: np.ndarray) -> np.ndarray:
        """The row of each stored entry (looked up: a row number per entry kept in memory
        was 4 bytes per entry, 20 MB at 100k papers)."""
        return np.searchsorted(self.rows.indptr, entries, side="right") - 1

    def entries(self, rows: np.ndarray) -> np.ndarray:
        """Positions of the stored entries of ``rows``, row after row."""
        starts = self.rows.indptr[rows]
        lengths = self.rows.indptr[rows + 1] - starts
        offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
        return offsets + np.arange(int(lengths.sum()))

    def dense(self, rows: np.ndarray) -> np.ndarray:
        """The sum of some rows as one dense vector over the vocabulary."""
        at = self.entries(rows)
        return np.bincount(self.rows.indices[at], weights=self.weights[at], minlength=len(self.idf))

    def cosine(self, terms: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows, scores) of every row sharing a term with the query vector.

        Only the query's ``QUERY_TERMS`` strongest terms that are not in more than
        ``COMMON_SHARE`` of the papers are followed: the rest add little and cost the most.
        """
        if len(terms) == 0:
            return np.zeros(0, np.int32), np.zeros(0, np.float64)
        limit = max(COMMON_SHARE * len(self.rows), 50)
        df = self.col_ptr[terms + 1] - self.col_ptr[terms]
        usable = df <= limit
        if usable.any():
            terms, weights, df = terms[usable], weights[usable], df[usable]
        top = np.argsort(-weights)[:QUERY_TERMS]
        terms, weights, df = terms[top], weights[top], df[top]
        starts = self.col_ptr[terms]
        total = int(df.sum())
        offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(df)[:-1]]), df)
        entries = self.col_order[offsets + np.arange(total)]
        contrib = self.weights[entries] * np.repeat(weights, df)
        # A dense accumulator over every row: a bincount is far cheaper than sorting rows.
        scores = np.bincount(self.row_of(entries), weights=contrib, minlength=len(self.rows))
        hit = np.flatnonzero(scores)
        return hit.astype(np.int32), scores[hit]

    def score_dense(self, model: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Dot product of a dense model with each of ``rows``."""
        model = model.astype(np.float32)
        if len(rows) > len(self.rows) // 4:  # most of the library: score every row at once
            contrib = self.weights * model[self.rows.indices]
            owner = np.repeat(np.arange(len(self.rows)), np.diff(self.rows.indptr))
            every = np.bincount(owner, weights=contrib, minlength=len(self.rows))
            return every[rows]
        at = self.entries(rows)
        contrib = self.weights[at] * model[self.rows.indices[at]]
        owner = np.repeat(np.arange(len(rows)), np.diff(self.rows.indptr)[rows])
        return np.bincount(owner, weights=contrib, minlength=len(rows))

    def top_terms(self, model: np.ndarray, row: int, count: int = 3) -> list[str]:
        """The words of a row that add most to its score under ``model`` (the "why")."""
        terms, weights = self.vector(row)
        contrib = weights * model[terms]
        best = np.argsort(-contrib)[:count]
        return [self.vocab.words[terms[i]] for i in best if contrib[i] > 0]
