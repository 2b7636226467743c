"""Shared fixtures: no test touches the real home directory; real digests copied in."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REAL_DIGESTS = FIXTURES / "digests"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    for name in ("PAPERTERM_STORE", "PAPERTERM_CONFIG", "PAPERTERM_HF_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return home


@pytest.fixture
def digests_dir(tmp_path: Path) -> Path:
    """A writable copy of the two real digests."""
    target = tmp_path / "digests"
    shutil.copytree(REAL_DIGESTS, target)
    return target


@pytest.fixture
def store(tmp_path: Path):
    from paperterm.store import Store

    s = Store(tmp_path / "store.db")
    yield s
    s.close()


@pytest.fixture
def synced_store(store, digests_dir):
    """A store synced from the two real digests (80 papers, 105 appearances)."""
    from paperterm.sync import sync_paths

    report = sync_paths(store, [digests_dir])
    assert report.ok, report.errors
    return store


@pytest.fixture
def nobody_dir() -> Path:
    """A folder of this test's own that an unprivileged user can reach, outside pytest's tmp.

    pytest keeps its basetemp private (0700) and puts it back so whenever a pytest run starts
    on the machine, so a tmp_path made reachable for ``nobody`` can be taken away mid-test;
    a folder of its own under the system temp dir cannot.
    """
    folder = Path(tempfile.mkdtemp(prefix="paperterm-nobody-"))
    folder.chmod(0o755)
    yield folder
    for root, dirs, _ in os.walk(folder):  # the tests take write bits away: give them back
        for name in dirs:
            (Path(root) / name).chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)
