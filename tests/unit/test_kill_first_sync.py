"""A first sync (indexes and change log left for its end) killed with SIGKILL at any moment."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_kill_sync import (
    SYNCED,
    check_whole_digests,
    distinct,
    make_corpus,
    read_digest,
    start_group,
)

from paperterm.bookmarks import Bookmarks
from paperterm.store import Store
from paperterm.store.changes import store_key
from paperterm.store.deferred import FTS_TRIGGERS, INDEXES, TRIGGERS, build_pending
from paperterm.store.maintenance import integrity_problems
from paperterm.text import paper_key

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX signals"),
]

PAPERS = 8000
ROUNDS = 8
# The real `paperterm sync`, with short batches so that a kill lands between commits of a
# corpus a test can afford (a first sync commits every 2 s otherwise).
SYNC = (
    "import sys; from paperterm.sync import engine; engine.COLD_BATCH_SECONDS = 0.05; "
    "from paperterm.cli import main; sys.exit(main(sys.argv[1:]))"
)


def sync_args(store_path: Path, corpus: Path) -> list[str]:
    return [sys.executable, "-c", SYNC, "--store", str(store_path), "sync", "-q", str(corpus)]


def start_sync(store_path: Path, corpus: Path) -> subprocess.Popen:
    return start_group(sync_args(store_path, corpus))


def schema_names(store: Store) -> set[str]:
    rows = store.conn.execute("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")
    return {name for (name,) in rows}


def searchable(store: Store) -> None:
    """Full text agrees with the papers: a word of a stored abstract finds that paper."""
    count = store.conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    in_fts = store.conn.execute("SELECT count(*) FROM papers_fts_docsize").fetchone()[0]
    assert in_fts == count
    assert store.conn.execute("SELECT count(*) FROM papers WHERE indexed = 0").fetchone()[0] == 0
    row = store.conn.execute("SELECT id, abstract FROM papers ORDER BY random() LIMIT 1").fetchone()
    if row:
        word = max(row[1].split(), key=len).strip(".,;:()\"'")
        hits = store.conn.execute(
            "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?", (f'"{word}"',)
        )
        assert row[0] in {rowid for (rowid,) in hits}


def test_a_killed_first_sync_leaves_a_whole_store_the_next_sync_finishes(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, PAPERS)
    files = sorted(corpus.iterdir())
    entries_of = {
        hashlib.sha256(p.read_bytes()).hexdigest(): distinct(read_digest(p)[1]) for p in files
    }
    titles = {paper_key(t) for p in files for t, _ in read_digest(p)[1]}
    rnd = random.Random(17)
    delay = 2.0  # adapted so kills land over the whole sync, its last write included
    partial = 0
    for round_no in range(ROUNDS):
        store_path = tmp_path / f"store{round_no}.db"
        proc = start_sync(store_path, corpus)
        time.sleep(rnd.uniform(delay / 3, delay))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            delay *= 0.7
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        if proc.returncode >= 0:
            assert proc.returncode in SYNCED
        if not store_path.exists():
            delay *= 1.3  # killed before the store was made
            continue
        store = Store(store_path)  # opens: no write is needed to read it
        assert integrity_problems(store.conn) == []
        stored = check_whole_digests(store, entries_of)
        partial += 0 < stored < len(files)
        if not stored:
            delay *= 1.3  # killed while starting or parsing: kill later
        searchable(store)
        pending = build_pending(store.conn)
        if pending:
            assert not set(INDEXES) & schema_names(store)
        epoch = store_key(store.conn)["epoch"]
        if round_no % 2:  # the reader's first write finishes the build
            Bookmarks(store).create_list("later")
            assert not build_pending(store.conn)
        done = subprocess.run(sync_args(store_path, corpus), capture_output=True, text=True)
        assert done.returncode in SYNCED, done.stderr
        assert not build_pending(store.conn)
        assert set(INDEXES) | set(TRIGGERS) | set(FTS_TRIGGERS) <= schema_names(store)
        assert check_whole_digests(store, entries_of) == len(files)
        assert {k for (k,) in store.conn.execute("SELECT key FROM papers")} == titles
        searchable(store)
        assert integrity_problems(store.conn) == []
        if pending:  # the change log missed the first sync's papers: caches start over
            assert store_key(store.conn)["epoch"] != epoch
        store.close()
    assert partial >= 1, "no kill landed while the first sync was storing files"
