"""Which paper(s) a user means: a key, a unique key prefix, several keys, or a search."""

from __future__ import annotations

from paperterm.bookmarks.common import FIND_KEY, BookmarksError
from paperterm.models import Paper
from paperterm.store import AmbiguousKey, Store, get_paper, papers_by_ids
from paperterm.text import normalize_title, sanitize_line

MAX_CANDIDATES = 10
_HEX = frozenset("0123456789abcdefABCDEF")


class AmbiguousQuery(BookmarksError):
    """A query that names several papers where one was wanted; the first few are attached."""

    def __init__(self, message: str, candidates: list[Paper], total: int) -> None:
        super().__init__(message)
        self.candidates = candidates
        self.total = total


def resolve_key(store: Store, key_or_prefix: str) -> str:
    """The full key of the paper named by a key or a unique key prefix, or BookmarksError."""
    try:
        paper = get_paper(store.conn, key_or_prefix)
    except AmbiguousKey as exc:
        raise BookmarksError(str(exc)) from None
    if paper is None:
        raise BookmarksError(
            f"no paper with key {sanitize_line(key_or_prefix)!r} in the store. {FIND_KEY}"
        )
    return paper.key


def _by_key(store: Store, text: str) -> Paper | None:
    if len(text) < 4 or not set(text) <= _HEX:
        return None
    try:
        return get_paper(store.conn, text)
    except AmbiguousKey as exc:
        raise BookmarksError(str(exc)) from None


def _search(store: Store, text: str, limit: int | None):  # noqa: ANN202 (a SearchResult)
    from paperterm.search import SearchService  # the index loads only when a query needs it

    result = SearchService(store).search(text, limit=limit)
    if result.error:
        raise BookmarksError(result.error)
    if not len(result.hits):
        raise BookmarksError(f'no paper matches "{sanitize_line(text)}". {FIND_KEY}')
    return result


def _keys_only(store: Store, words: list[str]) -> list[Paper] | None:
    by_key = [_by_key(store, word) for word in words]
    return [p for p in by_key if p is not None] if by_key and all(by_key) else None


def find_keys(store: Store, words: list[str]) -> list[str]:
    """Keys of every paper that KEY(s) or a QUERY name, best match first.

    The whole result, not a first page, read without building a Hit per paper, so a query
    that matches 100k papers costs about one search.
    """
    papers = _keys_only(store, words)
    if papers is not None:
        return list(dict.fromkeys(p.key for p in papers))
    return _search(store, " ".join(words).strip(), None).hits.paper_keys()


def find_papers(store: Store, words: list[str], *, all_hint: str = "") -> list[Paper]:
    """The paper(s) that KEY(s) or a QUERY name where a command wants one paper per word.

    Keys (or unique key prefixes) give exactly those papers. A query gives one paper (the
    only hit, or the only exact title), or AmbiguousQuery, whose hint names ``all_hint``
    when the command has such a flag.
    """
    papers = _keys_only(store, words)
    if papers is not None:
        return papers
    text = " ".join(words).strip()
    result = _search(store, text, MAX_CANDIDATES)
    hits = list(result.hits)
    full = papers_by_ids(store.conn, [h.paper.id for h in hits])
    papers = [full.get(h.paper.id, h.paper) for h in hits]
    if len(papers) == 1:
        return papers
    wanted = normalize_title(text)
    exact = [p for p in papers if normalize_title(p.title) == wanted]
    if len(exact) == 1:
        return exact
    more = f", or {all_hint} for every one" if all_hint else ""
    raise AmbiguousQuery(
        f"several papers match. Next: pass one of the keys shown, a longer query{more}.",
        papers[:MAX_CANDIDATES],
        result.total,
    )
