"""Related papers under the abstract: computed off the database thread, cached per paper."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from textual import work
from textual.screen import Screen

from paperterm.models import Paper, PaperDetail
from paperterm.reader import Library
from paperterm.store import Store
from paperterm.tui.background import SKIPPED, Background
from paperterm.tui.collector import input_quiet
from paperterm.tui.detail_sections import RelatedRow, RelatedView
from paperterm.tui.widgets import DetailPane

if TYPE_CHECKING:
    from paperterm.tui.reader_app import ReaderApp

RELATED_SHOWN = 5
# Seconds a paper stays current before its related papers are computed: typing a query or
# holding j passes over papers nobody reads, and each computation (~20 ms of numpy and
# Python at 100k papers, the first one loading the index) competes with the next repaint.
RELATED_DELAY = 0.25
# ...and the keys rest this long: related papers of a paper that stays on top while a query
# is typed would otherwise be laid out between two keystrokes.
INPUT_QUIET = 0.4


@dataclass
class Helpers:
    """Per library: the related-papers and enrichment threads and the related cache."""

    related: Background = field(default_factory=lambda: Background("paperterm-related"))
    enrich: Background = field(default_factory=lambda: Background("paperterm-enrich"))
    cache: dict[str, tuple[tuple, RelatedView]] = field(default_factory=dict)
    enriching: bool = False


_helpers: WeakKeyDictionary[Library, Helpers] = WeakKeyDictionary()


def helpers(library: Library) -> Helpers:
    """The helpers of ``library`` (made on first use)."""
    found = _helpers.get(library)
    if found is None:
        found = _helpers[library] = Helpers()
    return found


def compute_related(store: Store, cache: dict, paper: Paper) -> RelatedView:
    """The related papers of ``paper`` (on the related thread), from the cache when fresh."""
    # numpy and the index: only when first asked
    from paperterm.discover import papers_signature, related_to
    from paperterm.discover.elsewhere import update_elsewhere

    signature = papers_signature(store)
    cached = cache.get(paper.key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    try:
        update_elsewhere(store)  # a rebuild: in a child process, not against the UI thread
        found = related_to(store, paper, RELATED_SHOWN)
    except Exception as exc:  # a broken index cache must not take the reader down
        return RelatedView(paper.key, message=f"Could not find related papers. Why: {exc}")
    rows = tuple(RelatedRow(r.paper.key, r.paper.title, tuple(r.words)) for r in found)
    view = RelatedView(paper.key, rows)
    cache[paper.key] = (signature, view)
    return view


class RelatedPapers(Screen):
    """Fills a DetailPane's related papers for the paper it shows, without blocking."""

    def show_related(self, pane: DetailPane, detail: PaperDetail | None) -> None:
        """Show the cached related papers of ``detail`` at once, or "finding…", then load."""
        if detail is None:
            pane.related = None
            return
        key = detail.paper.key
        cached = helpers(self._library).cache.get(key)
        shown = pane.related
        if cached is not None:
            if shown is None or shown.key != key or shown.rows != cached[1].rows:
                pane.related = cached[1]
        elif shown is None or shown.key != key:
            pane.related = RelatedView(key, loading=True)
        self._load_related(pane, detail.paper)

    def watch_detail(self, detail: PaperDetail | None) -> None:
        """The main screen's reactive ``detail`` changed (the reading view calls
        ``show_related`` itself: its paper is a plain attribute)."""
        self.show_related(self.query_one(DetailPane), detail)

    @property
    def _library(self) -> Library:
        app: ReaderApp = self.app  # type: ignore[assignment]
        return app.library

    @work(exclusive=True, group="related")
    async def _load_related(self, pane: DetailPane, paper: Paper) -> None:
        await asyncio.sleep(RELATED_DELAY)  # a newer paper cancels this worker meanwhile
        while (wait := INPUT_QUIET - input_quiet(self.app)) > 0:
            await asyncio.sleep(wait)
        library = self._library
        h = helpers(library)
        view = await h.related.run(partial(compute_related, library.store, h.cache, paper))
        if view is SKIPPED or not pane.is_mounted:
            return
        shown = pane.related
        if shown is not None and shown.key == paper.key and shown != view:
            pane.related = view
