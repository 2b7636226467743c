"""Saved searches: save, rename, delete, list; kept through export/import, sync and rebuild."""

from __future__ import annotations

import json

import pytest

from paperterm.bookmarks.export import export_text
from paperterm.bookmarks.importer import BackupError, import_file, parse_backup
from paperterm.bookmarks.saved_searches import (
    SavedSearchError,
    delete_search,
    get_search,
    list_searches,
    rename_search,
    save_search,
)
from paperterm.cli import main
from paperterm.store import Store
from paperterm.store.maintenance import rebuild
from paperterm.sync import sync_paths


def test_save_list_rename_delete(store):
    save_search(store, "Kernels", "kernel -density", "is:unread")
    save_search(store, "agents", "agent")
    assert [s.name for s in list_searches(store)] == ["agents", "Kernels"]
    kernels = get_search(store, "kernels")  # names are case-insensitive
    assert kernels.full_query == "is:unread kernel -density"
    again = save_search(store, "KERNELS", "kernel")  # same name: the query is replaced
    assert again.name == "Kernels" and again.query == "kernel" and again.filter == ""
    assert len(list_searches(store)) == 2
    rename_search(store, "kernels", "Kernel theory")
    assert get_search(store, "Kernels") is None and get_search(store, "kernel theory").query
    with pytest.raises(SavedSearchError, match="exists already"):
        rename_search(store, "Kernel theory", "AGENTS")
    delete_search(store, "agents")
    with pytest.raises(SavedSearchError, match="no saved search"):
        delete_search(store, "agents")
    assert [s.name for s in list_searches(store)] == ["Kernel theory"]


def test_names_and_queries_are_cleaned(store):
    saved = save_search(store, "\x1b[31mred\x1b[0m", "kernel\x1b]0;title\x07")
    assert saved.name == "red" and saved.query == "kernel"
    with pytest.raises(SavedSearchError):
        save_search(store, "\x1b[0m", "x")
    with pytest.raises(SavedSearchError, match="nothing to save"):
        save_search(store, "empty", "  ")


def test_saved_search_survives_export_and_import(synced_store, tmp_path):
    save_search(synced_store, "Kernels", "kernel -density", "is:unread")
    backup = tmp_path / "backup.json"
    backup.write_text(export_text(synced_store, "json"), encoding="utf-8")
    data = json.loads(backup.read_text(encoding="utf-8"))
    assert data["saved_searches"][0]["query"] == "kernel -density"
    fresh = Store(tmp_path / "fresh.db")
    report = import_file(fresh, backup)
    assert report.searches_added == 1 and "1 saved search" in report.summary()
    restored = get_search(fresh, "Kernels")
    assert (restored.query, restored.filter) == ("kernel -density", "is:unread")
    assert import_file(fresh, backup).changed == 0  # idempotent
    fresh.close()


def test_import_keeps_the_stores_own_version(store, tmp_path):
    save_search(store, "Kernels", "mine")
    data = {
        "format": "paperterm-backup",
        "version": 1,
        "saved_searches": [{"name": "kernels", "query": "theirs"}, {"name": "new", "query": "x"}],
    }
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert import_file(store, path).searches_added == 1
    assert get_search(store, "Kernels").query == "mine"


def test_invalid_saved_searches_in_a_backup_are_reported():
    data = {"format": "paperterm-backup", "version": 1, "saved_searches": [{"name": 3}, "x"]}
    with pytest.raises(BackupError) as exc:
        parse_backup(data)
    assert "saved_searches[0].name" in str(exc.value) and "saved_searches[1]" in str(exc.value)


def test_sync_and_rebuild_leave_saved_searches_alone(store, digests_dir):
    save_search(store, "Kernels", "kernel")
    before = list_searches(store)
    sync_paths(store, [digests_dir])
    rebuild(store)
    assert list_searches(store) == before


def test_cli_searches_with_live_counts(capsys, synced_store):
    path = str(synced_store.path)
    assert main(["--store", path, "searches", "save", "Density", "kernel density"]) == 0
    assert main(["--store", path, "searches", "save", "Unread", "--filter", "is:unread"]) == 0
    capsys.readouterr()
    assert main(["--store", path, "searches", "--json"]) == 0
    listed = {s["name"]: s for s in json.loads(capsys.readouterr().out)}
    assert listed["Unread"]["count"] == 80
    density = listed["Density"]["count"]
    assert 1 <= density < 80
    synced_store.conn.execute(
        "INSERT INTO read_state (paper_key, read_at) SELECT key, '2026-03-20' FROM papers LIMIT 5"
    )
    assert main(["--store", path, "searches", "--json"]) == 0
    listed = {s["name"]: s for s in json.loads(capsys.readouterr().out)}
    assert listed["Unread"]["count"] == 75  # live: counted again on every listing
    assert main(["--store", path, "searches", "rename", "Unread", "To read"]) == 0
    assert main(["--store", path, "searches", "delete", "Density"]) == 0
    capsys.readouterr()
    assert main(["--store", path, "searches"]) == 0
    shown = capsys.readouterr().out
    assert "To read" in shown and "75" in shown and "Density" not in shown
    assert main(["--store", path, "searches", "delete", "Density"]) == 2
    assert "no saved search" in capsys.readouterr().err
