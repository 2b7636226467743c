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

Terminal escape sequences, control characters and bidi controls are removed line by line
(an unterminated sequence loses only its introducer and parameters) with a warning naming
the line; see ``paragraphs``. Lines end only at ``\\n``, ``\\r\\n`` and ``\\r``; see
``decode`` for encodings.

Structure decides what a paragraph is: titles are short lines, abstracts prose. A header
word or a date line is a paper's title where an abstract follows it inside a digest, and
otherwise the digest's header or a new digest's date. A title with no abstract (a file cut
short) is reported and not stored; the same title twice in one digest is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from paperterm.models import Digest, Entry, ParseResult
from paperterm.sync.dates import parse_date_line
from paperterm.sync.decode import iter_lines
from paperterm.sync.paragraphs import (
    HEADER_LINES,
    MAX_WARNINGS,
    Issues,
    Paragraph,
    paragraphs,
    title_like,
)
from paperterm.text import (
    MAX_ABSTRACT,
    MAX_TITLE,
    paper_key,
)

__all__ = ["HEADER_LINES", "MAX_PAPERS", "MAX_WARNINGS", "parse_digest"]

MAX_PAPERS = 100_000
_NO_ABSTRACT = (
    "title with no abstract (the next paragraph is another title): "
    "not stored until its abstract is there"
)
_NO_ABSTRACT_AT_END = (
    "title with no abstract (the file ends after it): not stored until its abstract is there"
)
# Lines a saved or pasted papers page adds around each paper.
_PAGE_NOISE = re.compile(
    r"^(\d[\d,.]*k?|submitted by .*|·.*|•.*|upvote|\d+ authors?|"
    r"(view )?(arxiv|pdf|github|project page)( page)?)$",
    re.IGNORECASE,
)


def _is_header(text: str) -> bool:
    return text.strip().lower() in HEADER_LINES


def _is_page_noise(text: str) -> bool:
    # The pattern ignores case: it rules out nearly every paragraph without lowering it
    # first (an abstract is kilobytes); the lowered match keeps the rule exact.
    stripped = text.strip()
    return bool(_PAGE_NOISE.match(stripped)) and bool(_PAGE_NOISE.match(stripped.lower()))


def _cut(text: str, limit: int) -> str:
    return text[: limit - 1].rstrip() + "…"


def parse_digest(data: bytes, where: str, reference: dt.date | None = None) -> ParseResult:
    """Parse one digest file (possibly several digests concatenated) from its bytes.

    ``reference`` is the date a year-less date line must not be after (the file's mtime).
    Never raises: every problem is an Issue in the result.
    """
    issues = Issues(where)
    try:
        digests = _parse(data, where, reference or dt.date.today(), issues)
    except Exception as exc:  # a parser bug must cost one file, not the whole sync
        issues.error(0, f"could not parse: {type(exc).__name__}: {exc}")
        digests = []
    return ParseResult(tuple(digests), issues.done())


def _prose_follows(titled: list[bool], noise: list[bool]) -> list[bool]:
    """For each paragraph, whether the next one that is not page furniture is prose."""
    follows = [False] * len(titled)
    prose = False
    for i in range(len(titled) - 1, -1, -1):
        follows[i] = prose
        if not noise[i]:
            prose = not titled[i]
    return follows


def _parse(data: bytes, where: str, reference: dt.date, issues: Issues) -> list[Digest]:
    """Paragraphs to digests, deciding by structure: titles are short lines, abstracts prose.

    A date line or a header word ("Subscribe", "new" ...) is a title when prose follows it
    inside a digest; otherwise it starts a digest (a date) or is skipped (a header). A title
    with no abstract is reported and not stored.
    """
    digests: list[Digest] = []
    date: dt.date | None = None
    date_line = 0
    entries: list[Entry] = []
    seen_here: dict[str, int] = {}  # paper key -> its title's line, in the current digest
    title: Paragraph | None = None
    saw_date = False
    before_first: list[int] = []  # lines of text met before the first date line
    stored = 0  # papers in the digests closed so far

    def close_entry(abstract: Paragraph) -> None:
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
            # The paper key (a hash of the normalized title) is made once, here: it finds a
            # title repeated in this digest and goes with the entry to the writer.
            key = paper_key(name)
            if key in seen_here:
                issues.warn(
                    title.line,
                    f"same title as line {seen_here[key]} in this digest: kept once",
                )
            else:
                seen_here[key] = title.line
            entries.append(Entry(title=name, abstract=body, line=title.line, key=key))
        title = None

    def drop_title(at_end: bool) -> None:
        nonlocal title
        if title is None:
            return
        issues.warn(title.line, _NO_ABSTRACT_AT_END if at_end else _NO_ABSTRACT)
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

    paras = list(paragraphs(iter_lines(data, where, issues.items), issues))
    after_abstract = False  # the paragraph before was an abstract
    texts = [p.text for p in paras]
    titled_all = [title_like(t) for t in texts]
    noise = [_is_page_noise(t) for t in texts]
    follows = _prose_follows(titled_all, noise)
    for i, para in enumerate(paras):
        text, titled, prose_follows = texts[i], titled_all[i], follows[i]
        if stored + len(entries) >= MAX_PAPERS:
            issues.error(
                para.line, f"more than {MAX_PAPERS:,} papers in one file, the rest skipped"
            )
            break
        if noise[i]:
            continue  # page furniture: upvote counts, "Submitted by" ...
        continues, after_abstract = after_abstract and bool(entries), False
        if title is not None:
            if not titled:
                close_entry(para)
                after_abstract = True
                continue
            drop_title(at_end=False)
        # A title is expected here. Header words and date lines are titles only when an
        # abstract follows them inside a digest.
        in_digest = date is not None
        if para.date and not (in_digest and prose_follows):
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
        if not titled and para.after_junk and continues:
            # Prose cut from the abstract before it by a line that showed nothing.
            last = entries[-1]
            body = f"{last.abstract} {para.clean()}"
            if len(body) > MAX_ABSTRACT:
                body = _cut(body, MAX_ABSTRACT)
            entries[-1] = replace(last, abstract=body)
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
