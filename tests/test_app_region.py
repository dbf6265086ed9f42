"""The Region page (区域定位) with AppTest, on a hand-made map navigated to 汕头市
(``region_tables``): its chain, position counts, chart, tables, graph and development paths in
both languages; choosing an area or the inside-only switch changes what is shown; a map
without a navigation says which command makes one."""
from __future__ import annotations

import pytest
import region_tables as R
from test_app import _values, figures, run_app, texts


@pytest.fixture(scope="module")
def region_ws(tmp_path_factory):
    ws = tmp_path_factory.mktemp("region")
    R.write_workspace(ws)
    return ws


def open_page(ws, monkeypatch, **kw):
    return run_app(ws, monkeypatch, page="region", map_name=kw.pop("map_name", "toys"), **kw)


def bar_values(at) -> dict:
    (fig,) = [f for f in figures(at) if f["data"] and f["data"][0]["type"] == "bar"]
    return {y: x for tr in fig["data"] for y, x in zip(_values(tr["y"]), _values(tr["x"]))}


def kind(trace: dict) -> str | None:
    meta = trace.get("meta")
    return meta.get("kind") if isinstance(meta, dict) else None


def graph_links(at) -> set:
    """The links the collaboration graph hovers, as their hover texts."""
    (fig,) = [f for f in figures(at) if any(kind(tr) == "nodes" for tr in f["data"])]
    (hover,) = [tr for tr in fig["data"] if kind(tr) == "link_hover"]
    return set(_values(hover["text"]))


def table_with(at, header: str):
    (df,) = [d.value for d in at.dataframe if header in d.value.columns]
    return df


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_region_page_in_both_languages(region_ws, monkeypatch, lang):
    at = open_page(region_ws, monkeypatch, lang=lang)
    en = lang == "en"
    words = texts(at)
    assert ("World → China → 广东省 → **汕头市**" if en else "全球 → 中国 → 广东省 → **汕头市**") in words
    assert [m.label for m in at.metric] == (["Strong", "Average", "Weak", "Absent"] if en else ["优势", "一般", "薄弱", "空白"])
    assert [m.value for m in at.metric] == ["1", "1", "1", "1"]
    names = {a: pair[0 if en else 1] for a, pair in R.AREAS.items()}
    assert bar_values(at) == {names[a]: spec for a, (_, _, spec, _, _) in R.POSITIONS.items()}
    positioning = table_with(at, "Position" if en else "定位")
    assert positioning.iloc[0, 0] == names[0] and positioning.iloc[0, 1] == ("Strong" if en else "优势")
    levels = table_with(at, "Level" if en else "层级")
    assert levels.iloc[:, 1].tolist() == (["World", "China", "广东省", "汕头市"] if en else ["全球", "中国", "广东省", "汕头市"])
    assert len(graph_links(at)) == len(R.LINKS)
    assert ("Keep the lead in building blocks." if en else "巩固积木领域的优势。") in words
    assert ("Development paths" if en else "发展路径") in words
    assert "region." not in words  # every key found


def test_choosing_an_area_narrows_the_tables_and_the_graph(region_ws, monkeypatch):
    at = open_page(region_ws, monkeypatch)
    at.selectbox(key="rg_subject_area").set_value(1).run()
    assert not at.exception
    assert table_with(at, "Level")["Patents"].tolist() == [30, 18, 9, 9]
    assert graph_links(at) == {"汕头积木厂 — 奥飞娱乐: 4 patents together", "奥飞娱乐 — 广东工业大学: 3 patents together"}
    at.toggle(key="rg_inside_only").set_value(True).run()
    assert graph_links(at) == {"汕头积木厂 — 奥飞娱乐: 4 patents together"}
    core = table_with(at, "Rank in area")
    assert core["Title"].str.startswith("Remote-control cars").all() and core["Rank in area"].tolist() == [1, 2, 3]
    at.selectbox(key="rg_subject_area").set_value(3).run()  # absent: nobody works together there
    assert "No co-applicant links for this choice." in texts(at)


def test_branches_instead_of_areas(region_ws, monkeypatch):
    at = open_page(region_ws, monkeypatch, lang="zh")
    at.radio(key="rg_level").set_value("branch").run()
    assert not at.exception
    assert bar_values(at) == {"玩具": 1.8, "照明": 0.0}
    assert [m.value for m in at.metric] == ["1", "0", "0", "1"]
    at.selectbox(key="rg_subject_branch").set_value("toys").run()
    assert table_with(at, "层级")["专利数"].tolist() == [115, 69, 34, 11]


@pytest.mark.parametrize("lang, words", [("en", "no regional navigation yet"), ("zh", "尚无区域导航")])
def test_a_map_without_navigation_says_how_to_make_one(region_ws, monkeypatch, lang, words):
    at = open_page(region_ws, monkeypatch, lang=lang, map_name="plain")
    assert words in texts(at)
    assert [c.value for c in at.code] == ["landscape navigate --map plain --region REGION"]
    assert not figures(at) and not at.metric


def test_a_navigation_with_its_positioning_only_says_what_is_missing(region_ws, monkeypatch):
    at = open_page(region_ws, monkeypatch, map_name="partial", lang="zh")
    words = texts(at)
    assert bar_values(at)  # the chart is there
    for table in ("regions", "region_applicants", "core_patents", "collaboration"):
        assert f"本地图没有“{table}”表：请重新运行 `landscape navigate --map partial --region …`。" in words
    assert "本地图没有发展路径建议。" in words
