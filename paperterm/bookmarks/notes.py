"""Notes: one free-text note per paper, cleaned of control characters, empty means deleted."""

from __future__ import annotations

from paperterm.bookmarks.common import (
    MAX_NOTE,
    BookmarksError,
    Note,
    check_key,
    clean_note,
    now,
    require_papers,
)
from paperterm.store import Store

_SELECT = "SELECT body, created_at, updated_at FROM notes WHERE paper_key = ?"


class NotesMixin:
    """The notes half of Bookmarks."""

    store: Store

    def note(self, key: str) -> Note | None:
        """The note on a paper, if any."""
        row = self.store.conn.execute(_SELECT, (str(key).lower(),)).fetchone()
        return Note(*row) if row else None

    def set_note(self, key: str, body: str) -> Note | None:
        """Write the note on a paper; an empty body deletes it. Returns the stored note."""
        key = check_key(key)
        text = clean_note(body)
        if len(text) > MAX_NOTE:
            raise BookmarksError(f"a note holds at most {MAX_NOTE:,} characters")
        with self.store.write(durable=True) as conn:
            if not text:
                conn.execute("DELETE FROM notes WHERE paper_key = ?", (key,))
                return None
            require_papers(conn, [key])
            stamp = now()
            conn.execute(
                "INSERT INTO notes (paper_key, body, created_at, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (paper_key) DO UPDATE SET body = excluded.body,"
                " updated_at = excluded.updated_at WHERE body != excluded.body",
                (key, text, stamp, stamp),
            )
            row = conn.execute(_SELECT, (key,)).fetchone()
        return Note(*row)

    def note_keys(self) -> set[str]:
        """Keys of every paper with a note."""
        return {k for (k,) in self.store.conn.execute("SELECT paper_key FROM notes")}
