"""Matching papers by title on Hugging Face and arXiv: ids, authors, dates, upvotes, code."""

from paperterm.enrich.run import EnrichProgress, EnrichReport, enrich_papers, papers_to_enrich
from paperterm.enrich.settings import EnrichSettings, load_enrich_settings

__all__ = [
    "EnrichProgress",
    "EnrichReport",
    "EnrichSettings",
    "enrich_papers",
    "load_enrich_settings",
    "papers_to_enrich",
]
