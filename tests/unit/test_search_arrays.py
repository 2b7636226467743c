"""The search's sorted-set helpers agree with numpy's set routines on ids."""

from __future__ import annotations

import numpy as np
import pytest

from paperterm.search.arrays import sorted_intersection, sorted_union, uniq


@pytest.mark.parametrize("n", [0, 1, 2, 7, 500])
def test_sets_of_ids_match_numpy(n):
    rng = np.random.default_rng(n)
    a = rng.integers(0, 60, n).astype(np.int64)
    b = rng.integers(0, 60, n // 2 + 1).astype(np.int64)
    assert uniq(a).tolist() == np.unique(a).tolist()
    assert sorted_union(a, b).tolist() == np.union1d(a, b).tolist()
    assert sorted_intersection(a, b).tolist() == np.intersect1d(a, b).tolist()
