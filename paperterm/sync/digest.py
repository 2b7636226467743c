"""Digest text to digests: the header, a date line, then title / abstract paragraphs.

Pure parsing: bytes in, a ParseResult out; every problem is an Issue naming its line
(``file:line: reason``), never an exception, whatever the bytes.

Limits (the README quotes them):

- a title keeps at most 1,000 characters (``MAX_TITLE``) and an abstract at most 100,000
  (``MAX_ABSTRACT``); a longer one is cut, ends with "…", and a warning names its line;
- a file yields at most 100,000 papers (``MAX_PAPERS``; a year of daily digests is ~20,000);
  the rest is skipped with an error naming the line where it stopped;
- a file reports at most 100 warnings (``MAX_WARNINGS``), then one more counting the rest;
- time and memory grow linearly with the file's size (the folder source refuses files over
  64 MB): lines are cleaned one at a time, a paragraph stops growing past the abstract limit,
  and no regular expression used here can backtrack.

Terminal escape sequences, control characters and bidi controls are removed line by line (an
unterminated sequence ends at the end of its line) with a warning naming the line. Lines end
only at ``\\n``, ``\\r\\n`` and ``\\r``; see ``decode`` for encodings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from paperterm.models import Digest, Entry, Issue, ParseResult
from paperterm.sync.dates import looks_like_date, parse_date_line
from paperterm.sync.decode import iter_lines
from paperterm.text import (
    MAX_ABSTRACT,
    MAX_TITLE,
    is_blank,
    normalize_title,
    sanitize,
    sanitize_line,
)

MAX_WARNINGS = 100
MAX_PAPERS = 100_000

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
# A paragraph stops gathering text past this size: bounded memory and time for any file.
_PARAGRAPH_CAP = MAX_ABSTRACT + 1
_DATE_MAX = 30  # no date line is longer
_BIG_REMOVAL = 1_000  # removing this many characters from one line is said with the count

# What removing deserves a warning (tabs, FF and VT are just white space).
_ESCAPES = re.compile("[\x1b\x80-\x84\x86-\x9f]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass
class _Paragraph:
    line: int
    parts: list[str] = field(default_factory=list)
    size: int = 0
    truncated: bool = False
    plain: bool = True  # every line printable with single spaces: already one clean line

    @property
    def text(self) -> str:
        return " ".join(self.parts)

    def clean(self) -> str:
        """The paragraph as one clean line (runs of white space collapsed)."""
        text = self.text
        return text if self.plain else sanitize_line(text)


def _is_date(text: str) -> bool:
    return len(text) <= _DATE_MAX and looks_like_date(text)


class _Issues:
    """The problems of one file, warnings capped at MAX_WARNINGS."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.items: list[Issue] = []  # the decoder appends its own (capped) warnings here
        self.errors = 0
        self.dropped = 0
        self.last_line = 0

    def error(self, line: int, message: str) -> None:
        self.errors += 1
        self.items.append(Issue(self.where, line, message))

    def warn(self, line: int, message: str) -> None:
        if len(self.items) - self.errors >= MAX_WARNINGS:
            self.dropped += 1
            self.last_line = line
            return
        self.items.append(Issue(self.where, line, message, "warning"))

    def done(self) -> tuple[Issue, ...]:
        if self.dropped:
            message = f"{self.dropped} more warnings not shown"
            self.items.append(Issue(self.where, self.last_line, message, "warning"))
        return tuple(self.items)


