"""Triage keys of the main screen: sort orders, mark the view read (and undo), next unread,
jump to a date, and what is new since the last visit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from paperterm.models import SORTS, FilterCounts
from paperterm.reader import next_unread
from paperterm.tui.filters import NEW, Filter
from paperterm.tui.render import count_of
from paperterm.tui.screens.current import CurrentPaper

if TYPE_CHECKING:
    from paperterm.bookmarks import ReadUndo


class TriageKeys(CurrentPaper):
    """The keys of a day's triage; the main screen holds the state they change."""

    BINDINGS = [
        Binding("O", "sort", "Sort order", id="sort", tooltip="Cycle the sort orders"),
        Binding(
            "M",
            "read_all",
            "Mark view read",
            show=False,
            id="read-all",
            tooltip="Mark every paper of the view (query + filter) read, after asking",
        ),
        Binding("u", "undo", "Undo", show=False, id="undo", tooltip="Undo the last bulk change"),
        Binding(
            "N",
            "next_unread",
            "Next unread",
            show=False,
            id="next-unread",
            tooltip="Next unread paper",
        ),
        Binding(
            "D",
            "goto_date",
            "Go to date",
            show=False,
            id="goto-date",
            tooltip="Go to a digest by its date (2026-03-14, mar 14)",
        ),
    ]

    _undo: ReadUndo | None = None
    _greeted = False

    # -- sort orders ----------------------------------------------------------------------------

    def action_sort(self) -> None:
        from paperterm.search.orders import next_order

        result = self.result
        current = result.order if result is not None else "newest"
        has_words = current == "relevance" or self._has_words()
        self.set_order(next_order(current, has_words))

    def _has_words(self) -> bool:
        from paperterm.search.query import QueryError, parse_query

        try:
            return bool(parse_query(self.query_text).positive)
        except QueryError:
            return False

    def set_order(self, name: str | None) -> None:
        """Search again in order ``name`` (None: the default); remembered across runs."""
        self.saved.sort = name
        if name is not None:
            self.say(f"Sorted: {SORTS[name].label}.")
        self._search(keep=self._current_key(), hint=max(0, self.paper_list.cursor))

    def _current_key(self) -> str | None:
        hit = self.paper_list.current
        return hit.paper.key if hit is not None else None

    # -- mark the view read ---------------------------------------------------------------------

    def action_read_all(self) -> None:
        from paperterm.tui.screens.confirm import ConfirmScreen

        result = self.result
        if result is None or not result.total:
            self.say("Nothing to mark: this view is empty.")
            return
        view = self.active_filter.label
        if self.query_text.strip():
            view += f" {self.papp.glyphs.quote(self.query_text.strip())}"
        n = count_of(result.total, "paper")
        question = f"Mark the {n} of {view} read?"
        detail = f"{self.key_of('undo', 'u')} undoes it afterwards."

        def answered(yes: bool | None) -> None:
            if yes:
                self._mark_view_read(self.full_query(), view)

        self.app.push_screen(ConfirmScreen(question, detail, yes="mark read"), answered)

    @work(exclusive=True, group="bulk-read")
    async def _mark_view_read(self, query: str, view: str) -> None:
        self.say(f"Marking {view} read{self.papp.glyphs.ellipsis}")
        try:
            keys = await self.papp.in_db(self.library.view_keys, query)
            self._undo = await self.papp.in_db(self.library.mark_read, keys)
        except Exception as exc:
            self.say(f"Could not mark the view read. Why: {exc}", "error")
            return
        count = self._undo.count
        self.say(
            f"Marked {count_of(count, 'paper')} read ({len(keys):,} in {view}). "
            f"{self.key_of('undo', 'u')} undoes.",
            "success",
        )
        self._load(papers_changed=False)

    @work(exclusive=True, group="bulk-read")
    async def action_undo(self) -> None:
        token = self._undo
        if token is None:
            self.say("Nothing to undo.")
            return
        try:
            count = await self.papp.in_db(self.library.undo_read, token)
        except Exception as exc:
            self.say(f"Could not undo. Why: {exc}", "error")
            return
        self._undo = None
        self.say(f"Undone: {count_of(count, 'paper')} unread again.", "success")
        self._load(papers_changed=False)

    # -- next unread ----------------------------------------------------------------------------

    async def action_next_unread(self) -> None:
        result = self.result
        if result is None:
            return
        found = await self.papp.in_db(next_unread, result.hits, self.paper_list.cursor, self.marks)
        if found is None:
            self.say("No unread paper below this one. g goes to the top.")
            return
        self.paper_list.move_cursor(found)

    # -- jump to a date -------------------------------------------------------------------------

    def action_goto_date(self) -> None:
        from paperterm.tui.screens.ask import AskScreen

        hint = "2026-03-14, mar 14, 14 mar or 03-14; Enter goes, Esc cancels"
        self.app.push_screen(AskScreen("Go to the digest of", hint), self._go_to_date)

    def _go_to_date(self, text: str | None) -> None:
        if not text:
            return
        from paperterm.search.dates import DateError, jump_to_date

        counts = self.counts or FilterCounts()
        try:
            jump = jump_to_date(text, [day for day, _ in counts.digests])
        except DateError as exc:
            self.say(f"Cannot go there: {exc}.", "warning")
            return
        self.active_filter = Filter("date", jump.date.isoformat())
        if jump.exact:
            self.say(f"Digest {jump.date}.")
        else:
            self.say(f"No digest on {jump.typed}: showing the nearest, {jump.date}.")

    # -- new since the last visit ---------------------------------------------------------------

    def watch_counts(self, counts: FilterCounts | None) -> None:
        if counts is None or not self.loaded:
            return
        if not self._greeted:
            self._greeted = True
            if counts.new and counts.since is not None and counts.new_unread:
                when = counts.since.astimezone().strftime("%Y-%m-%d %H:%M")
                plural = "s" if counts.new != 1 else ""
                self.say(f"{counts.new:,} new paper{plural} since {when}.")
                self.active_filter = NEW
            return
        if counts.new and not counts.new_unread:
            self._caught_up()

    @work(exclusive=True, group="visit")
    async def _caught_up(self) -> None:
        await self.papp.in_db(self.library.record_visit)
        self.say("Caught up: every new paper is read.", "success")
        self._load(papers_changed=False)

    def on_unmount(self) -> None:
        """Quitting: remember this visit, so the papers stored after it are new next time."""
        try:
            self.library.record_visit()
        except Exception:  # a read-only store: nothing to remember, nothing lost
            pass
