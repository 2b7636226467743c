"""Finding unread papers in a list of keys: the next one after a position, or all of them."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from paperterm.models import Hit


def next_unread(keys: Sequence[str], start: int, read_keys: Collection[str]) -> int | None:
    """The index of the first unread key after ``start`` (wrapping past the end), or None.

    ``start`` itself is skipped: from the paper on screen, "next unread" means another one.
    """
    n = len(keys)
    if n == 0:
        return None
    start = min(max(start, -1), n - 1)
    for step in range(1, n + 1):
        i = (start + step) % n
        if i == start:
            break
        if keys[i] not in read_keys:
            return i
    return None


def hit_keys(hits: Sequence[Hit]) -> list[str]:
    """The paper keys of ``hits`` in order; a ranked list gives them without building Hits."""
    paper_keys = getattr(hits, "paper_keys", None)
    if paper_keys is not None:
        return list(paper_keys())
    return [hit.paper.key for hit in hits[: len(hits)]]


def unread_keys(hits: Sequence[Hit], read_keys: Collection[str]) -> list[str]:
    """The keys of the unread papers of ``hits``, in the list's order (for triage)."""
    return [key for key in hit_keys(hits) if key not in read_keys]
