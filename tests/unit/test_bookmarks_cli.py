"""The bookmark CLI: lists, list, bookmark, move, note, read; clear messages, exit statuses."""

from __future__ import annotations

import io
import json
import sys

import pytest

from paperterm.bookmarks import DEFAULT_LIST, Bookmarks
from paperterm.cli import main
from paperterm.store import iter_papers

TITLE = "Efficiently Computing Similarities to Private Datasets"


@pytest.fixture
def cli(synced_store, capsys):
    """Run ``paperterm --store S ARGS``; returns (status, stdout, stderr with wraps undone)."""

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["--store", str(synced_store.path), *args])
        captured = capsys.readouterr()
        return status, captured.out, " ".join(captured.err.split())

    return run


@pytest.fixture
def papers(synced_store):
    return list(iter_papers(synced_store.conn))


def test_bookmark_by_key_prefix_and_remove(cli, papers, synced_store):
    key = papers[0].key
    status, out, _ = cli("bookmark", key[:8])
    assert status == 0 and "Added to Reading list" in out
    status, out, _ = cli("bookmark", key[:8])
    assert status == 0 and "Already in" in out
    assert Bookmarks(synced_store).list_keys(DEFAULT_LIST) == [key]
    status, out, _ = cli("bookmark", key, "--remove")
    assert status == 0 and "Removed from Reading list" in out
    assert Bookmarks(synced_store).bookmarked_keys() == set()


def test_bookmark_by_exact_title_into_a_named_list(cli, synced_store):
    status, out, _ = cli("bookmark", TITLE, "--list", "Privacy")
    assert status == 0 and "Privacy" in out
    (key,) = Bookmarks(synced_store).list_keys("Privacy")
    assert synced_store.conn.execute("SELECT title FROM papers WHERE key = ?", (key,)).fetchone()[
        0
    ] == (TITLE)


def test_ambiguous_query_lists_candidates_and_changes_nothing(cli, synced_store):
    status, out, err = cli("bookmark", "kernel")
    assert status == 1
    assert "papers match" in err and "several papers match" in err and "--all" in err
    assert Bookmarks(synced_store).lists() == []
    status, out, _ = cli("bookmark", "kernel", "--all", "--list", "Kernels")
    assert status == 0 and "Added" in out
    assert len(Bookmarks(synced_store).list_keys("Kernels")) >= 2


def test_unknown_key_or_query_is_a_clear_error(cli, synced_store):
    status, _, err = cli("bookmark", "zqxjvkw")
    assert status == 1 and "no paper matches" in err
    status, _, err = cli("read", "ffffffffffffffff")
    assert status == 1 and "no paper" in err
    assert "Traceback" not in err


def test_lists_management(cli, papers, synced_store):
    assert cli("lists")[1].startswith("No reading lists yet")
    assert cli("lists", "create", "To read")[0] == 0
    status, _, err = cli("lists", "create", "to READ")
    assert status == 1 and "already exists" in err
    cli("bookmark", papers[0].key, "--list", "To read")
    status, out, _ = cli("lists", "--json")
    assert json.loads(out) == [
        {"name": "To read", "count": 1, "created_at": json.loads(out)[0]["created_at"]}
    ]
    assert cli("lists", "rename", "to read", "Later")[0] == 0
    status, _, err = cli("lists", "delete", "Later")
    assert status == 1 and "holds 1 paper" in err and "--force" in err
    assert cli("lists", "delete", "Later", "--force")[0] == 0
    assert Bookmarks(synced_store).lists() == []


def test_list_shows_order_and_marks(cli, papers, synced_store):
    for paper in papers[:3]:
        cli("bookmark", paper.key)
    cli("read", papers[1].key)
    cli("note", papers[2].key, "-m", "a note")
    status, out, _ = cli("list", "--json")
    rows = json.loads(out)
    assert [r["key"] for r in rows] == [p.key for p in papers[:3]]
    assert rows[1]["read_at"] and rows[0]["read_at"] is None
    assert rows[2]["note"] == "a note"
    status, out, _ = cli("list")
    assert status == 0 and "3 papers" in out and "●" in out and "✎" in out
    status, _, err = cli("list", "Nope")
    assert status == 1 and 'no list named "Nope"' in err
    assert cli("lists", "create", "Empty")[0] == 0
    assert "is empty" in cli("list", "Empty")[1]


def test_move_up_down_and_between_lists(cli, papers, synced_store):
    keys = [p.key for p in papers[:3]]
    for key in keys:
        cli("bookmark", key)
    status, out, _ = cli("move", keys[2], "--up")
    assert status == 0 and "Now #2" in out
    assert Bookmarks(synced_store).list_keys(DEFAULT_LIST) == [keys[0], keys[2], keys[1]]
    cli("move", keys[0], "--down", "5")
    assert Bookmarks(synced_store).list_keys(DEFAULT_LIST) == [keys[2], keys[1], keys[0]]
    status, out, _ = cli("move", keys[1], "--to", "Done", "--create")
    assert status == 0 and "Moved to Done" in out
    assert Bookmarks(synced_store).list_keys("Done") == [keys[1]]
    assert Bookmarks(synced_store).list_keys(DEFAULT_LIST) == [keys[2], keys[0]]
    status, out, _ = cli("move", keys[0], "--to", "Done")  # an existing list needs no flag
    assert status == 0 and Bookmarks(synced_store).list_keys("Done") == [keys[1], keys[0]]


