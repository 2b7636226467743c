"""Digest text to clean paragraphs: lines cleaned one at a time, problems counted per file.

A paragraph is a run of non-blank lines; a line that shows nothing once cleaned (only
controls, bidi marks, joiners or fillers) is blank. A date line always stands alone. Time
and memory are linear in the text's size: a paragraph stops growing past the abstract limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from paperterm.models import Issue
from paperterm.sync.dates import looks_like_date
from paperterm.text import MAX_ABSTRACT, is_blank, sanitize, sanitize_line

MAX_WARNINGS = 100
HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "byak and the research community",
        "daily papers",
    }
)
_HEADER_MAX = max(map(len, HEADER_LINES))  # lowering never shortens a line: longer is no header
# A paragraph stops gathering text past this size: bounded memory and time for any file.
_PARAGRAPH_CAP = MAX_ABSTRACT + 1
_DATE_MAX = 30  # no date line is longer
_BIG_REMOVAL = 1_000  # removing this many characters from one line is said with the count

# What removing deserves a warning (tabs, FF and VT are just white space).
_ESCAPES = re.compile("[\x1b\x80-\x84\x86-\x9f]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass
class Paragraph:
    line: int
    parts: list[str] = field(default_factory=list)
    size: int = 0
    truncated: bool = False
    plain: bool = True  # every line printable with single spaces: already one clean line
    after_junk: bool = False  # follows a line that showed nothing, not a blank line
    date: bool = False  # a date line (always a paragraph of its own)

    @property
    def text(self) -> str:
        return " ".join(self.parts)

    def clean(self) -> str:
        """The paragraph as one clean line (runs of white space collapsed)."""
        text = self.text
        return text if self.plain else sanitize_line(text)


def title_like(text: str) -> bool:
    """Titles are short, have no sentence breaks and do not end with a full stop."""
    stripped = text.rstrip()
    return (
        len(stripped) <= 250
        and len(stripped.split()) <= 35
        and not stripped.endswith(".")
        and ". " not in stripped
    )


def is_date(text: str) -> bool:
    # Every date line holds a digit: a cheap test first (most lines are not dates).
    return 5 <= len(text) <= _DATE_MAX and not text.isalpha() and looks_like_date(text)


class Issues:
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


def _clean_unprintable(raw: str, number: int, issues: Issues) -> str:
    """A line holding controls, without them and stripped (``paragraphs`` cleans the others).

    A line that shows nothing once cleaned (only controls, bidi marks, joiners, fillers) is
    empty: it separates paragraphs like a blank line and is never a title.
    """
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
    return "" if is_blank(line) else line


def paragraphs(lines: Iterable[tuple[int, str]], issues: Issues) -> Iterator[Paragraph]:
    """Blank-line separated paragraphs of clean text; a date line always stands alone."""
    para: Paragraph | None = None
    header_only = True  # the paragraph so far is only header lines ("new", "Subscribe" ...)
    junk_break = False  # the last paragraph ended at a line that shows nothing
    for number, raw in lines:
        if not raw:
            if para is not None:
                yield para
                para = None
            junk_break = False
            continue
        full = para is not None and para.size >= _PARAGRAPH_CAP
        if full and raw.isprintable() and raw.strip():
            para.truncated = True  # past the cap: only look for the line that ends it
            continue
        # Clean first, then cut: a huge escape sequence must not push the text after it
        # past the cap (cleaning is linear in the line's length).
        if raw.isprintable():  # most lines: cleaned here, no call per line
            line = raw.strip()
            if line and not line.isascii() and is_blank(line):
                line = ""  # only joiners, variation selectors or blank fillers
            plain = "  " not in line  # already one clean line
        else:
            line, plain = _clean_unprintable(raw, number, issues), False
        truncated = len(line) > _PARAGRAPH_CAP
        if truncated:
            line = line[:_PARAGRAPH_CAP]
        if not line:
            # A line that shows nothing separates paragraphs like a blank line; the next
            # paragraph knows (prose right after it may continue an abstract).
            if para is not None:
                yield para
                para = None
                junk_break = True
            continue
        if (para is None or header_only) and len(line) <= _DATE_MAX and is_date(line):
            if para is not None:
                yield para
            yield Paragraph(number, [line], len(line), date=True)
            para = None
            continue
        if para is None:
            para, header_only = Paragraph(number, after_junk=junk_break), True
            junk_break = False
        header_only = header_only and len(line) <= _HEADER_MAX and line.lower() in HEADER_LINES
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
