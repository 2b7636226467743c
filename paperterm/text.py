"""The one place untrusted text is cleaned: sanitize(), sanitize_line(), paper_key().

What ``sanitize`` removes, in this order (every step is linear in the text's length):

1. lone UTF-16 surrogates (they cannot be encoded) become U+FFFD;
2. whole terminal sequences, 7-bit and C1 forms: CSI (``ESC [`` / U+009B ... final byte),
   OSC, DCS, SOS, PM, APC (``ESC ]``, ``ESC P``, ``ESC X``, ``ESC ^``, ``ESC _`` / U+009D,
   U+0090, U+0098, U+009E, U+009F ... up to BEL, ``ESC \\`` or U+009C) and two-byte ``ESC x``
   sequences. A string sequence is whole only when its terminator comes within
   ``MAX_STRING_SEQ`` characters on the same line, before any other introducer; otherwise
   (unterminated) only its introducer and the run of parameter bytes after it
   (``0-9:;<=>?``, never letters or spaces) go, so the words after it are kept as text;
3. line breaks other than ``\\n`` (CR, CRLF, VT, FF, NEL, U+2028, U+2029) become ``\\n`` in a
   multi-line field and a space in a one-line field; tabs become spaces;
4. every remaining C0 control (but ``\\n`` in multi-line fields), DEL, every C1 control, the
   bidi embedding / override / isolate controls (U+202A-U+202E, U+2066-U+2069) and invisible
   formatting characters that hide words from search or break column widths (soft hyphen,
   zero-width space, word joiner, LRM/RLM/ALM, BOM, invisible operators, tag characters).

Clean text is text that holds none of the characters of steps 1, 3 and 4 (so no ESC and no
C1 either): ``sanitize`` returns clean text unchanged, and ``sanitize(sanitize(s)) ==
sanitize(s)``. Zero-width joiners (U+200C, U+200D) and variation selectors stay: scripts and
emoji need them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

# Longest title and abstract stored from any source; longer ones are truncated with a warning.
MAX_TITLE = 1_000
MAX_ABSTRACT = 100_000

MAX_STRING_SEQ = 1_024  # longest OSC/DCS/APC/PM/SOS body removed as a whole sequence

_SURROGATES = re.compile("[\ud800-\udfff]+")
# String sequences (OSC, DCS, SOS, PM, APC): a body up to the terminator, bounded and without
# another introducer or a line break (so every character is scanned by one attempt only:
# linear time); unterminated, the introducer and a few parameter bytes.
_STRING_INTRO = r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])"
_STRING_BODY = r"[^\x07\x1b\x9c\x90\x98\x9d\x9e\x9f\n\r]"
_STRING_SEQ = (
    f"{_STRING_INTRO}(?:{_STRING_BODY}{{0,{MAX_STRING_SEQ}}}(?:\\x07|\\x1b\\\\|\\x9c)|[0-?]*)"
)
_CSI_SEQ = r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
_ESC_SEQ = r"\x1b[ -/]*[0-~]"
_SEQUENCES = re.compile(f"{_STRING_SEQ}|{_CSI_SEQ}|{_ESC_SEQ}", re.DOTALL)

_BIDI = "\u202a-\u202e\u2066-\u2069"
_INVISIBLE = (
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u2060-\u2065\u206a-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f"
)
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Everything left once sequences are gone and line breaks and tabs are handled.
_CONTROLS_MULTI = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}]+")
_CONTROLS_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}]+")
_TAB_WIDTH = 4


def sanitize(text: str, *, multiline: bool = True) -> str:
    """Remove terminal escape sequences and control characters from untrusted text.

    With ``multiline`` newlines survive (abstracts, notes) and tabs expand to 4 columns;
    otherwise the result is one line with tabs and line breaks turned into spaces (titles,
    names, links).
    """
    if not text:
        return ""
    if text.isprintable():
        return text  # fast path: no control, format, surrogate or line-break character
    if max(text) >= "\ud800":
        text = _SURROGATES.sub("\ufffd", text)
    text = _SEQUENCES.sub("", text)
    if multiline:
        text = _LINE_BREAKS.sub("\n", text)
        if "\t" in text:
            text = text.expandtabs(_TAB_WIDTH)
        return _CONTROLS_MULTI.sub("", text)
    text = _LINE_BREAKS.sub(" ", text).replace("\t", " ").replace("\n", " ")
    return _CONTROLS_LINE.sub("", text)


def sanitize_line(text: str) -> str:
    """One clean line with runs of whitespace collapsed: titles, list names, links."""
    return " ".join(sanitize(text, multiline=False).split())


# Characters that draw nothing: fillers that look like letters to Unicode but show as blank.
_FILLERS = frozenset("\u115f\u1160\u2800\u3164\uffa0\u034f")
_UNSEEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Zs", "Zl", "Zp"})


def is_blank(text: str) -> bool:
    """Whether the text shows nothing: only white space, controls, format characters,
    lone combining marks, variation selectors and blank fillers (a line of only ZWJ,
    U+3164 or U+2800 is no title)."""
    for ch in text:
        if ch in _FILLERS:
            continue
        if ch.isalnum() or unicodedata.category(ch) not in _UNSEEN_CATEGORIES:
            return False
    return True


def clean_paragraph(text: str) -> str:
    """A clean multi-line field: trailing spaces cut, runs of blank lines kept to one.

    Leading indentation stays (notes may hold lists); the field has no blank first or last line.
    """
    text = sanitize(text)
    if "\n" not in text:
        return text.strip()
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    if lines:
        lines[0] = lines[0].lstrip()
    return "\n".join(lines)


# Default-ignorable code points (Unicode DerivedCoreProperties), plus every format character:
# zero-width spaces, soft hyphens, joiners, BOM, fillers and variation selectors must not make
# two spellings of a title two papers.
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# ASCII punctuation, whitespace and controls fold to a space (symbols such as + stay).
_ASCII_FOLD = str.maketrans(
    {c: " " for c in map(chr, range(128)) if unicodedata.category(c)[0] in "PZC"}
)


def _fold_unicode(title: str) -> str:
    text = unicodedata.normalize("NFKC", title)
    text = _IGNORABLE.sub("", text)
    text = unicodedata.normalize("NFKC", text.casefold())
    folded = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cf":
            continue
        folded.append(" " if cat[0] in "PZC" else ch)
    return " ".join("".join(folded).split())


def normalize_title(title: str) -> str:
    """Fold a title for identity: NFKC, case-folded, punctuation and whitespace folded.

    Default-ignorable characters (zero-width space, soft hyphen, ...) are dropped. A title
    made only of punctuation keeps its punctuation, so ``???`` and ``!!!`` stay two papers.
    """
    title = sanitize(title, multiline=False)
    if title.isascii():
        # Same result as _fold_unicode for ASCII (NFKC is the identity), minus the char loop.
        folded = " ".join(title.lower().translate(_ASCII_FOLD).split())
    else:
        folded = _fold_unicode(title)
    if folded:
        return folded
    text = unicodedata.normalize("NFKC", _IGNORABLE.sub("", title)).casefold()
    return " ".join(text.split())


def title_noise(title: str) -> int:
    """How many invisible or format characters a title holds (joiners, fillers, variation
    selectors ...): of several spellings of one paper, the one with fewest is shown."""
    if title.isascii():
        return 0
    return sum(
        1 for ch in title if _IGNORABLE.match(ch) or unicodedata.category(ch) in ("Cf", "Mn")
    )


@lru_cache(maxsize=1 << 16)  # a title comes again in later digests: ~40% of a sync's entries
def paper_key(title: str) -> str:
    """The stable key of a paper: 16 hex digits of a hash of its normalized title."""
    norm = normalize_title(title)
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


def truncate(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut to at most ``limit`` characters, ending with "…" when cut; and whether it was.

    The one truncation rule for stored fields (MAX_TITLE, MAX_ABSTRACT): the result never
    exceeds the limit, so a value cut once is never cut again. Callers that can warn do.
    """
    if len(text) <= limit:
        return text, False
    return text[: limit - 1].rstrip() + "…", True
