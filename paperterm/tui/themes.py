"""Choosing the reader's theme: --theme, then config.toml, then the last one picked here."""

from __future__ import annotations

from collections.abc import Collection

from paperterm.tui.render import line

DEFAULT_THEME = "textual-dark"


def pick_theme(
    available: Collection[str], color_system: str, *choices: str | None
) -> tuple[str, list[str]]:
    """The first known theme among ``choices`` (else a default), and a note per unknown one.

    A 16-colour terminal gets ``ansi-dark``: it draws with the terminal's own palette.
    """
    notes: list[str] = []
    for name in [c for c in choices if c]:
        if name in available:
            return name, notes
        notes.append(f"Unknown theme {line(name)}. Next: ctrl+p, then Change theme, lists them.")
    return ("ansi-dark" if color_system == "standard" else DEFAULT_THEME), notes
