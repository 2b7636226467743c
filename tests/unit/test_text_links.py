"""Links found in abstracts, stored at ingest and on upgrade, and every paper's link list."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hostile_fixtures import HOSTILE

from paperterm.links import safe_url
from paperterm.models import Paper
from paperterm.paper_links import links_for
from paperterm.store import Store, get_paper, iter_papers
from paperterm.store.links import found_links
from paperterm.store.migrations import MIGRATIONS
from paperterm.sync import sync_paths
from paperterm.text import paper_key
from paperterm.text_links import FoundLink, find_links, might_link

INCEPTION = "InceptionNeXt: When Inception Meets ConvNeXt"
REAL = Path(__file__).parent.parent / "fixtures" / "digests"


def real_abstracts() -> list[str]:
    store_text = [p.read_text(encoding="utf-8") for p in sorted(REAL.glob("*.txt"))]
    return [para for text in store_text for para in text.split("\n\n")]


def test_inceptionnext_gets_its_github_link(synced_store):
    paper = get_paper(synced_store.conn, paper_key(INCEPTION))
    links = found_links(synced_store.conn, paper.id)
    assert FoundLink("code", "https://github.com/sail-sg/inceptionnext") in links
    best = links_for(paper, links)[0]
    assert best.url == "https://github.com/sail-sg/inceptionnext" and not best.is_search


def test_no_url_of_the_real_digests_ends_in_punctuation(synced_store):
    urls = [url for (url,) in synced_store.conn.execute("SELECT url FROM paper_links")]
    assert len(urls) >= 15
    for url in urls:
        assert not url.endswith((".", ")", ",", ";", ":")), url
        assert safe_url(url) == url
    # Every paragraph holding a URL gives at least one link.
    for text in real_abstracts():
        if "https://" in text:
            assert find_links(text), text[:80]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Code: https://github.com/a/b.", [("code", "https://github.com/a/b")]),
        ("(see https://x.org/p_(1)).", [("project", "https://x.org/p_(1)")]),
        ("(https://x.org/page)", [("project", "https://x.org/page")]),
        ("at https://gitlab.com/g/r; and", [("code", "https://gitlab.com/g/r")]),
        (
            "demo https://huggingface.co/spaces/o/demo!",
            [("code", "https://huggingface.co/spaces/o/demo")],
        ),
        ("arXiv:2303.16900.", [("arxiv", "https://arxiv.org/abs/2303.16900")]),
        (
            "https://arxiv.org/pdf/2303.16900v2.pdf",
            [("arxiv", "https://arxiv.org/abs/2303.16900v2")],
        ),
        ("arxiv.org/abs/1806.07572,", [("arxiv", "https://arxiv.org/abs/1806.07572")]),
        ("doi:10.1145/3292500.3330701.", [("doi", "https://doi.org/10.1145/3292500.3330701")]),
        ("https://doi.org/10.1000/182)", [("doi", "https://doi.org/10.1000/182")]),
        ("https://a.io/x https://a.io/x.", [("project", "https://a.io/x")]),
        ("ftp://files.org/x mailto:a@b.c file:///etc/passwd", []),
    ],
)
def test_links_in_text(text, expected):
    assert [(link.kind, link.url) for link in find_links(text)] == expected
    # The cheap test that lets most abstracts skip the scan never skips one with a link.
    assert might_link(text) or not expected
    assert might_link(text.upper()) or not find_links(text.upper())


@pytest.mark.parametrize(
    "hostile",
    [
        "javascript:alert(1) and JAVASCRIPT://x",
        "data:text/html,<script>alert(1)</script>",
        "see https://ok.org/\x1b[31mred\x1b[0m now",
        "https://evil.org/\x1b]52;c;ZXZpbA==\x07x",
        "[link=https://evil.org]click[/link] and [bold]https://x.org/[red]a[/red][/bold]",
        "https://a.org/\u202eexe.txt and https://b.org/\x00\x9b2J",
        "<a href='javascript:x'>https://c.org/path\"onmouseover=x</a>",
    ],
)
def test_hostile_text_gives_only_clean_http_links(hostile):
    for link in find_links(hostile):
        assert link.url.startswith(("http://", "https://"))
        assert link.url.isprintable() and not any(c in link.url for c in "[]<>\"'` \\")
        assert "javascript" not in link.url.lower()
        assert safe_url(link.url) == link.url


def test_hostile_fixture_links_are_clean(tmp_path):
    with Store(tmp_path / "h.db") as store:
        sync_paths(store, [HOSTILE])
        for kind, url in store.conn.execute("SELECT kind, url FROM paper_links"):
            assert kind in ("arxiv", "code", "project", "doi")
            assert url.isprintable() and safe_url(url) == url and "[" not in url


def test_links_follow_an_edited_abstract(tmp_path, digests_dir):
    with Store(tmp_path / "s.db") as store:
        sync_paths(store, [digests_dir])
        paper = get_paper(store.conn, paper_key(INCEPTION))
        for path in digests_dir.glob("*.txt"):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("sail-sg/inceptionnext", "sail-sg/moved"), "utf-8")
        sync_paths(store, [digests_dir])
        urls = [link.url for link in found_links(store.conn, paper.id)]
        assert urls == ["https://github.com/sail-sg/moved"]


def test_an_existing_store_gets_links_on_upgrade(tmp_path, digests_dir):
    path = tmp_path / "old.db"
    with Store(path) as store:
        sync_paths(store, [digests_dir])
        expected = sorted(store.conn.execute("SELECT paper_id, kind, url FROM paper_links"))
        with store.write(durable=True) as conn:
            conn.execute("INSERT INTO notes VALUES ('k', 'my note', 'a', 'b')")
    # Make it a store of the first schema, as an older paperterm left it.
    _downgrade_to_first_schema(path)
    with Store(path) as store:
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == len(MIGRATIONS)
        got = sorted(store.conn.execute("SELECT paper_id, kind, url FROM paper_links"))
        assert got == expected and len(got) >= 15
        assert store.conn.execute("SELECT body FROM notes").fetchall() == [("my note",)]
        assert len(list(iter_papers(store.conn))) == 80


def _downgrade_to_first_schema(path) -> None:
    """Drop every table and papers column that a migration after the first one added."""
    first = sqlite3.connect(":memory:")
    MIGRATIONS[0](first)
    tables = {r[0] for r in first.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    columns = {r[1] for r in first.execute("PRAGMA table_info(papers)")}
    conn = sqlite3.connect(path)
    now = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in now:
        if table not in tables and not table.startswith(("sqlite_", "papers_fts")):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
    v1_triggers = {
        r[0] for r in first.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
    }
    for (trigger,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='trigger'"
    ).fetchall():
        if trigger not in v1_triggers:
            conn.execute(f"DROP TRIGGER {trigger}")
    v1_indexes = dict(first.execute("SELECT name, sql FROM sqlite_master WHERE type='index'"))
    indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type='index'").fetchall()
    for name, sql in indexes:
        if sql and v1_indexes.get(name) != sql:
            conn.execute(f"DROP INDEX {name}")
    for (column,) in conn.execute("SELECT name FROM pragma_table_info('papers')").fetchall():
        if column not in columns:
            conn.execute(f"ALTER TABLE papers DROP COLUMN {column}")
    have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    for name, sql in v1_indexes.items():
        if sql and name not in have:
            conn.execute(sql)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def _paper(**kw) -> Paper:
    base = dict(
        id=1,
        key="k",
        title="A Title & More",
        abstract="",
        first_seen=None,
        last_seen=None,
        seen=1,
    )
    return Paper(**(base | kw))


def test_every_paper_has_search_links_labelled_as_searches():
    links = links_for(_paper())
    assert [link.kind for link in links] == ["search", "search"]
    assert all(link.is_search and "Search" in link.label for link in links)
    assert links[0].url == "https://huggingface.co/papers?q=A+Title+%26+More"
    assert links[1].url.startswith("https://arxiv.org/search/?query=A+Title+%26+More")


def test_links_are_ordered_best_first_and_unique():
    paper = _paper(
        arxiv_id="2303.16900", github="https://github.com/a/b", project_page="javascript:alert(1)"
    )
    found = [
        FoundLink("doi", "https://doi.org/10.1/x"),
        FoundLink("code", "https://github.com/a/b"),
        FoundLink("project", "https://p.io/"),
        FoundLink("arxiv", "https://arxiv.org/abs/2303.16900"),
    ]
    links = links_for(paper, found)
    assert [link.kind for link in links] == [
        "hf",
        "arxiv",
        "pdf",
        "code",
        "project",
        "doi",
        "search",
        "search",
    ]
    assert links[0].url == "https://huggingface.co/papers/2303.16900"
    assert links[2].url == "https://arxiv.org/pdf/2303.16900"
    assert not any("javascript" in link.url for link in links)
