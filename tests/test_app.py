"""The Streamlit app, page by page, with AppTest: widgets set, values read back.

The map bundles are built once per session from planted synthetic records (three
technologies in English and Chinese, applicants with a planted surge) with the hashing test
embedder; the analysis tables are added the way ``landscape analyse`` adds them.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from growth_checks import assert_growth_consistent

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")

# Three planted technologies, each with its own vocabulary in English and Chinese.
THEMES = {
    "toy": (["building block", "magnet", "snap fit", "toy brick", "child", "stacking"],
            ["积木", "磁铁", "拼插", "玩具", "儿童", "堆叠"], "A63H33/04"),
    "led": (["light emitting diode", "heat sink", "lamp", "luminous flux", "phosphor", "street light"],
            ["发光二极管", "散热器", "灯具", "光通量", "荧光粉", "路灯"], "H01L33/64"),
    "mould": (["injection mould", "polymer melt", "cavity", "resin", "cooling channel", "ejector pin"],
              ["注塑模具", "熔体", "型腔", "树脂", "冷却水道", "顶针"], "B29C45/17"),
}
APPLICANTS = {"toy": ["BRICKWORKS", "HAPPY TOYS", "广东积木科技"], "led": ["BRIGHT LAMPS", "NICHIA", "深圳光电"],
              "mould": ["MOULDTEC", "ENGEL", "宁波模具"]}
YEARS = np.arange(2008, 2022)  # max 2021: the last complete year is 2019
SURGE = "SURGE LIGHTING"       # 2 LED patents in 2018, 8 in 2019: a surge alert


def planted_records(per_theme: int = 70, seed: int = 0):
    from landscape.schema import PatentRecord

    rng = np.random.default_rng(seed)
    trend = {"toy": np.linspace(0.3, 2.0, len(YEARS)), "led": np.ones(len(YEARS)),
             "mould": np.linspace(2.0, 0.3, len(YEARS))}  # toys grow, moulds cool
    recs = []
    for t, (theme, (en, zh, code)) in enumerate(THEMES.items()):
        p = trend[theme] / trend[theme].sum()
        for i in range(per_theme):
            chinese = i % 3 == 0
            title = ("一种" + "".join(rng.choice(zh, size=3))) if chinese else " ".join(rng.choice(en, size=4)).capitalize()
            abstract = (("本装置包括" + "、".join(rng.choice(zh, size=4)) + "。") if chinese
                        else "A device with " + ", ".join(rng.choice(en, size=5)) + ".")
            applicant = APPLICANTS[theme][2] if chinese else APPLICANTS[theme][i % 2]
            year = int(rng.choice(YEARS, p=p))
            recs.append(PatentRecord(
                id=f"CN{1000000 + 1000 * t + i}A", title=title, abstract=abstract, lang="zh" if chinese else "en",
                ipc=[code, "G06F3/01"] if i % 5 == 0 else [code], applicants=[applicant.title()],
                applicants_norm=[applicant], country="CN" if chinese or i % 4 else "US",
                filing_date=dt.date(year, 1 + i % 12, 10), doc_type="utility model" if i % 2 else "invention",
                source=f"planted#{t}-{i}"))
    en, _, code = THEMES["led"]
    for i, year in enumerate([2018] * 2 + [2019] * 8):
        recs.append(PatentRecord(
            id=f"US{9000000 + i}B2", title=" ".join(rng.choice(en, size=4)).capitalize(),
            abstract="A device with " + ", ".join(rng.choice(en, size=5)) + ".", lang="en", ipc=[code],
            applicants=["Surge Lighting Inc."], applicants_norm=[SURGE], country="US",
            filing_date=dt.date(year, 3, 1), doc_type="invention", source=f"surge#{i}"))
    return recs


def _white_spaces(points: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """The analysis's white spaces where it finds some; else one planted between the two
    biggest areas (a tiny corpus rarely has a significant gap), with the same columns."""
    try:
        from landscape.analyse.white_space import find_white_spaces
        found = find_white_spaces(points, clusters)
    except ImportError:
        found = pd.DataFrame()
    if len(found):
        return found
    a, b = clusters.sort_values("size", ascending=False).head(2).itertuples()
    return pd.DataFrame({"rank": [1], "x": [(a.x + b.x) / 2], "y": [(a.y + b.y) / 2], "radius": [0.8],
                         "score": [12.5], "patents_inside": [0], "expected_inside": [12.5],
                         "neighbour_areas": [[a.id, b.id]],
                         "description_en": [f"Between '{a.label_en}' and '{b.label_en}'"],
                         "description_zh": [f"介于「{a.label_zh}」与「{b.label_zh}」之间"]})


def make_app_workspace(base: Path) -> Path:
    """``base/ws`` with map ``planted`` (with analysis tables) and ``bare`` (without), built once
    per session and shared by the browser test (a marker file says it is complete)."""
    ws = base / "ws"
    if (ws / ".complete").exists():
        return ws
    from landscape import pipeline
    from landscape.maps import read_bundle, update_bundle
    from landscape.store import Store

    shutil.rmtree(ws, ignore_errors=True)
    ws.mkdir(parents=True)
    recs = planted_records()
    src = ws / "planted.csv"
    src.write_text("planted")
    with Store.open(ws) as store:
        store.import_source(src, "test", list(enumerate(recs, start=2)))
    pipeline.build(ws, name="planted", ids=[r.id for r in recs],
                   options=pipeline.BuildOptions(model="hashing", show_progress=False))
    shutil.copytree(ws / "maps" / "planted", ws / "maps" / "bare")
    b = read_bundle(ws, "planted")
    tables = {"white_spaces": _white_spaces(b.points, b.clusters)}
    try:
        from landscape.analyse.alerts import evaluate_alerts
        from landscape.analyse.trends import area_trend_summary, trends_table
        tables["alerts"] = evaluate_alerts(b.points, b.clusters)
        last = b.manifest["last_complete_year"]
        tables["trends"] = trends_table(b.points, b.clusters, last_complete=last)
        tables["trend_summary"] = area_trend_summary(b.points, b.clusters, last_complete=last)
    except ImportError:
        pass
    update_bundle(ws, "planted", tables=tables)
    (ws / ".complete").write_text("ok")
    return ws


@pytest.fixture(scope="session")
def app_ws(tmp_path_factory) -> Path:
    return make_app_workspace(tmp_path_factory.getbasetemp() / "app")


@pytest.fixture(scope="session")
def broken_ws(app_ws, tmp_path_factory) -> Path:
    """A workspace with a damaged map and a map from an older bundle version."""
    ws = tmp_path_factory.mktemp("broken")
    shutil.copytree(app_ws / "maps" / "bare", ws / "maps" / "damaged")
    (ws / "maps" / "damaged" / "points.parquet").write_bytes(b"not parquet")
    shutil.copytree(app_ws / "maps" / "bare", ws / "maps" / "older")
    manifest = json.loads((ws / "maps" / "older" / "manifest.json").read_text())
    (ws / "maps" / "older" / "manifest.json").write_text(json.dumps(dict(manifest, bundle_version=0)))
    # Written before manifests listed their files: nothing to check it against.
    shutil.copytree(app_ws / "maps" / "bare", ws / "maps" / "unlisted")
    (ws / "maps" / "unlisted" / "manifest.json").write_text(
        json.dumps({k: v for k, v in manifest.items() if k != "files"}))
    return ws


def run_app(ws: Path, monkeypatch, *, page: str | None = None, lang: str = "en", map_name: str = "planted"):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LANDSCAPE_WORKSPACE", str(ws))
    monkeypatch.setenv("LANDSCAPE_LANG", lang)
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["map"] = map_name
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _values(v):
    """A Plotly JSON array: a list, or a typed array ``{"dtype", "bdata"}`` (base64)."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).tolist()
    return list(v)


