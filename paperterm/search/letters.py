"""One-letter last words resolved ahead of time: a letter's title scores, one byte a paper.

A query's last word completes as a prefix, so a single letter (``sparse a``) stands for
every title word starting with it: merging those postings took 15 ms of a keystroke at 1M
papers. Each frequent letter's result (``TitleIndex.word_scores``) is kept as a code per
slot (0: no such word, else 1 + the rank of its score among the letter's few distinct
scores): n bytes a letter, and the same slots and scores, bit for bit, in ~1 ms.
"""

from __future__ import annotations

import numpy as np

from paperterm.search.arrays import uniq
from paperterm.search.fuzzy import Expansion, expand
from paperterm.search.index import TitleIndex

SHARE = 8  # kept for a letter whose words' postings are at least 1/SHARE of the slots
MIN_SLOTS = 200_000  # below this many papers every letter is fast enough as it is (~2 ms)


class LetterScores:
    """The kept letters of one index, valid while the index does not change."""

    def __init__(self, index: TitleIndex) -> None:
        self.index = index
        self._stamp = _stamp(index)
        self._kept: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._todo: list[str] | None = None

    def keep_next(self, most: int) -> bool:
        """Keep up to ``most`` more of the letters worth it; True while some are left."""
        if self._todo is None:
            self._todo = self.worth_keeping()
        for _ in range(min(most, len(self._todo))):
            self.keep(self._todo.pop(0))
        return bool(self._todo)

    def current(self, index: TitleIndex) -> bool:
        """True while these tables hold for ``index`` (the same one, not updated since)."""
        return index is self.index and _stamp(index) == self._stamp

    def worth_keeping(self) -> list[str]:
        """The letters whose words' postings are many (the slow ones), most postings first."""
        index = self.index
        if index.n < MIN_SLOTS:
            return []
        words, wids = index.sorted_words()
        firsts: dict[str, int] = {}
        for word in words:  # sorted: one look per distinct first letter
            if word and word[0] not in firsts:
                firsts[word[0]] = 0
        for letter in firsts:
            done = index.prefixed(letter)
            base = done[done < index.base_words]
            firsts[letter] = int((index.offs[base + 1] - index.offs[base]).sum())
        big = [c for c, postings in firsts.items() if postings * SHARE >= index.n]
        return sorted(big, key=lambda c: -firsts[c])

    def keep(self, letter: str) -> None:
        """Resolve ``letter`` as a last word now and keep it (more than 255 scores: not)."""
        index = self.index
        exp = expand(index, letter, last=True)
        found, best = index.word_scores(exp.wids, exp.sims)
        values = uniq(best)
        if len(values) > 255:
            return
        codes = np.zeros(index.n, dtype=np.uint8)
        codes[found] = np.searchsorted(values, best) + 1
        self._kept[letter] = (codes, values)

    def scores(self, letter: str) -> tuple[np.ndarray, np.ndarray] | None:
        """``index.word_scores`` of the letter as a last word, or None if not kept."""
        kept = self._kept.get(letter)
        if kept is None:
            return None
        codes, values = kept
        found = np.flatnonzero(codes)
        return found, values[codes[found] - 1]


def title_scores(
    kept: LetterScores | None, index: TitleIndex, exp: Expansion, last: bool
) -> tuple[np.ndarray, np.ndarray]:
    """``index.word_scores`` of an expansion; a kept letter's from its table."""
    if last and kept is not None and len(exp.word) == 1 and kept.current(index):
        found = kept.scores(exp.word)
        if found is not None:
            return found
    return index.word_scores(exp.wids, exp.sims)


def _stamp(index: TitleIndex) -> tuple[int, int, int]:
    return index.n, index.delta_slots, len(index.words)
