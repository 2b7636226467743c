"""Hits for the caller: a lazy ranked sequence, light papers, and title highlight spans."""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import numpy as np

from paperterm.models import Hit, Paper
from paperterm.search.fuzzy import Expansion
from paperterm.search.index import TitleIndex
from paperterm.search.packed import PackedTexts
from paperterm.search.tokens import TOKEN, fold, token_spans

HEAD = 200  # hits ordered eagerly; the rest only when someone scrolls that far


class Highlighter:
    """Finds the character ranges of a title that a query matched."""

    def __init__(self, words: Sequence[Expansion], phrases: Sequence[tuple[str, ...]]) -> None:
        self.words = list(words)
        self.phrases = [p for p in phrases if p]

    def __call__(self, title: str) -> tuple[tuple[int, int], ...]:
        if not self.words and not self.phrases:
            return ()
        found: list[tuple[int, int]] = []
        if self.words:
            for token, start, end in token_spans(title):
                for exp in self.words:
                    length = exp.matches(token)
                    if length:
                        exact_width = title[start:end].isascii() and end - start == len(token)
                        found.append((start, start + length if exact_width else end))
                        break
        if self.phrases:
            base = [(fold(m[0]), m.start(), m.end()) for m in TOKEN.finditer(title)]
            words = [b[0] for b in base]
            for phrase in self.phrases:
                k = len(phrase)
                for i in range(len(words) - k + 1):
                    if tuple(words[i : i + k]) == phrase:
                        found.append((base[i][1], base[i + k - 1][2]))
        return merge_spans(found)