def point_traces(fig: dict) -> list[dict]:
    return [tr for tr in fig["data"] if (tr.get("meta") or {}).get("kind") == "points"]


def n_points(fig: dict) -> int:
    return sum(len(_values(tr["x"])) for tr in point_traces(fig))


def colours(fig: dict) -> dict:
    return {tr["meta"]["area"]: tr["marker"]["color"] for tr in point_traces(fig) if tr["meta"]["area"] is not None}


def area_annotations(fig: dict) -> list[str]:
    return [a["text"] for a in fig["layout"].get("annotations", []) if a.get("name", "").startswith("area:")]


def texts(at) -> str:
    parts = [e.value for kind in ("title", "markdown", "caption", "info", "success", "warning", "error", "subheader")
             for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


# --------------------------------------------------------------------------- i18n

def test_every_key_has_both_languages():
    from landscape.i18n import STRINGS

    for key, entry in STRINGS.items():
        assert set(entry) == {"en", "zh"}, key
        assert entry["en"].strip() and entry["zh"].strip(), key
        # the same placeholders in both languages
        assert set(re.findall(r"{(\w+)", entry["en"])) == set(re.findall(r"{(\w+)", entry["zh"])), key


def test_every_literal_key_the_app_uses_exists():
    from landscape.i18n import STRINGS

    sources = [ROOT / "app.py", *sorted((ROOT / "landscape" / "views").glob("*.py")), *sorted((ROOT / "app_pages").glob("*.py"))]
    used = set()
    for path in sources:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "no keys found"
    assert not used - set(STRINGS), sorted(used - set(STRINGS))


def test_t_formats_and_falls_back():
    from landscape.i18n import t

    assert t("map.showing", "en", shown=3, total=10) == "Showing **3** of 10 patents"
    assert t("map.showing", "zh", shown=3, total=10) == "显示 **3** / 10 件专利"
    assert t("no.such.key", "zh") == "no.such.key"


# --------------------------------------------------------------------------- views (pure)

def test_area_colour_by_id_is_fixed_and_distinct():
    from landscape import views

    cols = [views.area_colour(i) for i in range(40)]
    assert cols == [views.area_colour(i) for i in range(40)]
    assert len(set(cols[:20])) == 20
    assert views.area_colour(-1) == views.UNASSIGNED
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in cols)


