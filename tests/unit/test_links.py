"""Paper links: built only from valid arXiv ids and http(s) URLs; one arXiv id pattern."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import paperterm
from paperterm.links import paper_links, valid_arxiv_id
from paperterm.models import Paper


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2303.16900", "2303.16900"),
        (" 2303.16900v2 ", "2303.16900v2"),
        ("1501.0001", "1501.0001"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("math.GT/0309136v1", "math.GT/0309136v1"),
        ("2303.169", None),
        ("2303.16900/../../x", None),
        ("-rf/1234567", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_arxiv_ids_of_both_styles_are_accepted_and_nothing_else(value, expected):
    assert valid_arxiv_id(value) == expected


def _paper(**fields) -> Paper:
    base = dict(id=1, key="0" * 16, title="T", abstract="", first_seen=None, last_seen=None)
    return Paper(**{**base, "seen": 1, **fields})


def test_links_come_from_ids_and_safe_urls_only():
    paper = _paper(arxiv_id="2303.16900", github="javascript:x", project_page="https://p.io/")
    assert paper_links(paper) == {
        "hf": "https://huggingface.co/papers/2303.16900",
        "arxiv": "https://arxiv.org/abs/2303.16900",
        "project": "https://p.io/",
    }
    assert paper_links(_paper(arxiv_id="not an id")) == {}


def test_the_package_spells_the_arxiv_id_pattern_once():
    root = Path(paperterm.__file__).parent
    spelled = re.compile(r"\\d\{4\}\\\.\\d\{4,5\}")
    holders = sorted(
        str(p.relative_to(root)) for p in root.rglob("*.py") if spelled.search(p.read_text())
    )
    assert holders == ["links.py"]
