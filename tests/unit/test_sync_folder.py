"""Folder sync: counts on the real digests, incremental, idempotent, edits, broken files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from paperterm.store import get_paper, stats
from paperterm.sync import sync_paths
from paperterm.text import paper_key

TWO_DIGEST_TITLE = "InceptionNeXt: When Inception Meets ConvNeXt"


def test_real_digests_give_80_papers_and_105_appearances(store, digests_dir):
    report = sync_paths(store, [digests_dir])
    assert report.ok
    assert report.summary() == "2 digests · 80 papers (80 new) · 105 appearances · 0 errors"
    figures = stats(store.conn)
    assert (figures["digests"], figures["papers"], figures["appearances"]) == (2, 80, 105)
    assert (figures["first_date"][5:], figures["last_date"][5:]) == ("03-14", "03-19")
    in_both = store.conn.execute("SELECT count(*) FROM papers WHERE seen = 2").fetchone()[0]
    assert in_both == 25


def test_paper_in_both_digests_knows_first_and_last_seen(synced_store):
    paper = get_paper(synced_store.conn, paper_key(TWO_DIGEST_TITLE))
    assert paper is not None
    assert paper.seen == 2
    assert (paper.first_seen.month, paper.first_seen.day) == (3, 14)
    assert (paper.last_seen.month, paper.last_seen.day) == (3, 19)


def test_second_sync_adds_nothing_and_reads_nothing(synced_store, digests_dir):
    before = stats(synced_store.conn)
    report = sync_paths(synced_store, [digests_dir])
    assert report.ok
    assert (report.digests, report.appearances, report.unchanged) == (0, 0, 2)
    assert stats(synced_store.conn) == before


def test_touched_but_unchanged_file_is_not_re_ingested(synced_store, digests_dir):
    path = next(digests_dir.glob("*.txt"))
    os.utime(path, (1_800_000_000, 1_800_000_000))
    report = sync_paths(synced_store, [digests_dir])
    assert report.digests == 0 and report.unchanged == 2


def test_edited_file_replaces_its_own_entries(synced_store, digests_dir):
    path = sorted(digests_dir.glob("*.txt"))[0]  # the Mar 14 digest, 58 entries
    text = path.read_text(encoding="utf-8")
    text = text.replace(TWO_DIGEST_TITLE, "A Renamed Paper About Inception")
    path.write_text(
        text + "\n\nOne More Paper\n\nIts abstract is short but real.\n", encoding="utf-8"
    )
    report = sync_paths(synced_store, [digests_dir])
    assert report.ok and report.digests == 1
    figures = stats(synced_store.conn)
    assert figures["appearances"] == 106  # 59 + 47
    # The renamed paper still appears in the other digest, so it keeps one appearance.
    old = get_paper(synced_store.conn, paper_key(TWO_DIGEST_TITLE))
    assert old is not None and old.seen == 1
    assert get_paper(synced_store.conn, paper_key("One More Paper")) is not None
    assert get_paper(synced_store.conn, paper_key("A Renamed Paper About Inception")) is not None


def test_paper_dropped_from_every_digest_leaves_the_store(synced_store, digests_dir):
    path = sorted(digests_dir.glob("*.txt"))[0]
    title = "Unsupervised Manifold Linearizing and Clustering"
    assert get_paper(synced_store.conn, paper_key(title)).seen == 1
    path.write_text(
        path.read_text(encoding="utf-8").replace(title, "Something Else Entirely"), encoding="utf-8"
    )
    sync_paths(synced_store, [digests_dir])
    assert get_paper(synced_store.conn, paper_key(title)) is None


def test_broken_files_are_named_and_good_files_still_stored(store, digests_dir):
    (digests_dir / "junk.txt").write_bytes(os.urandom(4096).replace(b"\n", b"x"))
    (digests_dir / "nodate.txt").write_text("new\n\nSome Title\n\nAn abstract.\n")
    report = sync_paths(store, [digests_dir])
    assert not report.ok
    named = {Path(issue.where).name for issue in report.errors}
    assert named == {"junk.txt", "nodate.txt"}
    assert all(str(issue).startswith(issue.where + ":") for issue in report.errors)
    figures = stats(store.conn)
    assert (figures["papers"], figures["appearances"]) == (80, 105)


def test_broken_edit_keeps_what_the_file_gave_before(synced_store, digests_dir):
    path = sorted(digests_dir.glob("*.txt"))[0]
    path.write_text("this file lost its date line\n\nand its papers\n")
    report = sync_paths(synced_store, [digests_dir])
    assert not report.ok
    assert stats(synced_store.conn)["appearances"] == 105


def test_folders_are_walked_recursively_and_non_digests_ignored(store, digests_dir):
    nested = digests_dir / "2026" / "march"
    nested.mkdir(parents=True)
    shutil.move(str(sorted(digests_dir.glob("*.txt"))[1]), nested / "digest.eml.txt")
    (digests_dir / "notes.md").write_text("# my notes\n\nnothing to see\n")
    (digests_dir / "digest-no-extension").write_bytes(
        (nested / "digest.eml.txt").read_bytes().replace(b"Mar 19", b"Mar 20")
    )
    report = sync_paths(store, [digests_dir])
    assert report.ok
    assert report.digests == 3  # notes.md is not a digest; the extension-less one is


def test_missing_path_is_an_error_not_a_crash(store, tmp_path):
    report = sync_paths(store, [tmp_path / "nowhere"])
    assert [str(i) for i in report.errors] == [f"{tmp_path / 'nowhere'}: no such file or folder"]


def test_user_rows_survive_resync_and_edits(synced_store, digests_dir):
    key = paper_key(TWO_DIGEST_TITLE)
    with synced_store.write() as conn:
        conn.execute("INSERT INTO lists (name, created_at) VALUES ('Reading list', 'now')")
        conn.execute(
            "INSERT INTO list_items (list_id, paper_key, position, added_at) VALUES (1, ?, 0, 't')",
            (key,),
        )
        conn.execute("INSERT INTO notes VALUES (?, 'my note', 't', 't')", (key,))
        conn.execute("INSERT INTO read_state VALUES (?, 't')", (key,))
    user = "SELECT * FROM list_items UNION ALL SELECT paper_key, body, 0, 0 FROM notes"
    before = synced_store.conn.execute(user).fetchall()
    for path in digests_dir.glob("*.txt"):  # the paper vanishes from every digest
        path.write_text(path.read_text(encoding="utf-8").replace(TWO_DIGEST_TITLE, "Renamed"))
    sync_paths(synced_store, [digests_dir])
    sync_paths(synced_store, [digests_dir])
    assert synced_store.conn.execute(user).fetchall() == before
    kept = get_paper(synced_store.conn, key)
    assert kept is not None and kept.title == TWO_DIGEST_TITLE and kept.seen == 0


def test_full_text_index_follows_sync(synced_store, digests_dir):
    def fts(term: str) -> int:
        sql = "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?"
        return synced_store.conn.execute(sql, (term,)).fetchone()[0]

    assert fts("PIUMA") == 1
    path = sorted(digests_dir.glob("*.txt"))[1]
    path.write_text(path.read_text(encoding="utf-8").replace("PIUMA", "PUMAX"))
    sync_paths(synced_store, [digests_dir])
    assert fts("PIUMA") == 0 and fts("PUMAX") == 1
    integrity = synced_store.conn.execute(
        "INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)"
    )
    assert integrity is not None


def test_a_copy_is_skipped_with_a_warning_and_a_move_is_followed(store, digests_dir):
    first = sorted(digests_dir.glob("*.txt"))[0]
    shutil.copy(first, digests_dir / "copy-of-first.txt")
    report = sync_paths(store, [digests_dir])
    assert report.ok and stats(store.conn)["appearances"] == 105
    assert any("same content as" in str(w) for w in report.warnings)
    (digests_dir / "copy-of-first.txt").unlink()
    first.rename(digests_dir / "renamed.txt")
    report = sync_paths(store, [digests_dir])
    assert report.ok and report.digests == 0
    assert stats(store.conn)["appearances"] == 105


def test_fifos_and_symlink_loops_neither_hang_nor_crash(store, digests_dir):
    os.mkfifo(digests_dir / "pipe.txt")
    os.mkfifo(digests_dir / "pipe-without-extension")
    (digests_dir / "loop.txt").symlink_to(digests_dir / "loop.txt")
    report = sync_paths(store, [digests_dir])
    assert stats(store.conn)["papers"] == 80
    assert [Path(i.where).name for i in report.errors] == ["loop.txt"]
    assert {Path(i.where).name for i in report.warnings} == {"pipe.txt", "pipe-without-extension"}


def test_a_title_repeated_in_one_digest_is_one_appearance(store, tmp_path):
    digest = tmp_path / "d.txt"
    digest.write_text("Mar 3\n\nSame Paper\n\nFirst abstract.\n\nSame paper\n\nSecond abstract.\n")
    sync_paths(store, [digest])
    assert stats(store.conn)["appearances"] == 1
    assert get_paper(store.conn, paper_key("Same Paper")).seen == 1


def test_re_reading_an_old_digest_keeps_the_newer_abstract(store, tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("Mar 3, 2026\n\nA Paper\n\nThe old abstract.\n")
    new.write_text("Mar 9, 2026\n\nA Paper\n\nThe corrected abstract.\n")
    sync_paths(store, [old, new])
    old.write_text("Mar 3, 2026\n\nA Paper\n\nThe old abstract, edited.\n")
    sync_paths(store, [old, new])
    assert get_paper(store.conn, paper_key("A Paper")).abstract == "The corrected abstract."
