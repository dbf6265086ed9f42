"""The map model as data: round trip, the TF-IDF embedder rebuilt from arrays, placement by
nearest patents, and bundles that carry a pickle refused before anything runs."""
from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from test_build import _planted_records, store_planted

from landscape import pipeline
from landscape.cli import main
from landscape.cluster import assign
from landscape.embed.tfidf import TfidfEmbedder
from landscape.map_model import MapModel, ModelFileError
from landscape.maps import BundleError, read_bundle
from landscape.place import place

ROOT = Path(__file__).resolve().parents[1]
REFUSAL = "could run code"


class PlantedPickle:
    """Unpickling this writes ``marker``: what a crafted model.pkl from elsewhere could do."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('ran')",))


def _model(n=40, seed=0, **kw) -> MapModel:
    rng = np.random.default_rng(seed)
    topic = rng.integers(-1, 4, n).astype(np.int32)
    topic_area = np.array([0, 0, 1, 2], dtype=np.int32)
    area = np.where(topic >= 0, topic_area[np.maximum(topic, 0)], rng.integers(0, 3, n)).astype(np.int32)
    return MapModel(model_name="hashing", ids=np.array([f"CN{100 + i}A" for i in range(n)]),
                    cluster_embedding=rng.normal(size=(n, 5)).astype(np.float32),
                    map_embedding=rng.normal(size=(n, 2)).astype(np.float32),
                    topic=topic, area=area, topic_area=topic_area, **kw)


def test_round_trip_keeps_every_array_and_setting(tmp_path):
    model = _model(vote_share=0.25, neighbours=7, embedder_settings={"n_components": 3},
                   embedder_arrays={"vocabulary": np.array(["积木", "lamp"]), "idf": np.array([1.5, 2.0])})
    model.save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json", "model.npz"]
    back = MapModel.load(tmp_path)
    for name in ("ids", "cluster_embedding", "map_embedding", "topic", "area", "topic_area"):
        np.testing.assert_array_equal(getattr(back, name), getattr(model, name))
        assert not getattr(back, name).dtype.hasobject
    assert (back.model_name, back.vote_share, back.neighbours) == ("hashing", 0.25, 7)
    assert back.embedder_settings == {"n_components": 3}
    assert back.embedder_arrays["vocabulary"].tolist() == ["积木", "lamp"]


def test_rows_that_do_not_fit_together_are_refused():
    model = _model()
    with pytest.raises(ModelFileError, match="map_embedding"):
        MapModel(**{**model.__dict__, "map_embedding": model.map_embedding[:-1]})


def test_tfidf_embedder_rebuilt_from_the_bundle_gives_the_same_vectors(tmp_path):
    recs, _ = _planted_records(per_theme=20)
    texts = [f"{r.title}. {r.abstract}" for r in recs]
    fitted = TfidfEmbedder(n_components=16).fit(texts)
    settings, arrays = fitted.state()
    MapModel(**{**_model().__dict__, "model_name": "tfidf", "embedder_settings": settings,
                "embedder_arrays": arrays}).save(tmp_path)
    rebuilt = MapModel.load(tmp_path).embedder()
    assert isinstance(rebuilt, TfidfEmbedder) and rebuilt is not fitted
    new = ["A toy brick with a magnet", "一种发光二极管散热器", "words it never saw", texts[3]]
    np.testing.assert_array_equal(rebuilt.encode(new), fitted.encode(new))
    assert rebuilt.version == fitted.version  # the embedding cache keys stay the same


def test_assign_is_the_build_time_vote_then_the_nearest_area():
    map_x5 = np.array([[0, 0], [0, 1], [10, 10], [10, 11], [20, 0]], dtype=np.float32)
    map_topic = np.array([0, 0, 1, 1, -1], dtype=np.int32)
    topic_area = np.array([1, 0], dtype=np.int32)
    neighbours = np.array([[0, 1, 2], [2, 4, 0]])  # 2 of 3 agree on topic 0; 1 each: no topic
    positions = np.array([[5, 5], [9, 9]], dtype=np.float32)
    topic, area = assign(neighbours, positions, map_topic, topic_area, map_x5, share=0.5)
    assert topic.tolist() == [0, -1]
    assert area.tolist() == [1, 0]  # topic 0's area; then the area whose centre (10, 10.5) is nearest


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A workspace with the planted records and a TF-IDF map of 90 % of them; the rest held out."""
    ws = tmp_path_factory.mktemp("model")
    recs, truth = store_planted(ws)
    held = np.arange(len(recs)) % 10 == 3
    pipeline.build(ws, name="planted", ids=[r.id for r, h in zip(recs, held) if not h],
                   options=pipeline.BuildOptions(model="tfidf", show_progress=False))
    return ws, recs, truth, held


