"""The main screen: search bar, filter pane, paper list and detail; owns the reader's state."""

from __future__ import annotations

import gc

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.reactive import var
from textual.widgets import Footer, Input

from paperterm.text import sanitize_line
from paperterm.tui.filters import ALL, Filter, compose_query
from paperterm.tui.library import Library, SearchOutcome
from paperterm.tui.messages import LibraryLoaded, SearchDone
from paperterm.tui.render import line
from paperterm.tui.screens.paper_screen import PaperScreen
from paperterm.tui.state import SavedState
from paperterm.tui.views import FilterCounts, Marks, PaperDetail
from paperterm.tui.widgets import (
    DetailPane,
    FilterPane,
    HeaderBar,
    PaperList,
    SearchBar,
    SearchInput,
    StatusLine,
)

POLL_SECONDS = 2.0
FREEZE_AT = 20_000  # papers; see on_library_loaded
FILTERS_MIN_WIDTH = 100  # columns; narrower terminals fold the filter pane away (f shows it)


class MainScreen(PaperScreen):
    """Search, filter, list and detail; every slow call runs on the app's database thread."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]

    BINDINGS = [
        Binding(
            "slash",
            "search",
            "Search",
            id="search",
            tooltip="Type a query; the list follows each key",
        ),
        Binding(
            "f",
            "toggle_filters",
            "Filters",
            id="toggle-filters",
            tooltip="Show or hide the filter pane: Library, Lists, Digests",
        ),
        Binding(
            "s",
            "sync",
            "Sync",
            show=False,
            id="sync",
            tooltip="Sync the configured sources now, in the background",
        ),
        Binding(
            "escape",
            "clear",
            "Clear search/filter",
            tooltip="Back to the list; there, clear the search, then the filter",
            show=False,
            id="clear",
        ),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="focus-next"),
        Binding(
            "shift+tab", "app.focus_previous", "Previous pane", show=False, id="focus-previous"
        ),
    ]

    query_text: var[str] = var("", init=False)
    active_filter: var[Filter] = var(ALL, init=False)

    def __init__(self, saved: SavedState | None = None) -> None:
        super().__init__()
        self.saved = saved or SavedState()
        self.outcome: SearchOutcome | None = None
        self.marks = Marks()
        self.counts = FilterCounts()
        self.detail: PaperDetail | None = None
        self.loaded = False
        self._detail_key: str | None = None
        self._detail_pending = False
        self._version = -1
        self._filters_forced: bool | None = None  # None: shown when the terminal is wide

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        yield SearchBar(id="search-bar")
        with Horizontal(id="body"):
            yield FilterPane(id="filters")
            with Container(id="papers"):
                yield PaperList(id="paper-list")
                yield DetailPane(id="detail")
        yield StatusLine(id="status")
        yield Footer(compact=True)

    @property
    def paper_list(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def filter_pane(self) -> FilterPane:
        return self.query_one(FilterPane)

    @property
    def search_input(self) -> SearchInput:
        return self.query_one(SearchInput)

    def on_mount(self) -> None:
        glyphs = self.papp.glyphs
        self.paper_list.glyphs = glyphs
        self.filter_pane.glyphs = glyphs
        self.query_one(DetailPane).glyphs = glyphs
        self.paper_list.set_hits((), empty=[Text(f"Opening the library{glyphs.ellipsis}")])
        self.saved.query = sanitize_line(self.saved.query)
        self.set_reactive(MainScreen.query_text, self.saved.query)
        self.set_reactive(MainScreen.active_filter, self.saved.filter)
        with self.search_input.prevent(Input.Changed):
            self.search_input.value = self.saved.query
        self.filter_pane.set_active(self.saved.filter)
        self._update_header()
        self._update_filter_visibility()
        self.paper_list.focus()
        self.query_one(StatusLine).say(
            self.papp.last_message, self.papp.last_severity, keep=self.papp.last_keep
        )
        self._version = self.library.data_version()
        self._load(papers_changed=False, keep=self.saved.selected)
        self.set_interval(POLL_SECONDS, self._poll)

    def on_resize(self) -> None:
        self._update_filter_visibility()

    def _update_filter_visibility(self) -> None:
        wide = self.size.width >= FILTERS_MIN_WIDTH
        show = wide if self._filters_forced is None else self._filters_forced
        self.set_class(not show, "-hide-filters")
        if not show and self.filter_pane.has_focus:
            self.paper_list.focus()

    @property
    def filters_shown(self) -> bool:
        return not self.has_class("-hide-filters")

    # -- loading and searching ------------------------------------------------------------------

    @work(exclusive=True, group="load")
    async def _load(self, papers_changed: bool, keep: str | None = None, ids=None) -> None:
        """Open (or refresh) the library, then reload marks and figures and search again."""
        try:
            await self._load_library(papers_changed, keep, ids)
        except Exception as exc:  # a broken store or index: say so, keep the reader up
            why = f"{type(exc).__name__}: {exc}"
            self.say(f"Could not read the library. Why: {why}. Next: paperterm rebuild.", "error")
            if self.outcome is None:
                self.paper_list.set_hits(
                    (), empty=[Text("The library could not be read."), Text(line(why), style="dim")]
                )

    async def _load_library(self, papers_changed: bool, keep: str | None, ids) -> None:
        library = self.library
        if not library.ready:
            marks = await self.papp.in_db(library.marks)
            self.marks = marks
            self.paper_list.set_marks(marks.read, marks.bookmarked)
            quick_cursor = -1
            if not self.query_text.strip() and self.active_filter == ALL:
                # Every paper newest first straight from the store: the list is on screen
                # while the search index builds.
                generation = library.next_generation()
                outcome, quick_cursor = await self.papp.in_db(library.newest_first, keep)
                self.post_message(SearchDone(generation, outcome, quick_cursor))
            await self.papp.in_db(library.open)
            papers_changed = True
            moved = quick_cursor >= 0 and self.paper_list.cursor != quick_cursor
            if moved and self.paper_list.current is not None:
                keep = self.paper_list.current.paper.key  # the user moved meanwhile
        elif papers_changed or ids is not None:
            papers_changed = await self.papp.in_db(library.refresh, ids)
        marks = await self.papp.in_db(library.marks)
        counts = await self.papp.in_db(library.filter_counts)
        self.post_message(LibraryLoaded(marks, counts, papers_changed))
        if keep is None and self.paper_list.current is not None:
            keep = self.paper_list.current.paper.key
        self._search(keep=keep, hint=max(0, self.paper_list.cursor))

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        if message.papers_changed and message.counts.total >= FREEZE_AT:
            # A big search index is hundreds of thousands of long-lived objects; without this,
            # every full garbage collection walks them all (~80 ms at 100k papers) and the
            # keystroke that triggers one misses several frames.
            if self.loaded:
                gc.collect()  # after a sync: let go of the old index first
            gc.freeze()
        self.loaded = True
        self.marks = message.marks
        self.counts = message.counts
        self.paper_list.set_marks(self.marks.read, self.marks.bookmarked)
        self.filter_pane.set_counts(self.counts)
        self._update_header()
        self._drop_missing_list()

    def _drop_missing_list(self) -> None:
        """The filtered list was renamed or deleted elsewhere: back to All, and say so."""
        flt = self.active_filter
        if flt.kind != "list":
            return
        names = {name.casefold() for name, _ in self.counts.lists}
        if flt.value.casefold() in names:
            return
        self.active_filter = ALL
        quoted = self.papp.glyphs.quote(line(flt.value))
        self.say(
            f"The list {quoted} is gone (renamed or deleted elsewhere): showing all papers.",
            "warning",
        )

    @work(exclusive=True, group="counts")
    async def _reload_counts(self) -> None:
        counts = await self.papp.in_db(self.library.filter_counts)
        self.counts = counts
        self.filter_pane.set_counts(counts)
        self._update_header()

    @work(exclusive=True, group="search")
    async def _search(self, keep: str | None = None, hint: int = 0) -> None:
        library = self.library
        generation = library.next_generation()
        full = compose_query(self.active_filter, self.query_text)
        outcome = await self.papp.in_db(library.search, full, generation)
        if outcome is None:
            return
        cursor = 0
        if keep:
            found = await self.papp.in_db(Library.find, outcome.hits, keep, hint)
            cursor = found if found >= 0 else min(hint, max(0, outcome.total - 1))
        self.post_message(SearchDone(generation, outcome, cursor))

    def on_search_done(self, message: SearchDone) -> None:
        if not self.library.is_current(message.generation):
            return  # a newer query is on its way
        outcome = message.outcome
        self.outcome = outcome
        self.paper_list.set_hits(outcome.hits, cursor=message.cursor, empty=self._empty_text())
        self.query_one(SearchBar).show_result(
            outcome.total, outcome.error, bool(getattr(outcome, "total_is_estimate", False))
        )
        self._update_header()

    def _empty_text(self) -> list[Text]:
        query = line(self.query_text)
        flt = self.active_filter
        outcome = self.outcome
        if outcome is not None and outcome.error:
            return [
                Text(f"The query has a problem: {line(outcome.error)}"),
                Text("Next: fix it, or Esc to clear the search.", style="dim"),
            ]
        quoted = self.papp.glyphs.quote(query)
        if query and flt != ALL:
            return [
                Text(f"No papers match {quoted} in {flt.label}."),
                Text(f"Try: remove {flt.tokens()} (Esc twice shows all papers).", style="dim"),
            ]
        if query:
            return [
                Text(f"No papers match {quoted}."),
                Text(
                    'Try: fewer or other words; -word excludes, "a phrase" matches exactly.',
                    style="dim",
                ),
            ]
        if flt.kind == "unread":
            return [
                Text("Nothing unread: you have read every paper."),
                Text("Next: s syncs new digests; Esc shows all papers.", style="dim"),
            ]
        if flt.kind == "bookmarked":
            return [
                Text("No bookmarks yet."),
                Text(
                    "Next: Esc shows all papers; b bookmarks the paper under the cursor.",
                    style="dim",
                ),
            ]
        if flt.kind == "list":
            return [
                Text(f"The list {line(flt.value)} is empty."),
                Text("Next: a adds the paper under the cursor to a list.", style="dim"),
            ]
        if flt.kind == "date":
            return [Text(f"No papers in the digest of {flt.value}.")]
        return [
            Text("The library is empty."),
            Text("Next: s syncs, or run paperterm sync PATH in a shell.", style="dim"),
        ]

    def _update_header(self) -> None:
        total = self.counts.total if self.loaded else None
        shown = self.outcome.total if self.outcome is not None else None
        estimate = bool(getattr(self.outcome, "total_is_estimate", False))
        self.query_one(HeaderBar).show(
            self.papp.library_name,
            self.active_filter.label,
            shown,
            total,
            self.query_text.strip(),
            estimate=estimate,
        )

    # -- reacting to the user -------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self.query_text = event.value

    def watch_query_text(self, text: str) -> None:
        self.saved.query = text
        self._search()
        self._update_header()

    def watch_active_filter(self, flt: Filter) -> None:
        self.saved.filter = flt
        self.filter_pane.set_active(flt)
        self._search()
        self._update_header()

    def on_search_input_leave(self, _message: SearchInput.Leave) -> None:
        self.paper_list.focus()
        self.paper_list.move_cursor(0)

    def on_filter_pane_chosen(self, message: FilterPane.Chosen) -> None:
        self.active_filter = message.flt
        self.paper_list.focus()
        if self._filters_forced is None and self.size.width < FILTERS_MIN_WIDTH:
            self._filters_forced = False
            self._update_filter_visibility()

    def on_paper_list_highlighted(self, message: PaperList.Highlighted) -> None:
        self._detail_key = message.hit.paper.key if message.hit else None
        if self._detail_key is not None:
            self.saved.selected = self._detail_key  # the app saves it on quit
        if not self._detail_pending:
            self._detail_pending = True
            self.call_later(self._show_detail)

    def _show_detail(self) -> None:
        self._detail_pending = False
        key = self._detail_key
        try:
            self.detail = self.library.detail(key) if key else None
        except Exception as exc:  # a broken row must not take the reader down
            self.detail = None
            self.say(f"Could not read the paper. Why: {exc}", "error")
        self.query_one(DetailPane).show(self.detail)

    def on_paper_list_chosen(self, message: PaperList.Chosen) -> None:
        self.open_reading(message.hit.paper.key)

    def open_reading(self, key: str) -> None:
        detail = self._mark_opened(key)
        if detail is None:
            self.say("That paper is gone from the store. Next: s syncs again.", "warning")
            return
        from paperterm.tui.screens.reading import ReadingScreen

        self.app.push_screen(ReadingScreen(detail, self))

    def _mark_opened(self, key: str) -> PaperDetail | None:
        detail = self.library.detail(key)
        if detail is None:
            return None
        if self.papp.config.ui.mark_read_on_open and not detail.read:
            try:
                self.library.set_read(key, True)
            except Exception as exc:
                self.say(f"Could not mark it read. Why: {exc}", "error")
                return detail
            self.refresh_paper(key)
            detail = self.library.detail(key) or detail
        return detail

    def neighbour(self, delta: int) -> PaperDetail | None:
        """Move the cursor by ``delta`` for the reading view; that paper opened, or None."""
        before = self.paper_list.cursor
        self.paper_list.move_cursor(before + delta, step=1 if delta > 0 else -1)
        hit = self.paper_list.current
        if hit is None or self.paper_list.cursor == before:
            return None
        return self._mark_opened(hit.paper.key)

    # -- actions --------------------------------------------------------------------------------

    def current_detail(self) -> PaperDetail | None:
        hit = self.paper_list.current
        if hit is None:
            return None
        if self.detail is not None and self.detail.paper.key == hit.paper.key:
            return self.detail
        self._detail_key = hit.paper.key
        self._show_detail()
        return self.detail

    def action_search(self) -> None:
        self.search_input.focus()
        self.search_input.cursor_position = len(self.search_input.value)

    def action_clear(self) -> None:
        if self.focused is not None and self.focused is not self.paper_list:
            self.paper_list.focus()  # out of the filter or detail pane first
            return
        if self.query_text:
            self.search_input.value = ""
            self.say("Search cleared.")
        elif self.active_filter != ALL:
            self.active_filter = ALL
            self.say("Showing all papers.")

    def action_toggle_filters(self) -> None:
        show = not self.filters_shown
        self._filters_forced = show
        self._update_filter_visibility()
        if show:
            self.filter_pane.focus()
        elif self.focused is None or self.focused is self.filter_pane:
            self.paper_list.focus()

    def action_sync(self) -> None:
        self.papp.start_sync()

    def refresh_paper(self, key: str) -> None:
        """A paper's marks, lists or note changed: redraw its row, its detail, the counts."""
        try:
            read = self.library.bookmarks.is_read(key)
            marked = self.library.is_bookmarked(key)
        except Exception:
            return
        (self.marks.read.add if read else self.marks.read.discard)(key)
        (self.marks.bookmarked.add if marked else self.marks.bookmarked.discard)(key)
        self.paper_list.redraw()
        if self._detail_key == key:
            self._show_detail()
        self._reload_counts()

    # -- watching the store ---------------------------------------------------------------------

    def reload(self, paper_ids=None) -> None:
        """After a sync here or elsewhere: refresh, search again, keep the cursor's paper."""
        self._version = self.library.data_version()
        self._load(papers_changed=True, ids=paper_ids)

    def _poll(self) -> None:
        if self.papp.syncing or not self.loaded:
            return
        version = self.library.data_version()
        if version != self._version:
            self._version = version
            self._load(papers_changed=True)
