"""The title index on disk: ``<store>.index/titles``, written atomically, checked on load.

One file: a magic line, a JSON header (format, the store's key, every array's place and a
CRC-32 of the payload) and the arrays, mapped copy-on-write so a load is mostly a page-in.
The key names the store (a random epoch kept in ``reader_state``) and how far its change
log had got (``paper_changes``, bumped by triggers on every paper write): a file from
another store, an older paperterm, a torn or damaged write fails the check and the caller
rebuilds from the store. It is a cache; deleting it loses nothing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import mmap
import os
import secrets
import sqlite3
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from paperterm import checked_once
from paperterm.search import tokens as _tokens_module
from paperterm.search.index import COLUMNS, FUZZY_MIN_LEN, TitleIndex, fuzzy_order
from paperterm.search.packed import PackedTexts, pack
from paperterm.store.changes import changes_since, store_key
from paperterm.store.papers import paper_count

MAGIC = b"PAPERTERM-TITLES\n"
FORMAT = 3
ALIGN = 64
STALE_TMP_SECONDS = 600
SLOT_FIELDS = ("ids", "first", "last", "seen", "pos", "upvotes", "created", "lens")
TEXT_FIELDS = ("keys", "titles", "words")
REBUILD_SHARE = 0.1  # more changed papers than this share of the index: rebuild it
REBUILD_MIN = 1000


@functools.cache
def _rules() -> str:
    """What the index depends on besides the papers: the tokenizer and the format."""
    source = Path(_tokens_module.__file__).read_bytes()
    return hashlib.sha256(source + f"|{FORMAT}|{FUZZY_MIN_LEN}".encode()).hexdigest()[:16]


def cache_file(store_path: Path) -> Path:
    """Where the title index of the store at ``store_path`` is kept."""
    return store_path.with_name(store_path.name + ".index") / "titles"


def compact(index: TitleIndex) -> dict[str, Any]:
    """The live papers of ``index`` as arrays and texts, updates folded into the postings.

    Words are renumbered in sorted order, so a loaded index bisects its vocabulary as is.
    """
    live = np.flatnonzero(index.alive)
    out: dict[str, Any] = {name: getattr(index, name)[live] for name in SLOT_FIELDS}
    out["keys"] = [index.keys[i] for i in live.tolist()]
    out["titles"] = [index.titles[i] for i in live.tolist()]
    words, by_rank = index.sorted_words()
    out["words"] = list(words)
    new_wid = np.empty(len(by_rank), dtype=np.int64)
    new_wid[by_rank] = np.arange(len(by_rank))
    counts = np.diff(index.offs)
    wid = [np.repeat(np.arange(index.base_words, dtype=np.int64), counts)]
    slot = [index.post.astype(np.int64)]
    for w, slots in index.delta.items():
        wid.append(np.full(len(slots), w, dtype=np.int64))
        slot.append(np.asarray(slots, dtype=np.int64))
    wids, slots = new_wid[np.concatenate(wid)], np.concatenate(slot)
    keep = index.alive[slots]
    wids, slots = wids[keep], slots[keep]
    renumber = np.cumsum(index.alive) - 1
    slots = renumber[slots]
    order = np.lexsort((slots, wids))
    out["post"] = slots[order].astype(np.int32)
    offs = np.zeros(len(words) + 1, dtype=np.int64)
    np.cumsum(np.bincount(wids, minlength=len(words)), out=offs[1:])
    out["offs"] = offs
    out["wlen"] = index.wlen[by_rank].astype(np.int32)
    out["fuzzy"] = fuzzy_order(out["words"], out["wlen"]).astype(np.int64)
    # The recency order of the compacted slots (dead slots dropped keep it in order).
    out["newest"] = renumber[index.newest].astype(np.int64)
    out["rank"] = np.full(len(live), len(live), dtype=np.int64)
    out["rank"][out["newest"]] = np.arange(len(out["newest"]))
    return out


def _encode(parts: dict[str, Any]) -> dict[str, np.ndarray] | None:
    arrays: dict[str, np.ndarray] = {}
    for name, value in parts.items():
        if name in TEXT_FIELDS:
            packed = pack(value)
            if packed is None:
                return None  # a text holds the separator: not cacheable, build each time
            arrays[name], arrays[f"{name}_starts"] = packed
        else:
            arrays[name] = np.ascontiguousarray(value)
    return arrays


def save(path: Path, index: TitleIndex, key: dict[str, Any]) -> bool:
    """Write the index under ``key`` so a reader sees the old file or the new one, whole."""
    arrays = _encode(compact(index))
    if arrays is None:
        return False
    places, offset = [], 0
    for name, arr in arrays.items():
        offset += -offset % ALIGN
        places.append([name, arr.dtype.str, offset, arr.nbytes])
        offset += arr.nbytes
    payload = bytearray(offset)
    for (_, _, start, size), arr in zip(places, arrays.values(), strict=True):
        payload[start : start + size] = arr.tobytes()
    header = {
        "format": FORMAT,
        "rules": _rules(),
        "key": key,
        "arrays": places,
        "size": len(payload),
        "adler32": zlib.adler32(payload),
    }
    head = json.dumps(header).encode()
    head += b" " * (-(len(MAGIC) + 8 + len(head)) % ALIGN)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _sweep(path)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            with open(tmp, "wb") as handle:
                handle.write(MAGIC + len(head).to_bytes(8, "little") + head)
                handle.write(payload)
                # No fsync: the rename makes a killed write invisible, and a file torn by a
                # power cut fails the size or checksum test (the cache is then rebuilt).
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    except OSError:
        return False  # a read-only folder, a full disk: the next start builds again
    return True


def _sweep(path: Path) -> None:
    """Remove temporary files left by a write that was killed."""
    now = time.time()
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > STALE_TMP_SECONDS:
                tmp.unlink()


class CorruptCache(ValueError):
    """The file is not one this version wrote whole."""


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise CorruptCache(what)


def _read(path: Path, checked: str = "") -> tuple[dict[str, Any], dict[str, np.ndarray], str]:
    """The header, the arrays (views of a copy-on-write map) and the identity of the file
    opened; the payload's checksum is checked unless that identity is ``checked``."""
    with open(path, "rb") as handle:
        identity = checked_once.identity(os.fstat(handle.fileno()), _rules())
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_COPY)
    _check(mapped[: len(MAGIC)] == MAGIC, "magic")
    head_len = int.from_bytes(mapped[len(MAGIC) : len(MAGIC) + 8], "little")
    start = len(MAGIC) + 8 + head_len
    _check(head_len < 1 << 20 and start <= len(mapped), "header size")
    header = json.loads(bytes(mapped[len(MAGIC) + 8 : start]))
    _check(header.get("format") == FORMAT and header.get("rules") == _rules(), "format")
    _check(len(mapped) - start == header["size"], "size")
    payload = memoryview(mapped)[start:]
    if identity == checked:
        # Not read whole here: the kernel reads it ahead now, so the first searches do not
        # wait on the disk for pages (the ones a checksum would have read) one by one.
        with contextlib.suppress(OSError, AttributeError):  # AttributeError: no madvise
            mapped.madvise(mmap.MADV_WILLNEED)
    else:
        _check(zlib.adler32(payload) == header["adler32"], "checksum")
    arrays = {}
    for name, dtype, offset, size in header["arrays"]:
        _check(offset >= 0 and offset + size <= header["size"], "place")
        arrays[name] = np.frombuffer(payload[offset : offset + size], dtype=np.dtype(dtype))
    return header, arrays, identity


