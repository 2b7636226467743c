"""Bringing the discovery index file up to date in a child process, for the reader.

A rebuild is ~40 s of pure Python at 100k papers. In the reader's process it held the GIL
against the UI thread: for that long after a first sync, keystrokes went unanswered for
hundreds of milliseconds. A child process builds and saves the file (atomically), at the
lowest priority (on two cores it shared one with the reader's UI and the terminal); the
reader then loads it, a page-in.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from paperterm.discover import build
from paperterm.discover.build import _matches, update_index
from paperterm.discover.cache import index_file, load
from paperterm.store import Store

MANY_NEW = 2000  # papers added since the file was written: extended in a child too


def long_work(store: Store) -> bool:
    """True when bringing the file up to date means a rebuild or a long extension."""
    with build._lock:
        remembered = build._memo.get(store.path.resolve())
    if remembered is not None and remembered[0] == build.papers_signature(store):
        return False  # the index in memory is current: nothing to do
    loaded = load(index_file(store.path))
    if loaded is None or not _matches(store.conn, loaded[1]):
        return True
    sql = "SELECT count(*) FROM papers WHERE id > ?"
    added = store.conn.execute(sql, (int(loaded[1]["max_id"]),)).fetchone()[0]
    if not added:  # current: kept, so the caller's update does not load and check it again
        build.remember(store, loaded[0])
    return added > MANY_NEW


def update_elsewhere(store: Store, timeout: float = 3600.0) -> bool:
    """Update the file in a child process when that is long work; True when a child did it.

    On any failure the caller's own update (in process) still does the work.
    """
    if not long_work(store):
        return False
    command = [sys.executable, "-m", "paperterm.discover.elsewhere", str(store.path)]
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # the reader owns the terminal
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


if __name__ == "__main__":
    os.nice(19)  # a reader waits for this, and its keystrokes must not
    update_index(Store(Path(sys.argv[1])))
