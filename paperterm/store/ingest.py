"""Writing digests into the store: one origin (file, message, API day) at a time."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from paperterm.models import Digest, Entry
from paperterm.text import paper_key


@dataclass
class IngestCounts:
    """What storing one origin changed."""

    digests: int = 0
    appearances: int = 0
    new_papers: int = 0
    paper_ids: frozenset[int] = frozenset()


def known_origins(conn: sqlite3.Connection, kind: str | None = None) -> dict[str, tuple[str, str]]:
    """locator -> (stamp, sha256) for every origin synced so far (of one kind if given)."""
    sql = "SELECT locator, coalesce(stamp, ''), coalesce(sha256, '') FROM origins"
    rows = conn.execute(sql + " WHERE kind = ?", (kind,)) if kind else conn.execute(sql)
    return {loc: (stamp, sha) for loc, stamp, sha in rows}


def touch_origin(conn: sqlite3.Connection, locator: str, stamp: str | None) -> None:
    """Record a new change stamp for an origin whose content did not change."""
    conn.execute("UPDATE origins SET stamp = ? WHERE locator = ?", (stamp, locator))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _upsert_paper(conn: sqlite3.Connection, entry: Entry) -> tuple[int, bool]:
    key = paper_key(entry.title)
    row = conn.execute("SELECT id, abstract FROM papers WHERE key = ?", (key,)).fetchone()
    authors = json.dumps(list(entry.authors)) if entry.authors else None
    if row is None:
        cur = conn.execute(
            "INSERT INTO papers (key, title, abstract, arxiv_id, authors, upvotes, github,"
            " project_page, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                entry.title,
                entry.abstract,
                entry.arxiv_id,
                authors,
                entry.upvotes,
                entry.github,
                entry.project_page,
                entry.published,
            ),
        )
        return int(cur.lastrowid or 0), True
    paper_id, abstract = row
    if len(entry.abstract) > len(abstract):
        conn.execute("UPDATE papers SET abstract = ? WHERE id = ?", (entry.abstract, paper_id))
    if (
        entry.arxiv_id
        or authors
        or entry.upvotes is not None
        or entry.github
        or entry.project_page
        or entry.published
    ):
        # A richer source fills in what a text digest could not carry.
        conn.execute(
            "UPDATE papers SET arxiv_id = coalesce(?, arxiv_id), authors = coalesce(?, authors),"
            " upvotes = coalesce(?, upvotes), github = coalesce(?, github),"
            " project_page = coalesce(?, project_page), published = coalesce(?, published)"
            " WHERE id = ?",
            (
                entry.arxiv_id,
                authors,
                entry.upvotes,
                entry.github,
                entry.project_page,
                entry.published,
                paper_id,
            ),
        )
    return paper_id, False


def refresh_paper_stats(conn: sqlite3.Connection, paper_ids: Iterable[int]) -> None:
    """Recompute first/last seen, times seen and newest position from appearances."""
    ids = list(paper_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        conn.execute(
            f"""
            UPDATE papers SET
              first_seen = (SELECT min(d.date) FROM appearances a JOIN digests d
                            ON d.id = a.digest_id WHERE a.paper_id = papers.id),
              last_seen = (SELECT max(d.date) FROM appearances a JOIN digests d
                           ON d.id = a.digest_id WHERE a.paper_id = papers.id),
              seen = (SELECT count(DISTINCT a.digest_id) FROM appearances a
                      WHERE a.paper_id = papers.id),
              last_position = coalesce((SELECT a.position FROM appearances a JOIN digests d
                           ON d.id = a.digest_id WHERE a.paper_id = papers.id
                           ORDER BY d.date DESC, a.position LIMIT 1), 0)
            WHERE id IN ({marks})
            """,
            chunk,
        )


def _drop_unreferenced(conn: sqlite3.Connection, paper_ids: Iterable[int]) -> None:
    # A paper no digest mentions any more goes, unless the user's data names it.
    ids = list(paper_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        conn.execute(
            f"""
            DELETE FROM papers WHERE id IN ({marks}) AND seen = 0
              AND key NOT IN (SELECT paper_key FROM list_items)
              AND key NOT IN (SELECT paper_key FROM notes)
              AND key NOT IN (SELECT paper_key FROM read_state)
            """,
            chunk,
        )


def replace_origin(
    conn: sqlite3.Connection,
    *,
    kind: str,
    locator: str,
    stamp: str | None,
    sha256: str | None,
    digests: Iterable[Digest],
) -> IngestCounts:
    """Replace everything an origin contributed with ``digests``. Call inside a transaction."""
    old_ids: set[int] = set()
    row = conn.execute("SELECT id FROM origins WHERE locator = ?", (locator,)).fetchone()
    if row:
        origin_id = row[0]
        old_ids = {
            pid
            for (pid,) in conn.execute(
                "SELECT a.paper_id FROM appearances a JOIN digests d ON d.id = a.digest_id"
                " WHERE d.origin_id = ?",
                (origin_id,),
            )
        }
        conn.execute("DELETE FROM digests WHERE origin_id = ?", (origin_id,))
        conn.execute(
            "UPDATE origins SET kind = ?, stamp = ?, sha256 = ?, synced_at = ? WHERE id = ?",
            (kind, stamp, sha256, _now(), origin_id),
        )
    else:
        cur = conn.execute(
            "INSERT INTO origins (kind, locator, stamp, sha256, synced_at) VALUES (?, ?, ?, ?, ?)",
            (kind, locator, stamp, sha256, _now()),
        )
        origin_id = cur.lastrowid
    counts = IngestCounts()
    new_ids: set[int] = set()
    for seq, digest in enumerate(digests):
        cur = conn.execute(
            "INSERT INTO digests (origin_id, seq, date, line) VALUES (?, ?, ?, ?)",
            (origin_id, seq, digest.date.isoformat(), digest.line),
        )
        digest_id = cur.lastrowid
        counts.digests += 1
        rows = []
        for position, entry in enumerate(digest.entries):
            paper_id, created = _upsert_paper(conn, entry)
            counts.new_papers += created
            new_ids.add(paper_id)
            rows.append((digest_id, position, paper_id, entry.line))
        conn.executemany(
            "INSERT INTO appearances (digest_id, position, paper_id, line) VALUES (?, ?, ?, ?)",
            rows,
        )
        counts.appearances += len(rows)
    refresh_paper_stats(conn, old_ids | new_ids)
    _drop_unreferenced(conn, old_ids - new_ids)
    counts.paper_ids = frozenset(new_ids)
    return counts
