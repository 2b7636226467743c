"""Links to a paper, built only from validated ids and safe URLs."""

from __future__ import annotations

import re
from typing import Protocol
from urllib.parse import urlsplit

from paperterm.text import sanitize_line

# The one arXiv id pattern of the package: new style (2303.16900) or old style (hep-th/9901001,
# math.GT/0309136), an optional version; group 1 is the id without its version.
ARXIV_NEW_STYLE = r"\d{4}\.\d{4,5}"
ARXIV_PATTERN = rf"({ARXIV_NEW_STYLE}|[a-z][a-z\-]*(?:\.[a-z]{{2}})?/\d{{7}})(?:v\d+)?"
ARXIV_ID = re.compile(ARXIV_PATTERN, re.IGNORECASE)


def valid_arxiv_id(value: str | None) -> str | None:
    """The id if it has the shape of an arXiv id, else None."""
    if value and ARXIV_ID.fullmatch(value.strip()):
        return value.strip()
    return None


def safe_url(value: str | None) -> str | None:
    """An http(s) URL on one clean line, or None."""
    if not value:
        return None
    url = sanitize_line(value)
    if url.startswith("-") or " " in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


class HasLinkIds(Protocol):
    """What links are built from (a models.Paper has it); no import of models, no cycle."""

    @property
    def arxiv_id(self) -> str | None: ...
    @property
    def github(self) -> str | None: ...
    @property
    def project_page(self) -> str | None: ...


def paper_links(paper: HasLinkIds) -> dict[str, str]:
    """Named links for a paper: Hugging Face and arXiv from its id, code and project pages."""
    links: dict[str, str] = {}
    arxiv = valid_arxiv_id(paper.arxiv_id)
    if arxiv:
        links["hf"] = f"https://huggingface.co/papers/{arxiv}"
        links["arxiv"] = f"https://arxiv.org/abs/{arxiv}"
    for name, value in (("code", paper.github), ("project", paper.project_page)):
        url = safe_url(value)
        if url:
            links[name] = url
    return links
