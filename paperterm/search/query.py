"""The query language: words, "phrases", -exclusions and filters, parsed into a Query.

Inside double quotes (a phrase or a quoted filter value such as ``list:"My list"``), ``\\"``
stands for a quote and ``\\\\`` for a backslash: ``list:"Bob's \\"best\\""`` names the list
``Bob's "best"``. Any other backslash is kept as it is. A pasted paper link
(``https://arxiv.org/abs/ID``, ``https://huggingface.co/papers/ID``) or ``arxiv:ID`` finds that
paper by its arXiv id; a bare arXiv id (``2303.16900``) also matches the paper's arXiv id.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from paperterm.links import ARXIV_ID, ARXIV_NEW_STYLE, ARXIV_PATTERN
from paperterm.search.orders import SORTS, resolve_sort
from paperterm.search.tokens import tokens
from paperterm.text import sanitize_line


class QueryError(ValueError):
    """A query that cannot be understood; the message names the problem in one line."""


MAX_TERMS = 32

FILTERS = (
    "is",
    "list",
    "date",
    "after",
    "before",
    "seen",
    "in",
    "author",
    "upvotes",
    "arxiv",
    "sort",
    "for",
)
IS_VALUES = ("bookmarked", "read", "unread", "new")
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
    "arxiv": "arxiv:2303.16900",
    "sort": "sort:newest",
    "for": 'for:"Reading list"',
}
_ARXIV = ARXIV_PATTERN
BARE_ARXIV_ID = re.compile(rf"({ARXIV_NEW_STYLE})(?:v\d+)?")
_PAPER_URL = re.compile(
    r"(?:https?://)?(?:www\.|export\.)?(?:arxiv\.org/(?:abs|pdf|html|format)/|"
    rf"huggingface\.co/papers/|hf\.co/papers/){_ARXIV}(?:\.pdf)?/?(?:[?#]\S*)?",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.|(?:arxiv\.org|huggingface\.co|hf\.co)/)\S*", re.IGNORECASE)
_FILTER_NAME = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_COMPARE = re.compile(r"(>=|<=|>|<|=)?(\d{1,9})")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_HAS_DIGIT = re.compile(r"\d")
_LETTERS_DIGITS = re.compile(r"([^\W\d_]{2,})(\d+)")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})


@dataclass(frozen=True)
class Term:
    """Free text: one word (fuzzy, prefix) or a quoted phrase (exact, in order)."""

    tokens: tuple[str, ...]
    phrase: bool = False
    negated: bool = False
    arxiv_id: str = ""  # a bare arXiv id: also matches the paper with that id
    # A name with digits (``GPT-4``, ``x86-64``, ``Llama 2``): its tokens in a row or
    # written as one word (``gpt4``), never the parts on their own.
    compound: bool = False
    text: str = ""  # what the user typed for this term (to say it was ignored)

    @property
    def shown(self) -> str:
        """The term as the user wrote it."""
        return self.text or " ".join(self.tokens)


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
    sort: str | None = None  # a name in paperterm.search.orders.SORTS; None: the default
    for_list: str | None = None  # for:NAME: rank "for you" against this list only

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
    """The text of a quote opening at ``start`` (escapes undone), the index after it."""
    out: list[str] = []
    i, n = start + 1, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in '"\\':
            out.append(text[i + 1])
            i += 2
            continue
        if c == '"':
            return "".join(out), i + 1
        out.append(c)
        i += 1
    raise QueryError(f'unclosed quote: {text[start:][:40]} (add a closing ")')


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
                f'unknown value "{value}" for is: (use is:bookmarked, is:read, is:unread or is:new)'
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
    if name == "arxiv":
        m = ARXIV_ID.fullmatch(value.strip())
        if not m:
            raise QueryError(f'bad arXiv id "{value}" (use {_EXAMPLES[name]})')
        return m[1].lower()
    if name == "author":
        v = " ".join(tokens(value))
        if not v:
            raise QueryError(f'author: needs a name with letters, not "{value}"')
        return v
    return value.strip()  # list: names are matched case-insensitively by the store


def _sort_value(value: str, negated: bool) -> str:
    """The order ``sort:value`` names."""
    order = resolve_sort(value)
    if negated or order is None:
        why = "cannot be negated" if negated and order else f'unknown order "{value}"'
        raise QueryError(f"sort: {why} (use sort:{', sort:'.join(SORTS)})")
    return order


def parse_query(text: str) -> Query:
    """Parse a query string; raises QueryError with a one-line message for a bad query."""
    text = sanitize_line(text or "").translate(_QUOTES)
    terms: list[Term] = []
    filters: list[Filter] = []
    fields: set[str] = set()
    sort: str | None = None  # the last sort: wins (a filter pane may put one in front)
    for_list: str | None = None
    i, n = 0, len(text)
    joinable: int | None = None  # index of a plain word the next bare number joins
    while i < n:
        if text[i] == " ":
            i += 1
            continue
        after_word, joinable = joinable, None
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
        quoted_value: str | None = None
        while i < n and text[i] != " ":
            if text[i] == '"' and text[i - 1] == ":" and _FILTER_NAME.fullmatch(text[start:i]):
                quoted_value, i = _quoted(text, i)  # list:"Name with spaces"
                break
            i += 1
        word = text[start:i]
        if quoted_value is None and _URL.match(word):
            link = _PAPER_URL.fullmatch(word)
            if link is None:
                raise QueryError(
                    f"not a paper link: {word[:60]} (paste an arxiv.org or"
                    " huggingface.co/papers link, or arxiv:ID)"
                )
            filters.append(Filter("arxiv", link[1].lower(), negated, word))
            continue
        m = _FILTER_NAME.fullmatch(word)
        if m:
            name, value = m[1].lower(), m[2]
            if quoted_value is not None:
                value = quoted_value
            if name in FILTERS:
                if not value.strip():
                    raise QueryError(f'filter "{name}:" needs a value, e.g. {_EXAMPLES[name]}')
                parsed = _filter_value(name, value)
                if name == "sort":
                    sort = _sort_value(value, negated)
                    continue
                if name == "for":
                    if negated:
                        raise QueryError('for: cannot be negated (use for:"List name")')
                    for_list = str(parsed)
                    continue
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
        bare = BARE_ARXIV_ID.fullmatch(word)
        if bare:
            terms.append(Term(toks, phrase=True, negated=negated, arxiv_id=bare[1]))
            continue
        split = _LETTERS_DIGITS.fullmatch(toks[0]) if len(toks) == 1 else None
        if split:  # "llama2" also finds "Llama 2"
            terms.append(Term(split.groups(), negated=negated, compound=True, text=word))
        elif len(toks) > 1 and _HAS_DIGIT.search(word):
            terms.append(Term(toks, negated=negated, compound=True, text=word))
        elif after_word is not None and not negated and all(t.isdigit() for t in toks):
            before = terms[after_word]  # "Llama 2": one name, like "Llama-2"
            joined = before.tokens + toks
            terms[after_word] = Term(joined, compound=True, text=f"{before.text} {word}")
        elif negated and len(toks) > 1:
            terms.append(Term(toks, phrase=True, negated=True))  # -gs-livo excludes "gs livo"
        elif len(toks) == 1:
            terms.append(Term(toks, negated=negated, text=word))
            if not negated and not toks[0].isdigit():
                joinable = len(terms) - 1
        else:
            terms.extend(Term((t,), negated=negated, text=t) for t in toks)
    if len(terms) > MAX_TERMS:
        raise QueryError(f"too many words ({len(terms)}); use at most {MAX_TERMS}")
    if for_list is not None and sort is None:
        sort = "foryou"  # for:NAME alone ranks by that list
    fields_used = frozenset(fields or {"title", "abstract"})
    return Query(tuple(terms), tuple(filters), fields_used, sort, for_list)
