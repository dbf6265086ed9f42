"""The two label failures of issue 11, rebuilt from hand-made exports with the real header layouts.

1. A Chinese PatSnap export (标题 / 标题(译)(English) / 摘要(译)(English)) of aircraft patents: the
   English labels were the same IPC title for 7 of 11 areas. They must come from the translations.
2. An English BigQuery export of membranes: the Chinese labels were "B01D71 类" four times. No
   two areas may share a Chinese label.

Every sentence below was written for these tests; records are made by combining them, seeded.
"""
from __future__ import annotations

import csv

import numpy as np
import pytest

from landscape import pipeline
from landscape.ipc_titles import short_title
from landscape.maps import read_bundle

# (Chinese phrase, its English translation) per technology; every area shares codes B64C/B64D.
AIRCRAFT = {
    "vtol": [("垂直起降固定翼无人机", "vertical take-off fixed-wing drone"), ("倾转旋翼", "tilt rotor"),
             ("起降时旋翼提供升力", "rotors provide lift during take-off"), ("巡航时机翼提供升力", "wings lift in cruise")],
    "seat": [("航空座椅", "aircraft seat"), ("座椅靠背可调节", "adjustable seat backrest"),
             ("乘客扶手", "passenger armrest"), ("座椅安全带", "seat belt")],
    "engine": [("涡扇发动机吊挂", "turbofan engine pylon"), ("发动机短舱", "engine nacelle"),
               ("反推装置", "thrust reverser"), ("风扇叶片", "fan blade")],
}
MEMBRANES = {  # all four are B01D71 first, as in the BigQuery export that failed
    "ro": ["reverse osmosis membrane", "polyamide layer", "salt rejection", "seawater desalination"],
    "hollow": ["hollow fiber membrane", "spinning dope", "fiber bundle", "potting resin"],
    "fuel": ["proton exchange membrane", "fuel cell", "sulfonated polymer", "ionomer"],
    "gas": ["gas separation membrane", "carbon dioxide", "permeance", "selectivity"],
}
PATSNAP_HEADERS = ["序号", "公开(公告)号", "申请号", "申请日", "公开(公告)日", "标题", "标题(译)(English)", "摘要",
                   "摘要(译)(English)", "[标]原始申请(专利权)人", "IPC主分类号", "IPC分类号", "专利类型", "受理局"]


def _patsnap(path, per_theme=40, seed=3):
    rng = np.random.default_rng(seed)
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        out = csv.writer(f)
        out.writerow(PATSNAP_HEADERS)
        n = 0
        for t, (theme, phrases) in enumerate(AIRCRAFT.items()):
            for i in range(per_theme):
                pick = [phrases[j] for j in rng.choice(len(phrases), size=3)]
                n += 1
                codes = ["B64C29/00", "B64D11/06"] if theme != "engine" else ["B64D27/00", "B64C29/00"]
                out.writerow([n, f"CN{118000000 + n}A", f"CN2023{n:08d}.1", f"20{18 + i % 6}-03-01",
                              f"20{19 + i % 6}-09-01", "一种" + pick[0][0], pick[0][1].capitalize(),
                              "本发明公开了" + "，".join(p[0] for p in pick) + "。",
                              "The invention discloses " + ", ".join(p[1] for p in pick) + ".",
                              f"示例航空{theme}公司", codes[0], " | ".join(codes), "发明申请", "CN"])


def _bigquery(path, per_theme=30, seed=4):
    rng = np.random.default_rng(seed)
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["publication_number", "title", "abstract", "publication_date", "ipc_codes", "assignees"])
        n = 0
        for theme, words in MEMBRANES.items():
            for i in range(per_theme):
                n += 1
                pick = list(rng.choice(words, size=4))
                out.writerow([f"US-{11000000 + n}-B2", f"{pick[0].capitalize()} and {pick[1]}",
                              f"A {pick[0]} with {pick[1]}, {pick[2]} and {pick[3]}.", f"20{18 + i % 6}0601",
                              "B01D71/56,B01D69/02", f"{theme.upper()} MEMBRANE INC"])


def _map(tmp_path, write, name):
    ws = tmp_path / "ws"
    src = tmp_path / f"{name}.csv"
    write(src)
    pipeline.ingest([src], ws, show_progress=False)
    ids = pipeline.ids_in([src])
    pipeline.build(ws, name=name, ids=ids, options=pipeline.BuildOptions(model="hashing", seed=7, show_progress=False))
    return read_bundle(ws, name)


@pytest.fixture(scope="module")
def aircraft(tmp_path_factory):
    return _map(tmp_path_factory.mktemp("aircraft"), _patsnap, "aircraft")


@pytest.fixture(scope="module")
def membranes(tmp_path_factory):
    return _map(tmp_path_factory.mktemp("membranes"), _bigquery, "membranes")


def _unique(table, lang):
    labels = table[f"label_{lang}"]
    return labels.is_unique and labels.str.strip().ne("").all()


def test_a_chinese_map_gets_english_labels_from_the_exports_translations(aircraft):
    areas = aircraft.clusters
    assert len(areas) >= 2
    titles = {short_title(c, max_len=40) for c in ("B64C", "B64D")} - {None}
    for row in areas.itertuples():
        assert len(row.terms_en) > 0, row.label_en  # words of the translations, not code titles
        assert not any(title in row.label_en for title in titles), row.label_en
        assert row.lang_mix["en"] == 0.0  # every record is Chinese
    for table in (aircraft.clusters, aircraft.topics):
        assert _unique(table, "en") and _unique(table, "zh")


def test_an_english_map_never_repeats_a_chinese_code_label(membranes):
    for table in (membranes.clusters, membranes.topics):
        assert _unique(table, "zh"), table["label_zh"].tolist()
        assert _unique(table, "en")
    # no Chinese text: Chinese labels are codes, with a Chinese name, and never an English word
    for label in membranes.clusters["label_zh"]:
        assert "类（分离、过滤与膜分离）" in label or "B01D" in label, label
