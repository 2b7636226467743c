"""A saved or pasted papers page (text or HTML, a file or stdin) -> sync units.

The parsing itself is ``paperterm.sync.page_text``; this module finds pages and reads them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import partial
from pathlib import Path

from paperterm.sync.page_text import (
    MAX_PAGE_BYTES,
    SNIFF_BYTES,
    decode_page,
    page_like,
    parse_page,
    parse_text,
)
from paperterm.sync.units import Fetched, Unit

__all__ = ["MAX_PAGE_BYTES", "decode_page", "looks_like_page", "page_file_unit", "parse_page"]
__all__ += ["parse_text", "read_page_file", "stdin_unit"]


def looks_like_page(path: Path) -> bool:
    """A file that is a saved web page (HTML) or text with the page's furniture in it."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    return page_like(head)


def read_page_file(path: str, mtime: float) -> Fetched:
    """Read and parse one saved page (top level, so a process pool can run it)."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_PAGE_BYTES + 1)
    reference = dt.datetime.fromtimestamp(mtime).date()
    return Fetched(hashlib.sha256(data).hexdigest(), parse_page(data, path, reference))


def page_file_unit(path: Path) -> Unit:
    """A saved page file; same locator and stamp scheme as a digest file."""
    path = path.resolve()
    st = path.stat()
    fetch = partial(read_page_file, str(path), st.st_mtime)
    stamp = f"{st.st_size}:{st.st_mtime_ns}"
    return Unit(kind="page", locator=str(path), stamp=stamp, fetch=fetch, label=str(path))


def stdin_unit(data: bytes, today: dt.date | None = None) -> Unit:
    """Pasted text. Keyed by the digest dates it holds, so pasting a day again replaces it."""
    where = "<stdin>"
    today = today or dt.date.today()
    result = parse_page(data, where, today)
    sha = hashlib.sha256(data).hexdigest()
    dates = sorted({d.date.isoformat() for d in result.digests})
    locator = f"stdin:{','.join(dates)}" if dates and len(dates) <= 7 else f"stdin:{sha}"
    fetched = Fetched(sha, result)
    return Unit(kind="stdin", locator=locator, stamp=sha, fetch=lambda: fetched, label=where)
