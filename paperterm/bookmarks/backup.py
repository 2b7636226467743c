"""The JSON backup format read back: validated whole, every string sanitized."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperterm.bookmarks.common import (
    MAX_LIST_NAME,
    MAX_NOTE,
    PAPER_KEY,
    BookmarksError,
    clean_note,
)
from paperterm.bookmarks.export import FORMAT_NAME, FORMAT_VERSION
from paperterm.bookmarks.saved_searches import SavedSearch, parse_records
from paperterm.links import safe_url, valid_arxiv_id
from paperterm.text import MAX_ABSTRACT, MAX_TITLE, clean_paragraph, sanitize_line, truncate

MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 10
# A key already in its stored form (what an export writes): taken as it is, no strip/lower.
_STORED_KEY = re.compile(r"[0-9a-f]{16}")


class BackupError(BookmarksError):
    """A file that is not a valid backup; the message lists what is wrong, with where."""


@dataclass
class PaperRecord:
    """A paper as a backup describes it, cleaned."""

    key: str
    title: str
    abstract: str = ""
    arxiv_id: str | None = None
    authors: list[str] = field(default_factory=list)
    upvotes: int | None = None
    github: str | None = None
    project_page: str | None = None
    published: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None


@dataclass
class Backup:
    """A validated, cleaned backup."""

    lists: list[tuple[str, str | None, list[tuple[str, str | None]]]] = field(default_factory=list)
    notes: dict[str, tuple[str, str | None, str | None]] = field(default_factory=dict)
    read: dict[str, str | None] = field(default_factory=dict)
    papers: dict[str, PaperRecord] = field(default_factory=dict)
    saved_searches: list[SavedSearch] = field(default_factory=list)


class _Checker:
    """Collects problems with their place in the file, e.g. ``lists[2].items[0].key``."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        # A backup repeats the same few times and dates across 100k records: each distinct
        # string is parsed once (only valid ones are remembered; a bad one fails each time).
        self._stamps: dict[str, str] = {}
        self._dates: dict[str, str] = {}

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(self, obj: dict, name: str, where: str, *, required: bool = False) -> str | None:
        value = obj.get(name)
        if value is None:
            if required:
                self.fail(f"{where}.{name}", "missing")
            return None
        if not isinstance(value, str):
            self.fail(f"{where}.{name}", f"expected text, got {type(value).__name__}")
            return None
        return value  # raw: each caller cleans it for its field (lone surrogates included)

    def key(self, obj: Any, where: str) -> str | None:
        raw = obj.get("key") if isinstance(obj, dict) else obj
        if type(raw) is str and _STORED_KEY.fullmatch(raw):
            return raw
        if not isinstance(raw, str) or not PAPER_KEY.match(raw.strip().lower()):
            shown = sanitize_line(str(raw))[:40] if raw is not None else "nothing"
            self.fail(
                f"{where}.key" if isinstance(obj, dict) else where,
                f"expected a paper key (16 hex digits), got {shown!r}",
            )
            return None
        return raw.strip().lower()

    def stamp(self, obj: dict, name: str, where: str) -> str | None:
        value = obj.get(name)
        if type(value) is str and (known := self._stamps.get(value)) is not None:
            return known
        value = self.text(obj, name, where)
        if value is None:
            return None
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            self.fail(f"{where}.{name}", f"not an ISO 8601 time: {sanitize_line(value)[:40]!r}")
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        clean = moment.astimezone(dt.UTC).isoformat(timespec="seconds")
        self._stamps[value] = clean
        return clean

    def date(self, obj: dict, name: str, where: str) -> str | None:
        value = obj.get(name)
        if type(value) is str and (known := self._dates.get(value)) is not None:
            return known
        value = self.text(obj, name, where)
        if value is None:
            return None
        try:
            clean = self._dates[value] = dt.date.fromisoformat(value.strip()).isoformat()
            return clean
        except ValueError:
            self.fail(f"{where}.{name}", f"not a date (YYYY-MM-DD): {sanitize_line(value)[:40]!r}")
            return None

    def array(self, obj: dict, name: str, where: str) -> list:
        value = obj.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"{where}{name}", f"expected a list, got {type(value).__name__}")
            return []
        return value

    def record(self, value: Any, where: str) -> dict | None:
        if not isinstance(value, dict):
            self.fail(where, f"expected an object, got {type(value).__name__}")
            return None
        return value


def _optional(check: _Checker, raw: dict, name: str, where: str) -> str | None:
    """A text field most records leave out: absent costs one lookup."""
    return None if raw.get(name) is None else check.text(raw, name, where)


def _authors(check: _Checker, raw: dict, where: str) -> list[str]:
    authors_raw = raw.get("authors") or []
    if not isinstance(authors_raw, list) or not all(isinstance(a, str) for a in authors_raw):
        check.fail(f"{where}.authors", "expected a list of names")
        return []
    return [a for a in (sanitize_line(x)[:200] for x in authors_raw) if a]


