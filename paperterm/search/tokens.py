"""Folding and tokenizing for search: one set of rules for titles, queries and highlights.

A token is a run of letters and digits, case-folded with diacritics removed (the rules of
the FTS5 ``unicode61 remove_diacritics 2`` tokenizer the abstracts use). Titles also get
*extra* tokens so names match however they are typed: a hyphenated compound joined
(``GS-LIVO`` -> ``gslivo``), the parts of a CamelCase name (``ShiftAddViT`` -> ``shift``,
``add``) and its runs of parts to the end (``VectorMapNet`` -> ``mapnet``).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from paperterm.search.arrays import uniq

TOKEN = re.compile(r"[^\W_]+")
# Words joined by single hyphens, from the start of a word.
COMPOUND = re.compile(r"(?<![^\W_])[^\W_]+(?:-[^\W_]+)+")
CAMEL_HINT = re.compile(r"[a-z][A-Z]")
CAMEL_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def fold(text: str) -> str:
    """Case-fold and strip diacritics (``Équivariant`` -> ``equivariant``)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[str]:
    """The folded tokens of ``text``."""
    if text.isascii():
        return TOKEN.findall(text.lower())
    return [t for m in TOKEN.finditer(text) for t in TOKEN.findall(fold(m[0]))]


def camel_spans(word: str) -> list[tuple[str, int, int]]:
    """Searchable pieces of a CamelCase word with their character ranges in it.

    The parts of two letters or more and every run of parts to the end of the word:
    ``UniRepLKNet`` -> ``uni``, ``rep``, ``lk``, ``net``, ``replknet``, ``lknet``. A run
    from the start is a prefix of the whole word, which completion already finds.
    """
    parts = list(CAMEL_PART.finditer(word))
    out = [(fold(p[0]), p.start(), p.end()) for p in parts if len(p[0]) > 1]
    end = parts[-1].end() if parts else 0
    for i in range(1, len(parts) - 1):
        joined = "".join(fold(p[0]) for p in parts[i:])
        out.append((joined, parts[i].start(), end))
    return out


def _camel(word: str) -> list[str]:
    """``ShiftAddViT`` -> ``shift``, ``add``, ``vi``, ``addvit`` (see ``camel_spans``)."""
    return [t for t, _, _ in camel_spans(word)]


def extra_tokens(title: str) -> list[str]:
    """Joined hyphenated compounds and CamelCase parts of a title."""
    out = ["".join(tokens(m[0])) for m in COMPOUND.finditer(title)] if "-" in title else []
    for word in TOKEN.findall(title):
        if CAMEL_HINT.search(word):
            out += _camel(word)
    return out


def token_spans(title: str) -> list[tuple[str, int, int]]:
    """Every token of a title (base and extra) with its character range in ``title``."""
    spans: list[tuple[str, int, int]] = []
    for m in TOKEN.finditer(title):
        word, start = m[0], m.start()
        for t in TOKEN.findall(fold(word)):
            spans.append((t, start, m.end()))
        if CAMEL_HINT.search(word):
            for t, s, e in camel_spans(word):
                spans.append((t, start + s, start + e))
    if "-" in title:
        for m in COMPOUND.finditer(title):
            spans.append(("".join(tokens(m[0])), m.start(), m.end()))
    return spans


# Bulk path: ASCII titles are lower-cased and split by one bytes.translate over all of them.
_SPLIT = bytes(
    i if i >= 128 else ord(chr(i).lower()) if chr(i).isalnum() or i == 10 else 32
    for i in range(256)
)


