"""Store maintenance: a full rebuild of the paper index and an integrity check.

Neither touches the user's tables (lists, list_items, notes, read_state).
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from paperterm.store.connection import Store


@dataclass(frozen=True)
class RebuildReport:
    """What a rebuild did."""

    papers: int
    orphans_removed: int
    seconds: float

    def summary(self) -> str:
        line = f"Rebuilt the index of {self.papers} papers in {self.seconds:.1f} s"
        if self.orphans_removed:
            line += f"; removed {self.orphans_removed} papers no digest or user data names"
        return line + "."


def recompute_paper_stats(conn: sqlite3.Connection) -> None:
    """First/last seen, times seen and newest position of every paper, from appearances.

    A paper with no appearance left (kept because the user's data names it, or imported
    from a backup) keeps its dates and is counted as seen in no digest.
    """
    conn.execute("DROP TABLE IF EXISTS temp.paper_stats")
    conn.execute(
        "CREATE TEMP TABLE paper_stats AS"
        " SELECT a.paper_id AS id, min(d.date) AS first, max(d.date) AS last,"
        " count(DISTINCT a.digest_id) AS n"
        " FROM appearances a JOIN digests d ON d.id = a.digest_id GROUP BY a.paper_id"
    )
    conn.execute("CREATE UNIQUE INDEX temp.paper_stats_id ON paper_stats(id)")
    conn.execute(
        """
        UPDATE papers SET
          first_seen = s.first, last_seen = s.last, seen = s.n,
          last_position = coalesce((SELECT a.position FROM appearances a
              JOIN digests d ON d.id = a.digest_id WHERE a.paper_id = papers.id
              ORDER BY d.date DESC, a.position LIMIT 1), 0)
        FROM paper_stats s WHERE s.id = papers.id
        """
    )
    conn.execute(
        "UPDATE papers SET seen = 0, last_position = 0"
        " WHERE id NOT IN (SELECT id FROM paper_stats) AND (seen != 0 OR last_position != 0)"
    )
    conn.execute("DROP TABLE temp.paper_stats")


def drop_orphans(conn: sqlite3.Connection) -> int:
    """Delete papers no digest mentions and no user table names; how many went."""
    cur = conn.execute(
        """
        DELETE FROM papers WHERE id NOT IN (SELECT paper_id FROM appearances)
          AND key NOT IN (SELECT paper_key FROM list_items)
          AND key NOT IN (SELECT paper_key FROM notes)
          AND key NOT IN (SELECT paper_key FROM read_state)
        """
    )
    return cur.rowcount


def rebuild(store: Store) -> RebuildReport:
    """Rebuild the full-text index and every paper's figures in one transaction."""
    started = time.monotonic()
    with store.write() as conn:
        recompute_paper_stats(conn)
        removed = drop_orphans(conn)
        conn.execute("INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')")
        columns = {row[1] for row in conn.execute("PRAGMA table_info(papers)")}
        if "indexed" in columns:  # every paper is in the index now
            conn.execute("UPDATE papers SET indexed = 1 WHERE indexed = 0")
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