def _clean_line(raw: str, number: int, issues: _Issues) -> tuple[str, bool]:
    """The line without controls, stripped; and whether it was plain text already.

    A line that shows nothing once cleaned (only controls, bidi marks, joiners, fillers) is
    empty: it separates paragraphs like a blank line and is never a title.
    """
    if raw.isprintable():
        line = raw.strip()
        if not line.isascii() and is_blank(line):
            return "", False  # only joiners, variation selectors or blank fillers
        return line, "  " not in line
    kinds = []
    if _ESCAPES.search(raw):
        kinds.append("terminal escape sequences")
    if _CONTROLS.search(raw):
        kinds.append("control characters")
    if _BIDI.search(raw):
        kinds.append("bidi controls")
    line = sanitize(raw, multiline=False).strip()
    if kinds:
        removed = len(raw) - len(line)
        size = f" ({removed:,} characters)" if removed >= _BIG_REMOVAL else ""
        issues.warn(number, "removed " + " and ".join(kinds) + size)
    if is_blank(line):
        return "", False
    return line, False


def _paragraphs(lines: Iterable[tuple[int, str]], issues: _Issues) -> Iterator[_Paragraph]:
    """Blank-line separated paragraphs of clean text; a date line always stands alone."""
    para: _Paragraph | None = None
    header_only = True  # the paragraph so far is only header lines ("new", "Subscribe" ...)
    for number, raw in lines:
        if not raw:
            if para is not None:
                yield para
                para = None
            continue
        full = para is not None and para.size >= _PARAGRAPH_CAP
        if full and raw.isprintable() and raw.strip():
            para.truncated = True  # past the cap: only look for the line that ends it
            continue
        # Clean first, then cut: a huge escape sequence must not push the text after it
        # past the cap (cleaning is linear in the line's length).
        line, plain = _clean_line(raw, number, issues)
        truncated = len(line) > _PARAGRAPH_CAP
        if truncated:
            line = line[:_PARAGRAPH_CAP]
        if not line:
            if para is not None:
                yield para
                para = None
            continue
        if (para is None or header_only) and _is_date(line):
            if para is not None:
                yield para
            yield _Paragraph(number, [line], len(line))
            para = None
            continue
        if para is None:
            para, header_only = _Paragraph(number), True
        header_only = header_only and line.lower() in HEADER_LINES
        room = _PARAGRAPH_CAP - para.size
        if room <= 0:
            para.truncated = True
            continue
        para.parts.append(line[:room])
        para.size += min(len(line), room) + 1
        para.truncated = para.truncated or truncated or len(line) > room
        para.plain = para.plain and plain
    if para is not None:
        yield para


def _title_like(text: str) -> bool:
    # Titles are short, have no sentence breaks and do not end with a full stop.
    stripped = text.rstrip()
    return (
        len(stripped) <= 250
        and len(stripped.split()) <= 35
        and not stripped.endswith(".")
        and ". " not in stripped
    )


def _is_header(text: str) -> bool:
    return text.strip().lower() in HEADER_LINES


def _is_page_noise(text: str) -> bool:
    return bool(_PAGE_NOISE.match(text.strip().lower()))


def _cut(text: str, limit: int) -> str:
    return text[: limit - 1].rstrip() + "…"


def parse_digest(data: bytes, where: str, reference: dt.date | None = None) -> ParseResult:
    """Parse one digest file (possibly several digests concatenated) from its bytes.

    ``reference`` is the date a year-less date line must not be after (the file's mtime).
    Never raises: every problem is an Issue in the result.
    """
    issues = _Issues(where)
    try:
        digests = _parse(data, where, reference or dt.date.today(), issues)
    except Exception as exc:  # a parser bug must cost one file, not the whole sync
        issues.error(0, f"could not parse: {type(exc).__name__}: {exc}")
        digests = []
    return ParseResult(tuple(digests), issues.done())


def _prose_follows(paras: list[_Paragraph], titled: list[bool]) -> list[bool]:
    """For each paragraph, whether the next one that is not page furniture is prose."""
    follows = [False] * len(paras)
    prose = False
    for i in range(len(paras) - 1, -1, -1):
        follows[i] = prose
        if not _is_page_noise(paras[i].text):
            prose = not titled[i]
    return follows


