"""What the paper list says when it is empty: what happened and what to try next."""

from __future__ import annotations

from collections.abc import Callable

from paperterm.tui.filters import ALL, Filter
from paperterm.tui.render import UNICODE, Glyphs, line

KeyOf = Callable[[str, str], str]  # (binding id, default key) -> the key the user presses


def default_key(binding_id: str, default: str) -> str:
    """The binding's own key: what hints say when no keymap is known."""
    return default


def empty_state(
    query: str,
    flt: Filter,
    error: str | None = None,
    glyphs: Glyphs = UNICODE,
    key: KeyOf = default_key,
) -> tuple[str, ...]:
    """The lines shown in place of the list: a statement, then hints (drawn dimmed); ``key``
    names the keys after the keymap."""
    sync, bookmark, add = key("sync", "s"), key("bookmark", "b"), key("add-to-list", "a")
    if error:
        return (
            f"The query has a problem: {line(error)}",
            "Next: fix it, or Esc to clear the search.",
        )
    query = line(query)
    quoted = glyphs.quote(query)
    if query and flt != ALL:
        return (
            f"No papers match {quoted} in {flt.label}.",
            f"Try: remove {flt.tokens()} (Esc twice shows all papers).",
        )
    if query:
        return (
            f"No papers match {quoted}.",
            'Try: fewer or other words; -word excludes, "a phrase" matches exactly.',
        )
    if flt.kind == "unread":
        return (
            "Nothing unread: you have read every paper.",
            f"Next: {sync} syncs new digests; Esc shows all papers.",
        )
    if flt.kind == "bookmarked":
        return (
            "No bookmarks yet.",
            f"Next: Esc shows all papers; {bookmark} bookmarks the paper under the cursor.",
        )
    if flt.kind == "list":
        return (
            f"The list {line(flt.value)} is empty.",
            f"Next: {add} adds the paper under the cursor to a list.",
        )
    if flt.kind == "date":
        return (f"No papers in the digest of {flt.value}.",)
    if flt.kind == "new":
        return (
            "Nothing new since your last visit.",
            f"Next: {sync} syncs new digests; Esc shows all papers.",
        )
    if flt.kind in ("month", "saved", "trending", "foryou", "related"):
        return (f"No papers in {flt.label}.", "Next: Esc shows all papers.")
    return ("The library is empty.", f"Next: {sync} syncs, or run paperterm sync PATH in a shell.")


def unreadable(why: str) -> tuple[str, ...]:
    """The list's text when the library could not be read."""
    return ("The library could not be read.", line(why))


def foryou_empty(message: str, key: KeyOf = default_key) -> tuple[str, ...]:
    """The For-you view before the reading lists hold enough papers to learn from."""
    return (
        line(message),
        f"Next: {key('bookmark', 'b')} bookmarks the paper under the cursor (Esc shows all papers);"
        " Trending shows what many digests carry meanwhile.",
    )


def building(ellipsis: str) -> tuple[str, ...]:
    """While the discovery index builds (once; about 30 s at 100k papers)."""
    return (
        f"Building the discovery index{ellipsis}",
        "Once per library; the rest of the reader works meanwhile.",
    )
