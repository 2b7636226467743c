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

from paperterm.search.tokens import fold

PROBE = 500
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

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        body = r"[\W_]+".join(re.escape(t) for t in self.toks)
        return re.compile(rf"(?<![^\W_]){body}" + ("" if self.prefix else r"(?![^\W_])"))

    def found(self, folded: str) -> bool:
        """Whether a folded abstract contains this word, prefix or phrase."""
        return self.pattern.search(folded) is not None


class Abstracts:
    """FTS5 queries over the abstracts, through one read connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

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

    def verify(self, ids: Sequence[int], checks: Sequence[Check]) -> dict[int, list[bool]]:
        """For each paper id, which of ``checks`` its abstract satisfies."""
        found: dict[int, list[bool]] = {}
        for start in range(0, len(ids), 500):
            chunk = [int(i) for i in ids[start : start + 500]]
            marks = ",".join("?" * len(chunk))
            for pid, abstract in self.conn.execute(
                f"SELECT id, abstract FROM papers WHERE id IN ({marks})", chunk
            ):
                folded = fold(abstract or "")
                found[pid] = [c.found(folded) for c in checks]
        return found
