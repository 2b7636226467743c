"""Related papers, for you and trending on the two real digests, and the on-disk index."""

from __future__ import annotations

import datetime as dt
import os

import numpy as np
import pytest

from paperterm.bookmarks import Bookmarks
from paperterm.discover import (
    build,
    for_you,
    foryou_scores,
    order_by_foryou,
    order_by_trending,
    related,
    trending,
    update_index,
)
from paperterm.discover.cache import index_file

NTK = "Neural Tangent Kernel: Convergence and Generalization in Neural Networks"
SCALING = (
    "Scaling Up Your Kernels: Large Kernel Design in ConvNets towards Universal Representations"
)
# Read from the digests: infinite-width networks, NTK / NNGP, kernel methods as theory of
# deep learning, and theory of training neural networks.
KERNEL_THEORY = {
    "Feature Learning in Infinite-Width Neural Networks",
    "A theory of representation learning gives a deep generalisation of kernel methods",
    "Scalable Neural Network Kernels",
    "Wide and Deep Neural Networks Achieve Optimality for Classification",
    "What Can Be Learnt With Wide Convolutional Neural Networks?",
    "Scale Mixtures of Neural Network Gaussian Processes",
    "The Principles of Deep Learning Theory",
    "Learning Hierarchical Polynomials with Three-Layer Neural Networks",
    "Neural Network-Based Score Estimation in Diffusion Models: Optimization and Generalization",
}
LARGE_KERNEL_CONVNETS = {
    "UniRepLKNet: A Universal Perception Large-Kernel ConvNet for Audio, Video, Point Cloud,"
    " Time-Series and Image Recognition",
    "InceptionNeXt: When Inception Meets ConvNeXt",
}
NOT_KERNEL_THEORY = {
    "Kernel Density Estimators in Large Dimensions",
    "KGym: A Platform and Dataset to Benchmark Large Language Models on Linux Kernel Crash"
    " Resolution",
    "Evaluation of OpenAI Codex for HPC Parallel Programming Models Kernel Generation",
    "Accelerating In-Browser Deep Learning Inference on Diverse Edge Clients through"
    " Just-in-Time Kernel Optimizations",
}


def key_of(store, title: str) -> str:
    return store.conn.execute("SELECT key FROM papers WHERE title = ?", (title,)).fetchone()[0]


@pytest.fixture(autouse=True)
def fresh_memory():
    build._memo.clear()
    yield
    build._memo.clear()


def test_related_to_ntk_are_mostly_kernel_theory(synced_store):
    found = [r.paper.title for r in related(synced_store, key_of(synced_store, NTK), 5)]
    assert len(found) == 5 and NTK not in found
    assert len(set(found) & KERNEL_THEORY) >= 4, found
    assert found[0] == "Feature Learning in Infinite-Width Neural Networks"


def test_related_to_scaling_up_your_kernels_are_large_kernel_convnets(synced_store):
    found = [r.paper.title for r in related(synced_store, key_of(synced_store, SCALING), 5)]
    assert set(found) >= LARGE_KERNEL_CONVNETS, found
    assert found[0].startswith("UniRepLKNet")


def test_related_scores_are_ordered_and_say_what_is_shared(synced_store):
    found = related(synced_store, key_of(synced_store, SCALING)[:6], 10)
    scores = [r.score for r in found]
    assert scores == sorted(scores, reverse=True) and 0 < scores[-1] <= scores[0] <= 1
    assert "kernel" in found[1].words or "large" in found[1].words


def test_related_unknown_key(synced_store):
    with pytest.raises(LookupError):
        related(synced_store, "ffffffffffffffff")


def bookmark(store, titles) -> None:
    marks = Bookmarks(store)
    for title in titles:
        marks.toggle_bookmark(key_of(store, title))


