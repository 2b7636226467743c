"""The sanitizer and the paper key: every escape-sequence kind, properties, normalization."""

from __future__ import annotations

import time
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from paperterm.text import (
    _fold_unicode,
    clean_paragraph,
    is_blank,
    normalize_title,
    paper_key,
    sanitize,
    sanitize_line,
)

# --- what "forbidden" and "clean" mean, written independently of paperterm.text ---------

BIDI = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
# Invisible formatting characters removed from display (they hide words from search and
# make terminals and Rich disagree on widths). ZWNJ/ZWJ and variation selectors stay.
INVISIBLE = {
    "\u00ad",
    "\u061c",
    "\u180e",
    "\u200b",
    "\u200e",
    "\u200f",
    *map(chr, range(0x2060, 0x2066)),
    *map(chr, range(0x206A, 0x2070)),
    "\ufeff",
    "\ufff9",
    "\ufffa",
    "\ufffb",
    *map(chr, range(0xE0000, 0xE0080)),
}


def forbidden(ch: str, *, multiline: bool) -> bool:
    """A code point that must never leave the sanitizer."""
    if ch == "\n":
        return not multiline
    cat = unicodedata.category(ch)
    # Cc = C0, DEL, C1 (tab included: it becomes spaces); Cs = lone surrogates;
    # Zl/Zp = U+2028/U+2029 (line breaks other than \n).
    return cat in ("Cc", "Cs", "Zl", "Zp") or ch in BIDI or ch in INVISIBLE


def is_clean(text: str, *, multiline: bool) -> bool:
    return not any(forbidden(ch, multiline=multiline) for ch in text)


# Characters that drive the sequence logic, so generated strings hit it often.
TERMINAL_BITS = st.sampled_from(
    [
        "\x1b",
        "[",
        "]",
        "P",
        "X",
        "^",
        "_",
        "\\",
        "\x07",
        "\x9b",
        "\x9c",
        "\x9d",
        "\x90",
        "\x98",
        "\x9e",
        "\x9f",
        "\x85",
        "0",
        "52",
        ";",
        "?",
        "$",
        " ",
        "!",
        "m",
        "a",
        "é",
        "\n",
        "\r",
        "\r\n",
        "\t",
        "\x0b",
        "\x0c",
        "\x00",
        "\x7f",
        "\u202e",
        "\u2066",
        "\u200b",
        "\u200d",
        "\u2028",
        "\u2029",
        "\ud800",
        "\udcff",
        "\ufeff",
        "\U0001f600",
    ]
)
HOSTILE_TEXT = st.one_of(
    st.lists(TERMINAL_BITS, max_size=40).map("".join),
    st.text(
        alphabet=st.one_of(st.characters(exclude_categories=()), st.characters(categories=["Cs"])),
        max_size=60,
    ),  # every category, lone surrogates too
)
CLEAN_MULTI = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"), include_characters="\n")
).filter(lambda s: is_clean(s, multiline=True))
CLEAN_LINE = CLEAN_MULTI.filter(lambda s: "\n" not in s)


# --- properties ------------------------------------------------------------------------


@given(HOSTILE_TEXT, st.booleans())
@example("\x1b]0;x\x07", True)
@example("\x1b", False)
@example("\x9b\x1b[", True)
def test_output_never_holds_a_forbidden_code_point(text: str, multiline: bool) -> None:
    out = sanitize(text, multiline=multiline)
    assert is_clean(out, multiline=multiline), ascii(out)
    assert "\x1b" not in out


@given(HOSTILE_TEXT, st.booleans())
@example("\x1b\x1b[31m[31m", True)
@example("\r\x00\n", True)
def test_sanitize_is_idempotent(text: str, multiline: bool) -> None:
    once = sanitize(text, multiline=multiline)
    assert sanitize(once, multiline=multiline) == once
    line = sanitize_line(text)
    assert sanitize_line(line) == line
    para = clean_paragraph(text)
    assert clean_paragraph(para) == para


