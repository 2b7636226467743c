"""The user's data on one paper as ``paperterm show`` prints it: lists, note, read state."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from paperterm.bookmarks import Bookmarks
from paperterm.cli.output import out, safe
from paperterm.store import Store


def user_data_json(store: Store, key: str) -> dict[str, Any]:
    """``lists``, ``read`` / ``read_at`` and ``note`` (None when there is none) for --json."""
    data = Bookmarks(store).user_data(key)
    note = data.note
    return {
        "lists": list(data.lists),
        "read": data.read_at is not None,
        "read_at": data.read_at,
        "note": (
            {"body": note.body, "created_at": note.created_at, "updated_at": note.updated_at}
            if note
            else None
        ),
    }


def print_user_data(store: Store, key: str) -> None:
    """Read state, lists and note as lines under the paper's header, every field sanitized."""
    data = Bookmarks(store).user_data(key)
    read = f"read {data.read_at}" if data.read_at else "unread"
    lists = ", ".join(data.lists) if data.lists else "in no list"
    out.print(safe(f"{read} · {lists}", style="dim"))
    if data.note:
        out.print(Text("note: ", style="dim") + safe(data.note.updated_at, style="dim"))
        out.print(safe(data.note.body, multiline=True))