def test_move_to_an_unknown_list_needs_create_and_changes_nothing(cli, papers, synced_store):
    key = papers[0].key
    cli("bookmark", key)
    status, out, err = cli("move", key, "--to", "Dnoe")
    assert status == 1 and out == ""
    assert 'no list named "Dnoe"' in err and "--create" in err
    marks = Bookmarks(synced_store)
    assert [x.name for x in marks.lists()] == [DEFAULT_LIST]
    assert marks.list_keys(DEFAULT_LIST) == [key]  # still where it was


def test_note_set_show_delete(cli, papers, synced_store, monkeypatch):
    key = papers[0].key
    status, out, _ = cli("note", key, "--show")
    assert status == 0 and "No note yet" in out
    assert cli("note", key, "-m", "first\nsecond")[0] == 0
    status, out, _ = cli("note", key, "--show", "--json")
    assert json.loads(out)["note"] == "first\nsecond"
    monkeypatch.setattr(sys, "stdin", io.StringIO("from stdin\x1b[2J\n"))
    assert cli("note", key, "--set", "-")[0] == 0
    assert Bookmarks(synced_store).note(key).body == "from stdin"
    status, out, _ = cli("note", key, "--delete")
    assert status == 0 and "Note deleted" in out
    assert Bookmarks(synced_store).note(key) is None


def test_note_without_a_terminal_asks_for_set(cli, papers):
    status, _, err = cli("note", papers[0].key)
    assert status == 1 and "--set" in err


def test_note_opens_the_editor(cli, papers, synced_store, monkeypatch, tmp_path):
    key = papers[0].key
    Bookmarks(synced_store).set_note(key, "old text")
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "old = open(path).read()\n"
        "open(path, 'w').write(old.upper() + 'added line\\n')\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    status, out, _ = cli("note", key)
    assert status == 0 and "Note saved" in out
    assert Bookmarks(synced_store).note(key).body == "OLD TEXT\nadded line"
    monkeypatch.setenv("EDITOR", f"{sys.executable} -c 'import sys; sys.exit(1)'")
    status, _, err = cli("note", key)
    assert status == 1 and "not changed" in err
    assert Bookmarks(synced_store).note(key).body == "OLD TEXT\nadded line"


def test_read_and_unread(cli, papers, synced_store):
    key = papers[0].key
    status, out, _ = cli("read", key)
    assert status == 0 and "Marked read" in out
    assert Bookmarks(synced_store).is_read(key)
    status, out, _ = cli("read", key, "--unread")
    assert status == 0 and "Marked unread" in out
    assert not Bookmarks(synced_store).is_read(key)


CONTROL = ("\x1b", "\x07", "\x9b")


def no_control(*texts: str) -> bool:
    return not any(c in text for text in texts for c in CONTROL)


def test_list_names_from_argv_are_echoed_clean(cli, papers, synced_store):
    key = papers[0].key
    hostile = "Reading list\x1b[2J\x1b]0;PWNED\x07"
    status, out, err = cli("bookmark", key, "--list", hostile)
    assert status == 0 and "Already in" not in out and "Reading list" in out
    status, out, err = cli("bookmark", key, "--remove", "--list", hostile)
    assert status == 0 and "Removed from Reading list: " in out and no_control(out, err)
    status, out, err = cli("bookmark", key, "--all", "--remove", "--list", hostile)
    assert no_control(out, err)
    assert Bookmarks(synced_store).lists_of(key) == []
    for args in (
        ("lists", "create", "K\x1b[31m"),
        ("lists", "rename", "K", "L\x1b]52;c;aGk=\x07"),
        ("move", key, "--list", "Reading list\x1b[2J", "--to", "L\x9b6n"),
        ("move", key, "--list", "L\x1b[2J", "--up"),
        ("list", "L\x1b[2J"),
        ("lists", "delete", "L\x1b[2J", "--force"),
        ("export", "-o", "/nonexistent-dir/\x1b[2J.md"),
        ("import", "/nonexistent-dir/\x1b]0;x\x07.json"),
    ):
        status, out, err = cli(*args)
        assert no_control(out, err), args


def test_usage_errors_do_not_echo_escape_codes(synced_store, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--store", str(synced_store.path), "bookmark", "x", "--bogus\x1b[2J", "\x1b]0;T\x07"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "unknown option --bogus" in err
    assert no_control(err)
