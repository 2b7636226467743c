"""The reader keeps the memory its searches free, instead of handing it back to the system.

A keystroke's search at 1M papers makes ~100 MB of short-lived numpy arrays. By default glibc
gives them to the search thread's own arena (heaps of at most 64 MB, trimmed and remade as
they fill) and returns freed memory to the kernel, so the next search faults every page in
again: ~8,000 page faults, 20-30 ms of a keystroke on a virtual machine. With one arena that
keeps what was freed, a search reuses the pages of the one before. The cost is resident
memory up to the largest search so far (a few MB at 100k papers).
"""

from __future__ import annotations

import ctypes
import platform

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
KEEP_FREED = 1 << 30  # bytes free at the top of the heap before it is trimmed
MMAP_ABOVE = 32 << 20  # bytes: glibc's largest threshold; smaller arrays come from the heap


def keep_freed_memory() -> bool:
    """Tune glibc's allocator for the reader (call before its threads start); True when done.

    Elsewhere (macOS, musl) nothing is changed.
    """
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    done = [
        mallopt(M_ARENA_MAX, 1),  # every thread allocates from the main heap
        mallopt(M_TRIM_THRESHOLD, KEEP_FREED),
        mallopt(M_MMAP_THRESHOLD, MMAP_ABOVE),
    ]
    return all(done)
