"""Term vectors of papers: title + abstract word counts as sparse rows, built with numpy only.

A row keeps a paper's ``MAX_TERMS`` strongest words (by tf-idf when it was added): enough to
tell topics apart, and it bounds the index at 100k papers to tens of megabytes.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from paperterm.discover.terms import MIN_LEN, STOPWORDS, TOKEN, fold, stem

MAX_TERMS = 48
TITLE_WEIGHT = 2  # a word of the title counts as two of the abstract
_NOT_A_TERM = ""
CHUNK = 1 << 20
ROW_BLOCK = 4096


@dataclass
class Rows:
    """Sparse rows in CSR form: row ``i`` holds ``indices[indptr[i]:indptr[i+1]]``."""

    ids: np.ndarray  # int64 paper ids, ascending
    indptr: np.ndarray  # int64, len(ids) + 1
    indices: np.ndarray  # int32 term numbers
    tf: np.ndarray  # float32 sublinear term frequency, 1 + log(count)

    @classmethod
    def empty(cls) -> Rows:
        return cls(
            np.zeros(0, np.int64),
            np.zeros(1, np.int64),
            np.zeros(0, np.int32),
            np.zeros(0, np.float32),
        )

    def __len__(self) -> int:
        return len(self.ids)

    def row_of_entry(self) -> np.ndarray:
        """The row number of every stored entry."""
        return np.repeat(np.arange(len(self.ids), dtype=np.int32), np.diff(self.indptr))


class Vocabulary:
    """Term <-> number, and in how many papers each term appears (before capping rows)."""

    def __init__(self, words: list[str] | None = None, df: np.ndarray | None = None) -> None:
        self.words: list[str] = list(words or [])
        self.number = {w: i for i, w in enumerate(self.words)}
        self.df = df.astype(np.int64) if df is not None else np.zeros(len(self.words), np.int64)
        self._token_term: dict[str, str] = {}

    def term(self, token: str) -> str:
        """The term a folded token counts as, or "" when it is not a topic word."""
        found = self._token_term.get(token)
        if found is None:
            found = _NOT_A_TERM
            if len(token) >= MIN_LEN and token not in STOPWORDS:
                word = stem(token)
                found = _NOT_A_TERM if word in STOPWORDS else word
            self._token_term[token] = found
        return found

    def add(self, word: str) -> int:
        number = self.number.get(word)
        if number is None:
            number = self.number[word] = len(self.words)
            self.words.append(word)
        return number

    def idf(self, papers: int) -> np.ndarray:
        """Smoothed inverse document frequency of every term."""
        df = np.zeros(len(self.words), np.float64)
        df[: len(self.df)] = self.df
        return (np.log((1.0 + papers) / (1.0 + df)) + 1.0).astype(np.float32)


def count_terms(vocab: Vocabulary, title: str, abstract: str) -> Counter[str]:
    """Weighted term counts of one paper."""
    counts: Counter[str] = Counter()
    for token, n in Counter(TOKEN.findall(fold(title))).items():
        if term := vocab.term(token):
            counts[term] += n * TITLE_WEIGHT
    for token, n in Counter(TOKEN.findall(fold(abstract))).items():
        if term := vocab.term(token):
            counts[term] += n
    return counts


def read_papers(
    conn: sqlite3.Connection, after_id: int = 0, ids: Iterable[int] | None = None
) -> Iterable[tuple[int, str, str]]:
    """(id, title, abstract) of the papers after ``after_id``, or of the given ids, by id."""
    if ids is None:
        yield from conn.execute(
            "SELECT id, title, abstract FROM papers WHERE id > ? ORDER BY id", (after_id,)
        )
        return
    wanted = sorted(set(int(i) for i in ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        yield from conn.execute(
            f"SELECT id, title, abstract FROM papers WHERE id IN ({marks}) ORDER BY id", chunk
        )


def vectorize(vocab: Vocabulary, papers: Iterable[tuple[int, str, str]], total_papers: int) -> Rows:
    """Rows for ``papers`` (by ascending id); adds their words to ``vocab`` and its counts."""
    ids: list[int] = []
    lengths: list[int] = []
    term_parts: list[np.ndarray] = []
    count_parts: list[np.ndarray] = []
    terms: list[int] = []
    counts: list[int] = []
    for paper_id, title, abstract in papers:
        counted = count_terms(vocab, title or "", abstract or "")
        ids.append(paper_id)
        lengths.append(len(counted))
        terms.extend(vocab.add(w) for w in counted)
        counts.extend(counted.values())
        if len(terms) > CHUNK:  # numpy arrays hold entries in a tenth of a list's memory
            term_parts.append(np.asarray(terms, np.int32))
            count_parts.append(np.asarray(counts, np.float32))
            terms, counts = [], []
    term_parts.append(np.asarray(terms, np.int32))
    count_parts.append(np.asarray(counts, np.float32))
    term_arr = np.concatenate(term_parts)
    if len(vocab.df) < len(vocab.words):
        vocab.df = np.concatenate([vocab.df, np.zeros(len(vocab.words) - len(vocab.df), np.int64)])
    np.add.at(vocab.df, term_arr, 1)
    tf = (1.0 + np.log(np.concatenate(count_parts))).astype(np.float32)
    idf = vocab.idf(total_papers)
    ends = np.cumsum(np.asarray(lengths, np.int64))
    starts = ends - np.asarray(lengths, np.int64)
    kept: list[np.ndarray] = []
    kept_lengths = np.minimum(np.asarray(lengths, np.int64), MAX_TERMS)
    for first in range(0, len(ids), ROW_BLOCK):  # in blocks: the sort's arrays stay small
        last = min(first + ROW_BLOCK, len(ids))
        lo, hi = (int(starts[first]), int(ends[last - 1])) if last > first else (0, 0)
        block_rows = np.repeat(np.arange(last - first, dtype=np.int32), lengths[first:last])
        weight = tf[lo:hi] * idf[term_arr[lo:hi]]
        order = np.lexsort((-weight, block_rows))  # by row, strongest first
        rank = np.arange(hi - lo) - np.repeat(starts[first:last] - lo, lengths[first:last])
        keep = np.sort(order[rank < MAX_TERMS]) + lo
        kept.append(keep)
    keep = np.concatenate(kept) if kept else np.zeros(0, np.int64)
    indptr = np.zeros(len(ids) + 1, np.int64)
    np.cumsum(kept_lengths, out=indptr[1:])
    return Rows(np.asarray(ids, np.int64), indptr, term_arr[keep], tf[keep])


def concat(parts: list[Rows]) -> Rows:
    """Rows of several parts, re-ordered by paper id."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return Rows.empty()
    ids = np.concatenate([p.ids for p in parts])
    lengths = np.concatenate([np.diff(p.indptr) for p in parts])
    indices = np.concatenate([p.indices for p in parts])
    tf = np.concatenate([p.tf for p in parts])
    starts = np.concatenate([[0], np.cumsum(lengths)])[:-1]
    order = np.argsort(ids, kind="stable")
    new_lengths = lengths[order]
    indptr = np.zeros(len(ids) + 1, np.int64)
    np.cumsum(new_lengths, out=indptr[1:])
    gather = np.repeat(starts[order] - indptr[:-1], new_lengths) + np.arange(indptr[-1])
    return Rows(ids[order], indptr, indices[gather], tf[gather])


def drop(rows: Rows, ids: np.ndarray) -> Rows:
    """``rows`` without the rows of ``ids``."""
    keep_row = ~np.isin(rows.ids, ids)
    if keep_row.all():
        return rows
    lengths = np.diff(rows.indptr)
    keep_entry = np.repeat(keep_row, lengths)
    indptr = np.zeros(int(keep_row.sum()) + 1, np.int64)
    np.cumsum(lengths[keep_row], out=indptr[1:])
    return Rows(rows.ids[keep_row], indptr, rows.indices[keep_entry], rows.tf[keep_entry])
