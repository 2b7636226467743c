"""SearchService: parse, match titles (index) and abstracts (FTS5), filter, rank.

How one search runs (each step is cached per word, since typing changes only the last one):
1. every positive word is expanded over the title vocabulary (exact, completions, typos)
   and turned into per-paper title scores; its abstract hits come from FTS5 unless the
   word is in too many abstracts to list (then it is verified on the final candidates);
2. a paper must match every word, in its title or abstract; when none does, the papers
   matching the most words are shown (a word with a bad typo does not empty the list);
3. filters and exclusions are boolean masks; scores are a weighted mean of per-word scores
   (title 0.6-1.0, abstract 0.45-0.58), plus title coverage and, for the top hits, how
   closely the query reads as a part of the title (rapidfuzz ``partial_ratio``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from paperterm.models import SearchResult
from paperterm.search.abstracts import NONE, AbstractHits, Abstracts, Check, fts_term, union
from paperterm.search.arrays import sorted_intersection, sorted_union
from paperterm.search.discovered import discover_order
from paperterm.search.filters import Filters
from paperterm.search.fuzzy import EXACT, expand, stems
from paperterm.search.index_cache import cache_file, open_index, save
from paperterm.search.orders import DISCOVER, effective_order
from paperterm.search.query import ARXIV_ID, Query, QueryError, Term, parse_query
from paperterm.search.ranking import Highlighter, HitList
from paperterm.search.scoring import VERIFY_MAX, TermMatch, combine, rank
from paperterm.search.sorting import ordered_slots, sort_hits, warm
from paperterm.search.tokens import tokens
from paperterm.search.word_scores import word_scores
from paperterm.store import Store
from paperterm.store.visits import last_visit, parse_stamp, stamp

DATE_FILTERS = ("date", "after", "before")
PREFIX_SHARE = 0.01  # a last word completing to more title words than this: no FTS prefix
SLOW_PREFIX_S = 0.004
CACHE_WORDS = 64


class _Cache(OrderedDict):
    """A small LRU dict."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def put(self, key: object, value: object) -> object:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)
        return value