def test_neighbouring_areas_get_contrasting_colours():
    from landscape import views

    # two tight groups of areas far apart: within a group, every colour differs clearly
    clusters = pd.DataFrame({"id": range(8), "size": [80, 70, 60, 50, 40, 30, 20, 10],
                             "x": [0, 0.1, 0.2, 0.1, 10, 10.1, 10.2, 10.1], "y": [0, 0.1, 0, -0.1] * 2})
    cols = views.area_colours(clusters)
    assert cols == views.area_colours(clusters.sample(frac=1, random_state=1))  # order does not matter
    assert cols[-1] == views.UNASSIGNED and len({cols[i] for i in range(8)}) == 8
    for group in (range(4), range(4, 8)):
        assert min(views._colour_distance(cols[a], cols[b]) for a in group for b in group if a < b) > 150


def test_labels_shared_by_areas_are_made_unique():
    from landscape import views

    clusters = pd.DataFrame({"id": [0, 1, 2], "label_en": ["robot / arm", "robot / arm", "lamp"],
                             "label_zh": ["B25J9 类（机械手）", "B25J9 类（机械手）", "灯具"],
                             "terms_en": [["robot", "arm", "gripper"], ["robot", "arm", "vision"], ["lamp"]],
                             "terms_zh": [[], [], ["灯具"]]})
    assert views.area_labels(clusters, "en") == {0: "robot / arm / gripper", 1: "robot / arm / vision", 2: "lamp"}
    zh = views.area_labels(clusters, "zh")
    assert zh[0] != zh[1] and zh[0].startswith("B25J9 类（机械手）") and zh[2] == "灯具"
    short = views.area_labels(clusters, "zh", short=True)
    # no Chinese term or code tells them apart: the first English term that does
    assert short == {0: "机械手/gripper", 1: "机械手/vision", 2: "灯具"}


