"""A new store's page size, and an older store's kept as it was."""

from __future__ import annotations

import sqlite3

from paperterm.store import Store
from paperterm.store.connection import PAGE_BYTES
from paperterm.sync import sync_paths


def page_size(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA page_size").fetchone()[0]


def test_a_new_store_is_made_with_the_larger_pages(tmp_path, digests_dir):
    path = tmp_path / "new.db"
    with Store(path) as store:
        assert sync_paths(store, [digests_dir]).ok
    assert page_size(path) == PAGE_BYTES


def test_a_store_made_with_4k_pages_keeps_them_and_its_papers(tmp_path, digests_dir):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA page_size = 4096")
        conn.execute("PRAGMA journal_mode = WAL")  # as older paperterm made every store
    with Store(path) as store:
        assert sync_paths(store, [digests_dir]).ok
    with Store(path) as store:
        assert store.conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 80
    assert page_size(path) == 4096
