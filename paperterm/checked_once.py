"""A cache file read and checked whole once: the check is noted beside it (``<file>.checked``).

While the file is unchanged since, later loads may check only its kinds and sizes. The note
holds what changes whenever the file does: its device, inode, size, modification and change
times. Any write, even one that puts the old modification time back, sets the change time
(no user-space call can), so a replaced or damaged file is checked whole again.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from paperterm.atomic import write_atomic


def identity(st: os.stat_result, rules: str) -> str:
    """The note of the file ``st`` describes, checked under ``rules`` (the code's version)."""
    return f"{rules} {st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}\n"


def _note_file(path: Path) -> Path:
    return path.with_name(path.name + ".checked")


def noted(path: Path) -> str:
    """The identity of the file last read and checked whole at ``path`` ("" if none)."""
    try:
        return _note_file(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return ""


def note(path: Path, checked: str) -> None:
    """Note that the file at ``path`` with identity ``checked`` was read and checked whole."""
    with contextlib.suppress(OSError):  # a read-only folder: checked at every load
        write_atomic(_note_file(path), checked, force=True)
