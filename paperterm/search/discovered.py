"""The orders computed by paperterm.discover (for you, trending), applied to search slots."""

from __future__ import annotations

import numpy as np

from paperterm.search.index import TitleIndex
from paperterm.store import Store


def discover_order(
    store: Store,
    index: TitleIndex,
    order: str,
    slots: np.ndarray,
    for_list: str | None,
    trending_days: int = 7,
) -> np.ndarray:
    """The permutation of ``slots`` (in newest order for ties) that puts them in ``order``;
    trending counts the digests of the library's last ``trending_days``.

    For you without a model (fewer than 3 papers in the lists) keeps the order as it is.
    """
    from paperterm.discover import foryou_scores, trending_scores

    ids = index.ids[slots].tolist()
    if not ids:
        return np.arange(0)
    if order == "foryou":
        scores = foryou_scores(store, ids, for_list)
        key = np.array([-scores.get(i, 0.0) for i in ids], dtype=np.float64)
        return np.argsort(key, kind="stable")
    counts = trending_scores(store, ids, trending_days)
    # Most digests of the window first; ties by upvotes (when known), then newest.
    upvotes = index.upvotes[slots].astype(np.int64)
    digests = np.array([counts.get(i, 0) for i in ids], dtype=np.int64)
    return np.lexsort((index.rank[slots], -upvotes, -digests))
