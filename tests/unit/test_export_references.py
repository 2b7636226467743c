"""RIS, CSL-JSON and BibTeX for reference managers, parsed back with standard parsers."""

from __future__ import annotations

import json

import bibtexparser
import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from hostile_fixtures import HOSTILE

from paperterm.bookmarks.export import export_text
from paperterm.enrich.cache import apply_match
from paperterm.enrich.match import Candidate
from paperterm.store import Store, iter_papers
from paperterm.sync import sync_paths
from paperterm.text import paper_key, sanitize_line

NTK = "Neural Tangent Kernel: Convergence and Generalization in Neural Networks"
NTK_MATCH = Candidate(
    source="arxiv",
    title=NTK,
    arxiv_id="1806.07572",
    authors=("Arthur Jacot", "Franck Gabriel", "Clément Hongler"),
    published="2018-06-20",
    category="cs.LG",
)


@pytest.fixture
def hostile_store(tmp_path):
    store = Store(tmp_path / "hostile.db")
    sync_paths(store, [HOSTILE])  # some files are broken on purpose: the rest is stored
    yield store
    store.close()


@pytest.fixture
def enriched(synced_store):
    ntk = next(p for p in iter_papers(synced_store.conn) if p.key == paper_key(NTK))
    with synced_store.write() as conn:
        apply_match(conn, ntk.id, NTK_MATCH)
    return synced_store


def _stores(request):
    return request.getfixturevalue(request.param)


@pytest.fixture(params=["enriched", "hostile_store"])
def any_store(request):
    return _stores(request)


def test_ris_parses_back_for_every_paper(any_store):
    papers = list(iter_papers(any_store.conn))
    assert len(papers) > 10
    records = rispy.loads(export_text(any_store, "ris", all_papers=True))
    assert len(records) == len(papers)
    assert {r["title"] for r in records} == {sanitize_line(p.title) for p in papers}
    for record in records:
        assert record["type_of_reference"] in ("GEN", "UNPB")
        for value in record.values():
            text = json.dumps(value, ensure_ascii=False)
            assert "\x1b" not in text and "\x9b" not in text


def test_ris_of_an_enriched_paper_has_authors_real_year_and_arxiv(enriched):
    records = rispy.loads(export_text(enriched, "ris", all_papers=True))
    ntk = next(r for r in records if r["title"] == NTK)
    assert ntk["type_of_reference"] == "UNPB"
    assert ntk["authors"] == ["Jacot, Arthur", "Gabriel, Franck", "Hongler, Clément"]
    assert ntk["year"] == "2018"  # not the digest's 2026
    assert ntk["urls"] == ["https://arxiv.org/abs/1806.07572"]
    assert ntk["publisher"] == "arXiv" and ntk["accession_number"] == "arXiv:1806.07572"
    inception = next(r for r in records if r["title"].startswith("InceptionNeXt"))
    assert inception["type_of_reference"] == "GEN"
    assert inception["year"] == "2026"  # no publication date known: the year first seen


def _bibliography(items: list[dict]) -> list[str]:
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    for entry in items:
        bib.register(Citation([CitationItem(entry["id"])]))
    return [str(line) for line in bib.bibliography()]


def test_csljson_is_read_by_citeproc_for_every_paper(any_store):
    papers = list(iter_papers(any_store.conn))
    items = json.loads(export_text(any_store, "csljson", all_papers=True))
    assert len(items) == len(papers)
    assert len({i["id"] for i in items}) == len(items)  # ids unique
    lines = _bibliography(items)
    assert len(lines) == len(items)
    for paper in papers:
        assert any(sanitize_line(paper.title)[:30] in line for line in lines), paper.title


def test_csljson_of_an_enriched_paper(enriched):
    items = json.loads(export_text(enriched, "csljson", all_papers=True))
    ntk = next(i for i in items if i["title"] == NTK)
    assert ntk["type"] == "article" and ntk["number"] == "1806.07572"
    assert ntk["issued"] == {"date-parts": [[2018, 6, 20]]}
    assert ntk["author"][0] == {"family": "Jacot", "given": "Arthur"}
    assert ntk["DOI"] == "10.48550/arXiv.1806.07572"
    line = next(x for x in _bibliography([ntk]))
    assert "Jacot" in line and "2018" in line


def test_bibtex_of_an_enriched_paper_has_author_year_eprint_class_url(enriched):
    library = bibtexparser.parse_string(export_text(enriched, "bib", all_papers=True))
    assert not library.failed_blocks
    ntk = next(e for e in library.entries if e.fields_dict["title"].value == "{" + NTK + "}")
    fields = {k: f.value for k, f in ntk.fields_dict.items()}
    assert fields["author"] == "Arthur Jacot and Franck Gabriel and Clément Hongler"
    assert fields["year"] == "2018"
    assert fields["eprint"] == "1806.07572"
    assert fields["archivePrefix"] == "arXiv"
    assert fields["primaryClass"] == "cs.LG"
    assert fields["url"] == "https://arxiv.org/abs/1806.07572"


def test_cli_export_ris_and_csljson(capsys, enriched):
    from paperterm.cli import main

    for fmt in ("ris", "csljson"):
        code = main(["--store", str(enriched.path), "export", "--format", fmt, "--all"])
        out = capsys.readouterr().out
        assert code == 0
        parsed = rispy.loads(out) if fmt == "ris" else json.loads(out)
        assert len(parsed) == 80
