"""Keys of the main screen that open views over its current result: triage and stats."""

from __future__ import annotations

from textual.binding import Binding

from paperterm.reader.unread import unread_keys
from paperterm.tui.filters import compose_query
from paperterm.tui.render import line
from paperterm.tui.screens.loading import LibraryLoading
from paperterm.tui.triage_session import Summary

TRIAGE = Binding(
    "t",
    "triage",
    "Triage",
    show=False,  # the 80-column footer is full; the help screen and the palette list it
    id="triage",
    tooltip="Triage the unread papers of this view one at a time: keep, skip, later",
)
STATS = Binding(
    "S",
    "stats",
    "Stats",
    show=False,
    id="stats",
    tooltip="Stats: papers per digest day, read and bookmarked, new title terms, lists",
)


class ViewKeys(LibraryLoading):
    """``t`` triage over the unread papers of the current view; ``S`` the stats view."""

    def view_name(self) -> str:
        """The current view as the user chose it: the filter and the query."""
        query = self.query_text.strip()
        label = line(self.active_filter.label)
        return f"{label} {self.papp.glyphs.quote(line(query))}" if query else label

    async def action_triage(self) -> None:
        if self.result is None or not self.loaded:
            self.say(
                f"The list is still loading. Next: {self.key_of('triage', 't')} again in a moment."
            )
            return
        read = frozenset(self.marks.read)
        keys = await self.papp.in_db(unread_keys, self.result.hits, read)
        view = self.view_name()
        if not keys:
            query = compose_query(self.active_filter, self.query_text).strip() or "Library"
            self.say(f"No unread papers in {line(query)}. Try: another filter, or Esc to clear.")
            return
        from paperterm.tui.screens.triage import TriageScreen

        self.app.push_screen(TriageScreen(keys, view), self._triaged)

    def _triaged(self, summary: Summary | None) -> None:
        if summary is not None:
            self.say(f"Triage: {summary.text()} (of {summary.total}).", "success")
        self._reload_counts()

    def action_stats(self) -> None:
        from paperterm.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())
