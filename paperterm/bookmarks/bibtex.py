"""BibTeX export: one entry per paper, unique keys, values valid for any title."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from paperterm.links import safe_url, valid_arxiv_id
from paperterm.models import Paper
from paperterm.text import sanitize_line

# LaTeX specials become commands; braces never appear unescaped in a value except the
# balanced pairs written here, so every value is balanced whatever the text holds.
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    # '@' and '"' are harmless inside braces for BibTeX; kept in braces for other parsers.
    "@": "{@}",
    '"': '{"}',
}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX))
_STOP = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "from", "towards"}
_WORD = re.compile(r"[a-z0-9]+")


def escape(text: str) -> str:
    """A BibTeX/LaTeX value body for any text: one line, specials escaped, braces balanced."""
    return _LATEX_RE.sub(lambda m: _LATEX[m.group()], sanitize_line(text))


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _WORD.findall(folded)


def _year(paper: Paper) -> str | None:
    if paper.published and re.match(r"^\d{4}", paper.published):
        return paper.published[:4]
    if paper.first_seen:
        return str(paper.first_seen.year)
    return None


def citation_key(paper: Paper) -> str:
    """A readable key: surname, year, first significant title word (or word and year)."""
    names = [sanitize_line(a).split() for a in paper.authors]
    first = next((n for n in names if n), [])
    author = _ascii_words(first[-1]) if first else []
    words = [w for w in _ascii_words(paper.title) if w not in _STOP] or _ascii_words(paper.title)
    word = words[0] if words else ""
    year = _year(paper) or ""
    base = f"{author[-1]}{year}{word}" if author else f"{word}{year}"
    if not base or base.isdigit():
        base = f"paper{base}{paper.key[:8]}"
    return base[:60]


def _unique(base: str, used: set[str]) -> str:
    if base not in used:
        return base
    for suffix in "bcdefghijklmnopqrstuvwxyz":
        if base + suffix not in used:
            return base + suffix
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def entry(paper: Paper, key: str, note: str | None = None) -> str:
    """One entry: @article with eprint/archivePrefix when the arXiv id is known, else @misc."""
    arxiv = valid_arxiv_id(paper.arxiv_id)
    fields: list[tuple[str, str]] = [("title", "{" + escape(paper.title) + "}")]
    if paper.authors:
        # A name holding " and " would read as two authors: braces keep it one.
        authors = ["{" + e + "}" if " and " in e.lower() else e for e in map(escape, paper.authors)]
        fields.append(("author", " and ".join(a for a in authors if a)))
    year = _year(paper)
    if year:
        fields.append(("year", year))
    if arxiv:
        fields += [
            ("journal", escape(f"arXiv preprint arXiv:{arxiv}")),
            ("eprint", escape(arxiv)),
            ("archivePrefix", "arXiv"),
        ]
        if paper.arxiv_category and re.fullmatch(r"[A-Za-z.\-]+", paper.arxiv_category):
            fields.append(("primaryClass", paper.arxiv_category))
        fields += [
            ("url", escape(f"https://arxiv.org/abs/{arxiv}")),
        ]
    else:
        url = safe_url(paper.project_page) or safe_url(paper.github)
        if url:
            fields.append(("url", escape(url)))
        if paper.first_seen:
            fields.append(
                ("note", f"Hugging Face daily papers, first seen {paper.first_seen.isoformat()}")
            )
    if note and note.strip():
        fields.append(("annote", escape(note)))
    kind = "article" if arxiv else "misc"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{kind}{{{key},\n{body},\n}}\n"


def to_bibtex(papers: Iterable[Paper], notes: dict[str, str] | None = None) -> str:
    """Entries for the papers, in order, each with a key unique in the file."""
    used: set[str] = set()
    out = []
    for paper in papers:
        key = _unique(citation_key(paper), used)
        used.add(key)
        out.append(entry(paper, key, (notes or {}).get(paper.key)))
    return "\n".join(out)
