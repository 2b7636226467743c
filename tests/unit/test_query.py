"""The query language: words, phrases, exclusions, filters, and one-line errors."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperterm.search import FILTERS, QueryError, parse_query
from paperterm.search.query import MAX_TERMS


def test_words_are_folded_and_split_like_titles():
    q = parse_query("  Équivariant  GS-LIVO ")
    assert [t.tokens for t in q.terms] == [("equivariant",), ("gs",), ("livo",)]
    assert q.fields == {"title", "abstract"}
    assert q.text == "equivariant gs livo"


def test_phrases_and_exclusions():
    q = parse_query('"neural networks" -kernel -"large kernel" wide')
    assert [(t.tokens, t.phrase, t.negated) for t in q.terms] == [
        (("neural", "networks"), True, False),
        (("kernel",), False, True),
        (("large", "kernel"), True, True),
        (("wide",), False, False),
    ]
    assert [t.tokens for t in q.positive] == [("neural", "networks"), ("wide",)]


def test_smart_quotes_count_as_quotes():
    assert parse_query("\u201cneural networks\u201d").terms[0].phrase


def test_lone_dash_and_punctuation_mean_nothing():
    assert parse_query(" - -- ++ ").terms == ()


def test_negated_hyphenated_word_excludes_the_phrase():
    (term,) = parse_query("-gs-livo").terms
    assert term.tokens == ("gs", "livo") and term.phrase and term.negated


def test_a_colon_after_a_title_word_is_not_a_filter():
    q = parse_query("InceptionNeXt: when")
    assert [t.tokens[0] for t in q.terms] == ["inceptionnext", "when"]


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("is:bookmarked", "is", "bookmarked"),
        ("IS:Read", "is", "read"),
        ("is:unread", "is", "unread"),
        ("is:NEW", "is", "new"),
        ("list:toread", "list", "toread"),
        ('list:"Reading list"', "list", "Reading list"),
        ("date:2026-03-14", "date", (dt.date(2026, 3, 14), dt.date(2026, 3, 14))),
        ("date:2026-02", "date", (dt.date(2026, 2, 1), dt.date(2026, 2, 28))),
        ("date:2024", "date", (dt.date(2024, 1, 1), dt.date(2024, 12, 31))),
        (
            "date:2026-03-01..2026-03-15",
            "date",
            (dt.date(2026, 3, 1), dt.date(2026, 3, 15)),
        ),
        ("after:2026-03-14", "after", (dt.date(2026, 3, 15), dt.date.max)),
        ("before:2026-03-19", "before", (dt.date.min, dt.date(2026, 3, 18))),
        ("seen:>=2", "seen", (">=", 2)),
        ("seen:3", "seen", ("=", 3)),
        ("seen:<2", "seen", ("<", 2)),
        ("upvotes:>10", "upvotes", (">", 10)),
        ("upvotes:<=5", "upvotes", ("<=", 5)),
        ("author:Yann LeCun", "author", "yann"),
        ('author:"Yann LeCun"', "author", "yann lecun"),
    ],
)
def test_filters_parse(text, name, value):
    (f,) = parse_query(text).filters
    assert (f.name, f.value, f.negated) == (name, value, False)


def test_negated_filter():
    (f,) = parse_query("-is:read").filters
    assert f.negated and f.value == "read"


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("kernel", None),
        ("sort:newest", "newest"),
        ("kernel SORT:Oldest", "oldest"),
        ("sort:seen", "seen"),
        ("sort:most-seen", "seen"),
        ("sort:upvotes", "upvotes"),
        ("sort:votes", "upvotes"),
        ("sort:title", "title"),
        ("sort:relevance", "relevance"),
        ("sort:best", "relevance"),
        ("sort:title kernel sort:seen", "seen"),  # the last one wins
    ],
)
def test_sort_is_part_of_the_query_not_a_filter(text, order):
    q = parse_query(text)
    assert q.sort == order and not q.filters
    assert q.text == ("kernel" if "kernel" in text else "")


def test_in_restricts_fields():
    assert parse_query("in:title kernel").fields == {"title"}
    assert parse_query("in:abstract kernel").fields == {"abstract"}
    assert parse_query("in:title in:abstract kernel").fields == {"title", "abstract"}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("foo:bar", ['unknown filter "foo:"']),
        ("kernel tag:x", ['unknown filter "tag:"']),
        ('list:"Reading', ["unclosed quote"]),
        ('"kernel density', ["unclosed quote", '"kernel density']),
        ("date:2026-13-01", ['bad date "2026-13-01"', "date:"]),
        ("date:yesterday", ['bad date "yesterday"']),
        ("after:2026-02-30", ['bad date "2026-02-30"', "after:"]),
        ("before:0001-01-01", ['bad date "0001-01-01"', "before:"]),
        ("date:2026-03-01..nope", ['bad date "nope"']),
        ("seen:abc", ['bad number "abc"', "seen:"]),
        ("seen:>=", ['bad number ">="']),
        ("upvotes:lots", ['bad number "lots"', "upvotes:"]),
        ("is:starred", ['unknown value "starred"', "is:"]),
        ("in:body", ['unknown value "body"', "in:"]),
        ("list:", ['"list:" needs a value']),
        ("is:", ['"is:" needs a value']),
        ("-in:title", ["in: cannot be negated"]),
        ("sort:sideways", ['unknown order "sideways"', "sort:newest", "sort:upvotes"]),
        ("-sort:title", ["sort: cannot be negated"]),
        ("sort:", ['"sort:" needs a value']),
        ("is:fresh", ["is:new"]),
        ("author:...", ["author: needs a name"]),
        (" ".join(["w"] * (MAX_TERMS + 1)), ["too many words"]),
    ],
)
def test_malformed_queries_name_the_problem_in_one_line(text, names):
    with pytest.raises(QueryError) as info:
        parse_query(text)
    message = str(info.value)
    assert "\n" not in message
    for part in names:
        assert part in message


def test_unknown_filter_message_lists_the_filters():
    with pytest.raises(QueryError) as info:
        parse_query("foo:bar")
    assert all(f"{name}:" in str(info.value) for name in FILTERS)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_or_gives_a_query_error(text):
    try:
        q = parse_query(text)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert len(q.terms) <= MAX_TERMS
        assert all(t.tokens and all(t.tokens) for t in q.terms)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "kernel",
                '"neural nets"',
                "-x",
                "is:read",
                "list:a",
                'list:"b c"',
                "seen:>=2",
                "date:2026-03",
                "in:title",
                "author:li",
                "upvotes:3",
                ":",
                '"',
                "-",
                "a:b",
                "é",
            ]
        ),
        max_size=8,
    )
)
def test_combinations_of_pieces_never_raise_anything_else(pieces):
    try:
        parse_query(" ".join(pieces))
    except QueryError:
        pass