class SearchService:
    """Finds papers in a store. Thread-safe: searches and refreshes run one at a time."""

    def __init__(self, store: Store, *, cache: bool = True, trending_days: int = 7) -> None:
        self.store = store
        self.trending_days = trending_days  # sort:trending counts digests of these last days
        # A read-only connection of our own: it never writes, so PRAGMA data_version on it
        # changes exactly when someone else (bookmarks, sync) commits.
        self._conn = store.new_connection()
        self._conn.execute("PRAGMA busy_timeout = 30000")
        self._conn.execute("PRAGMA query_only = ON")
        self._finalizer = weakref.finalize(self, self._conn.close)
        self._lock = threading.RLock()
        self._abstracts = Abstracts(self._conn)
        self._filters = Filters(self._conn)
        self._expensive_stems: set[str] = set()
        self._arxiv: dict[str, list[int]] | None = None
        self.build_seconds = 0.0
        self.index_source = ""  # how the index was last made: built, loaded, updated, current
        self._cache_path: Path | None = cache_file(store.path) if cache else None
        self.refresh()

    def close(self) -> None:
        """Close the service's connection."""
        self._finalizer()

    # -- index maintenance -----------------------------------------------------------------
    def refresh(self, paper_ids: Iterable[int] | None = None) -> None:
        """Bring the index up to date after a sync (or at start, from the cache on disk).

        The store's change log says which papers changed since the index was made, so
        ``paper_ids`` is only a hint: changes by other processes are caught up on too.
        """
        with self._lock:
            self._words: _Cache = _Cache(CACHE_WORDS)
            self._filters.forget(index_changed=True)
            self._abstracts.forget()
            self._arxiv = None
            started = time.perf_counter()
            current = getattr(self, "_index", None)
            key = getattr(self, "_index_key", None)
            path = None if current is not None else self._cache_path
            index, key, how = open_index(self._conn, path, current, key)
            self._index, self._index_key, self.index_source = index, key, how
            if how == "built":
                self.build_seconds = time.perf_counter() - started
            if how in ("built", "updated") and self._cache_path is not None:
                save(self._cache_path, index, key)

    def clear_cache(self) -> None:
        """Forget per-word and per-filter results (benchmarks: measure a cold query)."""
        with self._lock:
            self._words = _Cache(CACHE_WORDS)
            self._filters.forget()
            self._abstracts.forget()

    def warm_orders(self, names: tuple[str, ...] | None = None) -> None:
        """Sort by every order (or ``names``) now from a worker, outside the search lock."""
        with self._lock:
            (index := self._index).warm()
            stems(index, 0)  # the words of letters, for a misspelt prefix
        warm(index, names, self._lock)

    @property
    def size(self) -> int:
        """Number of papers in the index."""
        return self._index.count

    # -- searching -------------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        limit: int | None = None,
        since: dt.datetime | dt.date | None = None,
    ) -> SearchResult:
        """Papers matching ``query`` in its order; never raises for a bad query.

        ``is:new`` means first stored after ``since``, by default the last visit recorded
        in the store (none recorded: every paper is new).
        """
        try:
            parsed = parse_query(query)
        except QueryError as exc:
            return SearchResult([], 0, str(exc))
        if limit is not None and limit < 0:
            limit = 0
        with self._lock:
            try:
                return self._search(parsed, limit, self._since(parsed, since))
            except QueryError as exc:  # e.g. list:NAME with no such list
                return SearchResult([], 0, str(exc))
            except sqlite3.Error as exc:
                return SearchResult([], 0, f"search failed: the store said {exc}")
            except Exception as exc:  # a bug must not take the UI down; tests look for this
                return SearchResult([], 0, f"search failed: {type(exc).__name__}: {exc}")

    def _since(self, q: Query, since: dt.datetime | dt.date | None) -> dt.datetime | None:
        if since is not None:
            return parse_stamp(stamp(since))  # to the second, as created_at is stored
        if not any(f.name == "is" and f.value == "new" for f in q.filters):
            return None
        return last_visit(self._conn)

    def _search(self, q: Query, limit: int | None, since: dt.datetime | None) -> SearchResult:
        index = self._index
        order = effective_order(q.sort, bool(q.positive))
        done = {"order": order, "since": since}
        self._filters.check_version()
        mask = index.alive.copy()
        lo, hi = dt.date.min, dt.date.max  # date:, after:, before: together: one interval
        for f in q.filters:
            if f.name in DATE_FILTERS and not f.negated:
                lo, hi = max(lo, f.value[0]), min(hi, f.value[1])  # type: ignore[index]
                continue
            if f.name == "is" and f.value == "new":
                passed = self._filters.new(index, since)
            elif f.name == "arxiv":
                passed = np.zeros(index.n, dtype=bool)
                passed[self._arxiv_slots(str(f.value))] = True
            else:
                passed = self._filters.mask(f, index)
            mask &= ~passed if f.negated else passed
        if (lo, hi) != (dt.date.min, dt.date.max):
            mask &= self._filters.dates(index, lo, hi)
        if q.for_list is not None:
            self._filters.check_list(q.for_list)
        positive = q.positive
        if not positive:
            ordered = ordered_slots(index, "newest" if order in DISCOVER else order)
            slots = self._exclude(q, ordered[mask[ordered]])
            if order in DISCOVER:
                slots = slots[
                    discover_order(self.store, index, order, slots, q.for_list, self.trending_days)
                ]
            hits = HitList(index, slots, None, None, limit=limit)
            return SearchResult(hits, len(slots), **done)
        matches = [
            self._match(t, i == len(q.terms) - 1, q.fields)
            for i, t in enumerate(q.terms)
            if not t.negated
        ]
        abstracts = self._abstracts if "abstract" in q.fields else None
        found = combine(index, matches, mask, abstracts)
        slots, scores, title_hits = self._exclude(q, found.slots, found.base, found.title_hits)
        text = q.text if "title" in q.fields else ""
        best = None
        if order == "relevance":
            scores, best = rank(index, text, slots, scores, title_hits, limit)
        elif order in DISCOVER:
            newest = sort_hits(index, "newest", slots)
            slots, scores = slots[newest], scores[newest]
            permutation = discover_order(
                self.store, index, order, slots, q.for_list, self.trending_days
            )
            slots, scores = slots[permutation], scores[permutation]
        else:
            permutation = sort_hits(index, order, slots)
            slots, scores = slots[permutation], scores[permutation]
        words = [m.expansion for m in matches if m.expansion is not None]
        phrases = [m.term.tokens for m in matches if m.term.phrase or m.term.compound]
        highlight = Highlighter(words, phrases) if "title" in q.fields else None
        hits = HitList(
            index, slots, scores, highlight, limit=limit, ordered=order != "relevance", best=best
        )
        ignored = tuple(matches[i].term.shown for i in found.ignored)
        return SearchResult(
            hits, len(slots), total_is_estimate=not found.complete, ignored=ignored, **done
        )

    # -- one term -------------------------------------------------------------------------
    def _match(self, term: Term, last: bool, fields: frozenset[str]) -> TermMatch:
        key = (term.tokens, term.phrase, last and not term.phrase, fields, term.arxiv_id)
        cached = self._words.get(key)
        if cached is not None:
            self._words.move_to_end(key)
            return cached
        index = self._index
        empty = (np.zeros(0, np.int64), np.zeros(0, np.float32))
        if term.phrase:
            title = self._phrase_titles(term.tokens) if "title" in fields else empty
            if term.arxiv_id:  # a bare arXiv id: the paper with that id matches as a title
                by_id = self._arxiv_slots(term.arxiv_id)
                both = sorted_union(title[0], by_id)
                title = (both, np.full(len(both), EXACT, dtype=np.float32))
            abstract = NONE
            if "abstract" in fields:
                abstract = self._abstract_hits(fts_term(term.tokens))
            match = TermMatch(term, title, abstract, None, Check(term.tokens), len(term.tokens))
            return self._words.put(key, match)  # type: ignore[return-value]
        if term.compound:
            return self._words.put(key, self._compound(term, last, fields))  # type: ignore[return-value]
        word = term.tokens[0]
        exp = expand(index, word, last=last) if "title" in fields else None
        title = word_scores(index, exp.wids, exp.sims) if exp is not None else empty
        abstract = NONE
        prefix = False
        # A last word of one letter starts a title word, not the abstract token ("model's").
        started_word = last and len(word) == 1 and "title" in fields
        if "abstract" in fields and not started_word:
            abstract = self._abstract_hits(fts_term([word]))
            if last and self._prefix_worthwhile(word):
                prefix = True
                started = time.perf_counter()
                more = self._abstract_hits(fts_term([word], prefix=True))
                if time.perf_counter() - started > SLOW_PREFIX_S:
                    self._expensive_stems.add(word[:3])
                abstract = union(abstract, more)
        match = TermMatch(term, title, abstract, exp, Check((word,), prefix))
        return self._words.put(key, match)  # type: ignore[return-value]

    def _compound(self, term: Term, last: bool, fields: frozenset[str]) -> TermMatch:
        """``GPT-4``: the words in a row (``GPT 4``, ``GPT-4``) or as one (``GPT4``)."""
        joined = "".join(term.tokens)
        exp = None
        title = (np.zeros(0, np.int64), np.zeros(0, np.float32))
        if "title" in fields:
            exp = expand(self._index, joined, last=last)
            slots, scores = word_scores(self._index, exp.wids, exp.sims)
            in_row = self._phrase_titles(term.tokens)[0]
            both = sorted_union(slots, in_row)
            best = np.full(len(both), EXACT, dtype=np.float32)
            best[np.isin(both, in_row, invert=True)] = scores[np.isin(slots, in_row, invert=True)]
            title = (both, best)
        abstract = NONE
        if "abstract" in fields:
            abstract = union(
                self._abstract_hits(fts_term(term.tokens)),
                self._abstract_hits(fts_term([joined])),
            )
        return TermMatch(term, title, abstract, exp, Check(term.tokens, joined=True))

    def _arxiv_slots(self, arxiv_id: str) -> np.ndarray:
        """Live slots of the papers with this arXiv id (any version)."""
        if self._arxiv is None:
            # Read once, on the first id lookup: the build scan never touches this column.
            found: dict[str, list[int]] = {}
            rows = self._conn.execute(
                "SELECT id, arxiv_id FROM papers WHERE arxiv_id IS NOT NULL AND arxiv_id != ''"
            )
            for pid, raw in rows:
                m = ARXIV_ID.fullmatch(str(raw).strip())
                if m:
                    found.setdefault(m[1].lower(), []).append(pid)
            self._arxiv = found
        slots = self._index.slots_of(self._arxiv.get(arxiv_id.lower(), []))
        return slots[self._index.alive[slots]]

    def _prefix_worthwhile(self, word: str) -> bool:
        """Whether FTS5 may look up words starting with ``word``: cheap ones only."""
        if len(word) < 3 or word[:3] in self._expensive_stems:
            return False
        index = self._index
        wids = index.prefixed(word)
        if len(wids) > 200:
            return False
        lengths = index.postings(wids)[1]
        return int(lengths.sum()) <= PREFIX_SHARE * max(index.count, 1000)

    def _abstract_hits(self, expr: str) -> AbstractHits:
        hits = self._abstracts.match(expr)
        if hits.common or not len(hits.ids):
            return hits
        slots = self._index.slot_of_id[np.clip(hits.ids, 0, len(self._index.slot_of_id) - 1)]
        keep = (slots >= 0) & (hits.ids < len(self._index.slot_of_id))
        return AbstractHits(slots[keep].astype(np.int64), hits.scores[keep])

    def _phrase_titles(self, toks: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        index = self._index
        candidates = None
        for t in toks:
            has = index.has_token(t)
            candidates = has if candidates is None else sorted_intersection(candidates, has)
            if not len(candidates):
                break
        if candidates is None or not len(candidates):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        needle = " " + " ".join(toks) + " "
        titles = index.titles
        found = [
            s for s in candidates.tolist() if needle in " " + " ".join(tokens(titles[s])) + " "
        ]
        return np.array(found, dtype=np.int64), np.full(len(found), EXACT, dtype=np.float32)

    # -- exclusions and ranking -------------------------------------------------------------
    def _exclude(self, q: Query, slots: np.ndarray, *arrays: np.ndarray):
        negative = q.negative
        if not negative or not len(slots):
            return (slots, *arrays) if arrays else slots
        index = self._index
        drop = np.zeros(index.n, dtype=bool)
        for term in negative:
            if "title" in q.fields:
                if term.compound:
                    drop[self._phrase_titles(term.tokens)[0]] = True
                    drop[index.has_token("".join(term.tokens))] = True
                elif term.phrase:
                    drop[self._phrase_titles(term.tokens)[0]] = True
                    if term.arxiv_id:
                        drop[self._arxiv_slots(term.arxiv_id)] = True
                else:
                    drop[index.has_token(term.tokens[0])] = True
            if "abstract" in q.fields:
                forms = [term.tokens, ("".join(term.tokens),)] if term.compound else [term.tokens]
                for toks in forms:
                    self._drop_abstracts(toks, slots, drop)
        keep = ~drop[slots]
        return (slots[keep], *(a[keep] for a in arrays)) if arrays else slots[keep]

    def _drop_abstracts(self, toks: tuple[str, ...], slots: np.ndarray, drop: np.ndarray) -> None:
        """Mark in ``drop`` the papers among ``slots`` whose abstract has ``toks``."""
        index = self._index
        expr = fts_term(toks)
        hits = self._cached_abstract(expr)
        if not hits.common:
            drop[hits.ids] = True
        elif len(slots) <= VERIFY_MAX:
            left = slots[~drop[slots]]
            found = self._abstracts.verify(index.ids[left], [Check(toks)])
            drop[left[found[:, 0]]] = True
        else:
            drop[index.slots_of(self._all_ids(expr))] = True

    def _cached_abstract(self, expr: str) -> AbstractHits:
        key = ("abstract", expr)
        cached = self._words.get(key)
        if cached is None:
            cached = self._words.put(key, self._abstract_hits(expr))
        return cached  # type: ignore[return-value]

    def _all_ids(self, expr: str) -> np.ndarray:
        key = ("all", expr)
        cached = self._words.get(key)
        if cached is None:
            cached = self._words.put(key, self._abstracts.all_ids(expr))
        return cached  # type: ignore[return-value]