def test_code_prefixes_are_normalised():
    from landscape.views import normalise_prefixes

    assert normalise_prefixes("a63h 33, B29C；h01l") == ("A63H33", "B29C", "H01L")
    assert normalise_prefixes("") == ()


def test_excel_and_csv_hold_chinese_headers_and_lists(tmp_path):
    from landscape import views

    df = pd.DataFrame({"label": ["积木/玩具"], "top_applicants": [[{"applicant": "A", "count": 2}]],
                       "size": [3]})
    local = views.localise(df, "zh")
    data = views.to_excel({"技术领域": local})
    (tmp_path / "a.xlsx").write_bytes(data)
    back = pd.read_excel(tmp_path / "a.xlsx", sheet_name="技术领域")
    assert list(back.columns) == ["技术领域", "主要申请人", "专利数"]
    assert back.iloc[0, 1] == "A (2)"
    csv = views.to_csv(local)
    assert csv.startswith("\ufeff".encode("utf-8")) and "技术领域" in csv.decode("utf-8-sig")


# --------------------------------------------------------------------------- first screen, broken maps

def test_empty_workspace_shows_what_to_run(tmp_path, monkeypatch):
    at = run_app(tmp_path, monkeypatch)
    assert at.title[0].value == "Patent landscape"
    assert "./run demo" in [c.value for c in at.code]
    assert any("landscape build --corpus toys" in c.value for c in at.code)
    assert "no maps yet" in texts(at)


def test_empty_workspace_in_chinese(tmp_path, monkeypatch):
    at = run_app(tmp_path, monkeypatch, lang="zh")
    assert at.title[0].value == "专利导航"
    assert "还没有地图" in texts(at)


@pytest.mark.parametrize("name, words", [
    ("damaged", "map 'damaged': points.parquet changed after the map was written; rebuild it or copy the map again."),
    ("older", "another version"),
    ("unlisted", "was built by an older landscape; rebuild the map.")])
def test_broken_or_old_bundle_says_so(broken_ws, monkeypatch, name, words):
    at = run_app(broken_ws, monkeypatch, map_name=name)
    assert at.error, "no error shown"
    assert f"The map “{name}” cannot be read" in at.error[0].value
    assert words in at.error[0].value
    assert "landscape build" in at.info[0].value


# --------------------------------------------------------------------------- map

def test_map_has_one_point_per_patent_and_filters_keep_colours(app_ws, monkeypatch):
    from landscape.maps import read_bundle

    b = read_bundle(app_ws, "planted")
    at = run_app(app_ws, monkeypatch)
    assert at.title[0].value == "Patent map"
    (fig,) = figures(at)
    assert n_points(fig) == len(b.points)
    before = colours(fig)
    assert set(before) == set(b.points["area"].unique().tolist())
    (terrain,) = [im for im in fig["layout"]["images"] if im.get("name") == "terrain"]
    assert terrain["source"].startswith("data:image/png;base64,") and terrain["layer"] == "below"
    labels = area_annotations(fig)
    assert labels

    at.slider(key="f_years").set_value((2016, 2021)).run()
    fig2 = figures(at)[0]
    expected = int(b.points["year"].between(2016, 2021).sum())
    assert n_points(fig2) == expected < len(b.points)
    after = colours(fig2)
    assert after and all(after[a] == before[a] for a in after)  # no area changed colour
    assert f"Showing **{expected:,}** of {len(b.points):,} patents" in texts(at)


