"""Texts kept as one UTF-8 buffer with offsets: a text is decoded only when it is asked for.

The title index loads 100k-1M titles and keys from its cache file; splitting them into
Python strings would be most of the load. ``PackedTexts`` decodes one text per lookup and
the whole list only when a caller needs all of them (a sort by title, a list of keys).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

SEP = "\x00"  # sanitize() removes every C0 control, so no stored text holds one
CHUNK = 65536  # texts per step of ``heads`` (bounds its temporary index arrays)


def pack(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """``texts`` as (UTF-8 bytes joined by ``SEP``, n + 1 starts); None if a text holds ``SEP``.

    Text ``i`` is ``data[starts[i] : starts[i + 1] - 1]``.
    """
    joined = SEP.join(texts)
    if joined.count(SEP) != max(len(texts) - 1, 0):
        return None
    lengths = np.fromiter((len(t.encode("utf-8")) for t in texts), np.int64, len(texts))
    starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths + 1, out=starts[1:])
    return np.frombuffer(joined.encode("utf-8"), np.uint8), starts


class PackedTexts(Sequence[str]):
    """An immutable list of texts over a UTF-8 buffer (``pack``'s output)."""

    def __init__(self, data: np.ndarray, starts: np.ndarray) -> None:
        self._data = memoryview(data)
        self._starts = starts
        self._all: list[str] | None = None

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, i):  # type: ignore[override]
        if self._all is not None:
            return self._all[i]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("text index out of range")
        return str(self._data[self._starts[i] : self._starts[i + 1] - 1], "utf-8")

    def heads(self, width: int, offset: int = 0, rows: np.ndarray | None = None) -> np.ndarray:
        """UTF-8 bytes ``offset`` to ``offset + width`` of every text (or of ``rows``),
        zero-padded past a text's end: (n x width) uint8, made from the buffer."""
        data = np.frombuffer(self._data, np.uint8)
        if rows is None:
            rows = np.arange(len(self))
        starts = self._starts[rows] + offset
        ends = self._starts[rows + 1] - 1  # each text's SEP (or the buffer's end)
        out = np.zeros((len(rows), width), np.uint8)
        cols = np.arange(width)
        for lo in range(0, len(rows), CHUNK):
            at = starts[lo : lo + CHUNK, None] + cols
            inside = at < ends[lo : lo + CHUNK, None]
            out[lo : lo + CHUNK][inside] = data[at[inside]]
        return out

    def find(self, text: str) -> np.ndarray:
        """The indexes of the texts equal to ``text``, compared as bytes in the buffer."""
        want = np.frombuffer(text.encode("utf-8"), np.uint8)
        data = np.frombuffer(self._data, np.uint8)
        lengths = np.diff(self._starts) - 1
        rows = np.flatnonzero(lengths == len(want))
        for at in range(len(want)):  # narrow the candidates byte by byte
            if not len(rows):
                break
            rows = rows[data[self._starts[rows] + at] == want[at]]
        return rows

    def non_ascii(self) -> np.ndarray:
        """Which texts hold a byte outside ASCII."""
        data = np.frombuffer(self._data, np.uint8)
        found = np.zeros(len(self), bool)
        starts, ends = self._starts[:-1], self._starts[1:] - 1
        if len(data):
            found = np.maximum.reduceat(data, np.minimum(starts, len(data) - 1)) >= 0x80
            found &= ends > starts  # empty: reduceat read a neighbour's byte
        return found

    def tolist(self) -> list[str]:
        """Every text, decoded once and kept."""
        if self._all is None:
            text = str(self._data, "utf-8")
            self._all = text.split(SEP) if len(self) else []
        return self._all

    def __iter__(self) -> Iterator[str]:
        return iter(self.tolist())
