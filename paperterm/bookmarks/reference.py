"""What every reference-manager export needs: the paper's URL, its date, names split in two."""

from __future__ import annotations

import re

from paperterm.links import safe_url, valid_arxiv_id
from paperterm.models import Paper
from paperterm.text import sanitize_line

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def reference_url(paper: Paper) -> str | None:
    """The arXiv abstract when the id is known, else the project page, else the code."""
    arxiv = valid_arxiv_id(paper.arxiv_id)
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv}"
    return safe_url(paper.project_page) or safe_url(paper.github)


def date_parts(paper: Paper) -> list[int]:
    """[year, month, day] of publication when known, else [year first seen], else []."""
    found = _DATE.match(paper.published or "")
    if found:
        return [int(part) for part in found.groups() if part]
    return [paper.first_seen.year] if paper.first_seen else []


def split_name(name: str) -> tuple[str, str]:
    """(family, given) for "Given Names Family"; one word is a family name alone."""
    words = sanitize_line(name).split()
    if not words:
        return "", ""
    return words[-1], " ".join(words[:-1])


def arxiv_of(paper: Paper) -> str | None:
    return valid_arxiv_id(paper.arxiv_id)