def test_map_code_country_area_and_type_filters(app_ws, monkeypatch):
    from landscape.maps import read_bundle

    pts = read_bundle(app_ws, "planted").points
    at = run_app(app_ws, monkeypatch)
    at.text_input(key="f_codes").set_value("h01l 33").run()
    assert n_points(figures(at)[0]) == int(pts["codes"].map(lambda c: any(x.startswith("H01L33") for x in c)).sum())
    at.text_input(key="f_codes").set_value("").run()
    at.multiselect(key="f_countries").set_value(["US"]).run()
    assert n_points(figures(at)[0]) == int((pts["country"] == "US").sum())
    at.multiselect(key="f_countries").set_value([]).run()
    area = int(pts["area"].value_counts().index[0])
    at.multiselect(key="f_areas").set_value([area]).run()
    fig = figures(at)[0]
    assert n_points(fig) == int((pts["area"] == area).sum())
    assert set(colours(fig)) == {area}
    at.multiselect(key="f_areas").set_value([]).run()
    at.multiselect(key="f_doctypes").set_value(["utility model"]).run()
    assert n_points(figures(at)[0]) == int((pts["doc_type"] == "utility model").sum())


def test_portfolio_overlay_fades_the_others(app_ws, monkeypatch):
    from landscape.maps import read_bundle

    pts = read_bundle(app_ws, "planted").points
    at = run_app(app_ws, monkeypatch)
    at.multiselect(key="f_applicants").set_value([SURGE]).run()
    fig = figures(at)[0]
    traces = point_traces(fig)
    faded = [tr for tr in traces if tr["meta"]["area"] is None]
    bright = [tr for tr in traces if tr["meta"]["area"] is not None]
    assert len(faded) == 1 and faded[0]["marker"]["opacity"] < 0.5
    assert sum(len(_values(tr["x"])) for tr in bright) == int((pts["applicant"] == SURGE).sum()) == 10
    assert n_points(fig) == len(pts)  # the others are still there, faded
    at.checkbox(key="f_only").check().run()
    assert n_points(figures(at)[0]) == 10


def test_map_shows_white_spaces_with_descriptions(app_ws, monkeypatch):
    at = run_app(app_ws, monkeypatch)
    fig = figures(at)[0]
    (ws,) = [tr for tr in fig["data"] if (tr.get("meta") or {}).get("kind") == "white_spaces"]
    assert ws["text"][0] == "W1" and "White space W1" in ws["hovertext"][0]
    assert any((tr.get("meta") or {}).get("kind") == "white_space_circles" for tr in fig["data"])
    assert "<b>W1</b>" in [a["text"] for a in fig["layout"]["annotations"]]
    at.checkbox(key="f_ws").uncheck().run()
    assert not [tr for tr in figures(at)[0]["data"] if (tr.get("meta") or {}).get("kind") == "white_spaces"]


def test_language_switch_changes_titles_and_area_labels(app_ws, monkeypatch):
    from landscape.maps import read_bundle

    b = read_bundle(app_ws, "planted")
    at = run_app(app_ws, monkeypatch)
    en_labels = set(area_annotations(figures(at)[0]))
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert not at.exception
    assert at.title[0].value == "专利地图"
    zh_labels = set(area_annotations(figures(at)[0]))
    assert zh_labels != en_labels
    from landscape.views import area_labels
    assert zh_labels <= set(area_labels(b.clusters, "zh", short=True).values())
    assert any(re.search(r"[\u4e00-\u9fff]", s) for s in zh_labels)
    assert "显示" in texts(at)


def test_english_is_the_default_and_zh_from_the_environment(app_ws, monkeypatch):
    assert run_app(app_ws, monkeypatch, lang="").title[0].value == "Patent map"
    assert run_app(app_ws, monkeypatch, lang="zh").title[0].value == "专利地图"


# --------------------------------------------------------------------------- areas

