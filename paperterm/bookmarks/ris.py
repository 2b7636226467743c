"""RIS export (Zotero, EndNote, Mendeley): one record per paper, every value on one line."""

from __future__ import annotations

from collections.abc import Iterable

from paperterm.bookmarks.reference import arxiv_of, date_parts, reference_url, split_name
from paperterm.models import Paper
from paperterm.text import sanitize_line

MAX_VALUE = 20_000  # an abstract longer than this is cut: some readers stop at long lines


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {sanitize_line(value)[:MAX_VALUE]}"


def record(paper: Paper, note: str | None = None) -> str:
    """One RIS record: preprints (arXiv id known) as UNPB, anything else as GEN."""
    arxiv = arxiv_of(paper)
    lines = [_line("TY", "UNPB" if arxiv else "GEN"), _line("ID", paper.key)]
    lines.append(_line("TI", paper.title))
    for name in paper.authors:
        family, given = split_name(name)
        if family:
            lines.append(_line("AU", f"{family}, {given}" if given else family))
    parts = date_parts(paper)
    if parts:
        lines.append(_line("PY", str(parts[0])))
        if len(parts) == 3:
            lines.append(_line("DA", "/".join(f"{p:02d}" for p in parts)))
    if arxiv:
        lines += [_line("PB", "arXiv"), _line("AN", f"arXiv:{arxiv}")]
        if paper.arxiv_category:
            lines.append(_line("KW", paper.arxiv_category))
    url = reference_url(paper)
    if url:
        lines.append(_line("UR", url))
    if paper.abstract.strip():
        lines.append(_line("AB", paper.abstract))
    if note and note.strip():
        lines.append(_line("N1", note))
    lines.append("ER  - ")
    return "\n".join(line for line in lines if not line.endswith("  - ") or line == "ER  - ")


def to_ris(papers: Iterable[Paper], notes: dict[str, str] | None = None) -> str:
    """Records for the papers, in order, separated by blank lines."""
    return "".join(record(p, (notes or {}).get(p.key)) + "\n\n" for p in papers)
