"""The reading view: one paper full screen, scrollable; ] and [ step through the list."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.app import ComposeResult
from textual.binding import Binding

from paperterm.models import PaperDetail
from paperterm.tui.messages import PaperChanged
from paperterm.tui.screens.paper_screen import PaperScreen
from paperterm.tui.widgets import DetailPane, HeaderBar, StatusLine
from paperterm.tui.widgets.footer import PaperFooter
from paperterm.tui.widgets.status_line import HeaderInfo

# Steps ``delta`` papers through the list the view was opened from: that paper, or None.
Stepper = Callable[[int], Awaitable[PaperDetail | None]]
# Moves to the next unread paper of that list: that paper, or None when none is left.
UnreadStepper = Callable[[], Awaitable[PaperDetail | None]]


class ReadingScreen(PaperScreen):
    """A full-screen paper; Esc goes back to the list."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="back", tooltip="Back to the list"),
        Binding("right_square_bracket", "step(1)", "Next", id="next-paper", tooltip="Next paper"),
        Binding(
            "left_square_bracket", "step(-1)", "Prev", id="previous-paper", tooltip="Previous paper"
        ),
        Binding("space", "page", "Page down", show=False, id="page"),
        Binding("N", "next_unread", "Next unread", show=False, id="next-unread"),
    ]

    def __init__(
        self,
        detail: PaperDetail,
        step: Stepper | None = None,
        where: Callable[[], str] | None = None,
        next_unread: UnreadStepper | None = None,
    ) -> None:
        super().__init__()
        self.detail = detail
        self._step = step
        self._where = where  # "3 of 80" in the list, for the header
        self._next_unread = next_unread

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        yield DetailPane(id="reading")
        yield StatusLine(id="status")
        yield PaperFooter(compact=True)

    @property
    def pane(self) -> DetailPane:
        return self.query_one(DetailPane)

    def on_mount(self) -> None:
        self.pane.glyphs = self.papp.glyphs
        self.pane.full_authors = True
        self._show()
        self.pane.focus()
        self.query_one(StatusLine).say(
            self.papp.last_message, self.papp.last_severity, keep=self.papp.last_keep
        )

    def _show(self) -> None:
        self.pane.detail = self.detail
        self.show_related(self.pane, self.detail)
        where = self._where() if self._where is not None else ""
        context = f"Reading · {where}" if where else "Reading"
        self.query_one(HeaderBar).info = HeaderInfo(self.papp.library_name, context)

    async def current_detail(self) -> PaperDetail | None:
        return self.detail

    async def on_paper_changed(self, message: PaperChanged) -> None:
        if message.key == self.detail.paper.key:
            fresh = await self.papp.in_db(self.library.detail, message.key)
            if fresh is not None:
                self.detail = fresh
                self.pane.detail = fresh
                self.show_related(self.pane, fresh)

    def action_back(self) -> None:
        self.dismiss()

    def action_page(self) -> None:
        self.pane.scroll_page_down(animate=False)

    async def action_next_unread(self) -> None:
        detail = await self._next_unread() if self._next_unread is not None else None
        if detail is None:
            self.say("No other unread paper in the list.")
            return
        self.detail = detail
        self._show()

    async def action_step(self, delta: int) -> None:
        if self._step is None:
            return
        detail = await self._step(delta)
        if detail is None:
            self.say("No more papers this way." if delta > 0 else "This is the first paper.")
            return
        self.detail = detail
        self._show()
