"""The link keys: o opens the best link, O picks any link (copied over SSH), Y copies BibTeX."""

from __future__ import annotations

import datetime as dt

import bibtexparser
import pytest

from paperterm.models import Entry
from paperterm.tui.screens.link_picker import LinkPicker
from paperterm.tui.widgets import DetailPane
from tests.tui.conftest import add_papers, settle, wait_for

TITLE = "Linked Kernels: a [bold]Paper[/bold] with Every Link"
ABSTRACT = (
    "We study kernels. Code is available at https://github.com/example/linked-kernels. "
    "See also doi:10.1234/abc.5678 and the project page https://example.org/linked."
)
EXPECTED = [  # every kind the picker offers, in its order
    ("hf", "https://huggingface.co/papers/2603.01234"),
    ("arxiv", "https://arxiv.org/abs/2603.01234"),
    ("pdf", "https://arxiv.org/pdf/2603.01234"),
    ("code", "https://github.com/example/linked-kernels"),
    ("project", "https://example.org/linked"),
    ("doi", "https://doi.org/10.1234/abc.5678"),
    ("search", "https://huggingface.co/papers?q=Linked+Kernels"),
    ("search", "https://arxiv.org/search/?query=Linked+Kernels"),
]


@pytest.fixture
def linked(synced_store):
    """The newest paper (the list's first row): an arXiv id, code, project and a DOI."""
    add_papers(
        synced_store,
        "memory://links",
        dt.date(2026, 3, 21),
        [Entry(TITLE, ABSTRACT, arxiv_id="2603.01234", authors=("Ada Lovelace", "Alan Turing"))],
    )
    return synced_store


def ssh(monkeypatch) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5555 10.0.0.2 22")


def desktop(monkeypatch) -> list[str]:
    for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, new=0: opened.append(url) or True)
    return opened


def status(app) -> str:
    return app.last_message


async def test_detail_pane_lists_every_link_with_its_kind(linked, app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        text = app.screen.query_one(DetailPane).text
        for kind, url in EXPECTED[:6]:
            assert url in text, (kind, url)
        # The searches are labelled as searches, never shown as if they were the paper's page.
        assert "search  Search Hugging Face papers" in text
        assert "search  Search arXiv by title" in text
        assert "Authors     Ada Lovelace, Alan Turing" in text
        assert "arXiv       2603.01234" in text


@pytest.mark.parametrize("index", range(len(EXPECTED)))
async def test_picker_over_ssh_copies_each_kind(linked, app_factory, monkeypatch, index):
    ssh(monkeypatch)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LinkPicker))
        assert "enter copy" in str(app.screen.query_one("#link-picker-help").render())
        await pilot.press(*["down"] * index, "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, LinkPicker))
        kind, url = EXPECTED[index]
        assert app.clipboard.startswith(url), (kind, app.clipboard)
        assert "over SSH" in status(app) and "copied" in status(app)
        if kind == "search":
            assert "title search" in status(app)


async def test_picker_opens_the_chosen_link_in_a_browser(linked, app_factory, monkeypatch):
    opened = desktop(monkeypatch)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LinkPicker))
        await pilot.press("j", "j", "j", "enter")  # code
        await wait_for(pilot, lambda: bool(opened))
        await settle(pilot)
        assert opened == ["https://github.com/example/linked-kernels"]
        assert status(app).startswith("Opened Code")
        assert app.clipboard == ""


async def test_picker_escape_does_nothing(linked, app_factory, monkeypatch):
    opened = desktop(monkeypatch)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LinkPicker))
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, LinkPicker)
        assert opened == [] and app.clipboard == ""


async def test_o_opens_the_paper_page_first(linked, app_factory, monkeypatch):
    opened = desktop(monkeypatch)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: bool(opened))
        assert opened == ["https://huggingface.co/papers/2603.01234"]


async def test_o_opens_code_found_in_the_abstract_when_no_id_is_known(
    synced_store, app_factory, monkeypatch
):
    add_papers(
        synced_store,
        "memory://code",
        dt.date(2026, 3, 21),
        [Entry("Only Code Here", "Code: https://github.com/example/only-code.")],
    )
    ssh(monkeypatch)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert app.clipboard == "https://github.com/example/only-code"


async def test_copy_bibtex_puts_a_parsable_entry_on_the_clipboard(linked, app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("Y")
        await pilot.pause()
        library = bibtexparser.parse_string(app.clipboard)
        assert not library.failed_blocks
        (entry,) = library.entries
        fields = {f.key: f.value for f in entry.fields}
        assert entry.entry_type == "article"
        assert fields["eprint"] == "2603.01234" and fields["archivePrefix"] == "arXiv"
        assert fields["author"] == "Ada Lovelace and Alan Turing"
        assert "Linked Kernels" in fields["title"]
        assert "BibTeX" in status(app) and entry.key in status(app)


async def test_copy_bibtex_in_the_reading_view(linked, app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("Y")
        await pilot.pause()
        (entry,) = bibtexparser.parse_string(app.clipboard).entries
        assert entry.entry_type == "article"
