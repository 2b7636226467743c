"""Triage as plain state: papers one at a time, what was decided on each, undoable writes.

No Textual here: the triage screen runs ``decide``/``revert`` on the database thread and
shows ``progress``/``summary``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from paperterm.bookmarks import DEFAULT_LIST, Bookmarks, ReadUndo

Kind = Literal["kept", "read", "later"]


@dataclass(frozen=True)
class Decision:
    """What was done to one paper, and what to take back if the user changes their mind."""

    kind: Kind
    list_name: str = ""  # the list it was added to ("kept")
    added: bool = False  # False when it was in that list already: nothing to take back
    undo: ReadUndo = field(default_factory=ReadUndo)  # "read": the read mark it replaced


@dataclass(frozen=True)
class Summary:
    """The end of a triage: how many kept, marked read and left unread, of how many."""

    total: int
    kept: int
    read: int
    left: int

    def text(self, sep: str = " · ") -> str:
        return sep.join(
            (f"{self.kept} kept", f"{self.read} marked read", f"{self.left} left unread")
        )


def apply(bookmarks: Bookmarks, key: str, kind: Kind, list_name: str = DEFAULT_LIST) -> Decision:
    """Write a decision: keep adds to ``list_name``, read marks read, later writes nothing."""
    if kind == "kept":
        return Decision(kind, list_name, bookmarks.add_to_list(key, list_name, True))
    if kind == "read":
        return Decision(kind, undo=bookmarks.set_read_many([key], True))
    return Decision(kind)


def revert(bookmarks: Bookmarks, key: str, decision: Decision) -> None:
    """Take a decision back (the user went back and chose otherwise); only what it changed."""
    if decision.kind == "kept" and decision.added:
        bookmarks.remove_from_list(key, decision.list_name)
    elif decision.kind == "read" and decision.undo.count:
        bookmarks.undo_read(decision.undo)


class TriageSession:
    """The papers to triage in order, where the user is, and the decision on each."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = list(dict.fromkeys(keys))
        self.index = 0
        self.decisions: dict[str, Decision] = {}

    @property
    def total(self) -> int:
        return len(self.keys)

    @property
    def done(self) -> bool:
        return self.index >= self.total

    @property
    def current(self) -> str | None:
        return None if self.done else self.keys[self.index]

    def record(self, key: str, decision: Decision) -> None:
        """Remember the decision on ``key`` and move on to the next paper."""
        self.decisions[key] = decision
        if key == self.current:
            self.index += 1

    def back(self) -> bool:
        """Step back to the previous paper; False on the first."""
        if self.index == 0:
            return False
        self.index -= 1
        return True

    def count(self, kind: Kind) -> int:
        return sum(1 for d in self.decisions.values() if d.kind == kind)

    def progress(self, sep: str = " · ") -> str:
        """``12 / 58 · 3 kept``: the paper on screen of how many, and how many kept."""
        shown = min(self.index + 1, self.total)
        return f"{shown} / {self.total}{sep}{self.count('kept')} kept"

    def summary(self) -> Summary:
        kept, read = self.count("kept"), self.count("read")
        return Summary(self.total, kept, read, self.total - kept - read)

    def next_undecided(self) -> int | None:
        """The next paper after the current one still unread here (undecided or later)."""
        from paperterm.reader.unread import next_unread

        settled = {k for k, d in self.decisions.items() if d.kind != "later"}
        return next_unread(self.keys, self.index, settled)