@given(CLEAN_MULTI)
@example("[bold red]markup[/] stays text")
@example("Ünïcödé 中文 😀 \u200d \u00a0 NBSP")
def test_clean_text_is_unchanged(text: str) -> None:
    assert sanitize(text) == text


@given(CLEAN_LINE)
def test_clean_line_is_unchanged(text: str) -> None:
    assert sanitize(text, multiline=False) == text
    assert sanitize_line(text) == " ".join(text.split())


@given(HOSTILE_TEXT)
def test_sanitize_line_is_one_trimmed_line(text: str) -> None:
    line = sanitize_line(text)
    assert "\n" not in line
    assert line == line.strip()
    assert "  " not in line
    assert is_clean(line, multiline=False)


# Complete sequences of every kind: removing them must keep all text around them.
_PARAMS = st.text(alphabet="0123456789;:?<=>", max_size=8)
_INTERMEDIATE = st.text(alphabet=" !\"#$%&'()*+,-./", max_size=2)
_FINAL = st.sampled_from("@ABCHJKmnchlpqtsu~")
# A body holds no terminator, no other introducer and no line break (those end it).
_BODY = st.text(
    alphabet=st.characters(exclude_characters="\x07\x1b\x9c\x90\x98\x9d\x9e\x9f\n\r"),
    max_size=20,
)
CSI = st.builds(
    lambda intro, p, i, f: intro + p + i + f,
    st.sampled_from(["\x1b[", "\x9b"]),
    _PARAMS,
    _INTERMEDIATE,
    _FINAL,
)
STRING_SEQ = st.builds(
    lambda intro, body, end: intro + body + end,
    st.sampled_from(["\x1b]", "\x1bP", "\x1bX", "\x1b^", "\x1b_", "\x9d", "\x90", "\x98", "\x9e"]),
    _BODY,
    st.sampled_from(["\x07", "\x1b\\", "\x9c"]),
)
ESC_SEQ = st.builds(lambda i, f: "\x1b" + i + f, _INTERMEDIATE, st.sampled_from("78=>cDEHMNZ"))
SEQUENCE = st.one_of(CSI, STRING_SEQ, ESC_SEQ)


@given(CLEAN_LINE, st.lists(SEQUENCE, min_size=1, max_size=4), CLEAN_LINE)
def test_whole_sequences_go_and_the_text_around_them_stays(
    before: str, seqs: list[str], after: str
) -> None:
    assert sanitize(before + "".join(seqs) + after, multiline=False) == before + after


_INTROS = ["\x1b]", "\x1bP", "\x1bX", "\x1b^", "\x1b_", "\x9d", "\x90", "\x98", "\x9e", "\x9f"]


@given(CLEAN_LINE, st.sampled_from(_INTROS), _PARAMS, CLEAN_LINE)
def test_an_unterminated_string_sequence_keeps_the_words_after_it(
    before: str, intro: str, params: str, after: str
) -> None:
    # No BEL or ST follows: the introducer and its parameters go, the prose stays.
    assert sanitize(before + intro + params + " " + after, multiline=False) == (
        before + " " + after
    )


@pytest.mark.parametrize("intro", _INTROS)
def test_a_terminator_too_far_away_does_not_swallow_the_prose(intro: str) -> None:
    prose = "Towards Robust Ingestion " * 60  # 1,500 characters, more than MAX_STRING_SEQ
    assert sanitize(f"{intro}0;{prose}\x07tail", multiline=False) == prose + "tail"


def test_a_huge_csi_parameter_run_goes_and_the_title_after_it_stays() -> None:
    assert sanitize_line("\x1b[" + "1;" * 200_000 + "mA Real Title") == "A Real Title"


