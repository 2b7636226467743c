"""The main screen's current paper: its detail, opening it, stepping, redrawing its marks."""

from __future__ import annotations

from textual import work

from paperterm.models import PaperDetail
from paperterm.tui.messages import PaperChanged
from paperterm.tui.screens.loading import LibraryLoading
from paperterm.tui.widgets import PaperList


class CurrentPaper(LibraryLoading):
    """The paper under the list's cursor; its detail loads on the database thread."""

    # -- the current paper ----------------------------------------------------------------------

    _detail_key: str | None = None
    _detail_pending = False
    _prefetched_key: str | None = None  # the search's detail is current: no second read

    def on_paper_list_highlighted(self, message: PaperList.Highlighted) -> None:
        self._detail_key = message.hit.paper.key if message.hit else None
        if self._detail_key is not None:
            self.saved.selected = self._detail_key  # the app saves it on quit
        prefetched, self._prefetched_key = self._prefetched_key, None
        if self._detail_key is not None and self._detail_key == prefetched:
            return  # shown with its list already
        if not self._detail_pending:  # a burst of cursor moves reads one detail, the last
            self._detail_pending = True
            self.call_later(self._load_detail)

    def prefetched(self, detail: PaperDetail | None, *, empty: bool = False) -> None:
        """A search read the paper its cursor lands on: show it with the list, no second read.

        ``empty``: the search found nothing, so the pane shows no paper in the list's frame
        (read after the list's highlight, it reached the screen one to two frames later).
        """
        if empty:
            self.detail = None
            return
        if detail is None:
            return
        self._prefetched_key = detail.paper.key
        self.detail = detail

    async def _load_detail(self) -> None:
        """Read the current paper on the database thread (no worker: this runs per keystroke)."""
        self._detail_pending = False
        key = self._detail_key
        try:
            detail = await self.papp.in_db(self.library.detail, key) if key else None
        except Exception as exc:  # a broken row must not take the reader down
            detail = None
            self.say(f"Could not read the paper. Why: {exc}", "error")
        if key == self._detail_key:  # else the cursor moved on meanwhile
            self.detail = detail

    async def current_detail(self) -> PaperDetail | None:
        hit = self.paper_list.current
        if hit is None:
            return None
        if self.detail is not None and self.detail.paper.key == hit.paper.key:
            return self.detail
        try:
            self.detail = await self.papp.in_db(self.library.detail, hit.paper.key)
        except Exception as exc:
            self.say(f"Could not read the paper. Why: {exc}", "error")
            return None
        return self.detail

    async def on_paper_list_chosen(self, message: PaperList.Chosen) -> None:
        detail = await self.open_paper(message.hit.paper.key)
        if detail is None:
            self.say(
                f"That paper is gone from the store. Next: {self.key_of('sync', 's')} syncs again.",
                "warning",
            )
            return
        from paperterm.tui.screens.reading import ReadingScreen

        self.app.push_screen(ReadingScreen(detail, self.step, self.position, self.step_unread))

    async def open_paper(self, key: str) -> PaperDetail | None:
        """The paper for the reading view, marked read when the config says so."""
        mark = self.papp.config.ui.mark_read_on_open
        try:
            detail = await self.papp.in_db(self.library.open_paper, key, mark)
        except Exception as exc:
            self.say(f"Could not mark it read. Why: {exc}", "error")
            return await self.papp.in_db(self.library.detail, key)
        if mark and detail is not None:
            self.papp.paper_changed(key)
        return detail

    async def step(self, delta: int) -> PaperDetail | None:
        """Move the cursor by ``delta`` for the reading view; that paper opened, or None."""
        before = self.paper_list.cursor
        self.paper_list.move_cursor(before + delta, step=1 if delta > 0 else -1)
        hit = self.paper_list.current
        if hit is None or self.paper_list.cursor == before:
            where = "last" if delta > 0 else "first"
            self.say(f"That is the {where} paper of the list; Esc goes back to it.")
            return None
        return await self.open_paper(hit.paper.key)

    async def step_unread(self) -> PaperDetail | None:
        """Move the cursor to the next unread paper for the reading view; it opened, or None."""
        from paperterm.reader.unread import hit_keys, next_unread

        hits = self.result.hits if self.result is not None else []
        keys = await self.papp.in_db(hit_keys, hits)
        found = next_unread(keys, self.paper_list.cursor, self.marks.read)
        if found is None:
            return None
        return await self.step(found - self.paper_list.cursor)

    def position(self) -> str:
        """Where the cursor is in the list: ``3 of 80``."""
        if self.result is None:
            return ""
        plus = "+" if self.result.total_is_estimate else ""
        return f"{self.paper_list.cursor + 1:,} of {self.result.total:,}{plus}"

    def on_paper_changed(self, message: PaperChanged) -> None:
        self._refresh_paper(message.key)

    @work(group="paper-changed")
    async def _refresh_paper(self, key: str) -> None:
        """Redraw the paper's row and detail, and the counts, after its marks changed."""
        bookmarks = self.library.bookmarks
        try:
            read = await self.papp.in_db(bookmarks.is_read, key)
            marked = await self.papp.in_db(bookmarks.is_bookmarked, key)
        except Exception:
            return
        read_changed = read != (key in self.marks.read)
        (self.marks.read.add if read else self.marks.read.discard)(key)
        (self.marks.bookmarked.add if marked else self.marks.bookmarked.discard)(key)
        self.mutate_reactive(type(self).marks)  # type: ignore[attr-defined]
        if self._detail_key == key:
            self._prefetched_key = None
            await self._load_detail()
        self._reload_counts()
        if read_changed and self._view_follows_read():
            self._stale_view = True
            if self.is_current:  # else when the user comes back: the reading view steps it
                self._research()

    # -- views on read state (Unread, is:read): re-listed so their figures agree ---------------

    _stale_view = False

    def _view_follows_read(self) -> bool:
        query = self.full_query()  # type: ignore[attr-defined]
        return any(token in query for token in ("is:unread", "is:read", "is:new", "sort:foryou"))

    def _research(self) -> None:
        """List the view again, the cursor on the same row: the paper read leaves the view."""
        self._stale_view = False
        current = self.paper_list.current
        self._search(current.paper.key if current else None, max(0, self.paper_list.cursor))

    def on_screen_resume(self) -> None:
        if self._stale_view:
            self._research()
