"""One truncation rule: at most the limit, "…" when cut, and a value cut once stays as it is."""

from __future__ import annotations

from paperterm.bookmarks import Bookmarks
from paperterm.bookmarks.export import export_text
from paperterm.bookmarks.importer import import_file
from paperterm.store import Store, iter_papers
from paperterm.sync import sync_paths
from paperterm.text import MAX_TITLE, paper_key, truncate


def test_truncate_keeps_short_text_and_cuts_long_text_to_the_limit():
    assert truncate("short", 10) == ("short", False)
    assert truncate("x" * 10, 10) == ("x" * 10, False)
    cut, was_cut = truncate("word " * 10, 10)
    assert was_cut and len(cut) <= 10 and cut.endswith("…") and cut == "word word…"
    assert truncate(cut, 10) == (cut, False)  # idempotent


def test_a_long_title_cut_at_sync_survives_a_backup_round_trip(tmp_path):
    long_title = "Scaling " + "very " * 400 + "long titles"
    digest = tmp_path / "d.txt"
    digest.write_text(
        f"2026-03-14\n\n{long_title}\n\n"
        "An abstract long enough to be prose about the title above and what it claims.\n"
    )
    store = Store(tmp_path / "a.db")
    sync_paths(store, [digest])
    (paper,) = iter_papers(store.conn)
    assert len(paper.title) <= MAX_TITLE and paper.title.endswith("…")
    Bookmarks(store).toggle_bookmark(paper.key)  # a backup holds the papers the user keeps
    backup = tmp_path / "b.json"
    backup.write_text(export_text(store, "json"))
    fresh = Store(tmp_path / "b.db")
    import_file(fresh, backup)
    (restored,) = iter_papers(fresh.conn)
    assert restored.title == paper.title and restored.key == paper.key == paper_key(paper.title)
    store.close()
    fresh.close()
