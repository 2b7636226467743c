"""The Hugging Face daily papers API against a real HTTP server on 127.0.0.1, faults included."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from paperterm.links import paper_links
from paperterm.store import get_paper, stats
from paperterm.sync.sources.hf_api import (
    FetchPolicy,
    HfClient,
    plan_days,
    sync_hf,
)
from paperterm.text import paper_key

FIXTURES = Path(__file__).parent.parent / "fixtures" / "hf-api"
NEW_SHAPE = (FIXTURES / "daily_papers-2026-03-05.json").read_bytes()
OLD_SHAPE = (FIXTURES / "daily_papers-2024-05-27.json").read_bytes()
EMPTY_DAY = (FIXTURES / "daily_papers-2026-03-07-empty-day.json").read_bytes()
D5, D6, D7 = dt.date(2026, 3, 5), dt.date(2026, 3, 6), dt.date(2026, 3, 7)
TODAY = dt.date(2026, 3, 20)  # so the test days are all "past" days


@dataclass
class Reply:
    """One scripted answer: status, body, headers; ``drip`` seconds between single bytes."""

    body: bytes = b"[]"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    drip: float = 0.0
    chunked: bool = False


class ApiServer:
    """A real HTTP server answering /api/daily_papers?date=... from a per-date script."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                parts = urlsplit(self.path)
                day = parse_qs(parts.query).get("date", [parts.path])[0]
                server.hits[day] = server.hits.get(day, 0) + 1
                script = server.routes.get(day) or [Reply(b"[]")]
                reply = script.pop(0) if len(script) > 1 else script[0]
                try:
                    self._answer(reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _answer(self, reply: Reply) -> None:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                else:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                if reply.chunked:
                    for start in range(0, len(reply.body), 4096):
                        piece = reply.body[start : start + 4096]
                        self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                elif reply.drip:
                    for byte in reply.body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(reply.drip)
                else:
                    self.wfile.write(reply.body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def answer(self, day: dt.date, *replies: Reply) -> None:
        self.routes[day.isoformat()] = list(replies)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def api() -> Iterator[ApiServer]:
    server = ApiServer()
    yield server
    server.close()


class Sleeps(list):
    """An injected sleep: records the waits instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def client(api: ApiServer, sleeps: Sleeps, **policy: object) -> HfClient:
    return HfClient(
        api.url,
        FetchPolicy(**{"deadline": 5.0, "read_timeout": 5.0, **policy}),  # type: ignore[arg-type]
        sleep=sleeps,
        jitter=lambda: 0.5,
    )


def sync(store, api, sleeps, days, **policy):
    with client(api, sleeps, **policy) as c:
        return sync_hf(store, days, c, today=TODAY)


def one_item(title: str, arxiv_id: str = "2603.99999", **paper: object) -> bytes:
    return json.dumps([{"paper": {"id": arxiv_id, "title": title, **paper}}]).encode()


# --- the response shapes --------------------------------------------------------------------


def test_current_shape_keeps_id_authors_upvotes_and_links(store, api, sleeps):
    api.answer(D5, Reply(NEW_SHAPE))
    report = sync(store, api, sleeps, [D5])
    assert report.ok, report.errors
    assert report.digests == 1 and report.new_papers == 1
    paper = get_paper(store.conn, paper_key("An Example Paper Title in the 2026 Response Shape"))
    assert paper is not None
    assert paper.arxiv_id == "2603.11111"
    assert paper.authors == ("Example Author One", "Example Author Two")
    assert paper.upvotes == 10
    assert paper.first_seen == D5  # the digest date is the requested date, not publishedAt
    assert paper.published == "2026-03-02"
    assert paper_links(paper) == {
        "hf": "https://huggingface.co/papers/2603.11111",
        "arxiv": "https://arxiv.org/abs/2603.11111",
        "code": "https://github.com/example/example",
        "project": "https://project.example/",
    }
    assert paper.abstract.startswith("A synthetic abstract standing in")


def test_old_shape_folds_hard_line_breaks_and_double_spaces(store, api, sleeps):
    day = dt.date(2024, 5, 27)
    api.answer(day, Reply(OLD_SHAPE))
    assert sync(store, api, sleeps, [day]).ok
    title = "An Older Response Shape With a Hard Line Break in the Title"
    paper = get_paper(store.conn, paper_key(title))
    assert paper is not None and paper.title == title
    assert paper.abstract == (
        "Older responses keep hard line breaks and double spaces in the summary, "
        "which a reader must fold."
    )
    assert paper.authors == ("Older Shape Author",) and paper.upvotes == 3


def test_empty_day_is_recorded_and_not_fetched_again(store, api, sleeps):
    api.answer(D7, Reply(EMPTY_DAY))
    report = sync(store, api, sleeps, [D7])
    assert report.ok and report.digests == 0
    assert plan_days(store, today=TODAY, since=D7) == [
        d for d in (D7 + dt.timedelta(days=i) for i in range(14)) if d != D7
    ]


def test_same_range_twice_adds_nothing_and_past_days_are_not_refetched(store, api, sleeps):
    api.answer(D5, Reply(NEW_SHAPE))
    api.answer(D6, Reply(OLD_SHAPE))
    first = sync(store, api, sleeps, [D5, D6])
    before = stats(store.conn)
    todo = plan_days(store, today=TODAY, since=D5)
    assert D5 not in todo and D6 not in todo
    second = sync(store, api, sleeps, todo)  # the later days are all empty
    assert first.digests == 2 and second.digests == 0 and second.new_papers == 0
    after = stats(store.conn)
    for figure in ("papers", "digests", "appearances"):
        assert after[figure] == before[figure]
    assert api.hits["2026-03-05"] == 1 and api.hits["2026-03-06"] == 1


def test_today_and_yesterday_are_fetched_again_and_upvotes_refresh(store, api, sleeps):
    today = dt.date(2026, 3, 6)
    api.answer(D5, Reply(one_item("A Paper Still Collecting Votes", upvotes=3)))
    with client(api, sleeps) as c:
        sync_hf(store, plan_days(store, today=today, days=2), c, today=today)
        api.answer(D5, Reply(one_item("A Paper Still Collecting Votes", upvotes=40)))
        again = plan_days(store, today=today, days=2)
        assert D5 in again  # yesterday is still changing
        report = sync_hf(store, again, c, today=today)
    assert report.ok and report.new_papers == 0
    assert get_paper(store.conn, paper_key("A Paper Still Collecting Votes")).upvotes == 40
    assert stats(store.conn)["digests"] == 1  # replaced, not added


def test_text_digest_and_api_give_one_paper(synced_store, api, sleeps):
    store = synced_store
    before = stats(store.conn)
    title = "Efficiently Computing Similarities to Private Datasets"  # in the real digests
    api.answer(
        D5,
        Reply(one_item("  efficiently computing\nsimilarities to private datasets ", "2303.08887")),
    )
    report = sync(store, api, sleeps, [D5])
    assert report.ok and report.new_papers == 0
    assert stats(store.conn)["papers"] == before["papers"]
    paper = get_paper(store.conn, paper_key(title))
    assert paper.title == title  # the text digest's title stays
    assert paper.arxiv_id == "2303.08887"
    assert paper_links(paper)["hf"] == "https://huggingface.co/papers/2303.08887"
    assert paper.seen == 3  # two text digests and the API day


def test_bad_ids_and_unsafe_links_are_dropped(store, api, sleeps):
    body = one_item(
        "A Paper With Hostile Metadata",
        "javascript:alert(1)",
        githubRepo="javascript:alert(1)",
        projectPage="file:///etc/passwd",
        upvotes="many",
        authors=[{"name": "\x1b[31mRed\x1b[0m Author"}, {"name": 5}, "Plain Name"],
    )
    api.answer(D5, Reply(body))
    assert sync(store, api, sleeps, [D5]).ok
    paper = get_paper(store.conn, paper_key("A Paper With Hostile Metadata"))
    assert paper.arxiv_id is None and paper_links(paper) == {}
    assert paper.upvotes is None
    assert paper.authors == ("Red Author", "Plain Name")


def test_missing_title_skips_that_paper_only(store, api, sleeps):
    body = json.dumps(
        [
            {"paper": {"id": "2603.00001", "summary": "No title here."}},
            {"paper": {"id": "2603.00002"}, "title": "Title Only At The Top Level"},
            {"paper": {"id": "2603.00003", "title": "A Complete Paper", "summary": "Fine."}},
            "not an object",
        ]
    ).encode()
    api.answer(D5, Reply(body))
    report = sync(store, api, sleeps, [D5])
    assert report.ok and report.new_papers == 2
    messages = [str(w) for w in report.warnings]
    assert any("2603.00001 has no title" in m for m in messages)
    assert any("not a JSON object" in m for m in messages)
    assert get_paper(store.conn, paper_key("Title Only At The Top Level")).arxiv_id == "2603.00002"


# --- faults ---------------------------------------------------------------------------------


def test_slow_drip_is_cut_off_at_the_deadline_and_other_days_still_sync(store, api, sleeps):
    api.answer(D5, Reply(b"[" + b" " * 400 + b"]", drip=0.02))  # ~8 s if read to the end
    api.answer(D6, Reply(OLD_SHAPE))
    started = time.monotonic()
    report = sync(store, api, sleeps, [D5, D6], deadline=0.6)
    elapsed = time.monotonic() - started
    assert elapsed < 3.0
    assert [i.where for i in report.errors] == ["hf 2026-03-05"]
    assert "not complete within 0.6 s" in report.errors[0].message
    assert "retry next sync" in report.errors[0].message
    assert report.digests == 1  # the other day
    assert D5 in plan_days(store, today=TODAY, since=D5)  # the failed day is fetched again


def test_silent_server_is_cut_off_by_the_read_timeout(store, api, sleeps):
    api.answer(D5, Reply(b"[]" + b" " * 10, drip=3.0))  # first byte, then silence
    started = time.monotonic()
    report = sync(store, api, sleeps, [D5], deadline=0.5, read_timeout=5.0)
    assert time.monotonic() - started < 2.5
    assert len(report.errors) == 1


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_oversized_body_is_refused(store, api, sleeps, chunked):
    big = json.dumps([{"paper": {"id": "2603.00001", "title": "x" * 50_000}}]).encode()
    api.answer(D5, Reply(big, chunked=chunked))
    report = sync(store, api, sleeps, [D5], max_bytes=10_000)
    assert len(report.errors) == 1
    assert "larger than 10000 bytes" in report.errors[0].message
    assert report.digests == 0


def test_redirect_to_another_host_is_not_followed(store, api, sleeps):
    elsewhere = f"http://localhost:{api.port}/api/daily_papers?date=2026-03-06"
    api.answer(D5, Reply(b"", status=302, headers={"Location": elsewhere}))
    api.answer(D6, Reply(NEW_SHAPE))
    report = sync(store, api, sleeps, [D5])
    assert len(report.errors) == 1
    assert "redirected to another host (localhost)" in report.errors[0].message
    assert api.hits.get("2026-03-06") is None


def test_redirect_on_the_same_host_is_followed(store, api, sleeps):
    api.answer(D5, Reply(b"", status=301, headers={"Location": "/api/daily_papers?date=moved"}))
    api.routes["moved"] = [Reply(NEW_SHAPE)]
    report = sync(store, api, sleeps, [D5])
    assert report.ok and report.digests == 1


def test_429_honours_retry_after_then_succeeds(store, api, sleeps):
    api.answer(D5, Reply(b"", status=429, headers={"Retry-After": "7"}), Reply(NEW_SHAPE))
    report = sync(store, api, sleeps, [D5])
    assert report.ok and report.digests == 1
    assert sleeps == [7.0]
    assert api.hits["2026-03-05"] == 2


def test_retry_after_is_capped(store, api, sleeps):
    api.answer(D5, Reply(b"", status=429, headers={"Retry-After": "86400"}), Reply(NEW_SHAPE))
    assert sync(store, api, sleeps, [D5], max_wait=30.0).ok
    assert sleeps == [30.0]


def test_500_then_200_retries_with_backoff(store, api, sleeps):
    api.answer(D5, Reply(b"oops", status=500), Reply(b"oops", status=503), Reply(NEW_SHAPE))
    report = sync(store, api, sleeps, [D5], backoff=0.5)
    assert report.ok and report.digests == 1
    assert sleeps == [0.5 + 0.25, 1.0 + 0.25]  # doubling backoff plus jitter


def test_persistent_5xx_fails_the_day_after_the_retries(store, api, sleeps):
    api.answer(D5, Reply(b"", status=502))
    api.answer(D6, Reply(OLD_SHAPE))
    report = sync(store, api, sleeps, [D5, D6], attempts=3)
    assert [str(e) for e in report.errors] == [
        "hf 2026-03-05: server error (HTTP 502) (gave up after 3 tries); will retry next sync"
    ]
    assert report.digests == 1 and api.hits["2026-03-05"] == 3


def test_404_is_not_retried(store, api, sleeps):
    api.answer(D5, Reply(b"{}", status=404))
    report = sync(store, api, sleeps, [D5])
    assert "HTTP 404" in report.errors[0].message and sleeps == []


def test_truncated_json_fails_the_day_and_is_retried_next_time(store, api, sleeps):
    api.answer(D5, Reply(NEW_SHAPE[: len(NEW_SHAPE) // 2]))
    report = sync(store, api, sleeps, [D5])
    assert len(report.errors) == 1 and "not valid JSON" in report.errors[0].message
    assert "cut short" in report.errors[0].message
    assert stats(store.conn)["papers"] == 0
    api.answer(D5, Reply(NEW_SHAPE))
    assert plan_days(store, today=TODAY, since=D5)[0] == D5
    assert sync(store, api, sleeps, [D5]).digests == 1


def test_deep_nesting_is_refused(store, api, sleeps):
    api.answer(D5, Reply(b"[" * 100_000 + b"]" * 100_000))
    report = sync(store, api, sleeps, [D5])
    assert len(report.errors) == 1 and "nested too deeply" in report.errors[0].message


def test_not_a_list_is_refused(store, api, sleeps):
    api.answer(D5, Reply(b'{"error": "Invalid date"}'))
    report = sync(store, api, sleeps, [D5])
    assert "not a list of papers" in report.errors[0].message


def test_offline_says_so_in_one_line(store, sleeps):
    # A port nothing listens on: every connection is refused.
    dead = ApiServer()
    dead.close()
    days = [D5, D6, D7]
    with HfClient(dead.url, FetchPolicy(attempts=3), sleep=sleeps, jitter=lambda: 0) as c:
        report = sync_hf(store, days, c, today=TODAY)
    assert len(report.errors) == 1
    message = str(report.errors[0])
    assert "cannot reach 127.0.0.1 (offline?)" in message
    assert "3 days not fetched" in message
    assert len(sleeps) == 2  # retried the first day only, then gave up on the rest


# --- which days -----------------------------------------------------------------------------


def test_plan_days_default_window_and_gap_filling(store, api, sleeps):
    assert plan_days(store, today=TODAY, default_days=3) == [
        dt.date(2026, 3, 18),
        dt.date(2026, 3, 19),
        TODAY,
    ]
    api.answer(D5, Reply(EMPTY_DAY))
    sync(store, api, sleeps, [D5])
    # The last synced day was Mar 5: a default sync catches up from Mar 6.
    todo = plan_days(store, today=TODAY, default_days=3)
    assert todo[0] == D6 and todo[-1] == TODAY and len(todo) == 15
    with pytest.raises(ValueError, match="in the future"):
        plan_days(store, today=TODAY, since=TODAY + dt.timedelta(days=1))


# --- the command line -----------------------------------------------------------------------


def test_cli_sync_hf_from_the_env_url_twice(api, tmp_path, monkeypatch, capsys):
    from paperterm.cli import main
    from paperterm.sync.sources.hf_api import utc_today

    monkeypatch.setenv("PAPERTERM_HF_URL", api.url)
    past = utc_today() - dt.timedelta(days=3)
    api.answer(past, Reply(NEW_SHAPE))
    db = str(tmp_path / "s.db")
    assert main(["--store", db, "sync", "hf", "--days", "4"]) == 0
    assert capsys.readouterr().out.startswith("1 digest · 1 paper (1 new)")
    assert len(api.hits) == 4
    # Again: the past days are done, today and yesterday are asked again; nothing new.
    assert main(["--store", db, "sync", "hf", "--days", "4", "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    assert api.hits[past.isoformat()] == 1
    assert api.hits[utc_today().isoformat()] == 2


def test_cli_configured_hf_source_reports_a_failed_day_and_exits_1(api, tmp_path, capsys):
    from paperterm.cli import main
    from paperterm.sync.sources.hf_api import utc_today

    config = tmp_path / "config.toml"
    config.write_text(f'[hf]\nbase_url = "{api.url}"\n\n[sources.papers]\ntype = "hf"\ndays = 2\n')
    api.answer(utc_today(), Reply(b"[{", status=200))
    status = main(["--config", str(config), "--store", str(tmp_path / "s.db"), "sync", "-q"])
    captured = capsys.readouterr()
    assert status == 1 and captured.out == ""
    assert f"hf {utc_today().isoformat()}: answer is not valid JSON" in captured.err


# --- waits are capped, bounded by the run's budget, and said ---------------------------------


def test_retry_after_999999_does_not_stall_the_day(store, api, sleeps):
    api.answer(D5, Reply(b"", status=429, headers={"Retry-After": "999999"}), Reply(NEW_SHAPE))
    with HfClient(api.url, FetchPolicy(), sleep=sleeps, jitter=lambda: 0.5) as c:
        report = sync_hf(store, [D5], c, today=TODAY)
    assert report.ok and report.digests == 1
    assert sleeps == [10.0]  # the default cap, not 11 days
    (wait,) = report.warnings
    assert wait.where == "hf 2026-03-05" and "waiting 10 s" in wait.message
    assert "asked to wait 999,999 s" in wait.message


def test_the_whole_run_stays_within_its_time_budget_with_real_waits(store, api):
    days = [D5 + dt.timedelta(days=i) for i in range(6)]
    for day in days:
        api.answer(day, Reply(b"", status=429, headers={"Retry-After": "999999"}))
    policy = FetchPolicy(deadline=5.0, read_timeout=5.0, max_wait=0.4, budget=1.5)
    started = time.monotonic()
    with HfClient(api.url, policy) as c:  # the real time.sleep
        report = sync_hf(store, days, c, today=TODAY)
    assert time.monotonic() - started < 3.0
    assert any("time budget (1.5 s) is spent" in e.message for e in report.errors)
    assert "will be fetched next sync" in report.errors[-1].message
    assert report.failed_units == 6  # none is marked done: all are fetched next time


def test_waits_are_shown_when_stderr_is_not_a_terminal(api, tmp_path, monkeypatch, capsys):
    from paperterm.cli import main
    from paperterm.sync.sources.hf_api import utc_today

    monkeypatch.setenv("PAPERTERM_HF_URL", api.url)
    past = utc_today() - dt.timedelta(days=2)
    api.answer(past, Reply(b"", status=429, headers={"Retry-After": "1"}), Reply(NEW_SHAPE))
    status = main(["--store", str(tmp_path / "s.db"), "sync", "hf", "--days", "3"])
    err = " ".join(capsys.readouterr().err.split())
    assert status == 4  # completed, with a warning
    assert f"hf {past.isoformat()}: rate limited (HTTP 429); waiting 1 s" in err
