"""BibTeX export: a real parser reads one entry per paper, for the real digests and any title."""

from __future__ import annotations

import datetime as dt
import re

import bibtexparser
from hypothesis import given, settings
from hypothesis import strategies as st

from paperterm.bookmarks import Bookmarks
from paperterm.bookmarks.bibtex import _LATEX, to_bibtex
from paperterm.bookmarks.export import export_text
from paperterm.models import Paper
from paperterm.store import iter_papers
from paperterm.text import sanitize_line

_DECODE = {v: k for k, v in _LATEX.items()}
_DECODE_RE = re.compile("|".join(re.escape(v) for v in sorted(_DECODE, key=len, reverse=True)))


def unescape(value: str) -> str:
    """Undo the exporter's escaping (one left-to-right pass, like a LaTeX reader)."""
    return _DECODE_RE.sub(lambda m: _DECODE[m.group()], value)


def balanced(value: str) -> bool:
    """BibTeX counts every brace, backslash or not: depth never below zero, ends at zero."""
    depth = 0
    for ch in value:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0


def _paper(title: str, key: str = "0123456789abcdef", **extra) -> Paper:
    return Paper(
        id=1,
        key=key,
        title=title,
        abstract="",
        first_seen=dt.date(2025, 3, 14),
        last_seen=dt.date(2025, 3, 14),
        seen=1,
        **extra,
    )


def _parse(text: str):
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return library


def test_every_real_paper_parses(synced_store):
    papers = list(iter_papers(synced_store.conn))
    assert len(papers) == 80
    text = to_bibtex(papers)
    library = _parse(text)
    assert len(library.entries) == 80
    assert len({e.key for e in library.entries}) == 80
    titles = {unescape(e["title"])[1:-1] for e in library.entries}
    assert titles == {p.title for p in papers}
    for entry in library.entries:
        assert balanced(entry["title"])


def test_cli_export_of_every_bookmarked_real_paper(synced_store):
    papers = list(iter_papers(synced_store.conn))
    Bookmarks(synced_store).add_many([p.key for p in papers], "All")
    library = _parse(export_text(synced_store, "bib"))
    assert len(library.entries) == 80
    library = _parse(export_text(synced_store, "bib", all_papers=True))
    assert len(library.entries) == 80


@settings(max_examples=400, deadline=None)
@given(
    st.text(min_size=1, max_size=120),
    st.lists(st.text(max_size=30), max_size=3),
    st.text(max_size=120),
)
def test_any_title_gives_exactly_one_valid_entry(title, authors, note):
    title = sanitize_line(title)
    if not title:
        return
    paper = _paper(title, authors=tuple(authors), arxiv_id="2403.08917")
    text = to_bibtex([paper], {paper.key: note})
    library = _parse(text)
    assert len(library.entries) == 1
    entry = library.entries[0]
    assert entry.entry_type == "article"
    for field in entry.fields:
        assert balanced(field.value), field
    assert unescape(entry["title"])[1:-1] == title
    if sanitize_line(note):
        assert unescape(entry["annote"]) == sanitize_line(note)


def test_arxiv_papers_are_articles_with_eprint_others_misc():
    with_id = _paper(
        "Attention Is All You Need", arxiv_id="1706.03762", authors=("Ashish Vaswani",)
    )
    without = _paper("A paper with no id", key="fedcba9876543210")
    library = _parse(to_bibtex([with_id, without]))
    article, misc = library.entries
    assert (article.entry_type, misc.entry_type) == ("article", "misc")
    assert article["eprint"] == "1706.03762" and article["archivePrefix"] == "arXiv"
    assert article["author"] == "Ashish Vaswani"
    assert article.key == "vaswani2025attention"
    assert "eprint" not in misc.fields_dict
    assert misc.key == "paper2025"


def test_citation_keys_are_unique():
    papers = [_paper("Same words", key=f"{i:016x}") for i in range(30)]
    papers.append(_paper("仅中文标题", key="f" * 16))
    library = _parse(to_bibtex(papers))
    keys = [e.key for e in library.entries]
    assert len(set(keys)) == 31
    assert keys[0] == "same2025" and keys[1] == "same2025b"
    assert all(re.fullmatch(r"[a-z0-9-]+", k) for k in keys)


def test_an_author_name_with_and_stays_one_author():
    paper = _paper("T", authors=("Research and Development Team", "Ada Lovelace"))
    entry = _parse(to_bibtex([paper])).entries[0]
    assert entry["author"] == "{Research and Development Team} and Ada Lovelace"


def test_escapes_latex_specials():
    text = to_bibtex([_paper("50% of {x} & y_1 #2 $5 ^ ~ \\cite{a} @misc{b,")])
    library = _parse(text)
    assert len(library.entries) == 1
    value = library.entries[0]["title"]
    assert "\\%" in value and "\\&" in value and "\\_" in value and "\\#" in value
    assert "\\cite" not in value.replace("\\textbackslash{}cite", "")
