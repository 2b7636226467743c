"""Store maintenance: a full rebuild of the paper index and an integrity check.

Neither touches the user's tables (lists, list_items, notes, read_state).
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from paperterm.store.connection import Store
from paperterm.store.ingest import drop_unreferenced, refresh_paper_stats


@dataclass(frozen=True)
class RebuildReport:
    """What a rebuild did."""

    papers: int
    orphans_removed: int
    seconds: float

    def summary(self) -> str:
        papers, orphans = self.papers, self.orphans_removed
        line = f"Rebuilt the index of {papers} paper{'s' * (papers != 1)} in {self.seconds:.1f} s"
        if orphans:
            line += f"; removed {orphans} paper{'s' * (orphans != 1)} no digest or user data names"
        return line + "."


def rebuild(store: Store) -> RebuildReport:
    """Rebuild the full-text index and every paper's figures in one transaction."""
    started = time.monotonic()
    with store.write() as conn:
        refresh_paper_stats(conn, None)
        removed = drop_unreferenced(conn, None)
        conn.execute("INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')")
        conn.execute("UPDATE papers SET indexed = 1 WHERE indexed = 0")  # all are in it now
        (papers,) = conn.execute("SELECT count(*) FROM papers").fetchone()
    return RebuildReport(papers, removed, time.monotonic() - started)


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """Problems found by SQLite's integrity, foreign-key and full-text checks (empty = ok)."""
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"{table} row {rowid} points to a missing {parent} row")
    try:
        conn.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        problems.append(f"full-text index: {exc}")
    return problems
