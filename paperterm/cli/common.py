"""Helpers shared by CLI commands: opening the store, telling whether it is empty."""

from __future__ import annotations

import argparse

from paperterm.paths import store_path
from paperterm.reader import is_empty
from paperterm.store import Store

__all__ = ["is_empty", "open_store"]


def open_store(args: argparse.Namespace) -> Store:
    """The store named by ``--store``, ``$PAPERTERM_STORE`` or the user data dir."""
    return Store(store_path(getattr(args, "store", None)))
