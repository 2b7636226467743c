"""``paperterm note``: write a paper's note in $EDITOR or from --set, show or delete it."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.text import Text

from paperterm.bookmarks import Bookmarks, BookmarksError
from paperterm.cli.common import open_store
from paperterm.cli.output import out, print_json, safe
from paperterm.cli.resolve import fail, one_paper, short
from paperterm.models import Paper


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("note", help="write a paper's note (opens $EDITOR), or --show it")
    p.add_argument("target", nargs="+", metavar="KEY|QUERY")
    p.add_argument("-m", "--set", dest="text", metavar="TEXT", help="the note ('-' = stdin)")
    p.add_argument("--show", action="store_true", help="print the note")
    p.add_argument("--delete", action="store_true", help="delete the note")
    p.add_argument("--json", action="store_true", help="with --show: print as JSON")
    p.set_defaults(func=run_note)


def _edit(initial: str) -> str | None:
    """Open the user's editor on ``initial``; the edited text, or None if it failed."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="paperterm-note-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(initial + ("\n" if initial else ""))
        try:
            status = subprocess.call([*shlex.split(editor), str(path)])
        except (OSError, ValueError) as exc:
            raise BookmarksError(
                f"could not start the editor {editor!r}: {exc}. Next: set $EDITOR, or use --set."
            ) from None
        if status != 0:
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    finally:
        path.unlink(missing_ok=True)


def _print_note(marks: Bookmarks, paper: Paper, as_json: bool) -> int:
    note = marks.note(paper.key)
    if as_json:
        print_json(
            {
                "key": paper.key,
                "title": paper.title,
                "note": note.body if note else None,
                "created_at": note.created_at if note else None,
                "updated_at": note.updated_at if note else None,
            }
        )
        return 0
    out.print(short(paper))
    if note is None:
        hint = "No note yet. Next: paperterm note KEY (opens $EDITOR) or --set TEXT."
        out.print(Text(hint, style="dim"))
        return 0
    out.print(safe(f"created {note.created_at} · updated {note.updated_at}", style="dim"))
    out.print(safe(note.body, multiline=True))
    return 0


def _edited_body(marks: Bookmarks, paper: Paper) -> str | None:
    """The note as the user left it in $EDITOR; None when it did not change."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise BookmarksError(
            "no terminal to open an editor in. Next: paperterm note KEY --set TEXT "
            "(or --set - to read the note from standard input)."
        )
    old = marks.note(paper.key)
    edited = _edit(old.body if old else "")
    if edited is None:
        raise BookmarksError("the editor failed; the note was not changed")
    if old is not None and edited.strip() == old.body.strip():
        return None
    return edited


def run_note(args: argparse.Namespace) -> int:
    store = open_store(args)
    marks = Bookmarks(store)
    try:
        paper = one_paper(store, args.target)
        if args.show or args.json:
            return _print_note(marks, paper, args.json)
        if args.delete:
            body: str | None = ""
        elif args.text is not None:
            body = sys.stdin.read() if args.text == "-" else args.text
        else:
            body = _edited_body(marks, paper)
            if body is None:
                out.print(Text("Note unchanged: ") + short(paper))
                return 0
        note = marks.set_note(paper.key, body)
    except BookmarksError as exc:
        return fail(exc)
    verb = "Note saved" if note else "Note deleted"
    out.print(Text(f"{verb}: ") + short(paper))
    return 0
