"""Counts said in words: ``1 paper``, ``2 papers``."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 paper``, ``2 papers``: a count with its noun in the right number."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"
