"""kill -9 of a `paperterm sync` mid-parse leaves no process of its session behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)"),
]

GEN_DIGESTS = Path(
    os.environ.get(
        "GEN_DIGESTS", Path(__file__).resolve().parents[3] / "shared" / "tools" / "gen_digests.py"
    )
)


def session_members(sid: int) -> list[int]:
    """Every live process whose session id is ``sid`` (zombies reaped by init excluded)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            members.append(int(entry))
    return members


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    if not GEN_DIGESTS.exists():
        pytest.skip("shared/tools/gen_digests.py is not here")
    folder = tmp_path_factory.mktemp("corpus")
    subprocess.run(
        [sys.executable, str(GEN_DIGESTS), str(folder), "20000"], check=True, capture_output=True
    )
    return folder


@pytest.mark.parametrize("delay", [0.3, 1.0])
def test_kill_9_of_a_sync_mid_parse_leaves_no_process_behind(tmp_path, corpus, delay):
    proc = subprocess.Popen(
        [sys.executable, "-m", "paperterm", "--store", str(tmp_path / "s.db"), "sync", str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        # Mid-parse: the forkserver and its workers are up.
        while len(session_members(proc.pid)) < 3:
            assert proc.poll() is None, "the sync ended before its pool started"
            assert time.monotonic() < deadline, "the pool never started"
            time.sleep(0.02)
        time.sleep(delay)
        assert proc.poll() is None, "the sync finished before the kill; use a bigger corpus"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
        deadline = time.monotonic() + 2.0
        while session_members(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert session_members(proc.pid) == []
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # never leave one behind for the next test
        except ProcessLookupError:
            pass