def test_for_you_after_three_kernel_theory_bookmarks(synced_store):
    bookmark(
        synced_store,
        [
            NTK,
            "Feature Learning in Infinite-Width Neural Networks",
            "Scale Mixtures of Neural Network Gaussian Processes",
        ],
    )
    result = for_you(synced_store, limit=10)
    assert result.message is None and result.lists == ("Reading list",)
    titles = [p.paper.title for p in result.picks]
    assert len(set(titles[:5]) & KERNEL_THEORY) >= 4, titles
    assert not set(titles[:5]) & NOT_KERNEL_THEORY
    assert NTK not in titles  # already in the list
    assert all(p.why for p in result.picks[:5])
    assert {"width", "infinite"} & set(result.picks[0].why)


def test_for_you_with_fewer_than_three_papers_says_what_to_do(synced_store):
    assert "at least 3 papers" in for_you(synced_store).message
    bookmark(synced_store, [NTK, SCALING])
    result = for_you(synced_store)
    assert result.picks == [] and "bookmark" in result.message


def test_for_you_skips_read_papers_and_retrains_when_the_list_changes(synced_store):
    bookmark(
        synced_store,
        [
            NTK,
            "Feature Learning in Infinite-Width Neural Networks",
            "Scalable Neural Network Kernels",
        ],
    )
    top = for_you(synced_store, limit=1).picks[0].paper
    Bookmarks(synced_store).set_read(top.key)
    assert top.key not in [p.paper.key for p in for_you(synced_store, limit=20).picks]
    # A list about large-kernel ConvNets instead: the ranking follows the new content.
    marks = Bookmarks(synced_store)
    for title in [
        NTK,
        "Feature Learning in Infinite-Width Neural Networks",
        "Scalable Neural Network Kernels",
    ]:
        marks.toggle_bookmark(key_of(synced_store, title))
    bookmark(synced_store, [SCALING, *sorted(LARGE_KERNEL_CONVNETS)])
    titles = [p.paper.title for p in for_you(synced_store, limit=3).picks]
    assert any("Convolution" in t or "ConvNe" in t for t in titles), titles


def test_foryou_scores_order_given_ids(synced_store):
    bookmark(
        synced_store,
        [
            NTK,
            "Feature Learning in Infinite-Width Neural Networks",
            "Scale Mixtures of Neural Network Gaussian Processes",
        ],
    )
    ids = [
        synced_store.conn.execute("SELECT id FROM papers WHERE title = ?", (t,)).fetchone()[0]
        for t in [
            "Kernel Density Estimators in Large Dimensions",
            "SMASH: Sparse Matrix Atomic Scratchpad Hashing",
            "Wide and Deep Neural Networks Achieve Optimality for Classification",
        ]
    ]
    assert order_by_foryou(synced_store, ids)[0] == ids[2]
    scores = foryou_scores(synced_store, ids)
    assert scores[ids[2]] > scores[ids[0]] and set(scores) == set(ids)


def test_trending_paper_in_both_digests_ranks_above_one_seen_once(synced_store):
    found = trending(synced_store, days=7, limit=100)
    by_title = {t.paper.title: i for i, t in enumerate(found)}
    twice = by_title[NTK]  # in both digests
    once = by_title[
        "KGym: A Platform and Dataset to Benchmark Large Language Models on Linux"
        " Kernel Crash Resolution"
    ]
    assert twice < once and found[twice].digests == 2 and found[once].digests == 1
    ids = [found[once].paper.id, found[twice].paper.id]
    assert order_by_trending(synced_store, ids) == ids[::-1]


def test_trending_window_ends_at_the_newest_digest_not_today(synced_store):
    # The digests are from March 2026; a window of 1 day holds only the newest digest's papers.
    found = trending(synced_store, days=1, limit=100)
    assert len(found) == 47 and all(t.digests == 1 for t in found)
    assert {t.paper.last_seen for t in found} == {dt.date(2026, 3, 19)}


