"""The Bookmarks facade: reading lists, notes and read state of one store, keyed by paper key."""

from __future__ import annotations

from dataclasses import dataclass

from paperterm.bookmarks.common import DEFAULT_LIST, Note
from paperterm.bookmarks.lists import ListsMixin
from paperterm.bookmarks.notes import NotesMixin
from paperterm.bookmarks.read_state import ReadStateMixin
from paperterm.store import Store


@dataclass(frozen=True)
class UserData:
    """Everything the user keeps on one paper."""

    lists: tuple[str, ...]
    note: Note | None
    read_at: str | None


class Bookmarks(ListsMixin, NotesMixin, ReadStateMixin):
    """The user's reading lists, notes and read state in a store."""

    DEFAULT_LIST = DEFAULT_LIST

    def __init__(self, store: Store) -> None:
        self.store = store

    def user_data(self, key: str) -> UserData:
        """The paper's lists, note and read state, read together."""
        return UserData(tuple(self.lists_of(key)), self.note(key), self.read_at(key))
