"""Helpers shared by CLI commands: opening the store, loading the sample."""

from __future__ import annotations

import argparse

from paperterm.paths import sample_dir, store_path
from paperterm.store import Store
from paperterm.sync import SyncReport, sync_paths


def open_store(args: argparse.Namespace) -> Store:
    """The store named by ``--store``, ``$PAPERTERM_STORE`` or the user data dir."""
    return Store(store_path(getattr(args, "store", None)))


def is_empty(store: Store) -> bool:
    return store.conn.execute("SELECT NOT EXISTS (SELECT 1 FROM digests)").fetchone()[0] == 1


def load_sample(store: Store) -> SyncReport:
    """Sync the bundled sample digests (the two real Hugging Face digests)."""
    return sync_paths(store, [sample_dir()])
