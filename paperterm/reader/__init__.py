"""The one reader service both faces call: open a store, search, page, detail, sync, user data.

No Textual and no Rich here: the CLI prints what it returns, the TUI runs it in workers.
"""

from paperterm.models import FilterCounts, Marks, PaperDetail
from paperterm.reader.jobs import is_empty, run_jobs, sample_job, sample_wanted
from paperterm.reader.library import Library
from paperterm.reader.pages import NewestFirst, position_of
from paperterm.reader.triage import next_unread

__all__ = [
    "FilterCounts",
    "Library",
    "Marks",
    "NewestFirst",
    "PaperDetail",
    "is_empty",
    "next_unread",
    "position_of",
    "run_jobs",
    "sample_job",
    "sample_wanted",
]
