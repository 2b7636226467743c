"""Argument parsing that fails in one line and names the closest real flag or command."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn

from paperterm.cli.output import SafeArgumentParser
from paperterm.text import sanitize_line

# Options the top-level parser takes that people also write after the command.
EVERYWHERE = (
    ("--store", "PATH", "SQLite store (env PAPERTERM_STORE)"),
    ("--config", "PATH", "config file (env PAPERTERM_CONFIG)"),
)


class StrictArgumentParser(SafeArgumentParser):
    """argparse with one-line errors (for cron mail) and a "did you mean" hint."""

    def error(self, message: str) -> NoReturn:
        message = sanitize_line(message)
        hint = ""
        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice:
            options = re.findall(r"'([^']*)'", choice.group(2))
            message = message[: choice.start()] + f"invalid choice: '{choice.group(1)}'"
            hint = closest(choice.group(1), options)
        self.exit(2, f"{self.prog}: error: {message}{hint}. Try: {self.prog} --help\n")

    def unknown_option(self, word: str) -> NoReturn:
        """Exit 2 naming ``word`` and the closest option this parser knows."""
        known = [s for action in self._actions for s in action.option_strings]
        self.error(f"unknown option {word}{closest(word.split('=')[0], known)}")


def closest(word: str, candidates: Sequence[str]) -> str:
    """`` (did you mean X?)`` for the nearest candidate, or nothing."""
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {match[0]}?)" if match else ""


def subparsers_of(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """Every parser below ``parser`` (commands and their subcommands)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                yield child
                yield from subparsers_of(child)


def accept_everywhere(parser: argparse.ArgumentParser) -> None:
    """Let ``--store``/``--config`` follow the command too (``paperterm search x --store S``)."""
    for child in subparsers_of(parser):
        taken = {s for action in child._actions for s in action.option_strings}
        for flag, metavar, text in EVERYWHERE:
            if flag not in taken:
                child.add_argument(flag, metavar=metavar, help=text, default=argparse.SUPPRESS)


def command_parser(parser: argparse.ArgumentParser, argv: Sequence[str]) -> StrictArgumentParser:
    """The deepest parser the words in ``argv`` select (for naming its flags in errors)."""
    current = parser
    for word in argv:
        children = {
            name: child
            for action in current._actions
            if isinstance(action, argparse._SubParsersAction)
            for name, child in action.choices.items()
        }
        if word in children:
            current = children[word]
    return current if isinstance(current, StrictArgumentParser) else parser  # type: ignore[return-value]


def split_extras(
    parser: StrictArgumentParser, argv: Sequence[str] | None, command: str | None, extra: list[str]
) -> list[str]:
    """Words argparse did not take: exclusions for search (``-density``); anything else fails."""
    words = list(sys.argv[1:] if argv is None else argv)
    owner = command_parser(parser, words)
    kept = []
    for word in extra:
        if command == "search" and not word.startswith("--") and word != "-":
            kept.append(word)  # "-density" excludes a word; "--jsn" is a typo'd flag
        elif word.startswith("-"):
            owner.unknown_option(word)
        else:
            owner.error(f"unexpected argument {word!r}")
    return kept
