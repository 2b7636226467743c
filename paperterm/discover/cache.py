"""The discovery index on disk: ``<store>.discover/index.npz``, written atomically, never trusted.

The file is keyed by the papers it covers (how many, the first and last id, and their keys):
a file from another store, an older paperterm or a damaged disk fails validation and is
rebuilt from the store. It is a cache; deleting it loses nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import mmap
import os
import secrets
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from paperterm import checked_once
from paperterm.discover.index import Index, invert, row_sums
from paperterm.discover.terms import MIN_LEN, STOPWORDS, TERMS_VERSION
from paperterm.discover.vectors import MAX_TERMS, TITLE_WEIGHT, Rows, Vocabulary

FORMAT = 2  # 2: the unit weights are stored


def _rules() -> str:
    """What the vectors depend on besides the papers: changing any of it rebuilds the cache."""
    rules = f"{FORMAT}|{MAX_TERMS}|{TITLE_WEIGHT}|{MIN_LEN}|{TERMS_VERSION}|" + " ".join(
        sorted(STOPWORDS)
    )
    return hashlib.sha256(rules.encode()).hexdigest()[:16]


RULES = _rules()


def cache_dir(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".discover")


def index_file(store_path: Path) -> Path:
    return cache_dir(store_path) / "index.npz"


def _blob(value: Any) -> np.ndarray:
    return np.frombuffer(json.dumps(value).encode("utf-8"), np.uint8)


def save(path: Path, index: Index, meta: dict[str, Any]) -> None:
    """Write the index so readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "wb") as handle:
            np.savez(
                handle,
                meta=_blob(
                    {**meta, "format": FORMAT, "rules": RULES, "generation": index.generation}
                ),
                vocab=np.frombuffer("\n".join(index.vocab.words).encode("utf-8"), np.uint8),
                df=index.vocab.df,
                ids=index.rows.ids,
                indptr=index.rows.indptr,
                indices=index.rows.indices,
                tf=index.rows.tf,
                weights=index.weights,
                col_ptr=index.col_ptr,
                col_order=index.col_order,
            )
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


class CorruptCache(ValueError):
    """The cache file is not one this version wrote whole."""


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise CorruptCache(what)


def _validate(arrays: dict[str, np.ndarray], meta: dict[str, Any], *, full: bool) -> None:
    """The arrays' kinds and sizes; with ``full`` also every value (a pass over each)."""
    ids, indptr, indices, tf = arrays["ids"], arrays["indptr"], arrays["indices"], arrays["tf"]
    df, col_ptr, col_order = arrays["df"], arrays["col_ptr"], arrays["col_order"]
    weights = arrays["weights"]
    terms = len(meta["words"])
    _check(meta.get("format") == FORMAT and meta.get("rules") == RULES, "format")
    _check(ids.dtype == np.int64 and ids.ndim == 1, "ids")
    _check(len(indptr) == len(ids) + 1 and indptr[0] == 0, "indptr")
    nnz = int(indptr[-1])
    _check(len(indices) == nnz and len(tf) == nnz and len(col_order) == nnz, "sizes")
    _check(indices.dtype == np.int32 and tf.dtype == np.float32, "dtypes")
    _check(len(weights) == nnz and weights.dtype == np.float32, "weights")
    _check(len(df) == terms and len(col_ptr) == terms + 1, "vocabulary")
    _check(col_order.dtype == np.int32 and int(col_ptr[-1]) == nnz, "order")
    _check(meta.get("count") == len(ids), "count")
    if not full:
        return
    _check(bool(np.all(np.diff(indptr) >= 0)), "indptr order")
    _check(bool(np.all(np.diff(ids) > 0)), "ids order")
    _check(nnz == 0 or (int(indices.min()) >= 0 and int(indices.max()) < terms), "terms")
    _check(bool(np.isfinite(tf).all()) and bool(np.isfinite(weights).all()), "weights")
    norms = row_sums(np.square(weights), indptr)  # every row a unit vector, or empty
    _check(bool(np.all((np.abs(norms - 1) < 1e-3) | (np.diff(indptr) == 0))), "weight norms")
    _check(nnz == 0 or int(col_order.max()) < nnz, "order")
    _check(bool(np.all(np.diff(col_ptr) >= 0)), "lists")


