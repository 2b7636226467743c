"""Shared fixtures: no test touches the real home directory; real digests copied in."""

from __future__ import annotations

import shutil
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
