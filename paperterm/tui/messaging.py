"""The app's messages: every status line says the same; info expires, warnings wait for a key."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.timer import Timer

from paperterm.tui.render import line
from paperterm.tui.widgets import StatusLine
from paperterm.tui.widgets.status_line import Severity

# How long a message stays; warnings and errors stay until the next key.
EXPIRES = {"info": 5.0, "success": 10.0}


class Messenger(App[int]):
    """``say`` for every screen; a numbered message, so nothing older replaces a newer one."""

    last_message = ""
    last_severity: Severity = "info"
    last_keep = ""
    said = 0  # the number of the message on show
    _sticky = 0  # a warning or error on show: cleared by the next key
    _expiry: Timer | None = None

    def say(
        self, message: str, severity: Severity = "info", *, keep: str = "", progress: bool = False
    ) -> None:
        """Show a message on every status line; on a narrow one, ``keep`` (a URL, the sync's
        figures) stays visible and the prose around it is shortened first. Progress does not
        expire (the sync's final message replaces it)."""
        self.said += 1
        self._show(message, severity, keep, progress)
        if self._expiry is not None:
            self._expiry.stop()
            self._expiry = None
        self._sticky = self.said if severity in ("warning", "error") else 0
        seconds = EXPIRES.get(severity)
        if seconds and message and not progress:
            number = self.said
            self._expiry = self.set_timer(seconds, lambda: self._expire(number))

    def _show(self, message: str, severity: Severity, keep: str, progress: bool) -> None:
        self.last_message, self.last_severity = line(message), severity
        self.last_keep = line(keep)
        for screen in self.screen_stack:
            for status in screen.query(StatusLine):
                status.say(message, severity, keep=keep, progress=progress)

    def _expire(self, number: int) -> None:
        if number == self.said:
            self._show("", "info", "", False)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self._sticky and self._sticky == self.said:
            self._sticky = 0
            self._show("", "info", "", False)  # the next action's own message follows
        await super().on_event(event)
