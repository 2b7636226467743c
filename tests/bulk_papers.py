"""Stores filled with many made-up papers straight through SQL, for the bulk-path tests."""

from __future__ import annotations

from paperterm.store import Store
from paperterm.text import paper_key


def fill(store: Store, n: int, about: str = "bulk marks") -> list[str]:
    """Insert ``n`` papers seen once on 2026-03-14; their keys, in order."""
    titles = [f"Paper {i:05d} on {about}" for i in range(n)]
    keys = [paper_key(t) for t in titles]
    with store.write() as conn:
        conn.executemany(
            "INSERT INTO papers (key, title, first_seen, last_seen, seen)"
            " VALUES (?, ?, '2026-03-14', '2026-03-14', 1)",
            zip(keys, titles, strict=True),
        )
    return keys
