"""Names with digits and hyphens (GPT-4, 3D, x86-64, LLaMA-2, Llama 2) match as users mean them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from paperterm.search import SearchService
from paperterm.search.query import parse_query

NAMES = Path(__file__).parent.parent / "fixtures" / "names"


@pytest.fixture
def service(store, tmp_path):
    from paperterm.sync import sync_paths

    folder = tmp_path / "names"
    shutil.copytree(NAMES, folder)
    assert sync_paths(store, [folder]).ok
    svc = SearchService(store)
    yield svc
    svc.close()


def titles(service, query):
    result = service.search(query)
    assert result.error is None, result.error
    return [h.paper.title for h in result.hits]


def test_gpt_4_finds_the_gpt_4_papers_not_every_paper_with_a_4(service):
    found = titles(service, "GPT-4")
    assert found[0] == "GPT-4 Technical Report"
    assert set(found) == {"GPT-4 Technical Report", "Sparse Attention at Scale"}  # GPT4 there


def test_a_name_written_as_one_word_finds_it_hyphenated(service):
    assert titles(service, "gpt4")[0] == "GPT-4 Technical Report"


def test_a_digit_is_never_a_typo(service):
    assert "GPT-4 Technical Report" not in titles(service, "GPT-5")
    assert titles(service, "gpt3") == ["Sparse Attention at Scale"]  # GPT-3.5 in its abstract


def test_gpt_alone_finds_papers_that_name_it(service):
    assert "GPT-4 Technical Report" in titles(service, "GPT")


def test_llama_2_with_a_space_or_a_hyphen_finds_both_spellings(service):
    both = {
        "Llama 2: Open Foundation and Fine-Tuned Chat Models",
        "LLaMA-2-Chat Alignment Revisited",
    }
    assert set(titles(service, "Llama 2")) == both
    assert set(titles(service, "LLaMA-2")) == both
    assert set(titles(service, "llama2")) == both


def test_x86_64_and_3d(service):
    assert titles(service, "x86-64") == ["Fast Kernels for x86-64 and ARM"]
    assert titles(service, "3D")[0] == "Compact 3D Scene Representation with Gaussians"
    assert "Sparse Attention at Scale" not in titles(service, "3D")  # 2D is not 3D


def test_a_lone_number_is_still_a_word(service):
    assert titles(service, "stage 2") == []  # "stage 2" is one name here: not in any paper
    assert "Two Stage Detectors Revisited" in titles(service, "64 anchors")


def test_excluding_a_name_excludes_both_spellings(service):
    found = titles(service, "-GPT-4")
    assert "GPT-4 Technical Report" not in found
    assert "Sparse Attention at Scale" not in found  # "GPT4" in its abstract
    assert "Compact 3D Scene Representation with Gaussians" in found


def test_names_parse_as_one_term_with_what_was_typed():
    q = parse_query("GPT-4 kernels Llama 2")
    assert [(t.tokens, t.compound, t.shown) for t in q.terms] == [
        (("gpt", "4"), True, "GPT-4"),
        (("kernels",), False, "kernels"),
        (("llama", "2"), True, "Llama 2"),
    ]
    # Hyphenated words without digits stay separate words (typos forgiven in each).
    assert [t.tokens for t in parse_query("self-supervised").terms] == [("self",), ("supervised",)]


def test_a_word_matching_nothing_is_reported_as_ignored(service):
    result = service.search("kernels xyzzy")
    assert [h.paper.title for h in result.hits] == ["Fast Kernels for x86-64 and ARM"]
    assert result.ignored == ("xyzzy",)
    assert service.search("kernels arm").ignored == ()
    assert service.search("xyzzy").ignored == ()  # nothing listed: nothing to explain