def test_areas_table_and_one_areas_patents(app_ws, monkeypatch):
    from landscape.maps import read_bundle

    b = read_bundle(app_ws, "planted")
    at = run_app(app_ws, monkeypatch, page="areas")
    assert at.title[0].value == "Technology areas"
    areas = at.dataframe[0].value
    assert len(areas) == len(b.clusters)
    assert {"Area", "Chinese terms", "Patents", "Yearly growth", "Trend", "Top applicants",
            "Top IPC/CPC codes"} <= set(areas.columns)
    assert areas["Patents"].sum() == len(b.points)  # every patent counts in its area
    assert areas["Top IPC/CPC codes"].str.contains(r"[A-H]\d\d[A-Z]").all()

    area = int(b.clusters.sort_values("size").iloc[0]["id"])
    at.selectbox(key="area_pick").set_value(area).run()
    patents = at.dataframe[1].value
    members = b.points[b.points["area"] == area]
    assert len(patents) == len(members)
    assert set(patents["Publication no."]) == set(members["id"])
    assert patents["Abstract"].str.len().gt(0).all()
    years = figures(at)[0]
    assert sum(_values(years["data"][0]["y"])) == members["year"].notna().sum()
    assert any(s["type"] == "rect" for s in years["layout"]["shapes"])  # the incomplete years are shaded


def test_areas_leading_applicants_come_from_the_analysed_table(app_ws, monkeypatch, tmp_path):
    """The areas table lists the leading applicants ``analyse`` wrote (``leading_applicants``);
    a map analysed before that table existed keeps its build-time names and says to re-run."""
    from landscape.maps import read_bundle, update_bundle

    ws = tmp_path / "ws"
    shutil.copytree(app_ws / "maps" / "planted", ws / "maps" / "planted")
    path = ws / "maps" / "planted" / "manifest.json"
    path.write_text(json.dumps(dict(json.loads(path.read_text()), analysis={"home": "CN", "by": "group"})))
    at = run_app(ws, monkeypatch, page="areas")
    assert "re-run `landscape analyse --map planted`" in texts(at)
    b = read_bundle(ws, "planted")
    area = int(b.clusters.sort_values(["size", "id"], ascending=[False, True]).iloc[0]["id"])
    update_bundle(ws, "planted", tables={"leading_applicants": pd.DataFrame(
        {"area": [area, area], "rank": [1, 2], "applicant": ["HAND GROUP", "OTHER GROUP"], "count": [99, 7]})})
    at = run_app(ws, monkeypatch, page="areas")
    assert "re-run" not in texts(at)
    areas = at.dataframe[0].value
    assert areas["Top applicants"].iloc[0] == "HAND GROUP (99); OTHER GROUP (7)"


def test_areas_in_chinese_show_chinese_labels_and_english_terms(app_ws, monkeypatch):
    at = run_app(app_ws, monkeypatch, page="areas", lang="zh")
    assert at.title[0].value == "技术领域"
    areas = at.dataframe[0].value
    assert {"技术领域", "英文关键词", "专利数", "主要申请人"} <= set(areas.columns)
    assert areas["技术领域"].str.contains(r"[\u4e00-\u9fff]").all()


# --------------------------------------------------------------------------- white spaces

def test_white_spaces_ranked_with_surroundings_and_close_up(app_ws, monkeypatch):
    at = run_app(app_ws, monkeypatch, page="white_spaces")
    assert at.title[0].value == "White spaces"
    listing = at.dataframe[0].value
    assert list(listing["Rank"])[:1] == [1]
    assert listing["Description"].str.len().gt(0).all()
    assert at.subheader[0].value == "White space W1"
    fig = figures(at)[0]
    x0, x1 = fig["layout"]["xaxis"]["range"]
    full = figures(run_app(app_ws, monkeypatch))[0]["layout"]["xaxis"]["range"]
    assert x1 - x0 < full[1] - full[0]  # zoomed in
    around = at.dataframe[1].value
    assert len(around) >= 1 and {"Publication no.", "Distance"} <= set(around.columns)


