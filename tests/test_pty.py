"""The real ``paperterm`` under a pseudo-terminal: none of the injected payloads is written.

``App.run_test()`` writes nothing to a terminal, so only a pty shows what reaches one. The
reader runs over a store synced from the hostile folder (plus a row that bypassed the parser),
is driven through the list, a search, the reading view, a bookmark and a copy, then quits with
``q``; every byte it wrote is searched for the payloads of tests/fixtures/hostile.
"""

from __future__ import annotations

import base64
import datetime as dt
import fcntl
import os
import re
import select
import shutil
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest
from hostile_fixtures import HOSTILE, load_make

from paperterm.models import Digest, Entry, ParseResult
from paperterm.store import Store
from paperterm.sync import sync_paths, sync_units
from paperterm.sync.units import Fetched, Unit

pty = pytest.importorskip("pty")
ROWS, COLS = 40, 140


make = load_make()
RAW_TITLE = f"Raw \x1b]52;c;{make.OSC52_BODY}\x07Row \x1b[6n\u009b31m\u202eTitle"
RAW_ABSTRACT = (
    f"Raw abstract \x1b]8;;{make.OSC8_URL}\x07link\x1b]8;;\x07 \x1b]0;{make.WINDOW_TITLE}\x07"
)


def hostile_store(root: Path) -> Path:
    folder = root / "digests"
    folder.mkdir()
    for path in HOSTILE.glob("*.txt"):
        shutil.copyfile(path, folder / path.name)
    store = Store(root / "hostile.db")
    sync_paths(store, [folder])
    entry = Entry(title=RAW_TITLE, abstract=RAW_ABSTRACT)
    result = ParseResult((Digest(dt.date(2025, 3, 16), (entry,)),))
    unit = Unit("memory", "memory:raw", "1", lambda: Fetched("x", result))
    sync_units(store, [unit], source="test")
    store.close()
    return root / "hostile.db"


def _drawn(data: bytes | bytearray) -> bytes:
    """The text a terminal shows for ``data``, give or take: CSI sequences dropped."""
    return re.sub(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]", b"", bytes(data))


class Terminal:
    """A child process on a pty: write keys, collect every byte it writes."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become paperterm
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.execvpe(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        self.output = bytearray()
        self.status: int | None = None

    def read(self, seconds: float) -> None:
        """Collect output for ``seconds`` (or until the child closes the terminal)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # EIO: the child is gone
                return
            if not chunk:
                return
            self.output += chunk

    def wait_for(self, needle: bytes, since: int = 0, limit: float = 30.0) -> None:
        """Read until ``needle`` is drawn (after byte ``since``), or ``limit`` seconds."""
        end = time.monotonic() + limit
        while needle not in _drawn(self.output[since:]) and time.monotonic() < end:
            self.read(0.1)

    def settle(self, quiet: float = 0.4, limit: float = 15.0) -> None:
        """Read until the child writes nothing for ``quiet`` seconds."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            before = len(self.output)
            self.read(quiet)
            if len(self.output) == before:
                return

    def keys(self, *keys: bytes, expect: bytes = b"") -> None:
        """Type each chunk (a key, or several characters at once) and let the screen settle;
        then wait until ``expect`` is drawn (a slow machine must not drop keys)."""
        start = len(self.output)
        for key in keys:
            os.write(self.fd, key)
            self.settle(0.2)
        if expect:
            self.wait_for(expect, since=start)
            self.settle(0.2)

    def wait(self, limit: float = 15.0) -> int | None:
        end = time.monotonic() + limit
        while time.monotonic() < end:
            self.read(0.1)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
        return None

    def close(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)  # only the child this test started
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)


OSC52 = re.compile(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)")


def reader_env() -> dict[str, str]:
    """This test run's environment (XDG dirs in tmp) as a 256-colour UTF-8 terminal."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES", "TMUX")}
    env.update(TERM="xterm-256color", COLORTERM="truecolor", LANG="C.UTF-8", PYTHONUTF8="1")
    return env


def test_real_reader_on_a_pty_writes_no_injected_payload(tmp_path: Path) -> None:
    store = hostile_store(tmp_path)
    argv = [sys.executable, "-m", "paperterm", "--store", str(store)]
    term = Terminal(argv, reader_env())
    try:
        term.wait_for(b"Robust Reading of")  # the list is loaded
        term.settle(0.5)
        assert b"Robust Reading of" in _drawn(term.output), bytes(term.output[-500:])
        term.keys(b"j", b"j", b"j", b"k")
        # Search for the row that skipped the parser, read it, bookmark it, copy its title.
        term.keys(b"/", b"Raw Row", expect=b"Raw Row Title")
        term.keys(b"\r", b"\r", expect=b"Reading")
        term.keys(b"b", expect=b"Bookmarked")
        term.keys(b"y", expect=b"Copied")
        term.keys(b"\x1b")
        # The markup title: list, reading view, bookmark notification.
        term.keys(b"/", b"Bold Claims", expect=b"Click to Read")
        term.keys(b"\r", b"\r", b"b", expect=b"Bookmarked")
        term.keys(b"\x1b", b"\x1b", b"\x1b")
        term.keys(b"q")
        assert term.wait() == 0, bytes(term.output[-800:])
    finally:
        term.close()
    out = bytes(term.output)
    drawn = _drawn(out)
    for words in (b"Raw Row Title", b"Bookmarked", b"Copied", b"[@click=app.quit]Click to Read"):
        assert words in drawn, words  # the keys did what they should
    # The copy is the app's own OSC 52: its body must decode to one clean line.
    copies = [base64.b64decode(m.group(1)).decode() for m in OSC52.finditer(out)]
    assert copies, "y copied the title through OSC 52"
    for text in copies:
        assert "Raw Row Title" in text
        assert make.scan_output(text.encode()) == [] and "\n" not in text
    rest = OSC52.sub(b"", out)
    assert make.scan_output(rest, terminal=True) == []
    assert b"\x1b]8;" not in rest  # no hyperlink of any kind
    assert b"\x1b[6n" not in rest and b"\x1b]0;" not in rest


def test_text_pasted_into_the_search_bar_is_not_echoed_raw(tmp_path: Path) -> None:
    store = hostile_store(tmp_path)
    argv = [sys.executable, "-m", "paperterm", "--store", str(store)]
    term = Terminal(argv, reader_env())
    try:
        term.wait_for(b"Robust Reading of")
        term.settle(0.5)
        paste = f"\x1b[200~\u202eclip\u009b6n\x1b]52;c;{make.OSC52_BODY}\x07\x1b[201~"
        term.keys(b"/", paste.encode(), b"\x1b", b"\x1b", b"q")
        assert term.wait() == 0
    finally:
        term.close()
    out = bytes(term.output)
    assert b"clip" in out
    # Textual's own parser splits an ESC inside a paste into key presses, so the OSC body may
    # arrive as typed text: harmless letters. No sequence, C1 or bidi character may come out.
    assert make.scan_output(OSC52.sub(b"", out), terminal=True, text=False) == []
