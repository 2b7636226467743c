"""Digest files and folders (recursively): ``*.txt`` and files that look like digests.

A mailbox met inside a folder (an mbox file, a Maildir with ``cur/`` and ``new/``) is
synced as a mailbox, its digests picked by content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from paperterm.models import Issue, ParseResult
from paperterm.sync.dates import looks_like_date
from paperterm.sync.digest import HEADER_LINES, parse_digest
from paperterm.sync.sources.mailbox import detect_mailbox, mailbox_units
from paperterm.sync.units import Fetched, Unit

MAX_FILE_BYTES = 64 * 1024 * 1024
_SNIFF_BYTES = 4096


def looks_like_digest(path: Path) -> bool:
    """A non-.txt file counts when its first lines hold the digest header or a date line."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    if b"\x00" in head[:512] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    lines = head.decode("utf-8", errors="replace").splitlines()[:20]
    return any(
        line.strip().lower() in HEADER_LINES - {"new"} or looks_like_date(line) for line in lines
    )


def _regular_file(path: Path, issues: list[Issue]) -> bool:
    """True for a regular file (symlinks followed); FIFOs, devices and loops are reported."""
    try:
        mode = path.stat().st_mode
    except (OSError, RuntimeError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        issues.append(Issue(str(path), 0, f"cannot read: {why}"))
        return False
    if stat.S_ISREG(mode):
        return True
    if not stat.S_ISDIR(mode):
        issues.append(Issue(str(path), 0, "not a regular file, skipped", "warning"))
    return False


def _candidates(root: Path, issues: list[Issue]) -> Iterator[tuple[Path, bool]]:
    """Each digest file under ``root`` (False) and each mailbox (True)."""
    if not root.is_dir():
        if _regular_file(root, issues):
            yield root, False
        return

    def unreadable(exc: OSError) -> None:
        issues.append(Issue(str(exc.filename or root), 0, f"cannot read folder: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        if {"cur", "new"} <= set(dirnames):
            dirnames[:] = []  # a Maildir: its messages are read as mail, not as files
            yield Path(dirpath), True
            continue
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if not _regular_file(path, issues):
                continue
            if name.lower().endswith(".txt"):
                yield path, False
            elif detect_mailbox(path) in ("mbox", "eml"):
                yield path, True
            elif looks_like_digest(path):
                yield path, False


def read_digest_file(path: str, size: int, mtime: float) -> Fetched:
    """Read and parse one digest file (a top-level function so a process pool can run it)."""
    if size > MAX_FILE_BYTES:
        issue = Issue(path, 0, f"file larger than {MAX_FILE_BYTES // 2**20} MB, skipped")
        return Fetched("", ParseResult((), (issue,)))
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    reference = dt.datetime.fromtimestamp(mtime).date()
    # The parser gives each entry its paper key: made in the parse workers, not the writer.
    result = parse_digest(data, path, reference)
    return Fetched(hashlib.sha256(data).hexdigest(), result)


def file_unit(path: Path) -> Unit:
    """A unit for one digest file, stamped by size and mtime."""
    path = path.resolve()
    st = path.stat()
    fetch = partial(read_digest_file, str(path), st.st_size, st.st_mtime)
    stamp = f"{st.st_size}:{st.st_mtime_ns}"
    return Unit(kind="file", locator=str(path), stamp=stamp, fetch=fetch, label=str(path))


def folder_units(paths: list[Path]) -> tuple[list[Unit], list[Issue]]:
    """Units for every digest file under ``paths``, and an issue for each path that is missing."""
    units: list[Unit] = []
    issues: list[Issue] = []
    seen: set[str] = set()
    for root in paths:
        if not root.exists():
            issues.append(Issue(str(root), 0, "no such file or folder"))
            continue
        for path, is_mail in _candidates(root, issues):
            if is_mail:
                mail, mail_issues, _scan = mailbox_units(path)
                issues += mail_issues
                units += [u for u in mail if u.locator not in seen]
                seen.update(u.locator for u in mail)
                continue
            try:
                unit = file_unit(path)
            except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
                why = getattr(exc, "strerror", None) or str(exc)
                issues.append(Issue(str(path), 0, f"cannot read: {why}"))
                continue
            if unit.locator not in seen:
                seen.add(unit.locator)
                units.append(unit)
    return units, issues
