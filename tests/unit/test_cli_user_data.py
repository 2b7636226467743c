"""The CLI over the user's data: read --all, show with lists/note/read, true hints, plurals."""

from __future__ import annotations

import argparse
import json
import re

import pytest

from paperterm.bookmarks import Bookmarks
from paperterm.cli import build_parser, main
from paperterm.store import iter_papers

MAR_14 = (
    "SELECT DISTINCT p.key FROM papers p JOIN appearances a ON a.paper_id = p.id"
    " JOIN digests d ON d.id = a.digest_id WHERE d.date = '2026-03-14'"
)


@pytest.fixture
def cli(synced_store, capsys):
    """Run ``paperterm --store S ARGS``; returns (status, stdout, stderr with wraps undone)."""

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["--store", str(synced_store.path), *args])
        captured = capsys.readouterr()
        return status, " ".join(captured.out.split()), " ".join(captured.err.split())

    return run


def test_read_all_marks_exactly_one_digests_papers(cli, synced_store):
    day = {k for (k,) in synced_store.conn.execute(MAR_14)}
    status, out, _ = cli("read", "date:2026-03-14", "--all")
    assert status == 0 and out == f"Marked {len(day)} papers read."
    assert Bookmarks(synced_store).read_keys() == day and len(day) == 58
    status, out, _ = cli("read", "date:2026-03-14", "--all")
    assert out == "Marked 0 papers read (58 were read already)."
    status, out, _ = cli("read", "date:2026-03-14", "--all", "--unread")
    assert status == 0 and out == "Marked 58 papers unread."
    assert Bookmarks(synced_store).read_keys() == set()


def test_read_all_takes_the_full_result_not_the_first_page(cli, synced_store):
    status, out, _ = cli("read", "", "--all")  # every paper: far more than a page of 20
    total = len(list(iter_papers(synced_store.conn)))
    assert status == 0 and out == f"Marked {total} papers read." and total == 80


def test_read_all_of_one_match_says_one_paper(cli, synced_store):
    paper = next(iter(iter_papers(synced_store.conn)))
    status, out, _ = cli("read", paper.key, "--all")
    assert status == 0 and out == "Marked 1 paper read."


def test_read_of_an_ambiguous_query_changes_nothing_and_hints_all(cli, synced_store):
    status, out, err = cli("read", "kernel")
    assert status == 1 and out == ""
    assert "papers match" in err and "--all" in err
    assert Bookmarks(synced_store).read_keys() == set()


def _commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _assert_hint_true(command: str, err: str) -> None:
    commands = _commands()
    for hint in re.findall(r"Next: (.*)", err):
        for name in re.findall(r"paperterm (\w+)", hint):
            assert name in commands, (name, hint)
        flags = {f for a in commands[command]._actions for f in a.option_strings}
        for flag in re.findall(r"(?<![\w-])--[a-z][\w-]*", hint):
            assert flag in flags, (command, flag, hint)


@pytest.mark.parametrize(
    "args",
    [
        ("read", "kernel"),
        ("bookmark", "kernel"),
        ("move", "kernel", "--up"),
        ("note", "kernel", "--show"),
        ("read", "zqxjvkw"),
        ("bookmark", "ffffffffffffffff"),
        ("list", "No such list"),
        ("lists", "rename", "No such list", "x"),
        ("export", "--list", "No such list"),
    ],
)
def test_every_hint_names_a_command_and_flags_that_exist(cli, args):
    status, _, err = cli(*args)
    assert status == 1 and "Next:" in err
    _assert_hint_true(args[0], err)


def test_move_to_a_missing_list_hint_names_create(cli, synced_store):
    key = next(iter(iter_papers(synced_store.conn))).key
    cli("bookmark", key)
    status, _, err = cli("move", key, "--to", "Elsewhere")
    assert status == 1 and "--create" in err
    _assert_hint_true("move", err)


def test_show_includes_lists_note_and_read_state(cli, synced_store):
    key = next(iter(iter_papers(synced_store.conn))).key
    status, out, _ = cli("show", key)
    assert status == 0 and "unread · in no list" in out
    cli("bookmark", key, "--list", "Later")
    cli("note", key, "--set", "check the proofs")
    cli("read", key)
    marks = Bookmarks(synced_store)
    status, out, _ = cli("show", key)
    assert f"read {marks.read_at(key)} · Later" in out and "check the proofs" in out
    status, out, _ = cli("show", key, "--json")
    data = json.loads(out)
    assert data["lists"] == ["Later"] and data["read"] is True
    assert data["read_at"] == marks.read_at(key) and data["note"]["body"] == "check the proofs"


def test_counts_of_one_are_singular(cli, synced_store):
    key = next(iter(iter_papers(synced_store.conn))).key
    cli("bookmark", key, "--list", "Solo")
    status, out, _ = cli("list", "Solo")
    assert "1 paper ·" in out and "1 papers" not in out
    status, out, _ = cli("lists", "delete", "Solo", "--force")
    assert "(it held 1 paper)" in out


def test_sync_and_rebuild_of_one_paper_are_singular(tmp_path, capsys):
    digest = tmp_path / "one.txt"
    digest.write_text(
        "Mar 14, 2026\n\nA Single Paper On Counting\n\n"
        "We count one thing carefully and report what we found about it in detail.\n"
    )
    store = str(tmp_path / "one.db")
    assert main(["--store", store, "sync", str(digest)]) == 0
    out = capsys.readouterr().out
    assert "1 digest · 1 paper (1 new) · 1 appearance · 0 errors" in " ".join(out.split())
    assert main(["--store", store, "rebuild"]) == 0
    assert "Rebuilt the index of 1 paper in" in capsys.readouterr().out
