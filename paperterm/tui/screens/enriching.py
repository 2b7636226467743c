"""Enrichment from the reader: look papers up by title in the background, then redraw them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from paperterm.tui.keys import key_for
from paperterm.tui.messages import SyncFinished
from paperterm.tui.render import line
from paperterm.tui.screens.related_papers import helpers

if TYPE_CHECKING:
    from paperterm.enrich import EnrichProgress, EnrichReport, EnrichSettings
    from paperterm.models import Paper
    from paperterm.store import Store

MAX_PAPERS = 200  # per run from the reader (paced at up to 3 s each); the CLI has --limit
VIEW_IDS = 5000  # E considers this many papers of the view, top first, for the MAX_PAPERS
REDRAW_AT_MOST = 50  # matched papers told apart one by one; more: the list reloads anyway


def start_enrich(app: Any, paper_ids: Sequence[int], scope: str, *, auto: bool = False) -> bool:
    """Look the papers up in the background (progress in the status line); False when a run
    is already going. ``auto``: after a sync, quiet when there is nothing to do."""
    h = helpers(app.library)
    if h.enriching:
        if not auto:
            app.say("Enrichment is already running; its progress is in the status line.")
        return False
    h.enriching = True
    app.run_worker(_enrich(app, list(paper_ids), scope, auto), group="enrich", exit_on_error=False)
    return True


def auto_enrich(app: Any, paper_ids: Sequence[int]) -> None:
    """After a sync in the reader: enrich the papers it brought when ``[enrich] auto``."""
    from paperterm.enrich import load_enrich_settings

    if paper_ids and load_enrich_settings(app.config)[0].auto:
        start_enrich(app, paper_ids, "the synced papers", auto=True)


async def _enrich(app: Any, paper_ids: list[int], scope: str, auto: bool) -> None:
    from paperterm.enrich import load_enrich_settings

    h = helpers(app.library)
    try:
        settings, problems = load_enrich_settings(app.config)
        for problem in problems:
            app.say(f"Config: {problem}", "warning")
        store = app.library.store
        job = _Job(app, store, settings, paper_ids, scope)
        if not auto:
            app.say(f"Looking up {scope} on Hugging Face and arXiv{app.glyphs.ellipsis}")
        chosen, report = await h.enrich.run(job.run)
    except Exception as exc:
        app.say(f"Could not enrich {scope}. Why: {type(exc).__name__}: {exc}", "error")
        return
    finally:
        h.enriching = False
    if report is None:
        if not auto:
            app.say(
                f"Nothing to look up: {scope} already has an arXiv id or was looked up in the"
                f" last {settings.cache_days} days."
            )
        return
    _say_outcome(app, settings, report, scope)
    ids = [p.id for p in chosen]
    for screen in app.screen_stack:
        screen.post_message(SyncFinished(ids))  # the list re-reads these papers
    for key in job.matched[:REDRAW_AT_MOST]:
        app.paper_changed(key)


def _say_outcome(app: Any, settings: EnrichSettings, report: EnrichReport, scope: str) -> None:
    if report.offline:
        app.say(
            f"Could not reach {settings.hf_url} or {settings.arxiv_url} (offline?). Nothing was"
            f" lost. Next: {key_for(app, 'enrich', 'e')} again when online.",
            "error",
        )
    elif report.stopped:
        app.say(f"Enrichment {line(report.stopped)}. What was found is stored.", "error")
    elif report.failed:
        last = line(report.errors[-1]) if report.errors else "unknown"
        app.say(f"Enriched {scope}: {report.summary()}. Last error: {last}", "warning")
    else:
        app.say(f"Enriched {scope}: {report.summary()}", "success", keep=report.summary())


class _Job:
    """One run on the enrichment thread, telling the status line after each paper."""

    def __init__(self, app: Any, store: Store, settings: EnrichSettings, ids, scope) -> None:
        self.app, self.store, self.settings = app, store, settings
        self.ids, self.scope = ids, scope
        self.chosen: list[Paper] = []
        self.matched: list[str] = []

    def run(self) -> tuple[list[Paper], EnrichReport | None]:
        from paperterm.enrich import enrich_papers, papers_to_enrich
        from paperterm.store import papers_by_ids

        found = papers_by_ids(self.store.conn, self.ids)
        pool = [found[i] for i in self.ids if i in found]
        days = self.settings.cache_days
        self.chosen = papers_to_enrich(self.store, pool, limit=MAX_PAPERS, cache_days=days)
        if not self.chosen:
            return [], None
        report = enrich_papers(self.store, self.settings, self.chosen, progress=self.progress)
        return self.chosen, report

    def progress(self, p: EnrichProgress) -> None:
        if p.outcome in ("hf", "arxiv"):
            self.matched.append(self.chosen[p.done - 1].key)
        figures = f"{p.done}/{p.total} · {len(self.matched)} matched"
        message = f"Enriching {self.scope} {figures} · {line(p.title)}"
        try:
            self.app.call_from_thread(self.app.say, message, keep=figures)
        except RuntimeError:  # the reader quit: the run goes on quietly, nothing is lost
            pass
