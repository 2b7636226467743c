"""config.toml -> Config: sources, key bindings and UI settings (read with tomllib)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from paperterm.paths import config_path


@dataclass(frozen=True)
class UiSettings:
    """Settings of the reader."""

    mark_read_on_open: bool = True
    theme: str | None = None


@dataclass(frozen=True)
class Config:
    """Everything config.toml can say; defaults when it says nothing."""

    path: Path | None = None
    ui: UiSettings = field(default_factory=UiSettings)
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys ("ctrl+k,K")
    problems: tuple[str, ...] = ()  # "file:line: key: what is wrong", shown, not fatal


def load_config(override: str | os.PathLike[str] | None = None) -> Config:
    """Read the config file; a missing file means defaults, a bad one defaults plus problems."""
    path = config_path(override)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config(path=path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Config(path=path, problems=(f"{path}: {exc}",))
    ui = data.get("ui", {}) if isinstance(data.get("ui"), dict) else {}
    keymap = data.get("keymap", {}) if isinstance(data.get("keymap"), dict) else {}
    return Config(
        path=path,
        ui=UiSettings(
            mark_read_on_open=bool(ui.get("mark_read_on_open", True)),
            theme=ui.get("theme") if isinstance(ui.get("theme"), str) else None,
        ),
        keymap={str(k): str(v) for k, v in keymap.items()},
    )
