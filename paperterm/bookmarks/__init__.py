"""The user's own data: reading lists, notes and read state, with export and import."""

from paperterm.bookmarks.common import (
    DEFAULT_LIST,
    BookmarksError,
    Note,
    ReadingList,
)
from paperterm.bookmarks.read_state import ReadUndo
from paperterm.bookmarks.resolve import AmbiguousQuery, find_keys, find_papers, resolve_key
from paperterm.bookmarks.service import Bookmarks, UserData
from paperterm.wording import plural

__all__ = [
    "DEFAULT_LIST",
    "AmbiguousQuery",
    "Bookmarks",
    "BookmarksError",
    "Note",
    "ReadUndo",
    "ReadingList",
    "UserData",
    "find_keys",
    "find_papers",
    "plural",
    "resolve_key",
]
