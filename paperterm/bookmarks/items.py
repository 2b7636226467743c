"""The SQL of list rows and list items: create a list, append papers at its end in bulk."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from paperterm.bookmarks.common import now


def insert_list(conn: sqlite3.Connection, name: str, created_at: str | None = None) -> int:
    """Create the list row ``name`` (already clean and free); its id."""
    cur = conn.execute(
        "INSERT INTO lists (name, created_at) VALUES (?, ?)", (name, created_at or now())
    )
    return int(cur.lastrowid or 0)


def append_items(
    conn: sqlite3.Connection, list_id: int, items: Iterable[tuple[str, str | None]]
) -> int:
    """Put papers ``(key, added_at)`` at the end of a list, in order; how many were new.

    One read of the list's last position and one ``executemany``, so a 100k-paper list costs
    the same per item as a short one. Keys already in the list (or twice in ``items``) keep
    their first place. The keys need no row in ``papers``: user tables are keyed by paper key,
    so a bookmark outlives its paper and finds it again when a later sync brings it back.
    """
    present = {
        k for (k,) in conn.execute("SELECT paper_key FROM list_items WHERE list_id = ?", (list_id,))
    }
    (last,) = conn.execute(
        "SELECT coalesce(max(position), -1) FROM list_items WHERE list_id = ?", (list_id,)
    ).fetchone()
    rows = []
    stamp = now()
    for key, added_at in items:
        if key in present:
            continue
        present.add(key)
        last += 1
        rows.append((list_id, key, last, added_at or stamp))
    conn.executemany(
        "INSERT INTO list_items (list_id, paper_key, position, added_at) VALUES (?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def append_item(conn: sqlite3.Connection, list_id: int, key: str, added_at: str | None) -> bool:
    """Put one paper at the end of a list; False when it is already in it."""
    exists = conn.execute(
        "SELECT 1 FROM list_items WHERE list_id = ? AND paper_key = ?", (list_id, key)
    ).fetchone()
    if exists:
        return False
    (last,) = conn.execute(
        "SELECT coalesce(max(position), -1) FROM list_items WHERE list_id = ?", (list_id,)
    ).fetchone()
    conn.execute(
        "INSERT INTO list_items (list_id, paper_key, position, added_at) VALUES (?, ?, ?, ?)",
        (list_id, key, last + 1, added_at or now()),
    )
    return True
