"""CSL-JSON export (Zotero, Pandoc, citeproc): a JSON array of CSL items, one per paper."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from paperterm.bookmarks.bibtex import citation_key
from paperterm.bookmarks.reference import arxiv_of, date_parts, reference_url, split_name
from paperterm.jsonsafe import dumps
from paperterm.models import Paper
from paperterm.text import sanitize, sanitize_line

_VERSION = re.compile(r"v\d+$")


def _unique(base: str, used: set[str]) -> str:
    key, n = base, 2
    while key in used:
        key, n = f"{base}-{n}", n + 1
    used.add(key)
    return key


def item(paper: Paper, key: str, note: str | None = None) -> dict[str, Any]:
    """One CSL item: ``article`` (arXiv preprint) or ``document``."""
    arxiv = arxiv_of(paper)
    data: dict[str, Any] = {
        "id": key,
        "type": "article" if arxiv else "document",
        "title": sanitize_line(paper.title),
    }
    authors = []
    for name in paper.authors:
        family, given = split_name(name)
        if family:
            authors.append({"family": family, "given": given} if given else {"literal": family})
    if authors:
        data["author"] = authors
    parts = date_parts(paper)
    if parts:
        data["issued"] = {"date-parts": [parts]}
    if arxiv:
        data["publisher"] = "arXiv"
        data["number"] = arxiv
        data["DOI"] = "10.48550/arXiv." + _VERSION.sub("", arxiv)  # arXiv's own DOIs
    url = reference_url(paper)
    if url:
        data["URL"] = url
    if paper.abstract.strip():
        data["abstract"] = sanitize(paper.abstract)
    if note and note.strip():
        data["note"] = sanitize(note)
    return data


def to_csljson(papers: Iterable[Paper], notes: dict[str, str] | None = None) -> str:
    """The papers as a CSL-JSON array, ids unique (the BibTeX citation keys)."""
    used: set[str] = set()
    items = [item(p, _unique(citation_key(p), used), (notes or {}).get(p.key)) for p in papers]
    return dumps(items) + "\n"
