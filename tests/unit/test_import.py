"""Import of a JSON backup: round trip, idempotent merge, unknown papers kept, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperterm.bookmarks import DEFAULT_LIST, Bookmarks
from paperterm.bookmarks.export import export_text
from paperterm.bookmarks.importer import BackupError, import_backup, import_file, parse_backup
from paperterm.cli import main
from paperterm.store import Store, get_paper, iter_papers
from paperterm.sync import sync_paths
from paperterm.text import paper_key, sanitize_line

USER_TABLES = {
    "lists": "SELECT name, created_at FROM lists ORDER BY name",
    "list_items": "SELECT l.name, i.paper_key, i.position, i.added_at FROM list_items i"
    " JOIN lists l ON l.id = i.list_id ORDER BY l.name, i.position",
    "notes": "SELECT * FROM notes ORDER BY paper_key",
    "read_state": "SELECT * FROM read_state ORDER BY paper_key",
}


def user_rows(store: Store) -> dict[str, list[tuple]]:
    return {name: store.conn.execute(sql).fetchall() for name, sql in USER_TABLES.items()}


def fill(store: Store) -> list[str]:
    """Two lists with order, notes and read state; returns the keys used."""
    keys = [p.key for p in iter_papers(store.conn)][:6]
    marks = Bookmarks(store)
    for key in keys[:3]:
        marks.toggle_bookmark(key)
    marks.add_to_list(keys[2], "Kernels")
    marks.add_to_list(keys[4], "Kernels")
    marks.add_to_list(keys[3], "Kernels")
    marks.move_item(keys[3], "Kernels", -1)
    marks.set_note(keys[0], "first note\nwith two lines")
    marks.set_note(keys[5], "a note on an unlisted paper")
    marks.set_read(keys[1])
    marks.set_read(keys[4])
    return keys


@pytest.fixture
def second_store(tmp_path, digests_dir) -> Store:
    """A fresh store synced from the same digests."""
    store = Store(tmp_path / "second.db")
    assert sync_paths(store, [digests_dir]).ok
    yield store
    store.close()


def test_round_trip_is_identical(synced_store, second_store, tmp_path):
    fill(synced_store)
    backup = tmp_path / "backup.json"
    backup.write_text(export_text(synced_store, "json"), encoding="utf-8")
    report = import_file(second_store, backup)
    assert report.lists_created == 2 and report.items_added == 6
    assert report.notes_added == 2 and report.read_added == 2 and report.papers_added == 0
    assert export_text(second_store, "json") == backup.read_text(encoding="utf-8")
    assert user_rows(second_store)["notes"] == user_rows(synced_store)["notes"]
    assert Bookmarks(second_store).list_keys("Kernels") == Bookmarks(synced_store).list_keys(
        "Kernels"
    )


def test_importing_twice_changes_nothing(synced_store, second_store, tmp_path):
    fill(synced_store)
    backup = tmp_path / "backup.json"
    backup.write_text(export_text(synced_store, "json"), encoding="utf-8")
    import_file(second_store, backup)
    before = user_rows(second_store)
    papers = second_store.conn.execute("SELECT count(*) FROM papers").fetchone()
    again = import_file(second_store, backup)
    assert again.changed == 0
    assert "Nothing new" in again.summary()
    assert user_rows(second_store) == before
    assert second_store.conn.execute("SELECT count(*) FROM papers").fetchone() == papers
    # Importing into the store it came from changes nothing either.
    before = user_rows(synced_store)
    assert import_file(synced_store, backup).changed == 0
    assert user_rows(synced_store) == before


def test_merge_appends_and_newer_notes_win(synced_store, second_store, tmp_path):
    keys = fill(synced_store)
    backup = tmp_path / "backup.json"
    backup.write_text(export_text(synced_store, "json"), encoding="utf-8")
    marks = Bookmarks(second_store)
    marks.add_to_list(keys[5], "kernels")  # same list, other case, another paper first
    marks.set_note(keys[0], "older local note")
    second_store.conn.execute("UPDATE notes SET updated_at = '2000-01-01T00:00:00+00:00'")
    marks.set_note(keys[5], "newer local note")
    second_store.conn.execute(
        "UPDATE notes SET updated_at = '2999-01-01T00:00:00+00:00' WHERE paper_key = ?",
        (keys[5],),
    )
    report = import_file(second_store, backup)
    assert report.lists_created == 1  # Reading list; "Kernels" merged into "kernels"
    assert [x.name for x in marks.lists()] == [DEFAULT_LIST, "kernels"]
    assert marks.list_keys("Kernels") == [keys[5], keys[2], keys[3], keys[4]]
    assert marks.note(keys[0]).body == "first note\nwith two lines"
    assert marks.note(keys[5]).body == "newer local note"
    assert report.notes_updated == 1


def test_unknown_papers_are_kept(synced_store, tmp_path):
    keys = fill(synced_store)
    backup = tmp_path / "backup.json"
    backup.write_text(export_text(synced_store, "json"), encoding="utf-8")
    empty = Store(tmp_path / "empty.db")
    try:
        report = import_file(empty, backup)
        assert report.papers_added == 6
        for key in keys:
            mine, theirs = get_paper(empty.conn, key), get_paper(synced_store.conn, key)
            assert (mine.title, mine.abstract, mine.first_seen) == (
                theirs.title,
                theirs.abstract,
                theirs.first_seen,
            )
        assert Bookmarks(empty).list_keys("Kernels") == Bookmarks(synced_store).list_keys("Kernels")
        # The kept papers are found by full-text search like any other.
        word = get_paper(empty.conn, keys[0]).title.split()[0]
        hits = empty.conn.execute(
            "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?", (f'"{word}"',)
        ).fetchone()[0]
        assert hits >= 1
        # Syncing the digests later merges with them: one paper per key, stats from digests.
        assert sync_paths(empty, [Path(synced_store.path).parent / "digests"]).ok
        assert empty.conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 80
        assert get_paper(empty.conn, keys[0]).seen >= 1
        assert export_text(empty, "json") == backup.read_text(encoding="utf-8")
    finally:
        empty.close()


def test_keys_are_recomputed_from_titles(store):
    data = {
        "format": "paperterm-backup",
        "version": 1,
        "lists": [{"name": "L", "items": [{"key": "00000000000000aa"}]}],
        "notes": [{"key": "00000000000000aa", "body": "hello"}],
        "papers": [{"key": "00000000000000aa", "title": "A Title"}],
    }
    report = import_backup(store, parse_backup(data))
    real = paper_key("A Title")
    assert report.keys_remapped == 1 and report.warnings
    assert Bookmarks(store).list_keys("L") == [real]
    assert Bookmarks(store).note(real).body == "hello"


def test_references_without_any_paper_are_kept_with_a_note(store):
    data = {
        "format": "paperterm-backup",
        "version": 1,
        "lists": [{"name": "L", "items": ["00000000000000aa", "00000000000000cc"]}],
        "notes": [{"key": "00000000000000cc", "body": "my thoughts"}],
        "read": [{"key": "00000000000000bb", "read_at": "2025-01-01T00:00:00Z"}],
    }
    report = import_backup(store, parse_backup(data))
    assert "3 keys" in report.warnings[0] and "kept" in report.warnings[0]
    marks = Bookmarks(store)
    assert marks.list_keys("L") == ["00000000000000aa", "00000000000000cc"]
    assert marks.note("00000000000000cc").body == "my thoughts"
    assert marks.read_keys() == {"00000000000000bb"}
    assert report.items_added == 2 and report.notes_added == 1 and report.read_added == 1
    again = import_backup(store, parse_backup(data))
    assert again.changed == 0  # still idempotent


def test_user_data_of_a_paper_not_yet_synced_joins_it_after_a_sync(store, digests_dir, capsys):
    """A backup holding only lists and notes (no paper records) loses nothing."""
    other = Store(digests_dir.parent / "other.db")
    sync_paths(other, [digests_dir])
    title = next(iter_papers(other.conn)).title
    other.close()
    key = paper_key(title)
    backup = digests_dir.parent / "backup.json"
    backup.write_text(
        json.dumps(
            {
                "format": "paperterm-backup",
                "version": 1,
                "lists": [{"name": "Later", "items": [key]}],
                "notes": [{"key": key, "body": "read this"}],
            }
        )
    )
    args = ["--store", str(store.path)]
    assert main([*args, "import", str(backup)]) == 0
    captured = capsys.readouterr()
    assert "1 paper added to lists" in captured.out and "1 new note" in captured.out
    assert "kept" in captured.err
    assert main([*args, "list", "Later"]) == 0
    assert "(not in the store)" in capsys.readouterr().out
    sync_paths(store, [digests_dir])
    assert main([*args, "list", "Later", "--json"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["title"] == title and item["note"] == "read this"


def test_everything_is_sanitized(store):
    evil = "\x1b[2J\x1b]52;c;aGk=\x07\u202e"
    data = {
        "format": "paperterm-backup",
        "version": 1,
        "papers": [
            {
                "key": "00000000000000aa",
                "title": f"Title{evil} one\nline",
                "abstract": f"Abstract{evil}\nsecond\x00line",
                "authors": [f"Ada{evil}", "\ud800lone"],
                "github": "javascript:alert(1)",
                "project_page": "https://ok.example/p",
                "arxiv_id": "not an id",
            }
        ],
        "lists": [{"name": f"List{evil}", "items": ["00000000000000aa"]}],
        "notes": [{"key": "00000000000000aa", "body": f"note{evil}\nline two\ud800"}],
    }
    import_backup(store, parse_backup(data))
    key = paper_key("Title one line")
    paper = get_paper(store.conn, key)
    assert paper.title == "Title one line"
    assert paper.abstract == "Abstract\nsecondline"
    assert paper.authors == ("Ada", "\ufffdlone")  # a lone surrogate, as sanitize() shows it
    assert paper.github is None and paper.arxiv_id is None
    assert paper.project_page == "https://ok.example/p"
    marks = Bookmarks(store)
    assert [x.name for x in marks.lists()] == ["List"]
    assert marks.note(key).body == "note\nline two\ufffd"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "is not valid JSON: line 1 column 1"),
        ('{"format": "paperterm-backup", "version": 1,', "is not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"lists": []}', 'no "format": "paperterm-backup"'),
        ('{"format": "paperterm-backup", "version": 99}', "made by a newer paperterm"),
        ('{"format": "paperterm-backup", "version": "1"}', '"version" must be a whole number'),
        ('{"format": "paperterm-backup", "version": 1, "lists": {}}', "lists: expected a list"),
        (
            '{"format": "paperterm-backup", "version": 1, "lists": [{"name": 3}]}',
            "lists[0].name: expected text, got int",
        ),
        (
            '{"format": "paperterm-backup", "version": 1, "notes": [{"key": "xyz", "body": "b"}]}',
            "notes[0].key: expected a paper key (16 hex digits), got 'xyz'",
        ),
        (
            '{"format": "paperterm-backup", "version": 1, "read": [{"key": "0123456789abcdef",'
            ' "read_at": "yesterday"}]}',
            "read[0].read_at: not an ISO 8601 time: 'yesterday'",
        ),
        (
            '{"format": "paperterm-backup", "version": 1, "papers": [{"key": "0123456789abcdef"}]}',
            "papers[0].title: missing",
        ),
        pytest.param("[" * 100_000, "nested too deeply", id="deep-nesting"),
    ],
)
def test_invalid_files_are_refused_clearly(synced_store, tmp_path, capsys, content, message):
    fill(synced_store)
    before = user_rows(synced_store)
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BackupError, match=None) as info:
        import_file(synced_store, path)
    assert message in str(info.value)
    assert user_rows(synced_store) == before
    status = main(["--store", str(synced_store.path), "import", str(path)])
    captured = capsys.readouterr()
    assert status == 1
    assert message in " ".join(captured.err.split())  # rich wraps long lines
    assert "Traceback" not in captured.err


def test_invalid_bytes_and_missing_files(synced_store, tmp_path, capsys):
    def err() -> str:
        return " ".join(capsys.readouterr().err.split())  # rich wraps long lines

    path = tmp_path / "bin.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert main(["--store", str(synced_store.path), "import", str(path)]) == 1
    assert "not UTF-8" in err()
    assert main(["--store", str(synced_store.path), "import", str(tmp_path / "nope.json")]) == 1
    assert "cannot read" in err()
    assert main(["--store", str(synced_store.path), "import", str(tmp_path)]) == 1
    assert "is a folder" in err()


def test_many_problems_are_listed_then_counted(store):
    data = {
        "format": "paperterm-backup",
        "version": 1,
        "read": [{"key": f"bad{i}"} for i in range(25)],
    }
    with pytest.raises(BackupError) as info:
        parse_backup(data)
    text = str(info.value)
    assert "read[0].key" in text and "read[9].key" in text and "read[10].key" not in text
    assert "… and 15 more" in text


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=st.text(min_size=1, max_size=80), body=st.text(max_size=80))
def test_any_title_round_trips_through_export_and_import(tmp_path_factory, title, body):
    title = sanitize_line(title)
    if not title:
        return
    key = paper_key(title)
    data = {
        "format": "paperterm-backup",
        "version": 1,
        "lists": [{"name": "L", "created_at": "2025-01-01T00:00:00+00:00", "items": [key]}],
        "papers": [{"key": key, "title": title, "abstract": body}],
    }
    folder = tmp_path_factory.mktemp("rt")
    one, two = Store(folder / "one.db"), Store(folder / "two.db")
    try:
        import_backup(one, parse_backup(data))
        exported = export_text(one, "json")
        assert json.loads(exported)["papers"][0]["title"] == title
        assert json.loads(exported)["papers"][0]["key"] == key
        (folder / "b.json").write_text(exported, encoding="utf-8")
        import_file(two, folder / "b.json")
        assert export_text(two, "json") == exported
    finally:
        one.close()
        two.close()


def test_repeated_times_and_keys_are_checked_at_every_place():
    """Times and keys repeat across a big backup: each bad one is still named where it is,
    and every spelling of a good one is stored in one form."""
    key = "0123456789abcdef"
    items = [
        {"key": key.upper(), "added_at": "2026-03-14T12:00:00+01:00"},
        {"key": " 89abcdef01234567 ", "added_at": "2026-03-14T11:00:00Z"},
        {"key": "fedcba9876543210", "added_at": "2026-03-14T11:00:00Z"},
    ]
    backup = parse_backup(
        {
            "format": "paperterm-backup",
            "version": 1,
            "lists": [{"name": "L", "items": items}],
        }
    )
    assert backup.lists[0][2] == [
        (key, "2026-03-14T11:00:00+00:00"),
        ("89abcdef01234567", "2026-03-14T11:00:00+00:00"),
        ("fedcba9876543210", "2026-03-14T11:00:00+00:00"),
    ]
    bad = [{"key": key, "read_at": "soon"}, {"key": "fedcba9876543210", "read_at": "soon"}]
    bad_dates = [
        {"key": key, "title": "A", "first_seen": "2026-03-14"},
        {"key": "fedcba9876543210", "title": "B", "first_seen": "2026-03-14", "last_seen": "x"},
    ]
    with pytest.raises(BackupError) as err:
        parse_backup({"format": "paperterm-backup", "version": 1, "read": bad, "papers": bad_dates})
    message = str(err.value)
    assert "read[0].read_at: not an ISO 8601 time: 'soon'" in message
    assert "read[1].read_at: not an ISO 8601 time: 'soon'" in message
    assert "papers[1].last_seen: not a date" in message
    assert "papers[0]" not in message
