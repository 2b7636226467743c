"""Exports: Markdown a title cannot break, exact JSON, safe CSV, atomic files, the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from paperterm.atomic import TargetExists, write_atomic
from paperterm.bookmarks import Bookmarks, Note
from paperterm.bookmarks.common import clean_note
from paperterm.bookmarks.export import export_text, to_csv, to_json
from paperterm.bookmarks.markdown import escape_inline, to_markdown
from paperterm.bookmarks.snapshot import ListItem, ListSnapshot, Snapshot
from paperterm.cli import main
from paperterm.models import Paper
from paperterm.store import iter_papers
from paperterm.text import paper_key, sanitize_line

BREAKERS = [
    "# Heading injection",
    "Title\n## second line heading",
    "[click me](javascript:alert(1))",
    "![img](https://evil.com/x.png)",
    "<script>alert(1)</script> and <img src=x onerror=alert(1)>",
    "<https://evil.com>",
    "Visit https://evil.com/path now",
    "www.evil.com is a domain",
    "mail me: someone@evil.com",
    "plain evil.com domain",
    "| a | b |",
    "a | b\n---|---",
    "**bold** _em_ `code` ~~strike~~ $x^2$ ==mark==",
    "Ends with a backslash \\",
    "[ref]: https://evil.com",
    "1. ordered",
    "- bullet",
    "> quote",
    "&lt;b&gt;entity&lt;/b&gt; &#106;avascript",
    "```fence```",
    "    indented code",
    "Title\x1b]8;;https://evil.com\x07link\x1b]8;;\x07 \x1b[31mred\u202e",
    "[@click=app.quit]quit[/]",
    "{braces} \\textbf{x} % comment # hash",
]


def _paper(key: str, title: str, **extra) -> Paper:
    return Paper(
        id=1,
        key=key,
        title=title,
        abstract="",
        first_seen=dt.date(2025, 3, 14),
        last_seen=dt.date(2025, 3, 15),
        seen=1,
        **extra,
    )


def _snapshot(titles: list[str], *, list_name: str = "Reading list", notes=None) -> Snapshot:
    papers = {}
    items = []
    for title in titles:
        clean = sanitize_line(title)
        key = paper_key(clean)
        papers[key] = _paper(key, clean, arxiv_id="2403.08917")
        items.append(ListItem(key, "2025-03-14T10:00:00+00:00"))
    snap = Snapshot(
        lists=[ListSnapshot(list_name, "2025-03-14T09:00:00+00:00", tuple(items))],
        papers=papers,
    )
    for key, body in (notes or {}).items():
        snap.notes[key] = Note(body, "2025-03-14T10:00:00+00:00", "2025-03-14T10:00:00+00:00")
    return snap


_MD = MarkdownIt("gfm-like")  # CommonMark + tables, strikethrough and linkify (autolinks)
_OUR_LINKS = {"https://huggingface.co/papers/2403.08917", "https://arxiv.org/abs/2403.08917"}


def _check_markdown(snap: Snapshot) -> str:
    """Render the export; assert its structure is exactly what the exporter meant."""
    rendered = _MD.render(to_markdown(snap))
    titles = [p.title for p in snap.papers.values()]
    assert rendered.count("<h1>") == 1
    assert rendered.count("<h2>") == len(snap.lists)
    assert "<h3" not in rendered and "<table" not in rendered and "<img" not in rendered
    assert "<code" not in rendered and "<pre" not in rendered and "<del" not in rendered
    assert "<em>" not in rendered and "<ol" not in rendered
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert set(hrefs) <= _OUR_LINKS
    assert len(hrefs) == 2 * len(titles)
    strong = [html.unescape(s) for s in re.findall(r"<strong>(.*?)</strong>", rendered, re.S)]
    assert strong == titles
    tags = set(re.findall(r"</?([a-z0-9]+)", rendered))
    assert tags <= {"h1", "h2", "ul", "li", "p", "strong", "br", "a", "blockquote"}
    heading = re.search(r"<h2>(.*?)</h2>", rendered, re.S).group(1)
    assert html.unescape(heading) == sanitize_line(snap.lists[0].name)
    return rendered


@pytest.mark.parametrize("title", BREAKERS)
def test_markdown_title_cannot_become_markup(title):
    _check_markdown(_snapshot([title, "A clean title: with a colon"]))


@pytest.mark.parametrize("name", BREAKERS[:6])
def test_markdown_list_name_cannot_become_markup(name):
    _check_markdown(_snapshot(["Clean"], list_name=name))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=3))
def test_markdown_any_title_renders_as_itself(titles):
    titles = list(dict.fromkeys(t for t in (sanitize_line(x) for x in titles) if t))
    keys = {paper_key(t) for t in titles}
    if not titles or len(keys) != len(titles):
        return
    _check_markdown(_snapshot(titles))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_markdown_note_stays_inside_its_quote(body):
    snap = _snapshot(["Paper"])
    key = next(iter(snap.papers))
    body = clean_note(body)
    if body:
        snap.notes[key] = Note(body, "", "")
    rendered = _check_markdown(snap)
    if body:
        quote = re.search(r"<blockquote>(.*)</blockquote>", rendered, re.S).group(1)
        text = html.unescape(re.sub(r"<[^>]+>", "", quote))
        norm = lambda s: " ".join(s.replace("\u00a0", " ").split())  # noqa: E731
        assert norm(text) == norm(body)


def test_markdown_of_a_real_list(synced_store):
    marks = Bookmarks(synced_store)
    papers = list(iter_papers(synced_store.conn))
    marks.toggle_bookmark(papers[0].key)
    marks.add_to_list(papers[1].key, "Kernels & co")
    marks.set_note(papers[1].key, "Read section 3.\n- check the proofs")
    marks.set_read(papers[1].key)
    marks.set_note(papers[2].key, "unlisted but noted")
    text = export_text(synced_store, "md")
    assert text.startswith("# Reading lists\n\n## Reading list\n")
    assert "## Kernels \\& co" in text
    assert f"- **{escape_inline(papers[0].title)}**" in text
    assert "first seen " in text and "read " in text
    assert "  > Read section 3.\\\n  > \\- check the proofs" in text
    assert "## Notes on papers in no list" in text and "unlisted but noted" in text
    only = export_text(synced_store, "md", list_name="kernels & CO")
    assert "## Kernels \\& co" in only and "## Reading list" not in only
    assert "unlisted but noted" not in only


def test_markdown_links_only_from_known_ids_and_http():
    snap = _snapshot(["Paper"])
    key = next(iter(snap.papers))
    snap.papers[key] = _paper(
        key,
        "Paper",
        github="javascript:alert(1)",
        project_page="https://example.org/a(b)c<d>[e]",
    )
    text = to_markdown(snap)
    assert "javascript" not in text
    rendered = _MD.render(text)
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert hrefs == ["https://example.org/a%28b%29c%3Cd%3E%5Be%5D"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=80), st.text(max_size=200))
def test_json_round_trips_titles_and_notes_exactly(title, body):
    title = sanitize_line(title)
    if not title:
        return
    snap = _snapshot([title])
    key = next(iter(snap.papers))
    snap.notes[key] = Note(body, "t1", "t2")
    text = to_json(snap)
    assert not re.search(
        "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", text.replace("\n", "")
    )
    data = json.loads(text)
    assert data["papers"][0]["title"] == title
    assert data["notes"][0]["body"] == body


def test_json_is_deterministic_and_versioned(synced_store):
    marks = Bookmarks(synced_store)
    key = next(iter_papers(synced_store.conn)).key
    marks.toggle_bookmark(key)
    first = export_text(synced_store, "json")
    assert first == export_text(synced_store, "json")
    data = json.loads(first)
    assert data["format"] == "paperterm-backup" and data["version"] == 1
    assert data["lists"][0]["items"][0]["key"] == key
    assert data["papers"][0]["key"] == key and data["papers"][0]["abstract"]


def test_csv_one_row_per_list_and_paper_and_no_formulas():
    snap = _snapshot(['=HYPERLINK("http://evil")', "+1 title", "Plain, with comma"])
    second = ListSnapshot("@other", "", snap.lists[0].items[:1])
    snap.lists.append(second)
    key = snap.lists[0].items[2].key
    snap.notes[key] = Note('multi\nline, "quoted"', "", "")
    rows = list(csv.reader(io.StringIO(to_csv(snap))))
    assert rows[0][:4] == ["list", "position", "key", "title"]
    assert len(rows) == 1 + 3 + 1
    assert [r[0] for r in rows[1:]] == ["Reading list"] * 3 + ["'@other"]
    assert rows[1][3] == '\'=HYPERLINK("http://evil")'
    assert rows[2][3] == "'+1 title"
    assert rows[3][3] == "Plain, with comma"
    assert rows[3][-1] == 'multi\nline, "quoted"'
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_write_atomic_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "out.md"
    write_atomic(target, "one")
    with pytest.raises(TargetExists):
        write_atomic(target, "two")
    assert target.read_text() == "one"
    write_atomic(target, "two", force=True)
    assert target.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temporary file left


def test_write_atomic_modes_without_touching_the_process_umask(tmp_path, monkeypatch):
    """The umask is process-wide: flipping it would race with the reader's threads."""
    import os
    import stat

    mask = os.umask(0o027)
    try:

        def forbidden(*args):
            raise AssertionError("os.umask() called while writing a file")

        monkeypatch.setattr(os, "umask", forbidden)
        fresh = write_atomic(tmp_path / "new.md", "one")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640  # 0666 less the umask
        private = tmp_path / "private.json"
        private.write_text("old")
        private.chmod(0o600)
        write_atomic(private, "new", force=True)
        assert stat.S_IMODE(private.stat().st_mode) == 0o600 and private.read_text() == "new"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["new.md", "private.json"]
    finally:
        monkeypatch.undo()
        os.umask(mask)


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    import os

    target = tmp_path / "out.json"
    target.write_text("old")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        write_atomic(target, "new" * 1000, force=True)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_cli_export_to_file_and_stdout(synced_store, tmp_path, capsys):
    key = next(iter_papers(synced_store.conn)).key
    Bookmarks(synced_store).toggle_bookmark(key)
    store = ["--store", str(synced_store.path)]
    out_file = tmp_path / "list.md"
    assert main([*store, "export", "-o", str(out_file)]) == 0
    assert out_file.read_text().startswith("# Reading lists")
    assert main([*store, "export", "-o", str(out_file), "--format", "json"]) == 1
    assert "exists" in capsys.readouterr().err
    assert out_file.read_text().startswith("# Reading lists")  # untouched
    assert main([*store, "export", "-o", str(out_file), "-f", "json", "--force"]) == 0
    assert json.loads(out_file.read_text())["format"] == "paperterm-backup"
    capsys.readouterr()
    assert main([*store, "export", "-f", "bib"]) == 0
    assert capsys.readouterr().out.startswith("@")
    assert main([*store, "export", "-o", str(tmp_path / "x.csv")]) == 0
    assert (tmp_path / "x.csv").read_text().startswith("list,position,key")
    assert main([*store, "export", "--list", "Nope"]) == 1
    assert 'no list named "Nope"' in capsys.readouterr().err
    assert main([*store, "export", "--all", "-f", "json"]) == 1
