"""The ``paperterm`` command: argparse subcommands over the core; the TUI is imported lazily."""

from __future__ import annotations

import argparse
import importlib
import sqlite3
from collections.abc import Sequence

from paperterm import __version__
from paperterm.cli.output import error
from paperterm.cli.parser import StrictArgumentParser, accept_everywhere, split_extras
from paperterm.store import StoreError

# Each module has register(subparsers) and sets ``func(args) -> int`` on its parsers.
COMMAND_MODULES = (
    "paperterm.cli.sync_cmd",
    "paperterm.cli.search_cmd",
    "paperterm.cli.lists_cmd",
    "paperterm.cli.notes_cmd",
    "paperterm.cli.read_cmd",
    "paperterm.cli.export_cmd",
    "paperterm.cli.sources_cmd",
    "paperterm.cli.enrich_cmd",
    "paperterm.cli.discover_cmd",
)


def build_parser() -> argparse.ArgumentParser:
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
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    accept_everywhere(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
