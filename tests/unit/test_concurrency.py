"""Two processes at once: user writes during a `paperterm sync`, and two syncs together."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from paperterm.bookmarks import Bookmarks
from paperterm.store import Store, iter_papers
from paperterm.store.maintenance import integrity_problems
from paperterm.sync import sync_paths
from paperterm.sync.engine import WARNINGS_EXIT
from paperterm.sync.lock import LOCKED_EXIT

pytestmark = pytest.mark.slow

GEN_DIGESTS = Path(__file__).resolve().parents[3] / "shared" / "tools" / "gen_digests.py"
PAPERS = 12_000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "digests"
    if GEN_DIGESTS.exists():
        subprocess.run(
            [sys.executable, str(GEN_DIGESTS), str(folder), str(PAPERS)],
            check=True,
            capture_output=True,
        )
    else:  # the stand-in generator of the kill test
        from test_kill_sync import make_corpus

        make_corpus(folder, PAPERS)
    return folder


def sync_command(store_path: Path, corpus: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "paperterm",
        "--store",
        str(store_path),
        "sync",
        "-q",
        str(corpus),
    ]


def counts(store: Store) -> tuple[int, int]:
    one = lambda sql: store.conn.execute(sql).fetchone()[0]  # noqa: E731
    return one("SELECT count(*) FROM digests"), one("SELECT count(*) FROM appearances")


def test_user_writes_during_a_sync_are_never_refused_or_lost(tmp_path, corpus, digests_dir):
    store = Store(tmp_path / "store.db")
    assert sync_paths(store, [digests_dir]).ok
    keys = [p.key for p in iter_papers(store.conn)]
    marks = Bookmarks(store)
    expected_lists: dict[str, list[str]] = {"Reading list": [], "Busy": []}
    expected_notes: dict[str, str] = {}
    expected_read: set[str] = set()
    slowest = 0.0
    writes = 0

    proc = subprocess.Popen(
        sync_command(store.path, corpus), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        i = 0
        while proc.poll() is None or i < 50:
            key = keys[i % len(keys)]
            started = time.monotonic()
            if marks.toggle_bookmark(key):
                expected_lists["Reading list"].append(key)
            else:
                expected_lists["Reading list"].remove(key)
            marks.set_note(key, f"note {i} on {key}\nwritten during the sync")
            expected_notes[key] = f"note {i} on {key}\nwritten during the sync"
            if marks.toggle_read(key):
                expected_read.add(key)
            else:
                expected_read.discard(key)
            if marks.add_to_list(keys[(i * 7) % len(keys)], "Busy"):
                expected_lists["Busy"].append(keys[(i * 7) % len(keys)])
            slowest = max(slowest, time.monotonic() - started)
            writes += 4
            i += 1
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode in (0, WARNINGS_EXIT), stderr.decode()  # the corpus repeats titles
    assert b"locked" not in stderr
    assert writes >= 200
    # Nothing lost: the store holds exactly what the loop wrote, and the whole corpus.
    assert marks.list_keys("Reading list") == expected_lists["Reading list"]
    assert marks.list_keys("Busy") == expected_lists["Busy"]
    assert {k: marks.note(k).body for k in marks.note_keys()} == expected_notes
    assert marks.read_keys() == expected_read
    files = list(corpus.iterdir())
    assert counts(store)[0] == len(files) + 2
    assert integrity_problems(store.conn) == []
    assert slowest < 10, f"a bookmark waited {slowest:.1f} s for the sync"
    store.close()


@pytest.mark.parametrize("fresh", [True, False], ids=["new-store", "existing-store"])
def test_two_syncs_at_once_never_report_a_locked_database(tmp_path, corpus, digests_dir, fresh):
    store_path = tmp_path / "store.db"
    if not fresh:
        with Store(store_path) as store:
            assert sync_paths(store, [digests_dir]).ok
    command = sync_command(store_path, corpus)
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    results = []
    for proc in (first, second):
        out, err = proc.communicate(timeout=180)
        results.append((proc.returncode, err.decode()))
    for status, err in results:
        assert "database is locked" not in err
        assert status in (0, WARNINGS_EXIT, LOCKED_EXIT), err
        if status == LOCKED_EXIT:
            assert "Another sync is running" in " ".join(err.split())
    assert {0, WARNINGS_EXIT} & {status for status, _ in results}
    with Store(store_path) as store:
        digests, appearances = counts(store)
        assert digests == len(list(corpus.iterdir())) + (0 if fresh else 2)
        assert integrity_problems(store.conn) == []
