"""Building a map: the bundle contract, determinism, caching, small corpora, placing text."""
from __future__ import annotations

import json

import numpy as np
import pytest
from growth_checks import assert_growth_consistent
from sklearn.metrics import homogeneity_score

from landscape import pipeline
from landscape.maps import POINTS_COLUMNS, BundleError, list_bundles, read_bundle
from landscape.place import place
from landscape.schema import PatentRecord
from landscape.store import Store

# Three planted technologies, each with its own vocabulary, in English and Chinese.
_THEMES = {
    "toy": (["building block", "magnet", "snap fit", "toy brick", "child", "stacking"],
            ["积木", "磁铁", "拼插", "玩具", "儿童", "堆叠"], "A63H33/04"),
    "led": (["light emitting diode", "heat sink", "lamp", "luminous flux", "phosphor", "street light"],
            ["发光二极管", "散热器", "灯具", "光通量", "荧光粉", "路灯"], "H01L33/64"),
    "mould": (["injection mould", "polymer melt", "cavity", "resin", "cooling channel", "ejector pin"],
              ["注塑模具", "熔体", "型腔", "树脂", "冷却水道", "顶针"], "B29C45/17"),
}


def _planted_records(per_theme=60, seed=0):
    rng = np.random.default_rng(seed)
    recs, truth = [], []
    for t, (theme, (en, zh, code)) in enumerate(_THEMES.items()):
        for i in range(per_theme):
            words = rng.choice(en, size=4, replace=True)
            zh_words = rng.choice(zh, size=3, replace=True)
            chinese = i % 3 == 0
            title = ("一种" + "".join(zh_words)) if chinese else " ".join(words).capitalize()
            abstract = (("本装置包括" + "、".join(rng.choice(zh, size=4)) + "。") if chinese
                        else "A device with " + ", ".join(rng.choice(en, size=5)) + ".")
            recs.append(PatentRecord(id=f"CN{1000000 + 1000 * t + i}A", title=title, abstract=abstract,
                                     lang="zh" if chinese else "en", ipc=[code], applicants=[f"{theme} maker"],
                                     applicants_norm=[f"{theme.upper()} MAKER"], country="CN",
                                     filing_date=None, year_hint=2010 + i % 12, source=f"planted#{i}"))
            truth.append(t)
    return recs, np.array(truth)


def store_planted(ws):
    """Import the planted records into the workspace ``ws``; returns (records, truth)."""
    recs, truth = _planted_records()
    src = ws / "planted.csv"
    src.write_text("planted")
    with Store.open(ws) as store:
        store.import_source(src, "test", list(enumerate(recs, start=2)))
    return recs, truth


@pytest.fixture(scope="module")
def planted_ws(tmp_path_factory):
    ws = tmp_path_factory.mktemp("planted")
    recs, truth = store_planted(ws)
    return ws, [r.id for r in recs], truth


def _build(ws, ids, name, seed=42):
    return pipeline.build(ws, name=name, ids=ids, options=pipeline.BuildOptions(
        model="hashing", seed=seed, show_progress=False))


def test_bundle_contract_and_planted_structure(planted_ws):
    ws, ids, truth = planted_ws
    _build(ws, ids, "planted")
    b = read_bundle(ws, "planted")
    assert set(POINTS_COLUMNS) <= set(b.points.columns)
    for key in ("records", "model", "parameters", "seed", "versions", "timings", "input_hash", "areas"):
        assert key in b.manifest
    assert b.manifest["records"] == len(ids) == len(b.points)
    assert set(b.manifest["timings"]) >= {"embed", "reduce", "cluster", "label"}
    assert {"id", "label_en", "label_zh", "size", "top_codes", "representative_ids", "growth"} <= set(b.clusters.columns)
    order = {pid: i for i, pid in enumerate(ids)}
    pts = b.points.sort_values("id", key=lambda s: s.map(order))
    # The planted technologies come back as areas. The hashing test embedder does not align
    # Chinese with English, so a technology may be split in two areas, but no area mixes two.
    assert homogeneity_score(truth, pts["area"].to_numpy()) > 0.9
    assert pts["area"].nunique() >= 3
    assert (pts["cluster"] == -1).mean() <= 0.15
    assert (pts["area"] >= 0).all()  # every patent has an area for analytics
    assert b.array("embeddings").shape == (len(ids), 256)
    assert json.loads((b.path / "manifest.json").read_text())["bundle_version"] == 2


