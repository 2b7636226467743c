"""Keys that act on the current paper (b a n r o y), shared by the main and reading screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.screen import Screen

from paperterm.links import paper_links
from paperterm.text import sanitize_line
from paperterm.tui.browser import best_link, browser_blocker, open_in_browser
from paperterm.tui.render import UNICODE, Glyphs, line
from paperterm.tui.widgets.status_line import Severity

if TYPE_CHECKING:
    from paperterm.tui.app import PapertermApp
    from paperterm.tui.library import Library
    from paperterm.tui.screens.list_picker import PickerResult
    from paperterm.tui.views import PaperDetail

TITLE_IN_MESSAGES = 50


def short(title: str, glyphs: Glyphs = UNICODE) -> str:
    """A title fit for a one-line message, between quotes."""
    clean = line(title)
    if len(clean) > TITLE_IN_MESSAGES:
        clean = clean[: TITLE_IN_MESSAGES - len(glyphs.ellipsis)] + glyphs.ellipsis
    return glyphs.quote(clean)


class PaperScreen(Screen):
    """A screen with a current paper; subclasses say which and how to show changes."""

    BINDINGS = [
        Binding(
            "b",
            "bookmark",
            "Bookmark",
            id="bookmark",
            tooltip="Bookmark or unbookmark (Reading list)",
        ),
        Binding(
            "a",
            "add_to_list",
            "List",
            id="add-to-list",
            tooltip="Add to or remove from a reading list; a new name creates one",
        ),
        Binding("n", "note", "Note", id="note", tooltip="Write or edit the note of the paper"),
        Binding(
            "r",
            "toggle_read",
            "Read/unread",
            show=False,
            id="toggle-read",
            tooltip="Mark read or unread",
        ),
        Binding(
            "o",
            "open_link",
            "Open link",
            show=False,
            id="open-link",
            tooltip="Open the paper's page in a browser; over SSH the link is copied instead",
        ),
        Binding(
            "y",
            "copy",
            "Copy title+link",
            show=False,
            id="copy",
            tooltip="Copy the title and link to the clipboard (OSC 52, works over SSH)",
        ),
    ]

    @property
    def papp(self) -> PapertermApp:
        return self.app  # type: ignore[return-value]

    @property
    def library(self) -> Library:
        return self.papp.library

    def current_detail(self) -> PaperDetail | None:
        """The full current paper, or None."""
        raise NotImplementedError

    def say(self, message: str, severity: Severity = "info", keep: str = "") -> None:
        self.papp.say(message, severity, keep=keep)

    def title_of(self, detail: PaperDetail) -> str:
        """The paper's title, shortened and quoted, for a message."""
        return short(detail.paper.title, self.papp.glyphs)

    def _paper_or_say(self) -> PaperDetail | None:
        detail = self.current_detail()
        if detail is None:
            self.say("No paper selected. Next: move to a paper with j/k.", "warning")
        return detail

    def _guard(self, what: str, func, *args):
        """Run a user-data write; a refused write becomes a message, never a crash."""
        try:
            return True, func(*args)
        except ValueError as exc:  # BookmarksError is a ValueError with a user-facing text
            self.say(f"Could not {what}. Why: {exc}", "error")
        except Exception as exc:  # the store is busy or broken: say so, keep running
            self.say(f"Could not {what}. Why: {type(exc).__name__}: {exc}", "error")
        return False, None

    # -- actions --------------------------------------------------------------------------------

    def action_bookmark(self) -> None:
        detail = self._paper_or_say()
        if detail is None:
            return
        key = detail.paper.key
        ok, now = self._guard("change the bookmark", self.library.toggle_bookmark, key)
        if not ok:
            return
        from paperterm.bookmarks import DEFAULT_LIST

        try:
            others = [
                line(name)
                for name in self.library.lists_of(key)
                if name.casefold() != DEFAULT_LIST.casefold()
            ]
        except Exception:
            others = []
        title = self.title_of(detail)
        also = ", ".join(others)
        if now:
            tail = f" (also in: {also})" if others else ""
            self.say(f"Added to {DEFAULT_LIST}{tail}: {title}", "success")
        elif others:
            # ★ means "in any list": say why it stays.
            self.say(f"Removed from {DEFAULT_LIST}; still in {also}: {title}")
        else:
            self.say(f"Removed from {DEFAULT_LIST}: {title}")
        self.papp.paper_changed(key)

    def action_toggle_read(self) -> None:
        detail = self._paper_or_say()
        if detail is None:
            return
        ok, now = self._guard("change the read mark", self.library.toggle_read, detail.paper.key)
        if not ok:
            return
        state = "read" if now else "unread"
        self.say(f"Marked {self.title_of(detail)} {state}.")
        self.papp.paper_changed(detail.paper.key)

    def action_add_to_list(self) -> None:
        detail = self._paper_or_say()
        if detail is None:
            return
        ok, lists = self._guard("read the lists", self.library.list_names)
        if not ok:
            return
        from paperterm.tui.screens.list_picker import ListPicker

        key = detail.paper.key
        member = set(self.library.lists_of(key))
        picker = ListPicker(line(detail.paper.title), lists, member)

        def done(result: PickerResult | None) -> None:
            if result is None:
                return
            if result.remove:
                ok, _ = self._guard(
                    "remove it from the list", self.library.remove_from_list, key, result.name
                )
                if ok:
                    self.say(f"Removed {self.title_of(detail)} from {line(result.name)}.")
            else:
                ok, _ = self._guard(
                    "add it to the list", self.library.add_to_list, key, result.name
                )
                if ok:
                    made = " (new list)" if result.created else ""
                    self.say(
                        f"Added {self.title_of(detail)} to {line(result.name)}{made}.",
                        "success",
                    )
            if ok:
                self.papp.paper_changed(key)

        self.app.push_screen(picker, done)

    def action_note(self) -> None:
        detail = self._paper_or_say()
        if detail is None:
            return
        from paperterm.tui.screens.note_editor import NoteEditor

        key = detail.paper.key
        ok, body = self._guard("read the note", self.library.note, key)
        if not ok:
            return

        def done(result: str | None) -> None:
            if result is None:
                self.say("Note unchanged.")
                return
            ok, _ = self._guard("save the note", self.library.set_note, key, result)
            if ok:
                self.say("Note deleted." if not result.strip() else "Note saved.", "success")
                self.papp.paper_changed(key)

        self.app.push_screen(NoteEditor(line(detail.paper.title), body or ""), done)

    def action_copy(self) -> None:
        detail = self._paper_or_say()
        if detail is None:
            return
        url = best_link(paper_links(detail.paper))
        text = sanitize_line(f"{detail.paper.title} {url}" if url else detail.paper.title)
        self.app.copy_to_clipboard(text)
        what = "title and link" if url else "title (no link known)"
        self.say(f"Copied the {what} to the clipboard: {text}", "success", keep=url or "")

    def action_open_link(self) -> None:
        detail = self._paper_or_say()
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
