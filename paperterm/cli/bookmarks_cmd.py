"""Reading lists, notes, read state, export/import and rebuild from the shell."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.table import Table
from rich.text import Text

from paperterm.atomic import TargetExists, write_atomic
from paperterm.bookmarks import DEFAULT_LIST, Bookmarks, BookmarksError
from paperterm.bookmarks.export import EXTENSIONS, FORMATS, export_text
from paperterm.bookmarks.importer import import_file
from paperterm.cli.common import open_store
from paperterm.cli.output import err, error, out, print_json, safe, warning
from paperterm.models import Paper
from paperterm.store import AmbiguousKey, Store, get_paper, papers_by_ids
from paperterm.store.maintenance import integrity_problems, rebuild
from paperterm.text import normalize_title

MAX_CANDIDATES = 10


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lists", help="show reading lists; create, rename or delete one")
    p.add_argument("--json", action="store_true", help="print the lists as JSON")
    p.set_defaults(func=run_lists)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    a = actions.add_parser("create", help="create an empty list")
    a.add_argument("name")
    a.set_defaults(func=run_lists_create)
    a = actions.add_parser("rename", help="rename a list")
    a.add_argument("old")
    a.add_argument("new")
    a.set_defaults(func=run_lists_rename)
    a = actions.add_parser("delete", help="delete a list (--force when it holds papers)")
    a.add_argument("name")
    a.add_argument("--force", action="store_true", help="delete even if it holds papers")
    a.set_defaults(func=run_lists_delete)

    p = sub.add_parser("list", help="show the papers of a reading list, in order")
    p.add_argument("name", nargs="?", default=DEFAULT_LIST, help=f'default "{DEFAULT_LIST}"')
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_list)

    p = sub.add_parser("bookmark", help="add papers to a reading list (or --remove them)")
    p.add_argument("target", nargs="+", metavar="KEY|QUERY", help="a paper key or a search")
    p.add_argument("--list", dest="list_name", default=DEFAULT_LIST, metavar="NAME")
    p.add_argument("--remove", action="store_true", help="take the paper out of the list")
    p.add_argument("--all", action="store_true", help="every paper the query matches")
    p.set_defaults(func=run_bookmark)

    p = sub.add_parser("move", help="move a paper up/down in a list, or to another list")
    p.add_argument("target", nargs="+", metavar="KEY|QUERY")
    p.add_argument("--list", dest="list_name", default=DEFAULT_LIST, metavar="NAME")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--up", type=int, nargs="?", const=1, metavar="N", help="N places up")
    how.add_argument("--down", type=int, nargs="?", const=1, metavar="N", help="N places down")
    how.add_argument("--to", metavar="LIST", help="move it to the end of another list")
    p.set_defaults(func=run_move)

    p = sub.add_parser("note", help="write a paper's note (opens $EDITOR), or --show it")
    p.add_argument("target", nargs="+", metavar="KEY|QUERY")
    p.add_argument("-m", "--set", dest="text", metavar="TEXT", help="the note ('-' = stdin)")
    p.add_argument("--show", action="store_true", help="print the note")
    p.add_argument("--delete", action="store_true", help="delete the note")
    p.add_argument("--json", action="store_true", help="with --show: print as JSON")
    p.set_defaults(func=run_note)

    p = sub.add_parser("read", help="mark a paper read (or --unread)")
    p.add_argument("target", nargs="+", metavar="KEY|QUERY")
    p.add_argument("--unread", action="store_true", help="mark it unread")
    p.set_defaults(func=run_read)

    p = sub.add_parser("export", help="export lists: md, json (backup), bib, csv, ris, csljson")
    p.add_argument("--format", "-f", choices=FORMATS, help="default: from -o's extension, or md")
    p.add_argument("--list", dest="list_name", metavar="NAME", help="only this list")
    p.add_argument("--all", action="store_true", help="every paper in the store (all but json)")
    p.add_argument("-o", "--output", metavar="FILE", help="file to write ('-' = stdout)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=run_export)

    p = sub.add_parser("import", help="merge a JSON backup (idempotent)")
    p.add_argument("file", metavar="FILE.json")
    p.set_defaults(func=run_import)

    p = sub.add_parser("rebuild", help="rebuild the paper index (user data is kept)")
    p.add_argument("--check", action="store_true", help="only check the store's integrity")
    p.set_defaults(func=run_rebuild)


# -- helpers ------------------------------------------------------------------------------------


def _fail(exc: Exception | str) -> int:
    lines = str(exc).split("\n")
    error(lines[0])
    for line in lines[1:]:
        err.print(Text("  ") + safe(line))
    return 1


def _short(paper: Paper) -> Text:
    return safe(paper.title, style="bold") + Text(f" ({paper.key[:8]})", style="dim")


def _by_key(store: Store, text: str) -> Paper | None:
    if " " in text or len(text) < 4 or not all(c in "0123456789abcdefABCDEF" for c in text):
        return None
    try:
        return get_paper(store.conn, text)
    except AmbiguousKey as exc:
        raise BookmarksError(str(exc)) from None


def find_papers(store: Store, words: list[str], *, many: bool = False) -> list[Paper]:
    """The paper(s) a KEY or QUERY names; BookmarksError when none or (unless many) several."""
    text = " ".join(words).strip()
    by_key = [_by_key(store, word) for word in words]
    if by_key and all(by_key):
        return [p for p in by_key if p is not None]  # one or more keys
    from paperterm.search import SearchService  # the index loads only when a query needs it

    result = SearchService(store).search(text, limit=None if many else MAX_CANDIDATES)
    if result.error:
        raise BookmarksError(result.error)
    hits = list(result.hits)
    if not hits:
        raise BookmarksError(
            f'no paper matches "{text}". Next: paperterm search WORDS to find its key.'
        )
    full = papers_by_ids(store.conn, [h.paper.id for h in hits])
    papers = [full.get(h.paper.id, h.paper) for h in hits]
    if many or len(papers) == 1:
        return papers
    wanted = normalize_title(text)
    exact = [p for p in papers if normalize_title(p.title) == wanted]
    if len(exact) == 1:
        return exact
    err.print(safe(f'{result.total} papers match "{text}":'))
    for candidate in papers[:MAX_CANDIDATES]:
        line = Text("  ") + Text(candidate.key[:8], style="cyan") + Text("  ")
        err.print(line + safe(candidate.title), no_wrap=True, overflow="ellipsis")
    raise BookmarksError("several papers match. Next: pass a key above, a longer query, or --all.")


def _one(store: Store, words: list[str]) -> Paper:
    papers = find_papers(store, words)
    if len(papers) > 1:
        raise BookmarksError("this command takes one paper; give one key or query.")
    return papers[0]


# -- lists ----------------------------------------------------------------------------------------


def run_lists(args: argparse.Namespace) -> int:
    lists = Bookmarks(open_store(args)).lists()
    if args.json:
        print_json([{"name": x.name, "count": x.count, "created_at": x.created_at} for x in lists])
        return 0
    if not lists:
        out.print("No reading lists yet. Next: paperterm bookmark KEY|QUERY.")
        return 0
    table = Table(show_edge=False)
    table.add_column("list")
    table.add_column("papers", justify="right")
    table.add_column("created", no_wrap=True)
    for item in lists:
        table.add_row(safe(item.name), str(item.count), safe(item.created_at[:10]))
    out.print(table)
    return 0


def run_lists_create(args: argparse.Namespace) -> int:
    try:
        name = Bookmarks(open_store(args)).create_list(args.name)
    except BookmarksError as exc:
        return _fail(exc)
    out.print(Text("Created the list ") + safe(name, style="bold") + Text("."))
    return 0


def run_lists_rename(args: argparse.Namespace) -> int:
    try:
        name = Bookmarks(open_store(args)).rename_list(args.old, args.new)
    except BookmarksError as exc:
        return _fail(exc)
    out.print(Text("Renamed to ") + safe(name, style="bold") + Text("."))
    return 0


def run_lists_delete(args: argparse.Namespace) -> int:
    try:
        count = Bookmarks(open_store(args)).delete_list(args.name, force=args.force)
    except BookmarksError as exc:
        return _fail(exc)
    held = f" (it held {count} paper{'s' * (count != 1)})" if count else ""
    out.print(Text("Deleted the list ") + safe(args.name, style="bold") + Text(held + "."))
    return 0


def run_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    marks = Bookmarks(store)
    try:
        keys = marks.list_keys(args.name)
    except BookmarksError as exc:
        if args.name.casefold() != DEFAULT_LIST.casefold():
            return _fail(exc)
        keys = []  # the default list exists from the first bookmark on
    found = {}
    for key in keys:
        paper = get_paper(store.conn, key)
        if paper:
            found[key] = paper
    read = marks.read_keys()
    noted = marks.note_keys()
    if args.json:
        print_json(
            [
                {
                    "position": i,
                    "key": key,
                    "title": found[key].title if key in found else None,
                    "first_seen": (
                        found[key].first_seen.isoformat()
                        if key in found and found[key].first_seen
                        else None
                    ),
                    "read_at": marks.read_at(key),
                    "note": (n.body if (n := marks.note(key)) else None),
                }
                for i, key in enumerate(keys, start=1)
            ]
        )
        return 0
    if not keys:
        out.print(Text("The list ") + safe(args.name) + Text(" is empty."))
        return 0
    table = Table(show_edge=False, expand=True)
    table.add_column("#", justify="right")
    table.add_column("key", style="dim", no_wrap=True)
    table.add_column("", no_wrap=True)  # marks: unread / note
    table.add_column("title", overflow="ellipsis", no_wrap=True, ratio=1)
    table.add_column("first seen", no_wrap=True)
    for i, key in enumerate(keys, start=1):
        paper = found.get(key)
        mark = ("●" if key not in read else " ") + ("✎" if key in noted else " ")
        table.add_row(
            str(i),
            key[:8],
            mark,
            safe(paper.title) if paper else Text("(not in the store)", style="dim"),
            paper.first_seen.isoformat() if paper and paper.first_seen else "",
        )
    out.print(table)
    out.print(Text(f"{len(keys)} papers · ● unread · ✎ note", style="dim"))
    return 0


# -- bookmark, move ------------------------------------------------------------------------------


def run_bookmark(args: argparse.Namespace) -> int:
    store = open_store(args)
    marks = Bookmarks(store)
    try:
        papers = find_papers(store, args.target, many=args.all)
        if args.remove:
            removed = marks.remove_many([p.key for p in papers], args.list_name)
            if len(papers) == 1:
                verb = "Removed from" if removed else "Was not in"
                out.print(Text(f"{verb} ") + safe(args.list_name) + Text(": ") + _short(papers[0]))
                others = marks.lists_of(papers[0].key)
                if others:
                    out.print(safe("Still in: " + ", ".join(others), style="dim"))
            else:
                out.print(safe(f"Removed {removed} papers from {args.list_name}."))
            return 0
        added = marks.add_many([p.key for p in papers], args.list_name)
    except BookmarksError as exc:
        return _fail(exc)
    if len(papers) == 1:
        verb = "★ Added to" if added else "Already in"
        out.print(Text(f"{verb} ") + safe(args.list_name) + Text(": ") + _short(papers[0]))
    else:
        already = len(papers) - added
        out.print(
            safe(
                f"★ Added {added} papers to {args.list_name}"
                + (f" ({already} were already in it)." if already else ".")
            )
        )
    return 0


def run_move(args: argparse.Namespace) -> int:
    store = open_store(args)
    marks = Bookmarks(store)
    try:
        paper = _one(store, args.target)
        if args.to is not None:
            moved = marks.move_to_list(paper.key, args.list_name, args.to)
            verb = "Moved to " if moved else "Already in "
            out.print(Text(verb) + safe(args.to) + Text(": ") + _short(paper))
            return 0
        delta = -(args.up or 0) if args.up is not None else (args.down or 0)
        index = marks.move_item(paper.key, args.list_name, delta)
    except BookmarksError as exc:
        return _fail(exc)
    out.print(Text(f"Now #{index + 1} in ") + safe(args.list_name) + Text(": ") + _short(paper))
    return 0


# -- notes, read state --------------------------------------------------------------------------


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
    out.print(_short(paper))
    if note is None:
        out.print(
            Text(
                "No note yet. Next: paperterm note KEY (opens $EDITOR) or --set TEXT.", style="dim"
            )
        )
        return 0
    out.print(safe(f"created {note.created_at} · updated {note.updated_at}", style="dim"))
    out.print(safe(note.body, multiline=True))
    return 0


def run_note(args: argparse.Namespace) -> int:
    store = open_store(args)
    marks = Bookmarks(store)
    try:
        paper = _one(store, args.target)
        if args.show or args.json:
            return _print_note(marks, paper, args.json)
        if args.delete:
            body = ""
        elif args.text is not None:
            body = sys.stdin.read() if args.text == "-" else args.text
        else:
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
                out.print(Text("Note unchanged: ") + _short(paper))
                return 0
            body = edited
        note = marks.set_note(paper.key, body)
    except BookmarksError as exc:
        return _fail(exc)
    verb = "Note saved" if note else "Note deleted"
    out.print(Text(f"{verb}: ") + _short(paper))
    return 0


def run_read(args: argparse.Namespace) -> int:
    store = open_store(args)
    marks = Bookmarks(store)
    try:
        paper = _one(store, args.target)
        marks.set_read(paper.key, not args.unread)
    except BookmarksError as exc:
        return _fail(exc)
    state = "unread" if args.unread else f"read ({marks.read_at(paper.key)})"
    out.print(safe(f"Marked {state}:") + Text(" ") + _short(paper))
    return 0


# -- export, import, rebuild ---------------------------------------------------------------------


def _format_of(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.output and args.output != "-":
        suffix = Path(args.output).suffix.lower()
        for fmt, ext in EXTENSIONS.items():
            if suffix == ext or (fmt == "md" and suffix == ".markdown"):
                return fmt
    return "md"


def run_export(args: argparse.Namespace) -> int:
    fmt = _format_of(args)
    if args.all and fmt == "json":
        return _fail("--all is for md, bib and csv; the JSON backup holds your lists and notes")
    if args.all and args.list_name:
        return _fail("use either --list NAME or --all")
    store = open_store(args)
    target = args.output if args.output and args.output != "-" else None
    if target and not args.force and Path(target).exists():
        return _fail(
            f"{target} exists. Next: pass --force to overwrite it, or choose another name."
        )
    try:
        text = export_text(store, fmt, list_name=args.list_name, all_papers=args.all)
    except BookmarksError as exc:
        return _fail(exc)
    if target is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    try:
        path = write_atomic(target, text, force=args.force)
    except TargetExists:
        return _fail(
            f"{target} exists. Next: pass --force to overwrite it, or choose another name."
        )
    except OSError as exc:
        return _fail(f"could not write {target}: {exc.strerror or exc}")
    err.print(Text("Wrote ") + safe(str(path)) + Text(f" ({fmt}, {len(text.encode()):,} bytes)."))
    return 0


def run_import(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        report = import_file(store, args.file)
    except BookmarksError as exc:
        return _fail(exc)
    for message in report.warnings:
        warning(message)
    out.print(safe(report.summary()))
    return 0


def run_rebuild(args: argparse.Namespace) -> int:
    store = open_store(args)
    if not args.check:
        report = rebuild(store)
        out.print(safe(report.summary()))
    problems = integrity_problems(store.conn)
    if problems:
        error(f"the store has {len(problems)} problem{'s' * (len(problems) != 1)}:")
        for problem in problems[:20]:
            err.print(safe("  " + problem))
        return 1
    out.print("Integrity check: ok.")
    return 0
