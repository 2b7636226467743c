"""Sync orchestration: units -> parse -> store, progress by callback.

Each unit is stored whole or not at all (a savepoint per unit); units are committed in
short batches so a cold sync of thousands of files is fast while other processes (the
reader writing a bookmark) wait at most a fraction of a second for the write lock.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from paperterm.models import Issue
from paperterm.paths import sample_dir
from paperterm.store import Store, first_fts
from paperterm.store.batches import begin_deferred, commit_appended, commit_batch, top_id
from paperterm.store.changes import prune_changes
from paperterm.store.deferred import build_pending
from paperterm.store.ingest import is_new_store, known_origins, replace_origin, touch_origin
from paperterm.store.journal import back_to_wal, leave_wal
from paperterm.store.links import known_links
from paperterm.store.origins import has_origin, move_origin
from paperterm.sync.pool import Parsed, fetchers, ready
from paperterm.sync.units import Fetched, Unit

BATCH_SECONDS = 0.25
# A new, empty store has nothing to lose: its first sync writes without waiting for the
# disk (synchronous=OFF still survives a killed process in WAL mode; only a power cut could
# lose the batch) and in longer batches (fewer full-text flushes and commits).
COLD_BATCH_SECONDS = 2.0
SYNC_CACHE_KIB = 65_536
COLD_MMAP_BYTES = 1 << 30
# Exit statuses of a sync for cron (3, another sync running, is the lock's: LOCKED_EXIT).
CLEAN_EXIT, ERRORS_EXIT, WARNINGS_EXIT = 0, 1, 4


@dataclass
class SyncReport:
    """What a sync did, summed over its units."""

    units: int = 0
    unchanged: int = 0
    digests: int = 0
    papers: set[int] = field(default_factory=set)
    new_papers: int = 0
    appearances: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    failed_units: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def exit_code(self) -> int:
        """0 clean, 1 some error (the rest synced), 4 completed with warnings only."""
        if self.errors:
            return ERRORS_EXIT
        return WARNINGS_EXIT if self.warnings else CLEAN_EXIT

    def merge(self, other: SyncReport) -> None:
        self.units += other.units
        self.unchanged += other.unchanged
        self.digests += other.digests
        self.papers |= other.papers
        self.new_papers += other.new_papers
        self.appearances += other.appearances
        self.errors += other.errors
        self.warnings += other.warnings
        self.failed_units += other.failed_units

    def summary(self) -> str:
        """One line: ``2 digests · 80 papers (80 new) · 105 appearances · 0 errors``."""
        line = (
            f"{self.digests} digest{'s' * (self.digests != 1)} · {len(self.papers)} paper"
            f"{'s' * (len(self.papers) != 1)} ({self.new_papers} new) · {self.appearances}"
            f" appearance{'s' * (self.appearances != 1)}"
            f" · {len(self.errors)} error{'s' * (len(self.errors) != 1)}"
        )
        if self.unchanged:
            line += f" · {self.unchanged} unchanged"
        return line


@dataclass(frozen=True)
class SyncProgress:
    """Handed to the progress callback after each unit."""

    source: str
    done: int
    total: int
    current: str
    report: SyncReport


ProgressCallback = Callable[[SyncProgress], None]


def sync_units(
    store: Store,
    units: Iterable[Unit],
    *,
    source: str = "files",
    progress: ProgressCallback | None = None,
) -> SyncReport:
    """Sync each unit into the store. A unit that fails leaves the store as it was for it.

    Many files are parsed in a forkserver process pool: a script that calls this at import
    time needs the usual ``if __name__ == "__main__":`` guard.
    """
    todo = list(units)
    if not store.readonly and build_pending(store.conn) and not is_new_store(store.conn):
        with store.write():
            pass  # a killed first sync left its index build: this write finishes it
    report = SyncReport()
    known = known_origins(store.conn)
    fresh: list[Unit] = []
    done = 0
    for unit in todo:
        report.units += 1
        old = known.get(unit.locator)
        # A unit last synced cleanly (non-empty hash) with the same stamp is not read again.
        if old and old[1] and (unit.stamp is None or unit.stamp == old[0]):
            report.unchanged += 1
            done += 1
        else:
            fresh.append(unit)
    if progress and done:
        progress(SyncProgress(source, done, len(todo), "", report))
    if not fresh:
        return report
    conn = store.conn
    # The paper-key index is hit at random during a big sync; a small cache thrashes.
    conn.execute(f"PRAGMA cache_size = -{SYNC_CACHE_KIB}")
    cold = is_new_store(conn)
    batch_seconds = COLD_BATCH_SECONDS if cold else BATCH_SECONDS
    rollback_journal = False
    if cold:
        conn.execute("PRAGMA synchronous = OFF")
        # Each unit's savepoint journal in memory, not in a temporary file (~680 MB of
        # writes at 100k papers, ~0.8 s of system time).
        conn.execute("PRAGMA temp_store = MEMORY")
        rollback_journal = leave_wal(conn)  # pages written once, if no one else has it open
        # Read through a memory map: building the deferred indexes reads every row (its
        # abstract's overflow pages too), ~40% faster than a read() per page.
        conn.execute(f"PRAGMA mmap_size = {COLD_MMAP_BYTES}")
        begin_deferred(conn)  # secondary indexes and the change log are made at the end
    above = 0  # a first sync's batch: the top paper id when it began
    marked = False  # a first sync's batch inserts its papers marked indexed (first_fts)

    def commit(conn: sqlite3.Connection) -> None:
        if cold:
            commit_appended(conn, above, marked=marked)
        else:
            commit_batch(conn)

    files = known_origins(conn, "file")
    by_sha: dict[str, list[str]] = {}
    for locator, (_, sha) in files.items():
        if sha:
            by_sha.setdefault(sha, []).append(locator)
    batch_started: float | None = None
    try:
        with fetchers(fresh) as pending:
            for unit, result in zip(fresh, pending, strict=True):
                if batch_started is not None and not ready(result):
                    # Never hold the write lock while waiting long for a file to be read.
                    commit(conn)
                    batch_started = None
                fetched = result.result()
                if batch_started is None:
                    conn.execute("BEGIN IMMEDIATE")
                    batch_started = time.monotonic()
                    above = top_id(conn) if cold else 0
                    marked = cold and first_fts.marking(conn)
                if not _same_as_known_file(conn, unit, fetched, by_sha, report):
                    _store_one(conn, unit, fetched, known.get(unit.locator), report, marked)
                done += 1
                if time.monotonic() - batch_started >= batch_seconds:
                    commit(conn)
                    batch_started = None
                if progress:
                    progress(SyncProgress(source, done, len(todo), unit.name, report))
        if batch_started is not None:
            commit(conn)
            batch_started = None
        if cold:  # nobody holds an index of this store from before: the log is not needed
            first_fts.stop(conn)  # before the write that builds the store's own triggers
            with store.write() as writing:  # the deferred indexes are made here
                prune_changes(writing, 0)
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if cold:
            first_fts.stop(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA mmap_size = 0")
            conn.execute("PRAGMA temp_store = DEFAULT")
        if rollback_journal:
            try:
                # After synchronous = NORMAL: the switch flushes the whole new store to disk
                # (~0.2 s at 100k), so the user's first bookmark is not written over pages a
                # power cut could still lose.
                back_to_wal(conn)
            except sqlite3.OperationalError:
                pass  # readers kept it busy 30 s: the next connection turns WAL on again
    return report


def _same_as_known_file(
    conn: sqlite3.Connection,
    unit: Unit,
    fetched: Fetched | OSError,
    by_sha: dict[str, list[str]],
    report: SyncReport,
) -> bool:
    """A file whose bytes another synced file already gave: a moved file or a copy.

    Records the file in ``by_sha`` otherwise, so copies within one sync are caught too.
    """
    if unit.kind != "file" or isinstance(fetched, OSError) or not fetched.sha256:
        return False
    holders = by_sha.setdefault(fetched.sha256, [])
    others = [locator for locator in holders if locator != unit.locator]
    if not others:
        if not fetched.result.failed:
            holders.append(unit.locator)
        return False
    gone = [locator for locator in others if not os.path.exists(locator)]
    bundled = [locator for locator in others if is_bundled_file(locator)]
    if is_bundled_file(unit.locator):
        pass  # the sample steps aside for the user's own copy, silently
    elif bundled and not has_origin(conn, unit.locator):
        # the user's own copy of a sample digest: its digests become the user's
        move_origin(conn, bundled[0], unit.locator, unit.stamp)
        holders[holders.index(bundled[0])] = unit.locator
    elif bundled:
        return False  # synced here before: store it as the user's; the sample's copy stays
    elif gone and not has_origin(conn, unit.locator):
        # moved or renamed: same digests, only the path changed
        move_origin(conn, gone[0], unit.locator, unit.stamp)
        holders[holders.index(gone[0])] = unit.locator
    else:
        message = f"same content as {others[0]}; skipped (remove one of the two copies)"
        report.warnings.append(Issue(unit.name, 0, message, "warning"))
    report.unchanged += 1
    return True


def is_bundled_file(locator: str) -> bool:
    """A file of the bundled sample (this install's, or an older install's that is gone)."""
    path = Path(locator)
    if path.parent == sample_dir():
        return True
    parent = path.parent
    return parent.name == "sample" and parent.parent.name == "paperterm" and not path.exists()


def _store_one(
    conn: sqlite3.Connection,
    unit: Unit,
    fetched: Fetched | OSError,
    known: tuple[str, str] | None,
    report: SyncReport,
    marked: bool = False,
) -> None:
    if isinstance(fetched, OSError):
        report.errors.append(Issue(unit.name, 0, f"cannot read: {fetched.strerror or fetched}"))
        report.failed_units += 1
        return
    result = fetched.result
    report.errors += [i for i in result.issues if i.severity == "error"]
    report.warnings += [i for i in result.issues if i.severity != "error"]
    if result.failed:
        report.failed_units += 1
        if not result.digests:
            return  # keep whatever this unit gave before
    clean = not result.failed
    if known and clean and fetched.sha256 == known[1]:
        touch_origin(conn, unit.locator, unit.stamp)
        report.unchanged += 1
        return
    conn.execute("SAVEPOINT unit")
    try:
        parsed = isinstance(fetched, Parsed)  # its links were found in a worker: all of them
        with known_links(fetched.links if parsed else {}, complete=parsed):
            counts = replace_origin(
                conn,
                kind=unit.kind,
                locator=unit.locator,
                stamp=unit.stamp if clean else "",
                sha256=fetched.sha256 if clean else "",
                digests=result.digests,
                indexed=marked,
            )
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK TO unit")
        conn.execute("RELEASE unit")
        report.errors.append(Issue(unit.name, 0, f"could not store: {exc}"))
        report.failed_units += 1
        return
    conn.execute("RELEASE unit")
    report.digests += counts.digests
    report.appearances += counts.appearances
    report.new_papers += counts.new_papers
    report.papers |= counts.paper_ids
