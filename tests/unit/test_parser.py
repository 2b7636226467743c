"""The digest parser's tolerances (issue 3) and limits (issue 8), each with the input it meets."""

from __future__ import annotations

import codecs
import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import paperterm.sync.digest as digest_module
from paperterm.models import ParseResult
from paperterm.sync.digest import MAX_WARNINGS, parse_digest
from paperterm.text import MAX_ABSTRACT, MAX_TITLE

REF = dt.date(2025, 6, 1)
HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
    "byAK and the research community\n\n"
)
REAL = Path(__file__).parent.parent / "fixtures" / "digests"


def parse(text: str | bytes, where: str = "d.txt") -> ParseResult:
    data = text.encode() if isinstance(text, str) else text
    return parse_digest(data, where, REF)


def papers(result: ParseResult) -> list[tuple[str, str]]:
    return [(e.title, e.abstract) for d in result.digests for e in d.entries]


def issues(result: ParseResult) -> list[str]:
    return [str(i) for i in result.issues]


SIMPLE = HEADER + "Mar 14\n\nFirst Title\n\nFirst abstract.\n\nSecond Title\n\nSecond abstract.\n"
EXPECTED = [("First Title", "First abstract."), ("Second Title", "Second abstract.")]


def test_the_real_digests_parse_with_line_numbers_and_no_issue() -> None:
    counts = []
    for path in sorted(REAL.glob("*.txt")):
        result = parse_digest(path.read_bytes(), str(path), REF)
        assert result.issues == ()
        (digest,) = result.digests
        counts.append(len(digest.entries))
        lines = path.read_text().split("\n")
        for entry in digest.entries:
            assert lines[entry.line - 1].strip() == entry.title
    assert sum(counts) == 105


def test_simple_digest() -> None:
    result = parse(SIMPLE)
    assert papers(result) == EXPECTED
    (digest,) = result.digests
    assert digest.date == dt.date(2025, 3, 14)
    assert (digest.line, [e.line for e in digest.entries]) == (9, [11, 15])
    assert result.issues == ()


# --- issue 3 tolerances ------------------------------------------------------------------


def test_crlf_and_lone_cr_line_endings() -> None:
    assert papers(parse(SIMPLE.replace("\n", "\r\n"))) == EXPECTED
    result = parse(SIMPLE.replace("\n", "\r"))
    assert papers(result) == EXPECTED
    assert [e.line for d in result.digests for e in d.entries] == [11, 15]


def test_utf8_bom() -> None:
    result = parse(codecs.BOM_UTF8 + SIMPLE.encode())
    assert papers(result) == EXPECTED and result.issues == ()


def test_trailing_whitespace_and_extra_blank_lines() -> None:
    text = HEADER + "Mar 14 \t\n\n\n\n  First Title   \n \n\t\nFirst abstract.  \n\n\n\n\n"
    text += "Second Title\t\n\n\n\nSecond abstract.   \n\n\n"
    assert papers(parse(text)) == EXPECTED


def test_missing_header_lines() -> None:
    text = "Mar 14\n\nFirst Title\n\nFirst abstract.\n\nSecond Title\n\nSecond abstract.\n"
    assert papers(parse(text)) == EXPECTED
    partial = "Subscribe\n\n" + text
    assert papers(parse(partial)) == EXPECTED


def test_header_and_date_without_blank_lines_between() -> None:
    text = (
        "new\nSubscribe\nMar 14\nFirst Title\n\nFirst abstract.\n\nSecond Title\n\nSecond abstract."
    )
    result = parse(text)
    assert papers(result) == EXPECTED
    assert result.digests[0].date == dt.date(2025, 3, 14)


def test_a_title_with_no_abstract_is_reported_and_not_stored() -> None:
    text = HEADER + "Mar 14\n\nLonely Title\n\nFirst Title\n\nFirst abstract.\n\nLast Title\n"
    result = parse(text)
    assert papers(result) == [("First Title", "First abstract.")]
    assert issues(result) == [
        "d.txt:11: title with no abstract (the next paragraph is another title): "
        "not stored until its abstract is there",
        "d.txt:17: title with no abstract (the file ends after it): "
        "not stored until its abstract is there",
    ]
    assert not result.failed


def test_abstract_broken_over_several_lines() -> None:
    text = (
        HEADER
        + "Mar 14\n\nA Title\nWrapped Over Two Lines\n\n"
        + "An abstract\nbroken over\n  several lines.\n"
    )
    assert papers(parse(text)) == [
        ("A Title Wrapped Over Two Lines", "An abstract broken over several lines.")
    ]


