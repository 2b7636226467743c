"""Markdown export: a heading per list; no title, name or note can become markup."""

from __future__ import annotations

import re

from paperterm.bookmarks.snapshot import Snapshot
from paperterm.links import paper_links, safe_url
from paperterm.models import Paper
from paperterm.text import sanitize, sanitize_line

# Characters that start or close Markdown (CommonMark, GFM and common extensions: math,
# highlights, citations, attributes) anywhere in a line; each is backslash-escaped.
_ALWAYS = set("\\`*_{}[]<>#|~&$@!=^")
_LINK_NAMES = {"hf": "Hugging Face", "arxiv": "arXiv", "code": "code", "project": "project page"}
# Characters a link destination cannot hold literally.
_URL_UNSAFE = re.compile(r"""[\s"'()<>\[\]\\`]""")
_LINE_START = re.compile(r"^([-+]|\d+(?=[.)]))")


def escape_inline(text: str) -> str:
    """Text that renders as itself inside a Markdown paragraph, never as markup or a link.

    Besides the markup characters, ``:`` before a non-space, ``.`` before a letter or digit
    and ``//`` are escaped so that no Markdown flavour can turn a URL, a domain or an e-mail
    address in the text into a link (escaped characters break autolink detection).
    """
    out: list[str] = []
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if (
            ch in _ALWAYS
            or (ch == ":" and nxt and not nxt.isspace())
            or (ch == "." and nxt.isalnum())
            or (ch == "/" and nxt == "/")
        ):
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def escape_line(text: str) -> str:
    """One line of text that cannot start a block (list, heading, code, quote, rule)."""
    stripped = text.lstrip(" \t")
    indent = len(text) - len(stripped)
    body = escape_inline(stripped)
    match = _LINE_START.match(body)
    if match:
        # "- x", "+ x" -> escape the marker; "12. x" / "12) x" -> escape the delimiter.
        end = match.end()
        body = "\\" + body if match.group(1) in "-+" else body[:end] + "\\" + body[end:]
    # Leading spaces would make an indented code block: no-break spaces keep the look.
    return "\u00a0" * indent + body


def _url(url: str) -> str:
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def _links(paper: Paper) -> list[str]:
    parts = []
    for name, url in paper_links(paper).items():
        safe = safe_url(url)
        if safe:
            parts.append(f"[{_LINK_NAMES.get(name, name)}]({_url(safe)})")
    return parts


def _note_lines(body: str) -> list[str]:
    lines = sanitize(body).split("\n")
    out = []
    for i, line in enumerate(lines):
        text = escape_line(line.rstrip())
        # A backslash at the end of a line is a hard line break inside the quote.
        hard_break = i + 1 < len(lines) and text and lines[i + 1].strip()
        out.append(f"  > {text}\\" if hard_break else f"  > {text}".rstrip())
    return out


def _paper_block(snap: Snapshot, key: str) -> list[str]:
    paper = snap.papers.get(key)
    if paper is None:
        lines = [f"- **paper {escape_inline(key)} is not in the store**"]
    else:
        meta = []
        if paper.first_seen:
            meta.append(f"first seen {paper.first_seen.isoformat()}")
        meta += _links(paper)
        read_at = snap.read.get(key)
        if read_at:
            meta.append(f"read {escape_inline(sanitize_line(read_at)[:10])}")
        title = f"- **{escape_inline(sanitize_line(paper.title))}**"
        lines = [title + "\\", "  " + " · ".join(meta)] if meta else [title]
    note = snap.notes.get(key)
    if note and note.body.strip():
        lines += [""] + _note_lines(note.body)
    return lines + [""]


def to_markdown(snap: Snapshot) -> str:
    """The lists as Markdown: title, first-seen date, links and the note of each paper."""
    out = ["# Reading lists", ""]
    if not snap.lists:
        out += ["No reading lists yet.", ""]
    for lst in snap.lists:
        out += [f"## {escape_inline(sanitize_line(lst.name))}", ""]
        if not lst.items:
            out += ["No papers in this list.", ""]
        for item in lst.items:
            out += _paper_block(snap, item.key)
    listed = set(snap.listed_keys())
    others = [key for key in sorted(snap.notes) if key not in listed]
    if others:
        out += ["## Notes on papers in no list", ""]
        for key in others:
            out += _paper_block(snap, key)
    return "\n".join(out).rstrip("\n") + "\n"
