"""Sync of the hostile fixture folder: finishes, names each problem, stores clean text only."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hostile_fixtures import HOSTILE, load_make
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperterm.store import Store, get_paper
from paperterm.sync import SyncReport, sync_paths
from paperterm.text import MAX_ABSTRACT, paper_key

REAL = Path(__file__).parent.parent / "fixtures" / "digests"


make = load_make()
BUILT = make.build()
BIG_NAME = "21_big_abstract.txt"
BIG = make.big_abstract()
ALL_SPECS = {**{name: spec for name, (_data, spec) in BUILT.items()}, BIG_NAME: BIG[1]}


def copy_hostile(target: Path) -> Path:
    """The committed fixtures plus the 5 MB file, dated so 'Mar 14' means 2025-03-14."""
    target.mkdir()
    for path in sorted(HOSTILE.glob("*.txt")):
        shutil.copyfile(path, target / path.name)
    (target / BIG_NAME).write_bytes(BIG[0])
    stamp = dt.datetime.fromisoformat(make.REFERENCE_DATE + "T12:00:00").timestamp()
    for path in target.iterdir():
        os.utime(path, (stamp, stamp))
    return target


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hostile")
    folder = copy_hostile(root / "digests")
    store = Store(root / "store.db")
    report = sync_paths(store, [folder])
    yield folder, store, report
    store.close()


def forbidden(ch: str) -> bool:
    """C0 (but LF), DEL, C1, lone surrogates, bidi controls, line/paragraph separators."""
    cat = unicodedata.category(ch)
    if ch == "\n":
        return False
    return (
        cat in ("Cc", "Cs", "Zl", "Zp") or "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069"
    )


def test_committed_fixtures_are_exactly_what_make_py_writes() -> None:
    committed = {p.name: p.read_bytes() for p in HOSTILE.glob("*.txt")}
    assert committed == {name: data for name, (data, _spec) in BUILT.items()}


def test_the_folder_covers_every_hostile_kind_issue_8_lists() -> None:
    names = " ".join(ALL_SPECS)
    for kind in [
        "csi_colour_clear",
        "osc52",
        "osc8",
        "terminal_queries",
        "c1_controls",
        "lone_unterminated_esc",
        "rich_markup",
        "unbalanced_markup",
        "bidi",
        "zero_width",
        "nul",
        "invalid_utf8",
        "utf16",
        "bom_crlf",
        "formfeed_u2028",
        "truncated",
        "empty",
        "header_only",
        "missing_abstract",
        "big_abstract",
        "duplicate_titles",
        "export_breakers",
        "concatenated",
    ]:
        assert kind in names, kind
    assert len(BIG[0]) >= 5 * 2**20


def test_sync_finishes_and_reports_the_broken_files(hostile) -> None:
    _folder, _store, report = hostile
    assert isinstance(report, SyncReport)
    assert report.units == len(ALL_SPECS)
    failed = sorted({Path(i.where).name for i in report.errors})
    assert failed == ["19_header_only.txt", "26_bad_date.txt"]  # an empty file only warns
    assert not report.ok


@pytest.mark.parametrize("name", sorted(ALL_SPECS))
def test_each_problem_is_named_with_file_and_line(hostile, name: str) -> None:
    folder, _store, report = hostile
    path = str((folder / name).resolve())
    reported = [i for i in report.errors + report.warnings if i.where == path]
    expected = ALL_SPECS[name].issues
    for line, severity, word in expected:
        assert any(
            i.line == line and i.severity == severity and word in i.message for i in reported
        ), (line, severity, word, [str(i) for i in reported])
        assert any(str(i).startswith(f"{path}:{line}: ") for i in reported)
    for issue in reported:  # nothing unexpected either
        assert any(issue.line == ln and issue.severity == sev for ln, sev, _ in expected), str(
            issue
        )


@pytest.mark.parametrize("name", sorted(n for n, s in ALL_SPECS.items() if s.clean))
def test_every_clean_paper_is_stored_exactly(hostile, name: str) -> None:
    _folder, store, _report = hostile
    title, abstract = ALL_SPECS[name].clean
    paper = get_paper(store.conn, paper_key(title))
    assert paper is not None, title
    assert (paper.title, paper.abstract) == (title, abstract)
    assert paper.first_seen is not None and paper.first_seen.year == 2025


@pytest.mark.parametrize("name", sorted(n for n, s in ALL_SPECS.items() if s.hostile_titles))
def test_hostile_papers_are_stored_with_their_cleaned_titles(hostile, name: str) -> None:
    _folder, store, _report = hostile
    for title in ALL_SPECS[name].hostile_titles:
        paper = get_paper(store.conn, paper_key(title))
        assert paper is not None and paper.title == title


def test_no_stored_text_holds_a_forbidden_code_point(hostile) -> None:
    _folder, store, _report = hostile
    rows = store.conn.execute("SELECT title, abstract FROM papers").fetchall()
    assert len(rows) > 40
    for title, abstract in rows:
        assert not any(forbidden(c) for c in title), ascii(title)
        assert "\n" not in title and "\t" not in title
        assert not any(forbidden(c) for c in abstract), ascii(abstract[:200])
    # SQLite itself sees no NUL (length() and LIKE would stop there).
    nul = store.conn.execute(
        "SELECT count(*) FROM papers WHERE instr(title, char(0)) OR instr(abstract, char(0))"
    ).fetchone()[0]
    assert nul == 0
    for payload in make.PAYLOAD_TEXT:
        hits = store.conn.execute(
            "SELECT count(*) FROM papers WHERE instr(title, ?) OR instr(abstract, ?)",
            (payload, payload),
        ).fetchone()[0]
        assert hits == 0, payload


def test_duplicate_spellings_are_one_paper(hostile) -> None:
    _folder, store, _report = hostile
    digest_id = store.conn.execute(
        "SELECT d.id FROM digests d JOIN origins o ON o.id = d.origin_id"
        " WHERE o.locator LIKE '%22_duplicate_titles.txt'"
    ).fetchone()[0]
    rows = store.conn.execute(
        "SELECT p.title FROM appearances a JOIN papers p ON p.id = a.paper_id"
        " WHERE a.digest_id = ? GROUP BY p.id ORDER BY min(a.position)",
        (digest_id,),
    ).fetchall()
    # Seven spellings, three papers: case, full width, punctuation, white space, zero width
    # and NFC/NFD fold together; the first spelling met is the one shown.
    assert [r[0] for r in rows] == [
        "Scaling Laws for Tiny Models",
        "Café Attention Is Composed",
        "Clean Paper 22: Robust Reading of Duplicate Titles",
    ]
    zero_width = get_paper(store.conn, paper_key("ZeroWidth Spaces Hide Words"))
    assert zero_width is not None and zero_width.title == "ZeroWidth Spaces Hide Words"


def test_concatenated_digests_are_two_digests(hostile) -> None:
    _folder, store, _report = hostile
    paper = get_paper(store.conn, paper_key("Paper Present in Both Concatenated Digests"))
    assert paper is not None and paper.seen == 2
    assert (paper.first_seen, paper.last_seen) == (dt.date(2025, 3, 14), dt.date(2025, 3, 15))


def test_the_5mb_abstract_is_cut_to_the_limit(hostile) -> None:
    _folder, store, _report = hostile
    paper = get_paper(store.conn, paper_key("A Paper with a Five Megabyte Abstract"))
    assert paper is not None
    assert MAX_ABSTRACT - 100 < len(paper.abstract) <= MAX_ABSTRACT
    assert paper.abstract.endswith("…")


def test_a_paper_under_an_impossible_date_is_not_stored(hostile) -> None:
    _folder, store, _report = hostile
    assert get_paper(store.conn, paper_key("Paper Under an Impossible Date")) is None


def test_a_second_sync_changes_nothing(hostile) -> None:
    folder, store, _report = hostile

    def snapshot():
        return store.conn.execute(
            "SELECT key, title, abstract, first_seen, last_seen, seen FROM papers ORDER BY key"
        ).fetchall()

    before = snapshot()
    again = sync_paths(store, [folder])
    assert again.new_papers == 0
    assert snapshot() == before
    assert sorted({Path(i.where).name for i in again.errors}) == [
        "19_header_only.txt",
        "26_bad_date.txt",
    ]


def test_real_digests_next_to_a_broken_file_are_all_stored(tmp_path: Path) -> None:
    # Issue 3: the two real digests plus binary junk with no date: 80 papers, junk named.
    folder = tmp_path / "mixed"
    shutil.copytree(REAL, folder)
    junk = BUILT["27_binary_junk.txt"][0].split(b"\n\n")[0]
    (folder / "junk.txt").write_bytes(junk)
    store = Store(tmp_path / "s.db")
    report = sync_paths(store, [folder])
    assert [Path(i.where).name for i in report.errors] == ["junk.txt"]
    assert store.conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 80
    store.close()


_PIECES = st.sampled_from(
    [
        "new",
        "Subscribe",
        "Mar 14",
        "Mar 15",
        "Feb 30",
        "2024-03-14",
        "A Title",
        "Another Title",
        "A TITLE",
        "A\u200b Title",
        "An abstract sentence. And another one.",
        "\x1b]52;c;Zm9v\x07Osc Title",
        "\x1b[31mRed\x1b[0m",
        "\u202eBidi\u202c Title",
        "\x00",
        "",
        "[bold]Markup[/]",
    ]
)
_DIGEST_TEXT = st.lists(
    st.tuples(_PIECES, st.sampled_from(["\n", "\r\n", "\n\n", "\r\r"])), max_size=30
).map(lambda parts: "".join(p + e for p, e in parts))
_FILES = st.lists(
    st.one_of(
        _DIGEST_TEXT.map(str.encode),
        _DIGEST_TEXT.map(lambda s: b"\xff\xfe" + s.encode("utf-16-le")),
        st.binary(max_size=200),
    ),
    min_size=1,
    max_size=4,
)


def _snapshot(store: Store) -> tuple:
    conn = store.conn
    return (
        conn.execute(
            "SELECT key, title, abstract, first_seen, last_seen, seen FROM papers ORDER BY key"
        ).fetchall(),
        conn.execute(
            "SELECT d.date, a.position, p.key FROM appearances a JOIN digests d"
            " ON d.id = a.digest_id JOIN papers p ON p.id = a.paper_id ORDER BY 1, 2, 3"
        ).fetchall(),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_FILES)
def test_sync_of_any_generated_folder_is_idempotent(files: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "digests"
        folder.mkdir()
        for n, data in enumerate(files):
            (folder / f"{n:02d}.txt").write_bytes(data)
        store = Store(Path(tmp) / "store.db")
        try:
            first = sync_paths(store, [folder])
            before = _snapshot(store)
            for title, abstract in (row[1:3] for row in before[0]):
                assert not any(forbidden(c) for c in title + abstract)
            second = sync_paths(store, [folder])
            assert second.new_papers == 0
            assert _snapshot(store) == before
            assert [str(i) for i in second.errors] == [str(i) for i in first.errors]
        finally:
            store.close()
