"""The parser decides by structure: header words and dates are titles where prose follows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperterm.models import ParseResult
from paperterm.store import Store
from paperterm.sync import sync_paths
from paperterm.sync.digest import parse_digest
from paperterm.text import sanitize_line

REF = dt.date(2025, 6, 1)
HEADER_WORDS = [
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "byAK and the research community",
]
HEADER = "\n\n".join(HEADER_WORDS) + "\n\n"
PROSE = (
    "We study a problem that matters. Our method improves on the prior art by a wide "
    "margin. Code and data are released."
)


def parse(text: str) -> ParseResult:
    return parse_digest(text.encode(), "d.txt", REF)


def papers(result: ParseResult) -> list[tuple[str, str]]:
    return [(e.title, e.abstract) for d in result.digests for e in d.entries]


def messages(result: ParseResult) -> list[str]:
    return [str(i) for i in result.issues]


@pytest.mark.parametrize(
    "title", ["Subscribe", "New", "new", "Daily Papers", "Mar 15", "2025-03-15", "March 3"]
)
def test_a_paper_titled_like_a_header_word_or_a_date_is_kept(title: str) -> None:
    text = HEADER + f"Mar 14\n\nFirst Paper\n\n{PROSE} 1\n\n{title}\n\n{PROSE} 2\n\nLast\n\n{PROSE}"
    result = parse(text)
    assert papers(result) == [
        ("First Paper", f"{PROSE} 1"),
        (title, f"{PROSE} 2"),
        ("Last", PROSE),
    ]
    assert len(result.digests) == 1 and result.digests[0].date == dt.date(2025, 3, 14)
    assert messages(result) == []


def test_a_header_block_then_a_date_then_papers_still_starts_a_new_digest() -> None:
    text = HEADER + f"Mar 14\n\nA\n\n{PROSE}\n\n" + HEADER + f"Mar 15\n\nB\n\n{PROSE}\n"
    result = parse(text)
    assert [(d.date.day, [e.title for e in d.entries]) for d in result.digests] == [
        (14, ["A"]),
        (15, ["B"]),
    ]


def test_an_unterminated_osc_in_a_title_keeps_the_title() -> None:
    text = HEADER + f"Mar 14\n\n\x1b]0;Towards Robust Ingestion\n\n\x1bP{PROSE}\n"
    result = parse(text)
    assert papers(result) == [("Towards Robust Ingestion", PROSE)]


def test_a_huge_csi_parameter_run_is_removed_and_named_not_called_a_long_title() -> None:
    title_line = "\x1b[" + "1;" * 300_000 + "mA Title After a Huge Sequence"
    result = parse(HEADER + f"Mar 14\n\n{title_line}\n\n{PROSE}\n")
    assert papers(result) == [("A Title After a Huge Sequence", PROSE)]
    (issue,) = result.issues
    assert issue.line == 11
    assert "terminal escape sequences" in issue.message and "600,003 characters" in issue.message
    assert "longer" not in issue.message


@pytest.mark.parametrize(
    "junk", ["\x1b[31m\x07", "\u200e\u200f", "\u202e", "\u200d", "\ufe0f\u3164", "\x00", "\u2800"]
)
@pytest.mark.parametrize("layout", ["\n\n{}\n\n", "\n{}\n", "\n\n{}\n", "\n{}\n\n"])
def test_a_line_that_shows_nothing_does_not_shift_titles_and_abstracts(junk, layout) -> None:
    text = HEADER + "Mar 14\n\nT1" + layout.format(junk) + f"{PROSE}\n\nT2\n\n{PROSE} 2\n"
    result = parse(text)
    assert papers(result) == [("T1", PROSE), ("T2", f"{PROSE} 2")]


def test_the_same_title_twice_in_one_digest_is_said() -> None:
    text = HEADER + f"Mar 14\n\nTwice\n\n{PROSE}\n\nOther\n\n{PROSE}\n\nTWICE\n\n{PROSE} b\n"
    result = parse(text)
    assert "d.txt:19: same title as line 11 in this digest: kept once" in messages(result)


def test_a_file_cut_mid_title_stores_nothing_of_it_then_the_completed_file_does(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    path = folder / "today.txt"
    whole = HEADER + f"Mar 14\n\nComplete Paper\n\n{PROSE}\n\nTowards Robust Ingestion\n\n{PROSE}\n"
    path.write_text(whole[: whole.index("Towards Robust Inges") + len("Towards Robust Inges")])
    store = Store(tmp_path / "s.db")
    report = sync_paths(store, [folder])
    titles = [r[0] for r in store.conn.execute("SELECT title FROM papers")]
    assert titles == ["Complete Paper"]
    assert [f"{Path(i.where).name}:{i.line}" for i in report.warnings] == ["today.txt:15"]
    assert "no abstract" in report.warnings[0].message
    assert not store.conn.execute("SELECT 1 FROM papers WHERE abstract = ''").fetchone()
    # The download finishes: the next sync takes the paper in, whole.
    path.write_text(whole)
    report = sync_paths(store, [folder])
    assert report.ok and not report.warnings
    rows = dict(store.conn.execute("SELECT title, abstract FROM papers"))
    assert rows == {"Complete Paper": PROSE, "Towards Robust Ingestion": PROSE}


# --- property: random interleavings of every kind of paragraph ---------------------------

NORMAL_TITLES = st.sampled_from(
    ["Sparse Attention at Scale", "A Study of Tiny Models", "Vision: What Next?"]
)
LOOKALIKE_TITLES = st.sampled_from(
    [*HEADER_WORDS, "New", "Daily Papers", "Mar 15", "Apr 2", "2025-03-16", "March 3"]
)
SEQUENCES = st.sampled_from(
    ["\x1b[31m", "\x1b[0m", "\x1b]0;x\x07", "\x1b]8;;http://e.invalid\x1b\\", "\x9b2J", "\x1b]0;"]
)
JUNK_LINES = st.sampled_from(["\x1b[0m", "\u200b", "\x00\x01", "\u200d", "   ", "\u202e"])
DATES = st.sampled_from(["Mar 14", "Mar 20", "2025-04-01", "May 5"])


@st.composite
def dirty(draw, text: str) -> str:
    """``text`` with escape sequences before some of its words (that start with a letter)."""
    words = text.split(" ")
    out = []
    for word in words:
        if word[:1].isalpha() and draw(st.booleans()) and draw(st.booleans()):
            word = draw(SEQUENCES) + word
        out.append(word)
    return " ".join(out)


@st.composite
def separator(draw) -> str:
    parts = ["\n"] * draw(st.integers(1, 3))
    if draw(st.booleans()):
        parts.append(draw(JUNK_LINES) + "\n")
        parts += ["\n"] * draw(st.integers(0, 2))
    return "\n" + "".join(parts)


@st.composite
def documents(draw) -> tuple[str, list[tuple[str, str]], set[str]]:
    """A file of digests, the (title, abstract) pairs it holds, and every title in it."""
    paras: list[str] = []
    pairs: list[tuple[str, str]] = []
    titles: set[str] = set()
    serial = 0
    for index in range(draw(st.integers(1, 3))):
        if index == 0 and draw(st.booleans()) or index > 0 and draw(st.booleans()):
            paras += [draw(dirty(w)) for w in HEADER_WORDS]
        paras.append(draw(dirty(draw(DATES))))
        for _ in range(draw(st.integers(0, 5))):
            serial += 1
            title = draw(st.one_of(NORMAL_TITLES, LOOKALIKE_TITLES))
            if draw(st.booleans()):
                title = f"{title} {serial}"  # a normal title, unique in the file
            titles.add(title)
            paras.append(draw(dirty(title)))
            if draw(st.integers(0, 4)) == 0:
                continue  # a title whose abstract is missing: not a paper
            lines = [f"Paper {serial} shows a result. It holds in case {n}." for n in range(3)]
            lines = lines[: draw(st.integers(1, 3))]
            abstract = " ".join(lines)
            paras.append("\n".join(draw(dirty(line)) for line in lines))
            pairs.append((title, abstract))
    text = ""
    for para in paras:
        text += para + draw(separator())
    return text, pairs, titles


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_complete_pair_is_recovered_and_no_title_becomes_an_abstract(doc) -> None:
    text, pairs, titles = doc
    result = parse(text)
    got = papers(result)
    assert Counter(got) == Counter((sanitize_line(t), a) for t, a in pairs), text
    abstracts = {a for _t, a in got}
    assert not abstracts & titles
    assert all(a for _t, a in got)  # never a paper with an empty abstract


@pytest.mark.parametrize("junk", ["\x1b[0m", "\u202e\u202c", "\x00\x07", "\u200d"])
def test_a_line_that_shows_nothing_inside_an_abstract_keeps_it_whole(junk: str) -> None:
    text = HEADER + f"Mar 14\n\nT1\n\nFirst half of it. Still going.\n{junk}\nSecond half.\n\n"
    text += f"T2\n\n{PROSE}\n"
    result = parse(text)
    assert papers(result) == [
        ("T1", "First half of it. Still going. Second half."),
        ("T2", PROSE),
    ]


@pytest.mark.parametrize("intro", ["\x1b]", "\x1bP", "\x1b_", "\x9d"])
def test_an_unterminated_string_sequence_with_a_huge_parameter_run_keeps_the_title(intro):
    title_line = intro + "0;" * 100_000 + "Title After a Flood"
    result = parse(HEADER + f"Mar 14\n\n{title_line}\n\n{PROSE}\n")
    assert papers(result) == [("Title After a Flood", PROSE)]
    assert all("longer" not in i.message for i in result.issues)
