"""Where paperterm keeps its files: platformdirs locations, overridable by env and flags."""

from __future__ import annotations

import os
from pathlib import Path

APP = "paperterm"


def _dirs():  # platformdirs (and the tempfile it imports) only when no path is given
    import platformdirs

    return platformdirs


def store_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The SQLite store: ``--store``, else ``$PAPERTERM_STORE``, else the user data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("PAPERTERM_STORE")
    if env:
        return Path(env).expanduser()
    return Path(_dirs().user_data_dir(APP)) / "paperterm.db"


def config_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The TOML config: ``--config``, else ``$PAPERTERM_CONFIG``, else the user config dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("PAPERTERM_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(_dirs().user_config_dir(APP)) / "config.toml"


def state_dir() -> Path:
    """Where the TUI remembers its last query, filter and selection."""
    return Path(_dirs().user_state_dir(APP))


def sample_dir() -> Path:
    """The bundled sample digests shipped inside the package."""
    return Path(__file__).parent / "sample"
