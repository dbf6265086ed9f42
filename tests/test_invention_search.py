"""My invention finds things: re-ranking by shared words and codes, one row per application,
why each row matched, and the ``place --json`` keys other tools read.

The map is written by hand (no UMAP): six patents whose vectors are chosen, so two of them can
be exactly as similar to a query and only the words or codes they share with it can part them.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from landscape.embed.base import HashingEmbedder
from landscape.map_model import MapModel
from landscape.maps import MapBundle, read_bundle, write_bundle
from landscape.match_evidence import RerankSettings, evidence, rerank_order, typed_codes
from landscape.place import SearchIndex, place

QUERY = "A toy brick with a magnet for stacking"


def _tiny_map(ws, name="tiny", *, documents_publications=None):
    """Patents 0-5; 0 and 1 share one vector (equal similarity to anything), so do 2 and 3;
    CN116510786A and CN116510786B are two publications of one application (rows 4 and 5)."""
    ids = ["US1000001", "US1000002", "US1000003", "US1000004", "CN116510786A", "CN116510786B"]
    titles = ["Stacking toy", "Stacking toy", "Gear train", "Gear train", "一种双核金催化剂", "一种双核金催化剂"]
    abstracts = ["A plastic cup set.", "A toy brick with a magnet.", "A gearbox for a mill.", "A gearbox for a mill.",
                 "本发明公开了一种双核金催化剂。", "本发明公开了一种双核金催化剂及其制备方法。"]
    codes = [["A63H33/04"], ["A63H33/04"], ["F16H1/28"], ["F16H57/02"], ["B01J31/24"], ["B01J31/24"]]
    rng = np.random.default_rng(0)
    base = rng.normal(size=(3, HashingEmbedder().dim)).astype(np.float32)
    vectors = base[[0, 0, 1, 1, 2, 2]]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    xy = rng.normal(size=(6, 2)).astype(np.float32)
    points = pd.DataFrame({"id": ids, "title": titles, "x": xy[:, 0], "y": xy[:, 1], "cluster": 0, "area": 0,
                           "topic": 0, "year": 2020, "applicant": "ACME", "country": ["US"] * 4 + ["CN"] * 2,
                           "lang": ["en"] * 4 + ["zh"] * 2, "codes": codes})
    clusters = pd.DataFrame({"id": [0], "size": [6], "label_en": ["toys"], "label_zh": ["玩具"], "x": [0.0],
                             "y": [0.0]})
    documents = pd.DataFrame({"id": ids, "title": titles, "abstract": abstracts})
    if documents_publications is not None:
        documents["publications"] = documents_publications
    model = MapModel(model_name="hashing", ids=np.array(ids), cluster_embedding=rng.normal(size=(6, 5)).astype(np.float32),
                     map_embedding=xy, topic=np.zeros(6, np.int32), area=np.zeros(6, np.int32),
                     topic_area=np.zeros(1, np.int32), neighbours=3)
    write_bundle(ws, MapBundle(name=name, manifest={"name": name, "records": 6, "unit": "publication"},
                               points=points, clusters=clusters),
                 model=model, extra_tables={"documents": documents}, arrays={"embeddings": vectors.astype(np.float16)})
    return read_bundle(ws, name), vectors


class _Fixed:
    """An embedder that answers every text with one chosen vector (the query's place is set)."""

    name, version = "fixed", "fixed"

    def __init__(self, vector):
        self.vector, self.dim = vector, len(vector)

    def encode(self, texts, **_):
        return np.tile(self.vector, (len(texts), 1))


def test_shared_words_and_codes_win_at_equal_similarity():
    sims = np.array([0.5, 0.5, 0.5])
    texts = ["A plastic cup set.", "A toy brick with a magnet.", "A gearbox."]
    ev = evidence(QUERY, sims, texts, [[], [], []])
    assert ev.terms[1] and not ev.terms[0] and not ev.terms[2]
    assert rerank_order(ev, sims, np.ones(3, bool)).tolist()[0] == 1
    ev = evidence("a gearbox, F16H57", sims, ["x", "x", "x"], [["A63H33/04"], ["F16H1/28"], ["F16H57/02"]])
    assert ev.codes == [[], [], ["F16H57"]]
    assert rerank_order(ev, sims, np.ones(3, bool)).tolist()[0] == 2
    off = RerankSettings(enabled=False)
    assert rerank_order(evidence(QUERY, sims, texts, [[]] * 3, off), sims, np.ones(3, bool), off).tolist() == [0, 1, 2]


def test_words_do_not_push_other_language_patents_out_of_their_places():
    # A Chinese query: the English patent (more similar) keeps its first place although the
    # Chinese one shares words; the two Chinese patents are re-ordered among themselves.
    sims = np.array([0.9, 0.55, 0.52])
    ev = evidence("一种磁性积木玩具", sims, ["A toy brick", "一种塑料杯", "一种磁性积木"], [[], [], []])
    order = rerank_order(ev, sims, np.array([False, True, True]))
    assert order.tolist() == [0, 2, 1]


def test_typed_codes_are_read_in_the_forms_people_write():
    assert typed_codes("toy A63H 33/04, b25j15/00 and H01L33; not AB12C") == ["A63H33/04", "B25J15/00", "H01L33"]


def test_place_reranks_and_merges_the_publications_of_one_application(tmp_path):
    bundle, vectors = _tiny_map(tmp_path)
    (spot,) = place(bundle, [QUERY], k=10, embedder=_Fixed(vectors[0]))
    near = spot["nearest"]
    # 0 and 1 are equally similar; 1 shares the query's words, so it comes first.
    assert near["id"].tolist()[:2] == ["US1000002", "US1000001"]
    assert near.loc[0, "similarity"] == pytest.approx(near.loc[1, "similarity"])
    assert "magnet" in near.loc[0, "terms"] and near.loc[1, "terms"] != near.loc[0, "terms"]
    # One row for CN116510786A/B, listing both publications.
    cn = near[near["id"].str.startswith("CN116510786")]
    assert len(cn) == 1 and cn["publications"].iloc[0] == ["CN116510786A", "CN116510786B"]
    assert len(near) == 5
    (plain,) = place(bundle, [QUERY], k=10, embedder=_Fixed(vectors[0]), rerank=RerankSettings(enabled=False))
    assert plain["nearest"]["id"].tolist()[:2] == ["US1000001", "US1000002"]  # row order breaks the tie


def test_place_by_a_typed_code(tmp_path):
    bundle, vectors = _tiny_map(tmp_path)
    (spot,) = place(bundle, ["a gear drive F16H57/02"], k=2, embedder=_Fixed(vectors[2]))
    assert spot["nearest"]["id"].tolist() == ["US1000004", "US1000003"]
    assert spot["nearest"].loc[0, "codes"] == ["F16H57/02"]


def test_a_row_lists_the_publications_the_map_merged(tmp_path):
    # An application map keeps one row per application with its publications (documents table).
    pubs = [["US1000001"], ["US1000002", "US2001000002A1"], ["US1000003"], ["US1000004"], ["CN116510786A"],
            ["CN116510786B"]]
    bundle, vectors = _tiny_map(tmp_path, documents_publications=pubs)
    index = SearchIndex.of(bundle)
    (spot,) = place(bundle, [QUERY], k=3, embedder=_Fixed(vectors[0]), index=index)
    assert spot["nearest"].loc[0, "publications"] == ["US1000002", "US2001000002A1"]


def test_place_json_keeps_its_keys_and_adds_the_evidence(tmp_path):
    from landscape.cli import main

    _tiny_map(tmp_path)
    run = CliRunner().invoke(main, ["place", "--map", "tiny", "--workspace", str(tmp_path), "--json", "-k", "3",
                                    "A toy brick with a magnet, A63H33/04"])
    assert run.exit_code == 0, run.output
    out = json.loads(run.output)
    assert {"text", "x", "y", "area", "topic", "nearest", "note", "area_label_en", "area_label_zh"} <= set(out)
    row = out["nearest"][0]
    assert {"id", "similarity", "title", "applicant", "year", "area"} <= set(row)
    assert {"score", "terms", "codes", "publications"} <= set(row)
    assert out["white_space"] is None  # the tiny map has no white-space analysis
    run = CliRunner().invoke(main, ["place", "--map", "tiny", "--workspace", str(tmp_path), "-k", "3", "--no-rerank",
                                    "A toy brick with a magnet"])
    assert run.exit_code == 0, run.output
