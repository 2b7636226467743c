"""The status line (sync progress and messages) and the one-line header with the context."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.widgets import Static

from paperterm.tui.render import line

Severity = Literal["info", "success", "warning", "error"]


class StatusLine(Static):
    """One line of what just happened; the text is untrusted-safe (never markup)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", markup=False, id=id, classes=classes)
        self.message = ""
        self.severity: Severity = "info"

    def say(self, message: str, severity: Severity = "info") -> None:
        self.message = line(message)
        self.severity = severity
        for name in ("info", "success", "warning", "error"):
            self.set_class(name == severity, f"-{name}")
        self.update(Text(self.message), layout=False)


class HeaderBar(Static):
    """``paperterm · <filter> · <n> of <total> papers``: where the reader is."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", markup=False, id=id, classes=classes)

    def show(self, library: str, context: str, shown: int | None, total: int | None) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("paperterm", style="bold")
        if library:
            text.append(f"  {line(library)}")
        text.append("  ·  ")
        text.append(line(context), style="bold")
        if shown is not None and total is not None:
            figures = f"{shown:,} papers" if shown == total else f"{shown:,} of {total:,} papers"
            text.append(f"  ·  {figures}")
        self.update(text, layout=False)
