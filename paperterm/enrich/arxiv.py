"""The arXiv API: ``GET {arxiv}/api/query?search_query=ti:"TITLE"`` (Atom) -> candidates."""

from __future__ import annotations

import re
from urllib.parse import quote
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from paperterm.enrich.hf_search import AnswerError
from paperterm.enrich.match import Candidate
from paperterm.links import valid_arxiv_id
from paperterm.text import sanitize_line

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
MAX_RESULTS = 5
_ABS_ID = re.compile(r"arxiv\.org/abs/(.+?)(v\d+)?$")
# arXiv's phrase search chokes on quotes and colons inside the phrase.
_PHRASE_UNSAFE = re.compile(r"[\"():]+")


def phrase(title: str) -> str:
    """The title as arXiv's ``ti:"..."`` phrase search takes it."""
    return " ".join(_PHRASE_UNSAFE.sub(" ", sanitize_line(title)).split())


def query_url(base_url: str, title: str) -> str:
    query = quote(f'ti:"{phrase(title)}"', safe="")
    return f"{base_url.rstrip('/')}/api/query?search_query={query}&max_results={MAX_RESULTS}"


def _text(node: Element | None) -> str:
    return sanitize_line(node.text or "") if node is not None else ""


def _entry(node: Element) -> Candidate | None:
    found = _ABS_ID.search(_text(node.find(f"{ATOM}id")))
    arxiv_id = valid_arxiv_id(found.group(1)) if found else None
    title = _text(node.find(f"{ATOM}title"))
    if not arxiv_id or not title:
        return None
    authors = tuple(
        name[:200]
        for name in (_text(a.find(f"{ATOM}name")) for a in node.findall(f"{ATOM}author"))
        if name
    )
    published = _text(node.find(f"{ATOM}published"))[:10] or None
    primary = node.find(f"{ARXIV}primary_category")
    category = sanitize_line(primary.get("term", ""))[:40] if primary is not None else ""
    return Candidate(
        source="arxiv",
        title=title,
        arxiv_id=arxiv_id,
        authors=authors,
        published=published if published and published[4:5] == "-" else None,
        category=category if re.fullmatch(r"[A-Za-z\-]+(\.[A-Za-z\-]+)?", category) else None,
    )


def parse_atom(body: bytes) -> list[Candidate]:
    """Candidates from an Atom feed; raises AnswerError on anything that is not one."""
    try:
        root = SafeET.fromstring(body)
    except (SafeET.ParseError, DefusedXmlException, ValueError) as exc:
        raise AnswerError(f"arXiv answered something that is not an Atom feed ({exc})") from None
    if root.tag != f"{ATOM}feed":
        raise AnswerError("arXiv answered XML that is not an Atom feed")
    return [c for c in (_entry(e) for e in root.findall(f"{ATOM}entry")) if c]
