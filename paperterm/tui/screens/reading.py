"""The reading view: one paper full screen, scrollable; ] and [ step through the list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from paperterm.tui.screens.paper_screen import PaperScreen
from paperterm.tui.views import PaperDetail
from paperterm.tui.widgets import DetailPane, HeaderBar, StatusLine

if TYPE_CHECKING:
    from paperterm.tui.screens.main import MainScreen


class ReadingScreen(PaperScreen):
    """A full-screen paper; Esc goes back to the list."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="back"),
        Binding("right_square_bracket", "step(1)", "Next", id="next-paper", tooltip="Next paper"),
        Binding(
            "left_square_bracket", "step(-1)", "Prev", id="previous-paper", tooltip="Previous paper"
        ),
        Binding("space", "page", "Page down", show=False, id="page"),
    ]

    def __init__(self, detail: PaperDetail, main: MainScreen | None = None) -> None:
        super().__init__()
        self.detail = detail
        self.main = main

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        yield DetailPane(id="reading")
        yield StatusLine(id="status")
        yield Footer(compact=True)

    @property
    def pane(self) -> DetailPane:
        return self.query_one(DetailPane)

    def on_mount(self) -> None:
        self.pane.glyphs = self.papp.glyphs
        self._show()
        self.pane.focus()
        self.query_one(StatusLine).say(
            self.papp.last_message, self.papp.last_severity, keep=self.papp.last_keep
        )

    def _show(self) -> None:
        self.pane.show(self.detail)
        context = "Reading"
        if self.main is not None and self.main.outcome is not None:
            outcome = self.main.outcome
            plus = "+" if getattr(outcome, "total_is_estimate", False) else ""
            context += f" · {self.main.paper_list.cursor + 1:,} of {outcome.total:,}{plus}"
        self.query_one(HeaderBar).show(self.papp.library_name, context, None, None)

    def current_detail(self) -> PaperDetail | None:
        return self.detail

    def refresh_paper(self, key: str) -> None:
        if key == self.detail.paper.key:
            fresh = self.library.detail(key)
            if fresh is not None:
                self.detail = fresh
                self.pane.show(fresh)

    def action_back(self) -> None:
        self.dismiss()

    def action_page(self) -> None:
        self.pane.scroll_page_down(animate=False)

    def action_step(self, delta: int) -> None:
        if self.main is None:
            return
        detail = self.main.neighbour(delta)
        if detail is None:
            self.papp.say("No more papers this way." if delta > 0 else "This is the first paper.")
            return
        self.detail = detail
        self._show()
