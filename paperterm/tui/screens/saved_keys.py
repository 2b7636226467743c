"""Discovery keys of the main screen: save, rename and delete searches; the related view."""

from __future__ import annotations

from textual import work
from textual.binding import Binding

from paperterm.tui.filters import ALL, Filter
from paperterm.tui.render import line
from paperterm.tui.screens.triage_keys import TriageKeys
from paperterm.tui.widgets import FilterPane


class SavedKeys(TriageKeys):
    """Saved searches (kept in the store, shown in the filter pane) and related papers."""

    BINDINGS = [
        Binding(
            "ctrl+s",
            "save_search",
            "Save search",
            show=False,
            id="save-search",
            tooltip="Save the query and filter under a name (in the filter pane after)",
        ),
        Binding(
            "R",
            "related",
            "Related",
            show=False,
            id="related",
            tooltip="Show the papers related to the current one",
        ),
    ]

    def _quoted(self, name: str) -> str:
        return self.papp.glyphs.quote(line(name))

    # -- saving --------------------------------------------------------------------------------

    def action_save_search(self) -> None:
        from paperterm.tui.screens.ask import AskScreen

        query, flt = self.query_text.strip(), self.active_filter
        if not query and not flt.tokens():
            self.say("Nothing to save: type a query or choose a filter first.")
            return
        value = flt.value if flt.kind == "saved" else ""
        hint = "A name for this search; Enter saves, Esc cancels"
        self.app.push_screen(
            AskScreen("Save the search as", hint, value),
            lambda name: self._save(name, query, flt.tokens()) if name else None,
        )

    @work(group="saved-search")
    async def _save(self, name: str, query: str, tokens: str) -> None:
        try:
            stored = await self.papp.in_db(self.library.save_search, name, query, tokens)
        except ValueError as exc:
            self.say(f"Could not save the search. Why: {exc}.", "warning")
            return
        self.say(f"Saved the search {self._quoted(stored)} (in the filter pane).", "success")
        self._reload_counts()

    # -- renaming and deleting ------------------------------------------------------------------

    def on_filter_pane_edit(self, message: FilterPane.Edit) -> None:
        from paperterm.tui.screens.ask import AskScreen
        from paperterm.tui.screens.confirm import ConfirmScreen

        flt = message.flt
        if flt is None:
            self.say("e renames and x deletes a saved search: put the cursor on one first.")
            return
        if message.what == "rename":
            self.app.push_screen(
                AskScreen("Rename the saved search", "A new name; Enter renames", flt.value),
                lambda new: self._rename(flt, new) if new else None,
            )
            return
        question = f"Delete the saved search {self._quoted(flt.value)}?"
        detail = "Its papers stay; only the saved query goes."
        self.app.push_screen(
            ConfirmScreen(question, detail, yes="delete"),
            lambda yes: self._delete(flt) if yes else None,
        )

    @work(group="saved-search")
    async def _rename(self, flt: Filter, new: str) -> None:
        try:
            stored = await self.papp.in_db(self.library.rename_search, flt.value, new)
        except ValueError as exc:
            self.say(f"Could not rename the search. Why: {exc}.", "warning")
            return
        if self.active_filter == flt:
            self.active_filter = Filter("saved", stored, flt.query)
        self.say(f"Renamed to {self._quoted(stored)}.", "success")
        self._reload_counts()

    @work(group="saved-search")
    async def _delete(self, flt: Filter) -> None:
        try:
            await self.papp.in_db(self.library.delete_search, flt.value)
        except ValueError as exc:
            self.say(f"Could not delete the search. Why: {exc}.", "warning")
            return
        if self.active_filter == flt:
            self.active_filter = ALL
        self.say(f"Deleted the saved search {self._quoted(flt.value)}.", "success")
        self._reload_counts()

    # -- related papers -------------------------------------------------------------------------

    def action_related(self) -> None:
        hit = self.paper_list.current
        if hit is None:
            self.say("No paper here to find related ones for.")
            return
        self.active_filter = Filter("related", hit.paper.key, line(hit.paper.title))
        self.paper_list.focus()