def load(path: Path) -> tuple[TitleIndex, dict[str, Any]] | None:
    """The cached index and the key it was written under, or None when missing or not valid.

    A file is read and checked whole (its checksum, every value: ~0.2 s of a core at 1M
    papers, and every page read) once; while it is unchanged since, later loads check
    only its kinds and sizes (``checked_once``).
    """
    try:
        checked = checked_once.noted(path)
        header, arrays, identity = _read(path, checked)
        full = identity != checked
        index = object.__new__(TitleIndex)
        for name in TEXT_FIELDS:
            data, starts = arrays.pop(name), arrays.pop(f"{name}_starts")
            _check(len(starts) >= 1 and int(starts[0]) == 0, name)
            _check(int(starts[-1]) == len(data) + 1 or len(starts) == 1, name)
            _check(not full or bool(np.all(np.diff(starts) >= 1)), name)
            setattr(index, name, PackedTexts(data, starts))
        index.words = index.words.tolist()  # every query looks words up: a list
        n = len(index.titles)
        for name in SLOT_FIELDS:
            setattr(index, name, arrays[name])
            _check(len(arrays[name]) == n, name)
        _check(len(index.keys) == n and (not full or bool(np.all(index.ids >= 0))), "keys")
        index.post, index.offs = arrays["post"], arrays["offs"]
        words = len(index.words)
        _check(len(index.offs) == words + 1 and int(index.offs[0]) == 0, "offsets")
        _check(int(index.offs[-1]) == len(index.post), "postings size")
        stored = {name: arrays[name] for name in ("wlen", "newest", "rank", "fuzzy")}
        _check(len(stored["wlen"]) == words and len(stored["rank"]) == n, "derived sizes")
        _check(len(stored["newest"]) == n and stored["wlen"].dtype == np.int32, "order")
        if full:
            _values(index, stored, n, words)
        index.alive = np.ones(n, dtype=bool)
        index._derive(True, stored)
    except (OSError, ValueError, KeyError, TypeError, IndexError, UnicodeDecodeError):
        return None  # missing, torn, damaged, foreign: the caller rebuilds
    if full:
        checked_once.note(path, identity)
    return index, header["key"]


