"""Triage mode: the unread papers of a view one at a time; one key keeps, skips or defers each."""

from __future__ import annotations

import asyncio
from typing import cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from paperterm.bookmarks import DEFAULT_LIST
from paperterm.tui.reader_app import ReaderApp
from paperterm.tui.render import count_of, line
from paperterm.tui.screens.paper_screen import short
from paperterm.tui.triage_session import Decision, Kind, Summary, TriageSession, apply, revert
from paperterm.tui.widgets import HeaderBar, StatusLine
from paperterm.tui.widgets.status_line import HeaderInfo
from paperterm.tui.widgets.triage_card import TriageCard

DECIDING = ("keep", "add_to_list", "decide", "previous", "next_unread")


class TriageScreen(Screen[Summary]):
    """One paper at a time; dismissed with the summary (also when left half way)."""

    BINDINGS = [
        Binding("k,b", "keep", "Keep", id="triage-keep", tooltip=f"Keep: add to {DEFAULT_LIST}"),
        Binding("a", "add_to_list", "List", id="triage-list", tooltip="Keep in a list you pick"),
        Binding("x", "decide('read')", "Skip", id="triage-skip", tooltip="Skip: mark read"),
        Binding("l", "decide('later')", "Later", id="triage-later", tooltip="Later: leave unread"),
        Binding(
            "p", "previous", "Back", id="triage-previous", tooltip="Back to the previous paper"
        ),
        Binding(
            "N",
            "next_unread",
            "Next unread",
            show=False,
            id="next-unread",
            tooltip="Next paper still unread here",
        ),
        Binding("escape,q", "back", "Quit triage", id="back", tooltip="Back to the list"),
        Binding("enter", "finish", "Done", show=False, id="triage-done"),
        Binding("space", "page", "Page down", show=False, id="triage-page"),
    ]

    def __init__(self, keys: list[str], view: str = "") -> None:
        super().__init__()
        self.session = TriageSession(keys)
        self.view = line(view)
        self._writing = asyncio.Lock()  # one decision at a time, in the order of the keys

    @property
    def papp(self) -> ReaderApp:
        return cast(ReaderApp, self.app)

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        yield Static("", id="triage-progress", markup=False)
        with VerticalScroll(id="triage-scroll"):
            yield TriageCard(id="triage-card")
        yield StatusLine(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        context = f"Triage {self._sep} {self.view}" if self.view else "Triage"
        self.query_one(HeaderBar).info = HeaderInfo(self.papp.library_name, context)
        self.query_one("#triage-scroll").focus()
        keys = ("k keep", "a list", "x skip (read)", "l later", "p back", "q quit")
        self.papp.say(f" {self._sep} ".join(keys))
        self.call_later(self._show)

    @property
    def _sep(self) -> str:
        return self.papp.glyphs.dot

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in DECIDING:
            return not self.session.done
        if action == "finish":
            return self.session.done
        return True

    async def _show(self) -> None:
        """Draw the current paper (read on the database thread), or the summary at the end."""
        card = self.query_one(TriageCard)
        progress = self.query_one("#triage-progress", Static)
        self.query_one("#triage-scroll", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()
        key = self.session.current
        if key is None:
            summary = self.session.summary()
            progress.update(Text(f"Done {self._sep} {summary.text(f' {self._sep} ')}"))
            card.show_text(
                f"Triage done: {count_of(summary.total, 'paper')}",
                f"{summary.text(', ')}.\n\nEnter or q: back to the list. "
                f"Kept papers are in {DEFAULT_LIST}.",
            )
            return
        progress.update(Text(self.session.progress(f" {self._sep} ")))
        detail = await self.papp.in_db(self.papp.library.detail, key)
        if key != self.session.current:
            return  # moved on meanwhile
        if detail is None:
            card.show_text("This paper is gone from the store", "x skips it, l leaves it.")
        else:
            card.show_paper(detail.paper, self.papp.glyphs)

    async def _decide(self, kind: Kind, list_name: str = DEFAULT_LIST) -> None:
        async with self._writing:
            key = self.session.current
            if key is None:
                return
            bookmarks = self.papp.library.bookmarks

            def write() -> Decision:
                before = self.session.decisions.get(key)
                if before is not None:  # back here, and chose otherwise: undo the first choice
                    revert(bookmarks, key, before)
                return apply(bookmarks, key, kind, list_name)

            try:
                decision = await self.papp.in_db(write)
            except Exception as exc:  # the store is busy or read-only: say so, stay here
                self.papp.say(f"Could not save that. Why: {exc}", "error")
                return
            self.session.record(key, decision)
            self.papp.paper_changed(key)
            await self._show()

    async def action_keep(self) -> None:
        await self._decide("kept")

    async def action_decide(self, kind: Kind) -> None:
        await self._decide(kind)

    async def action_add_to_list(self) -> None:
        key = self.session.current
        if key is None:
            return
        bookmarks = self.papp.library.bookmarks
        lists = await self.papp.in_db(bookmarks.lists)
        member = await self.papp.in_db(bookmarks.lists_of, key)
        detail = await self.papp.in_db(self.papp.library.detail, key)
        title = line(detail.paper.title) if detail else key
        from paperterm.tui.screens.list_picker import ListPicker, PickerResult

        async def done(result: PickerResult | None) -> None:
            if result is None or key != self.session.current:
                return
            if result.remove:
                await self.papp.in_db(bookmarks.remove_from_list, key, result.name)
                self.papp.say(f"Removed {short(title, self.papp.glyphs)} from {line(result.name)}.")
                self.papp.paper_changed(key)
                return
            await self._decide("kept", result.name)

        names = [(lst.name, lst.count) for lst in lists]
        self.app.push_screen(ListPicker(title, names, set(member)), done)

    async def action_previous(self) -> None:
        if not self.session.back():
            self.papp.say("This is the first paper.")
            return
        await self._show()

    async def action_next_unread(self) -> None:
        found = self.session.next_undecided()
        if found is None or found <= self.session.index:
            self.papp.say("No unread paper after this one.")
            return
        self.session.index = found
        await self._show()

    def action_page(self) -> None:
        self.query_one("#triage-scroll", VerticalScroll).scroll_page_down(animate=False)

    def action_finish(self) -> None:
        self.dismiss(self.session.summary())

    def action_back(self) -> None:
        self.dismiss(self.session.summary())
