"""Writing digests into the store: one origin (file, message, API day) at a time."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from paperterm.models import Digest, Entry
from paperterm.store.deferred import finish_build
from paperterm.store.links import refresh_text_links, store_new_links
from paperterm.store.papers import in_chunks
from paperterm.text import paper_key, title_noise


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


def is_new_store(conn: sqlite3.Connection) -> bool:
    """No origin, no paper and no user data yet: a first sync has nothing to lose."""
    tables = ("origins", "papers", "lists", "notes", "read_state")
    return not any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in tables)


def touch_origin(conn: sqlite3.Connection, locator: str, stamp: str | None) -> None:
    """Record a new change stamp for an origin whose content did not change."""
    conn.execute("UPDATE origins SET stamp = ? WHERE locator = ?", (stamp, locator))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


_ENRICH = (
    "UPDATE papers SET arxiv_id = coalesce(?, arxiv_id), authors = coalesce(?, authors),"
    " upvotes = coalesce(?, upvotes), github = coalesce(?, github),"
    " project_page = coalesce(?, project_page), published = coalesce(?, published)"
    " WHERE id = ?"
)


_NO_METADATA = (None,) * 6  # a text digest's entry: nothing but a title and an abstract


def _metadata(entry: Entry) -> tuple:
    if (
        entry.arxiv_id is None
        and not entry.authors
        and entry.upvotes is None
        and entry.github is None
        and entry.project_page is None
        and entry.published is None
    ):
        return _NO_METADATA
    authors = json.dumps(list(entry.authors)) if entry.authors else None
    return (
        entry.arxiv_id,
        authors,
        entry.upvotes,
        entry.github,
        entry.project_page,
        entry.published,
    )


def _upsert_papers(
    conn: sqlite3.Connection,
    entries: tuple[Entry, ...],
    date: str,
    fresh: dict[int, str],
    indexed: int,
    rewritten: set[int],
) -> tuple[list[tuple[int, int, int]], set[int]]:
    """Place a digest's entries: ([(position, paper id, line)], ids of new papers).

    New papers are inserted with their stats for this one appearance already set, and
    ``indexed`` as given. A title repeated inside one digest is placed once. ``fresh``
    (id -> abstract) holds the papers the origin being stored created so far, their
    abstracts kept current here; the ids of stored papers given a new abstract are added
    to ``rewritten``.
    """
    keys = [entry.key or paper_key(entry.title) for entry in entries]
    existing: dict[str, tuple[int, str, str | None]] = {}
    titles: dict[int, str] = {}
    for chunk, marks in in_chunks(dict.fromkeys(keys)):
        for key, pid, abstract, last_seen, title in conn.execute(
            f"SELECT key, id, abstract, last_seen, title FROM papers WHERE key IN ({marks})",
            chunk,
        ):
            existing[key] = (pid, abstract, last_seen)
            titles[pid] = title
    next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM papers").fetchone()[0]
    placed: list[tuple[int, int, int]] = []
    created: set[int] = set()
    here: set[int] = set()
    rows: list[tuple] = []
    row_of: dict[int, int] = {}  # new paper id -> its row in ``rows``
    stamp = _now()  # created_at: when first stored, for "new since the last visit"
    for position, (entry, key) in enumerate(zip(entries, keys, strict=True)):
        meta = _metadata(entry)
        if key in existing:
            pid, abstract, last_seen = existing[key]
            if title_noise(entry.title) < title_noise(titles[pid]):
                _show_cleaner_title(conn, pid, entry.title, rows, row_of)
                titles[pid] = entry.title
            if pid in here:
                continue
            if pid not in created:
                # The newest digest's abstract wins (an edited file fixes its abstract), but
                # re-reading an old digest does not undo a newer one.
                newer = last_seen is None or date >= last_seen
                if entry.abstract and entry.abstract != abstract and newer:
                    conn.execute(
                        "UPDATE papers SET abstract = ? WHERE id = ?", (entry.abstract, pid)
                    )
                    rewritten.add(pid)
                    if pid in fresh:
                        fresh[pid] = entry.abstract
                if meta is not _NO_METADATA and any(value is not None for value in meta):
                    # A richer source fills in what a text digest could not carry.
                    conn.execute(_ENRICH, (*meta, pid))
        else:
            pid = next_id
            next_id += 1
            existing[key] = (pid, entry.abstract, date)
            created.add(pid)
            fresh[pid] = entry.abstract
            titles[pid] = entry.title
            row_of[pid] = len(rows)
            rows.append(
                (pid, key, entry.title, entry.abstract, *meta, date, date, position, stamp, indexed)
            )
        here.add(pid)
        placed.append((position, pid, entry.line))
    conn.executemany(
        "INSERT INTO papers (id, key, title, abstract, arxiv_id, authors, upvotes, github,"
        " project_page, published, first_seen, last_seen, seen, last_position, created_at,"
        " indexed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
        rows,
    )
    return placed, created


def _show_cleaner_title(
    conn: sqlite3.Connection, pid: int, title: str, rows: list[tuple], row_of: dict[int, int]
) -> None:
    """Show ``title``: the same paper spelled without zero-width or format characters."""
    if pid in row_of:  # inserted by this digest: not in the table yet
        row = rows[row_of[pid]]
        rows[row_of[pid]] = (*row[:2], title, *row[3:])
    else:
        conn.execute("UPDATE papers SET title = ? WHERE id = ?", (title, pid))


def index_pending(conn: sqlite3.Connection) -> int:
    """Add papers not yet in the full-text index to it; call before committing a write.

    The indexes a first sync (even a killed one) left to build are made first.
    """
    finish_build(conn)
    cur = conn.execute(
        "INSERT INTO papers_fts(rowid, title, abstract)"
        " SELECT id, title, abstract FROM papers WHERE indexed = 0"
    )
    conn.execute("UPDATE papers SET indexed = 1 WHERE indexed = 0")
    return cur.rowcount


def index_new(conn: sqlite3.Connection, above: int, *, marked: bool = False) -> int:
    """Add papers with an id above ``above`` to the full-text index (a first sync's batch).

    The same as ``index_pending`` for a batch that only appends papers, found by their id
    range: no ``papers_unindexed`` index is needed (a first sync builds it at the end).
    ``marked``: the batch inserted them all with ``indexed = 1`` already (``first_fts``).
    """
    if marked:
        return conn.execute(
            "INSERT INTO papers_fts(rowid, title, abstract)"
            " SELECT id, title, abstract FROM papers WHERE id > ?",
            (above,),
        ).rowcount
    cur = conn.execute(
        "INSERT INTO papers_fts(rowid, title, abstract)"
        " SELECT id, title, abstract FROM papers WHERE id > ? AND indexed = 0",
        (above,),
    )
    conn.execute("UPDATE papers SET indexed = 1 WHERE id > ? AND indexed = 0", (above,))
    return cur.rowcount


_STATS = """
    UPDATE papers SET (first_seen, last_seen, seen) = (
        SELECT coalesce(min(d.date), papers.first_seen),
               coalesce(max(d.date), papers.last_seen), count(DISTINCT d.date)
        FROM appearances a JOIN digests d ON d.id = a.digest_id
        WHERE a.paper_id = papers.id),
      last_position = coalesce((SELECT a.position FROM appearances a JOIN digests d
        ON d.id = a.digest_id WHERE a.paper_id = papers.id
        ORDER BY d.date DESC, a.position LIMIT 1), 0)
"""
# A paper that no digest mentions and no user table names.
_UNREFERENCED = """
    NOT EXISTS (SELECT 1 FROM appearances a WHERE a.paper_id = papers.id)
    AND key NOT IN (SELECT paper_key FROM list_items)
    AND key NOT IN (SELECT paper_key FROM notes)
    AND key NOT IN (SELECT paper_key FROM read_state)
"""


def refresh_paper_stats(conn: sqlite3.Connection, paper_ids: Iterable[int] | None) -> None:
    """Recompute first/last seen, times seen (distinct digest dates) and newest position.

    ``None`` means every paper. A paper with no appearance left keeps its dates.
    """
    if paper_ids is None:
        conn.execute(_STATS)
        return
    for chunk, marks in in_chunks(paper_ids):
        conn.execute(f"{_STATS} WHERE id IN ({marks})", chunk)


def drop_unreferenced(conn: sqlite3.Connection, paper_ids: Iterable[int] | None) -> int:
    """Delete the given papers (``None``: any paper) that nothing names any more."""
    if paper_ids is None:
        return conn.execute(f"DELETE FROM papers WHERE {_UNREFERENCED}").rowcount
    removed = 0
    for chunk, marks in in_chunks(paper_ids):
        cur = conn.execute(f"DELETE FROM papers WHERE id IN ({marks}) AND {_UNREFERENCED}", chunk)
        removed += cur.rowcount
    return removed


def replace_origin(
    conn: sqlite3.Connection,
    *,
    kind: str,
    locator: str,
    stamp: str | None,
    sha256: str | None,
    digests: Iterable[Digest],
    indexed: bool = False,
) -> IngestCounts:
    """Replace everything an origin contributed with ``digests``. Call inside a transaction.

    ``indexed``: new papers are inserted marked as in the full-text index (a first sync's
    batch puts them there before its commit; see ``first_fts``).
    """
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
    created: set[int] = set()
    fresh: dict[int, str] = {}  # papers created here -> their abstract
    rewritten: set[int] = set()  # papers whose stored abstract changed here
    times_here: Counter[int] = Counter()
    for seq, digest in enumerate(digests):
        cur = conn.execute(
            "INSERT INTO digests (origin_id, seq, date, line) VALUES (?, ?, ?, ?)",
            (origin_id, seq, digest.date.isoformat(), digest.line),
        )
        digest_id = cur.lastrowid
        counts.digests += 1
        placed, new = _upsert_papers(
            conn, digest.entries, digest.date.isoformat(), fresh, int(indexed), rewritten
        )
        created |= new
        times_here.update(pid for _, pid, _ in placed)
        conn.executemany(
            "INSERT INTO appearances (digest_id, position, paper_id, line) VALUES (?, ?, ?, ?)",
            [(digest_id, position, pid, line) for position, pid, line in placed],
        )
        counts.appearances += len(placed)
    new_ids = set(times_here)
    # Papers created here and seen only once already carry the right stats.
    settled = {pid for pid in created if times_here[pid] == 1}
    refresh_paper_stats(conn, (old_ids | new_ids) - settled)
    drop_unreferenced(conn, old_ids - new_ids)
    refresh_text_links(conn, rewritten - created)  # a new abstract: its links follow
    store_new_links(conn, fresh)
    counts.new_papers = len(created)
    counts.paper_ids = frozenset(new_ids)
    return counts