def _mapped_arrays(path: Path, checked: str = "") -> tuple[mmap.mmap, dict[str, np.ndarray], str]:
    """The arrays of an uncompressed ``.npz`` as read-only views of one memory map, the
    map, and the identity of the file opened; its members' checksums are checked unless
    that identity is ``checked``.

    ``np.load`` copies every member through zipfile in small reads that each take the GIL:
    at 100k papers that stalled the reader's UI thread for seconds while a worker loaded
    the index. Here the bytes stay in the page cache and each member's CRC-32 is checked by
    zlib, which runs without the GIL.
    """
    with open(path, "rb") as handle:
        st = os.fstat(handle.fileno())
        if st.st_size == 0:
            raise CorruptCache("empty")
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    identity = checked_once.identity(st, RULES)
    crc = identity != checked
    view = memoryview(mapped)
    arrays: dict[str, np.ndarray] = {}
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    for info in members:
        _check(info.compress_type == zipfile.ZIP_STORED, "compressed member")
        at = info.header_offset
        local = bytes(view[at : at + 30])
        _check(len(local) == 30 and local[:4] == b"PK\x03\x04", "local header")
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        start = at + 30 + name_len + extra_len
        end = start + info.file_size
        _check(end <= len(view), "truncated member")
        data = view[start:end]
        _check(not crc or zlib.crc32(data) == info.CRC, "member checksum")
        head = io.BytesIO(data[: min(len(data), 65_600)])
        version = np.lib.format.read_magic(head)
        read_header = {
            (1, 0): np.lib.format.read_array_header_1_0,
            (2, 0): np.lib.format.read_array_header_2_0,
        }.get(version)
        _check(read_header is not None, "array version")
        shape, fortran, dtype = read_header(head)  # type: ignore[misc]
        _check(not fortran and not dtype.hasobject, "array layout")
        count = int(np.prod(shape, dtype=np.int64))
        _check(head.tell() + count * dtype.itemsize == len(data), "array size")
        name = info.filename.removesuffix(".npy")
        array = np.frombuffer(mapped, dtype, count=count, offset=start + head.tell())
        arrays[name] = array.reshape(shape)
    return mapped, arrays, identity


def load(path: Path) -> tuple[Index, dict[str, Any]] | None:
    """The cached index and its key, or None when missing or not valid.

    A file is read and checked whole (checksums, every value: ~1 s of a core and 200 MB
    at 1M papers) once; that check is noted beside it, and while the file is unchanged
    since, later loads check only its kinds and sizes.
    """
    try:
        checked = checked_once.noted(path)
        mapped, arrays, identity = _mapped_arrays(path, checked)
        seen = identity == checked
        meta = json.loads(arrays.pop("meta").tobytes().decode("utf-8"))
        text = arrays.pop("vocab").tobytes().decode("utf-8")
        meta["words"] = text.split("\n") if text else []
        _validate(arrays, meta, full=not seen)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, EOFError):
        return None  # missing, damaged, foreign: the caller rebuilds
    if not seen:
        # Checking read every page: let them go from the reader's memory (they stay in the
        # page cache). A query touches only its few rows and terms, which come back.
        with contextlib.suppress(OSError, AttributeError):  # AttributeError: no madvise
            mapped.madvise(mmap.MADV_DONTNEED)
        checked_once.note(path, identity)
    rows = Rows(arrays["ids"], arrays["indptr"], arrays["indices"], arrays["tf"])
    vocab = Vocabulary(meta.pop("words"), arrays["df"])
    index = Index(
        rows, vocab, arrays["col_ptr"], arrays["col_order"], meta["generation"], arrays["weights"]
    )
    return index, meta


def make_index(rows: Rows, vocab: Vocabulary, generation: int) -> Index:
    col_ptr, col_order = invert(rows, len(vocab.words))
    return Index(rows, vocab, col_ptr, col_order, generation)