def test_index_is_cached_on_disk_and_extended_incrementally(synced_store, tmp_path):
    index = update_index(synced_store)
    assert build.last_report.action in ("rebuilt", "loaded") and len(index) == 80
    assert index_file(synced_store.path).exists()
    build._memo.clear()
    update_index(synced_store)
    assert build.last_report.action == "loaded"
    with synced_store.write() as conn:
        conn.execute(
            "INSERT INTO papers (key, title, abstract) VALUES ('00000000000000aa',"
            " 'Infinite-width limits of neural tangent kernels', 'NTK infinite width kernel')"
        )
    extended = update_index(synced_store)
    assert build.last_report.action == "extended" and len(extended) == 81
    new = [r.paper.title for r in related(synced_store, "00000000000000aa", 3)]
    assert set(new) & (KERNEL_THEORY | {NTK}), new


@pytest.mark.parametrize("loaded_first", [False, True], ids=["new", "checked-before"])
@pytest.mark.parametrize(
    "damage", ["garbage", "truncate", "foreign", "flipped", "empty", "weights", "old"]
)
def test_corrupt_cache_is_rebuilt_not_trusted(synced_store, damage, loaded_first):
    update_index(synced_store)
    path = index_file(synced_store.path)
    if loaded_first:  # read and checked whole once: a later load checks only its sizes
        build._memo.clear()
        update_index(synced_store)
        assert build.last_report.action == "loaded"
    before = path.stat()
    if damage == "garbage":
        path.write_bytes(b"not an index at all")
    elif damage == "truncate":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "flipped":  # one bit of the arrays, as a bad disk sector would
        raw = bytearray(path.read_bytes())
        raw[len(raw) // 2] ^= 0x01
        path.write_bytes(bytes(raw))
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # a valid file whose rows point past the vocabulary, are not unit vectors, or
        # one of an older paperterm (no stored weights)
        with np.load(path) as data:
            arrays = {k: data[k] for k in data.files}
        if damage == "foreign":
            arrays["indices"] = arrays["indices"] + 10_000_000
        elif damage == "weights":
            arrays["weights"] = arrays["weights"] * 2
        else:
            del arrays["weights"]
        with open(path, "wb") as fh:
            np.savez(fh, **arrays)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the old time put back
    build._memo.clear()
    update_index(synced_store)
    assert build.last_report.action == "rebuilt"
    found = [r.paper.title for r in related(synced_store, key_of(synced_store, NTK), 5)]
    assert found[0] == "Feature Learning in Infinite-Width Neural Networks"


def test_a_loaded_index_ranks_as_the_one_it_was_saved_from(synced_store):
    built = update_index(synced_store)
    build._memo.clear()
    loaded = update_index(synced_store)
    assert build.last_report.action == "loaded"
    np.testing.assert_array_equal(loaded.weights, built.weights)
    every = np.arange(int(built.rows.indptr[-1]))
    owners = np.repeat(np.arange(len(built.rows)), np.diff(built.rows.indptr))
    np.testing.assert_array_equal(loaded.row_of(every), owners)  # empty rows skipped


def test_a_cache_checked_whole_once_is_not_read_whole_again(synced_store, monkeypatch):
    from paperterm.discover import cache

    update_index(synced_store)
    build._memo.clear()
    first = update_index(synced_store)  # read and checked whole
    assert build.last_report.action == "loaded"

    def no_checksums(*args):
        raise AssertionError("the checked file was read whole again")

    monkeypatch.setattr(cache.zlib, "crc32", no_checksums)
    build._memo.clear()
    again = update_index(synced_store)
    assert build.last_report.action == "loaded"
    np.testing.assert_array_equal(again.weights, first.weights)


def test_cache_of_another_store_is_rebuilt(synced_store, tmp_path):
    from paperterm.store import Store

    update_index(synced_store)
    other = Store(tmp_path / "other.db")
    with other.write() as conn:
        conn.execute("INSERT INTO papers (key, title) VALUES ('00000000000000bb', 'Only one')")
    index_file(other.path).parent.mkdir()
    index_file(other.path).write_bytes(index_file(synced_store.path).read_bytes())
    assert len(update_index(other)) == 1 and build.last_report.action == "rebuilt"
    other.close()


def test_discover_imports_no_ui():
    import subprocess
    import sys

    code = (
        "import sys, paperterm.discover, paperterm.bookmarks.saved_searches;"
        "assert not {'textual', 'rich'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
