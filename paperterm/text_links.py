"""Links found in untrusted text: http(s) URLs, arXiv ids and DOIs, each with a kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from paperterm.links import ARXIV_NEW_STYLE, ARXIV_PATTERN, safe_url, valid_arxiv_id
from paperterm.text import sanitize_line

KINDS = ("arxiv", "code", "project", "doi")
MAX_URL = 2_000
MAX_LINKS = 50  # per text: an abstract pasting a link list must not flood the store

# Hosts whose pages are source code; (host, path prefix) pairs, host without "www.".
CODE_HOSTS: tuple[tuple[str, str], ...] = (
    ("github.com", "/"),
    ("gitlab.com", "/"),
    ("bitbucket.org", "/"),
    ("codeberg.org", "/"),
    ("git.sr.ht", "/"),
    ("sourceforge.net", "/projects/"),
    ("huggingface.co", "/spaces/"),
    ("hf.co", "/spaces/"),
)
_ARXIV_HOSTS = {"arxiv.org", "export.arxiv.org"}
_DOI_HOSTS = {"doi.org", "dx.doi.org"}

# A URL stops at whitespace, quotes and anything that could open markup or a terminal escape.
_URL = re.compile(r"https?://[^\s<>\"'`\[\]{}|\\^]+", re.IGNORECASE)
_ARXIV_URL = re.compile(
    rf"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/({ARXIV_PATTERN})",
    re.IGNORECASE,
)
_ARXIV_TAG = re.compile(rf"\barXiv\s*:\s*({ARXIV_NEW_STYLE}(?:v\d+)?)", re.IGNORECASE)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s<>\"'`\[\]{}|\\^]+)")
_TRAILING = ".,;:!?*'\""


@dataclass(frozen=True)
class FoundLink:
    """A link found in text: ``kind`` is one of KINDS, ``url`` a clean http(s) URL."""

    kind: str
    url: str


def trim(candidate: str) -> str:
    """Cut trailing sentence punctuation and closing brackets that were not opened inside."""
    while candidate:
        last = candidate[-1]
        if last in _TRAILING or last == ")" and candidate.count("(") < candidate.count(")"):
            candidate = candidate[:-1]
        else:
            break
    return candidate


def _host_path(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return host.removeprefix("www."), parts.path or "/"


def url_kind(url: str) -> str:
    """``code`` for repositories and Spaces, ``arxiv``, ``doi``, else ``project``."""
    host, path = _host_path(url)
    if host in _ARXIV_HOSTS:
        return "arxiv"
    if host in _DOI_HOSTS:
        return "doi"
    for code_host, prefix in CODE_HOSTS:
        if host == code_host and path.startswith(prefix) and len(path) > len(prefix):
            return "code"
    return "project"


def arxiv_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


def _doi_of(url: str) -> str | None:
    host, path = _host_path(url)
    if host in _DOI_HOSTS:
        found = _DOI.match(path.lstrip("/"))
        return trim(found.group(1)) if found else None
    return None


def might_link(text: str) -> bool:
    """A cheap test first: most abstracts hold no link (the literal every pattern needs)."""
    return bool(text) and ("://" in text or "10." in text or "arxiv" in text.lower())


def find_links(text: str) -> list[FoundLink]:
    """Every link in ``text``, in order of first appearance, each URL once."""
    if not text:
        return []
    text = sanitize_line(text)
    # Each pattern runs only when the literal it needs is there: scanning is most of the cost.
    lower = text.lower()
    arxiv_urls = _ARXIV_URL.finditer(text) if "arxiv.org/" in lower else ()
    urls = _URL.finditer(text) if "://" in text else ()
    arxiv_tags = _ARXIV_TAG.finditer(text) if "arxiv" in lower else ()
    dois = _DOI.finditer(text) if "10." in text else ()
    found: list[tuple[int, FoundLink]] = []
    taken: list[tuple[int, int]] = []  # spans already turned into a link

    def add(start: int, end: int, link: FoundLink | None) -> None:
        taken.append((start, end))
        if link is not None:
            found.append((start, link))

    for m in arxiv_urls:
        arxiv = valid_arxiv_id(m.group(1))
        # The whole URL (a /pdf/ link with ".pdf", a trailing slash) is one link.
        end = m.end()
        tail = _URL.match(text, m.start())
        if tail and tail.end() > end:
            end = m.start() + len(trim(tail.group()))
        add(m.start(), end, FoundLink("arxiv", arxiv_url(arxiv)) if arxiv else None)
    for m in urls:
        if _inside(m.start(), taken):
            continue
        url = trim(m.group())
        doi = _doi_of(url)
        if doi:
            add(m.start(), m.start() + len(url), FoundLink("doi", doi_url(doi)))
            continue
        clean = safe_url(url) if len(url) <= MAX_URL else None
        host = urlsplit(clean).hostname if clean else None
        add(m.start(), m.start() + len(url), FoundLink(url_kind(clean), clean) if host else None)
    for m in arxiv_tags:
        arxiv = valid_arxiv_id(m.group(1))
        if arxiv and not _inside(m.start(), taken):
            add(m.start(), m.end(), FoundLink("arxiv", arxiv_url(arxiv)))
    for m in dois:
        if not _inside(m.start(), taken):
            doi = trim(m.group(1))
            if "/" in doi and not doi.endswith("/"):
                add(m.start(), m.end(), FoundLink("doi", doi_url(doi)))
    out: list[FoundLink] = []
    seen: set[str] = set()
    for _, link in sorted(found, key=lambda pair: pair[0]):
        if link.url.lower() not in seen:
            seen.add(link.url.lower())
            out.append(link)
    return out[:MAX_LINKS]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)
