"""The sync lock: a second sync names the holder's PID and exits 3; a dead holder frees it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from paperterm.cli import main
from paperterm.sync.lock import LOCKED_EXIT, SyncLocked, lock_path, sync_lock

HOLDER = """
import sys, time
from pathlib import Path
from paperterm.sync.lock import sync_lock
with sync_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""


@pytest.fixture
def holder(tmp_path: Path):
    """Another process holding the sync lock of tmp_path/store.db."""
    store = tmp_path / "store.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(store)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "locked"
    yield store, proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


def test_second_sync_names_the_pid_and_exits_3(holder, digests_dir, capsys):
    store, proc = holder
    status = main(["--store", str(store), "sync", str(digests_dir)])
    captured = capsys.readouterr()
    assert status == LOCKED_EXIT == 3
    assert f"process {proc.pid}" in captured.err
    assert "Another sync is running" in captured.err
    assert "papers" not in captured.out  # nothing was synced


def test_lock_is_released_when_the_holder_dies(holder, digests_dir, capsys):
    store, proc = holder
    os.kill(proc.pid, signal.SIGKILL)  # no clean-up code runs
    proc.wait(timeout=10)
    assert main(["--store", str(store), "sync", str(digests_dir)]) == 0
    assert "80 papers (80 new)" in capsys.readouterr().out


def test_lock_in_process_and_released_after(tmp_path: Path):
    store = tmp_path / "s.db"
    with sync_lock(store) as path:
        assert path == lock_path(store) == tmp_path / "s.db.sync.lock"
        assert path.read_text().strip() == str(os.getpid())
        with pytest.raises(SyncLocked) as info, sync_lock(store):
            pass
        assert info.value.pid == os.getpid()
    with sync_lock(store):  # free again
        pass


def test_lock_on_a_full_disk_is_one_line_not_a_traceback(tmp_path: Path, digests_dir, capsys):
    store = tmp_path / "store.db"
    main(["--store", str(store), "sync", str(digests_dir)])  # the store exists
    capsys.readouterr()
    lock = lock_path(store)
    lock.unlink()
    lock.symlink_to("/dev/full")  # every write to it fails with ENOSPC (or EINVAL)
    code = main(["--store", str(store), "sync", str(digests_dir)])
    stderr = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert "sync lock" in stderr and str(lock) in stderr.replace("\n", "")


def test_lock_in_a_folder_the_user_cannot_write_is_one_line(nobody_dir: Path):
    from tests.conftest import REAL_DIGESTS
    from tests.unit.unprivileged import run_cli, world_readable

    digests_dir = nobody_dir / "digests"
    shutil.copytree(REAL_DIGESTS, digests_dir)
    home = nobody_dir / "home"
    (home / "db").mkdir(parents=True)
    store = home / "db" / "store.db"
    main(["--store", str(store), "sync", str(digests_dir)])
    lock_path(store).unlink()
    world_readable(home / "db")
    world_readable(Path(digests_dir))
    for path in (home / "db").iterdir():
        path.chmod(0o666)
    (home / "db").chmod(0o555)  # the store is writable, its folder is not
    home.chmod(0o777)
    result = run_cli(["--store", str(store), "sync", str(digests_dir)], cwd=home)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "sync lock" in result.stderr