def _values(index: TitleIndex, stored: dict[str, np.ndarray], n: int, words: int) -> None:
    """Every value in range: a pass over each array (a file read for the first time)."""
    post, offs, fuzzy, newest = index.post, index.offs, stored["fuzzy"], stored["newest"]
    _check(bool(np.all(np.diff(offs) >= 0)), "offsets order")
    _check(not len(post) or (int(post.min()) >= 0 and int(post.max()) < n), "postings")
    _check(not len(fuzzy) or (fuzzy.min() >= 0 and fuzzy.max() < words), "fuzzy words")
    _check(not n or (newest.min() >= 0 and newest.max() < n), "order")


def _catch_up(conn: sqlite3.Connection, index: TitleIndex, ids: list[int]) -> None:
    rows: list = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows += conn.execute(f"SELECT {COLUMNS} FROM papers WHERE id IN ({marks})", chunk)
    present = {row[0] for row in rows}
    index.update(rows, [i for i in ids if i not in present])


def open_index(
    conn: sqlite3.Connection,
    path: Path | None,
    index: TitleIndex | None = None,
    key: dict[str, Any] | None = None,
) -> tuple[TitleIndex, dict[str, Any], str]:
    """The title index as the store is now: ``(index, key, how)``.

    Starts from ``index`` (in memory, written at ``key``) or else the file at ``path``, and
    catches up through the change log; builds from the store when neither is usable. ``how``
    says which: ``current``, ``loaded``, ``updated`` (caught up) or ``built``. Everything
    is read in one transaction, so the key matches what was read.
    """
    conn.execute("BEGIN")
    try:
        now = store_key(conn)
        how = "current"
        if index is None and path is not None:
            loaded = load(path)
            if loaded is not None:
                (index, key), how = loaded, "loaded"
        if (
            index is not None
            and key is not None
            and now["epoch"]
            and key.get("epoch") == now["epoch"]
        ):
            limit = int(REBUILD_SHARE * max(index.count, REBUILD_MIN))
            ids = changes_since(conn, int(key.get("generation", -1)), limit)
            unchanged = ids == [] and key.get("top") == now["top"]
            if unchanged and index.count == key.get("papers"):
                # Nothing changed since the key (every paper write is logged): no count needed.
                return index, {**now, "papers": index.count}, how
            now["papers"] = paper_count(conn)
            if ids is not None:
                if ids:
                    _catch_up(conn, index, ids)
                    how = "updated"
                small = index.delta_slots <= REBUILD_SHARE * max(index.n, REBUILD_MIN)
                if small and index.count == now["papers"]:
                    return index, now, how
        if "papers" not in now:
            now["papers"] = paper_count(conn)
        return TitleIndex.from_store(conn), now, "built"
    finally:
        conn.execute("COMMIT")
