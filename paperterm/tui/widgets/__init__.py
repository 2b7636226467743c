"""Dumb views of the reader: they show what the screen hands them and post messages up."""

from paperterm.tui.widgets.detail_pane import DetailPane
from paperterm.tui.widgets.filter_pane import FilterPane
from paperterm.tui.widgets.paper_list import PaperList
from paperterm.tui.widgets.search_bar import SearchBar, SearchInput
from paperterm.tui.widgets.status_line import HeaderBar, StatusLine

__all__ = [
    "DetailPane",
    "FilterPane",
    "HeaderBar",
    "PaperList",
    "SearchBar",
    "SearchInput",
    "StatusLine",
]
