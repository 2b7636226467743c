"""Packed texts: the title index's titles and keys as one UTF-8 buffer, decoded on demand."""

from __future__ import annotations

import pytest

from paperterm.search.packed import SEP, PackedTexts, pack

CASES = [
    [],
    [""],
    ["", ""],
    ["one"],
    ["Attention Is All You Need", "", "Ünïcödé – “quotes” 日本語 🙂", "x" * 5000, "last"],
]


@pytest.mark.parametrize("texts", CASES)
def test_every_text_reads_back_as_it_was(texts):
    packed = PackedTexts(*pack(texts))
    assert len(packed) == len(texts)
    assert [packed[i] for i in range(len(texts))] == texts
    assert [packed[-i] for i in range(1, len(texts) + 1)] == [
        texts[-i] for i in range(1, len(texts) + 1)
    ]
    assert packed[1:3] == texts[1:3]
    assert list(packed) == texts and packed.tolist() == texts
    with pytest.raises(IndexError):
        packed[len(texts)]


def test_a_text_holding_the_separator_cannot_be_packed():
    assert pack(["fine", f"bad{SEP}text"]) is None


def test_find_gives_every_text_equal_to_the_one_asked_for_and_no_other():
    texts = ["abc", "ab", "abcd", "abc", "xabc", "", "Équipe", "abc"]
    packed = PackedTexts(*pack(texts))
    for text in [*set(texts), "abcde", "équipe", "zz"]:
        assert packed.find(text).tolist() == [i for i, t in enumerate(texts) if t == text]
