"""The stats view: papers per digest day, read state, new title terms, the reading lists."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from paperterm.tui.keys import key_for
from paperterm.tui.reader_app import ReaderApp
from paperterm.tui.render import count_of, line
from paperterm.tui.widgets import HeaderBar, StatusLine
from paperterm.tui.widgets.day_chart import DayChart
from paperterm.tui.widgets.status_line import HeaderInfo
from paperterm.tui.widgets.term_lines import TermLines

if TYPE_CHECKING:  # discovery (numpy) loads when the view opens, not with the app
    from paperterm.discover import LibraryStats

TERMS_SHOWN = 8


def figures_text(stats: LibraryStats, sep: str) -> Text:
    """The library's counts in two lines."""
    text = Text()
    span = ""
    if stats.first_date and stats.last_date:
        span = f", {stats.first_date.isoformat()} to {stats.last_date.isoformat()}"
    text.append(count_of(stats.papers, "paper"), style="bold")
    text.append(f" in {count_of(stats.digests, 'digest')}{span}\n")
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


def term_rows(stats: LibraryStats) -> list[tuple[str, list[str]]]:
    """Per window (``last 7 days``), its most frequent new title terms as ``term N``."""
    return [
        (f"last {days} days", [f"{line(term)} {n}" for term, n in found[:TERMS_SHOWN]])
        for days, found in sorted(stats.new_terms.items())
    ]


def day_summary(stats: LibraryStats) -> str:
    """The figures under the chart: each day when few, else the busiest and the mean."""
    days = stats.per_day
    if not days:
        return ""
    if len(days) <= 4:
        return ", ".join(f"{n:,} on {d.isoformat()}" for d, n in days)
    busiest = max(days, key=lambda dn: (dn[1], dn[0]))
    mean = sum(n for _, n in days) / len(days)
    return f"busiest {busiest[1]:,} on {busiest[0].isoformat()}, {mean:,.0f} per digest day"


def lists_text(stats: LibraryStats, sep: str, keys: tuple[str, str] = ("b", "a")) -> Text:
    """The reading lists and their sizes; ``keys`` (bookmark, add to a list) for the hint."""
    if not stats.lists:
        bookmark, add = keys
        return Text(
            f"No reading lists yet. Next: {bookmark} bookmarks a paper, {add} adds it to a list."
        )
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
        return self.papp.glyphs.dot

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        with VerticalScroll(id="stats"):
            yield Static(
                f"Counting the library{self.papp.glyphs.ellipsis}", id="stats-figures", markup=False
            )
            yield Static(Text("Papers per digest day"), classes="stats-heading", markup=False)
            yield DayChart(id="stats-chart")
            yield Static("", id="stats-days", markup=False)
            yield Static(Text("New title terms"), classes="stats-heading", markup=False)
            yield TermLines(id="stats-terms")
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
            from paperterm.discover import library_stats

            stats = await self.papp.in_db(library_stats, self.papp.library.store)
        except Exception as exc:  # a broken store: say so, the view stays open
            self.papp.say(f"Could not count the library. Why: {exc}", "error")
            return
        self.show(stats)

    def show(self, stats: LibraryStats) -> None:
        sep = self.sep
        self.query_one("#stats-figures", Static).update(figures_text(stats, sep))
        self.query_one(DayChart).show(stats.per_day, self.papp.glyphs.unread.isascii())
        self.query_one("#stats-days", Static).update(Text(day_summary(stats), style="dim"))
        self.query_one(TermLines).show(term_rows(stats), sep)
        self.query_one("#stats-lists", Static).update(
            lists_text(
                stats, sep, (key_for(self, "bookmark", "b"), key_for(self, "add-to-list", "a"))
            )
        )

    def action_scroll(self, delta: int) -> None:
        self.query_one("#stats", VerticalScroll).scroll_relative(y=delta, animate=False)

    def action_back(self) -> None:
        self.dismiss(None)
