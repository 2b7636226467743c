"""Page text -> digests: a saved or pasted papers page, parsed by the digest parser.

A page copied from a browser has one block per line and few blank lines, and carries
furniture around each paper (upvote counts, "Submitted by", author and organisation lines).
This module turns such text into blank-line separated blocks, drops the furniture the digest
parser would take for titles, parses, and maps line numbers back to the original text.
Pure: text or bytes in, a ParseResult out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

from paperterm.models import Issue, ParseResult
from paperterm.sync.dates import looks_like_date
from paperterm.sync.digest import HEADER_LINES, parse_digest
from paperterm.sync.sources.html_text import html_to_text, looks_like_html

MAX_PAGE_BYTES = 64 * 1024 * 1024
SNIFF_BYTES = 64 * 1024  # what page_like() needs to see

# Lines a papers page shows around each paper; the parser skips some, these are the rest.
_FURNITURE = re.compile(
    r"^(submitted by\b.*|published on\b.*|upvoted?\b.*|\d[\d,.]*k?\s*(upvotes?|comments?)?|"
    r"·.*|•.*|\d+ (authors?|comments?)|(view|read) (paper|more|on arxiv|pdf)\b.*|"
    r"(paper page|comments?|share|daily papers|trending papers|collections?|"
    r"join the discussion|follow|upvote|new|by ak and the research community|"
    r"previous|next|load more|see all|show more|view all|system theme|company|tos|"
    r"terms of service|privacy|privacy policy|about|jobs|website|models|datasets|spaces|"
    r"posts|docs|pricing|enterprise|solutions|log ?in|sign ?up|hugging face|community|"
    r"blog|learn|discord|forum|twitter|linkedin|changelog))$",
    re.IGNORECASE,
)
# Signs that text came from the page rather than a digest file.
_PAGE_MARKERS = re.compile(
    r"^(submitted by\b|\d[\d,.]*k?$|·|•|\d+ authors?$|published on\b)", re.IGNORECASE
)
_NAME_PARTICLES = frozenset(
    {"de", "da", "di", "do", "dos", "du", "del", "della", "der", "den", "van", "von", "la",
     "le", "bin", "al", "el", "ter", "y", "zu"}
)  # fmt: skip
_ORG_WORDS = frozenset(
    {"ai", "lab", "labs", "university", "univ", "institute", "research", "inc", "group",
     "team", "technologies", "technology", "academy", "college", "school", "corp",
     "corporation", "foundation", "laboratory", "deepmind", "google", "meta", "microsoft",
     "nvidia", "alibaba", "tencent", "bytedance", "apple", "amazon", "openai", "anthropic",
     "huggingface", "qwen", "baidu", "huawei", "samsung", "ibm", "intel", "salesforce",
     "adobe", "tsinghua", "stanford", "mit", "cmu", "berkeley", "seed", "kuaishou", "xiaomi"}
)  # fmt: skip
_SENTENCE = re.compile(r"[.!?]\s")

Block = tuple[int, str]  # (first line number in the original text, text)


def _title_like(text: str) -> bool:
    stripped = text.rstrip()
    return (
        len(stripped) <= 250
        and len(stripped.split()) <= 35
        and not stripped.endswith(".")
        and not _SENTENCE.search(stripped)
    )


def _names_like(text: str) -> bool:
    """A list of person names: ``Ada Lovelace, Alan M. Turing and Grace Hopper``."""
    text = re.sub(r",?\s*(et al\.?|\+\s*\d+( more| authors?)?)$", "", text.strip())
    parts = [p.strip() for p in re.split(r",|;|\band\b|&", text) if p.strip()]
    if len(parts) < 2:
        return False
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= 5 or len(part) > 60:
            return False
        for word in words:
            if word.lower() in _NAME_PARTICLES:
                continue
            if not word[0].isalpha() or word[0].islower() or any(ch.isdigit() for ch in word):
                return False
    return True


def _org_like(text: str) -> bool:
    """A short organisation name: ``NVIDIA``, ``Google DeepMind``, ``Tsinghua University``."""
    words = text.split()
    if not 1 <= len(words) <= 4 or any(ch in text for ch in ":?!"):
        return False
    if any(w.casefold().strip(",.") in _ORG_WORDS for w in words):
        return True
    return all(len(w) >= 2 and w.isupper() for w in words)  # NVIDIA, IBM Research is above


def _blocks(text: str) -> tuple[list[Block], bool]:
    """Paragraphs of ``text``; a page with few blank lines gets one block per line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    filled = sum(1 for line in lines if line.strip())
    blank = len(lines) - filled
    per_line = filled >= 4 and blank * 3 < filled
    blocks: list[Block] = []
    start, parts = 0, []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            if parts:
                blocks.append((start, " ".join(parts)))
                parts = []
            continue
        if per_line:
            blocks.append((number, line))
            continue
        if not parts:
            start = number
        parts.append(line)
    if parts:
        blocks.append((start, " ".join(parts)))
    return blocks, per_line


