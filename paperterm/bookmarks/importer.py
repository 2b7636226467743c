"""Import of a JSON backup: merged idempotently into the store in one transaction."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field

from paperterm.bookmarks.backup import Backup, BackupError, PaperRecord, parse_backup, read_backup
from paperterm.bookmarks.common import existing_keys, now
from paperterm.bookmarks.items import append_items, insert_list
from paperterm.bookmarks.saved_searches import merge_records
from paperterm.store import Store
from paperterm.text import paper_key

__all__ = [
    "BackupError",
    "ImportReport",
    "import_backup",
    "import_file",
    "parse_backup",
    "read_backup",
]


@dataclass
class ImportReport:
    """What an import changed (all zero when importing the same file again)."""

    lists_created: int = 0
    items_added: int = 0
    notes_added: int = 0
    notes_updated: int = 0
    read_added: int = 0
    papers_added: int = 0
    searches_added: int = 0
    keys_remapped: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return (
            self.lists_created
            + self.items_added
            + self.notes_added
            + self.notes_updated
            + self.read_added
            + self.papers_added
            + self.searches_added
        )

    def summary(self) -> str:
        if not self.changed:
            return "Nothing new: the store already holds everything in this backup."
        parts = [
            (self.lists_created, "new list", "new lists"),
            (self.items_added, "paper added to lists", "papers added to lists"),
            (self.notes_added, "new note", "new notes"),
            (self.notes_updated, "note updated", "notes updated"),
            (self.read_added, "paper marked read", "papers marked read"),
            (
                self.papers_added,
                "paper unknown to the store kept",
                "papers unknown to the store kept",
            ),
            (self.searches_added, "saved search", "saved searches"),
        ]
        return "Imported: " + " · ".join(
            f"{n} {one if n == 1 else many}" for n, one, many in parts if n
        )


def _paper_row(paper: PaperRecord, key: str) -> tuple:
    authors = json.dumps(paper.authors) if paper.authors else None
    return (
        key,
        paper.title,
        paper.abstract,
        paper.arxiv_id,
        authors,
        paper.upvotes,
        paper.github,
        paper.project_page,
        paper.published,
        paper.first_seen,
        paper.last_seen,
    )


def _resolve_papers(conn: sqlite3.Connection, backup: Backup, report: ImportReport) -> dict:
    """Map each key of the backup to a key in the store, inserting papers the store lacks.

    A key the backup names without a paper record (and the store does not know) is kept as
    it is: lists, notes and read state are keyed by paper key and need no paper row, and the
    paper joins them when a later sync brings it. The store is asked in bulk, not per key.
    """
    referenced = {k for _, _, items in backup.lists for k, _ in items}
    referenced |= set(backup.notes) | set(backup.read)
    known = existing_keys(conn, referenced | set(backup.papers))
    # The key is a hash of the title: recompute it (for papers the store lacks) so later
    # digests find this paper.
    real_keys = {k: paper_key(p.title) for k, p in backup.papers.items() if k not in known}
    known |= existing_keys(conn, set(real_keys.values()))
    mapping: dict[str, str] = {}
    rows = []
    for key, paper in backup.papers.items():
        if key in known:
            mapping[key] = key
            continue
        real = real_keys[key]
        if real != key:
            report.keys_remapped += 1
        if real not in known:
            rows.append(_paper_row(paper, real))
            known.add(real)
            report.papers_added += 1
        mapping[key] = real
    conn.executemany(
        "INSERT INTO papers (key, title, abstract, arxiv_id, authors, upvotes, github,"
        " project_page, published, first_seen, last_seen, seen)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        rows,
    )
    unknown = sorted(k for k in referenced - set(mapping) if k not in known)
    for key in referenced - set(mapping):
        mapping[key] = key
    if unknown:
        report.warnings.append(
            f"{len(unknown)} key{'s' * (len(unknown) != 1)} named in the backup with no paper"
            f" in it or in the store, kept (shown as not in the store until a sync brings"
            f" the paper): {', '.join(unknown[:5])}" + (" …" if len(unknown) > 5 else "")
        )
    return mapping


def import_backup(store: Store, backup: Backup) -> ImportReport:
    """Merge a backup into the store: lists by name, items appended, newer notes win."""
    report = ImportReport()
    with store.write(durable=True) as conn:
        mapping = _resolve_papers(conn, backup, report)
        for name, created, items in backup.lists:
            row = conn.execute("SELECT id FROM lists WHERE name = ?", (name,)).fetchone()
            if row:
                list_id = row[0]
            else:
                list_id = insert_list(conn, name, created)
                report.lists_created += 1
            report.items_added += append_items(
                conn, list_id, ((mapping[key], added) for key, added in items)
            )
        for key, (body, created, updated) in backup.notes.items():
            real = mapping[key]
            row = conn.execute(
                "SELECT body, updated_at FROM notes WHERE paper_key = ?", (real,)
            ).fetchone()
            if row is None:
                stamp = now()
                conn.execute(
                    "INSERT INTO notes (paper_key, body, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?)",
                    (real, body, created or updated or stamp, updated or stamp),
                )
                report.notes_added += 1
            elif row[0] != body and (updated or "") > row[1]:
                conn.execute(
                    "UPDATE notes SET body = ?, updated_at = ? WHERE paper_key = ?",
                    (body, updated, real),
                )
                report.notes_updated += 1
        for key, read_at in backup.read.items():
            cur = conn.execute(
                "INSERT INTO read_state (paper_key, read_at) VALUES (?, ?)"
                " ON CONFLICT (paper_key) DO NOTHING",
                (mapping[key], read_at or now()),
            )
            report.read_added += cur.rowcount
        report.searches_added += merge_records(conn, backup.saved_searches)
    if report.keys_remapped:
        report.warnings.append(
            f"{report.keys_remapped} paper key{'s' * (report.keys_remapped != 1)} did not match"
            " its title and now use the key this version computes"
        )
    return report


def import_file(store: Store, path: str | os.PathLike[str]) -> ImportReport:
    """Read, validate and merge a backup file."""
    return import_backup(store, read_backup(path))
