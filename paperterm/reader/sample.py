"""The bundled sample as a source of its own: which digests it brought, and removing them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from paperterm.store import Store
from paperterm.store.ingest import drop_unreferenced, refresh_paper_stats
from paperterm.store.papers import in_chunks

SAMPLE_NAME = "sample"
REMOVED_FLAG = "sample_removed"  # in reader_state: the user removed it, never load it again


def sample_origin_ids(conn: sqlite3.Connection) -> list[int]:
    """The origins (files) the sample brought into this store."""
    from paperterm.sync.engine import is_bundled_file  # sync loads only when asked

    rows = conn.execute("SELECT id, locator FROM origins WHERE kind = 'file'").fetchall()
    return [oid for oid, locator in rows if is_bundled_file(locator)]


def _paper_ids(conn: sqlite3.Connection, origin_ids: list[int], only: bool) -> set[int]:
    """Papers in the sample's digests; with ``only``, those no other digest names."""
    found: set[int] = set()
    for chunk, marks in in_chunks(origin_ids):
        rows = conn.execute(
            "SELECT DISTINCT a.paper_id FROM appearances a JOIN digests d ON d.id = a.digest_id"
            f" WHERE d.origin_id IN ({marks})",
            chunk,
        )
        found |= {pid for (pid,) in rows}
    if not only or not found:
        return found
    mine = set(origin_ids)
    elsewhere = {
        pid
        for pid, oid in conn.execute(
            "SELECT a.paper_id, d.origin_id FROM appearances a JOIN digests d ON d.id = a.digest_id"
        )
        if oid not in mine and pid in found
    }
    return found - elsewhere


@dataclass(frozen=True)
class SampleFigures:
    """What the sample holds in a store: its digests and the papers only it brought."""

    digests: int
    papers: int


def sample_figures(conn: sqlite3.Connection) -> SampleFigures | None:
    """The sample's figures, or None when the store holds nothing from it."""
    origins = sample_origin_ids(conn)
    if not origins:
        return None
    digests = 0
    for chunk, marks in in_chunks(origins):
        sql = f"SELECT count(*) FROM digests WHERE origin_id IN ({marks})"
        digests += conn.execute(sql, chunk).fetchone()[0]
    return SampleFigures(digests, len(_paper_ids(conn, origins, only=True)))


@dataclass(frozen=True)
class SampleRemoval:
    """What ``remove_sample`` did: digests and papers removed, papers kept for the user's data."""

    digests: int = 0
    papers: int = 0
    kept: int = 0  # papers only the sample brought, kept for a list, a note or read state
    remaining: int = 0  # papers in the store afterwards

    @property
    def found(self) -> bool:
        return bool(self.digests or self.papers or self.kept)


def remove_sample(store: Store) -> SampleRemoval:
    """Remove the sample's digests and every paper only it brought that holds no user data.

    The user's lists, notes and read state are never touched: a paper they name stays.
    The sample is not loaded again by itself afterwards.
    """
    with store.write(durable=True) as conn:
        origins = sample_origin_ids(conn)
        only = _paper_ids(conn, origins, only=True)
        touched = _paper_ids(conn, origins, only=False)
        digests = 0
        for chunk, marks in in_chunks(origins):
            sql = f"SELECT count(*) FROM digests WHERE origin_id IN ({marks})"
            digests += conn.execute(sql, chunk).fetchone()[0]
            conn.execute(f"DELETE FROM digests WHERE origin_id IN ({marks})", chunk)
            conn.execute(f"DELETE FROM origins WHERE id IN ({marks})", chunk)
        refresh_paper_stats(conn, touched)
        removed = drop_unreferenced(conn, only)
        set_sample_removed(conn, True)
        remaining = conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    return SampleRemoval(digests, removed, len(only) - removed, remaining)


def sample_removed(conn: sqlite3.Connection) -> bool:
    """True once the user removed the sample from this store."""
    sql = "SELECT 1 FROM reader_state WHERE name = ?"
    return conn.execute(sql, (REMOVED_FLAG,)).fetchone() is not None


def set_sample_removed(conn: sqlite3.Connection, removed: bool) -> None:
    """Remember (or forget, when the user loads it again) that the sample was removed."""
    if removed:
        conn.execute(
            "INSERT OR REPLACE INTO reader_state (name, value) VALUES (?, '1')", (REMOVED_FLAG,)
        )
    else:
        conn.execute("DELETE FROM reader_state WHERE name = ?", (REMOVED_FLAG,))
