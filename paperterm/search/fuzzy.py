"""Expanding one query word over the title vocabulary: exact, prefix completions and typos.

A word that none of those reach may be a prefix typed with a typo (``gausi`` on the way to
``gaussian``): it then stands for the completions of the prefixes a typo away from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from paperterm.search.index import FUZZY_MIN_LEN, TitleIndex

EXACT = 1.0
# Per index: the vocabulary size they were made for, then length -> the distinct starts of
# that length of the words of letters (0: those words, sorted). See stems().
_STEMS: WeakKeyDictionary[TitleIndex, tuple[int, dict[int, list[str]]]] = WeakKeyDictionary()
PREFIX_MIN_LEN = 3  # a word other than the last one completes only from 3 letters on


def max_edits(length: int) -> int:
    """Typos tolerated in a word of this length (OSA: a swap of two letters is one)."""
    if length < FUZZY_MIN_LEN:
        return 0
    if length <= 6:
        return 1
    return 2 if length <= 10 else 3


def typo_similarity(edits: int) -> float:
    return 0.9 - 0.1 * edits


@dataclass(frozen=True)
class Expansion:
    """The vocabulary words a query word stands for, each with a similarity in (0, 1]."""

    word: str
    wids: np.ndarray
    sims: np.ndarray
    prefix: bool
    typos: frozenset[str]
    stems: frozenset[str] = frozenset()  # prefixes a typo away, when nothing else matched

    def matches(self, token: str) -> int:
        """How many leading characters of a title token this word matches (0 = none)."""
        if token == self.word or token in self.typos:
            return len(token)
        if self.prefix and token.startswith(self.word):
            return len(self.word)
        if self.stems:
            for length in {len(s) for s in self.stems}:
                if token[:length] in self.stems:
                    return length
        return 0


def expand(index: TitleIndex, word: str, *, last: bool) -> Expansion:
    """Every title word ``word`` may mean: itself, completions, words one or two typos away."""
    wids: list[np.ndarray] = []
    sims: list[np.ndarray] = []
    exact = index.wid_of(word)
    if exact is not None:
        wids.append(np.array([exact]))
        sims.append(np.array([EXACT], dtype=np.float32))
    prefix = last or len(word) >= PREFIX_MIN_LEN
    if prefix:
        done = index.prefixed(word)
        done = done[done != (-1 if exact is None else exact)]
        if len(done):
            wids.append(done)
            sims.append((0.8 + 0.15 * len(word) / index.wlen[done]).astype(np.float32))
    typos: set[str] = set()
    k = max_edits(len(word))
    # A digit is never a typo: GPT-4 is not GPT-3, x86 is not x64.
    if k and not any(c.isdigit() for c in word):
        found, found_sims = [], []
        for length in range(len(word) - k, len(word) + k + 1):
            bucket = index.bucket(length)
            if not bucket[0]:
                continue
            hits = process.extract(word, bucket[0], scorer=OSA.distance, score_cutoff=k, limit=None)
            for choice, dist, i in hits:
                if dist:
                    typos.add(choice)
                    found.append(bucket[1][i])
                    found_sims.append(typo_similarity(int(dist)))
        if found:
            wids.append(np.array(found, dtype=np.int64))
            sims.append(np.array(found_sims, dtype=np.float32))
    if not wids:
        if prefix and k and not any(c.isdigit() for c in word):
            return _typo_prefix(index, word, k)
        return Expansion(word, np.zeros(0, np.int64), np.zeros(0, np.float32), prefix, frozenset())
    return Expansion(word, np.concatenate(wids), np.concatenate(sims), prefix, frozenset(typos))


def stems(index: TitleIndex, length: int) -> list[str]:
    """The distinct first ``length`` letters of the title words made of letters only, sorted
    (0: those words; made on first use, again once the vocabulary grew)."""
    made = _STEMS.get(index)
    if made is None or made[0] != len(index.words):
        made = _STEMS[index] = (len(index.words), {})
    if (letters := made[1].get(0)) is None:  # the words, sorted, numbers left out
        letters = made[1][0] = [w for w in index.sorted_words()[0] if w.isalpha()]
    if not length:
        return letters
    if (found := made[1].get(length)) is None:
        starts = (w[:length] for w in letters if len(w) >= length)
        found = made[1][length] = list(dict.fromkeys(starts))
    return found


def _typo_prefix(index: TitleIndex, word: str, k: int) -> Expansion:
    """``word`` as the start of a word, with up to ``k`` typos: each prefix that close
    stands for its completions, ranked below a plain completion (one typo: 0.1 less)."""
    wids: list[np.ndarray] = []
    sims: list[np.ndarray] = []
    close: set[str] = set()
    for length in range(len(word), len(word) + k + 1):  # every letter typed counts
        starts = stems(index, length)
        hits = process.extract(word, starts, scorer=OSA.distance, score_cutoff=k, limit=None)
        for stem, dist, _ in hits:
            done = index.prefixed(stem)
            close.add(stem)
            wids.append(done)
            sims.append((0.8 + 0.15 * length / index.wlen[done] - 0.1 * dist).astype(np.float32))
    if not wids:
        return Expansion(word, np.zeros(0, np.int64), np.zeros(0, np.float32), True, frozenset())
    # A word under two stems is listed twice: word_scores keeps its better similarity.
    return Expansion(
        word, np.concatenate(wids), np.concatenate(sims), True, frozenset(), frozenset(close)
    )
