"""The stats view: papers per digest day, read state, new title terms, the reading lists."""

from __future__ import annotations

from typing import cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from paperterm.discover import LibraryStats, library_stats
from paperterm.tui.reader_app import ReaderApp
from paperterm.tui.render import line
from paperterm.tui.widgets import HeaderBar, StatusLine
from paperterm.tui.widgets.day_chart import DayChart
from paperterm.tui.widgets.status_line import HeaderInfo

TERMS_SHOWN = 8


def figures_text(stats: LibraryStats, sep: str) -> Text:
    """The library's counts in two lines."""
    text = Text()
    span = ""
    if stats.first_date and stats.last_date:
        span = f", {stats.first_date.isoformat()} to {stats.last_date.isoformat()}"
    text.append(f"{stats.papers:,} papers", style="bold")
    text.append(f" in {stats.digests:,} digests{span}\n")
    parts = [
        ("Read", stats.read),
        ("Unread", stats.unread),
        ("Bookmarked", stats.bookmarked),
        ("Notes", stats.notes),
    ]
    for i, (label, n) in enumerate(parts):
        if i:
            text.append(f" {sep} ")
        text.append(f"{label} ")
        text.append(f"{n:,}", style="bold")
    return text


def terms_text(stats: LibraryStats, sep: str) -> Text:
    """The most frequent title terms of papers new in the last 7 and 30 days."""
    text = Text()
    for days, found in sorted(stats.new_terms.items()):
        if text:
            text.append("\n")
        text.append(f"last {days} days".ljust(14), style="bold")
        shown = [f"{line(term)} {n}" for term, n in found[:TERMS_SHOWN]]
        text.append(f" {sep} ".join(shown) if shown else "no new papers")
    return text or Text("No digests yet.")


def lists_text(stats: LibraryStats, sep: str) -> Text:
    if not stats.lists:
        return Text("No reading lists yet. Next: b bookmarks a paper, a adds it to a list.")
    return Text(f" {sep} ".join(f"{line(name)} {n:,}" for name, n in stats.lists))


class StatsScreen(Screen[None]):
    """Figures about the library, computed on the database thread; Esc or q goes back."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="back", tooltip="Back to the list"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False, id="stats-down"),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False, id="stats-up"),
    ]

    @property
    def papp(self) -> ReaderApp:
        return cast(ReaderApp, self.app)

    @property
    def sep(self) -> str:
        return "-" if self.papp.glyphs.unread.isascii() else "·"

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        with VerticalScroll(id="stats"):
            yield Static(
                f"Counting the library{self.papp.glyphs.ellipsis}", id="stats-figures", markup=False
            )
            yield Static(Text("Papers per digest day"), classes="stats-heading", markup=False)
            yield DayChart(id="stats-chart")
            yield Static(Text("New title terms"), classes="stats-heading", markup=False)
            yield Static("", id="stats-terms", markup=False)
            yield Static(Text("Reading lists"), classes="stats-heading", markup=False)
            yield Static("", id="stats-lists", markup=False)
        yield StatusLine(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(HeaderBar).info = HeaderInfo(self.papp.library_name, "Stats")
        self.query_one("#stats").focus()
        self._load()

    @work(exclusive=True, group="stats")
    async def _load(self) -> None:
        try:
            stats = await self.papp.in_db(library_stats, self.papp.library.store)
        except Exception as exc:  # a broken store: say so, the view stays open
            self.papp.say(f"Could not count the library. Why: {exc}", "error")
            return
        self.show(stats)

    def show(self, stats: LibraryStats) -> None:
        sep = self.sep
        self.query_one("#stats-figures", Static).update(figures_text(stats, sep))
        self.query_one(DayChart).show(stats.per_day, self.papp.glyphs.unread.isascii())
        self.query_one("#stats-terms", Static).update(terms_text(stats, sep))
        self.query_one("#stats-lists", Static).update(lists_text(stats, sep))

    def action_scroll(self, delta: int) -> None:
        self.query_one("#stats", VerticalScroll).scroll_relative(y=delta, animate=False)

    def action_back(self) -> None:
        self.dismiss(None)
