"""The link keys of the current paper: o opens it in a browser (or copies it), y copies it."""

from __future__ import annotations

from textual import work
from textual.screen import Screen

from paperterm.links import paper_links
from paperterm.models import PaperDetail
from paperterm.text import sanitize_line
from paperterm.tui.browser import best_link, browser_blocker, open_in_browser
from paperterm.tui.widgets.status_line import Severity


class LinkActions(Screen):
    """``o`` and ``y`` for a screen with a current paper (see ``PaperScreen``)."""

    async def _paper_or_say(self) -> PaperDetail | None:
        raise NotImplementedError

    def say(self, message: str, severity: Severity = "info", keep: str = "") -> None:
        raise NotImplementedError

    async def action_copy(self) -> None:
        detail = await self._paper_or_say()
        if detail is None:
            return
        url = best_link(paper_links(detail.paper))
        text = sanitize_line(f"{detail.paper.title} {url}" if url else detail.paper.title)
        self.app.copy_to_clipboard(text)
        what = "title and link" if url else "title (no link known)"
        self.say(f"Copied the {what} to the clipboard: {text}", "success", keep=url or "")

    async def action_open_link(self) -> None:
        detail = await self._paper_or_say()
        if detail is None:
            return
        url = best_link(paper_links(detail.paper))
        if url is None:
            self.say("This paper has no link. Next: y copies its title.", "warning")
            return
        blocker = browser_blocker()
        if blocker:
            self.app.copy_to_clipboard(url)
            self.say(f"No browser {blocker}: copied the link instead: {url}", "warning", keep=url)
            return
        self._open(url)

    @work(thread=True, exclusive=True, group="browser")
    def _open(self, url: str) -> None:
        if open_in_browser(url):
            self.app.call_from_thread(self.say, f"Opened {url}", "info", url)
        else:
            self.app.call_from_thread(self.app.copy_to_clipboard, url)
            self.app.call_from_thread(
                self.say,
                f"Could not start a browser: copied the link instead: {url}",
                "warning",
                url,
            )
