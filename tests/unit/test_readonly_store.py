"""Commands that only read work on a read-only store and never create a store or its folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperterm.cli import main
from paperterm.store import Store, StoreError
from paperterm.sync import sync_paths
from tests.unit.unprivileged import run_cli, world_readable


@pytest.fixture(params=["closed", "wal-left"])
def readonly_store(request, nobody_dir: Path, digests_dir) -> Path:
    """A synced store whose file and folder nobody may write (chmod a-w).

    "closed": closed cleanly, so SQLite removed its -wal and -shm files (and could not make
    them again in that folder); "wal-left": the writer's -wal and -shm files are still there.
    """
    home = nobody_dir / "home"
    folder = home / "db"
    folder.mkdir(parents=True)
    store = folder / "store.db"
    writer = Store(store)
    assert sync_paths(writer, [digests_dir]).ok
    if request.param == "closed":
        writer.close()
        assert not store.with_name("store.db-wal").exists()
    else:
        assert store.with_name("store.db-wal").exists()
    world_readable(folder)
    home.chmod(0o777)
    for path in folder.iterdir():
        path.chmod(0o444)
    folder.chmod(0o555)
    return store


@pytest.mark.parametrize(
    "command",
    [
        ["search", "--json", "diffusion"],
        ["stats", "--json"],
        ["export", "--all", "--format", "csv"],
    ],
)
def test_reading_commands_work_on_a_store_the_user_can_only_read(readonly_store, command):
    before = sorted(p.name for p in readonly_store.parent.iterdir())
    result = run_cli(["--store", str(readonly_store), *command], cwd=readonly_store.parent.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert sorted(p.name for p in readonly_store.parent.iterdir()) == before


def test_show_works_on_a_store_the_user_can_only_read(readonly_store):
    cwd = readonly_store.parent.parent
    found = run_cli(["--store", str(readonly_store), "search", "--json", "diffusion"], cwd=cwd)
    assert found.returncode == 0, found.stderr
    hit = json.loads(found.stdout)[0]
    shown = run_cli(["--store", str(readonly_store), "show", hit["key"]], cwd=cwd)
    assert shown.returncode == 0, shown.stderr
    assert hit["title"] in " ".join(shown.stdout.split())


@pytest.mark.parametrize("command", [["search", "x"], ["show", "abcd"], ["stats"], ["export"]])
def test_a_mistyped_store_path_is_an_error_and_nothing_is_created(tmp_path, capsys, command):
    wrong = tmp_path / "typo" / "deeper" / "paperterm.db"
    code = main(["--store", str(wrong), *command])
    stderr = capsys.readouterr().err
    assert code == 2
    assert str(wrong) in " ".join(stderr.split()).replace(" ", "") or str(wrong) in stderr
    assert not (tmp_path / "typo").exists()


def test_open_readonly_never_writes(tmp_path: Path, digests_dir) -> None:
    path = tmp_path / "s.db"
    main(["--store", str(path), "sync", str(digests_dir)])
    with Store.open_readonly(path) as store:
        assert store.conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 80
        with pytest.raises(Exception, match="readonly"):
            store.conn.execute("DELETE FROM papers")
    with pytest.raises(StoreError, match="No store at"):
        Store.open_readonly(tmp_path / "missing.db")
