"""Keys that act on the current paper (b a n r o O y Y e), shared by the main and reading
screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.binding import Binding

from paperterm.models import PaperDetail
from paperterm.reader import Library
from paperterm.tui.keys import key_for
from paperterm.tui.messages import PaperChanged
from paperterm.tui.reader_app import ReaderApp
from paperterm.tui.render import UNICODE, Glyphs, line
from paperterm.tui.screens.enriching import start_enrich
from paperterm.tui.screens.links import LinkActions
from paperterm.tui.screens.related_papers import RelatedPapers
from paperterm.tui.widgets.status_line import Severity

if TYPE_CHECKING:
    from paperterm.tui.screens.list_picker import PickerResult

T = TypeVar("T")

TITLE_IN_MESSAGES = 50


def short(title: str, glyphs: Glyphs = UNICODE) -> str:
    """A title fit for a one-line message, between quotes."""
    clean = line(title)
    if len(clean) > TITLE_IN_MESSAGES:
        clean = clean[: TITLE_IN_MESSAGES - len(glyphs.ellipsis)] + glyphs.ellipsis
    return glyphs.quote(clean)


class PaperScreen(RelatedPapers, LinkActions):
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
            tooltip="Open the best link (paper page, arXiv, code, else a title search); "
            "over SSH it is copied instead",
        ),
        Binding(
            "L",
            "open_links",
            "Links",
            show=False,
            id="open-links",
            tooltip="Pick one of the paper's links (page, arXiv, PDF, code, project, DOI, "
            "searches) to open or copy",
        ),
        Binding(
            "y",
            "copy",
            "Copy title+link",
            show=False,
            id="copy",
            tooltip="Copy the title and link to the clipboard (OSC 52, works over SSH)",
        ),
        Binding(
            "Y",
            "copy_bibtex",
            "Copy BibTeX",
            show=False,
            id="copy-bibtex",
            tooltip="Copy the paper's BibTeX to the clipboard (OSC 52), for Zotero and friends",
        ),
        Binding(
            "e",
            "enrich",
            "Enrich",
            show=False,
            id="enrich",
            tooltip="Look the paper up by title on Hugging Face and arXiv: ids, authors, code",
        ),
    ]

    @property
    def papp(self) -> ReaderApp:
        return cast(ReaderApp, self.app)

    def key_of(self, binding_id: str, default: str) -> str:
        """The key of ``binding_id`` after the keymap, for hints (see ``tui/keys.py``)."""
        return key_for(self, binding_id, default)

    @property
    def library(self) -> Library:
        return self.papp.library

    async def current_detail(self) -> PaperDetail | None:
        """The full current paper, or None."""
        raise NotImplementedError

    def on_paper_changed(self, message: PaperChanged) -> None:
        """A paper's marks, lists or note changed (here or on another screen)."""

    def say(self, message: str, severity: Severity = "info", keep: str = "") -> None:
        self.papp.say(message, severity, keep=keep)

    def title_of(self, detail: PaperDetail) -> str:
        """The paper's title, shortened and quoted, for a message."""
        return short(detail.paper.title, self.papp.glyphs)

    async def _paper_or_say(self) -> PaperDetail | None:
        detail = await self.current_detail()
        if detail is None:
            self.say("No paper selected. Next: move to a paper with j/k.", "warning")
        return detail

    async def _guard(self, what: str, func: Callable[..., T], *args: Any) -> tuple[bool, T | None]:
        """Run a user-data call on the database thread; a refusal becomes a message, never a
        crash."""
        try:
            return True, await self.papp.in_db(func, *args)
        except ValueError as exc:  # BookmarksError is a ValueError with a user-facing text
            self.say(f"Could not {what}. Why: {exc}", "error")
        except Exception as exc:  # the store is busy or broken: say so, keep running
            self.say(f"Could not {what}. Why: {type(exc).__name__}: {exc}", "error")
        return False, None

    # -- actions --------------------------------------------------------------------------------

    async def action_bookmark(self) -> None:
        detail = await self._paper_or_say()
        if detail is None:
            return
        key = detail.paper.key
        ok, now = await self._guard(
            "change the bookmark", self.library.bookmarks.toggle_bookmark, key
        )
        if not ok:
            return
        from paperterm.bookmarks import DEFAULT_LIST

        _, lists = await self._guard("read the lists", self.library.bookmarks.lists_of, key)
        others = [line(name) for name in lists or () if name.casefold() != DEFAULT_LIST.casefold()]
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

    async def action_enrich(self) -> None:
        detail = await self._paper_or_say()
        if detail is not None:
            start_enrich(self.papp, [detail.paper.id], self.title_of(detail))

    async def action_toggle_read(self) -> None:
        detail = await self._paper_or_say()
        if detail is None:
            return
        toggle = self.library.bookmarks.toggle_read
        ok, now = await self._guard("change the read mark", toggle, detail.paper.key)
        if not ok:
            return
        state = "read" if now else "unread"
        self.say(f"Marked {self.title_of(detail)} {state}.")
        self.papp.paper_changed(detail.paper.key)

    async def action_add_to_list(self) -> None:
        detail = await self._paper_or_say()
        if detail is None:
            return
        ok, lists = await self._guard("read the lists", self.library.bookmarks.lists)
        key = detail.paper.key
        ok2, member = await self._guard("read the lists", self.library.bookmarks.lists_of, key)
        if not (ok and ok2):
            return
        from paperterm.tui.screens.list_picker import ListPicker

        names = [(lst.name, lst.count) for lst in lists or ()]
        picker = ListPicker(line(detail.paper.title), names, set(member or ()))

        async def done(result: PickerResult | None) -> None:
            if result is None:
                return
            bookmarks = self.library.bookmarks
            if result.remove:
                ok, _ = await self._guard(
                    "remove it from the list", bookmarks.remove_from_list, key, result.name
                )
                if ok:
                    self.say(f"Removed {self.title_of(detail)} from {line(result.name)}.")
            else:
                ok, _ = await self._guard(
                    "add it to the list", bookmarks.add_to_list, key, result.name, True
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

    async def action_note(self) -> None:
        detail = await self._paper_or_say()
        if detail is None:
            return
        from paperterm.tui.screens.note_editor import NoteEditor

        key = detail.paper.key
        ok, note = await self._guard("read the note", self.library.bookmarks.note, key)
        if not ok:
            return
        body = note.body if note else ""

        async def done(result: str | None) -> None:
            if result is None:
                self.say("Note unchanged.")
                return
            ok, _ = await self._guard("save the note", self.library.bookmarks.set_note, key, result)
            if ok:
                self.say("Note deleted." if not result.strip() else "Note saved.", "success")
                self.papp.paper_changed(key)

        self.app.push_screen(NoteEditor(line(detail.paper.title), body or ""), done)
