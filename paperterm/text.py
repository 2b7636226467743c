"""The one place untrusted text is cleaned: sanitize(), sanitize_line(), paper_key()."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Whole escape sequences, 7-bit and C1 forms. String sequences (OSC, DCS, SOS, PM, APC)
# run to their terminator or, unterminated, to the end of the field.
_STRING_SEQ = r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])(?:.*?(?:\x07|\x1b\\|\x9c)|.*\Z)"
_CSI_SEQ = r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
_ESC_SEQ = r"\x1b[ -/]*[0-~]"
_SEQUENCES = re.compile(f"{_STRING_SEQ}|{_CSI_SEQ}|{_ESC_SEQ}", re.DOTALL)

_BIDI = "\u202a-\u202e\u2066-\u2069"
# Everything left after the sequences are gone: C0 but \n and \t, DEL, C1, bidi controls.
_CONTROLS_MULTI = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_CONTROLS_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]")
_SPACES = re.compile(r"[ \t\u00a0]*\n[ \t\u00a0]*")

MAX_TITLE = 1_000
MAX_ABSTRACT = 100_000


def sanitize(text: str, *, multiline: bool = True) -> str:
    """Remove terminal escape sequences and control characters from untrusted text.

    With ``multiline`` newlines survive (abstracts, notes); otherwise the result is one
    line with tabs and line breaks turned into spaces (titles, names, links).
    """
    if not text:
        return ""
    text = _SEQUENCES.sub("", text)
    if multiline:
        text = _LINE_BREAKS.sub("\n", text)
        return _CONTROLS_MULTI.sub("", text)
    text = _LINE_BREAKS.sub(" ", text)
    text = text.replace("\t", " ").replace("\n", " ")
    return _CONTROLS_LINE.sub("", text)


def sanitize_line(text: str) -> str:
    """One clean line with runs of whitespace collapsed: titles, list names, links."""
    return " ".join(sanitize(text, multiline=False).split())


def clean_paragraph(text: str) -> str:
    """A clean multi-line field with trailing spaces trimmed (abstracts, notes)."""
    return _SPACES.sub("\n", sanitize(text)).strip()


def _is_ignorable(ch: str) -> bool:
    # Default-ignorable code points (zero-width spaces, soft hyphens, joiners, BOM,
    # variation selectors) must not make two spellings of a title two papers.
    cat = unicodedata.category(ch)
    return cat == "Cf" or "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"


def normalize_title(title: str) -> str:
    """Fold a title for identity: NFKC, case-folded, punctuation and whitespace folded."""
    text = unicodedata.normalize("NFKC", sanitize(title, multiline=False))
    text = "".join(ch for ch in text if not _is_ignorable(ch))
    text = unicodedata.normalize("NFKC", text.casefold())
    folded = []
    for ch in text:
        cat = unicodedata.category(ch)
        folded.append(" " if cat[0] in "PZC" else ch)
    return " ".join("".join(folded).split())


def paper_key(title: str) -> str:
    """The stable key of a paper: 16 hex digits of a hash of its normalized title."""
    norm = normalize_title(title)
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()
