"""Exports of the user's data: JSON (the backup), Markdown, BibTeX, CSV, RIS and CSL-JSON."""

from __future__ import annotations

import csv
import io
from typing import Any

from paperterm.bookmarks.bibtex import to_bibtex
from paperterm.bookmarks.csljson import to_csljson
from paperterm.bookmarks.markdown import to_markdown
from paperterm.bookmarks.ris import to_ris
from paperterm.bookmarks.snapshot import Snapshot, take_snapshot
from paperterm.jsonsafe import dumps
from paperterm.links import paper_links
from paperterm.models import Paper
from paperterm.store import Store
from paperterm.text import sanitize, sanitize_line

FORMAT_NAME = "paperterm-backup"
FORMAT_VERSION = 1
FORMATS = ("md", "json", "bib", "csv", "ris", "csljson")
EXTENSIONS = {"md": ".md", "json": ".json", "bib": ".bib", "csv": ".csv", "ris": ".ris"}
EXTENSIONS["csljson"] = ".csljson"  # not ".json": that is the backup

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def paper_record(paper: Paper) -> dict[str, Any]:
    """Everything the store knows about a paper, as JSON."""
    return {
        "key": paper.key,
        "title": paper.title,
        "abstract": paper.abstract,
        "arxiv_id": paper.arxiv_id,
        "authors": list(paper.authors),
        "upvotes": paper.upvotes,
        "github": paper.github,
        "project_page": paper.project_page,
        "published": paper.published,
        "first_seen": paper.first_seen.isoformat() if paper.first_seen else None,
        "last_seen": paper.last_seen.isoformat() if paper.last_seen else None,
        "seen": paper.seen,
    }


def backup_data(snap: Snapshot) -> dict[str, Any]:
    """The backup as plain data: deterministic, so exporting twice gives the same bytes."""
    data = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "lists": [
            {
                "name": lst.name,
                "created_at": lst.created_at,
                "items": [{"key": i.key, "added_at": i.added_at} for i in lst.items],
            }
            for lst in snap.lists
        ],
        "notes": [
            {"key": key, "body": n.body, "created_at": n.created_at, "updated_at": n.updated_at}
            for key, n in sorted(snap.notes.items())
        ],
        "read": [{"key": key, "read_at": at} for key, at in sorted(snap.read.items())],
        "papers": [paper_record(p) for _, p in sorted(snap.papers.items())],
    }
    if snap.saved_searches:  # older readers ignore the key; without any the file is unchanged
        data["saved_searches"] = snap.saved_searches
    return data


def to_json(snap: Snapshot) -> str:
    """The full-fidelity backup; every string round-trips exactly through json.loads."""
    return dumps(backup_data(snap)) + "\n"


def _cell(value: object, *, multiline: bool = False) -> str:
    """A CSV cell: cleaned again here (a tampered store may hold raw codes), never a formula."""
    raw = "" if value is None else str(value)
    text = sanitize(raw) if multiline else sanitize_line(raw)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(snap: Snapshot) -> str:
    """One row per (list, paper), for spreadsheets; no cell can start a formula."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(
        [
            "list",
            "position",
            "key",
            "title",
            "first_seen",
            "last_seen",
            "arxiv_id",
            "link",
            "added_at",
            "read_at",
            "note",
        ]
    )
    for lst in snap.lists:
        for position, item in enumerate(lst.items, start=1):
            paper = snap.papers.get(item.key)
            note = snap.notes.get(item.key)
            links = paper_links(paper) if paper else {}
            row = [
                lst.name,
                position,
                item.key,
                paper.title if paper else "",
                paper.first_seen.isoformat() if paper and paper.first_seen else "",
                paper.last_seen.isoformat() if paper and paper.last_seen else "",
                (paper.arxiv_id or "") if paper else "",
                links.get("arxiv") or links.get("hf") or links.get("project") or "",
                item.added_at,
                snap.read.get(item.key, ""),
            ]
            note_cell = _cell(note.body if note else "", multiline=True)
            writer.writerow([*(_cell(v) for v in row), note_cell])
    return buf.getvalue()


def bibtex_of(snap: Snapshot) -> str:
    """BibTeX for every paper in the snapshot's lists (each once), notes as annote."""
    papers = [snap.papers[k] for k in snap.listed_keys() if k in snap.papers]
    return to_bibtex(papers, {k: n.body for k, n in snap.notes.items()})


def render(snap: Snapshot, fmt: str) -> str:
    """The snapshot in one of FORMATS."""
    if fmt == "json":
        return to_json(snap)
    if fmt == "md":
        return to_markdown(snap)
    if fmt == "bib":
        return bibtex_of(snap)
    if fmt == "csv":
        return to_csv(snap)
    if fmt in ("ris", "csljson"):
        papers = [snap.papers[k] for k in snap.listed_keys() if k in snap.papers]
        notes = {k: n.body for k, n in snap.notes.items()}
        return to_ris(papers, notes) if fmt == "ris" else to_csljson(papers, notes)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def export_text(
    store: Store, fmt: str, *, list_name: str | None = None, all_papers: bool = False
) -> str:
    """Read the store and render it in ``fmt`` (one list, or every paper, when asked)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return render(take_snapshot(store, list_name=list_name, all_papers=all_papers), fmt)
