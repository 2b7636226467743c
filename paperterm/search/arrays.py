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


def best_per_slot(slots: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct slot of ``slots`` (sorted) with the largest of its ``values``.

    Few slots are sorted; many (a share of all ``n``) go through one dense scratch array,
    so the cost follows the hits, not the size of the store.
    """
    slots = np.asarray(slots, dtype=np.int64)
    values = np.asarray(values, dtype=np.float32)
    if len(slots) * 50 < n:
        order = np.lexsort((-values, slots))
        slots, values = slots[order], values[order]
        first = np.empty(len(slots), dtype=bool)
        if len(slots):
            first[0] = True
            np.not_equal(slots[1:], slots[:-1], out=first[1:])
        return slots[first], values[first]
    scratch = np.full(n, -np.inf, dtype=np.float32)
    np.maximum.at(scratch, slots, values)
    found = np.flatnonzero(scratch > -np.inf)
    return found, scratch[found]
