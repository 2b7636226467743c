"""The reader follows config.toml: re-read when it changes, keymap and theme applied, every
problem kept for the help screen."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.app import App

from paperterm.config import Config, load_config
from paperterm.config_names import name_problems
from paperterm.tui import commands
from paperterm.tui.widgets.status_line import Severity

CHECK_SECONDS = 2.0


def _stamp(path: Path | None) -> tuple[int, int] | None:
    try:
        info = path.stat() if path else None
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size) if info else None


def problems_message(problems: list[str]) -> str:
    """One status line for all the config's problems (the help screen lists them)."""
    if len(problems) == 1:
        return f"Config: {problems[0]}"
    return f"Config: {len(problems)} problems. Next: ? lists them all. First: {problems[0]}"


class ConfigFollower(App[int]):
    """Holds ``config`` and ``config_problems``; ``follow_config`` re-reads a changed file."""

    config: Config
    config_problems: list[str]
    _config_stamp: tuple[int, int] | None = None

    def say(
        self, message: str, severity: Severity = "info", *, keep: str = "", progress: bool = False
    ) -> None:
        raise NotImplementedError

    def binding_ids(self) -> set[str]:
        return {b.id for _, rows in commands.binding_tables(self) for b in rows if b.id}

    def check_config(self, config: Config) -> list[str]:
        """Every problem of ``config``: the file's own and the names only the reader knows."""
        extra = name_problems(config, self.binding_ids(), set(self.available_themes))
        return [*config.problems, *(p for p in extra if p not in config.problems)]

    def start_following(self) -> None:
        self._config_stamp = _stamp(self.config.path)
        self.set_interval(CHECK_SECONDS, self.follow_config)

    def apply_keymap(self) -> None:
        known = self.binding_ids()
        keymap = {k: v for k, v in self.config.keymap.items() if k in known}
        if keymap:
            self.set_keymap(keymap)

    def follow_config(self) -> None:
        """Re-read config.toml when it changed since it was read: sources, keymap, theme, UI
        settings take effect at once; the problems are said and kept for the help screen."""
        path = self.config.path
        stamp = _stamp(path)
        if path is None or stamp == self._config_stamp:
            return
        self._config_stamp = stamp
        old = self.config
        config = load_config(path) if stamp else Config(path=path)
        if config.missing:
            config = replace(config, missing="")
        self.config = config
        self.config_problems = self.check_config(config)
        self.set_keymap({})
        self.apply_keymap()
        theme = config.ui.theme
        if theme and theme != old.ui.theme and theme in self.available_themes:
            self.theme = theme
        if self.config_problems:
            self.say(problems_message(self.config_problems), "warning")
        else:
            sources = len(config.sources)
            self.say(f"Config reloaded: {sources} source{'s' * (sources != 1)}.")
