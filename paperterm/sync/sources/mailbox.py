"""Mailboxes (mbox files, Maildir folders, single .eml files) -> one sync unit per digest message.

A message is a digest by its content (the digest header, or a date line followed by
title / abstract paragraphs), whatever the sender; a sender / subject filter other than
the default narrows that further. The user's mailbox is only ever opened for reading.
mbox bodies are un-escaped as mboxrd (``>From `` -> ``From ``). Messages are keyed by Message-ID
(``mail:<id>``), or by a hash of their bytes when they have none, and never change once
synced, so a re-sync reads nothing it has seen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mailbox
import re
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from pathlib import Path

from paperterm.config import MailMatch
from paperterm.models import Issue, ParseResult
from paperterm.sync.sources.mail_message import header_value, message_result
from paperterm.sync.units import Fetched, Unit

MAX_MESSAGE_BYTES = 32 * 1024 * 1024
MAX_HEADER_BYTES = 256 * 1024
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")  # a header field name then a colon
_MBOXRD_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


@dataclass(frozen=True)
class MailboxScan:
    """What a mailbox held: every message, and those the filter picked."""

    messages: int = 0
    matched: int = 0


# --- detection ------------------------------------------------------------------------------


def _header_block(head: bytes) -> list[bytes] | None:
    """The header lines at the start of ``head``, or None when it does not start with headers."""
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    fields: list[bytes] = []
    for line in lines[:-1]:  # the last line may be cut short
        if not line:
            return fields if fields else None
        if line[:1] in (b" ", b"\t") and fields:
            continue  # folded continuation
        if not _HEADER_LINE.match(line):
            return None
        fields.append(line.split(b":", 1)[0].lower())
    return fields if len(fields) >= 3 else None  # headers longer than the sniffed bytes


def detect_mailbox(path: Path) -> str | None:
    """``"maildir"``, ``"mbox"`` or ``"eml"`` when ``path`` holds mail (by content), else None."""
    try:
        if path.is_dir():
            return "maildir" if (path / "cur").is_dir() and (path / "new").is_dir() else None
        with path.open("rb") as handle:
            head = handle.read(16384)
    except OSError:
        return None
    if head.startswith(b"From "):
        first_end = head.find(b"\n")
        if first_end > 0 and _header_block(head[first_end + 1 :]) is not None:
            return "mbox"
        return None
    fields = _header_block(head)
    if fields and b"from" in fields and (b"date" in fields or b"message-id" in fields):
        return "eml"
    return None


# --- reading the mailbox without writing it -------------------------------------------------


@dataclass(frozen=True)
class _Ref:
    """Where one message is, and what its headers said."""

    key: str | tuple[int, int]  # Maildir key, or (start, end) byte offsets in the file
    head: bytes  # the raw header block, to check the message is still the same at fetch time
    fallback_date: dt.date | None


def _split_head(data: bytes) -> bytes:
    for sep in (b"\r\n\r\n", b"\n\n"):
        at = data.find(sep)
        if at >= 0:
            return data[: at + len(sep)]
    return data


def _from_line_date(line: bytes) -> dt.date | None:
    # "From sender Thu Mar 14 08:00:00 2024"
    parts = line.decode("ascii", errors="replace").split()
    if len(parts) >= 6:
        try:
            return dt.datetime.strptime(" ".join(parts[-5:]), "%a %b %d %H:%M:%S %Y").date()
        except ValueError:
            return None
    return None


def _mbox_refs(path: Path) -> Iterator[_Ref]:
    """Each message of an mbox file, found by its ``From `` line (as the stdlib does)."""
    with path.open("rb") as handle:
        start: int | None = None
        head = b""
        in_head = False
        from_line = b""
        pos = 0
        for line in handle:
            if line.startswith(b"From "):
                if start is not None:
                    yield _Ref((start, pos), head, _from_line_date(from_line))
                start, head, in_head, from_line = pos + len(line), b"", True, line
            elif in_head:
                if line in (b"\n", b"\r\n") or len(head) > MAX_HEADER_BYTES:
                    in_head = False
                head += line
            pos += len(line)
        if start is not None:
            yield _Ref((start, pos), head, _from_line_date(from_line))


def _read_head(handle) -> bytes:
    head = b""
    for line in handle:
        head += line
        if line in (b"\n", b"\r\n") or len(head) > MAX_HEADER_BYTES:
            break
    return head


def _maildir_refs(box: mailbox.Maildir) -> Iterator[_Ref]:
    for key in sorted(box.iterkeys()):
        try:
            with closing(box.get_file(key)) as handle:
                head = _read_head(handle)
        except (OSError, KeyError):
            continue  # moved or deleted by the mail client meanwhile
        yield _Ref(key, head, None)


def _read_message(path: Path, kind: str, ref: _Ref, box: mailbox.Maildir | None) -> bytes:
    if box is not None:
        with closing(box.get_file(str(ref.key))) as handle:
            data = handle.read(MAX_MESSAGE_BYTES + 1)
    else:
        start, end = ref.key if isinstance(ref.key, tuple) else (0, 0)
        if kind == "eml":
            start, end = 0, MAX_MESSAGE_BYTES + 1
        with path.open("rb") as handle:
            handle.seek(start)
            data = handle.read(min(end - start, MAX_MESSAGE_BYTES + 1))
    if len(data) > MAX_MESSAGE_BYTES:
        raise ValueError(f"message larger than {MAX_MESSAGE_BYTES // 2**20} MB")
    if not data.startswith(ref.head):
        raise ValueError("the mailbox changed during the sync; run paperterm sync again")
    if kind == "mbox" and b">" in data:
        # mboxrd: a body line "From " was written as ">From ", ">From " as ">>From " ...
        head = len(ref.head)
        data = data[:head] + _MBOXRD_FROM.sub(rb"\1", data[head:])
    return data


# --- units ----------------------------------------------------------------------------------


def _message_id(headers: EmailMessage) -> str:
    value = header_value(headers, "Message-ID")
    return value.strip().strip("<>").strip()


def mailbox_units(
    path: Path, match: MailMatch | None = None, *, kind: str | None = None
) -> tuple[list[Unit], list[Issue], MailboxScan]:
    """A unit for each message of the mailbox at ``path`` that may be a digest.

    With no ``match`` or the default one, every message is read and kept when its content
    is a digest's; a non-default match also requires its sender and subject.
    """
    default = MailMatch()
    match = match or default
    by_content = match == default
    path = path.expanduser().resolve()
    kind = kind or detect_mailbox(path)
    name = path.name or str(path)
    if kind is None:
        if path.exists() and path.is_file() and path.stat().st_size == 0:
            return [], [], MailboxScan()  # an empty mbox: nothing yet
        why = "no such file or folder" if not path.exists() else "not an mbox file or a Maildir"
        return [], [Issue(str(path), 0, why)], MailboxScan()
    box: mailbox.Maildir | None = None
    try:
        if kind == "maildir":
            # Opened for reading only: nothing is created, moved or flagged.
            box = mailbox.Maildir(str(path), factory=None, create=False)
            refs = list(_maildir_refs(box))
        elif kind == "mbox":
            refs = list(_mbox_refs(path))
        else:
            with path.open("rb") as handle:
                head = _read_head(handle)
            refs = [_Ref((0, 0), head, None)]
    except (OSError, mailbox.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return [], [Issue(str(path), 0, f"cannot read the mailbox: {reason}")], MailboxScan()
    parser = BytesHeaderParser(_class=EmailMessage, policy=policy.default)
    units: list[Unit] = []
    seen: dict[str, _Ref] = {}
    issues: list[Issue] = []
    matched = 0
    for ref in refs:
        try:
            headers = parser.parsebytes(_split_head(ref.head))
            sender, subject = header_value(headers, "From"), header_value(headers, "Subject")
            message_id = _message_id(headers)
        except Exception:
            sender = subject = message_id = ""
        trusted = match.matches(sender, subject)
        if not trusted and not by_content:
            continue
        matched += 1
        if not message_id:
            # No Message-ID: the message's own bytes name it.
            try:
                digest = hashlib.sha256(_read_message(path, kind, ref, box)).hexdigest()[:32]
            except (OSError, ValueError, KeyError):
                continue
            message_id = f"sha256:{digest}"
        locator = f"mail:{message_id}"
        if locator in seen:
            # The same message twice (copied between folders) is fine; the same Message-ID
            # on another body is said: the first one is kept.
            if _differs(path, kind, seen[locator], ref, box):
                issues.append(
                    Issue(
                        f"{name} <{message_id}>",
                        0,
                        "another message has the same Message-ID but a different body; "
                        "only the first is synced",
                        "warning",
                    )
                )
            continue
        seen[locator] = ref
        where = f"{name} <{message_id}>"
        units.append(_unit(path, kind, ref, box, locator, where, trusted=trusted))
    return units, issues, MailboxScan(messages=len(refs), matched=matched)


def _differs(path: Path, kind: str, a: _Ref, b: _Ref, box: mailbox.Maildir | None) -> bool:
    try:
        return _read_message(path, kind, a, box) != _read_message(path, kind, b, box)
    except (OSError, ValueError, KeyError):
        return False


def _unit(
    path: Path,
    kind: str,
    ref: _Ref,
    box: mailbox.Maildir | None,
    locator: str,
    where: str,
    *,
    trusted: bool = True,
) -> Unit:
    def fetch() -> Fetched:
        try:
            raw = _read_message(path, kind, ref, box)
        except (OSError, KeyError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            return Fetched("", ParseResult((), (Issue(where, 0, f"cannot read: {reason}"),)))
        sha = hashlib.sha256(raw).hexdigest()
        try:
            fallback = ref.fallback_date or _delivery_date(path, ref, box)
            return Fetched(sha, message_result(raw, where, fallback, trusted=trusted))
        except Exception as exc:  # one broken message must not stop the others
            issue = Issue(where, 0, f"cannot read this message: {type(exc).__name__}: {exc}")
            return Fetched("", ParseResult((), (issue,)))

    return Unit(kind="mail", locator=locator, stamp=None, fetch=fetch, label=where)


def _delivery_date(path: Path, ref: _Ref, box: mailbox.Maildir | None) -> dt.date | None:
    """When the message arrived: the Maildir file's time, or the .eml file's."""
    try:
        if box is not None:
            return dt.date.fromtimestamp(box.get_message(str(ref.key)).get_date())
        return dt.date.fromtimestamp(path.stat().st_mtime)
    except (OSError, KeyError, ValueError, OverflowError):
        return None
