"""``landscape update --map NAME --rebuild`` end to end on a tiny map built with the TF-IDF
embedder: matched areas keep their ids, colours and labels; the version is published whole."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from landscape import pipeline
from landscape.cli import main
from landscape.maps import read_bundle
from landscape.present.palette import area_colours
from landscape.rebuild import label_still_fits

WORDS = {"A63H33/04": ["building block", "magnet", "snap fit", "toy brick", "child", "stacking"],
         "H01L33/64": ["light emitting diode", "heat sink", "lamp", "luminous flux", "phosphor", "street light"],
         "B29C45/17": ["injection mould", "polymer melt", "cavity", "resin", "cooling channel", "ejector pin"],
         "A61K8/02": ["skin cream", "moisturiser", "emulsion", "fragrance", "sunscreen", "lotion"]}


def write_export(path: Path, per: int = 45) -> list[str]:
    """Lens rows, four technologies with their own words, filed 2010-2021; returns their ids."""
    rng = np.random.default_rng(0)
    ids = []
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Display Key", "Jurisdiction", "Title", "Abstract", "Application Date", "Publication Date",
                      "Publication Year", "Applicants", "IPCR Classifications", "Document Type", "Legal Status"])
        for t, (code, words) in enumerate(WORDS.items()):
            for i in range(per):
                year = 2010 + i % 12
                ids.append(f"US{9000000 + 1000 * t + i}B2")
                out.writerow([f"US {9000000 + 1000 * t + i} B2", "US", " ".join(rng.choice(words, 4)).capitalize(),
                              "A device with " + ", ".join(rng.choice(words, 5)) + ".", f"{year}-03-01",
                              f"{year + 1}-05-01", year + 1, f"MAKER {t} INC", code, "Granted Patent", "ACTIVE"])
    return ids


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A workspace whose map ``toys`` was built (and analysed) on 90 % of the records; the ids left out."""
    base = tmp_path_factory.mktemp("rebuild")
    ids = write_export(base / "lens.csv")
    ws = base / "ws"
    pipeline.ingest([base / "lens.csv"], ws, show_progress=False)
    held_out = ids[9::10]
    pipeline.build(ws, name="toys", ids=[i for i in ids if i not in held_out],
                   options=pipeline.BuildOptions(model="tfidf", show_progress=False),
                   analysis=pipeline.AnalyseOptions())
    return ws, held_out


def copy_of(ws: Path, tmp_path: Path) -> Path:
    shutil.copytree(ws, tmp_path / "ws")
    return tmp_path / "ws"


def test_label_still_fits():
    assert label_still_fits("robot / arm / gripper", ["arm", "robot", "vision"], "arm / robot / vision", "en")
    assert not label_still_fits("robot / arm / gripper", ["arm", "lamp"], "arm / lamp", "en")
    assert label_still_fits("机械手/夹爪", ["夹爪", "机械手"], "夹爪/机械手", "zh")
    assert label_still_fits("lamp", ["lamp"], "lamp", "en") and not label_still_fits("", ["lamp"], "lamp", "en")


def test_recorded_colours_are_kept():
    clusters = pd.DataFrame({"id": [0, 1, 2, 7], "size": [50, 40, 30, 20], "x": [0, 1, 2, 3], "y": [0, 0, 0, 0]})
    plain = area_colours(clusters)
    pinned = area_colours(clusters.assign(colour=[None, plain[0], None, "#123456"]))
    assert pinned[1] == plain[0] and pinned[7] == "#123456"
    assert len({pinned[a] for a in (0, 1, 2, 7)}) == 4


def test_rebuild_keeps_matched_areas(built, tmp_path):
    ws0, held_out = built
    ws = copy_of(ws0, tmp_path)
    before = read_bundle(ws, "toys")
    from landscape.rebuild import rebuild

    result = rebuild(ws, "toys", add_ids=held_out, show_progress=False)
    after = read_bundle(ws, "toys")
    assert len(after.points) == len(before.points) + len(held_out)
    assert after.manifest["version_note"]["kind"] == "rebuild" and after.manifest["version"] == 2
    assert after.manifest["rebuild"]["areas"] == result["areas"]
    matching = after.table("area_matching")
    kept = matching[matching["status"] == "kept"]
    # Four clear technologies: each is one area after the rebuild, matched to an old one. (On
    # 90 % of the records the toys were two areas, 3 and 4: 4 is merged into 3.)
    assert len(kept) == len(after.clusters) == 4
    assert set(matching["status"]) <= {"kept", "merged"}
    assert (kept["area"] == kept["old_area"]).all()
    merged = matching[matching["status"] == "merged"]
    assert set(merged["area"]) <= set(kept["area"]) and not set(merged["old_area"]) & set(after.clusters["id"])
    old_colours, new_colours = area_colours(before.clusters), area_colours(after.clusters)
    old = before.clusters.set_index("id")
    new = after.clusters.set_index("id")
    for r in kept.itertuples():
        assert new_colours[r.area] == old_colours[r.area] == r.colour
        for lang in ("en", "zh"):
            same = new.at[r.area, f"label_{lang}"] == old.at[r.area, f"label_{lang}"]
            assert same == (getattr(r, f"label_{lang}_kept") == "kept")
    assert (kept["label_en_kept"] == "kept").all()
    # The old patents of kept areas are in the area of the same id.
    same = before.points[["id", "area"]].merge(after.points[["id", "area"]], on="id")
    stay = same[same["area_x"].isin(kept["area"])]
    assert (stay["area_x"] == stay["area_y"]).mean() > 0.95
    assert {"alerts", "white_spaces", "trends"} <= set(after.manifest["analysis"]["counts"])


def test_cli_end_to_end_and_deterministic(built, tmp_path):
    ws0, _ = built
    runs = []
    for k in range(2):
        ws = copy_of(ws0, tmp_path / str(k))
        before = read_bundle(ws, "toys")
        done = CliRunner().invoke(main, ["update", "--map", "toys", "--rebuild", "--workspace", str(ws)])
        assert done.exit_code == 0, done.output
        assert "kept / 保留" in done.output and "version 2" in done.output
        first = before.clusters.iloc[0]
        assert f"{first['label_en']} / {first['label_zh']}" in done.output
        after = read_bundle(ws, "toys")
        runs.append((after.points[["id", "x", "y", "area", "topic"]], after.table("area_matching")))
        # the same records, seed and model: the same map, every area kept with its id
        assert (runs[-1][1]["status"] == "kept").all()
        assert (after.points.set_index("id")["area"] == before.points.set_index("id")["area"]).all()
    pd.testing.assert_frame_equal(runs[0][0], runs[1][0])
    pd.testing.assert_frame_equal(runs[0][1], runs[1][1])
    ws = tmp_path / "0" / "ws"
    done = CliRunner().invoke(main, ["update", "--map", "toys", "--rebuild", "--json", "--workspace", str(ws)])
    assert done.exit_code == 0, done.output
    out = json.loads(done.output.strip().splitlines()[-1])
    assert out["version"] == 3 and out["areas"]["kept"] == len(read_bundle(ws, "toys").clusters)
    assert {"area", "old_area", "status", "label_en", "label_zh"} <= set(out["areas_matched"][0])
