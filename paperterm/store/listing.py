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


def has_papers(conn: sqlite3.Connection) -> bool:
    """True when the store holds at least one paper."""
    return conn.execute("SELECT EXISTS (SELECT 1 FROM papers)").fetchone()[0] == 1
