"""Sync orchestration: units -> parse -> store, progress by callback.

Each unit is stored whole or not at all (a savepoint per unit); units are committed in
short batches so a cold sync of thousands of files is fast while other processes (the
reader writing a bookmark) wait at most a fraction of a second for the write lock.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from paperterm.models import Issue
from paperterm.store import Store
from paperterm.store.ingest import index_pending, known_origins, replace_origin, touch_origin
from paperterm.sync.units import Fetched, Unit

BATCH_SECONDS = 0.25
# Below this many units to read, a process pool costs more than it saves.
POOL_THRESHOLD = 64


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
            f"{self.digests} digest{'s' * (self.digests != 1)} · {len(self.papers)} papers"
            f" ({self.new_papers} new) · {self.appearances} appearances"
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


def _fetch(unit: Unit) -> Fetched | OSError:
    try:
        return unit.fetch()
    except OSError as exc:
        return exc


def _picklable(unit: Unit) -> bool:
    try:
        pickle.dumps(unit.fetch)
    except Exception:
        return False
    return True


def _use_pool(units: list[Unit]) -> bool:
    return len(units) >= POOL_THRESHOLD and (os.cpu_count() or 1) > 1 and _picklable(units[0])


def _fetch_all(units: list[Unit], pooled: bool) -> Iterator[Fetched | OSError]:
    """Each unit's content, in order; parsed on every core when there are many files."""
    if not pooled:
        yield from map(_fetch, units)
        return
    with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, 8)) as pool:
        yield from pool.map(_fetch, units, chunksize=16)


def sync_units(
    store: Store,
    units: Iterable[Unit],
    *,
    source: str = "files",
    progress: ProgressCallback | None = None,
) -> SyncReport:
    """Sync each unit into the store. A unit that fails leaves the store as it was for it."""
    todo = list(units)
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
    # Pooled units are parsed ahead, so a batch never waits on slow I/O; a unit fetched
    # here (a network day, a message) is committed on its own so the lock is not held.
    pooled = _use_pool(fresh)
    batch_seconds = BATCH_SECONDS if pooled else 0.0
    batch_started: float | None = None
    try:
        for unit, fetched in zip(fresh, _fetch_all(fresh, pooled), strict=True):
            if batch_started is None:
                conn.execute("BEGIN IMMEDIATE")
                batch_started = time.monotonic()
            _store_one(conn, unit, fetched, known.get(unit.locator), report)
            done += 1
            if time.monotonic() - batch_started >= batch_seconds:
                index_pending(conn)
                conn.execute("COMMIT")
                batch_started = None
            if progress:
                progress(SyncProgress(source, done, len(todo), unit.name, report))
        if batch_started is not None:
            index_pending(conn)
            conn.execute("COMMIT")
            batch_started = None
    finally:
        if batch_started is not None:
            conn.execute("ROLLBACK")
    return report


def _store_one(
    conn: sqlite3.Connection,
    unit: Unit,
    fetched: Fetched | OSError,
    known: tuple[str, str] | None,
    report: SyncReport,
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
        counts = replace_origin(
            conn,
            kind=unit.kind,
            locator=unit.locator,
            stamp=unit.stamp if clean else "",
            sha256=fetched.sha256 if clean else "",
            digests=result.digests,
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
