"""What the reader remembers between runs: per store the query, filter, selected paper, order
and whether the filter pane is shown; the theme once for every store.

The file is ``$XDG_STATE_HOME/paperterm/tui-state.json`` (``~/.local/state/paperterm/`` by
default); entries of stores that no longer exist are dropped when it is saved.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from paperterm.models import SORTS
from paperterm.paths import state_dir
from paperterm.tui.filters import Filter

STATE_FILE = "tui-state.json"
MAX_STORES = 20  # remembered stores; the oldest are forgotten


@dataclass
class SavedState:
    """The reader's state for one store."""

    query: str = ""
    filter: Filter = field(default_factory=Filter)
    selected: str | None = None
    sort: str | None = None  # the order picked with the sort key (None: the default)
    filters: bool | None = None  # the filter pane shown (True) or hidden (False); None: by width


def default_state_path() -> Path:
    return state_dir() / STATE_FILE


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _store_id(store_path: Path) -> str:
    return str(Path(store_path).expanduser().resolve())


def _exists(store_id: str) -> bool:
    try:
        return Path(store_id).exists()
    except (OSError, ValueError):
        return False


def load_state(path: Path, store_path: Path) -> tuple[SavedState, str | None]:
    """The saved state for ``store_path`` and the saved theme; defaults when none or broken."""
    data = _read(path)
    theme = data.get("theme") if isinstance(data.get("theme"), str) else None
    stores = data.get("stores") if isinstance(data.get("stores"), dict) else {}
    entry = stores.get(_store_id(store_path))
    if not isinstance(entry, dict):
        return SavedState(), theme
    query = entry.get("query") if isinstance(entry.get("query"), str) else ""
    selected = entry.get("selected") if isinstance(entry.get("selected"), str) else None
    sort = entry.get("sort") if entry.get("sort") in SORTS else None
    shown = entry.get("filters") if isinstance(entry.get("filters"), bool) else None
    flt = Filter.from_json(entry.get("filter"))
    return SavedState(query[:1000], flt, selected, sort, shown), theme


def save_state(path: Path, store_path: Path, state: SavedState, theme: str | None) -> None:
    """Write the state atomically; failing to save never breaks the reader."""
    data = _read(path)
    stores = data.get("stores") if isinstance(data.get("stores"), dict) else {}
    key = _store_id(store_path)
    stores.pop(key, None)
    stores[key] = {
        "query": state.query,
        "filter": state.filter.to_json(),
        "selected": state.selected,
        "sort": state.sort,
        "filters": state.filters,
    }
    for gone in [k for k in stores if k != key and not _exists(k)]:
        del stores[gone]  # a store deleted or moved: its state would only pile up
    while len(stores) > MAX_STORES:
        stores.pop(next(iter(stores)))
    data = {"version": 1, "theme": theme, "stores": stores}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
