"""Reading the library a page at a time, in the order the reader shows with no query."""

from __future__ import annotations

import sqlite3

from paperterm.models import Paper
from paperterm.store.papers import NEWEST_FIRST, papers_by_ids


def newest_page(conn: sqlite3.Connection, offset: int, count: int) -> list[Paper]:
    """``count`` papers from ``offset``, newest first."""
    if count <= 0:
        return []
    sql = f"SELECT id FROM papers ORDER BY {NEWEST_FIRST} LIMIT ? OFFSET ?"
    ids = [row[0] for row in conn.execute(sql, (count, offset))]
    papers = papers_by_ids(conn, ids)
    return [papers[i] for i in ids if i in papers]


def newest_position(conn: sqlite3.Connection, key: str, within: int) -> int:
    """Where paper ``key`` is among the first ``within`` papers newest first, or -1.

    One statement: a reader's database thread reading those rows one by one waited for the
    UI thread's GIL at each of them (~0.1-0.3 s for 1,000 rows while Textual starts).
    """
    sql = (
        f"SELECT pos FROM (SELECT key, row_number() OVER (ORDER BY {NEWEST_FIRST}) - 1 AS pos"
        f" FROM papers ORDER BY {NEWEST_FIRST} LIMIT ?) WHERE key = ?"
    )
    row = conn.execute(sql, (within, key)).fetchone()
    return -1 if row is None else int(row[0])


def has_papers(conn: sqlite3.Connection) -> bool:
    """True when the store holds at least one paper."""
    return conn.execute("SELECT EXISTS (SELECT 1 FROM papers)").fetchone()[0] == 1
