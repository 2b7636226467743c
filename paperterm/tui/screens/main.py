"""The main screen: search bar, filter pane, paper list and detail; owns the reader's state.

The state (query, filter, listing, marks, counts, selected paper) is reactive and the panes
are bound to it; every query runs on the app's database thread (only the cheap
``PRAGMA data_version`` check of the store watch runs here).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.css.query import NoMatches
from textual.reactive import var
from textual.widgets import Input

from paperterm.models import FilterCounts, Marks, PaperDetail, SearchResult
from paperterm.reader import position_of
from paperterm.text import sanitize_line
from paperterm.tui import paint_hold
from paperterm.tui.compositor import ChangedOnlyCompositor
from paperterm.tui.empty import empty_state
from paperterm.tui.filters import ALL, Filter, compose_query
from paperterm.tui.messages import SearchDone, SyncFinished
from paperterm.tui.screens.enriching import VIEW_IDS, start_enrich
from paperterm.tui.screens.loading import POLL_SECONDS
from paperterm.tui.screens.saved_keys import SavedKeys
from paperterm.tui.screens.views import STATS, TRIAGE, ViewKeys
from paperterm.tui.state import SavedState
from paperterm.tui.widgets import (
    DetailPane,
    FilterPane,
    HeaderBar,
    PaperList,
    SearchBar,
    SearchInput,
    StatusLine,
)
from paperterm.tui.widgets.footer import PaperFooter
from paperterm.tui.widgets.list_header import ListHeader
from paperterm.tui.widgets.paper_list import Listing
from paperterm.tui.widgets.status_line import HeaderInfo

FILTERS_MIN_WIDTH = 100  # columns; narrower terminals fold the filter pane away (f shows it)


class MainScreen(SavedKeys, ViewKeys):
    """Search, filter, list and detail; the panes follow the screen's reactive state."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]

    BINDINGS = [
        Binding(
            "slash",
            "search",
            "Search",
            id="search",
            tooltip="Type a query; the list follows each key",
            priority=True,  # handled before the next key is routed: see action_search
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
            "E",
            "enrich_view",
            "Enrich view",
            show=False,
            id="enrich-view",
            tooltip="Look up the papers of this view by title (up to 200 without an arXiv id)",
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
        TRIAGE,
        STATS,
    ]

    query_text: var[str] = var("", init=False)
    active_filter: var[Filter] = var(ALL, init=False)
    listing: var[Listing] = var(Listing, init=False, always_update=True)  # a search re-lists
    marks: var[Marks] = var(Marks, init=False)
    counts: var[FilterCounts | None] = var(None, init=False)  # None until the first load
    detail: var[PaperDetail | None] = var(None, init=False)
    header: var[HeaderInfo] = var(HeaderInfo, init=False)

    def __init__(self, saved: SavedState | None = None, library_name: str = "") -> None:
        super().__init__()
        self._compositor = ChangedOnlyCompositor()  # each keystroke redraws what it changed
        self.saved = saved or SavedState()
        self.library_name = library_name
        self.result: SearchResult | None = None  # the last search's, None before the first
        # None: shown when the terminal is wide; f's choice is kept and restored next time.
        self._filters_forced: bool | None = self.saved.filters

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header").data_bind(info=MainScreen.header)
        yield SearchBar(id="search-bar").data_bind(MainScreen.listing)
        with Horizontal(id="body"):
            yield FilterPane(id="filters").data_bind(
                MainScreen.counts, active=MainScreen.active_filter
            )
            with Container(id="papers"):
                with Vertical(id="list-column"):
                    yield ListHeader(id="list-header").data_bind(MainScreen.listing)
                    yield PaperList(id="paper-list").data_bind(MainScreen.listing, MainScreen.marks)
                yield DetailPane(id="detail").data_bind(MainScreen.detail)
        yield StatusLine(id="status")
        yield PaperFooter(compact=True)

    @property
    def paper_list(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def filter_pane(self) -> FilterPane:
        return self.query_one(FilterPane)

    @property
    def search_input(self) -> SearchInput:
        return self.query_one(SearchInput)

    def compute_header(self) -> HeaderInfo:
        result = self.result
        return HeaderInfo(
            self.library_name,
            self.active_filter.label,
            result.total if result is not None else None,
            self.counts.total if self.counts is not None else None,
            self.query_text.strip(),
            estimate=result is not None and result.total_is_estimate,
        )

    def on_mount(self) -> None:
        glyphs = self.papp.glyphs
        for pane in (self.paper_list, self.filter_pane, self.query_one(DetailPane)):
            pane.glyphs = glyphs
        self.query_one(ListHeader).sort_key = self.key_of("sort", "O")
        self.listing = Listing(empty=(f"Opening the library{glyphs.ellipsis}",))
        self.saved.query = sanitize_line(self.saved.query)
        self.set_reactive(MainScreen.query_text, self.saved.query)
        self.active_filter = self.saved.filter  # before the watcher can search: not mounted yet
        with self.search_input.prevent(Input.Changed):
            self.search_input.value = self.saved.query
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

    # -- searching ------------------------------------------------------------------------------

    def full_query(self) -> str:
        return compose_query(
            self.active_filter, self.query_text, self.saved.sort, self.trend_window
        )

    def on_search_done(self, message: SearchDone) -> None:
        if not self.library.is_current(message.generation):
            return  # a newer query is on its way
        try:
            paper_list = self.paper_list
        except NoMatches:
            return  # the reader is closing: no list left to show them
        result = self.result = message.result
        empty = empty_state(
            self.query_text, self.active_filter, result.error, self.papp.glyphs, self.key_of
        )
        cursor, block, detail = message.cursor, message.block, message.detail
        current = paper_list.current
        if message.kept and current is not None and current.paper.key != message.kept:
            # The user moved while the view refreshed (a sync, the index opening): the
            # cursor stays on the paper they moved to, not on the one the search kept.
            found = position_of(result.hits, current.paper.key, max(0, paper_list.cursor))
            if found >= 0:
                cursor, block, detail = found, None, None
        self.listing = Listing(result, cursor, empty, block)
        self.prefetched(detail, empty=not result.hits)
        paint_hold.flush_and_release(self)  # the typed letter, list and detail: one frame

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self.query_text = event.value

    def watch_query_text(self, text: str) -> None:
        self.saved.query = text
        self._search()

    def watch_active_filter(self, flt: Filter) -> None:
        self.saved.filter = flt
        if self.is_mounted and self.loaded:
            self._search()

    def on_search_input_leave(self, _message: SearchInput.Leave) -> None:
        self.paper_list.focus()
        self.paper_list.move_cursor(0)

    def on_filter_pane_chosen(self, message: FilterPane.Chosen) -> None:
        self.active_filter = message.flt
        self.paper_list.focus()
        if self._filters_forced is None and self.size.width < FILTERS_MIN_WIDTH:
            self._filters_forced = False
            self._update_filter_visibility()

    # -- actions --------------------------------------------------------------------------------

    def action_search(self) -> None:
        # A priority key, and the focus moves at once (Widget.focus waits for the keys already
        # queued): letters typed right behind / belong to the query, not to the list's keys.
        if self.focused is self.search_input:
            self.search_input.insert_text_at_cursor("/")  # in the query, / is a character
            return
        self.set_focus(self.search_input)
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
        self._filters_forced = self.saved.filters = show
        self._update_filter_visibility()
        if show:
            self.filter_pane.focus()
        elif self.focused is None or self.focused is self.filter_pane:
            self.paper_list.focus()

    def action_sync(self) -> None:
        self.papp.start_sync()

    def action_enrich_view(self) -> None:
        hits = self.result.hits[:VIEW_IDS] if self.result is not None else []
        start_enrich(self.papp, [hit.paper.id for hit in hits], "this view")

    def on_sync_finished(self, message: SyncFinished) -> None:
        self.reload(message.paper_ids)
