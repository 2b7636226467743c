"""The status line (sync progress and messages) and the one-line header with the context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from paperterm.tui.render import UNICODE, Glyphs, clip, clip_left, line

Severity = Literal["info", "success", "warning", "error"]

SEPARATOR = "  ·  "


def _glyphs(widget: Static) -> Glyphs:
    try:
        return getattr(widget.app, "glyphs", UNICODE)
    except Exception:  # no app yet
        return UNICODE


def fit_message(message: str, keep: str, width: int, glyphs: Glyphs = UNICODE) -> Text:
    """``message`` in ``width`` cells; the prose around ``keep`` is shortened before ``keep``."""
    text = Text(message, no_wrap=True)
    if width <= 0 or cell_len(message) <= width:
        return text
    at = message.find(keep) if keep else -1
    if at < 0:
        return clip(text, width, glyphs)
    before, after = message[:at], message[at + len(keep) :]
    room = width - cell_len(keep)
    if room <= 0:
        return clip(Text(keep, no_wrap=True), width, glyphs)
    after_room = room - cell_len(before)
    if after_room >= cell_len(after):
        shown_after = after
    elif after_room > len(glyphs.ellipsis):
        shown_after = clip(Text(after), after_room, glyphs).plain
    else:
        shown_after = ""
    before_room = room - cell_len(shown_after)
    return Text(clip_left(before, before_room, glyphs) + keep + shown_after, no_wrap=True)


class StatusLine(Static):
    """One line of what just happened; the text is untrusted-safe (never markup)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", markup=False, id=id, classes=classes)
        self.message = ""
        self.keep = ""
        self.severity: Severity = "info"

    def say(self, message: str, severity: Severity = "info", *, keep: str = "") -> None:
        """Show ``message``; on a narrow line ``keep`` (a URL, figures) stays visible."""
        self.message = line(message)
        self.keep = line(keep)
        self.severity = severity
        for name in ("info", "success", "warning", "error"):
            self.set_class(name == severity, f"-{name}")
        self.refresh(layout=False)

    def render(self) -> Text:
        return fit_message(self.message, self.keep, self.content_size.width, _glyphs(self))


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
        library, context, query = line(info.library), line(info.context), line(info.query)
        shown, total, estimate = info.shown, info.total, info.estimate
        glyphs = _glyphs(self)
        width = self.content_size.width or 10_000
        figures = ""
        if shown is not None and total is not None:
            count = f"{shown:,}{'+' if estimate else ''}"
            if shown == total and not estimate:
                figures = f"{count} papers"
            else:
                figures = f"{count} of {total:,} papers"
        right = f"{SEPARATOR}{figures}" if figures else ""
        head = Text(no_wrap=True)
        head.append("paperterm", style="bold")
        if library:
            head.append(f"  {library}")
        head.append(SEPARATOR)
        head.append(context, style="bold")
        room = width - cell_len(right)
        if query:
            quote_room = room - head.cell_len - len(" · ") - len(glyphs.quote(""))
            if quote_room >= 4 + len(glyphs.ellipsis):
                shortened = clip(Text(query), quote_room, glyphs).plain
                head.append(" · ")
                head.append(glyphs.quote(shortened), style="bold")
        if head.cell_len > room:
            if room < 12:  # no room for the context at all: the count alone
                head = Text(no_wrap=True)
                right = figures
            else:
                clip(head, room, glyphs)
        head.append(right)
        return clip(head, width, glyphs)
