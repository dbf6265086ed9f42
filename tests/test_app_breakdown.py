"""The breakdown page (技术分解) with AppTest: a map without a breakdown says how to make one; a
breakdown made by the real ``landscape breakdown`` command shows its branches in both languages
with their counts, one branch's patents on the map, and the check (draw, mark, score) in the
page writes the sheet into the workspace and the same figures as ``landscape breakdown-score``."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from test_app import _values, app_ws, figures, point_traces, run_app, texts  # noqa: F401 (app_ws: a fixture)

from landscape.analyse.branches import TABLES
from landscape.cli import main
from landscape.maps import read_bundle, update_bundle

# Branches over the planted map's three technologies (tests/test_app.py THEMES), by code and keyword:
# id, parent, English and Chinese name, description, codes, English and Chinese keywords.
BRANCHES = [
    ("toys", "", "Toys", "玩具", "Building blocks and construction toys for children.", "儿童积木与拼插玩具。",
     ["A63H33/"], ["building block"], ["积木"]),
    ("magnets", "toys", "Magnetic blocks", "磁力积木", "Building blocks held together by magnets.",
     "以磁铁连接的积木。", [], ["magnet"], ["磁铁"]),
    ("lighting", "", "Lighting", "照明", "Light emitting diode lamps, street lights and their heat sinks.",
     "发光二极管灯具、路灯及其散热器。", ["H01L33/"], ["lamp"], ["灯具"]),
    ("trains", "", "Model trains", "模型火车", "Model railway locomotives and tracks running on rails.",
     "模型铁路机车与轨道。", [], ["locomotive"], ["机车"]),
]
FIELDS = ("id", "parent", "name_en", "name_zh", "description_en", "description_zh", "codes", "keywords_en",
          "keywords_zh")
TAXONOMY = 'name_en = "Planted"\nname_zh = "种植"\n' + "".join(
    "\n[[branch]]\n" + "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in zip(FIELDS, row) if v)
    for row in BRANCHES)
NAMES = {row[0]: (row[2], row[3]) for row in BRANCHES}
BRANCH_TABLES = TABLES  # every per-branch table: a breakdown written before them has none


def cli(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def bd_ws(app_ws, tmp_path_factory):
    """A workspace with the planted map (``bare``: no breakdown) and ``planted`` broken down by
    the real command."""
    ws = tmp_path_factory.mktemp("bd")
    for name in ("planted", "bare"):
        shutil.copytree(app_ws / "maps" / name, ws / "maps" / name)
    taxonomy = ws / "planted.toml"
    taxonomy.write_text(TAXONOMY, encoding="utf-8")
    cli("breakdown", "--map", "planted", "--taxonomy", taxonomy, "--workspace", ws)
    # ``planted`` as a breakdown written before the per-branch tables: the page works from the
    # breakdown alone and says to re-run for the rest (the tables are tested on a copy below).
    update_bundle(ws, "planted", remove=BRANCH_TABLES)
    return ws


def counts(ws) -> dict:
    table = read_bundle(ws, "planted").table("breakdown")
    got = table[table["branch"] != ""].groupby("branch")["id"].nunique().to_dict()
    return {b: got.get(b, 0) for b in NAMES}


def open_page(ws, monkeypatch, **kw):
    return run_app(ws, monkeypatch, page="breakdown", **kw)


def test_a_map_without_breakdown_says_how_to_make_one(bd_ws, monkeypatch):
    at = open_page(bd_ws, monkeypatch, map_name="bare")
    assert "no technology breakdown yet" in texts(at)
    assert [c.value for c in at.code] == ["landscape breakdown --map bare --taxonomy corpora/breakdowns/….toml"]
    assert not figures(at)
    at = open_page(bd_ws, monkeypatch, map_name="bare", lang="zh")
    assert "尚无技术分解" in texts(at)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_branches_named_in_the_app_language_with_their_counts(bd_ws, monkeypatch, lang):
    expected = counts(bd_ws)
    assert expected["toys"] > expected["magnets"] > 0 and expected["lighting"] > 0  # a sub-branch's are its parent's
    at = open_page(bd_ws, monkeypatch, lang=lang)
    name = {b: pair[0 if lang == "en" else 1] for b, pair in NAMES.items()}
    overview = at.dataframe[0].value
    branch, patents = overview.columns[0], overview.columns[-1]
    assert (branch, patents) == (("Branch", "Patents") if lang == "en" else ("技术分支", "专利数"))
    assert dict(zip(overview[branch].str.strip("\u3000"), overview[patents])) == {
        name[b]: n for b, n in expected.items()}
    assert overview[branch].tolist()[1].startswith("\u3000")  # the sub-branch is indented
    (sunburst,) = [f for f in figures(at) if f["data"][0]["type"] == "sunburst"]
    trace = sunburst["data"][0]
    assert dict(zip(_values(trace["labels"]), _values(trace["customdata"]))) == {
        name[b]: n for b, n in expected.items()}
    # A slice is its sub-branches plus its patents in none of them: the toys ring is not counted twice.
    table = read_bundle(bd_ws, "planted").table("breakdown")
    toys, magnets = (set(table.loc[table["branch"] == b, "id"]) for b in ("toys", "magnets"))
    sizes = dict(zip(_values(trace["ids"]), _values(trace["values"])))
    assert sizes["toys"] == len(toys - magnets) and sizes["magnets"] == len(magnets)
    assert sizes["lighting"] == expected["lighting"]
    assert dict(zip(_values(trace["ids"]), _values(trace["parents"])))["magnets"] == "toys"
    words = texts(at)
    assert ("Building blocks and construction toys" if lang == "en" else "儿童积木与拼插玩具") in words
    assert "re-run `landscape breakdown" in words or "重新运行 `landscape breakdown" in words
    assert "not been checked yet" in words or "尚未核查" in words


def test_choosing_a_branch_shows_its_patents_on_the_map(bd_ws, monkeypatch):
    table = read_bundle(bd_ws, "planted").table("breakdown")
    at = open_page(bd_ws, monkeypatch)
    for branch in ("magnets", "lighting"):
        at.selectbox(key="bd_branch").set_value(branch).run()
        assert not at.exception
        members = set(table.loc[table["branch"] == branch, "id"])
        (fig,) = [f for f in figures(at) if f["data"] and f["data"][0].get("meta", {}) and point_traces(f)]
        coloured = {i for tr in point_traces(fig) if tr["meta"]["area"] is not None for i in _values(tr["customdata"])}
        grey = {i for tr in point_traces(fig) if tr["meta"]["area"] is None for i in _values(tr["customdata"])}
        assert coloured == members and not coloured & grey
        assert len(coloured | grey) == len(read_bundle(bd_ws, "planted").points)
        assert [tr["name"] for tr in point_traces(fig) if tr["meta"]["area"] is None] == ["Other patents"]
        assert at.subheader[1].value == NAMES[branch][0]
        patents = at.dataframe[1].value
        assert set(patents["Publication no."]) == members
    # A click on the sunburst's slice chooses the branch too (what the browser sends for it).
    click(at, "bd_sunburst", {"points": [{"id": "magnets", "label": "Magnetic blocks"}], "point_indices": [1],
                              "box": [], "lasso": []})
    assert at.selectbox(key="bd_branch").value == "magnets" and at.subheader[1].value == "Magnetic blocks"
    at.selectbox(key="bd_branch").set_value("lighting").run()  # the list still works after a click
    assert at.subheader[1].value == "Lighting"
    # The last choice: the patents in no branch.
    at.selectbox(key="bd_branch").set_value("").run()
    assigned = set(table.loc[table["branch"] != "", "id"])
    missed = set(table["id"]) - assigned
    assert at.subheader[1].value == f"In no branch · {len(missed)}"
    assert set(at.dataframe[1].value["Publication no."]) == missed


def test_per_branch_tables_are_shown_when_the_map_has_them(bd_ws, monkeypatch, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(bd_ws / "maps" / "planted", ws / "maps" / "planted")
    cli("breakdown", "--map", "planted", "--taxonomy", bd_ws / "planted.toml", "--workspace", ws)
    b = read_bundle(ws, "planted")
    tables = {name: b.table(name) for name in BRANCH_TABLES}
    at = open_page(ws, monkeypatch)
    at.selectbox(key="bd_branch").set_value("lighting").run()
    words = texts(at)
    assert "re-run `landscape breakdown" not in words
    assert "Leading applicants" in words and "Technology areas it spans" in words
    overview = at.dataframe[0].value
    assert overview["Patents"].tolist() == tables["branch_summary"]["patents"].tolist()
    years = tables["branch_years"][tables["branch_years"]["branch"] == "lighting"]
    bars = [f for f in figures(at) if f["data"][0]["type"] == "bar"]
    assert sum(_values(bars[0]["data"][0]["y"])) == years["patents"].sum()
    expected = tables["branch_applicants"][tables["branch_applicants"]["branch"] == "lighting"]
    shown = [d.value for d in at.dataframe if "Group" in d.value.columns][0]
    assert shown["Group"].tolist() == expected["group"].tolist()


def send(at, element_id: str, value: dict) -> None:
    """Run with the JSON state the browser sends for a widget AppTest has no setter for (a data
    editor's cell edits, a chart's selection)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=element_id, string_value=json.dumps(value)))
    at._run(states)
    assert not at.exception, [e.value for e in at.exception]


