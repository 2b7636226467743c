"""The command palette's provider: every key's action, plus filters, as searchable commands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.markup import escape

from paperterm.tui.filters import ALL, BOOKMARKED, UNREAD, Filter
from paperterm.tui.render import line

MAX_DIGEST_COMMANDS = 60


@dataclass(frozen=True)
class Command:
    title: str
    help: str
    run: Callable[[], object]


def binding_commands(app, owners: list[tuple[DOMNode, list[Binding]]]) -> list[Command]:
    """One command per described binding, run on the node that owns it."""
    seen: set[str] = set()
    commands: list[Command] = []
    for node, bindings in owners:
        for binding in bindings:
            if not binding.description or binding.action in seen:
                continue
            if binding.action in ("command_palette", "app.command_palette"):
                continue
            seen.add(binding.action)
            keys = app.describe_keys(binding)
            commands.append(
                Command(
                    binding.description, f"key: {keys}", partial(node.run_action, binding.action)
                )
            )
    return commands


def filter_commands(screen) -> list[Command]:
    counts = screen.counts
    flts: list[tuple[Filter, str]] = [
        (ALL, f"{counts.total:,} papers"),
        (UNREAD, f"{counts.unread:,} papers"),
        (BOOKMARKED, f"{counts.bookmarked:,} papers"),
    ]
    flts += [(Filter("list", name), f"{n:,} papers") for name, n in counts.lists]
    flts += [
        (Filter("date", date.isoformat()), f"{n:,} papers")
        for date, n in counts.digests[:MAX_DIGEST_COMMANDS]
    ]
    return [
        Command(f"Show {line(flt.label)}", help, partial(setattr, screen, "active_filter", flt))
        for flt, help in flts
    ]


class PapertermCommands(Provider):
    """Commands of the screen the palette was opened on."""

    def _commands(self) -> list[Command]:
        make = getattr(self.app, "palette_commands", None)
        return make(self.screen) if make is not None else []

    async def discover(self) -> Hits:
        for command in self._commands():
            # Content, not a str: a list name like "[b]x" must not be read as markup.
            yield DiscoveryHit(
                Content(command.title), command.run, text=command.title, help=command.help
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                # highlight() parses markup: escape the (possibly untrusted) title first.
                shown = matcher.highlight(escape(command.title))
                yield Hit(score, shown, command.run, text=command.title, help=command.help)
