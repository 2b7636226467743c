"""Atomic file writing: a temporary file in the same folder, fsync, then rename."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_NEW_FILE_MODE = 0o666  # the kernel applies the umask, as for any new file


class TargetExists(FileExistsError):
    """The target file exists and overwriting was not asked for."""


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform / filesystem.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _create_temp(folder: Path, name: str) -> tuple[int, Path]:
    # Not tempfile.mkstemp: it creates 0600 files. Opening with 0666 lets the kernel apply the
    # umask without reading it (os.umask() would change it process-wide, racing other threads).
    for _ in range(100):
        tmp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, _CREATE, _NEW_FILE_MODE), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temporary file in {folder}")


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    Without ``force`` an existing file is left alone and TargetExists is raised (checked
    atomically where the filesystem has hard links). A replaced file keeps its permissions;
    a new one gets the usual ones (0666 less the umask).
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a folder")
    if not force and target.exists():
        raise TargetExists(f"{target} exists")
    folder = target.parent if str(target.parent) else Path(".")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = None
    fd, tmp = _create_temp(folder, target.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        if force:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # fails if the target appeared meanwhile: no clobbering
            except FileExistsError:
                raise TargetExists(f"{target} exists") from None
            except OSError:
                if target.exists():
                    raise TargetExists(f"{target} exists") from None
                os.replace(tmp, target)  # no hard links on this filesystem
        _fsync_dir(folder)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target
