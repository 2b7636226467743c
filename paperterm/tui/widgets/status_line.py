"""The status line (sync progress and messages) and the one-line header with the context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from paperterm.tui.render import UNICODE, Glyphs, clip, count_of, line
from paperterm.tui.widgets.message_fit import fit_lines, fit_message

__all__ = ["HeaderBar", "HeaderInfo", "Severity", "StatusLine", "fit_message"]

Severity = Literal["info", "success", "warning", "error"]


def _glyphs(widget: Static) -> Glyphs:
    try:
        return getattr(widget.app, "glyphs", UNICODE)
    except Exception:  # no app yet
        return UNICODE


class StatusLine(Static):
    """What just happened, on one line (two when a message needs them to keep its point).

    The text is untrusted-safe (never markup). Progress stays on one line so the layout does
    not jump while a sync runs.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", markup=False, id=id, classes=classes)
        self.message = ""
        self.keep = ""
        self.severity: Severity = "info"
        self.progress = False

    def say(
        self, message: str, severity: Severity = "info", *, keep: str = "", progress: bool = False
    ) -> None:
        """Show ``message``; on a narrow line ``keep`` (a URL, figures) stays visible."""
        glyphs = _glyphs(self)
        self.message = glyphs.fold(line(message))
        self.keep = glyphs.fold(line(keep))
        self.severity = severity
        self.progress = progress
        for name in ("info", "success", "warning", "error"):
            self.set_class(name == severity, f"-{name}")
        self._relayout()

    @property
    def plain(self) -> str:
        """The message as drawn (for tests)."""
        return "\n".join(row.plain for row in self._lines())

    def _width(self) -> int:
        return self.content_size.width or max(0, self.size.width - 2)

    def _lines(self) -> list[Text]:
        rows = 1 if self.progress else 2
        return fit_lines(self.message, self.keep, self._width(), _glyphs(self), lines=rows)

    def _relayout(self) -> None:
        two = len(self._lines()) > 1
        changed = two != self.has_class("-two-lines")
        self.set_class(two, "-two-lines")
        self.refresh(layout=changed)

    def on_resize(self) -> None:
        self._relayout()

    def render(self) -> Text:
        return Text("\n").join(self._lines())


@dataclass(frozen=True)
class HeaderInfo:
    """Where the reader is: the store's name, the context, the figures, the query."""

    library: str = ""
    context: str = ""
    shown: int | None = None
    total: int | None = None
    query: str = ""
    estimate: bool = False  # the count is a lower bound: drawn as N+


class HeaderBar(Static):
    """``paperterm · <filter> · "<query>" · <n> of <total> papers``: where the reader is.

    On a narrow terminal the query is shortened first; the count always stays visible.
    """

    info: reactive[HeaderInfo] = reactive(HeaderInfo, layout=False, init=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", markup=False, id=id, classes=classes)

    @property
    def plain(self) -> str:
        """The header as drawn (for tests)."""
        return self.render().plain

    def render(self) -> Text:
        info = self.info
        glyphs = _glyphs(self)
        library, query = line(info.library), line(info.query)
        context = glyphs.fold(line(info.context))
        shown, total, estimate = info.shown, info.total, info.estimate
        sep = f"  {glyphs.dot}  "
        width = self.content_size.width or 10_000
        figures = ""
        if shown is not None and total is not None:
            count = f"{shown:,}{'+' if estimate else ''}"
            if shown == total and not estimate:
                figures = count_of(shown, "paper", shown_as=count)
            else:
                figures = f"{count} of {count_of(total, 'paper')}"
        right = f"{sep}{figures}" if figures else ""
        head = Text(no_wrap=True)
        head.append("paperterm", style="bold")
        if library:
            head.append(f"  {library}")
        head.append(sep)
        head.append(context, style="bold")
        room = width - cell_len(right)
        if query:
            quote_room = room - head.cell_len - len(f" {glyphs.dot} ") - len(glyphs.quote(""))
            if quote_room >= 4 + len(glyphs.ellipsis):
                shortened = clip(Text(query), quote_room, glyphs).plain
                head.append(f" {glyphs.dot} ")
                head.append(glyphs.quote(shortened), style="bold")
        if head.cell_len > room:
            if room < 12:  # no room for the context at all: the count alone
                head = Text(no_wrap=True)
                right = figures
            else:
                clip(head, room, glyphs)
        head.append(right)
        return clip(head, width, glyphs)
