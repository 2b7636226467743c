"""Digest text to digests: the header, a date line, then title / abstract paragraphs.

Pure parsing: bytes in, a ParseResult out; every problem is an Issue, never an exception.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from paperterm.models import Digest, Entry, Issue, ParseResult
from paperterm.sync.dates import looks_like_date, parse_date_line
from paperterm.sync.decode import iter_lines
from paperterm.text import MAX_ABSTRACT, MAX_TITLE, clean_paragraph, sanitize_line

HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "byak and the research community",
        "daily papers",
    }
)
# Lines a saved or pasted papers page adds around each paper.
_PAGE_NOISE = re.compile(
    r"^(\d[\d,.]*k?|submitted by .*|·.*|•.*|upvote|\d+ authors?|"
    r"(view )?(arxiv|pdf|github|project page)( page)?)$",
    re.IGNORECASE,
)
# Stop gathering a paragraph's lines past this size: bounded memory for any file.
_PARAGRAPH_CAP = MAX_ABSTRACT + 1


@dataclass
class _Paragraph:
    line: int
    text: str


def _paragraphs(lines: Iterable[tuple[int, str]]) -> Iterator[_Paragraph]:
    start = 0
    parts: list[str] = []
    size = 0
    for number, raw in lines:
        line = raw.strip()
        if not line.replace("\x0c", "").strip():
            if parts:
                yield _Paragraph(start, " ".join(parts))
                parts, size = [], 0
            continue
        if not parts:
            start = number
        if size < _PARAGRAPH_CAP:
            parts.append(line[: _PARAGRAPH_CAP - size])
            size += len(parts[-1]) + 1
    if parts:
        yield _Paragraph(start, " ".join(parts))


def _title_like(text: str) -> bool:
    # Titles are short, have no sentence breaks and do not end with a full stop.
    stripped = text.rstrip()
    return (
        len(stripped) <= 250
        and len(stripped.split()) <= 35
        and not stripped.endswith(".")
        and ". " not in stripped
    )


def _is_noise(text: str) -> bool:
    lowered = text.strip().lower()
    return lowered in HEADER_LINES or bool(_PAGE_NOISE.match(lowered))


def parse_digest(data: bytes, where: str, reference: dt.date | None = None) -> ParseResult:
    """Parse one digest file (possibly several digests concatenated) from its bytes.

    ``reference`` is the date a year-less date line must not be after (the file's mtime).
    """
    issues: list[Issue] = []
    reference = reference or dt.date.today()
    digests: list[Digest] = []
    date: dt.date | None = None
    date_line = 0
    entries: list[Entry] = []
    title: _Paragraph | None = None
    saw_date = False

    def warn(line: int, message: str) -> None:
        issues.append(Issue(where, line, message, "warning"))

    def close_entry(abstract: _Paragraph | None) -> None:
        nonlocal title
        if title is None:
            return
        name = sanitize_line(title.text)
        if len(name) > MAX_TITLE:
            warn(title.line, f"title longer than {MAX_TITLE} characters, truncated")
            name = name[:MAX_TITLE].rstrip() + "…"
        body = clean_paragraph(abstract.text) if abstract else ""
        if len(body) >= MAX_ABSTRACT:
            warn(
                abstract.line if abstract else title.line,
                f"abstract longer than {MAX_ABSTRACT} characters, truncated",
            )
            body = body[:MAX_ABSTRACT].rstrip() + "…"
        if not name:
            warn(title.line, "paper with an empty title skipped")
        else:
            if abstract is None:
                warn(title.line, "title with no abstract")
            entries.append(Entry(title=name, abstract=body, line=title.line))
        title = None

    def close_digest() -> None:
        nonlocal entries
        close_entry(None)
        if date is not None:
            if entries:
                digests.append(Digest(date=date, entries=tuple(entries), line=date_line))
            else:
                warn(date_line, "digest with no papers")
        entries = []

    for para in _paragraphs(iter_lines(data, where, issues)):
        if looks_like_date(para.text):
            parsed = parse_date_line(para.text, reference)
            if parsed is None:
                issues.append(
                    Issue(where, para.line, f"not a valid date: {sanitize_line(para.text)!r}")
                )
                continue
            close_digest()
            date, date_line, saw_date = parsed, para.line, True
            continue
        if date is None or _is_noise(para.text):
            continue  # header, or page furniture
        if title is None:
            title = para
        elif _title_like(para.text):
            close_entry(None)
            title = para
        else:
            close_entry(para)
    close_digest()
    if not saw_date:
        if not data.strip():
            issues.append(Issue(where, 1, "empty file: no date line and no papers"))
        else:
            issues.append(Issue(where, 1, "no date line (expected e.g. 'Mar 14' or '2025-03-14')"))
    return ParseResult(tuple(digests), tuple(issues))
