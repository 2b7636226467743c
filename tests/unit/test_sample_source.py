"""The bundled sample is a visible, removable source that never pollutes the user's library."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from paperterm.bookmarks import Bookmarks
from paperterm.cli import main
from paperterm.config import Config
from paperterm.paths import sample_dir
from paperterm.reader import sample_wanted
from paperterm.store import Store, iter_papers, stats


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PAPERTERM_STORE", str(tmp_path / "store.db"))
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def own_copy(tmp_path: Path) -> Path:
    mine = tmp_path / "my-digests"
    mine.mkdir()
    for file in sample_dir().glob("*.txt"):
        shutil.copy(file, mine / file.name)
    return mine


def titles(path: Path) -> set[str]:
    with Store(path) as store:
        return {p.title for p in iter_papers(store.conn)}


def test_readme_flow_sample_then_own_copy_then_remove_sample_keeps_exactly_the_users_papers(
    env, capsys
):
    status, out, _ = run(capsys, "sync")  # nothing configured, empty store: the sample
    assert status == 0 and "bundled sample" in out
    sample_titles = titles(env / "store.db")
    assert len(sample_titles) == 80
    mine = own_copy(env)
    status, out, err = run(capsys, "sync", str(mine))
    assert status == 0, err
    assert "site-packages" not in err and "remove one of the two copies" not in err
    status, out, _ = run(capsys, "sources", "remove", "sample")
    assert status == 0
    # the user's copy took the sample's digests over: nothing of the sample is left to remove
    assert "nothing removed" in out and "80 papers, all from your own sources" in out
    assert titles(env / "store.db") == sample_titles
    with Store(env / "store.db") as store:
        locators = [r[0] for r in store.conn.execute("SELECT locator FROM origins")]
    assert locators and all(loc.startswith(str(mine)) for loc in locators)


def test_sources_list_shows_the_sample_with_its_counts_and_stats_agree(env, capsys):
    run(capsys, "sync")
    status, out, _ = run(capsys, "sources", "list")
    assert status == 0 and "sample" in out and "2 digests" in out and "80 papers" in out
    status, out, _ = run(capsys, "sources", "list", "--json")
    rows = json.loads(out)
    assert [(r["name"], r["digests"], r["papers"]) for r in rows] == [("sample", 2, 80)]
    status, out, _ = run(capsys, "stats", "--json")
    assert json.loads(out)["sources"] == len(rows) == 1


def test_remove_sample_drops_its_papers_but_keeps_the_ones_with_user_data(env, capsys):
    run(capsys, "sync")
    with Store(env / "store.db") as store:
        keys = [p.key for p in iter_papers(store.conn)][:3]
        marks = Bookmarks(store)
        marks.add_to_list(keys[0], "Reading list")
        marks.set_note(keys[1], "my thoughts")
        marks.set_read(keys[2], True)
    status, out, _ = run(capsys, "sources", "remove", "sample")
    assert status == 0
    assert "Removed the bundled sample: 2 digests, 77 papers." in out
    assert "3 papers from it stayed because they carry your data" in out
    with Store(env / "store.db") as store:
        left = {p.key for p in iter_papers(store.conn)}
        assert left == set(keys)
        assert Bookmarks(store).note(keys[1]).body == "my thoughts"
        assert stats(store.conn)["digests"] == 0
    status, out, _ = run(capsys, "sources", "list", "--json")
    assert json.loads(out) == []


def test_a_removed_sample_is_not_loaded_again_by_itself(env, capsys):
    run(capsys, "sync")
    run(capsys, "sources", "remove", "sample")
    with Store(env / "store.db") as store:
        assert stats(store.conn)["papers"] == 0
        assert not sample_wanted(Config(), store)
    status, _, err = run(capsys, "sync")
    assert status == 2 and "No sources configured" in err


def test_syncing_the_sample_after_the_users_copy_warns_of_nothing(env, capsys, tmp_path):
    mine = own_copy(tmp_path)
    run(capsys, "sync", str(mine))
    status, _, err = run(capsys, "sync", str(sample_dir()))
    assert status == 0 and "copies" not in err
    status, out, _ = run(capsys, "sources", "remove", "sample")
    assert "nothing removed" in out and len(titles(env / "store.db")) == 80