def _runs(inside: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of the runs of True in ``inside``."""
    starts = np.flatnonzero(inside[1:] & ~inside[:-1]) + 1
    ends = np.flatnonzero(inside[:-1] & ~inside[1:]) + 1
    if inside[0]:
        starts = np.concatenate([[0], starts])
    if inside[-1]:
        ends = np.concatenate([ends, [len(inside)]])
    return starts, ends


def bulk_tokens(titles: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Tokens of many titles at once: (tokens, title index of each, base tokens per title).

    The tokens of title ``i`` (those with ``owners == i``) are ``tokens(title)`` and
    ``extra_tokens(title)``; ``lens[i] == len(tokens(title))``. Several times faster than
    title by title: one bytes.translate lower-cases every ASCII title and one split cuts
    them all; numpy counts words per title and finds hyphen chains and CamelCase words;
    only non-ASCII titles take the per-title path.
    """
    n = len(titles)
    if not n:
        return [], np.zeros(0, np.int32), np.zeros(0, np.int32)
    wide = [i for i, t in enumerate(titles) if not t.isascii()]
    plain = titles
    if wide:
        plain = list(titles)
        for i in wide:
            plain[i] = ""
    raw = "\n".join(plain).encode("ascii")
    if raw.count(b"\n") != max(n - 1, 0):  # a title with a line break: the slow, sure path
        return _slow_bulk(titles, range(n))
    low = raw.translate(_SPLIT)
    words = low.decode("ascii").split()
    arr = np.frombuffer(raw, np.uint8)
    breaks = np.flatnonzero(arr == 10)
    if words:
        inside = np.frombuffer(low, np.uint8)
        starts, ends = _runs((inside != 32) & (inside != 10))  # the words, as byte ranges
    else:
        starts = ends = np.zeros(0, np.int64)
    lens = np.diff(np.concatenate([[0], np.searchsorted(starts, breaks), [len(starts)]]))
    lens = lens.astype(np.int32)
    owners = np.repeat(np.arange(n, dtype=np.int32), lens)
    extras: list[str] = []
    extra_owners: list[int] = []
    # Hyphenated compounds: words joined by single hyphens (word k-1, "-", word k).
    hyphens = np.flatnonzero(arr == 45)
    if len(hyphens) and len(starts):
        after = np.searchsorted(starts, hyphens + 1)
        ok = (after > 0) & (after < len(starts))
        after, hyphens = after[ok], hyphens[ok]
        joined = after[(starts[after] == hyphens + 1) & (ends[after - 1] == hyphens)]
        if len(joined):
            # Consecutive joins make one compound: words first .. last.
            cut = np.flatnonzero(np.diff(joined) != 1) + 1
            firsts = np.concatenate([[joined[0]], joined[cut]]) - 1
            lasts = np.concatenate([joined[cut - 1], [joined[-1]]])
            for a, b in zip(firsts.tolist(), lasts.tolist(), strict=True):
                extras.append("".join(words[a : b + 1]))
            extra_owners += owners[firsts].tolist()
    # CamelCase words: a lower-case letter followed by an upper-case one.
    camel = np.flatnonzero(((arr[1:] - 65) < 26) & ((arr[:-1] - 97) < 26))
    if len(camel):
        which = uniq(np.searchsorted(starts, camel, side="right") - 1)
        where = (starts[which].tolist(), ends[which].tolist(), owners[which].tolist())
        for s, e, line in zip(*where, strict=True):
            parts = _camel(raw[s:e].decode("ascii"))
            extras += parts
            extra_owners += [line] * len(parts)
    words += extras
    owner_parts = [owners, np.array(extra_owners, dtype=np.int32)]
    if wide:
        more, more_owners, more_lens = _slow_bulk(titles, wide)
        words += more
        owner_parts.append(more_owners)
        lens[wide] = more_lens[wide]
    return words, np.concatenate(owner_parts), lens


def _slow_bulk(titles: list[str], which) -> tuple[list[str], np.ndarray, np.ndarray]:
    words: list[str] = []
    owners: list[int] = []
    lens = np.zeros(len(titles), dtype=np.int32)
    for i in which:
        base = tokens(titles[i])
        lens[i] = len(base)
        more = base + extra_tokens(titles[i])
        words += more
        owners += [i] * len(more)
    return words, np.array(owners, dtype=np.int32), lens