def test_invalid_utf8_is_replaced_with_a_warning_naming_the_line() -> None:
    data = (HEADER + "Mar 14\n\nBad \udcff Title\n\nBad \udcc3( abstract.\n").encode(
        "utf-8", "surrogateescape"
    )
    result = parse(data)
    assert papers(result) == [("Bad \ufffd Title", "Bad \ufffd( abstract.")]
    assert issues(result) == [
        "d.txt:11: invalid UTF-8 replaced with U+FFFD",
        "d.txt:13: invalid UTF-8 replaced with U+FFFD",
    ]
    assert not result.failed


def test_never_latin1_a_raw_0x9b_byte_is_not_a_c1_csi() -> None:
    result = parse(HEADER.encode() + b"Mar 14\n\nTitle \x9b6n Here\n\nAbstract \x9d0;x\x07.\n")
    ((title, abstract),) = papers(result)
    assert title == "Title \ufffd6n Here"
    assert "\x9b" not in title and "\x9d" not in abstract
    assert "\ufffd" in abstract


def test_nul_and_control_characters_are_removed_at_ingest_with_a_warning() -> None:
    text = HEADER + "Mar 14\n\nNUL\x00 Title\x7f\n\nEscape \x1b[31mred\x1b[0m and \x07bell.\n"
    result = parse(text)
    assert papers(result) == [("NUL Title", "Escape red and bell.")]
    assert issues(result) == [
        "d.txt:11: removed control characters",
        "d.txt:13: removed terminal escape sequences and control characters",
    ]


def test_no_date_line_is_an_error_for_that_file() -> None:
    result = parse(HEADER + "A Title\n\nAn abstract.\n", where="dir/nodate.txt")
    assert result.digests == ()
    assert result.failed
    assert issues(result) == [
        "dir/nodate.txt:1: no date line (expected e.g. 'Mar 14' or '2025-03-14')"
    ]


@pytest.mark.parametrize("data", [b"", b"\n\n  \r\n", codecs.BOM_UTF8, b"\x00\x00\n"])
def test_empty_file_is_a_warning_not_an_error(data: bytes) -> None:
    result = parse(data, where="empty.txt")
    assert not result.failed and result.digests == ()
    assert any(s.startswith("empty.txt:1: empty file") for s in issues(result))


def test_header_only_file_is_an_error() -> None:
    result = parse(HEADER, where="h.txt")
    assert result.digests == () and issues(result) == [
        "h.txt:1: no date line (expected e.g. 'Mar 14' or '2025-03-14')"
    ]


def test_two_digests_concatenated_in_one_file() -> None:
    text = SIMPLE + "\n" + HEADER + "Mar 15\n\nThird Title\n\nThird abstract.\n"
    result = parse(text)
    assert [(d.date.day, len(d.entries), d.line) for d in result.digests] == [
        (14, 2, 9),
        (15, 1, 27),
    ]
    assert result.issues == ()


def test_text_before_the_date_line_is_skipped_with_a_warning() -> None:
    result = parse("Some preamble paragraph.\n\nMar 14\n\nA Title\n\nAn abstract.\n")
    assert papers(result) == [("A Title", "An abstract.")]
    assert issues(result) == ["d.txt:1: 1 paragraph before the date line skipped"]


# --- line endings and encodings ----------------------------------------------------------


def test_only_lf_crlf_and_cr_end_a_line() -> None:
    # FF, VT, FS/GS/RS, NEL, U+2028 and U+2029 do not end a line: they do not split a title,
    # and the line numbers of later entries stay right.
    odd = "\x0c\x0b\x1c\x1d\x1e\x85\u2028\u2029"
    text = HEADER + f"Mar 14\n\nOne{odd}Title\n\nAn{odd}abstract.\n\nNext Title\n\nNext abstract.\n"
    result = parse(text)
    assert papers(result) == [("One Title", "An abstract."), ("Next Title", "Next abstract.")]
    assert [e.line for d in result.digests for e in d.entries] == [11, 15]


