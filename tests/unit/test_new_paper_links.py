"""Links of papers a sync creates: taken from the parse worker's scan, of the final abstract."""

from __future__ import annotations

import datetime as dt

import pytest

from paperterm.models import Digest, Entry
from paperterm.store.ingest import replace_origin
from paperterm.store.links import found_links, known_links
from paperterm.text_links import find_links

OLD = "We study sparse kernels without any code."
NEW = "We study sparse kernels. Code: https://github.com/someone/sparse-kernels"
OTHER = "Graph transformers at scale, see https://example.org/graphs for the project."


def store_origin(store, digests: list[Digest], *, complete: bool) -> None:
    abstracts = {e.abstract for d in digests for e in d.entries}
    found = {a: find_links(a) for a in abstracts if "://" in a} if complete else {}
    with store.write() as conn, known_links(found, complete=complete):
        replace_origin(conn, kind="file", locator="/x.txt", stamp="1", sha256="s", digests=digests)


def paper_id(store, title: str) -> int:
    return store.conn.execute("SELECT id FROM papers WHERE title = ?", (title,)).fetchone()[0]


@pytest.mark.parametrize("complete", [True, False])
def test_a_new_paper_gets_the_links_of_its_abstract(store, complete):
    digests = [Digest(dt.date(2025, 3, 1), (Entry("Graph Transformers", OTHER),))]
    store_origin(store, digests, complete=complete)
    links = found_links(store.conn, paper_id(store, "Graph Transformers"))
    assert [link.url for link in links] == ["https://example.org/graphs"]


@pytest.mark.parametrize("complete", [True, False])
def test_a_newer_digest_of_the_same_file_gives_the_links_of_its_abstract(store, complete):
    """Created by the first digest, its abstract replaced by a later one in the same file."""
    digests = [
        Digest(dt.date(2025, 3, 1), (Entry("Sparse Kernels", OLD),)),
        Digest(dt.date(2025, 3, 2), (Entry("Sparse Kernels", NEW),)),
    ]
    store_origin(store, digests, complete=complete)
    pid = paper_id(store, "Sparse Kernels")
    assert store.conn.execute("SELECT abstract FROM papers WHERE id = ?", (pid,)).fetchone() == (
        NEW,
    )
    links = found_links(store.conn, pid)
    assert [link.url for link in links] == ["https://github.com/someone/sparse-kernels"]


@pytest.mark.parametrize(
    ("abstract", "urls"),
    [(OLD, []), (NEW, ["https://github.com/someone/sparse-kernels"])],
    ids=["new-abstract", "same-abstract"],
)
def test_a_paper_already_stored_keeps_its_links_in_step(store, abstract, urls):
    """A newer digest's abstract brings its own links; the same abstract keeps the stored ones."""
    store_origin(
        store, [Digest(dt.date(2025, 3, 1), (Entry("Sparse Kernels", NEW),))], complete=True
    )
    again = [Digest(dt.date(2025, 3, 5), (Entry("Sparse Kernels", abstract),))]
    with store.write() as conn, known_links({}, complete=True):
        replace_origin(conn, kind="file", locator="/y.txt", stamp="1", sha256="t", digests=again)
    links = found_links(store.conn, paper_id(store, "Sparse Kernels"))
    assert [link.url for link in links] == urls
