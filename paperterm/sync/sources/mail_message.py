"""One mail message -> digests: its text part (or HTML part as text), dated by its Date.

A message is a digest by its content: the digest header, or a date line followed by title /
abstract paragraphs. A message from a digest sender (``trusted``) with no date line at all is
dated by the message itself.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email
import email.utils
import re
from email import policy
from email.message import EmailMessage

from paperterm.models import Issue, ParseResult
from paperterm.sync.digest import HEADER_LINES
from paperterm.sync.page_text import parse_text
from paperterm.sync.sources.html_text import html_to_text
from paperterm.text import sanitize_line

# Footer lines of a newsletter: never papers.
_MAIL_FURNITURE = re.compile(
    r"unsubscribe|view (it |this )?(e-?mail |message )?in (your |a )?browser|"
    r"e-?mail preferences|you (are receiving|received) this|all rights reserved|"
    r"^©|^\(c\) \d{4}|privacy policy|manage (your )?subscriptions?",
    re.IGNORECASE,
)


def header_value(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # a malformed header the policy cannot even represent
        return ""
    return sanitize_line(str(value)) if value is not None else ""


def _message_date(msg: EmailMessage) -> dt.date | None:
    raw = header_value(msg, "Date")
    if not raw:
        return None
    try:
        return email.utils.parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _text_parts(msg: EmailMessage) -> tuple[EmailMessage | None, EmailMessage | None]:
    plain = html = None
    for part in msg.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        ctype = part.get_content_type()
        if ctype == "text/plain" and plain is None:
            plain = part
        elif ctype == "text/html" and html is None:
            html = part
    return plain, html


def _decode_part(part: EmailMessage, where: str, issues: list[Issue]) -> str:
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset() or "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        issues.append(Issue(where, 0, f"unknown charset {charset!r}, read as UTF-8", "warning"))
        charset = "utf-8"
    try:
        return data.decode(charset)
    except UnicodeDecodeError:
        issues.append(Issue(where, 0, f"text not valid {charset}, bad bytes replaced", "warning"))
        return data.decode(charset, errors="replace")


def _strip_mail_furniture(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if line == "-- ":
            break  # the signature
        lines.append("" if _MAIL_FURNITURE.search(line) else line)
    return "\n".join(lines)


def _has_digest_header(text: str) -> bool:
    return any(line.strip().lower() in HEADER_LINES for line in text.splitlines())


def message_result(
    raw: bytes, where: str, fallback_date: dt.date | None = None, *, trusted: bool = True
) -> ParseResult:
    """The digests in one message: the text part, else the HTML part converted to text.

    The message's Date gives year-less date lines their year. A ``trusted`` message (its
    sender and subject are a digest's) with no date line at all is dated by the message;
    any other message is a digest only when its text looks like one (the digest header, or
    a date line and papers): otherwise it is not a digest and says nothing.
    """
    msg = email.message_from_bytes(raw, _class=EmailMessage, policy=policy.default)
    date = _message_date(msg) or fallback_date or dt.date.today()
    plain, html = _text_parts(msg)
    if plain is None and html is None:
        if not trusted:
            return ParseResult()
        return ParseResult((), (Issue(where, 0, "no text or HTML part: not a digest", "warning"),))
    issues: list[Issue] = []
    result = ParseResult()
    headed = False
    for part, is_html in ((plain, False), (html, True)):
        if part is None:
            continue
        text = _decode_part(part, where, issues)
        if is_html:
            text = html_to_text(text)
        text = _strip_mail_furniture(text)
        headed = headed or _has_digest_header(text)
        default = date if trusted or headed else None
        result = parse_text(text, where, date, default_date=default)
        if result.digests:
            break  # a text part with papers; else try the HTML part
    if not trusted and not headed and not result.digests:
        return ParseResult()  # an ordinary message: not a digest, nothing to say
    if not result.digests and not result.failed:
        issues.append(Issue(where, 0, "no papers found in this message", "warning"))
    return ParseResult(result.digests, tuple(issues) + result.issues)