def test_white_spaces_missing_says_what_to_run(app_ws, monkeypatch):
    at = run_app(app_ws, monkeypatch, page="white_spaces", map_name="bare")
    assert "no white-space analysis" in at.info[0].value
    assert at.code[0].value.startswith("landscape analyse --map bare")


def test_white_spaces_analysed_and_none_found_is_not_missing(app_ws, tmp_path, monkeypatch):
    # Empty is not missing: a white_spaces table with no rows is a finding, not a step to run.
    from landscape.analyse.white_space import COLUMNS
    from landscape.maps import update_bundle

    ws = tmp_path / "ws"
    shutil.copytree(app_ws / "maps" / "bare", ws / "maps" / "none")
    update_bundle(ws, "none", tables={"white_spaces": pd.DataFrame(columns=COLUMNS)})
    at = run_app(ws, monkeypatch, page="white_spaces", map_name="none")
    assert not at.info and not at.code
    assert "no white space on this map" in at.success[0].value
    at = run_app(ws, monkeypatch, page="white_spaces", map_name="none", lang="zh")
    assert "已分析" in at.success[0].value


def test_trends_not_analysed_says_what_to_run(app_ws, monkeypatch):
    at = run_app(app_ws, monkeypatch, page="trends", map_name="bare")
    assert "not been analysed" in at.info[0].value
    assert at.code[0].value.startswith("landscape analyse --map bare")


def test_app_workspace_growth_agrees_with_its_status(app_ws):
    from landscape.maps import read_bundle

    assert assert_growth_consistent(read_bundle(app_ws, "planted")) > 0


# --------------------------------------------------------------------------- early warnings

def test_alert_thresholds_change_the_alerts(app_ws, monkeypatch):
    at = run_app(app_ws, monkeypatch, page="alerts")
    assert at.title[0].value == "Early warnings"
    table = at.dataframe[0].value
    surges = table[table["Kind"] == "Surge"]
    assert list(surges["Applicant"]) == [SURGE]  # the planted surge, 2 -> 8
    assert at.metric[0].value == str(len(table))
    before = len(table)
    at.number_input(key="rule_surge_min_count").set_value(50).run()
    assert not at.exception
    after = int(at.metric[0].value)
    assert after < before
    assert after == before - 1
    assert "Surge" not in set(at.dataframe[0].value["Kind"])
    at.number_input(key="rule_surge_min_count").set_value(5).run()
    assert int(at.metric[0].value) == before


def test_an_alert_lists_its_patents(app_ws, monkeypatch):
    at = run_app(app_ws, monkeypatch, page="alerts", lang="zh")
    table = at.dataframe[0].value
    i = list(table["类型"]).index("申请激增")
    at.selectbox(key="alert_pick").set_value(i).run()
    assert "SURGE LIGHTING" in texts(at) and "阈值" in texts(at)
    patents = at.dataframe[1].value
    assert len(patents) == 8 and set(patents["年份"]) == {2019}


# --------------------------------------------------------------------------- trends

def test_trends_lines_per_area_with_incomplete_years_shaded(app_ws, monkeypatch):
    from landscape.maps import read_bundle

    b = read_bundle(app_ws, "planted")
    at = run_app(app_ws, monkeypatch, page="trends")
    assert at.title[0].value == "Trends"
    assert "after 2019" in texts(at)
    fig = figures(at)[0]
    assert len(fig["data"]) == min(6, len(b.clusters))
    rects = [s for s in fig["layout"]["shapes"] if s["type"] == "rect"]
    assert rects and rects[0]["x0"] == 2019.5
    for tr in fig["data"]:
        area = tr["meta"]["area"]
        years = b.points.loc[b.points["area"] == area, "year"]
        assert sum(_values(tr["y"])) == years.notna().sum()
    area = int(b.clusters["id"].iloc[0])
    at.multiselect(key="tr_areas").set_value([area]).run()
    assert len(figures(at)[0]["data"]) == 1
    at.radio(key="tr_kind").set_value("stacked").run()
    assert figures(at)[0]["data"][0]["stackgroup"] == "one"


