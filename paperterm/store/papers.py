"""Reading papers, appearances and figures out of the store."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from paperterm.models import Appearance, Paper

T = TypeVar("T")

PAPER_COLUMNS = (
    "id, key, title, abstract, first_seen, last_seen, seen, arxiv_id, authors, upvotes,"
    " github, project_page, published, last_position, ai_summary, arxiv_category"
)
# Newest first: last seen, then place in that digest.
NEWEST_FIRST = "last_seen DESC, last_position ASC, id DESC"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def paper_from_row(row: Sequence) -> Paper:
    """Build a Paper from a row selected with PAPER_COLUMNS."""
    authors = tuple(json.loads(row[8])) if row[8] else ()
    return Paper(
        id=row[0],
        key=row[1],
        title=row[2],
        abstract=row[3],
        first_seen=_date(row[4]),
        last_seen=_date(row[5]),
        seen=row[6],
        arxiv_id=row[7],
        authors=authors,
        upvotes=row[9],
        github=row[10],
        project_page=row[11],
        published=row[12],
        last_position=row[13],
        ai_summary=row[14],
        arxiv_category=row[15],
    )


def iter_papers(conn: sqlite3.Connection, *, newest_first: bool = True) -> Iterator[Paper]:
    """Every paper in the store."""
    order = f" ORDER BY {NEWEST_FIRST}" if newest_first else ""
    for row in conn.execute(f"SELECT {PAPER_COLUMNS} FROM papers{order}"):
        yield paper_from_row(row)


def in_chunks(values: Iterable[T], size: int = 500) -> Iterator[tuple[list[T], str]]:
    """Values in chunks small enough for one ``IN (...)``, with their ``?,?,...`` marks."""
    items = list(values)
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        yield chunk, ",".join("?" * len(chunk))


def papers_by_ids(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, Paper]:
    """Papers for the given row ids."""
    found: dict[int, Paper] = {}
    for chunk, marks in in_chunks(ids):
        for row in conn.execute(f"SELECT {PAPER_COLUMNS} FROM papers WHERE id IN ({marks})", chunk):
            found[row[0]] = paper_from_row(row)
    return found


class AmbiguousKey(LookupError):
    """A key prefix that names more than one paper."""


def get_paper(conn: sqlite3.Connection, key: str) -> Paper | None:
    """The paper with this key, or the only one whose key starts with it (at least 4 digits)."""
    key = key.strip().lower()
    row = conn.execute(f"SELECT {PAPER_COLUMNS} FROM papers WHERE key = ?", (key,)).fetchone()
    if row:
        return paper_from_row(row)
    if len(key) < 4 or not all(c in "0123456789abcdef" for c in key):
        return None
    rows = conn.execute(
        f"SELECT {PAPER_COLUMNS} FROM papers WHERE key >= ? AND key < ? LIMIT 2",
        (key, key + "g"),
    ).fetchall()
    if len(rows) > 1:
        raise AmbiguousKey(f"the key {key} names more than one paper; type more of it")
    return paper_from_row(rows[0]) if rows else None


def appearances_of(conn: sqlite3.Connection, paper_id: int) -> list[Appearance]:
    """Every digest a paper appeared in, oldest first."""
    rows = conn.execute(
        "SELECT d.date, o.locator, a.position FROM appearances a"
        " JOIN digests d ON d.id = a.digest_id JOIN origins o ON o.id = d.origin_id"
        " WHERE a.paper_id = ? ORDER BY d.date, o.locator, a.position",
        (paper_id,),
    )
    return [Appearance(dt.date.fromisoformat(d), loc, pos) for d, loc, pos in rows]


def digest_dates(conn: sqlite3.Connection) -> list[tuple[dt.date, int]]:
    """Each digest date with how many papers appeared on it, newest first."""
    rows = conn.execute(
        "SELECT d.date, count(DISTINCT a.paper_id) FROM digests d"
        " JOIN appearances a ON a.digest_id = d.id GROUP BY d.date ORDER BY d.date DESC"
    )
    return [(dt.date.fromisoformat(d), n) for d, n in rows]


def paper_count(conn: sqlite3.Connection) -> int:
    """How many papers the store holds (a scan of an index: ~20 ms at 1M papers)."""
    return int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])


def stats(conn: sqlite3.Connection) -> dict[str, object]:
    """Figures for ``paperterm stats``."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "digests": one("SELECT count(*) FROM digests"),
        "papers": one("SELECT count(*) FROM papers"),
        "appearances": one("SELECT count(*) FROM appearances"),
        "first_date": one("SELECT min(date) FROM digests"),
        "last_date": one("SELECT max(date) FROM digests"),
        "sources": one("SELECT count(*) FROM origins"),
        "bookmarked": one("SELECT count(DISTINCT paper_key) FROM list_items"),
        "notes": one("SELECT count(*) FROM notes"),
        "read": one("SELECT count(*) FROM read_state"),
    }
