"""Triage helpers both faces call: next unread, what is new, the papers of a view, visits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from paperterm.models import Hit, Marks
from paperterm.store import Store, last_visit, record_visit
from paperterm.store.visits import stamp

SCAN = 256  # hits read at a time while looking for an unread one


def next_unread(hits: Sequence[Hit], from_index: int, marks: Marks) -> int | None:
    """The index of the first unread paper after ``from_index`` in ``hits``, or None."""
    n = len(hits)
    start = max(from_index + 1, 0)
    for block in range(start, n, SCAN):
        for i, hit in enumerate(hits[block : min(n, block + SCAN)], start=block):
            if hit.paper.key not in marks.read:
                return i
    return None


def new_keys(store: Store, since: dt.datetime | None) -> set[str]:
    """Keys of the papers first stored after ``since`` (none when no visit is recorded)."""
    if since is None:
        return set()
    rows = store.conn.execute("SELECT key FROM papers WHERE created_at > ?", (stamp(since),))
    return {key for (key,) in rows}


def visit(store: Store) -> dt.datetime | None:
    """The last visit recorded for ``store``."""
    return last_visit(store.conn)


def record(store: Store) -> dt.datetime:
    """Remember now as the last visit (on quit, and when the user is caught up)."""
    with store.write() as conn:
        return record_visit(conn)


def list_papers(store: Store) -> int:
    """How many distinct papers of the store are in any reading list (For you learns on them)."""
    sql = "SELECT count(DISTINCT p.id) FROM list_items i JOIN papers p ON p.key = i.paper_key"
    return int(store.conn.execute(sql).fetchone()[0])
