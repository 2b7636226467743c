"""The title order of a loaded index (packed titles): folded, then newest, however long the
titles share their first bytes."""

from __future__ import annotations

import random

import numpy as np

from paperterm.search.packed import PackedTexts, pack
from paperterm.search.sorting import _by_title
from paperterm.search.tokens import fold

PARTS = ["Graph", "graph ", "Équivariant", "equivariant", "ÜBER", "uber", "日本語", "a", "Z", ""]


def expected(titles: list[str], newest: np.ndarray) -> list[int]:
    """The order by its definition: folded title, then place in the newest order."""
    return sorted(range(len(titles)), key=lambda s: (fold(titles[s]), int(newest[s])))


def test_long_shared_prefixes_accents_case_and_equal_titles_sort_as_folded_text():
    rng = random.Random(17)
    titles = ["".join(rng.choice(PARTS) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    titles += ["Same title, forty-odd bytes long, shared by three"] * 3 + ["", ""]
    newest = np.array(rng.sample(range(len(titles)), len(titles)), dtype=np.int64)
    packed = PackedTexts(*pack(titles))
    assert _by_title(packed, newest).tolist() == expected(titles, newest)
    assert _by_title(titles, newest).tolist() == expected(titles, newest)  # a built index


def test_titles_that_differ_only_past_sixteen_bytes():
    titles = ["Large language models: " + tail for tail in ("zeta", "Alpha", "beta", "alpha")]
    newest = np.array([3, 2, 1, 0], dtype=np.int64)
    assert _by_title(PackedTexts(*pack(titles)), newest).tolist() == [3, 1, 2, 0]