def merge_spans(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted, non-overlapping spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def light_paper(index: TitleIndex, slot: int) -> Paper:
    """A Paper from the index alone: no abstract, no authors (load those from the store)."""
    upvotes = int(index.upvotes[slot])
    return Paper(
        id=int(index.ids[slot]),
        key=index.keys[slot],
        title=index.titles[slot],
        abstract="",
        first_seen=index.day(slot, "first"),
        last_seen=index.day(slot, "last"),
        seen=int(index.seen[slot]),
        upvotes=None if upvotes < 0 else upvotes,
        last_position=int(index.pos[slot]),
    )


def order_key(index: TitleIndex, slots: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """One int64 per hit: score (to 1/1000) descending, then newest first."""
    return _key(index, slots, _quantized(scores))


def best_of(index: TitleIndex, slots: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """The positions of the first ``k`` hits by ``order_key`` (in no order; 0 < k < len).

    Of many hits only those scoring at least the k-th best score can be among them: the
    key (a gather of every hit's recency) is made for those alone.
    """
    quantized = _quantized(scores)
    if len(slots) <= 4 * k:
        at = np.arange(len(slots))
    else:
        at = np.flatnonzero(quantized >= _kth_largest(quantized, k))
        if len(at) == k:
            return at
    key = _key(index, slots[at], quantized[at])
    return at[np.argpartition(key, k - 1)[:k]]


def _kth_largest(values: np.ndarray, k: int) -> int:
    """The k-th largest of ``values`` (np.partition crawls over the many equal scores)."""
    lo, hi = int(values.min()), int(values.max())
    if hi - lo > 1 << 22:  # not scores to 1/1000
        return int(np.partition(values, len(values) - k)[len(values) - k])
    at_least = np.cumsum(np.bincount(values - lo)[::-1])  # [i]: how many are >= hi - i
    return hi - int(np.searchsorted(at_least, k))


def _quantized(scores: np.ndarray) -> np.ndarray:
    """Scores (0-110) to 1/1000 as int32 (float32 holds those integers exactly)."""
    scaled = np.multiply(scores, np.float32(1000), dtype=np.float32)
    return np.rint(scaled, out=scaled).astype(np.int32)


def _key(index: TitleIndex, slots: np.ndarray, quantized: np.ndarray) -> np.ndarray:
    score = (1 << 30) - quantized.astype(np.int64)
    return score << 31 | np.minimum(index.rank[slots], (1 << 31) - 1)


class HitList(Sequence[Hit]):
    """Ranked hits made on access: ``len()`` is cheap, ``hits[i]`` builds one Hit.

    ``slots`` are already in display order when ``scores`` is None (newest first) or
    ``ordered`` is true (a sort order other than relevance); otherwise they are ordered by
    score (best first), then newest first, lazily: the first ``HEAD`` on creation,
    everything else when first asked for. ``best``, when known, holds the positions of the
    best hits (any order): the first ones are then sorted from those alone.
    """

    def __init__(
        self,
        index: TitleIndex,
        slots: np.ndarray,
        scores: np.ndarray | None = None,
        highlight: Highlighter | None = None,
        *,
        limit: int | None = None,
        ordered: bool = False,
        best: np.ndarray | None = None,
    ) -> None:
        self._index = index
        self._highlight = highlight
        self._len = len(slots) if limit is None else min(limit, len(slots))
        if scores is None or ordered:  # already in display order (a sort order, newest)
            self._slots = slots[: self._len]
            self._scores = None if scores is None else np.asarray(scores, np.float32)[: self._len]
            self._sorted = self._len
            return
        self._all_slots, self._all_scores = slots, np.asarray(scores, dtype=np.float32)
        self._key: np.ndarray | None = None  # every hit's order_key, made when needed
        self._sorted = 0
        upto = min(self._len, HEAD)
        if best is not None and upto <= len(best) < len(slots):
            self._take(best[np.argsort(order_key(index, slots[best], scores[best]))])
        else:
            self._sort(upto)

    def _sort(self, upto: int) -> None:
        if upto <= self._sorted:
            return
        if self._key is None:
            self._key = order_key(self._index, self._all_slots, self._all_scores)
        key = self._key
        if upto < len(key) // 2:
            part = np.argpartition(key, upto - 1)[:upto]
            order = part[np.argsort(key[part], kind="stable")]
        else:
            order = np.argsort(key, kind="stable")[: self._len]
        self._take(order)

    def _take(self, order: np.ndarray) -> None:
        """Show the hits at ``order``'s positions first, in that order."""
        order = order[: self._len]
        self._sorted = len(order)
        self._slots = self._all_slots[order]
        self._scores = self._all_scores[order]

    def __len__(self) -> int:
        return self._len

    def _hit(self, i: int) -> Hit:
        if i >= self._sorted:
            self._sort(self._len if i >= HEAD * 4 else min(self._len, max(HEAD, 4 * i)))
        slot = int(self._slots[i])
        title = self._index.titles[slot]
        spans = self._highlight(title) if self._highlight else ()
        score = 0.0 if self._scores is None else round(float(self._scores[i]), 2)
        return Hit(light_paper(self._index, slot), score, spans)

    @overload
    def __getitem__(self, i: int) -> Hit: ...
    @overload
    def __getitem__(self, i: slice) -> list[Hit]: ...
    def __getitem__(self, i: int | slice) -> Hit | list[Hit]:
        if isinstance(i, slice):
            return [self._hit(j) for j in range(*i.indices(self._len))]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("hit index out of range")
        return self._hit(i)

    def slots(self) -> np.ndarray:
        """Every hit's slot in order (sorts the whole list once)."""
        self._sort(self._len)
        return self._slots[: self._len]

    def paper_keys(self) -> list[str]:
        """Every hit's paper key in order, without building Hits."""
        keys = self._index.key_list()
        return [keys[s] for s in self.slots().tolist()]

    def position(self, key: str) -> int:
        """Where the paper ``key`` is in this list, or -1 (no Hit is built)."""
        keys = self._index.keys
        if isinstance(keys, PackedTexts):  # loaded: look the key up in the buffer
            found = np.flatnonzero(np.isin(self.slots(), keys.find(key)))
            return int(found[0]) if len(found) else -1
        for i, slot in enumerate(self.slots().tolist()):
            if keys[slot] == key:
                return i
        return -1
