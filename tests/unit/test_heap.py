"""The reader's allocator keeps freed memory: a search's arrays reuse the pages of the last."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

PROGRAM = """
import resource, sys, threading
import numpy as np
from paperterm.tui.heap import keep_freed_memory
tuned = sys.argv[1] == "tuned"
if tuned:
    assert keep_freed_memory()
faults = []
def search_like():  # like a keystroke's search: big arrays made and freed, in a thread
    for _ in range(4):
        before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
        parts = [np.ones(1_000_000, dtype=np.int64) for _ in range(6)]  # 48 MB
        del parts
        faults.append(resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before)
t = threading.Thread(target=search_like)
t.start(); t.join()
print(sum(faults[1:]))  # after the first round
"""

pytestmark = pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only"
)


def later_faults(mode: str) -> int:
    out = subprocess.run(
        [sys.executable, "-c", PROGRAM, mode], capture_output=True, text=True, check=True
    )
    return int(out.stdout)


def test_freed_arrays_are_reused_without_faulting_their_pages_in_again():
    untuned, tuned = later_faults("default"), later_faults("tuned")
    # By default the 3 x 48 MB are faulted in again (~8,700 faults here; fewer with huge pages).
    assert untuned > 50
    assert tuned * 20 < untuned
