"""The best hits of many (ranking.best_of): the same ones the full order puts first."""

from __future__ import annotations

import numpy as np

from paperterm.search import SearchService
from paperterm.search.ranking import best_of, order_key


def test_the_best_of_many_tied_scores_are_those_the_order_puts_first(synced_store):
    index = SearchService(synced_store, cache=False)._index
    rng = np.random.default_rng(7)
    for _ in range(300):
        n = int(rng.integers(2, 2000))
        slots = rng.integers(0, index.n, n)
        slots = slots[np.argsort(slots)]
        # Scores like a search's: few distinct values, to 1/1000, many ties.
        scores = (rng.integers(0, int(rng.integers(1, 40)), n) * 2.375).astype(np.float32)
        k = int(rng.integers(1, n))
        key = order_key(index, slots, scores)
        want = sorted(key[np.argsort(key, kind="stable")[:k]].tolist())
        got = best_of(index, slots, scores, k)
        assert len(got) == k == len(set(got.tolist()))
        assert sorted(key[got].tolist()) == want
