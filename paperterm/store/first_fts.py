"""A first sync's full-text upkeep: papers stored already marked indexed, no row rewritten.

Elsewhere a paper is inserted with ``indexed = 0`` and marked once its batch has put it into
``papers_fts``: an UPDATE that rewrites the whole row, its abstract's overflow pages
included (~0.5 s of a 100k-paper first sync). A first sync's batch puts every paper it
inserted into ``papers_fts`` before it commits (``index_new``), so it inserts them marked.

The store's triggers that keep ``papers_fts`` in step with an edited or deleted paper would
then act on papers of the open batch, which are not in ``papers_fts`` yet. So they wait for
the end of a first sync with its other indexes (``deferred``), and meanwhile temporary
triggers of the sync's own connection do their work for papers of committed batches only:
a paper of the open batch reaches ``papers_fts`` with its final text at the commit.

Whatever write comes next builds the deferred indexes and triggers back (another process
may do it during the sync: the sync checks at each batch, see ``marking``).
"""

from __future__ import annotations

import sqlite3

from paperterm.store.deferred import FTS_TRIGGERS

_TABLE = "temp.first_sync_fts"
_SCHEMA = (
    "CREATE TEMP TABLE IF NOT EXISTS first_sync_fts (upto INTEGER NOT NULL)",
    f"INSERT INTO {_TABLE} (upto) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM {_TABLE})",
    # Unqualified names in a TEMP trigger resolve to the store's tables (none in temp).
    f"""CREATE TEMP TRIGGER IF NOT EXISTS first_sync_fts_ad AFTER DELETE ON main.papers
    WHEN old.indexed = 1 AND old.id <= (SELECT upto FROM {_TABLE}) BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, title, abstract)
        VALUES ('delete', old.id, old.title, old.abstract);
    END""",
    f"""CREATE TEMP TRIGGER IF NOT EXISTS first_sync_fts_au
    AFTER UPDATE OF title, abstract ON main.papers
    WHEN old.indexed = 1 AND old.id <= (SELECT upto FROM {_TABLE}) BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, title, abstract)
        VALUES ('delete', old.id, old.title, old.abstract);
        INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
    END""",
)
_DROP = (
    "DROP TRIGGER IF EXISTS temp.first_sync_fts_ad",
    "DROP TRIGGER IF EXISTS temp.first_sync_fts_au",
    f"DROP TABLE IF EXISTS {_TABLE}",
)


def marking(conn: sqlite3.Connection) -> bool:
    """At the start of a first sync's batch: whether its papers are inserted marked.

    Only while the store's own full-text triggers wait for the end of the sync: if another
    writer built them back meanwhile (or an older paperterm deferred the indexes only), the
    temporary triggers go and papers are marked after indexing, as everywhere else.
    """
    marks = ", ".join("?" * len(FTS_TRIGGERS))
    present = conn.execute(
        f"SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})", FTS_TRIGGERS
    ).fetchone()
    if present:
        stop(conn)
        return False
    for sql in _SCHEMA:
        conn.execute(sql)
    return True


def committed_up_to(conn: sqlite3.Connection, top: int) -> None:
    """Inside the batch, once its papers are in ``papers_fts``: they are kept in step now."""
    conn.execute(f"UPDATE {_TABLE} SET upto = ?", (top,))


def stop(conn: sqlite3.Connection) -> None:
    """Drop the temporary triggers (before the write that builds the store's own)."""
    for sql in _DROP:
        conn.execute(sql)
