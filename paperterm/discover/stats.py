"""Library figures for the stats view: papers per digest day, read state, new title terms, lists."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from paperterm.discover.terms import terms
from paperterm.store import Store, digest_dates

TERM_WINDOWS = (7, 30)
TOP_TERMS = 10


@dataclass(frozen=True)
class LibraryStats:
    """What ``paperterm stats`` and the reader's stats view show."""

    papers: int
    digests: int
    read: int
    unread: int
    bookmarked: int
    notes: int
    first_date: dt.date | None
    last_date: dt.date | None
    per_day: list[tuple[dt.date, int]] = field(default_factory=list)  # oldest first
    # window in days -> the most frequent title terms of papers first seen in it
    new_terms: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    lists: list[tuple[str, int]] = field(default_factory=list)


def _title_terms(store: Store, since: dt.date) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    rows = store.conn.execute(
        "SELECT title FROM papers WHERE first_seen >= ?", (since.isoformat(),)
    )
    for (title,) in rows:
        counts.update(set(terms(title)))  # a paper counts once per word
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]


def library_stats(store: Store) -> LibraryStats:
    """Figures about the library; term windows end at the newest digest, not today."""
    conn = store.conn
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    papers = one("SELECT count(*) FROM papers")
    read = one("SELECT count(*) FROM papers WHERE key IN (SELECT paper_key FROM read_state)")
    per_day = sorted(digest_dates(conn))
    last = per_day[-1][0] if per_day else None
    new_terms = {}
    if last is not None:
        for days in TERM_WINDOWS:
            new_terms[days] = _title_terms(store, last - dt.timedelta(days=days - 1))
    lists = conn.execute(
        "SELECT l.name, count(i.paper_key) FROM lists l LEFT JOIN list_items i"
        " ON i.list_id = l.id GROUP BY l.id ORDER BY l.name COLLATE NOCASE"
    ).fetchall()
    return LibraryStats(
        papers=papers,
        digests=one("SELECT count(*) FROM digests"),
        read=read,
        unread=papers - read,
        bookmarked=one("SELECT count(DISTINCT paper_key) FROM list_items"),
        notes=one("SELECT count(*) FROM notes"),
        first_date=per_day[0][0] if per_day else None,
        last_date=last,
        per_day=per_day,
        new_terms=new_terms,
        lists=[(name, n) for name, n in lists],
    )