def test_time_window_and_growth_of_the_built_map(planted_ws):
    ws, ids, _ = planted_ws
    if "planted" not in list_bundles(ws):
        _build(ws, ids, "planted")
    b = read_bundle(ws, "planted")
    w = b.manifest["time_window"]
    # Undated records with year hints 2010-2021: no cut-off date in the data, so 2021-12-31.
    assert (w["year_basis"], w["cutoff"], w["cutoff_source"]) == ("filing", "2021-12-31", "years")
    assert w["last_complete_year"] == b.manifest["last_complete_year"] == 2019
    assert {"growth", "trend"} <= set(b.clusters.columns) and "trend" in b.topics.columns
    assert assert_growth_consistent(b) == len(b.clusters) + len(b.topics)


def test_same_input_same_seed_same_map_and_cache_is_used(planted_ws):
    ws, ids, _ = planted_ws
    _build(ws, ids, "again_a")
    _build(ws, ids, "again_b")
    a, b = read_bundle(ws, "again_a"), read_bundle(ws, "again_b")
    assert (a.points["cluster"].to_numpy() == b.points["cluster"].to_numpy()).all()
    assert (a.points["topic"].to_numpy() == b.points["topic"].to_numpy()).all()
    np.testing.assert_allclose(a.points[["x", "y"]].to_numpy(), b.points[["x", "y"]].to_numpy(), atol=1e-4)
    assert a.manifest["input_hash"] == b.manifest["input_hash"]
    assert b.manifest["embedding_cache"]["n_embedded"] == 0  # everything came from the cache
    assert b.manifest["embedding_cache"]["n_cached"] == b.manifest["embedding_cache"]["n_unique"]


def test_too_small_a_corpus_says_how_many(planted_ws):
    ws, ids, _ = planted_ws
    with pytest.raises(pipeline.BuildError, match=r"has 20 records .* at least 100"):
        _build(ws, ids[:20], "tiny")
    assert "tiny" not in list_bundles(ws)  # nothing half-written


def test_unknown_corpus_lists_the_known_ones(planted_ws):
    ws, _, _ = planted_ws
    with pytest.raises(pipeline.BuildError, match="toys"):
        pipeline.build(ws, name="x", corpus="no_such_industry", options=pipeline.BuildOptions(show_progress=False))


def test_place_text_lands_among_its_own_kind(planted_ws):
    ws, ids, truth = planted_ws
    _build(ws, ids, "placing")
    b = read_bundle(ws, "placing")
    (spot,) = place(b, ["A toy brick with a magnet for stacking, snap fit for a child"])
    toy_ids = {pid for pid, t in zip(ids, truth) if t == 0}
    assert set(spot["nearest"]["id"][:5]) <= toy_ids
    toy_areas = b.points[b.points["id"].isin(toy_ids)]["area"].mode().iloc[0]
    assert spot["area"] == toy_areas


def test_broken_bundle_gets_a_clear_message(planted_ws):
    ws, ids, _ = planted_ws
    _build(ws, ids, "broken")
    (ws / "maps" / "broken" / "points.parquet").write_bytes(b"not parquet")
    with pytest.raises(BundleError, match="'broken': points.parquet changed after the map was written; "
                                          "rebuild it or copy the map again"):
        read_bundle(ws, "broken")
    with pytest.raises(BundleError, match="no map called 'nothing'"):
        read_bundle(ws, "nothing")


def test_no_two_areas_or_topics_share_a_label_in_either_language(planted_ws):
    # The hashing embedder puts a technology's Chinese and English records in different areas:
    # two areas then share their top code, the case that once gave "B01D71 类" four times.
    ws, ids, _ = planted_ws
    if not (ws / "maps" / "planted").exists():
        _build(ws, ids, "planted")
    b = read_bundle(ws, "planted")
    for table in (b.clusters, b.topics):
        for lang in ("en", "zh"):
            labels = table[f"label_{lang}"]
            assert labels.notna().all() and labels.str.strip().ne("").all()
            assert labels.is_unique, labels[labels.duplicated(keep=False)].tolist()
