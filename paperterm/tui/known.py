"""What the reader knows by name: its key binding ids and its themes (for config checks)."""

from __future__ import annotations


def binding_ids() -> set[str]:
    """Every binding id ``[keymap]`` may name."""
    from paperterm.tui import commands
    from paperterm.tui.app import PapertermApp

    return {b.id for _, rows in commands.binding_tables(PapertermApp) for b in rows if b.id}


def theme_names() -> set[str]:
    """Every theme name ``[ui] theme`` and ``--theme`` may name."""
    from textual.theme import BUILTIN_THEMES

    return set(BUILTIN_THEMES)
