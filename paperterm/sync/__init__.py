"""Sync: sources -> parse -> store, incrementally and idempotently."""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path

from paperterm.store import Store
from paperterm.sync.engine import ProgressCallback, SyncProgress, SyncReport, sync_units
from paperterm.sync.sources.folder import folder_units


def sync_paths(
    store: Store,
    paths: Sequence[str | PathLike[str]],
    *,
    progress: ProgressCallback | None = None,
) -> SyncReport:
    """Sync digest files and folders (recursively) into the store."""
    units, issues = folder_units([Path(p) for p in paths])
    report = sync_units(store, units, source="files", progress=progress)
    report.errors[:0] = [i for i in issues if i.severity == "error"]
    report.warnings[:0] = [i for i in issues if i.severity != "error"]
    return report


__all__ = ["ProgressCallback", "SyncProgress", "SyncReport", "sync_paths", "sync_units"]
