"""The query language: words, "phrases", -exclusions and filters, parsed into a Query."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from paperterm.search.tokens import tokens
from paperterm.text import sanitize_line


class QueryError(ValueError):
    """A query that cannot be understood; the message names the problem in one line."""


MAX_TERMS = 32

FILTERS = ("is", "list", "date", "after", "before", "seen", "in", "author", "upvotes")
IS_VALUES = ("bookmarked", "read", "unread")
IN_VALUES = {"title": "title", "titles": "title", "abstract": "abstract", "abstracts": "abstract"}
_EXAMPLES = {
    "is": "is:bookmarked",
    "list": 'list:NAME or list:"Name with spaces"',
    "date": "date:2025-03-14",
    "after": "after:2025-03-01",
    "before": "before:2025-03-31",
    "seen": "seen:>=2",
    "in": "in:title",
    "author": "author:NAME",
    "upvotes": "upvotes:>=10",
}
_FILTER_NAME = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_COMPARE = re.compile(r"(>=|<=|>|<|=)?(\d{1,9})")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})


@dataclass(frozen=True)
class Term:
    """Free text: one word (fuzzy, prefix) or a quoted phrase (exact, in order)."""

    tokens: tuple[str, ...]
    phrase: bool = False
    negated: bool = False


@dataclass(frozen=True)
class Filter:
    """A ``name:value`` filter; ``value`` is already validated and normalised."""

    name: str
    value: object
    negated: bool = False
    text: str = ""


@dataclass(frozen=True)
class Query:
    """A parsed query."""

    terms: tuple[Term, ...] = ()
    filters: tuple[Filter, ...] = ()
    fields: frozenset[str] = field(default_factory=lambda: frozenset({"title", "abstract"}))

    @property
    def positive(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.negated)

    @property
    def negative(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.negated)

    @property
    def text(self) -> str:
        """The positive words as one folded string (for similarity re-ranking)."""
        return " ".join(" ".join(t.tokens) for t in self.positive)


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The text of a quote opening at ``start`` and the index after its closing quote."""
    end = text.find('"', start + 1)
    if end < 0:
        raise QueryError(f'unclosed quote: {text[start:][:40]} (add a closing ")')
    return text[start + 1 : end], end + 1


def _date_range(value: str, name: str) -> tuple[dt.date, dt.date]:
    """First and last day named by YYYY, YYYY-MM or YYYY-MM-DD."""
    m = _DATE.fullmatch(value)
    try:
        if not m:
            raise ValueError
        year, month, day = int(m[1]), m[2], m[3]
        if day:
            d = dt.date(year, int(month), int(day))
            return d, d
        if month:
            first = dt.date(year, int(month), 1)
            nxt = dt.date(year + (first.month == 12), first.month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        raise QueryError(f'bad date "{value}" in {name}: (use YYYY-MM-DD)') from None


def _filter_value(name: str, value: str) -> object:
    """Validate and normalise one filter's value."""
    if name == "is":
        v = value.lower()
        if v not in IS_VALUES:
            raise QueryError(
                f'unknown value "{value}" for is: (use is:bookmarked, is:read or is:unread)'
            )
        return v
    if name == "in":
        v = IN_VALUES.get(value.lower())
        if v is None:
            raise QueryError(f'unknown value "{value}" for in: (use in:title or in:abstract)')
        return v
    if name in ("seen", "upvotes"):
        m = _COMPARE.fullmatch(value.replace(" ", ""))
        if not m:
            raise QueryError(f'bad number "{value}" in {name}: (use {_EXAMPLES[name]})')
        return (m[1] or "=", int(m[2]))
    if name == "date":
        if ".." in value:
            lo, _, hi = value.partition("..")
            first = _date_range(lo, name)[0] if lo else dt.date.min
            last = _date_range(hi, name)[1] if hi else dt.date.max
            return (first, last)
        return _date_range(value, name)
    try:
        if name == "after":
            return (_date_range(value, name)[1] + dt.timedelta(days=1), dt.date.max)
        if name == "before":
            return (dt.date.min, _date_range(value, name)[0] - dt.timedelta(days=1))
    except OverflowError:
        raise QueryError(f'bad date "{value}" in {name}: (out of range)') from None
    if name == "author":
        v = " ".join(tokens(value))
        if not v:
            raise QueryError(f'author: needs a name with letters, not "{value}"')
        return v
    return value.strip()  # list: names are matched case-insensitively by the store


def parse_query(text: str) -> Query:
    """Parse a query string; raises QueryError with a one-line message for a bad query."""
    text = sanitize_line(text or "").translate(_QUOTES)
    terms: list[Term] = []
    filters: list[Filter] = []
    fields: set[str] = set()
    i, n = 0, len(text)
    while i < n:
        if text[i] == " ":
            i += 1
            continue
        negated = False
        if text[i] == "-":
            negated = True
            i += 1
            if i >= n or text[i] == " ":
                continue  # a lone "-" means nothing
        if text[i] == '"':
            inner, i = _quoted(text, i)
            toks = tuple(tokens(inner))
            if toks:
                terms.append(Term(toks, phrase=True, negated=negated))
            continue
        start = i
        while i < n and text[i] != " ":
            if text[i] == '"' and text[i - 1] == ":" and _FILTER_NAME.fullmatch(text[start:i]):
                _, i = _quoted(text, i)  # list:"Name with spaces"
                break
            i += 1
        word = text[start:i]
        m = _FILTER_NAME.fullmatch(word)
        if m:
            name, value = m[1].lower(), m[2]
            if value.startswith('"') and value.endswith('"') and len(value) >= 2:
                value = value[1:-1]
            if name in FILTERS:
                if not value.strip():
                    raise QueryError(f'filter "{name}:" needs a value, e.g. {_EXAMPLES[name]}')
                parsed = _filter_value(name, value)
                if name == "in":
                    if negated:
                        raise QueryError("in: cannot be negated (use in:title or in:abstract)")
                    fields.add(str(parsed))
                    continue
                filters.append(Filter(name, parsed, negated, word))
                continue
            if value:
                known = ", ".join(f"{f}:" for f in FILTERS)
                raise QueryError(f'unknown filter "{m[1]}:" (filters: {known})')
        toks = tuple(tokens(word))
        if not toks:
            continue
        if negated and len(toks) > 1:
            terms.append(Term(toks, phrase=True, negated=True))  # -gs-livo excludes "gs livo"
        else:
            terms.extend(Term((t,), negated=negated) for t in toks)
    if len(terms) > MAX_TERMS:
        raise QueryError(f"too many words ({len(terms)}); use at most {MAX_TERMS}")
    return Query(tuple(terms), tuple(filters), frozenset(fields or {"title", "abstract"}))
