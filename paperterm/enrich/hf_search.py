"""The Hugging Face paper search: ``GET {hf}/api/papers/search?q=TITLE`` -> candidates."""

from __future__ import annotations

import json
from urllib.parse import quote

from paperterm.enrich.match import Candidate
from paperterm.links import safe_url, valid_arxiv_id
from paperterm.text import MAX_ABSTRACT, sanitize_line

MAX_AUTHORS = 500


class AnswerError(ValueError):
    """A search service answered something that is not what it documents."""


def search_url(base_url: str, title: str) -> str:
    return f"{base_url.rstrip('/')}/api/papers/search?q={quote(sanitize_line(title), safe='')}"


def _text(value: object, limit: int = 2_000) -> str | None:
    if not isinstance(value, str):
        return None
    return sanitize_line(value)[:limit] or None


def _authors(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    names = (_text(a.get("name") if isinstance(a, dict) else a, 200) for a in value)
    return tuple(n for n in names if n)[:MAX_AUTHORS]


def _date(value: object) -> str | None:
    text = _text(value, 40)
    if text and len(text) >= 10 and text[4] == "-" and text[:4].isdigit():
        return text[:10]
    return None


def _upvotes(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def parse_hf(body: bytes) -> list[Candidate]:
    """Candidates from a search answer; raises AnswerError when it is not the expected JSON."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise AnswerError(f"Hugging Face answered something that is not JSON ({exc})") from None
    if not isinstance(data, list):
        raise AnswerError("Hugging Face answered JSON that is not a list of papers")
    found: list[Candidate] = []
    for item in data:
        paper = item.get("paper") if isinstance(item, dict) else None
        if not isinstance(paper, dict):
            continue
        arxiv_id = valid_arxiv_id(paper["id"]) if isinstance(paper.get("id"), str) else None
        title = _text(paper.get("title"))
        if not arxiv_id or not title:
            continue
        github, project = paper.get("githubRepo"), paper.get("projectPage")
        found.append(
            Candidate(
                source="hf",
                title=title,
                arxiv_id=arxiv_id,
                authors=_authors(paper.get("authors")),
                published=_date(paper.get("publishedAt")),
                upvotes=_upvotes(paper.get("upvotes")),
                ai_summary=_text(paper.get("ai_summary"), MAX_ABSTRACT),
                github=safe_url(github) if isinstance(github, str) else None,
                project_page=safe_url(project) if isinstance(project, str) else None,
            )
        )
    return found
