"""Abstract matching with SQLite FTS5 and bm25, bounded so a common word costs little.

FTS5 walks a word's whole document list to rank it: ~150 ms for a word in 90% of 100k
abstracts. So every word is first *probed* with ``LIMIT``: a word in more than ``PROBE``
abstracts is *common* and is never listed in full; it is checked only against the few
candidates the other words leave (``verify``), or used in a bounded ``AND`` query
(``conjunction``). A word in at most ``PROBE`` abstracts is listed with its bm25 score.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from paperterm.search.arrays import uniq
from paperterm.search.tokens import fold

PROBE = 500
FOLDED_MAX = 4000  # folded abstracts remembered between keystrokes (~6 MB)
VERIFIED_CHECKS = 64  # words whose per-paper answers are remembered between keystrokes
ABSTRACT_BASE = 0.45  # an abstract hit scores 0.45-0.58; a title hit 0.6-1.0
ABSTRACT_SPAN = 0.13
COMMON_SCORE = ABSTRACT_BASE + ABSTRACT_SPAN / 3  # a verified hit of a common word


@dataclass(frozen=True)
class AbstractHits:
    """Papers whose abstract matches one term: ids with scores, or ``common`` (not listed)."""

    ids: np.ndarray
    scores: np.ndarray
    common: bool = False


NONE = AbstractHits(np.zeros(0, np.int64), np.zeros(0, np.float32))
COMMON = AbstractHits(np.zeros(0, np.int64), np.zeros(0, np.float32), common=True)


def fts_term(toks: Sequence[str], *, prefix: bool = False) -> str:
    """An FTS5 expression for a word (``prefix``: any word starting so) or a phrase."""
    quoted = '"' + " ".join(toks).replace('"', '""') + '"'
    return f"abstract : {quoted}{' *' if prefix else ''}"


@dataclass(frozen=True)
class Check:
    """What ``verify`` looks for in an abstract: a word, a word prefix or a phrase."""

    toks: tuple[str, ...]
    prefix: bool = False
    joined: bool = False  # the words may also be written as one (``gpt-4``, ``gpt4``)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        # Starts with a literal so the regex engine skips ahead fast; the word start is a
        # look-behind *after* that literal (before it, every position is tried: ~25x slower;
        # checked by hand per match, a one-letter word cost 14 us an abstract, now 3).
        gap = r"[\W_]*" if self.joined else r"[\W_]+"
        first = re.escape(self.toks[0])
        body = gap.join([first + rf"(?<![^\W_]{first})", *(re.escape(t) for t in self.toks[1:])])
        return re.compile(body + ("" if self.prefix else r"(?![^\W_])"))

    def found(self, folded: str) -> bool:
        """Whether a folded abstract contains this word, prefix or phrase."""
        return self.pattern.search(folded) is not None


class Abstracts:
    """FTS5 queries over the abstracts, through one read connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._folded: dict[int, str] = {}
        self._verified: dict[Check, np.ndarray] = {}  # paper id -> -1 unknown, 0, 1

    def _folded_abstracts(self, ids: list[int]) -> dict[int, str]:
        """Folded abstracts of ``ids`` (remembered: the next keystroke checks them again)."""
        cache = self._folded
        missing = [i for i in ids if i not in cache]
        if len(cache) + len(missing) > FOLDED_MAX:
            cache.clear()
            missing = ids
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for pid, abstract in self.conn.execute(
                f"SELECT id, abstract FROM papers WHERE id IN ({marks})", chunk
            ):
                cache[pid] = fold(abstract or "")
        return {i: cache[i] for i in ids if i in cache}

    def forget(self) -> None:
        """Drop remembered ``verify`` answers (the abstracts may have changed)."""
        self._verified.clear()
        self._folded.clear()

    def _ids(self, sql: str, args: Sequence) -> list[int]:
        try:
            return [r[0] for r in self.conn.execute(sql, args).fetchall()]
        except sqlite3.OperationalError:
            return []  # an expression FTS5 cannot parse matches nothing

    def match(self, expr: str) -> AbstractHits:
        """The papers ``expr`` matches with bm25-based scores, or COMMON if too many."""
        ids = self._ids(
            "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? LIMIT ?", (expr, PROBE + 1)
        )
        if len(ids) > PROBE:
            return COMMON
        if not ids:
            return NONE
        rows = self.conn.execute(
            "SELECT rowid, bm25(papers_fts, 0.0, 1.0) FROM papers_fts WHERE papers_fts MATCH ?",
            (expr,),
        ).fetchall()
        found = np.array([r[0] for r in rows], dtype=np.int64)
        ranks = np.array([r[1] for r in rows], dtype=np.float64)
        best = ranks.min() if len(ranks) else 0.0
        rel = ranks / best if best < 0 else np.ones(len(ranks))
        scores = (ABSTRACT_BASE + ABSTRACT_SPAN * np.clip(rel, 0, 1)).astype(np.float32)
        return AbstractHits(found, scores)

    def all_ids(self, expr: str) -> np.ndarray:
        """Every paper ``expr`` matches, however many (used for exclusions)."""
        ids = self._ids("SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?", (expr,))
        return np.array(ids, dtype=np.int64)

    def conjunction(self, exprs: Sequence[str], limit: int) -> np.ndarray:
        """Up to ``limit`` newest papers whose abstract matches every expression."""
        if not exprs:
            return np.zeros(0, np.int64)
        expr = " AND ".join(f"({e})" for e in exprs)
        ids = self._ids(
            "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
            (expr, limit),
        )
        return np.array(ids, dtype=np.int64)

    def verify(self, ids: np.ndarray, checks: Sequence[Check]) -> np.ndarray:
        """Which of ``checks`` each paper's abstract satisfies: bool array (ids x checks).

        Answers are remembered per check (typing the next letter re-checks the same papers
        for the same earlier words), so only papers not checked before are read.
        """
        ids = np.asarray(ids, dtype=np.int64)
        top = int(ids.max(initial=0)) + 1
        if len(self._verified) > VERIFIED_CHECKS:
            self._verified.clear()
        known = []
        for check in checks:
            arr = self._verified.get(check)
            if arr is None or len(arr) < top:
                grown = np.full(max(top, 1024), -1, dtype=np.int8)
                if arr is not None:
                    grown[: len(arr)] = arr
                arr = self._verified[check] = grown
            known.append(arr)
        unknown = np.zeros(len(ids), dtype=bool)
        for arr in known:
            unknown |= arr[ids] < 0
        todo = uniq(ids[unknown]).tolist()
        texts = self._folded_abstracts(todo)
        for pid in todo:
            folded = texts.get(pid)
            for check, arr in zip(checks, known, strict=True):
                # a paper gone from the store satisfies nothing
                arr[pid] = folded is not None and check.found(folded)
        out = np.zeros((len(ids), len(checks)), dtype=bool)
        for j, arr in enumerate(known):
            out[:, j] = arr[ids] > 0
        return out


def union(a: AbstractHits, b: AbstractHits) -> AbstractHits:
    """Hits of either, each paper with its better score."""
    ids = np.concatenate([a.ids, b.ids])
    scores = np.concatenate([a.scores, b.scores])
    order = np.lexsort((-scores, ids))
    ids, scores = ids[order], scores[order]
    first = np.r_[True, ids[1:] != ids[:-1]] if len(ids) else np.zeros(0, dtype=bool)
    return AbstractHits(ids[first], scores[first], common=a.common or b.common)
