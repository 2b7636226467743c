"""The user's own data: reading lists, notes and read state, with export and import."""

from paperterm.bookmarks.service import (
    DEFAULT_LIST,
    Bookmarks,
    BookmarksError,
    Note,
    ReadingList,
    resolve_key,
)

__all__ = [
    "DEFAULT_LIST",
    "Bookmarks",
    "BookmarksError",
    "Note",
    "ReadingList",
    "resolve_key",
]
