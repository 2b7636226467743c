"""A consistent read of the user's data and the papers it names, for every export format."""

from __future__ import annotations

from dataclasses import dataclass, field

from paperterm.bookmarks.common import DEFAULT_LIST, BookmarksError, Note, clean_list_name
from paperterm.bookmarks.saved_searches import backup_records
from paperterm.models import Paper
from paperterm.store import Store
from paperterm.store.papers import PAPER_COLUMNS, paper_from_row

ALL_PAPERS = "All papers"


@dataclass(frozen=True)
class ListItem:
    """A paper's place in a list."""

    key: str
    added_at: str


@dataclass(frozen=True)
class ListSnapshot:
    """One list with its items in order."""

    name: str
    created_at: str
    items: tuple[ListItem, ...]


@dataclass
class Snapshot:
    """Lists, notes, read state and the papers they name, read in one transaction."""

    lists: list[ListSnapshot] = field(default_factory=list)
    notes: dict[str, Note] = field(default_factory=dict)
    read: dict[str, str] = field(default_factory=dict)
    papers: dict[str, Paper] = field(default_factory=dict)
    saved_searches: list[dict[str, str]] = field(default_factory=list)  # whole backups only

    def keys(self) -> list[str]:
        """Every key named, lists first in order, then notes and read state, no repeats."""
        seen: dict[str, None] = {}
        for lst in self.lists:
            for item in lst.items:
                seen.setdefault(item.key)
        for key in sorted(self.notes):
            seen.setdefault(key)
        for key in sorted(self.read):
            seen.setdefault(key)
        return list(seen)

    def listed_keys(self) -> list[str]:
        """Keys in the lists, in list order, no repeats."""
        return list(dict.fromkeys(item.key for lst in self.lists for item in lst.items))


def take_snapshot(
    store: Store, *, list_name: str | None = None, all_papers: bool = False
) -> Snapshot:
    """Read the user's data (one list when ``list_name``; every paper when ``all_papers``)."""
    conn = store.conn
    snap = Snapshot()
    conn.execute("BEGIN")  # one read transaction: a concurrent writer cannot tear the snapshot
    try:
        if all_papers:
            rows = conn.execute(
                f"SELECT {PAPER_COLUMNS} FROM papers ORDER BY first_seen, last_position, id"
            )
            papers = [paper_from_row(r) for r in rows]
            snap.papers = {p.key: p for p in papers}
            items = tuple(ListItem(p.key, "") for p in papers)
            snap.lists.append(ListSnapshot(ALL_PAPERS, "", items))
        else:
            lists = conn.execute(
                "SELECT id, name, created_at FROM lists"
                " ORDER BY name != ? COLLATE NOCASE, created_at, id",
                (DEFAULT_LIST,),
            ).fetchall()
            if list_name is not None:
                wanted = clean_list_name(list_name).casefold()
                lists = [row for row in lists if row[1].casefold() == wanted]
                if not lists:
                    raise BookmarksError(
                        f'no list named "{clean_list_name(list_name)}". '
                        "Next: paperterm lists to see them."
                    )
            for list_id, name, created_at in lists:
                items = tuple(
                    ListItem(key, added)
                    for key, added in conn.execute(
                        "SELECT paper_key, added_at FROM list_items WHERE list_id = ?"
                        " ORDER BY position, added_at",
                        (list_id,),
                    )
                )
                snap.lists.append(ListSnapshot(name, created_at, items))
        wanted_keys = None if list_name is None and not all_papers else set(snap.listed_keys())
        for key, body, created, updated in conn.execute(
            "SELECT paper_key, body, created_at, updated_at FROM notes ORDER BY paper_key"
        ):
            if wanted_keys is None or key in wanted_keys:
                snap.notes[key] = Note(body, created, updated)
        for key, read_at in conn.execute("SELECT paper_key, read_at FROM read_state"):
            if wanted_keys is None or key in wanted_keys:
                snap.read[key] = read_at
        if list_name is None and not all_papers:
            snap.saved_searches = backup_records(conn)
        if not all_papers:
            keys = snap.keys()
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for row in conn.execute(
                    f"SELECT {PAPER_COLUMNS} FROM papers WHERE key IN ({marks})", chunk
                ):
                    paper = paper_from_row(row)
                    snap.papers[paper.key] = paper
    finally:
        conn.execute("COMMIT")
    return snap