def mark_in_editor(at, marks: dict) -> None:
    """Edit the check sheet's cells the way the browser does."""
    send(at, at.data_editor[0].proto.id, {"edited_rows": marks, "added_rows": [], "deleted_rows": []})


def click(at, key: str, selection: dict) -> None:
    """Click a chart the way the browser does (its selection state)."""
    (chart,) = [c for c in at.get("plotly_chart") if key in c.proto.id]
    send(at, chart.proto.id, {"selection": selection})


def draw_in_page(ws, monkeypatch, per_branch=4, not_assigned=5):
    at = open_page(ws, monkeypatch)
    at.number_input(key="bd_per_branch").set_value(per_branch)
    at.number_input(key="bd_not_assigned").set_value(not_assigned)
    [b for b in at.button if b.label == "Draw a new sample"][0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_draw_mark_and_score_in_the_page_equals_the_command(bd_ws, monkeypatch, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(bd_ws / "maps" / "planted", ws / "maps" / "planted")
    at = draw_in_page(ws, monkeypatch)
    sheet = ws / "breakdown_checks" / "planted.xlsx"
    assert sheet.exists() and "rows drawn and saved" in texts(at)
    assert not list((ws / "maps" / "planted").glob("*.xlsx"))  # never inside the bundle
    drawn = pd.read_excel(sheet, sheet_name="sample")
    assert set(drawn["branch"]) == {"toys", "magnets", "lighting", "trains"}
    assert drawn.groupby(["branch", "why"]).size().max() <= 5

    marks = {i: {"correct": "y" if i % 3 else "n"} for i in range(len(drawn)) if i % 4}
    mark_in_editor(at, marks)
    at.button(key="bd_score").click().run()
    assert not at.exception, [e.value for e in at.exception]

    saved = pd.read_excel(sheet, sheet_name="sample", dtype={"correct": str})
    assert saved["correct"].fillna("").tolist() == [marks.get(i, {}).get("correct", "") for i in range(len(drawn))]
    in_map = read_bundle(ws, "planted").manifest["breakdown_quality"]
    assert in_map["marked"] == len(marks)
    by_command = json.loads(cli("breakdown-score", "--map", "planted", "--checked", sheet, "--workspace", ws,
                                "--json"))
    assert in_map == by_command
    # The page shows the figures it wrote.
    quality = [d.value for d in at.dataframe if "Precision" in d.value.columns][0]
    assert quality["Marked (precision)"].tolist() == [v["marked"] for v in in_map["branches"].values()]
    assert "not been checked yet" not in texts(at)

    # A new sample never overwrites marks: the marked sheet is kept beside it.
    [b for b in at.button if b.label == "Draw a new sample"][0].click().run()
    (kept,) = (ws / "breakdown_checks").glob("planted-*.xlsx")
    assert f"kept as {kept}" in texts(at)
    assert pd.read_excel(kept, sheet_name="sample")["correct"].notna().sum() == len(marks)
    assert pd.read_excel(sheet, sheet_name="sample")["correct"].isna().all()


def test_a_mark_that_is_not_yes_or_no_is_one_sentence_and_nothing_is_written(bd_ws, monkeypatch, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(bd_ws / "maps" / "planted", ws / "maps" / "planted")
    at = draw_in_page(ws, monkeypatch, per_branch=2, not_assigned=2)
    mark_in_editor(at, {0: {"correct": "y"}, 1: {"correct": "maybe"}})
    at.button(key="bd_score").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (error,) = at.error
    assert "planted.xlsx: row 3: the mark 'maybe' in 'correct' is not one of y/n" in error.value
    assert "\n" not in error.value and "Traceback" not in error.value
    assert read_bundle(ws, "planted").manifest.get("breakdown_quality") is None
    # The marks are kept in the sheet, to correct there or in the page.
    assert pd.read_excel(ws / "breakdown_checks" / "planted.xlsx", sheet_name="sample")["correct"].tolist()[:2] == [
        "y", "maybe"]


def test_a_sheet_that_cannot_be_scored_is_one_sentence(bd_ws, monkeypatch, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(bd_ws / "maps" / "planted", ws / "maps" / "planted")
    (ws / "breakdown_checks").mkdir()
    (ws / "breakdown_checks" / "planted.xlsx").write_bytes(b"not a workbook")
    at = open_page(ws, monkeypatch)
    assert len(at.error) == 1 and "cannot be read as an Excel workbook" in at.error[0].value
    assert "Traceback" not in at.error[0].value


@pytest.mark.slow
def test_the_page_in_a_real_browser_draws_the_sunburst_and_the_branch_map(bd_ws, tmp_path):
    """``streamlit run`` with the system Chromium: the sunburst and the map are drawn, in Chinese;
    the screenshot goes to test-artifacts/ to look at."""
    playwright = pytest.importorskip("playwright.sync_api")
    from test_app_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, settle, start_server, stop_server

    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    ARTIFACTS.mkdir(exist_ok=True)
    proc, url = start_server(bd_ws, ARTIFACTS / "streamlit-breakdown.log", lang="zh")
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 2400})
            page.set_default_timeout(60_000)
            page.goto(f"{url}/breakdown?map=planted")
            page.wait_for_selector(".stPlotlyChart .main-svg", timeout=90_000)
            settle(page)
            playwright.expect(page.locator("h1").first).to_have_text("技术分解")
            slices = page.locator(".stPlotlyChart .sunburstlayer .slicetext").all_text_contents()
            assert {"玩具", "磁力积木", "照明"} <= set(slices), slices
            assert page.locator(".stPlotlyChart canvas").count() >= 1  # the branch's patents (WebGL)
            assert page.locator('[data-testid="stException"]').count() == 0
            page.screenshot(path=str(ARTIFACTS / "browser-breakdown-zh.png"))
            # A click on a slice chooses that branch below.
            page.locator(".stPlotlyChart .sunburstlayer .slice", has_text="照明").click()
            settle(page)
            playwright.expect(page.locator("h3", has_text="照明")).to_be_visible(timeout=30_000)
            page.screenshot(path=str(ARTIFACTS / "browser-breakdown-zh-clicked.png"))
            browser.close()
    finally:
        stop_server(proc)


def test_another_map_chosen_with_a_sample_open_starts_afresh(bd_ws, monkeypatch, tmp_path):
    ws = tmp_path / "ws"
    for name in ("planted", "bare"):
        shutil.copytree(bd_ws / "maps" / name, ws / "maps" / name)
    at = draw_in_page(ws, monkeypatch, per_branch=2, not_assigned=2)
    mark_in_editor(at, {0: {"correct": "y"}})
    at.selectbox(key="map").set_value("bare").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "no technology breakdown yet" in texts(at) and not at.data_editor
    at.selectbox(key="map").set_value("planted").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="bd_branch").value == "toys"  # the first branch again
    assert len(at.data_editor) == 1  # the saved sheet is shown again