def test_a_held_out_patent_lands_in_its_own_area(built):
    ws, recs, truth, held = built
    b = read_bundle(ws, "planted")
    assert (b.path / "model.npz").exists() and not list(b.path.glob("*.pkl"))
    by_id = b.points.set_index("id")["area"]
    # TF-IDF keeps the languages apart, so a technology's Chinese patents have an area of their own.
    kinds = [(t, r.lang) for r, t in zip(recs, truth)]
    own_area = {kind: by_id[[r.id for r, k, h in zip(recs, kinds, held) if k == kind and not h]].mode().iloc[0]
                for kind in set(kinds)}
    assert len(set(own_area.values())) == 6
    out = place(b, [f"{r.title}. {r.abstract}" for r, h in zip(recs, held) if h], k=5)
    hits = [spot["area"] == own_area[kind] for spot, kind in zip(out, [k for k, h in zip(kinds, held) if h])]
    assert np.mean(hits) >= 0.8, hits
    xs = b.points["x"].to_numpy()
    assert all(xs.min() <= spot["x"] <= xs.max() for spot in out)  # on the map, not off it


def _plant(ws: Path, name: str, marker: Path) -> None:
    shutil.copytree(ws / "maps" / "planted", ws / "maps" / name)
    with open(ws / "maps" / name / "model.pkl", "wb") as f:
        pickle.dump(PlantedPickle(marker), f)


def test_the_planted_pickle_is_real(tmp_path):
    """The other tests would pass vacuously if unpickling it did nothing."""
    marker = tmp_path / "ran"
    pickle.loads(pickle.dumps(PlantedPickle(marker)))
    assert marker.read_text() == "ran"


@pytest.mark.parametrize("command", [
    ["place", "--map", "evil", "a toy brick"],
    ["analyse", "--map", "evil"],
    ["backtest", "--map", "evil", "--until", "2016"],
    ["report", "--map", "evil", "--out", "{tmp}/r.html"],
])
def test_cli_refuses_a_bundle_with_a_pickle_and_runs_nothing(built, tmp_path, command):
    ws = built[0]
    marker = tmp_path / "ran"
    _plant(ws, "evil", marker)
    try:
        args = [a.replace("{tmp}", str(tmp_path)) for a in command] + ["--workspace", str(ws)]
        result = CliRunner().invoke(main, args)
        assert result.exit_code != 0
        assert REFUSAL in result.output and "landscape build" in result.output, result.output
        assert "Traceback" not in result.output
        assert not marker.exists()
    finally:
        shutil.rmtree(ws / "maps" / "evil")


def test_app_refuses_a_bundle_with_a_pickle_on_my_invention(built, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    ws = tmp_path / "ws"
    (ws / "maps").mkdir(parents=True)
    shutil.copytree(built[0] / "maps" / "planted", ws / "maps" / "planted")
    marker = tmp_path / "ran"
    _plant(ws, "evil", marker)
    monkeypatch.setenv("LANDSCAPE_WORKSPACE", str(ws))
    monkeypatch.setenv("LANDSCAPE_LANG", "en")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["map"] = "evil"
    at.run()
    at.switch_page("app_pages/invention.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(REFUSAL in e.value for e in at.error), [e.value for e in at.error]
    assert not at.get("text_area")  # the page stopped before offering to place anything
    assert not marker.exists()


def _reseal(folder):
    """Rewrite a bundle's file hashes after editing it, so the check under test is reached."""
    import json

    from landscape.publish import files_of

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"] = files_of(folder, skip="manifest.json")
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_model_arrays_holding_objects_are_refused(built, tmp_path):
    ws = built[0]
    marker = tmp_path / "ran"
    shutil.copytree(ws / "maps" / "planted", ws / "maps" / "objects")
    try:
        path = ws / "maps" / "objects" / "model.npz"
        with np.load(path) as npz:
            arrays = {k: npz[k] for k in npz.files}
        arrays["topic_area"] = np.array([PlantedPickle(marker)], dtype=object)
        np.savez(path, **arrays)
        _reseal(ws / "maps" / "objects")  # as a forger would: the hashes alone do not stop it
        b = read_bundle(ws, "objects")
        with pytest.raises(BundleError, match="rebuild the map"):
            b.model()
        result = CliRunner().invoke(main, ["place", "--map", "objects", "a toy brick", "--workspace", str(ws)])
        assert result.exit_code != 0 and "map model is damaged" in result.output, result.output
        assert "Traceback" not in result.output
        assert not marker.exists()
    finally:
        shutil.rmtree(ws / "maps" / "objects")


def test_a_map_without_its_patent_vectors_says_rebuild(built):
    ws = built[0]
    shutil.copytree(ws / "maps" / "planted", ws / "maps" / "novectors")
    try:
        (ws / "maps" / "novectors" / "embeddings.npy").unlink()
        _reseal(ws / "maps" / "novectors")
        result = CliRunner().invoke(main, ["place", "--map", "novectors", "a toy brick", "--workspace", str(ws)])
        assert result.exit_code != 0 and "embeddings.npy); rebuild the map" in result.output, result.output
    finally:
        shutil.rmtree(ws / "maps" / "novectors")
