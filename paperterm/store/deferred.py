"""A first sync's derived structures, built once at the end instead of row by row.

Each batch of a first sync used to add its papers to FTS5 (a segment flushed per commit,
rewritten by merges later) and to five indexes and five triggers of ``papers`` (random
inserts into the covering listing index, a change-log row per paper). A first sync instead
saves the SQL of those indexes and triggers in a marker row, drops them, stores its papers
already marked indexed, and ``finish_build`` makes them all at once: one full-text rebuild,
one sort per index. Whatever write comes next after a killed first sync finishes the build
(``commit_batch`` calls ``finish_build``), so no state is left half made.
"""

from __future__ import annotations

import json
import secrets
import sqlite3

MARK = "first_sync_build"
INDEXES = ("papers_last_seen", "papers_created", "papers_listing", "papers_unindexed")
# papers_ad/au keep indexed rows in the full-text index; papers_log_* feed the change log.
TRIGGERS = ("papers_ad", "papers_au", "papers_log_ai", "papers_log_ad", "papers_log_au")
# The ``indexed`` value of a new paper: 1 while a build is pending (the rebuild covers it).
INDEXED_ON_INSERT = f"(SELECT count(*) FROM reader_state WHERE name = '{MARK}')"


def build_pending(conn: sqlite3.Connection) -> bool:
    """Whether a first sync left its indexes to ``finish_build``."""
    return conn.execute("SELECT 1 FROM reader_state WHERE name = ?", (MARK,)).fetchone() is not None


def defer_build(conn: sqlite3.Connection) -> None:
    """Leave indexes, triggers and full text to ``finish_build``; in a write, before inserts."""
    if build_pending(conn):
        return
    names = (*INDEXES, *TRIGGERS)
    marks = ", ".join("?" * len(names))
    rows = conn.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE name IN ({marks}) ORDER BY name", names
    ).fetchall()
    saved = [sql for _, _, sql in rows]
    conn.execute("INSERT INTO reader_state (name, value) VALUES (?, ?)", (MARK, json.dumps(saved)))
    for kind, name, _ in rows:
        conn.execute(f"DROP {kind.upper()} IF EXISTS {name}")


def finish_build(conn: sqlite3.Connection) -> bool:
    """Build what ``defer_build`` left (inside a write); False if nothing was pending."""
    row = conn.execute("SELECT value FROM reader_state WHERE name = ?", (MARK,)).fetchone()
    if row is None:
        return False
    saved: list[str] = json.loads(row[0])
    conn.execute("INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')")
    for sql in saved:  # indexes first: the UPDATE below then finds unindexed rows by one
        if sql.lstrip().upper().startswith("CREATE INDEX"):
            conn.execute(sql)
    # Papers stored before the marker or by another writer are in the rebuilt index too.
    conn.execute("UPDATE papers SET indexed = 1 WHERE indexed = 0")
    for sql in saved:
        if not sql.lstrip().upper().startswith("CREATE INDEX"):
            conn.execute(sql)
    # The change log missed these papers: a title-index cache made meanwhile must not
    # believe it is current, so the store gets a new epoch (every cache is rebuilt once).
    conn.execute("DELETE FROM paper_changes")
    conn.execute(
        "INSERT OR REPLACE INTO reader_state (name, value) VALUES ('index_epoch', ?)",
        (secrets.token_hex(8),),
    )
    conn.execute("DELETE FROM reader_state WHERE name = ?", (MARK,))
    return True
