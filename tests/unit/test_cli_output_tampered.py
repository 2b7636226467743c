"""Defence in depth: a tampered store's raw escape codes and markup never reach the output.

Rows are written straight into every table with sqlite3 (as an older version, another tool or
an attacker could), then every command that prints user data runs as a real subprocess: the
bytes on stdout and stderr, and the files written, hold no control sequence, and markup shows
literally.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_fixtures import load_make

make = load_make()
KEY = "00c0ffee00c0ffee"
OSC = f"\x1b]52;c;{make.OSC52_BODY}\x07"
LIST = f"Evil {OSC}list \x1b[31m[bold]red[/bold]\u202e"
MARKUP = "[bold]loud[/bold]"


def run(store: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "paperterm", "--store", str(store), *args],
        capture_output=True,
        env=env,
        timeout=60,
    )


def scan(data: bytes, *, text: bool = True) -> list[str]:
    # CSV ends its rows with CRLF (RFC 4180); any other CR is a finding.
    return make.scan_output(data.replace(b"\r\n", b"\n"), text=text)


def assert_clean(proc: subprocess.CompletedProcess[bytes], *, text: bool = True) -> None:
    assert scan(proc.stdout, text=text) == [], proc.stdout[:400]
    assert scan(proc.stderr, text=text) == [], proc.stderr[:400]


@pytest.fixture(scope="module")
def tampered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("tampered") / "raw.db"
    assert run(store, "lists").returncode == 0  # creates the schema
    title = f"Tampered {OSC}Title \x1b[6n\u009b31m {MARKUP} \x1b]8;;{make.OSC8_URL}\x07x"
    stamp = f"2026-03-14T10:00:00+00:00\x1b[2J{OSC}"
    with sqlite3.connect(store) as conn:
        conn.execute(
            "INSERT INTO papers (key, title, abstract, authors, arxiv_id, first_seen,"
            " last_seen, seen) VALUES (?, ?, ?, ?, ?, '2026-03-14', '2026-03-14', 1)",
            (
                KEY,
                title,
                f"Abstract \x1b]0;{make.WINDOW_TITLE}\x07 {MARKUP}",
                json.dumps([f"Ann \x1b[2J{OSC}", f"Bob {MARKUP}\u202e"]),
                "2401.00001\x1b[6n",
            ),
        )
        conn.executemany(
            "INSERT INTO lists (id, name, created_at) VALUES (?, ?, ?)",
            [(1, LIST, stamp), (2, "Reading list", stamp)],
        )
        conn.executemany(
            "INSERT INTO list_items (list_id, paper_key, position, added_at) VALUES (?, ?, 0, ?)",
            [(1, KEY, stamp), (2, KEY, stamp)],
        )
        conn.execute(
            "INSERT INTO notes (paper_key, body, created_at, updated_at) VALUES (?, ?, ?, ?)",
            (KEY, f"Note {OSC}body\n\x1b[31m{MARKUP}\x1b[0m \x9b6n", stamp, stamp),
        )
        conn.execute("INSERT INTO read_state (paper_key, read_at) VALUES (?, ?)", (KEY, stamp))
    return store


@pytest.mark.parametrize(
    "args",
    [
        ["lists"],
        ["list", LIST],
        ["list"],
        ["show", KEY],
        ["note", KEY, "--show"],
        ["export", "--format", "md"],
        ["export", "--format", "csv"],
        ["export", "--format", "bib"],
        ["export", "--format", "md", "--all"],
        ["export", "--format", "csv", "--all"],
        ["search", "tampered"],
        ["read", KEY, "--unread"],
        ["read", KEY],
        ["bookmark", KEY, "--list", "Plain"],
        ["bookmark", KEY, "--list", "Plain", "--remove"],
        ["move", KEY, "--down"],
        ["move", KEY, "--to", LIST],
        ["lists", "delete", "Nope"],
    ],
    ids=lambda a: " ".join(x[:12] for x in a),
)
def test_every_printed_field_is_clean(tampered: Path, args: list[str]) -> None:
    proc = run(tampered, *args)
    assert proc.returncode in (0, 1), proc.stderr
    assert_clean(proc)
    assert b"Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["lists", "--json"],
        ["list", "--json"],
        ["show", KEY, "--json"],
        ["export", "-f", "json"],
    ],
)
def test_json_output_holds_no_raw_control_byte(tampered: Path, args: list[str]) -> None:
    proc = run(tampered, *args)
    assert proc.returncode == 0, proc.stderr
    assert_clean(proc, text=False)
    json.loads(proc.stdout)


def test_markup_in_user_data_prints_literally(tampered: Path) -> None:
    out = run(tampered, "show", KEY).stdout.decode()
    assert out.count(MARKUP) >= 2  # the title and the note, as typed
    assert "[bold]red[/bold]" in run(tampered, "lists").stdout.decode()


@pytest.mark.parametrize("fmt", ["md", "csv", "bib"])
def test_exported_files_are_clean(tampered: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    proc = run(tampered, "export", "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    assert_clean(proc)
    assert scan(target.read_bytes()) == []
