"""The start: the main screen's first page read ahead, the garbage collector's pause."""

from __future__ import annotations

import gc
from concurrent.futures import Executor, Future

from paperterm.models import Marks, SearchResult
from paperterm.reader import Library
from paperterm.text import sanitize_line
from paperterm.tui.filters import ALL
from paperterm.tui.state import SavedState

Page = tuple[Marks, tuple[SearchResult, int] | None]


class FirstPage:
    """Reads what the main screen's first load asks for (``Library.first_page``) ahead.

    The app is made ~0.1 s before the main screen mounts (stylesheet, mount, compose): read
    then, the rows are in hand for the screen's first frame.
    """

    def __init__(self, library: Library, saved: SavedState, db: Executor) -> None:
        newest = not sanitize_line(saved.query).strip() and saved.filter == ALL
        self._args = (saved.selected, newest)  # what the main screen will ask for
        self._future: Future[Page] | None = db.submit(library.first_page, *self._args)

    def take(self, keep: str | None, newest: bool) -> Future[Page] | None:
        """The page read ahead for these arguments, once; None: read it now."""
        future, self._future = self._future, None
        return future if future is not None and self._args == (keep, newest) else None

    def drop(self) -> None:
        """Forget the page (the store is empty: the main screen comes after a sync)."""
        self._future = None


def resume_gc() -> None:
    """The first list is painted: collect cyclic garbage again if ``tui.run`` paused it."""
    if not gc.isenabled():
        # What the start made (modules, styles, widgets) lives as long as the reader:
        # frozen, no full collection walks it again (that first one took 20-80 ms).
        gc.freeze()
        gc.enable()
