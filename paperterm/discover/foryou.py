"""For you: unread papers ranked by how well they match the user's reading lists.

One model per list: the centroid of the list's papers minus a share of the centroid of the
rest of the library (Rocchio), so words common everywhere count for little and the words
that set the list apart count most. Models are kept by the list's content: changing a list
retrains its model on the next call. Each pick says which words made it rank.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from paperterm.discover.build import current_index, rows_of
from paperterm.discover.index import Index
from paperterm.models import Paper
from paperterm.store import Store, papers_by_ids
from paperterm.text import sanitize_line

MIN_PAPERS = 3
REST_SHARE = 0.5  # how much of the rest of the library's centroid is taken away
MODELS_KEPT = 32
UNION = "your lists"


@dataclass(frozen=True)
class Pick:
    """A recommended paper, its score, the words that made it rank and the list it matches."""

    paper: Paper
    score: float
    why: tuple[str, ...]
    list_name: str


@dataclass(frozen=True)
class ForYou:
    """Ranked picks, or a message saying what to do first (then ``picks`` is empty)."""

    picks: list[Pick] = field(default_factory=list)
    message: str | None = None
    lists: tuple[str, ...] = ()  # the lists that have a model


class NoSuchList(LookupError):
    """``list_name`` names no reading list."""


_models: OrderedDict[tuple, np.ndarray] = OrderedDict()
_lock = threading.Lock()


def _list_papers(store: Store, list_name: str | None) -> dict[str, list[int]]:
    """List name -> ids of its papers in the store."""
    sql = (
        "SELECT l.name, p.id FROM lists l JOIN list_items i ON i.list_id = l.id"
        " JOIN papers p ON p.key = i.paper_key"
    )
    params: tuple = ()
    if list_name is not None:
        found = store.conn.execute(
            "SELECT name FROM lists WHERE name = ?", (list_name.strip(),)
        ).fetchone()
        if found is None:
            raise NoSuchList(
                f'no list named "{sanitize_line(list_name)}". Next: paperterm lists to see them.'
            )
        sql += " WHERE l.name = ?"
        params = (found[0],)
    out: dict[str, list[int]] = {}
    for name, paper_id in store.conn.execute(sql + " ORDER BY l.name, p.id", params):
        out.setdefault(name, []).append(paper_id)
    if list_name is not None and not out:
        out[params[0]] = []
    return out


def train(index: Index, rows: np.ndarray) -> np.ndarray:
    """A unit-length model over the vocabulary for a list whose papers are ``rows``."""
    key = (id(index), index.generation, hashlib.sha1(np.sort(rows).tobytes()).hexdigest())
    with _lock:
        if key in _models:
            _models.move_to_end(key)
            return _models[key]
    total = getattr(index, "_sum_all", None)
    if total is None:
        total = np.bincount(index.rows.indices, weights=index.weights, minlength=len(index.idf))
        index._sum_all = total  # type: ignore[attr-defined]
    positive = index.dense(rows)
    rest = (total - positive) / max(len(index) - len(rows), 1)
    model = positive / len(rows) - REST_SHARE * rest
    model = np.maximum(model, 0.0)  # a word absent from the list never counts for a paper
    norm = np.linalg.norm(model)
    model = model / norm if norm else model
    with _lock:
        _models[key] = model
        while len(_models) > MODELS_KEPT:
            _models.popitem(last=False)
    return model


def _models_for(store: Store, index: Index, list_name: str | None) -> dict[str, np.ndarray]:
    lists = _list_papers(store, list_name)
    rows_by_list = {name: rows_of(index, ids) for name, ids in lists.items()}
    models = {n: train(index, r) for n, r in rows_by_list.items() if len(r) >= MIN_PAPERS}
    if not models and list_name is None:
        union = np.unique(np.concatenate(list(rows_by_list.values()) or [np.zeros(0, int)]))
        if len(union) >= MIN_PAPERS:
            models[UNION] = train(index, union)
    return models


def _message(list_name: str | None) -> str:
    where = f'the list "{sanitize_line(list_name)}"' if list_name else "your reading lists"
    return (
        f"For you needs at least {MIN_PAPERS} papers in {where} to learn what you like. "
        "Next: bookmark papers you want to read (b in the reader, or paperterm bookmark KEY), "
        "or look at paperterm trending meanwhile."
    )


def _unread_rows(store: Store, index: Index) -> np.ndarray:
    """Rows of papers neither read nor in any list."""
    skip = [
        pid
        for (pid,) in store.conn.execute(
            "SELECT p.id FROM papers p WHERE p.key IN (SELECT paper_key FROM read_state)"
            " OR p.key IN (SELECT paper_key FROM list_items)"
        )
    ]
    mask = np.ones(len(index), bool)
    mask[rows_of(index, skip)] = False
    return np.flatnonzero(mask)


def _score(index: Index, models: dict[str, np.ndarray], rows: np.ndarray):
    names = list(models)
    scores = np.stack([index.score_dense(models[n], rows) for n in names])
    best = scores.argmax(axis=0)
    return scores[best, np.arange(len(rows))], best, names


def for_you(store: Store, list_name: str | None = None, limit: int = 20) -> ForYou:
    """Unread papers ranked against the reading lists (or one list), best first."""
    index = current_index(store)
    models = _models_for(store, index, list_name)
    if not models:
        return ForYou(message=_message(list_name))
    rows = _unread_rows(store, index)
    if not len(rows):
        return ForYou(message="Every paper is read or in a list. Next: sync new digests.")
    scores, best, names = _score(index, models, rows)
    top = np.argsort(-scores, kind="stable")[: max(limit, 0)]
    top = top[scores[top] > 0]
    ids = [int(index.rows.ids[rows[i]]) for i in top]
    papers = papers_by_ids(store.conn, ids)
    picks = []
    for i, pid in zip(top.tolist(), ids, strict=True):
        if pid in papers:
            name = names[best[i]]
            why = tuple(index.top_terms(models[name], int(rows[i])))
            picks.append(Pick(papers[pid], round(float(scores[i]), 4), why, name))
    return ForYou(picks, None, tuple(names))


def foryou_scores(
    store: Store, paper_ids: Sequence[int], list_name: str | None = None
) -> dict[int, float]:
    """For-you score of each paper id (0 for papers not indexed; empty without a model)."""
    index = current_index(store)
    models = _models_for(store, index, list_name)
    if not models or not len(paper_ids):
        return {}
    ids = np.asarray(paper_ids, np.int64)
    rows = rows_of(index, list(paper_ids))
    scores, _, _ = _score(index, models, rows)
    out = dict.fromkeys((int(i) for i in ids), 0.0)
    out.update(zip(index.rows.ids[rows].tolist(), scores.tolist(), strict=True))
    return out


def order_by_foryou(
    store: Store, paper_ids: Sequence[int], list_name: str | None = None
) -> list[int]:
    """``paper_ids`` best match first (stable: ties and unscored papers keep their order)."""
    scores = foryou_scores(store, paper_ids, list_name)
    return sorted(paper_ids, key=lambda i: -scores.get(int(i), 0.0))