def test_a_line_of_form_feeds_separates_paragraphs() -> None:
    text = (
        HEADER
        + "Mar 14\n\nFirst Title\n\x0c\nFirst abstract.\n\x0c\x0c\n"
        + "Second Title\n\nSecond abstract.\n"
    )
    assert papers(parse(text)) == EXPECTED


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_decoded(codec: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec)
    bom = bom or {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[codec]
    text = SIMPLE.replace("First Title", "First Title 中文 😀").replace("\n", "\r\n")
    result = parse(bom + text.encode(codec))
    assert papers(result)[0] == ("First Title 中文 😀", "First abstract.")
    assert result.issues == ()


def test_invalid_utf16_is_replaced_with_a_warning_naming_the_line() -> None:
    text = SIMPLE.replace("Second Title", "Second \ud800 Title")
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass") + b"\x41"
    result = parse(data)
    assert papers(result)[1] == ("Second \ufffd Title", "Second abstract. \ufffd")
    assert issues(result) == [
        "d.txt:15: invalid UTF-16 replaced with U+FFFD",
        "d.txt:18: file ends inside a UTF-16 character (replaced with U+FFFD)",
    ]


# --- limits ------------------------------------------------------------------------------


def test_the_limits_are_documented_in_the_module_docstring() -> None:
    doc = digest_module.__doc__ or ""
    assert f"{MAX_TITLE:,} characters" in doc and f"{MAX_ABSTRACT:,}" in doc
    assert f"{MAX_WARNINGS} warnings" in doc and f"{digest_module.MAX_PAPERS:,}" in doc


def test_a_long_title_is_cut_with_a_warning_naming_its_line() -> None:
    long_title = " ".join(f"w{i}" for i in range(2000))
    result = parse(HEADER + f"Mar 14\n\n{long_title}\n\nIts abstract.\n")
    ((title, abstract),) = papers(result)
    assert len(title) == MAX_TITLE and title.endswith("…")
    assert long_title.startswith(title[:-1])
    assert issues(result) == [f"d.txt:11: title longer than {MAX_TITLE:,} characters, cut"]


@pytest.mark.parametrize("newline_every", [0, 80])
def test_a_5mb_abstract_is_cut_quickly_with_a_warning(newline_every: int, timer) -> None:
    words = "attention scales linearly with length "
    body = words * (5 * 2**20 // len(words))
    if newline_every:
        body = "\n".join(body[i : i + newline_every] for i in range(0, len(body), newline_every))
    text = HEADER + f"Mar 14\n\nHuge Paper\n\n{body}\n\nNext Title\n\nNext abstract.\n"
    with timer(2.0):
        result = parse(text)
    (huge, nxt) = papers(result)
    assert huge[0] == "Huge Paper" and len(huge[1]) <= MAX_ABSTRACT and huge[1].endswith("…")
    assert len(huge[1]) > MAX_ABSTRACT - 100
    assert nxt == ("Next Title", "Next abstract.")
    assert issues(result) == [f"d.txt:13: abstract longer than {MAX_ABSTRACT:,} characters, cut"]


def test_a_line_of_controls_ends_a_paragraph_even_past_the_abstract_limit() -> None:
    body = "word " * 30_000  # 150,000 characters, past the limit
    text = HEADER + f"Mar 14\n\nBig\n\n{body}\n{body}\n\x00\x1b[0m\nNext Title\n\nNext abstract.\n"
    result = parse(text)
    assert [t for t, _ in papers(result)] == ["Big", "Next Title"]
    assert len(papers(result)[0][1]) == MAX_ABSTRACT


@pytest.mark.parametrize(
    "body",
    [
        "\x1b[" * 500_000,
        "\x1b]" * 500_000,
        "\x1bP" * 500_000,
        "\x9d" * 1_000_000,
        "[" * 1_000_000,
        "x\n\n" * 350_000,  # many tiny paragraphs
        "\n" * 1_000_000,
        " \n" * 500_000,
        "a" + " " * 1_000_000 + "b",
        "Mar 14\n\n" * 100_000,  # many date lines: many empty digests
        "\x00" * 1_000_000,
    ],
    ids=[
        "csi",
        "osc",
        "dcs",
        "c1-osc",
        "brackets",
        "tiny",
        "newlines",
        "spaces",
        "run",
        "dates",
        "nul",
    ],
)
def test_pathological_inputs_take_bounded_time(body: str, timer) -> None:
    text = HEADER + "Mar 14\n\nA Title\n\n" + body + "\n\nClean Title\n\nClean abstract.\n"
    with timer(15.0):  # a quadratic step takes minutes here; 15 s leaves room for a busy CI box
        result = parse(text)
    assert len(result.issues) <= MAX_WARNINGS + 2
    for title, abstract in papers(result):
        assert len(title) <= MAX_TITLE and len(abstract) <= MAX_ABSTRACT
        assert "\x1b" not in title + abstract and "\x9d" not in title + abstract


def test_time_grows_linearly_with_size(timer) -> None:
    # A quadratic step would make 4x the input cost ~16x the time; allow a noisy 8x.
    import time

    def cost(n: int) -> float:  # CPU time: another process's load does not skew the ratio
        text = HEADER + "Mar 14\n\n" + ("T\x1b]x\n\n" + "a \x1b[ " * 50 + "\n\n") * n
        start = time.process_time()
        parse(text)
        return time.process_time() - start

    small = min(cost(2_000) for _ in range(2))
    large = min(cost(8_000) for _ in range(2))
    assert large < 8 * small + 0.05


def test_warnings_are_capped_per_file() -> None:
    text = HEADER + "Mar 14\n\n" + "".join(f"T{i}\x00\n\nAbstract {i}\x00.\n\n" for i in range(300))
    result = parse(text)
    assert len(papers(result)) == 300
    warnings = [i for i in result.issues if i.severity == "warning"]
    assert len(warnings) == MAX_WARNINGS + 1
    assert warnings[-1].message == f"{600 - MAX_WARNINGS} more warnings not shown"


def test_papers_per_file_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest_module, "MAX_PAPERS", 3)
    text = HEADER + "Mar 14\n\n" + "".join(f"Title {i}\n\nAbstract {i}.\n\n" for i in range(6))
    result = parse(text)
    assert [t for t, _ in papers(result)] == ["Title 0", "Title 1", "Title 2"]
    assert issues(result) == ["d.txt:23: more than 3 papers in one file, the rest skipped"]


# --- never raises -------------------------------------------------------------------------


def test_errors_are_values_formatted_file_line_reason() -> None:
    result = parse(b"\xff\xfe\x00", where="/x/y.txt")
    assert all(str(i).startswith("/x/y.txt:") for i in result.issues)
    assert result.failed


PIECES = st.sampled_from(
    [
        "new",
        "Subscribe",
        "Mar 14",
        "Feb 29",
        "Feb 30",
        "2024-03-14",
        "A Title",
        "An abstract sentence. And another one.",
        "\x1b]52;c;Zm9v",
        "\x1b[31m",
        "\x9b",
        "\u202e",
        "\u2028",
        "\x0c",
        "\x00",
        "",
        " ",
        "\t",
        "[bold]",
        "12",
        "· 3 authors",
    ]
)
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r", "\n\n"])
DIGESTISH = st.lists(st.tuples(PIECES, LINE_ENDS), max_size=40).map(
    lambda parts: "".join(p + e for p, e in parts)
)
ENCODED = st.one_of(
    DIGESTISH.map(lambda s: s.encode("utf-8", "surrogatepass")),
    DIGESTISH.map(lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le")),
    st.binary(max_size=400),
    st.tuples(DIGESTISH, st.binary(max_size=40)).map(lambda t: t[0].encode() + t[1]),
    st.tuples(st.binary(max_size=4), DIGESTISH).map(
        lambda t: t[0] + t[1].encode("utf-16-be", "surrogatepass")
    ),
)


def _forbidden(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or "\u202a" <= ch <= "\u202e"


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(ENCODED)
def test_parse_digest_never_raises_and_stores_only_clean_text(data: bytes) -> None:
    result = parse_digest(data, "fuzz.txt", REF)
    assert isinstance(result, ParseResult)
    # The parser's own safety net (a caught exception) must never be what answered.
    assert not any("could not parse" in i.message for i in result.issues)
    for digest in result.digests:
        assert digest.entries
        for entry in digest.entries:
            assert entry.title and entry.title == entry.title.strip()
            assert not any(_forbidden(c) for c in entry.title + entry.abstract)
            assert len(entry.title) <= MAX_TITLE and len(entry.abstract) <= MAX_ABSTRACT
    for issue in result.issues:
        assert issue.where == "fuzz.txt" and issue.line >= 0
        assert not any(_forbidden(c) for c in issue.message)


@pytest.fixture
def timer():
    """``with timer(seconds):`` fails the test when the block takes longer.

    CPU time of this process, not wall time: the other processes of a loaded CI machine (or
    the other workers of ``pytest -n auto``) do not count, so a bound can stay tight enough
    to catch a quadratic step.
    """
    import contextlib
    import time

    @contextlib.contextmanager
    def limit(seconds: float):
        start = time.process_time()
        yield
        elapsed = time.process_time() - start
        assert elapsed < seconds, f"took {elapsed:.2f} s of CPU (limit {seconds} s)"

    return limit


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_digest_parses_the_same_whatever_its_size(monkeypatch, newline):
    """Small texts are split into lines at once, big ones line by line: the same papers."""
    from paperterm.sync import decode

    papers = "".join(
        f"Paper {i} title{newline}{newline}An abstract, number {i}.{newline}{newline}"
        for i in range(30)
    )
    data = f"new{newline}{newline}Mar 14{newline}{newline}{papers}".encode()

    def parsed() -> list[tuple[str, str, int]]:
        result = parse_digest(data, "d.txt", dt.date(2025, 6, 1))
        return [(e.title, e.abstract, e.line) for d in result.digests for e in d.entries]

    at_once = parsed()
    monkeypatch.setattr(decode, "_SPLIT_AT_ONCE", 10)  # this text now goes line by line
    assert parsed() == at_once
    assert len(at_once) == 30 and at_once[29] == ("Paper 29 title", "An abstract, number 29.", 121)