def _drop_furniture(blocks: list[Block]) -> list[Block]:
    """Remove page furniture, and author or organisation lines next to a paper's title."""
    marked = sum(1 for _, text in blocks if _PAGE_MARKERS.match(text))
    kept = [
        (n, t)
        for n, t in blocks
        if looks_like_date(t) or not (_FURNITURE.match(t) or t.lower() in HEADER_LINES)
    ]
    if marked < 2:
        return kept  # a digest, not a page: the parser's own rules are enough
    out: list[Block] = []
    for i, (number, text) in enumerate(kept):
        prev = out[-1][1] if out else ""
        nxt = kept[i + 1][1] if i + 1 < len(kept) else ""
        after = kept[i + 2][1] if i + 2 < len(kept) else ""
        prev_title = bool(prev) and _title_like(prev) and not looks_like_date(prev)
        if prev_title and nxt and _names_like(text):
            continue  # authors under the title
        if not _title_like(text) or looks_like_date(text) or not nxt:
            out.append((number, text))
            continue
        if _org_like(text) and (
            (prev_title and not _title_like(nxt))  # between the title and the abstract
            or (_title_like(nxt) and not looks_like_date(nxt) and after and not _title_like(after))
        ):
            continue  # organisation next to the title
        out.append((number, text))
    # A run of short lines after the last abstract is the page footer, not papers.
    tail = len(out)
    while tail and _title_like(out[tail - 1][1]) and not looks_like_date(out[tail - 1][1]):
        tail -= 1
    if len(out) - tail >= 2 and tail and not _title_like(out[tail - 1][1]):
        del out[tail:]
    return out


def _remap(result: ParseResult, mapping: Callable[[int], int]) -> ParseResult:
    digests = tuple(
        replace(
            d,
            line=mapping(d.line),
            entries=tuple(replace(e, line=mapping(e.line)) for e in d.entries),
        )
        for d in result.digests
    )
    issues = tuple(replace(i, line=mapping(i.line)) for i in result.issues)
    return ParseResult(digests, issues)


def parse_text(
    text: str, where: str, reference: dt.date, *, default_date: dt.date | None = None
) -> ParseResult:
    """Parse digest or page text; ``default_date`` dates text that has no date line."""
    blocks = _drop_furniture(_blocks(text)[0])
    if default_date and not any(looks_like_date(t) for _, t in blocks):
        blocks.insert(0, (0, default_date.isoformat()))
    rendered = "\n\n".join(t for _, t in blocks) + "\n"
    origin = [n for n, _ in blocks]

    def mapping(line: int) -> int:
        # Block i sits on line 2i+1 of the rendered text.
        index = (line - 1) // 2
        return origin[index] if line > 0 and index < len(origin) else 0

    return _remap(parse_digest(rendered.encode("utf-8"), where, reference), mapping)


def decode_page(data: bytes, where: str) -> tuple[str, list[Issue]]:
    """Page bytes as text (HTML converted); invalid UTF-8 replaced with a warning."""
    issues: list[Issue] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            issues.append(Issue(where, 0, "invalid UTF-8 replaced with U+FFFD", "warning"))
            text = data.decode("utf-8", errors="replace")
    if looks_like_html(text[:4096].encode("utf-8", errors="replace")):
        text = html_to_text(text)
    return text, issues


def parse_page(data: bytes, where: str, reference: dt.date) -> ParseResult:
    """A saved page (HTML or text) or pasted text -> digests."""
    if len(data) > MAX_PAGE_BYTES:
        issue = Issue(where, 0, f"larger than {MAX_PAGE_BYTES // 2**20} MB, skipped")
        return ParseResult((), (issue,))
    text, issues = decode_page(data, where)
    result = parse_text(text, where, reference)
    return ParseResult(result.digests, tuple(issues) + result.issues)


def page_like(head: bytes) -> bool:
    """Whether the first bytes of a file are a saved web page, or text with page furniture."""
    if looks_like_html(head):
        return True
    lines = head.decode("utf-8", errors="replace").splitlines()
    return sum(1 for line in lines if _PAGE_MARKERS.match(line.strip())) >= 2
