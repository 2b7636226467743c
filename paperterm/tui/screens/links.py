"""The link keys of the current paper: o opens the best link, O picks one, y and Y copy."""

from __future__ import annotations

from textual import work
from textual.screen import Screen

from paperterm.models import PaperDetail
from paperterm.paper_links import Link, links_for
from paperterm.text import sanitize_line
from paperterm.tui.browser import browser_blocker, open_in_browser
from paperterm.tui.widgets.status_line import Severity


def paper_links(detail: PaperDetail) -> list[Link]:
    """Every link of the paper, best first, ending with the title searches."""
    return links_for(detail.paper, detail.found_links)


class LinkActions(Screen):
    """``o``, ``O``, ``y`` and ``Y`` for a screen with a current paper (see ``PaperScreen``)."""

    async def _paper_or_say(self) -> PaperDetail | None:
        raise NotImplementedError

    def say(self, message: str, severity: Severity = "info", keep: str = "") -> None:
        raise NotImplementedError

    async def action_copy(self) -> None:
        detail = await self._paper_or_say()
        if detail is None:
            return
        page = next((link.url for link in paper_links(detail) if not link.is_search), None)
        text = sanitize_line(f"{detail.paper.title} {page}" if page else detail.paper.title)
        self.app.copy_to_clipboard(text)
        what = "title and link" if page else "title (no page known; O lists title searches)"
        self.say(f"Copied the {what} to the clipboard: {text}", "success", keep=page or "")

    async def action_copy_bibtex(self) -> None:
        detail = await self._paper_or_say()
        if detail is None:
            return
        from paperterm.bookmarks.bibtex import to_bibtex

        bibtex = to_bibtex([detail.paper])
        self.app.copy_to_clipboard(bibtex)
        head = sanitize_line(bibtex.split(",", 1)[0])  # "@article{yu2023inceptionnext"
        self.say(f"Copied the BibTeX to the clipboard (OSC 52): {head}", "success", keep=head)

    async def action_open_link(self) -> None:
        detail = await self._paper_or_say()
        if detail is None:
            return
        self.follow(paper_links(detail)[0])

    async def action_open_links(self) -> None:
        detail = await self._paper_or_say()
        if detail is None:
            return
        from paperterm.tui.screens.link_picker import LinkPicker

        verb = "copy" if browser_blocker() else "open"
        picker = LinkPicker(detail.paper.title, paper_links(detail), verb)

        def done(link: Link | None) -> None:
            if link is not None:
                self.follow(link)

        self.app.push_screen(picker, done)

    def follow(self, link: Link) -> None:
        """Open ``link`` in a browser, or copy it when none can start here."""
        url = sanitize_line(link.url)
        what = "a title search (no page known)" if link.is_search else sanitize_line(link.label)
        blocker = browser_blocker()
        if blocker:
            self.app.copy_to_clipboard(url)
            self.say(f"No browser {blocker}: copied {what} instead: {url}", "warning", keep=url)
            return
        self._open(url, what)

    @work(thread=True, exclusive=True, group="browser")
    def _open(self, url: str, what: str) -> None:
        if open_in_browser(url):
            self.app.call_from_thread(self.say, f"Opened {what}: {url}", "info", url)
        else:
            self.app.call_from_thread(self.app.copy_to_clipboard, url)
            self.app.call_from_thread(
                self.say,
                f"Could not start a browser: copied {what} instead: {url}",
                "warning",
                url,
            )
