"""The app's background sync: the core's sync on its own thread, progress as messages."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from paperterm.config import Config
from paperterm.reader import Library
from paperterm.tui.messages import SyncFinished, SyncProgressed
from paperterm.tui.render import count_of, line
from paperterm.tui.widgets.status_line import Severity

if TYPE_CHECKING:  # the sync machinery loads with the first sync
    from paperterm.sync import SyncProgress

NO_SOURCES = (
    "No sources configured. Next: paperterm sources add NAME PATH (a folder, "
    "mbox or Maildir) or paperterm sync PATH, in a shell."
)


class SyncCancelled(Exception):
    """Raised from the progress callback to stop a sync between units when the reader quits."""


class SyncRunner(App[int]):
    """Runs one sync at a time; every screen hears ``SyncFinished`` when it is done."""

    library: Library
    config: Config
    sync_pool: ThreadPoolExecutor
    syncing = False
    _cancel_sync = False
    # Each sync is numbered; its progress is shown only while it runs and before its final
    # message: a progress message read late never replaces the summary.
    sync_run = 0
    _final_run = 0

    def say(
        self, message: str, severity: Severity = "info", *, keep: str = "", progress: bool = False
    ) -> None:
        raise NotImplementedError

    def follow_config(self) -> None:
        """Re-read config.toml if it changed (the app does; nothing here)."""

    def start_sync(self, *, sample: bool = False) -> None:
        if self.syncing:
            self.say("A sync is already running.", "warning")
            return
        if not sample:
            self.follow_config()  # sources added in a shell since the start count now
        self.syncing = True
        self.sync_run += 1
        self._sync(sample, self.sync_run)

    def _progress(self, run: int, p: SyncProgress) -> None:
        if self._cancel_sync:
            raise SyncCancelled()
        figures = (len(p.report.papers), len(p.report.errors))
        self.post_message(SyncProgressed(p.done, p.total, line(p.current), *figures, run=run))

    @work(exclusive=True, group="sync")
    async def _sync(self, sample: bool, run: int) -> None:
        from paperterm.sync.lock import SyncLocked

        self.say("Loading the sample digests…" if sample else "Syncing…", progress=True)
        self._cancel_sync = False
        progress = partial(self._progress, run)
        if sample:
            func = partial(self.library.load_sample, progress)
        else:
            func = partial(self.library.sync, self.config, progress)
        loop = asyncio.get_running_loop()
        try:
            report = await loop.run_in_executor(self.sync_pool, func)
        except SyncCancelled:
            return
        except SyncLocked as exc:
            self.say(str(exc), "warning")
            return
        except Exception as exc:
            self.say(f"Sync failed. Why: {type(exc).__name__}: {exc}", "error")
            return
        finally:
            self.syncing = False
            self._final_run = run
        if report is None:
            self.say(NO_SOURCES, "warning")
            return
        figures = report.summary()
        summary = f"Synced: {figures}"
        if sample:
            summary = (
                f"Loaded the bundled sample: {figures}. "
                "Add your own digests with paperterm sync PATH"
            )
        if report.errors:
            self.say(f"{summary}. First error: {report.errors[0]}", "error", keep=figures)
        else:
            self.say(summary, "success", keep=figures)
        for screen in self.screen_stack:
            screen.post_message(SyncFinished(sorted(report.papers)))
        from paperterm.tui.screens.enriching import auto_enrich

        auto_enrich(self, sorted(report.papers))

    def on_sync_progressed(self, message: SyncProgressed) -> None:
        if not self.syncing or message.run != self.sync_run or message.run == self._final_run:
            return  # posted before the sync ended, read after: the summary is already shown
        figures = (
            f"{message.done}/{message.total} · {count_of(message.papers, 'paper')} · "
            f"{count_of(message.errors, 'error')}"
        )
        self.say(f"Syncing {figures} · {message.current}", keep=figures, progress=True)