def test_trends_name_emerging_and_cooling_areas(app_ws, monkeypatch):
    from landscape.maps import read_bundle

    b = read_bundle(app_ws, "planted")
    at = run_app(app_ws, monkeypatch, page="trends")
    emerging, cooling = at.dataframe[0].value, at.dataframe[1].value
    label = dict(zip(b.clusters["id"], b.clusters["label_en"]))
    # The page shows the analysed table as it is: no trend of its own.
    summary = b.table("trend_summary")
    by_status = lambda *s: {label[a] for a in summary.loc[summary["status"].isin(s), "area"]}  # noqa: E731
    assert set(emerging["Area"]) == by_status("emerging", "growing")
    assert set(cooling["Area"]) == by_status("cooling")
    assert len(emerging) and len(cooling)
    # Planted: toys grow, moulds cool (each theme is split over areas; as a whole, by the same rule).
    from landscape.rules.growth import growth

    number = pd.to_numeric(b.points["id"].str.extract(r"^CN(\d+)A$")[0], errors="coerce")
    theme = (number - 1_000_000) // 1000  # planted ids: CN1000000A + 1000 x theme
    last = b.manifest["last_complete_year"]
    assert growth(b.points.loc[theme == 0, "year"], last).status in ("emerging", "growing")
    assert growth(b.points.loc[theme == 2, "year"], last).status == "cooling"


# --------------------------------------------------------------------------- my invention

def test_my_invention_lands_among_its_kind(app_ws, monkeypatch):
    from landscape.maps import read_bundle

    b = read_bundle(app_ws, "planted")
    at = run_app(app_ws, monkeypatch, page="invention")
    assert at.title[0].value == "Where does my invention land?"
    assert not at.get("plotly_chart")
    at.text_area(key="inv_text").input("A toy brick with a magnet for stacking, snap fit for a child")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    fig = figures(at)[0]
    (star,) = [tr for tr in fig["data"] if (tr.get("meta") or {}).get("kind") == "star"]
    assert star["text"] == ["Your invention"]
    nearest = at.dataframe[0].value
    assert all(pid.startswith("CN10000") for pid in nearest["Publication no."][:5])  # planted toys
    toy_areas = set(b.points.loc[b.points["id"].str.startswith("CN10000"), "area"])
    label = dict(zip(b.clusters["id"], b.clusters["label_en"]))
    assert any(f"**{label[a]}**" in texts(at) for a in toy_areas)
    assert "It lands in the area" in texts(at)
    owners = at.dataframe[1].value
    assert owners["Patents"].sum() == len(nearest)
    assert "White space W" in texts(at)


@pytest.mark.parametrize("lang, column, words, codes", [("en", "Why it matched", "shared words: ", "shared codes: A63H33/04"),
                                                    ("zh", "匹配依据", "共同词语：", "共同分类号：A63H33/04")])
def test_my_invention_says_why_each_patent_matched(app_ws, monkeypatch, lang, column, words, codes):
    at = run_app(app_ws, monkeypatch, page="invention", lang=lang)
    at.text_area(key="inv_text").input("A toy brick with a magnet for stacking, A63H33/04")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    why = at.dataframe[0].value[column]
    assert why.str.contains(words).any() and why.str.contains(codes).any()
    assert why.str.contains("语义相似度" if lang == "zh" else "similar meaning").all()


def test_my_invention_asks_for_text(app_ws, monkeypatch):
    at = run_app(app_ws, monkeypatch, page="invention", lang="zh")
    at.button[0].click().run()
    assert "请先输入发明描述" in at.warning[0].value
