"""The reader's last visit, and which papers are new since then (first stored after it)."""

from __future__ import annotations

import datetime as dt
import sqlite3

LAST_VISIT = "last_visit"


def stamp(when: dt.datetime | dt.date) -> str:
    """``when`` as the store writes times: UTC ISO 8601 to the second (naive = local time).

    A date means its first moment in local time, so ``--since 2026-03-14`` includes
    everything stored that day.
    """
    if not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, dt.time())
    if when.tzinfo is None:
        when = when.astimezone()  # naive: local time, as a user types it
    return when.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def parse_stamp(value: str) -> dt.datetime:
    """A stored time back as an aware UTC datetime."""
    when = dt.datetime.fromisoformat(value)
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def last_visit(conn: sqlite3.Connection) -> dt.datetime | None:
    """When the reader was last used on this store (UTC), or None if never recorded."""
    row = conn.execute("SELECT value FROM reader_state WHERE name = ?", (LAST_VISIT,)).fetchone()
    if row is None:
        return None
    try:
        return parse_stamp(row[0])
    except ValueError:
        return None  # a damaged value: treat as never visited rather than fail to open


def record_visit(conn: sqlite3.Connection, when: dt.datetime | None = None) -> dt.datetime:
    """Remember ``when`` (default: now) as the last visit; returns the time stored.

    Commits on its own unless a transaction is open, so call it inside ``store.write()``
    or on the store's autocommit connection.
    """
    value = stamp(when or dt.datetime.now(dt.UTC))
    conn.execute(
        "INSERT INTO reader_state (name, value) VALUES (?, ?)"
        " ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        (LAST_VISIT, value),
    )
    return parse_stamp(value)


def new_count(conn: sqlite3.Connection, since: dt.datetime | dt.date | None) -> int:
    """How many papers were first stored after ``since`` (None: every paper is new)."""
    if since is None:
        return conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    return conn.execute(
        "SELECT count(*) FROM papers WHERE created_at > ?", (stamp(since),)
    ).fetchone()[0]
