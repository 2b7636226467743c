"""Saved and pasted papers pages: furniture dropped, same parser, stdin keyed by digest date."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest

from paperterm.cli import main
from paperterm.store import Store, get_paper, stats
from paperterm.sync.digest import parse_digest
from paperterm.sync.sources.html_text import html_to_text
from paperterm.sync.sources.page import looks_like_page, parse_page
from paperterm.text import paper_key

REF = dt.date(2025, 6, 1)

# As copied from a browser: one block per line, furniture around every paper.
PASTED = """\
Daily Papers
by AK and the research community
Get trending papers in your email inbox!
Subscribe
Mar 14
Submitted by akhaliq
42
NVIDIA
Efficient Kernels for Sparse Attention
Ada Lovelace, Alan M. Turing and Grace Hopper
We present efficient kernels for sparse attention. They are fast on long inputs.
· 12 authors
Submitted by someone
7
Tiny Recursive Models
Google DeepMind
Small networks that recurse beat large ones. We show this on puzzles.
3 comments
Previous
Next
System theme
Company
"""


def papers(result) -> list[tuple[str, str, int]]:
    return [(e.title, e.abstract, e.line) for d in result.digests for e in d.entries]


def test_pasted_page_drops_furniture_and_keeps_original_line_numbers():
    result = parse_page(PASTED.encode(), "page", REF)
    assert [d.date for d in result.digests] == [dt.date(2025, 3, 14)]
    assert papers(result) == [
        (
            "Efficient Kernels for Sparse Attention",
            "We present efficient kernels for sparse attention. They are fast on long inputs.",
            9,
        ),
        (
            "Tiny Recursive Models",
            "Small networks that recurse beat large ones. We show this on puzzles.",
            15,
        ),
    ]
    assert not [i for i in result.issues if i.severity == "error"]


def test_blank_line_separated_page_with_upvote_lines():
    text = (
        "Mar 14\n\n128\n\nSubmitted by someone\n\nA Title Between Upvotes\n\n"
        "Published on Mar 12\n\nThe abstract follows. It is long enough.\n\n· 3 authors\n"
    )
    result = parse_page(text.encode(), "page", REF)
    assert [(t, a) for t, a, _ in papers(result)] == [
        ("A Title Between Upvotes", "The abstract follows. It is long enough.")
    ]


def test_real_digest_parses_exactly_as_the_digest_parser_does(digests_dir):
    for path in sorted(digests_dir.iterdir()):
        data = path.read_bytes()
        assert parse_page(data, str(path), REF) == parse_digest(data, str(path), REF)
        assert not looks_like_page(path)


def test_saved_html_page(tmp_path):
    html = (
        "<!DOCTYPE html><html><head><title>Daily Papers</title>"
        "<script>window.papers = ['Injected Paper'];</script></head><body>"
        "<nav><a>Models</a><a>Datasets</a></nav><h1>Daily Papers</h1><time>Mar 14</time>"
        "<article><div>42</div><h3><a href='/papers/1'>An HTML Page Paper</a></h3>"
        "<p>Its abstract &amp; more, with &lt;angle&gt; brackets. Yes.</p></article>"
        "</body></html>"
    )
    path = tmp_path / "papers.html"
    path.write_text(html)
    assert looks_like_page(path)
    result = parse_page(path.read_bytes(), str(path), REF)
    assert [(t, a) for t, a, _ in papers(result)] == [
        ("An HTML Page Paper", "Its abstract & more, with <angle> brackets. Yes.")
    ]


def test_html_to_text_blocks_and_entities():
    text = html_to_text(
        "<style>p{}</style><p>One<br>line<br><br>Two</p><ul><li>A &amp;amp; B</li></ul>"
        "<script>alert(1)</script><pre>keep\n  lines</pre>"
    )
    assert text == "One\nline\n\nTwo\n\nA &amp; B\n\nkeep\nlines\n"


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_sync_dash_reads_stdin_and_repaste_replaces(tmp_path, monkeypatch, capsys):
    db = tmp_path / "s.db"
    _stdin(monkeypatch, PASTED.encode())
    assert main(["--store", str(db), "sync", "-"]) == 0
    assert "2 papers (2 new)" in capsys.readouterr().out
    _stdin(monkeypatch, PASTED.encode())
    assert main(["--store", str(db), "sync", "-"]) == 0
    assert "1 unchanged" in capsys.readouterr().out
    # The same day pasted again later, with one more paper: it replaces the first paste.
    more = PASTED.replace(
        "3 comments\n",
        "3 comments\nA Late Paper\nAdded in the afternoon. It has an abstract.\n",
    )
    _stdin(monkeypatch, more.encode())
    assert main(["--store", str(db), "sync", "-"]) == 0
    store = Store(db)
    figures = stats(store.conn)
    assert figures["digests"] == 1 and figures["papers"] == 3
    assert get_paper(store.conn, paper_key("A Late Paper")) is not None
    store.close()


def test_sync_page_file_is_recognised_by_content(tmp_path, capsys):
    page = tmp_path / "saved.txt"
    page.write_text(PASTED)
    db = tmp_path / "s.db"
    assert main(["--store", str(db), "sync", str(page)]) == 0
    store = Store(db)
    assert {r[0] for r in store.conn.execute("SELECT title FROM papers")} == {
        "Efficient Kernels for Sparse Attention",
        "Tiny Recursive Models",
    }
    kinds = {r[0] for r in store.conn.execute("SELECT kind FROM origins")}
    assert kinds == {"page"}
    store.close()


def test_page_and_digest_give_one_paper(tmp_path: Path):
    db = tmp_path / "s.db"
    digest = tmp_path / "digest.txt"
    digest.write_text(
        "Mar 14\n\nEfficient kernels for sparse attention\n\nThe digest's abstract. Short.\n"
    )
    assert main(["--store", str(db), "sync", str(digest)]) == 0
    page = tmp_path / "page.txt"
    page.write_text(PASTED)
    assert main(["--store", str(db), "sync", str(page)]) == 0
    store = Store(db)
    assert stats(store.conn)["papers"] == 2
    store.close()
