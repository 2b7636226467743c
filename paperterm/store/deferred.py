"""A first sync's secondary indexes and change log, made once at the end, not row by row.

Each paper a first sync stores used to go into four secondary indexes of ``papers`` (the
covering listing index holds its title: random inserts all over it) and, by trigger, into
the change log. None of that is data: a first sync saves the SQL of those indexes and
triggers in a marker row, drops them, and ``finish_build`` makes them again (one sort per
index). Whatever write comes next after a killed first sync finishes the build
(``commit_batch`` calls it), so a store is never left without them for long; until then it
is whole and searchable, only slower to list.
"""

from __future__ import annotations

import json
import secrets
import sqlite3

MARK = "first_sync_build"
INDEXES = ("papers_last_seen", "papers_created", "papers_listing", "papers_unindexed")
TRIGGERS = ("papers_log_ai", "papers_log_ad", "papers_log_au")  # they feed the change log
FTS_TRIGGERS = ("papers_ad", "papers_au")  # edits reach papers_fts (see first_fts meanwhile)


def build_pending(conn: sqlite3.Connection) -> bool:
    """Whether a first sync left its indexes to ``finish_build``."""
    return conn.execute("SELECT 1 FROM reader_state WHERE name = ?", (MARK,)).fetchone() is not None


def defer_build(conn: sqlite3.Connection) -> None:
    """Leave the indexes and the change log to ``finish_build``; in a write, before inserts."""
    if build_pending(conn):
        return
    names = (*INDEXES, *TRIGGERS, *FTS_TRIGGERS)
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
    for sql in json.loads(row[0]):
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
