"""Reading lists: bookmark, create, rename, delete, add, remove and reorder their papers."""

from __future__ import annotations

from paperterm.bookmarks.common import (
    DEFAULT_LIST,
    BookmarksError,
    ReadingList,
    check_key,
    clean_list_name,
    existing_list,
    list_row,
    require_papers,
)
from paperterm.bookmarks.items import append_item, append_items, insert_list
from paperterm.store import Store
from paperterm.wording import plural

_ORDER = "ORDER BY position, added_at"


class ListsMixin:
    """The reading-list half of Bookmarks; every write is one durable transaction."""

    store: Store

    def toggle_bookmark(self, key: str) -> bool:
        """Add the paper to the default list, or take it out; True when it is now in it."""
        key = check_key(key)
        with self.store.write(durable=True) as conn:
            row = list_row(conn, DEFAULT_LIST)
            if (
                row
                and conn.execute(
                    "DELETE FROM list_items WHERE list_id = ? AND paper_key = ?", (row[0], key)
                ).rowcount
            ):
                return False
            require_papers(conn, [key])
            list_id = row[0] if row else insert_list(conn, DEFAULT_LIST)
            append_item(conn, list_id, key, None)
            return True

    def is_bookmarked(self, key: str) -> bool:
        """Whether the paper is in any list."""
        row = self.store.conn.execute(
            "SELECT 1 FROM list_items WHERE paper_key = ? LIMIT 1", (str(key).lower(),)
        ).fetchone()
        return row is not None

    def bookmarked_keys(self) -> set[str]:
        """Keys of every paper in at least one list."""
        return {k for (k,) in self.store.conn.execute("SELECT DISTINCT paper_key FROM list_items")}

    def lists(self) -> list[ReadingList]:
        """Every list, the default list first, then by creation."""
        rows = self.store.conn.execute(
            "SELECT l.name, count(i.paper_key), l.created_at FROM lists l"
            " LEFT JOIN list_items i ON i.list_id = l.id GROUP BY l.id"
            " ORDER BY l.name != ? COLLATE NOCASE, l.created_at, l.id",
            (DEFAULT_LIST,),
        )
        return [ReadingList(name, count, created) for name, count, created in rows]

    def lists_of(self, key: str) -> list[str]:
        """Names of the lists holding the paper."""
        rows = self.store.conn.execute(
            "SELECT l.name FROM list_items i JOIN lists l ON l.id = i.list_id"
            " WHERE i.paper_key = ? ORDER BY l.name != ? COLLATE NOCASE, l.created_at, l.id",
            (str(key).lower(), DEFAULT_LIST),
        )
        return [name for (name,) in rows]

    def list_keys(self, name: str) -> list[str]:
        """Keys of the papers in a list, in the list's order."""
        conn = self.store.conn
        list_id, _ = existing_list(conn, name)
        rows = conn.execute(
            f"SELECT paper_key FROM list_items WHERE list_id = ? {_ORDER}", (list_id,)
        )
        return [key for (key,) in rows]

    def create_list(self, name: str) -> str:
        """Create an empty list; returns its clean name."""
        clean = clean_list_name(name)
        with self.store.write(durable=True) as conn:
            row = list_row(conn, clean)
            if row:
                raise BookmarksError(f'a list named "{row[1]}" already exists')
            insert_list(conn, clean)
        return clean

    def rename_list(self, old: str, new: str) -> str:
        """Rename a list (a change of case alone is allowed); returns the new clean name."""
        clean = clean_list_name(new)
        with self.store.write(durable=True) as conn:
            list_id, _ = existing_list(conn, old)
            other = list_row(conn, clean)
            if other and other[0] != list_id:
                raise BookmarksError(f'a list named "{other[1]}" already exists')
            conn.execute("UPDATE lists SET name = ? WHERE id = ?", (clean, list_id))
        return clean

    def delete_list(self, name: str, force: bool = False) -> int:
        """Delete a list; one that holds papers needs ``force``. Returns how many it held."""
        with self.store.write(durable=True) as conn:
            list_id, real = existing_list(conn, name)
            (count,) = conn.execute(
                "SELECT count(*) FROM list_items WHERE list_id = ?", (list_id,)
            ).fetchone()
            if count and not force:
                raise BookmarksError(
                    f'the list "{real}" holds {plural(count, "paper")}; '
                    "delete it with force (--force) to remove it anyway"
                )
            conn.execute("DELETE FROM list_items WHERE list_id = ?", (list_id,))
            conn.execute("DELETE FROM lists WHERE id = ?", (list_id,))
        return count

    def add_to_list(self, key: str, name: str, create: bool = True) -> bool:
        """Append the paper to a list (created when missing); False if it was already there."""
        return self.add_many([key], name, create=create) == 1

    def add_many(self, keys: list[str], name: str, *, create: bool = True) -> int:
        """Append papers to a list in order, in one transaction; how many were new to it."""
        clean_keys = [check_key(k) for k in keys]
        clean = clean_list_name(name)
        with self.store.write(durable=True) as conn:
            require_papers(conn, clean_keys)
            row = list_row(conn, clean)
            if row is None and not create:
                raise BookmarksError(
                    f'no list named "{clean}". Next: paperterm lists create NAME, then add to it.'
                )
            list_id = row[0] if row else insert_list(conn, clean)
            return append_items(conn, list_id, ((k, None) for k in clean_keys))

    def remove_many(self, keys: list[str], name: str) -> int:
        """Take several papers out of a list; how many were in it."""
        clean_keys = [check_key(k) for k in keys]
        with self.store.write(durable=True) as conn:
            list_id, _ = existing_list(conn, name)
            before = conn.total_changes
            conn.executemany(
                "DELETE FROM list_items WHERE list_id = ? AND paper_key = ?",
                [(list_id, key) for key in dict.fromkeys(clean_keys)],
            )
            return conn.total_changes - before

    def remove_from_list(self, key: str, name: str) -> bool:
        """Take the paper out of a list; False if it was not in it."""
        return self.remove_many([key], name) == 1

    def move_to_list(self, key: str, source: str, target: str, *, create: bool = True) -> bool:
        """Move the paper from one list to the end of another; False if it is the same list.

        A missing target list is created only with ``create``; otherwise BookmarksError, and
        nothing changes.
        """
        key = check_key(key)
        clean = clean_list_name(target)
        with self.store.write(durable=True) as conn:
            source_id, real = existing_list(conn, source)
            row = conn.execute(
                "SELECT added_at FROM list_items WHERE list_id = ? AND paper_key = ?",
                (source_id, key),
            ).fetchone()
            if row is None:
                raise BookmarksError(f'the paper {key} is not in the list "{real}"')
            target_row = list_row(conn, clean)
            if target_row is None and not create:
                raise BookmarksError(
                    f'no list named "{clean}". Next: add --create to make it, '
                    "or paperterm lists to see them."
                )
            target_id = target_row[0] if target_row else insert_list(conn, clean)
            if target_id == source_id:
                return False
            conn.execute(
                "DELETE FROM list_items WHERE list_id = ? AND paper_key = ?", (source_id, key)
            )
            append_item(conn, target_id, key, row[0])
            return True

    def move_item(self, key: str, name: str, delta: int) -> int:
        """Move the paper ``delta`` places within a list (negative = up); its new index."""
        key = check_key(key)
        with self.store.write(durable=True) as conn:
            list_id, real = existing_list(conn, name)
            keys = [
                k
                for (k,) in conn.execute(
                    f"SELECT paper_key FROM list_items WHERE list_id = ? {_ORDER}", (list_id,)
                )
            ]
            if key not in keys:
                raise BookmarksError(f'the paper {key} is not in the list "{real}"')
            index = keys.index(key)
            target = max(0, min(len(keys) - 1, index + int(delta)))
            if target == index:
                return index
            keys.insert(target, keys.pop(index))
            conn.executemany(
                "UPDATE list_items SET position = ? WHERE list_id = ? AND paper_key = ?",
                [(pos, list_id, k) for pos, k in enumerate(keys)],
            )
            return target
