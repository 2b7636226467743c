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
    paper's abstract missing from it has none (``store_new_links`` scans nothing again).
    """
    _KNOWN.update(found)
    _COMPLETE[0] = complete
    try:
        yield
    finally:
        _KNOWN.clear()
        _COMPLETE[0] = False


def refresh_text_links(conn: sqlite3.Connection, paper_ids: Iterable[int] | None) -> int:
    """Find the links in the abstracts of the given papers (``None``: every paper) again.

    Links from other sources (an enrichment) are kept. Returns how many links were stored.
    """
    if paper_ids is None:
        conn.execute("DELETE FROM paper_links WHERE source = ?", (ABSTRACT,))
        rows = conn.execute("SELECT id, abstract FROM papers")
        return _store(conn, ((pid, _links_of(abstract, False)) for pid, abstract in rows))
    stored = 0
    for chunk, marks in in_chunks(paper_ids):
        conn.execute(
            f"DELETE FROM paper_links WHERE source = ? AND paper_id IN ({marks})",
            (ABSTRACT, *chunk),
        )
        rows = conn.execute(f"SELECT id, abstract FROM papers WHERE id IN ({marks})", chunk)
        stored += _store(conn, [(pid, _links_of(abstract, False)) for pid, abstract in rows])
    return stored


def store_new_links(conn: sqlite3.Connection, abstracts: dict[int, str]) -> int:
    """Store the links of papers just created (id -> abstract): none are stored for them yet.

    Their abstracts are the unit's own, so links ``known_links`` holds for a complete unit
    are all there is: no abstract is read back or scanned again.
    """
    return _store(conn, [(pid, _links_of(text, _COMPLETE[0])) for pid, text in abstracts.items()])


def _links_of(abstract: str, complete: bool) -> list[FoundLink]:
    if abstract in _KNOWN:
        return _KNOWN[abstract]
    if complete:
        return []
    return find_links(abstract) if might_link(abstract) else []


def _store(conn: sqlite3.Connection, found: Iterable[tuple[int, list[FoundLink]]]) -> int:
    values = [(pid, link.kind, link.url, ABSTRACT) for pid, links in found for link in links]
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
