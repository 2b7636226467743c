"""The CLI over a store synced from the hostile folder: no payload reaches stdout or stderr.

Every command runs as a real subprocess writing to pipes; the raw bytes are searched for ESC,
BEL, C1 controls (as UTF-8 or as stray bytes), bidi controls and the injected payloads, and
markup in titles must come out literally.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_fixtures import HOSTILE, load_make

from paperterm.text import paper_key

make = load_make()
EVIL_NAME = f"evil\x1b]52;c;{make.OSC52_BODY}\x07\u009b6n\u202eemanelif.txt"


def run(store: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "paperterm", "--store", str(store), *args],
        capture_output=True,
        env=env,
        timeout=60,
    )


def assert_clean(proc: subprocess.CompletedProcess[bytes], *, text: bool = True) -> None:
    assert make.scan_output(proc.stdout, text=text) == [], proc.stdout[:500]
    assert make.scan_output(proc.stderr, text=text) == [], proc.stderr[:500]


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("cli")
    folder = root / "digests"
    folder.mkdir()
    for path in HOSTILE.glob("*.txt"):
        shutil.copyfile(path, folder / path.name)
    (folder / EVIL_NAME).write_bytes(b"no date in this file\n")
    store = root / "store.db"
    proc = run(store, "sync", str(folder))
    return store, proc


def test_sync_output_is_clean_and_names_each_broken_file(synced) -> None:
    _store, proc = synced
    assert proc.returncode == 1
    assert_clean(proc)
    err = proc.stderr.decode()
    # (18_empty.txt is a warning now, one of many: the first 20 warnings are shown)
    assert "19_header_only.txt:1: no date line" in err
    assert "26_bad_date.txt:9: not a valid date" in err
    # The hostile file name is shown, sanitized, with its line.
    assert "evilemanelif.txt:1: no date line" in err
    assert b"papers" in proc.stdout  # the summary line


def test_search_prints_titles_with_markup_shown_literally(synced) -> None:
    store, _ = synced
    proc = run(store, "search", "--limit", "200")
    assert proc.returncode == 0
    assert_clean(proc)
    out = proc.stdout.decode()
    assert make.MARKUP_TITLE in out
    assert make.UNBALANCED_TITLE in out
    assert "Red Alert: Colour Codes in Titles" in out
    assert "Access Level resU Granted" in out


@pytest.mark.parametrize("query", ["clipboard", "bold claims", "[bold]", "\x1b[6n osc"])
def test_search_queries_stay_clean(synced, query: str) -> None:
    store, _ = synced
    proc = run(store, "search", query)
    assert proc.returncode in (0, 2)
    assert_clean(proc)


def test_search_json_holds_clean_titles_and_round_trips(synced) -> None:
    store, _ = synced
    proc = run(store, "search", "--limit", "200", "--json")
    assert proc.returncode == 0
    assert_clean(proc)
    hits = json.loads(proc.stdout)
    titles = {h["title"] for h in hits}
    assert make.MARKUP_TITLE in titles
    assert "Braces } Unbalanced { in BibTeX %comment" in titles
    for hit in hits:
        assert make.scan_output((hit["title"] + hit["abstract"]).encode()) == []


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        (make.MARKUP_TITLE, ["Markup [red]inside[/red] an abstract, [@click=app.bell]ring[/]"]),
        (make.UNBALANCED_TITLE, ["Closing [/italic] without opening"]),
        ("Clipboard Hijack via OSC 52", ["A string-terminated form  and the primary"]),
        ("Device Status Report and Attributes Queries", ["DECRQSS  and , window title"]),
        ("C1 Query and Clipboard", ["DCS , CSI colour red, APC , PM"]),
        ("Access Level resU Granted", ["Isolates left right first"]),
        ("<script>alert(1)</script> HTML in Titles", ["@misc{evil, title={pwned}}"]),
    ],
)
def test_show_prints_the_paper_literally_and_nothing_else(
    synced, title: str, shown: list[str]
) -> None:
    store, _ = synced
    proc = run(store, "show", paper_key(title))
    assert proc.returncode == 0, proc.stderr
    assert_clean(proc)
    out = " ".join(proc.stdout.decode().split())
    assert title in out
    for text in shown:
        assert " ".join(text.split()) in out


def test_show_json_and_stats_are_clean(synced) -> None:
    store, _ = synced
    proc = run(store, "show", paper_key(make.MARKUP_TITLE), "--json")
    assert_clean(proc)
    assert json.loads(proc.stdout)["title"] == make.MARKUP_TITLE
    for args in (["stats"], ["stats", "--json"]):
        proc = run(store, *args)
        assert proc.returncode == 0
        assert_clean(proc)
    figures = json.loads(proc.stdout)
    assert figures["papers"] > 40


def test_error_messages_echo_hostile_arguments_sanitized(synced) -> None:
    store, _ = synced
    proc = run(store, "show", f"\x1b]52;c;{make.OSC52_BODY}\x07\u009b6n")
    assert proc.returncode != 0
    assert_clean(proc)
    assert b"no paper with key" in proc.stderr


def test_render_side_sanitizes_rows_that_bypassed_ingest(tmp_path: Path) -> None:
    # Text is cleaned again at render: a row written by an older version or another tool,
    # holding raw escape codes, still prints clean.
    import sqlite3

    store = tmp_path / "raw.db"
    assert run(store, "lists").returncode == 0  # creates the schema (stats only reads)
    title = f"Raw \x1b]52;c;{make.OSC52_BODY}\x07Row \x1b[6n\u009b31m\u202eTitle [@click=app.quit]x"
    abstract = (
        f"Abstract \x1b]8;;{make.OSC8_URL}\x07link\x1b]8;;\x07 \x1b]0;{make.WINDOW_TITLE}\x07"
    )
    authors = json.dumps([f"Ann \x1b[2J\x1b]0;{make.WINDOW_TITLE}\x07", "Bob\u202e"])
    with sqlite3.connect(store) as conn:
        conn.execute(
            "INSERT INTO papers (key, title, abstract, authors, arxiv_id, github, project_page,"
            " first_seen, last_seen, seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            (
                "00c0ffee00c0ffee",
                title,
                abstract,
                authors,
                "2401.00001\x1b[6n",
                "javascript:alert(1)\x1b]8;;x\x07",
                f"https://ok.invalid/\x1b]52;c;{make.OSC52_BODY}\x07",
                "2025-03-14",
                "2025-03-14",
            ),
        )
    for args in (
        ["search", "--limit", "50"],
        ["search", "raw row"],
        ["search", "--json"],
        ["show", "00c0ffee"],
        ["show", "00c0ffee", "--json"],
    ):
        proc = run(store, *args)
        assert proc.returncode == 0, (args, proc.stderr)
        # JSON keeps values exact (escaped, so no raw control byte); people get clean text.
        assert_clean(proc, text="--json" not in args)
    proc = run(store, "show", "00c0ffee")
    assert "[@click=app.quit]x" in proc.stdout.decode()
