"""The reader service both faces call: emptiness, the sample rule, sync jobs, search, opening."""

from __future__ import annotations

import pytest

from paperterm.config import Config, SourceConfig
from paperterm.models import Hit
from paperterm.reader import Library, NewestFirst, is_empty, position_of, run_jobs, sample_wanted
from paperterm.reader.jobs import sample_job
from paperterm.store import Store, iter_papers
from paperterm.sync import SyncReport
from paperterm.sync.lock import SyncLocked, sync_lock
from paperterm.sync.sources.configured import folder_job


def test_a_fresh_store_is_empty_and_a_synced_one_is_not(tmp_path, synced_store):
    with Store(tmp_path / "fresh.db") as fresh:
        assert is_empty(fresh)
    assert not is_empty(synced_store)


def test_the_sample_is_wanted_only_with_no_source_and_no_paper(tmp_path, synced_store):
    configured = Config(sources=(SourceConfig(name="inbox", type="folder", path=tmp_path),))
    with Store(tmp_path / "fresh.db") as fresh:
        assert sample_wanted(Config(), fresh)
        assert not sample_wanted(configured, fresh)
    assert not sample_wanted(Config(), synced_store)


def test_run_jobs_merges_the_reports_and_shows_each_job_its_own(store, digests_dir):
    files = sorted(digests_dir.iterdir())
    jobs = [folder_job("one", [files[0]]), folder_job("two", [files[1]])]
    seen: list[tuple[str, int]] = []
    report = run_jobs(store, jobs, on_job=lambda job, part: seen.append((job.name, part.digests)))
    assert seen == [("one", 1), ("two", 1)]
    assert report.digests == 2 and report.ok
    assert len(report.papers) == sum(1 for _ in iter_papers(store.conn))


def test_run_jobs_refuses_while_another_sync_holds_the_lock(store):
    with sync_lock(store.path), pytest.raises(SyncLocked):
        run_jobs(store, [sample_job()])
    assert is_empty(store)  # nothing was written


def test_library_sync_loads_the_sample_into_an_empty_store_once(store):
    library = Library(store)
    report = library.sync(Config())
    assert isinstance(report, SyncReport) and report.digests == 2
    assert library.sync(Config()) is None  # not empty any more: nothing to do


def test_newest_first_pages_match_the_store_order(synced_store):
    papers = list(iter_papers(synced_store.conn))
    hits = NewestFirst(synced_store, len(papers))
    assert [h.paper.key for h in hits[:5]] == [p.key for p in papers[:5]]
    assert hits[-1].paper.key == papers[-1].key
    with pytest.raises(IndexError):
        hits[len(papers)]


def test_position_of_finds_a_key_in_a_search_result_and_in_a_plain_list(synced_store):
    library = Library(synced_store)
    result = library.search("")
    assert result is not None and result.query == ""
    key = result.hits[7].paper.key
    assert position_of(result.hits, key) == 7
    plain: list[Hit] = list(NewestFirst(synced_store, result.total))
    target = plain[30].paper.key
    assert position_of(plain, target, hint=29) == 30
    assert position_of(plain, "no-such-key") == -1
    assert position_of(plain, None) == -1


def test_a_search_overtaken_by_a_newer_one_is_skipped(synced_store):
    library = Library(synced_store)
    old = library.next_generation()
    library.next_generation()
    assert library.search("kernel", old) is None
    assert not library.is_current(old)


def test_opening_a_paper_marks_it_read_only_when_asked(synced_store):
    library = Library(synced_store)
    first, second = (p.key for p, _ in zip(iter_papers(synced_store.conn), range(2), strict=False))
    kept = library.open_paper(first, mark_read=False)
    assert kept is not None and not kept.read
    assert not library.bookmarks.is_read(first)
    opened = library.open_paper(second, mark_read=True)
    assert opened is not None and opened.read
    assert library.marks().read == {second}
    assert library.open_paper("gone", mark_read=True) is None


def test_filter_counts_follow_the_users_marks(synced_store):
    library = Library(synced_store)
    key = next(iter_papers(synced_store.conn)).key
    before = library.filter_counts()
    library.bookmarks.toggle_bookmark(key)
    after = library.filter_counts()
    assert after.bookmarked == before.bookmarked + 1 == 1
    assert after.total == before.total and after.lists
