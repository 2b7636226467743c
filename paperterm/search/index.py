"""The in-memory title index: title words -> paper slots, plus per-slot fields for filters.

Each paper has a *slot* (0..n-1). Per-slot fields live in numpy arrays; titles and keys in
lists. Words are held as a CSR posting list (word id -> slots) built in one pass at
startup; papers added by ``update`` go to a small delta (word id -> [slots]) until the next
full build. Slots are never reused: a paper whose title changed gets a new slot and the old
one is marked dead, so hit lists made before an update stay valid.
"""

from __future__ import annotations

import datetime as dt
import gc
import sqlite3
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import count

import numpy as np

from paperterm.search.arrays import uniq
from paperterm.search.tokens import bulk_tokens, extra_tokens, tokens

COLUMNS = (
    "id, key, title, first_seen, last_seen, seen, last_position, upvotes,"
    " CAST(strftime('%s', created_at) AS INTEGER)"  # when first stored, for is:new
)
NOT_CREATED = np.iinfo(np.int64).min  # stored without a time (imported): never new
NO_DAY = np.iinfo(np.int32).min  # a paper no digest mentions (kept for the user's data)
EPOCH = dt.date(1970, 1, 1)
FUZZY_MIN_LEN = 4
CHUNK = 50_000  # rows read and tokenized at a time while building
FOLDED_TITLES = 20_000  # folded titles remembered for re-ranking


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01, the unit of the date arrays."""
    return (day - EPOCH).days


def _days(values: Sequence[str | None]) -> np.ndarray:
    days = np.array(values, dtype="datetime64[D]").astype(np.int64)
    days[days == np.iinfo(np.int64).min] = NO_DAY  # NaT
    return days.astype(np.int32)


def _seconds(values: Sequence[int | None]) -> np.ndarray:
    return np.array([NOT_CREATED if v is None else v for v in values], dtype=np.int64)


def _group_order(wid: np.ndarray) -> np.ndarray:
    """A stable argsort of word ids: two 16-bit radix passes (5x numpy's default)."""
    low = np.argsort((wid & 0xFFFF).astype(np.uint16), kind="stable")
    return low[np.argsort((wid >> 16).astype(np.uint16)[low], kind="stable")]


def fuzzy_order(words: Sequence[str], wlen: np.ndarray) -> np.ndarray:
    """Ids of the words a typo may reach (long enough, not a number), by length then id."""
    digits = np.fromiter(map(str.isdigit, words), bool, len(words))
    fuzzy = np.flatnonzero(~digits & (wlen >= FUZZY_MIN_LEN - 1))
    return fuzzy[np.argsort(wlen[fuzzy], kind="stable")]


class TitleIndex:
    """Title words and per-paper fields for every paper in the store."""

    def __init__(self, chunks: Iterable[Sequence[Sequence]]) -> None:
        """Build from chunks of rows in ``COLUMNS`` order (``[rows]`` for one chunk)."""
        was_enabled = gc.isenabled()
        gc.disable()  # millions of small objects: the cyclic collector would triple build time
        try:
            self._build(chunks)
        finally:
            if was_enabled:
                gc.enable()

    @classmethod
    def from_store(cls, conn: sqlite3.Connection) -> TitleIndex:
        """Build from every paper of a store, reading it in chunks (bounded peak memory)."""
        cursor = conn.execute(f"SELECT {COLUMNS} FROM papers ORDER BY id")
        return cls(iter(lambda: cursor.fetchmany(CHUNK), []))

    # -- building ------------------------------------------------------------------------
    def _build(self, chunks: Iterable[Sequence[Sequence]]) -> None:
        cols: list[list] = [[] for _ in range(9)]
        first: dict[str, int] = {}  # word -> position of its first occurrence among tokens
        seen_at: list[np.ndarray] = []
        docs: list[np.ndarray] = []
        lens: list[np.ndarray] = []
        n = tokens_so_far = 0
        for chunk in chunks:
            for column, values in zip(cols, zip(*chunk, strict=True), strict=True):
                column.extend(values)
            # Tokens become word ids chunk by chunk, so the strings never pile up.
            flat, owners, chunk_lens = bulk_tokens([row[2] for row in chunk])
            seen_at.append(
                np.fromiter(map(first.setdefault, flat, count(tokens_so_far)), np.int64, len(flat))
            )
            docs.append(owners + n)
            lens.append(chunk_lens)
            n += len(chunk)
            tokens_so_far += len(flat)
        self.ids = np.array(cols[0], dtype=np.int64)
        self.keys: list[str] = cols[1]
        self.titles: list[str] = cols[2]
        self.first = _days(cols[3])
        self.last = _days(cols[4])
        self.seen = np.array(cols[5], dtype=np.int32)
        self.pos = np.array(cols[6], dtype=np.int32)
        self.upvotes = np.array([-1 if u is None else u for u in cols[7]], dtype=np.int64)
        self.created = _seconds(cols[8])
        self.alive = np.ones(n, dtype=bool)
        self.lens = np.concatenate(lens) if lens else np.zeros(0, np.int32)
        # Dense word ids: number the first occurrences in order.
        positions = np.concatenate(seen_at) if seen_at else np.zeros(0, np.int64)
        is_first = np.zeros(len(positions), dtype=bool)
        is_first[positions] = True
        wid = (np.cumsum(is_first) - 1)[positions].astype(np.int32)
        self.words: list[str] = list(first)
        doc = np.concatenate(docs) if docs else np.zeros(0, np.int32)
        self.post = doc[_group_order(wid)]
        self.offs = np.zeros(len(self.words) + 1, dtype=np.int64)
        np.cumsum(np.bincount(wid, minlength=len(self.words)), out=self.offs[1:])
        self._derive()

    def _derive(self, words_sorted: bool = False, stored: dict | None = None) -> None:
        """Lookups computed from the stored fields (after a build or a load from the cache).

        ``words_sorted``: the vocabulary is in sorted order already (a loaded cache). What a
        query may never need (the word dict, a length's typo bucket) is made on first use.
        """
        stored = stored or {}
        self._vocab: dict[str, int] | None = None
        self._warm = False  # see warm()
        self._folded: dict[int, str] = {}  # see folded_titles()
        self.wlen = stored.get("wlen")
        if self.wlen is None:
            self.wlen = np.fromiter(map(len, self.words), np.int32, len(self.words))
        self.base_words = len(self.words)
        self.delta: dict[int, list[int]] = {}
        self.delta_slots = 0
        self._sorted: tuple[Sequence[str], np.ndarray] | None = None
        if words_sorted:
            self._sorted = (self.words, np.arange(len(self.words), dtype=np.int64))
        self.sorted_words()  # a build sorts here rather than on the first keystroke
        fuzzy = stored.get("fuzzy")
        if fuzzy is None:
            fuzzy = fuzzy_order(self.words, self.wlen)
        lengths = self.wlen[fuzzy]
        cuts = np.flatnonzero(np.diff(lengths)) + 1
        bounds = zip(np.r_[0, cuts].tolist(), np.r_[cuts, len(fuzzy)].tolist(), strict=True)
        self._by_len = fuzzy
        self._spans = {int(lengths[a]): (a, b) for a, b in bounds if b > a}
        self.buckets: dict[int, tuple[list[str], list[int]]] = {}
        self.slot_of_id = np.full(int(self.ids.max(initial=0)) + 1, -1, dtype=np.int32)
        live = np.flatnonzero(self.alive)  # a dead slot's id may live on in a newer slot
        self.slot_of_id[self.ids[live]] = live.astype(np.int32)
        if "newest" in stored:
            self.newest, self.rank, self.sort_cache = stored["newest"], stored["rank"], {}
        else:
            self._rank()

    @property
    def vocab(self) -> dict[str, int]:
        """Word -> word id (made on first use: lookups by bisection need none)."""
        if self._vocab is None:
            self._vocab = dict(zip(self.words, range(len(self.words)), strict=True))
        return self._vocab

    def wid_of(self, word: str) -> int | None:
        """The id of ``word``, or None when no title has it."""
        if self._vocab is not None:
            return self._vocab.get(word)
        words, wids = self.sorted_words()
        i = bisect_left(words, word)
        return int(wids[i]) if i < len(words) and words[i] == word else None

    def bucket(self, length: int) -> tuple[list[str], list[int]]:
        """The words of one length a typo may reach (no digits), with their ids."""
        found = self.buckets.get(length)
        if found is None:
            lo, hi = self._spans.get(length, (0, 0))
            wids = self._by_len[lo:hi].tolist()
            found = self.buckets[length] = ([self.words[i] for i in wids], wids)
        return found

    def warm(self) -> None:
        """Make every lookup a keystroke may need now: every typo bucket and the arrays of a
        loaded cache read in (mapped: the first query would fault in their pages one by one).
        Not the word dict (lookups bisect): at 1M papers it held the search lock 0.3 s."""
        if self._warm:
            return
        self._warm = True
        for length in self._spans:
            self.bucket(length)
        for name in ("post", "offs", "rank", "newest", "first", "last", "seen", "pos", "ids"):
            array = getattr(self, name)
            int(array[:: max(1, 4096 // array.itemsize)].sum())  # one read per page

    def _bucket(self, word: str, wid: int) -> None:
        if len(word) >= FUZZY_MIN_LEN - 1 and not word.isdigit():
            words, wids = self.bucket(len(word))
            words.append(word)
            wids.append(wid)

    def _rank(self) -> None:
        """Recency order: last seen (newest first), then digest position, then newest id."""
        last = self.last.astype(np.int64)
        order = np.lexsort((-self.ids, self.pos, -last))
        order = order[self.alive[order]]
        self.newest = order.astype(np.int64)
        self.sort_cache: dict[object, np.ndarray] = {}  # paperterm.search.sorting's orders
        self.rank = np.full(len(self.ids), len(self.ids), dtype=np.int64)
        self.rank[order] = np.arange(len(order))

    # -- size and lookups -----------------------------------------------------------------
    @property
    def n(self) -> int:
        """Number of slots (alive or dead)."""
        return len(self.ids)

    @property
    def count(self) -> int:
        """Number of live papers."""
        return len(self.newest)

    def key_list(self) -> list[str]:
        """Every slot's paper key as a list (decoded once when loaded packed)."""
        keys = self.keys
        return keys if isinstance(keys, list) else keys.tolist()

    def slots_of(self, ids: Iterable[int] | np.ndarray) -> np.ndarray:
        """Slots of paper ids (ids unknown to the index are dropped)."""
        ids = np.asarray(ids if isinstance(ids, np.ndarray) else list(ids), dtype=np.int64)
        ids = ids[(ids >= 0) & (ids < len(self.slot_of_id))]
        slots = self.slot_of_id[ids]
        return slots[slots >= 0].astype(np.int64)

    def sorted_words(self) -> tuple[Sequence[str], np.ndarray]:
        """The vocabulary sorted, with word ids, for prefix lookups by bisection."""
        if self._sorted is None:
            wids = np.array(sorted(range(len(self.words)), key=self.words.__getitem__))
            wids = wids.astype(np.int64)
            self._sorted = ([self.words[i] for i in wids.tolist()], wids)
        return self._sorted

    def prefixed(self, prefix: str) -> np.ndarray:
        """Ids of the words that start with ``prefix`` (the word itself included)."""
        words, wids = self.sorted_words()
        lo = bisect_left(words, prefix)
        hi = bisect_left(words, prefix + "\U0010ffff", lo)
        return wids[lo:hi]

    def postings(self, wids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Slots of every word in ``wids`` (concatenated) and how many each word has."""
        wids = np.asarray(wids, dtype=np.int64)
        base = np.minimum(wids, self.base_words)  # delta-only words have empty base lists
        starts = self.offs[base]
        lengths = self.offs[np.minimum(base + 1, self.base_words)] - starts
        lengths[wids >= self.base_words] = 0
        total = int(lengths.sum())
        shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        slots = self.post[shift + np.arange(total)].astype(np.int64)
        if not self.delta:
            return slots, lengths
        extra = [self.delta.get(int(w), []) for w in wids]
        if not any(extra):
            return slots, lengths
        # Interleave per word so callers can repeat per-word values over the result.
        parts, out_len = [], []
        cursor = 0
        for length, more in zip(lengths.tolist(), extra, strict=True):
            parts.append(slots[cursor : cursor + length])
            parts.append(np.array(more, dtype=np.int64))
            out_len.append(length + len(more))
            cursor += length
        return np.concatenate(parts), np.array(out_len, dtype=np.int64)

    def has_token(self, word: str) -> np.ndarray:
        """Slots whose title has exactly this token."""
        wid = self.wid_of(word)
        if wid is None:
            return np.zeros(0, dtype=np.int64)
        return uniq(self.postings(np.array([wid]))[0])

    def folded_titles(self, slots: list[int]) -> list[str]:
        """The titles of ``slots`` as tokens joined by spaces (remembered: one key's best
        hits are mostly the next one's)."""
        if len(cache := self._folded) > FOLDED_TITLES:
            cache.clear()
        out = []
        for slot in slots:
            text = cache.get(slot)
            if text is None:
                text = cache[slot] = " ".join(tokens(self.titles[slot]))
            out.append(text)
        return out

    def day(self, slot: int, which: str) -> dt.date | None:
        value = int((self.first if which == "first" else self.last)[slot])
        return None if value == NO_DAY else EPOCH + dt.timedelta(days=value)

    # -- updating -------------------------------------------------------------------------
    def update(self, rows: Sequence[Sequence], gone: Iterable[int]) -> None:
        """Apply changed rows (``COLUMNS`` order) and drop papers that no longer exist."""
        # Texts loaded packed (read-only) become lists the first time they change.
        self.keys, self.titles = list(self.keys), list(self.titles)
        for paper_id in gone:
            if 0 <= paper_id < len(self.slot_of_id) and self.slot_of_id[paper_id] >= 0:
                self.alive[self.slot_of_id[paper_id]] = False
                self.slot_of_id[paper_id] = -1
        fresh = []
        for row in rows:
            pid = row[0]
            slot = self.slot_of_id[pid] if pid < len(self.slot_of_id) else -1
            if slot >= 0 and self.titles[slot] == row[2]:
                self.first[slot], self.last[slot] = _days([row[3], row[4]])
                self.seen[slot], self.pos[slot] = row[5], row[6]
                self.upvotes[slot] = -1 if row[7] is None else row[7]
                self.created[slot] = NOT_CREATED if row[8] is None else row[8]
                self.keys[slot] = row[1]
                continue
            if slot >= 0:
                self.alive[slot] = False
            fresh.append(row)
        if fresh:
            self._append(fresh)
        self._rank()

    def _append(self, rows: list[Sequence]) -> None:
        start = self.n
        cols = list(zip(*rows, strict=True))
        self.ids = np.concatenate([self.ids, np.array(cols[0], dtype=np.int64)])
        self.keys.extend(cols[1])
        self.titles.extend(cols[2])
        self.first = np.concatenate([self.first, _days(cols[3])])
        self.last = np.concatenate([self.last, _days(cols[4])])
        self.seen = np.concatenate([self.seen, np.array(cols[5], dtype=np.int32)])
        self.pos = np.concatenate([self.pos, np.array(cols[6], dtype=np.int32)])
        ups = [-1 if u is None else u for u in cols[7]]
        self.upvotes = np.concatenate([self.upvotes, np.array(ups, dtype=np.int64)])
        self.created = np.concatenate([self.created, _seconds(cols[8])])
        self.alive = np.concatenate([self.alive, np.ones(len(rows), dtype=bool)])
        lens = []
        for offset, title in enumerate(cols[2]):
            slot = start + offset
            base = tokens(title)
            lens.append(len(base))
            for word in dict.fromkeys(base + extra_tokens(title)):
                wid = self.vocab.get(word)
                if wid is None:
                    wid = self.vocab[word] = len(self.words)
                    self.words.append(word)
                    self.wlen = np.append(self.wlen, np.int32(len(word)))
                    self._bucket(word, wid)
                    self._sorted = None
                self.delta.setdefault(wid, []).append(slot)
        self.lens = np.concatenate([self.lens, np.array(lens, dtype=np.int32)])
        self.delta_slots += len(rows)
        top = int(self.ids.max(initial=0)) + 1
        if top > len(self.slot_of_id):
            grown = np.full(max(top, len(self.slot_of_id) * 5 // 4), -1, dtype=np.int32)
            grown[: len(self.slot_of_id)] = self.slot_of_id
            self.slot_of_id = grown
        self.slot_of_id[self.ids[start:]] = np.arange(start, self.n, dtype=np.int32)
