"""Where synced digests came from (``origins``): the lookups and moves the sync engine needs."""

from __future__ import annotations

import sqlite3


def has_origin(conn: sqlite3.Connection, locator: str) -> bool:
    """True when a unit at ``locator`` was synced before."""
    row = conn.execute("SELECT 1 FROM origins WHERE locator = ?", (locator,)).fetchone()
    return row is not None


def move_origin(conn: sqlite3.Connection, old: str, new: str, stamp: str | None) -> None:
    """A synced file moved or was renamed: its digests now come from ``new``."""
    conn.execute("UPDATE origins SET locator = ?, stamp = ? WHERE locator = ?", (new, stamp, old))
