"""Sorted-set operations on id arrays without ``np.unique`` (numpy 2 imports numpy.ma on its
first call: ~35 ms that would land on a keystroke or a CLI search)."""

from __future__ import annotations

import numpy as np


def uniq(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted."""
    ordered = np.sort(np.asarray(values), kind="stable")
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def sorted_union(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values in either, sorted, each once."""
    return uniq(np.concatenate([np.asarray(a), np.asarray(b)]))


def sorted_intersection(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values in both, sorted, each once."""
    both = np.sort(np.concatenate([uniq(a), uniq(b)]), kind="stable")
    return both[:-1][both[1:] == both[:-1]]