def _paper(check: _Checker, raw: dict, where: str) -> PaperRecord | None:
    key = check.key(raw, where)
    title = check.text(raw, "title", where, required=True)
    if title is not None:
        title = sanitize_line(title)
        if not title:
            check.fail(f"{where}.title", "empty")
        title, _ = truncate(title, MAX_TITLE)
    abstract = _optional(check, raw, "abstract", where)
    abstract, _ = truncate(clean_paragraph(abstract), MAX_ABSTRACT) if abstract else ("", False)
    upvotes = raw.get("upvotes")
    if upvotes is not None and (isinstance(upvotes, bool) or not isinstance(upvotes, int)):
        check.fail(f"{where}.upvotes", "expected a whole number")
        upvotes = None
    published = _optional(check, raw, "published", where)
    github = _optional(check, raw, "github", where)
    project_page = _optional(check, raw, "project_page", where)
    record = PaperRecord(
        key=key or "",
        title=title or "",
        abstract=abstract,
        arxiv_id=valid_arxiv_id(_optional(check, raw, "arxiv_id", where)),
        authors=_authors(check, raw, where) if raw.get("authors") else [],
        upvotes=max(0, upvotes) if upvotes is not None else None,
        github=safe_url(github) if github else None,
        project_page=safe_url(project_page) if project_page else None,
        published=sanitize_line(published)[:40] or None if published else None,
        first_seen=check.date(raw, "first_seen", where),
        last_seen=check.date(raw, "last_seen", where),
    )
    return record if key and title else None


def parse_backup(data: Any) -> Backup:
    """Validate and clean a decoded backup; BackupError lists every problem found."""
    check = _Checker()
    backup = Backup()
    if not isinstance(data, dict):
        raise BackupError(
            f"not a paperterm backup: expected a JSON object, got {type(data).__name__}"
        )
    if data.get("format") != FORMAT_NAME:
        raise BackupError(f'not a paperterm backup: no "format": "{FORMAT_NAME}" field')
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BackupError('not a paperterm backup: "version" must be a whole number from 1')
    if version > FORMAT_VERSION:
        raise BackupError(
            f"this backup was made by a newer paperterm (format version {version}, this one "
            f"reads up to {FORMAT_VERSION}). Next: update paperterm, then import again."
        )
    for i, raw in enumerate(check.array(data, "papers", "")):
        where = f"papers[{i}]"
        obj = check.record(raw, where)
        if obj is not None and (paper := _paper(check, obj, where)):
            backup.papers[paper.key] = paper
    merged: dict[str, int] = {}
    for i, raw in enumerate(check.array(data, "lists", "")):
        where = f"lists[{i}]"
        obj = check.record(raw, where)
        if obj is None:
            continue
        name = sanitize_line(check.text(obj, "name", where, required=True) or "")
        if not name:
            check.fail(f"{where}.name", "a list needs a name")
        elif len(name) > MAX_LIST_NAME:
            check.fail(f"{where}.name", f"longer than {MAX_LIST_NAME} characters")
        created = check.stamp(obj, "created_at", where)
        items: list[tuple[str, str | None]] = []
        for j, item in enumerate(check.array(obj, "items", where + ".")):
            item_where = f"{where}.items[{j}]"
            if isinstance(item, dict):
                key = check.key(item, item_where)
                added = check.stamp(item, "added_at", item_where)
            else:
                key, added = check.key(item, item_where), None
            if key:
                items.append((key, added))
        if name and len(name) <= MAX_LIST_NAME:
            if name.casefold() in merged:  # the same list twice: one list, items in order
                old_name, old_created, old_items = backup.lists[merged[name.casefold()]]
                backup.lists[merged[name.casefold()]] = (old_name, old_created, old_items + items)
            else:
                merged[name.casefold()] = len(backup.lists)
                backup.lists.append((name, created, items))
    for i, raw in enumerate(check.array(data, "notes", "")):
        where = f"notes[{i}]"
        obj = check.record(raw, where)
        if obj is None:
            continue
        key = check.key(obj, where)
        body = check.text(obj, "body", where, required=True)
        body = clean_note(body) if body is not None else None
        if body is not None and len(body) > MAX_NOTE:
            check.fail(f"{where}.body", f"longer than {MAX_NOTE:,} characters")
            body = None
        created = check.stamp(obj, "created_at", where)
        updated = check.stamp(obj, "updated_at", where) or created
        if key and body:
            old = backup.notes.get(key)
            if old is None or (updated or "") > (old[2] or ""):
                backup.notes[key] = (body, created, updated)
    for i, raw in enumerate(check.array(data, "read", "")):
        where = f"read[{i}]"
        obj = check.record(raw, where)
        if obj is None:
            continue
        key = check.key(obj, where)
        if key:
            backup.read[key] = check.stamp(obj, "read_at", where)
    backup.saved_searches = parse_records(data.get("saved_searches"), check.fail)
    if check.problems:
        shown = check.problems[:MAX_PROBLEMS_SHOWN]
        more = len(check.problems) - len(shown)
        lines = "\n  ".join(shown + ([f"… and {more} more"] if more else []))
        raise BackupError(f"the backup is not valid, nothing was imported:\n  {lines}")
    return backup


def read_backup(path: str | os.PathLike[str]) -> Backup:
    """Read and validate a backup file; BackupError says what is wrong with it."""
    file = Path(path)
    shown = sanitize_line(str(file))
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BackupError(f"{shown} is larger than {MAX_FILE_BYTES // 2**20} MB")
        raw = file.read_bytes()
    except IsADirectoryError:
        raise BackupError(f"{shown} is a folder, not a backup file") from None
    except OSError as exc:
        raise BackupError(f"cannot read {shown}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BackupError(f"{shown} is not UTF-8 text (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BackupError(
            f"{shown} is not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise BackupError(f"{shown} is nested too deeply to be a backup") from None
    try:
        return parse_backup(data)
    except BackupError as exc:
        raise BackupError(f"{shown}: {exc}") from None
