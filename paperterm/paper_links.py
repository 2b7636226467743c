"""Every link of a paper, best first, ending with title searches: a paper never has no link."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

from paperterm.links import safe_url, valid_arxiv_id
from paperterm.models import Paper
from paperterm.text import sanitize_line
from paperterm.text_links import FoundLink, arxiv_url

# The order links are offered in: the best first.
KIND_ORDER = ("hf", "arxiv", "pdf", "code", "project", "doi", "search")
HF = "https://huggingface.co"
ARXIV = "https://arxiv.org"


@dataclass(frozen=True)
class Link:
    """A link to show or open; ``is_search`` marks a title search, not the paper's page."""

    kind: str  # one of KIND_ORDER
    label: str
    url: str
    is_search: bool = False


def search_links(title: str) -> list[Link]:
    """Title searches on Hugging Face papers and arXiv, the title URL-encoded."""
    words = sanitize_line(title)
    return [
        Link("search", "Search Hugging Face papers", f"{HF}/papers?q={quote_plus(words)}", True),
        Link(
            "search",
            "Search arXiv by title",
            f"{ARXIV}/search/?query={quote_plus(words)}&searchtype=title",
            True,
        ),
    ]


def _labelled(kind: str, url: str) -> Link:
    labels = {
        "code": "Code",
        "project": "Project page",
        "doi": "DOI",
        "arxiv": "arXiv abstract",
    }
    return Link(kind, f"{labels.get(kind, kind)}: {url.split('://', 1)[-1]}", url)


def links_for(paper: Paper, found_links: Iterable[FoundLink] = ()) -> list[Link]:
    """The paper's links: paper page, arXiv, PDF, code, project, DOI, then the searches.

    ``found_links`` are the links stored for the paper (from its abstract or a match).
    Every URL appears once; the list always ends with the two title searches.
    """
    links: list[Link] = []
    arxiv = valid_arxiv_id(paper.arxiv_id)
    if arxiv:
        links += [
            Link("hf", "Hugging Face paper page", f"{HF}/papers/{quote(arxiv, safe='/.')}"),
            Link("arxiv", f"arXiv abstract {arxiv}", arxiv_url(arxiv)),
            Link("pdf", f"arXiv PDF {arxiv}", f"{ARXIV}/pdf/{arxiv}"),
        ]
    for kind, value in (("code", paper.github), ("project", paper.project_page)):
        url = safe_url(value)
        if url:
            links.append(_labelled(kind, url))
    for found in found_links:
        url = safe_url(found.url)
        if url:
            links.append(_labelled(found.kind, url))
    seen: set[str] = set()
    unique: list[Link] = []
    for link in links:
        if link.url.rstrip("/").lower() not in seen:
            seen.add(link.url.rstrip("/").lower())
            unique.append(link)
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    unique.sort(key=lambda link: rank.get(link.kind, len(KIND_ORDER)))  # stable: found order
    return unique + search_links(paper.title)


def best_link(paper: Paper, found_links: Iterable[FoundLink] = ()) -> Link:
    """The link ``o`` opens: paper page, then arXiv, then code, then a search."""
    return links_for(paper, found_links)[0]
