"""A `paperterm sync` killed with SIGKILL at random moments: whole digests, user data intact."""

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

from paperterm.bookmarks import Bookmarks
from paperterm.store import Store
from paperterm.store.maintenance import integrity_problems
from paperterm.sync.engine import WARNINGS_EXIT
from paperterm.text import paper_key

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX signals"),
]

GEN_DIGESTS = Path(__file__).resolve().parents[3] / "shared" / "tools" / "gen_digests.py"
PAPERS = 5000
KILLS = 20
HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
    "byAK and the research community\n\n"
)
SYNCED = (0, WARNINGS_EXIT)  # the generated corpus repeats titles in a digest: warnings
USER_TABLES = {
    "lists": "SELECT id, name, created_at FROM lists ORDER BY id",
    "list_items": "SELECT * FROM list_items ORDER BY list_id, position",
    "notes": "SELECT * FROM notes ORDER BY paper_key",
    "read_state": "SELECT * FROM read_state ORDER BY paper_key",
}


def make_corpus(folder: Path, papers: int) -> None:
    """The team's synthetic corpus (shared/tools/gen_digests.py), or a small stand-in."""
    if GEN_DIGESTS.exists():
        subprocess.run(
            [sys.executable, str(GEN_DIGESTS), str(folder), str(papers)],
            check=True,
            capture_output=True,
        )
        return
    rnd = random.Random(papers)
    words = [
        "kernel",
        "diffusion",
        "sparse",
        "attention",
        "graph",
        "model",
        "robust",
        "token",
        "vision",
        "learning",
    ]
    folder.mkdir(parents=True)
    for day in range(papers // 50):
        entries = []
        for i in range(50):
            title = " ".join(rnd.choice(words) for _ in range(8)).capitalize() + f" {day}-{i}"
            entries.append((title, " ".join(rnd.choice(words) for _ in range(120)) + "."))
        write_digest(folder / f"digest-{day:06d}.txt", f"Jan {day % 28 + 1}", entries)


def read_digest(path: Path) -> tuple[str, list[tuple[str, str]]]:
    """(date line, [(title, abstract)]) of a file in the generator's layout."""
    parts = path.read_text(encoding="utf-8").strip("\n").split("\n\n")
    assert len(parts) % 2 == 1 and len(parts) >= 5
    return parts[4], list(zip(parts[5::2], parts[6::2], strict=True))


def distinct(entries: list[tuple[str, str]]) -> int:
    """Appearances a digest gives: a title repeated inside one digest counts once."""
    return len({paper_key(title) for title, _ in entries})


def write_digest(path: Path, date: str, entries: list[tuple[str, str]]) -> str:
    body = "\n\n".join(f"{t}\n\n{a}" for t, a in entries)
    data = (HEADER + date + "\n\n" + body + "\n").encode("utf-8")
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def user_rows(store: Store) -> dict[str, list[tuple]]:
    return {name: store.conn.execute(sql).fetchall() for name, sql in USER_TABLES.items()}


# The real `paperterm sync`, with short batches: a kill then lands between two commits of
# a corpus a test can afford, however fast the machine stores it.
SYNC = (
    "import sys; from paperterm.sync import engine; engine.BATCH_SECONDS = 0.02; "
    "engine.COLD_BATCH_SECONDS = 0.05; from paperterm.cli import main; sys.exit(main(sys.argv[1:]))"
)


def sync_args(store_path: Path, corpus: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        SYNC,
        "--store",
        str(store_path),
        "sync",
        "-q",
        str(corpus),
    ]


def unsynced(store: Store, corpus: Path) -> int:
    """How many files on disk are not stored in their current version."""
    current = {hashlib.sha256(p.read_bytes()).hexdigest() for p in corpus.iterdir()}
    stored = {sha for (sha,) in store.conn.execute("SELECT sha256 FROM origins")}
    return len(current - stored)


def start_sync(store_path: Path, corpus: Path) -> subprocess.Popen:
    return start_group(sync_args(store_path, corpus))


def start_group(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill reaches parser workers too
    )


def check_whole_digests(store: Store, entries_of: dict[str, int]) -> int:
    """Every stored origin holds exactly the entries of one version of its file."""
    rows = store.conn.execute(
        "SELECT o.locator, o.sha256, count(DISTINCT d.id), count(a.position)"
        " FROM origins o LEFT JOIN digests d ON d.origin_id = o.id"
        " LEFT JOIN appearances a ON a.digest_id = d.id GROUP BY o.id"
    ).fetchall()
    for locator, sha, digests, appearances in rows:
        assert sha in entries_of, f"{locator}: stored from content never written"
        assert digests == 1, locator
        assert appearances == entries_of[sha], f"{locator}: a partial digest was stored"
    return len(rows)


def mutate(corpus: Path, rnd: random.Random, round_no: int, entries_of: dict[str, int]) -> None:
    """Rewrite a third of the files: drop some papers, add new ones, reorder."""
    files = sorted(corpus.iterdir())
    for n, path in enumerate(rnd.sample(files, len(files) // 3)):
        date, entries = read_digest(path)
        for _ in range(rnd.randint(1, 4)):
            if len(entries) > 5:
                entries.pop(rnd.randrange(len(entries)))
        for extra in range(rnd.randint(1, 4)):
            title = f"Kill round {round_no} file {n} paper {extra} on robust storage"
            entries.insert(rnd.randrange(len(entries) + 1), (title, f"Abstract {title}."))
        entries_of[write_digest(path, date, entries)] = distinct(entries)
        stamp = time.time_ns() + round_no * 10**9
        os.utime(path, ns=(stamp, stamp))


def test_sigkill_during_sync_loses_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, PAPERS)
    entries_of = {}
    for path in corpus.iterdir():
        entries_of[hashlib.sha256(path.read_bytes()).hexdigest()] = distinct(read_digest(path)[1])
    store_path = tmp_path / "store.db"
    store = Store(store_path)
    rnd = random.Random(8)

    # A first sync, itself killed part way, then user data on what it stored.
    proc = start_sync(store_path, corpus)
    time.sleep(0.6)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    keys = [k for (k,) in store.conn.execute("SELECT key FROM papers ORDER BY id LIMIT 200")]
    if len(keys) < 60:  # the kill came before anything was stored: finish a sync first
        done = subprocess.run(sync_args(store_path, corpus), capture_output=True, text=True)
        assert done.returncode in SYNCED, done.stderr
        keys = [k for (k,) in store.conn.execute("SELECT key FROM papers ORDER BY id LIMIT 200")]
    marks = Bookmarks(store)
    for i, key in enumerate(keys[:60]):
        marks.add_to_list(key, ("Reading list", "Storage", "Later")[i % 3])
        if i % 2:
            marks.set_note(key, f"note {i}\nsecond line")
        if i % 3 == 0:
            marks.set_read(key)
    marks.move_item(keys[3], "Reading list", -1)

    delay = 0.8  # adapted below so most kills land while the sync is still running
    landed = partial = 0
    for round_no in range(KILLS):
        mutate(corpus, rnd, round_no, entries_of)
        marks.set_note(keys[round_no], f"written before kill {round_no}")
        before = user_rows(store)
        pending = unsynced(store, corpus)
        proc = start_sync(store_path, corpus)
        time.sleep(rnd.uniform(0.05, delay))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            landed += 1
        else:
            assert proc.returncode in SYNCED, proc.stderr.read().decode()
            delay *= 0.7  # the sync finished first: kill sooner
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        assert integrity_problems(store.conn) == []
        check_whole_digests(store, entries_of)
        left = unsynced(store, corpus)
        if proc.returncode < 0 and 0 < left < pending:
            partial += 1  # killed between two commits of the same sync
        elif proc.returncode < 0 and left >= pending:
            delay *= 1.3  # killed before its first commit (start-up, parsing): kill later
        assert user_rows(store) == before
        for key in keys[:60]:
            assert store.conn.execute("SELECT 1 FROM papers WHERE key = ?", (key,)).fetchone()
    assert partial >= 1, "no kill landed while a sync was storing files"
    assert landed >= KILLS // 2, f"only {landed} kills hit a running sync"

    # A clean sync reaches the full counts of what is on disk now.
    done = subprocess.run(sync_args(store_path, corpus), capture_output=True, text=True)
    assert done.returncode in SYNCED, done.stderr
    files = sorted(corpus.iterdir())
    assert check_whole_digests(store, entries_of) == len(files)
    current = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    stored = {sha for (sha,) in store.conn.execute("SELECT sha256 FROM origins")}
    assert stored == current
    titles = {paper_key(t) for p in files for t, _ in read_digest(p)[1]}
    referenced = {
        k
        for (k,) in store.conn.execute(
            "SELECT paper_key FROM list_items UNION SELECT paper_key FROM notes"
            " UNION SELECT paper_key FROM read_state"
        )
    }
    papers = {k for (k,) in store.conn.execute("SELECT key FROM papers")}
    assert papers == titles | referenced
    appearances = store.conn.execute("SELECT count(*) FROM appearances").fetchone()[0]
    assert appearances == sum(distinct(read_digest(p)[1]) for p in files)
    assert integrity_problems(store.conn) == []
    store.close()
