"""``paperterm export``, ``import`` and ``rebuild``: user data in and out, the index redone."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.text import Text

from paperterm.atomic import TargetExists, write_atomic
from paperterm.bookmarks import BookmarksError, plural
from paperterm.bookmarks.export import EXTENSIONS, FORMATS, export_text
from paperterm.bookmarks.importer import import_file
from paperterm.cli.common import open_store
from paperterm.cli.output import err, error, out, safe, warning
from paperterm.cli.resolve import fail
from paperterm.store.maintenance import integrity_problems, rebuild


def register(sub: argparse._SubParsersAction) -> None:
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
        return fail("--all is for md, bib and csv; the JSON backup holds your lists and notes")
    if args.all and args.list_name:
        return fail("use either --list NAME or --all")
    store = open_store(args)
    target = args.output if args.output and args.output != "-" else None
    exists = f"{target} exists. Next: pass --force to overwrite it, or choose another name."
    if target and not args.force and Path(target).exists():
        return fail(exists)
    try:
        text = export_text(store, fmt, list_name=args.list_name, all_papers=args.all)
    except BookmarksError as exc:
        return fail(exc)
    if target is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    try:
        path = write_atomic(target, text, force=args.force)
    except TargetExists:
        return fail(exists)
    except OSError as exc:
        return fail(f"could not write {target}: {exc.strerror or exc}")
    size = plural(len(text.encode()), "byte")
    err.print(Text("Wrote ") + safe(str(path)) + Text(f" ({fmt}, {size})."))
    return 0


def run_import(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        report = import_file(store, args.file)
    except BookmarksError as exc:
        return fail(exc)
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
        error(f"the store has {plural(len(problems), 'problem')}:")
        for problem in problems[:20]:
            err.print(safe("  " + problem))
        return 1
    out.print("Integrity check: ok.")
    return 0
