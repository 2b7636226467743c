"""Helpers shared by CLI commands: opening the store, telling whether it is empty."""

from __future__ import annotations

import argparse

from paperterm.paths import store_path
from paperterm.store import Store

__all__ = ["is_empty", "open_store"]

# Commands that only read: they work on a read-only store and never create one.
READ_ONLY_COMMANDS = frozenset({"search", "show", "stats", "export"})


def is_empty(store: Store) -> bool:
    """True when the store holds no paper (``reader.is_empty``; the reader loads only here)."""
    from paperterm.reader import is_empty as empty

    return empty(store)


def open_store(args: argparse.Namespace) -> Store:
    """The store named by ``--store``, ``$PAPERTERM_STORE`` or the user data dir."""
    if getattr(args, "command", None) in READ_ONLY_COMMANDS:
        return Store.open_readonly(store_path(getattr(args, "store", None)))
    return Store(store_path(getattr(args, "store", None)))
