"""Deciding whether a search result is the paper: titles equal or nearly so, nothing looser."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from paperterm.text import normalize_title

# Titles at least this long (letters and digits only) may differ by a typo or two.
NEAR_MIN_LENGTH = 40
NEAR_MAX_EDITS = 2
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Candidate:
    """A paper a search service returned, with the metadata it gave (all cleaned)."""

    source: str  # "hf" or "arxiv"
    title: str
    arxiv_id: str
    authors: tuple[str, ...] = ()
    published: str | None = None  # YYYY-MM-DD
    upvotes: int | None = None
    ai_summary: str | None = None
    github: str | None = None
    project_page: str | None = None
    category: str | None = None  # arXiv primary class


def compact(title: str) -> str:
    """A title reduced to lower-case ASCII letters and digits: spacing and hyphens vanish."""
    folded = unicodedata.normalize("NFKD", normalize_title(title))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub("", folded.lower())


def titles_match(ours: str, theirs: str) -> bool:
    """Equal once normalized, or long and apart by at most two letters (digits must agree).

    "Pre-training" and "Pretraining" match; "in 2D" and "in 3D", "Large" and "Small", or a
    title that adds or drops words never do.
    """
    a, b = compact(ours), compact(theirs)
    if not a or not b:
        return False
    if a == b:
        return True
    if min(len(a), len(b)) < NEAR_MIN_LENGTH:
        return False
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return False
    if len(normalize_title(ours).split()) != len(normalize_title(theirs).split()):
        return False
    return Levenshtein.distance(a, b, score_cutoff=NEAR_MAX_EDITS + 1) <= NEAR_MAX_EDITS


def best_match(title: str, candidates: Iterable[Candidate]) -> Candidate | None:
    """The first candidate whose title matches, exact matches before near ones."""
    near: Candidate | None = None
    for candidate in candidates:
        if compact(candidate.title) == compact(title):
            return candidate
        if near is None and titles_match(title, candidate.title):
            near = candidate
    return near