# --- each sequence kind ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\x1b[31;1mRed\x1b[0m title", "Red title"),  # CSI colour
        ("clear\x1b[2J\x1b[H\x1b[3J screen", "clear screen"),  # clear screen, home
        ("alt\x1b[?1049h screen", "alt screen"),  # private mode
        ("a\x1b]52;c;ZWNobyBwd25lZA==\x07b", "ab"),  # OSC 52, BEL-terminated
        ("a\x1b]52;c;ZWNobyBwd25lZA==\x1b\\b", "ab"),  # OSC 52, ST-terminated
        ("\x1b]8;;https://x.invalid/\x1b\\link\x1b]8;;\x1b\\", "link"),  # OSC 8 hyperlink
        ("x\x1b]0;title\x07y", "xy"),  # ESC ] 0 ; x BEL: whole, not an open OSC
        ("dsr\x1b[6n da\x1b[c\x1b[>c", "dsr da"),  # DSR, DA queries
        ("q\x1bP$qm\x1b\\", "q"),  # DECRQSS (DCS)
        ("report\x1b[21t\x1b[14t", "report"),  # window title / size reports
        ("apc\x1b_payload\x1b\\ pm\x1b^p\x1b\\ sos\x1bXs\x1b\\", "apc pm sos"),
        ("reset\x1bc!", "reset!"),  # RIS, a two-byte ESC sequence
        ("c1\x9b6n csi", "c1 csi"),  # C1 CSI
        ("c1\x9d52;c;Zm9v\x9c osc", "c1 osc"),  # C1 OSC ... ST
        ("c1\x90$qm\x9c dcs", "c1 dcs"),  # C1 DCS
        ("\x9fapc\x9c\x9epm\x9c\x98sos\x9cend", "end"),
        ("lone \x1b", "lone "),  # lone ESC at the end
        ("open \x1b[", "open "),  # unterminated CSI
        ("open \x1b]0;never ends", "open never ends"),  # unterminated OSC: words stay
        ("open \x9d52;c;Zm9v", "open c;Zm9v"),  # unterminated C1 OSC
        ("open \x1bP1$r still here", "open $r still here"),  # unterminated DCS
        ("nul\x00 del\x7f bel\x07 bs\x08", "nul del bel bs"),
        ("\u202eevil\u202c \u2066iso\u2069", "evil iso"),  # bidi overrides and isolates
        ("zero\u200bwidth\u00adsoft\u2060joiner\ufeff", "zerowidthsoftjoiner"),
        ("stray \x80\x85\x99 c1", "stray   c1"),  # NEL becomes a space in one line
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
    ],
)
def test_each_sequence_kind(raw: str, expected: str) -> None:
    assert sanitize(raw, multiline=False) == expected


def test_unterminated_sequence_in_a_multiline_field_keeps_the_lines_after_it() -> None:
    assert sanitize("kept\n\x1b]52;c;abc\nstill here") == "kept\nc;abc\nstill here"


@pytest.mark.parametrize(
    ("text", "blank"),
    [
        ("", True),
        (" \t", True),
        ("\u200d\u200c", True),  # joiners only
        ("\ufe0f\u3164\u2800", True),  # variation selector, fillers
        ("\u0301", True),  # a lone combining mark
        ("?", False),
        ("\u3164x", False),
    ],
)
def test_is_blank_tells_text_that_shows_nothing(text: str, blank: bool) -> None:
    assert is_blank(text) is blank


def test_markup_is_left_alone_for_the_renderer_to_show_literally() -> None:
    title = "[bold red]x[/] [@click=app.quit]y[/] [/] [link=https://a.invalid]z"
    assert sanitize_line(title) == title


def test_tabs_become_spaces_in_titles_and_expand_in_multiline_fields() -> None:
    assert sanitize_line("Tab\tSeparated\t\tTitle") == "Tab Separated Title"
    assert sanitize("a\tb\n\tc") == "a   b\n    c"


def test_line_breaks_other_than_lf_become_lf_or_space() -> None:
    assert sanitize("a\r\nb\rc\u2028d\u2029e\x0bf\x0cg\x85h") == "a\nb\nc\nd\ne\nf\ng\nh"
    assert sanitize_line("a\r\nb\u2028c\x0cd") == "a b c d"


def test_joiners_and_emoji_variation_selectors_survive() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    heart = "\u2764\ufe0f"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    for text in (family, heart, persian):
        assert sanitize_line(text) == text


