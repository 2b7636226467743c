"""Sync jobs under the store's lock, what "empty" means, and the one rule for the sample."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from paperterm.store import Store
from paperterm.store.listing import has_papers

if TYPE_CHECKING:  # the sync machinery loads when a sync starts, not with the reader
    from paperterm.config import Config
    from paperterm.sync import ProgressCallback, SyncReport
    from paperterm.sync.sources.configured import SourceJob

JobDone = Callable[["SourceJob", "SyncReport"], None]


def is_empty(store: Store) -> bool:
    """True when the store holds no paper (nothing was synced, or every digest was dropped)."""
    return not has_papers(store.conn)


def sample_wanted(config: Config, store: Store) -> bool:
    """The sample rule: load the bundled sample when no source is configured and the store
    is empty, unless the user removed the sample from this store (``sources remove sample``)."""
    if config.sources or not is_empty(store):
        return False
    from paperterm.reader.sample import sample_removed  # its store imports: only when empty

    return not sample_removed(store.conn)


def clear_sample_removed(store: Store) -> None:
    """The user asked for the sample again: it may come back by itself next time too."""
    from paperterm.reader.sample import set_sample_removed

    with store.write() as conn:
        set_sample_removed(conn, False)


def sample_job() -> SourceJob:
    """The job that syncs the two bundled sample digests."""
    from paperterm.paths import sample_dir
    from paperterm.sync.sources.configured import folder_job

    return folder_job("sample", [sample_dir()])


def run_jobs(
    store: Store,
    jobs: Sequence[SourceJob],
    progress: ProgressCallback | None = None,
    *,
    on_job: JobDone | None = None,
) -> SyncReport:
    """Run ``jobs`` in order under the store's sync lock; their reports merged.

    ``on_job`` sees each job's own report before it is merged (it may add warnings).
    Raises ``SyncLocked`` at once when another sync holds the lock.
    """
    from paperterm.sync import SyncReport
    from paperterm.sync.lock import sync_lock

    report = SyncReport()
    with sync_lock(store.path):
        for job in jobs:
            part = job.run(store, progress)
            if on_job is not None:
                on_job(job, part)
            report.merge(part)
    return report
