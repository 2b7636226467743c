"""A sync unit: one thing a source offers that may hold digests (a file, a message, a day)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from paperterm.models import ParseResult


@dataclass(frozen=True)
class Fetched:
    """A unit's content: a hash of its bytes and what the parser made of them."""

    sha256: str
    result: ParseResult


@dataclass(frozen=True)
class Unit:
    """Something to sync.

    ``locator`` names it uniquely across sources (an absolute path, ``mail:<Message-ID>``,
    ``hf:2025-03-14``). ``stamp`` is a cheap change marker (size and mtime); a unit already
    synced with the same stamp is skipped without being read. ``stamp=None`` means the unit
    never changes once synced (a message, a past API day).
    """

    kind: str
    locator: str
    stamp: str | None
    fetch: Callable[[], Fetched]
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.locator