def _parse(data: bytes, where: str, reference: dt.date, issues: _Issues) -> list[Digest]:
    """Paragraphs to digests, deciding by structure: titles are short lines, abstracts prose.

    A date line or a header word ("Subscribe", "new" ...) is a title when prose follows it
    inside a digest; otherwise it starts a digest (a date) or is skipped (a header). A title
    with no abstract is reported and not stored.
    """
    digests: list[Digest] = []
    date: dt.date | None = None
    date_line = 0
    entries: list[Entry] = []
    seen_here: dict[str, int] = {}  # normalized title -> its line, in the current digest
    title: _Paragraph | None = None
    saw_date = False
    before_first: list[int] = []  # lines of text met before the first date line
    stored = 0  # papers in the digests closed so far

    def close_entry(abstract: _Paragraph) -> None:
        nonlocal title
        assert title is not None
        name = title.clean()
        if len(name) > MAX_TITLE or (title.truncated and name):
            issues.warn(title.line, f"title longer than {MAX_TITLE:,} characters, cut")
            name = _cut(name, MAX_TITLE)
        body = abstract.clean()
        if len(body) > MAX_ABSTRACT or abstract.truncated:
            issues.warn(abstract.line, f"abstract longer than {MAX_ABSTRACT:,} characters, cut")
            body = _cut(body, MAX_ABSTRACT)
        if not name:
            issues.warn(title.line, "paper with an empty title skipped")
        else:
            norm = normalize_title(name)
            if norm in seen_here:
                issues.warn(
                    title.line,
                    f"same title as line {seen_here[norm]} in this digest: kept once",
                )
            else:
                seen_here[norm] = title.line
            entries.append(Entry(title=name, abstract=body, line=title.line))
        title = None

    def drop_title(at_end: bool) -> None:
        nonlocal title
        if title is None:
            return
        why = "the file ends after it" if at_end else "the next paragraph is another title"
        issues.warn(
            title.line,
            f"title with no abstract ({why}): not stored until its abstract is there",
        )
        title = None

    def close_digest() -> None:
        nonlocal entries, stored
        drop_title(at_end=False)
        if date is not None:
            if entries:
                digests.append(Digest(date=date, entries=tuple(entries), line=date_line))
                stored += len(entries)
            else:
                issues.warn(date_line, "digest with no papers")
        entries = []
        seen_here.clear()

    paras = list(_paragraphs(iter_lines(data, where, issues.items), issues))
    titled_all = [_title_like(p.text) for p in paras]
    follows = _prose_follows(paras, titled_all)
    for para, titled, prose_follows in zip(paras, titled_all, follows, strict=True):
        text = para.text
        if stored + len(entries) >= MAX_PAPERS:
            issues.error(
                para.line, f"more than {MAX_PAPERS:,} papers in one file, the rest skipped"
            )
            break
        if _is_page_noise(text):
            continue  # page furniture: upvote counts, "Submitted by" ...
        if title is not None:
            if not titled:
                close_entry(para)
                continue
            drop_title(at_end=False)
        # A title is expected here. Header words and date lines are titles only when an
        # abstract follows them inside a digest.
        in_digest = date is not None
        if _is_date(text) and not (in_digest and prose_follows):
            close_digest()
            saw_date = True
            date, date_line = parse_date_line(text, reference), para.line
            if date is None:
                issues.error(
                    para.line,
                    f"not a valid date: {text!r}; papers up to the next date line skipped",
                )
            continue
        if _is_header(text) and not (in_digest and prose_follows):
            continue
        if not in_digest:
            if not saw_date:
                before_first.append(para.line)
            continue
        if not titled and not prose_follows:
            issues.warn(para.line, "text with no title before it skipped")
            continue
        title = para
    if title is not None:
        drop_title(at_end=True)
    close_digest()
    if not saw_date:
        if not paras:
            issues.warn(1, "empty file: no date line and no papers")
        else:
            issues.error(1, "no date line (expected e.g. 'Mar 14' or '2025-03-14')")
    elif before_first:
        n = len(before_first)
        issues.warn(before_first[0], f"{n} paragraph{'s' * (n != 1)} before the date line skipped")
    return digests