def test_clean_paragraph_trims_lines_and_keeps_one_blank_line() -> None:
    assert clean_paragraph("  \n\nfirst   \n  indented\n\n\n\nlast\t \n\n") == (
        "first\n  indented\n\nlast"
    )


def test_sanitizer_time_is_linear_on_pathological_input() -> None:
    # 1 MB of each introducer, and runs of white space that a backtracking pattern would
    # scan quadratically; each must take well under a second.
    cases = [
        "\x1b[" * 500_000,
        "\x1b]" * 500_000,
        "\x1b" + " " * 1_000_000,
        "\x9d" * 1_000_000,
        "a" + " " * 1_000_000 + "b\u2028",
        ("word \x1b[0m" * 100_000),
    ]
    for text in cases:
        start = time.process_time()  # CPU time: a loaded machine does not count
        sanitize(text)
        sanitize_line(text)
        clean_paragraph(text)
        assert time.process_time() - start < 2.0, ascii(text[:10])


# --- paper key -------------------------------------------------------------------------

BASE = "Scaling Laws for Tiny Models"


@pytest.mark.parametrize(
    "variant",
    [
        "SCALING LAWS FOR TINY MODELS",  # case
        "scaling laws for tiny models",
        "Ｓｃａｌｉｎｇ Ｌａｗｓ ｆｏｒ Ｔｉｎｙ Ｍｏｄｅｌｓ",  # full width
        "Scaling  Laws\tfor\u00a0Tiny Models ",  # white space of every kind
        "  Scaling Laws for Tiny Models\n",
        "Scaling Laws for Tiny-Models",  # punctuation
        "Scaling Laws — for Tiny Models!",
        "Scaling Laws: for Tiny Models?",
        "Scal\u00ading La\u200bws for Tiny\u2060 Models\ufeff",  # soft hyphen, zero width
        "Scaling Laws for Tiny\u200d Models\u180e",
        "\x1b[1mScaling Laws\x1b[0m for Tiny Models",  # escape codes
        "\u202eScaling Laws for Tiny Models\u202c",  # bidi controls
    ],
)
def test_paper_key_folds_spellings_of_one_title(variant: str) -> None:
    assert paper_key(variant) == paper_key(BASE)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Caf\u00e9 Models", "Cafe\u0301 Models"),  # NFC / NFD
        ("\ufb01ne-tuning", "fine tuning"),  # ligature (NFKC)
        ("Straße Models", "STRASSE MODELS"),  # full case folding
        ("Let\u2019s Go", "Let's go"),  # curly and straight apostrophe
        ("x\u00b2 Loss", "x2 loss"),  # compatibility superscript
        ("GPT-4o", "gpt 4o"),
    ],
)
def test_paper_key_unicode_forms(a: str, b: str) -> None:
    assert paper_key(a) == paper_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Scaling Laws for Tiny Models", "Scaling Laws for Small Models"),
        ("C++ Kernels", "C Kernels"),  # symbols are part of a title
        ("???", "!!!"),  # titles of only punctuation stay apart
        ("Café Models", "Cafe Models"),  # accents matter
        ("Model v2", "Model v3"),
    ],
)
def test_paper_key_keeps_different_titles_apart(a: str, b: str) -> None:
    assert paper_key(a) != paper_key(b)


def test_paper_key_is_sixteen_hex_digits() -> None:
    key = paper_key(BASE)
    assert len(key) == 16 and int(key, 16) >= 0
    assert normalize_title(BASE) == "scaling laws for tiny models"


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_fast_path_equals_the_unicode_path(title: str) -> None:
    clean = sanitize(title, multiline=False)
    assert normalize_title(title) == (_fold_unicode(clean) or " ".join(clean.lower().split()))


@settings(max_examples=300)
@given(HOSTILE_TEXT)
def test_paper_key_never_fails_and_ignores_invisibles(title: str) -> None:
    key = paper_key(title)
    assert len(key) == 16
    assert paper_key(title.replace("a", "a\u200b")) == paper_key(title)
