"""The ``paper_links`` table: links found in abstracts (and given by enrichment), per paper."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from paperterm.store.papers import in_chunks
from paperterm.text_links import FoundLink, find_links, might_link

ABSTRACT = "abstract"  # the source of links found in a paper's abstract
# Links a sync's parse workers already found, by abstract (see ``known_links``).
_KNOWN: dict[str, list[FoundLink]] = {}
# True while _KNOWN holds every abstract of the unit being stored that has a link.
_COMPLETE: list[bool] = [False]


@contextmanager
def known_links(found: dict[str, list[FoundLink]], *, complete: bool = False) -> Iterator[None]:
    """Use links found elsewhere (a parse worker) for these abstracts while storing them.

    ``complete``: ``found`` covers every abstract of the unit that holds a link, so a new
    paper's abstract missing from it has none (no second scan of 100k abstracts).
    """
    _KNOWN.update(found)
    _COMPLETE[0] = complete
    try:
        yield
    finally:
        _KNOWN.clear()
        _COMPLETE[0] = False


def refresh_text_links(
    conn: sqlite3.Connection,
    paper_ids: Iterable[int] | None,
    new: frozenset[int] | set[int] = frozenset(),
) -> int:
    """Find the links in the abstracts of the given papers (``None``: every paper) again.

    Links from other sources (an enrichment) are kept. Returns how many links were stored.
    ``new``: papers created by the unit being stored (no links yet; their abstracts are
    the unit's, whose links ``known_links`` may hold).
    """
    if paper_ids is None:
        conn.execute("DELETE FROM paper_links WHERE source = ?", (ABSTRACT,))
        rows = conn.execute("SELECT id, abstract FROM papers")
        return _store(conn, rows)
    stored = 0
    for chunk, marks in in_chunks(paper_ids):
        old = [pid for pid in chunk if pid not in new]
        for part, part_marks in in_chunks(old):
            conn.execute(
                f"DELETE FROM paper_links WHERE source = ? AND paper_id IN ({part_marks})",
                (ABSTRACT, *part),
            )
        rows = conn.execute(f"SELECT id, abstract FROM papers WHERE id IN ({marks})", chunk)
        stored += _store(conn, rows.fetchall(), new)
    return stored


def _links_of(pid: int, abstract: str, new: frozenset[int] | set[int]) -> list[FoundLink]:
    if abstract in _KNOWN:
        return _KNOWN[abstract]
    if _COMPLETE[0] and pid in new:
        return []
    return find_links(abstract) if might_link(abstract) else []


def _store(
    conn: sqlite3.Connection,
    rows: Iterable[tuple[int, str]],
    new: frozenset[int] | set[int] = frozenset(),
) -> int:
    values = [
        (pid, link.kind, link.url, ABSTRACT)
        for pid, abstract in rows
        for link in _links_of(pid, abstract, new)
    ]
    conn.executemany(
        "INSERT OR IGNORE INTO paper_links (paper_id, kind, url, source) VALUES (?, ?, ?, ?)",
        values,
    )
    return len(values)


def add_links(conn: sqlite3.Connection, paper_id: int, links: Iterable[FoundLink], source: str):
    """Store links another source gave for a paper (each URL once per paper)."""
    conn.executemany(
        "INSERT OR IGNORE INTO paper_links (paper_id, kind, url, source) VALUES (?, ?, ?, ?)",
        [(paper_id, link.kind, link.url, source) for link in links],
    )


def found_links(conn: sqlite3.Connection, paper_id: int) -> list[FoundLink]:
    """The stored links of a paper, in the order they were found."""
    rows = conn.execute(
        "SELECT kind, url FROM paper_links WHERE paper_id = ? ORDER BY rowid", (paper_id,)
    )
    return [FoundLink(kind, url) for kind, url in rows]
