"""The reader's first list: the saved paper's row among every paper newest first."""

from __future__ import annotations

from paperterm.reader import Library
from paperterm.store.papers import iter_papers


def test_the_saved_paper_is_found_where_the_newest_first_list_shows_it(synced_store):
    library = Library(synced_store)
    papers = list(iter_papers(synced_store.conn))  # newest first, as the list shows them
    for row in (0, 1, 41, len(papers) - 1):
        result, cursor = library.newest_first(papers[row].key)
        assert cursor == row
        assert result.hits[cursor].paper.key == papers[row].key
    assert library.newest_first("no-such-paper")[1] == 0
    assert library.newest_first(None)[1] == 0


def test_a_saved_paper_beyond_the_lookahead_starts_the_list_at_the_top(synced_store, monkeypatch):
    import paperterm.reader.library as library_module

    papers = list(iter_papers(synced_store.conn))
    monkeypatch.setattr(library_module, "KEEP_LOOKAHEAD", 10)
    result, cursor = Library(synced_store).newest_first(papers[10].key)
    assert cursor == 0 and result.total == len(papers)
