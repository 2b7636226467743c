"""Names only the reader can check (keymap ids, the theme), reported with file:line: key."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import replace

from paperterm.config import Config, _problem_line
from paperterm.config_toml import TomlReader
from paperterm.text import sanitize_line


def name_problems(
    config: Config, binding_ids: Collection[str], themes: Collection[str]
) -> list[str]:
    """A problem per keymap id no binding has and for a theme that does not exist."""
    if config.path is None or not config.readable:
        return []
    try:
        text = config.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""  # settings made in code (tests): the problems, without a line
    r = TomlReader(config.path, text)
    for name in config.keymap:
        if name not in binding_ids:
            close = difflib.get_close_matches(name, list(binding_ids), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "paperterm's help (?) lists them"
            r.problem(("keymap", name), f"no key binding has this id ({hint}); ignored")
    theme = config.ui.theme
    if theme and theme not in themes:
        close = difflib.get_close_matches(theme, list(themes), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(sorted(themes))}"
        r.problem(("ui", "theme"), f"unknown theme {theme!r} ({hint}); using the default")
    return [sanitize_line(p) for p in r.problems]


def with_name_problems(
    config: Config, binding_ids: Collection[str], themes: Collection[str]
) -> Config:
    """``config`` with the name problems added to its problems, in file order."""
    extra = name_problems(config, binding_ids, themes)
    if not extra:
        return config
    problems = sorted({*config.problems, *extra}, key=_problem_line)
    return replace(config, problems=tuple(problems))
