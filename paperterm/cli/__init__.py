"""The ``paperterm`` command: argparse subcommands over the core; the TUI is imported lazily."""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence

# numpy's OpenBLAS starts a thread per core when imported; paperterm does no linear algebra
# that needs them, and starting them is ~50 ms of every command on a busy 2-core machine.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from paperterm import __version__
from paperterm.cli.output import error
from paperterm.cli.parser import StrictArgumentParser, accept_everywhere, split_extras
from paperterm.store import StoreError

# Which module registers each command: a command line naming one imports only that module
# (``paperterm search`` need not load sync, httpx or discovery). A word not listed here, or
# none, registers every module (a test keeps this table complete).
COMMAND_OF = {
    "sync": "paperterm.cli.sync_cmd",
    "search": "paperterm.cli.search_cmd",
    "show": "paperterm.cli.search_cmd",
    "lists": "paperterm.cli.lists_cmd",
    "list": "paperterm.cli.lists_cmd",
    "bookmark": "paperterm.cli.lists_cmd",
    "move": "paperterm.cli.lists_cmd",
    "note": "paperterm.cli.notes_cmd",
    "read": "paperterm.cli.read_cmd",
    "export": "paperterm.cli.export_cmd",
    "import": "paperterm.cli.export_cmd",
    "rebuild": "paperterm.cli.export_cmd",
    "config": "paperterm.cli.sources_cmd",
    "sources": "paperterm.cli.sources_cmd",
    "enrich": "paperterm.cli.enrich_cmd",
    "related": "paperterm.cli.discover_cmd",
    "for-you": "paperterm.cli.discover_cmd",
    "trending": "paperterm.cli.discover_cmd",
    "searches": "paperterm.cli.discover_cmd",
    "stats": "paperterm.cli.discover_cmd",
}
# Each module has register(subparsers) and sets ``func(args) -> int`` on its parsers.
COMMAND_MODULES = tuple(dict.fromkeys(COMMAND_OF.values()))
TAKES_VALUE = ("--store", "--config", "--theme")


def command_word(argv: Sequence[str]) -> str | None:
    """The command named on a command line (the first word that is not an option)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in TAKES_VALUE:
            skip = True
        elif word == "--":
            return None
        elif not word.startswith("-"):
            return word
    return None


def build_parser(
    argv: Sequence[str] | None = None, *, reader_only: bool = False
) -> argparse.ArgumentParser:
    """The parser; given ``argv``, only the module of the command it names is imported.

    ``reader_only``: no command at all (the top-level options of the reader), for a start
    that must not wait for every command module (numpy and discovery among them).
    """
    parser = StrictArgumentParser(
        prog="paperterm",
        description="Read research-paper digests from the terminal. "
        "With no command, opens the reader.",
    )
    parser.add_argument("--version", action="version", version=f"paperterm {__version__}")
    parser.add_argument("--store", metavar="PATH", help="SQLite store (env PAPERTERM_STORE)")
    parser.add_argument("--config", metavar="PATH", help="config file (env PAPERTERM_CONFIG)")
    parser.add_argument("--theme", help="Textual theme for the reader")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    word = command_word(argv) if argv is not None else None
    modules = [COMMAND_OF[word]] if word in COMMAND_OF else COMMAND_MODULES
    if reader_only:
        modules = ()
    for name in modules:
        importlib.import_module(name).register(sub)
    accept_everywhere(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    # No command: the reader starts, and its parser needs no command module (~0.4 s of
    # imports). Anything it does not take (help, a stray word) goes to the full parser.
    reader = command_word(argv) is None and not {"-h", "--help"} & set(argv)
    parser = build_parser(argv, reader_only=reader)
    args, extra = parser.parse_known_args(argv)
    if reader and extra:
        parser = build_parser(argv)
        args, extra = parser.parse_known_args(argv)
    if extra:  # exclusions such as -density look like options to argparse
        words = split_extras(parser, argv, args.command, extra)
        args.query = [*args.query, *words]
    try:
        if args.command is None:
            from paperterm.tui import run  # Textual only loads for the reader

            return run(args)
        return int(args.func(args) or 0)
    except StoreError as exc:
        error(str(exc))
        return 2
    except sqlite3.Error as exc:  # e.g. a read-only store, a full disk
        error(
            f"The store could not be used. Why: {exc}. "
            "Next: check that the store file and its folder are writable (see --store)."
        )
        return 2
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        return 0
