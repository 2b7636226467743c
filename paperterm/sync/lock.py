"""The sync lock: one sync per store at a time, a file lock the kernel drops if the holder dies."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from paperterm.store import StoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock, syncs may overlap
    fcntl = None  # type: ignore[assignment]

LOCKED_EXIT = 3  # the exit status of a sync that found another one running


class SyncLocked(Exception):
    """Another process holds the sync lock of this store."""

    def __init__(self, path: Path, pid: int | None) -> None:
        self.path = path
        self.pid = pid
        who = f"process {pid}" if pid else "another process"
        super().__init__(
            f"Another sync is running ({who}, lock {path}). "
            "Next: wait for it to finish, or stop that process."
        )


class SyncLockError(StoreError):
    """The lock file cannot be made or written (a read-only folder, a full disk)."""

    def __init__(self, path: Path, exc: OSError) -> None:
        self.path = path
        why = exc.strerror or str(exc)
        super().__init__(
            f"Could not take the sync lock {path}. Why: {why}. "
            "Next: free some disk space, or check that the store's folder is writable."
        )


def lock_path(store_path: Path) -> Path:
    """The lock file beside the store: ``<store>.sync.lock``."""
    return store_path.with_name(store_path.name + ".sync.lock")


def _holder(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _acquire(path: Path) -> int:
    """The locked descriptor of ``path``, holding this process's PID."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise SyncLocked(path, _holder(fd)) from None
        # The file is never deleted (that would race with a waiting process); it holds the PID.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextmanager
def sync_lock(store_path: Path) -> Iterator[Path]:
    """Hold the store's sync lock for the ``with`` block, or raise SyncLocked at once.

    A lock that cannot be made or written raises SyncLockError (a StoreError: one line).
    """
    path = lock_path(Path(store_path))
    try:
        fd = _acquire(path)
    except OSError as exc:
        raise SyncLockError(path, exc) from exc
    try:
        yield path
    finally:
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        os.close(fd)  # closing the descriptor releases the lock
