"""Daily papers API JSON -> a digest: defensive about every field's type and size."""

from __future__ import annotations

import datetime as dt
import json

from paperterm.links import safe_url, valid_arxiv_id
from paperterm.models import Digest, Entry, Issue, ParseResult
from paperterm.text import MAX_ABSTRACT, MAX_TITLE, paper_key, sanitize_line

MAX_AUTHORS = 500


def _text(value: object) -> str:
    # Hard line breaks and runs of spaces fold to single spaces.
    return sanitize_line(value) if isinstance(value, str) else ""


def _published(value: object) -> str | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _authors(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    names: list[str] = []
    for author in value[:MAX_AUTHORS]:
        name = _text(author.get("name")) if isinstance(author, dict) else _text(author)
        if name:
            names.append(name[:200])
    return tuple(names)


def _entry(item: object, index: int, where: str, issues: list[Issue]) -> Entry | None:
    if not isinstance(item, dict):
        issues.append(Issue(where, index, "item is not a JSON object; skipped", "warning"))
        return None
    paper = item.get("paper") if isinstance(item.get("paper"), dict) else {}
    raw_id = paper.get("id")
    arxiv_id = valid_arxiv_id(raw_id) if isinstance(raw_id, str) else None
    label = arxiv_id or f"item {index}"
    title = _text(paper.get("title")) or _text(item.get("title"))
    if not title:
        issues.append(Issue(where, index, f"paper {label} has no title; skipped", "warning"))
        return None
    if len(title) > MAX_TITLE:
        title = title[:MAX_TITLE].rstrip() + "…"
    abstract = _text(paper.get("summary")) or _text(item.get("summary"))
    if len(abstract) > MAX_ABSTRACT:
        abstract = abstract[:MAX_ABSTRACT].rstrip() + "…"
    upvotes = paper.get("upvotes")
    if isinstance(upvotes, bool) or not isinstance(upvotes, int) or upvotes < 0:
        upvotes = None
    return Entry(
        title=title,
        abstract=abstract,
        line=index,
        arxiv_id=arxiv_id,
        authors=_authors(paper.get("authors")),
        upvotes=upvotes,
        github=safe_url(
            paper.get("githubRepo") if isinstance(paper.get("githubRepo"), str) else None
        ),
        project_page=safe_url(
            paper.get("projectPage") if isinstance(paper.get("projectPage"), str) else None
        ),
        published=_published(paper.get("publishedAt")),
    )


def day_result(body: bytes, day: dt.date, where: str) -> ParseResult:
    """One day's API answer -> its digest (none for an empty day)."""
    try:
        data = json.loads(body)
    except RecursionError:
        return ParseResult((), (Issue(where, 0, "answer nested too deeply; not read"),))
    except json.JSONDecodeError as exc:
        cut_short = exc.msg.startswith("Unterminated") or exc.pos >= len(body.rstrip()) - 1
        message = f"answer is not valid JSON: {exc.msg} (byte {exc.pos})"
        message += "; it was cut short" if cut_short else ""
        return ParseResult((), (Issue(where, 0, message),))
    except ValueError:  # not UTF-8/16/32
        return ParseResult((), (Issue(where, 0, "answer is not valid JSON: not UTF-8 text"),))
    if not isinstance(data, list):
        return ParseResult((), (Issue(where, 0, "unexpected answer: not a list of papers"),))
    issues: list[Issue] = []
    entries: list[Entry] = []
    seen: set[str] = set()
    for index, item in enumerate(data, start=1):
        entry = _entry(item, index, where, issues)
        if entry is None:
            continue
        key = paper_key(entry.title)
        if key not in seen:
            seen.add(key)
            entries.append(entry)
    digests = (Digest(date=day, entries=tuple(entries), line=0),) if entries else ()
    return ParseResult(digests, tuple(issues))
