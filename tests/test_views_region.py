"""The Region page's pure functions (``landscape.views.region``) on the hand-made navigation
tables of ``region_tables``: the chart draws what the positioning says, the graph keeps only
the links asked for, and every word comes out in the chosen language."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import region_tables as R

from landscape.present.positions import POSITION_COLOURS
from landscape.views import localise
from landscape.views import region as rg

NAV = R.navigation()
MANIFEST = dict(R.manifest(), navigation=NAV)


def bars(fig) -> dict:
    """{bar name: (value, colour)} over every bar trace of a figure."""
    out = {}
    for trace in fig.data:
        if trace.type == "bar":
            for name, value in zip(trace.y, trace.x):
                assert name not in out, f"{name} drawn twice"
                out[name] = (float(value), trace.marker.color)
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chart_has_one_bar_per_area_with_its_specialisation_and_position_colour(lang):
    rows = rg.specialisation_rows(R.positioning(), R.clusters(), MANIFEST, lang, "area")
    got = bars(rg.specialisation_figure(rows, lang))
    name = {a: pair[0 if lang == "en" else 1] for a, pair in R.AREAS.items()}
    assert got == {name[a]: (spec, POSITION_COLOURS[pos]) for a, (pos, _, spec, _, _) in R.POSITIONS.items()}
    # Most specialised at the top (Plotly draws the first category at the bottom).
    assert rows["name"].tolist()[-1] == name[0] and rows["name"].tolist()[0] == name[3]


def test_chart_marks_one_point_zero_and_hovers_counts_and_world_growth():
    rows = rg.specialisation_rows(R.positioning(), R.clusters(), MANIFEST, "en", "area")
    fig = rg.specialisation_figure(rows, "en")
    assert [s.x0 for s in fig.layout.shapes] == [1.0]
    strong = next(tr for tr in fig.data if tr.name == "Strong")
    assert strong.customdata.tolist() == [[30, "+25%"]]
    absent = next(tr for tr in fig.data if tr.name == "Absent")
    assert absent.customdata.tolist() == [[0, "Too few to tell"]]  # growth unknown: the status word
    assert "Patents in the region" in strong.hovertemplate and "Growth worldwide" in strong.hovertemplate


def test_branch_level_draws_the_branches_named_from_the_manifest():
    rows = rg.specialisation_rows(R.positioning(), R.clusters(), MANIFEST, "zh", "branch")
    assert bars(rg.specialisation_figure(rows, "zh")) == {"玩具": (1.8, POSITION_COLOURS["strong"]),
                                                          "照明": (0.0, POSITION_COLOURS["absent"])}
    assert rg.position_counts(R.positioning(), "branch") == {"strong": 1, "average": 0, "weak": 0, "absent": 1}
    assert rg.position_counts(R.positioning(), "area") == {"strong": 1, "average": 1, "weak": 1, "absent": 1}
    assert rg.has_branches(R.positioning()) and not rg.has_branches(rg.subject_rows(R.positioning(), "area"))


@pytest.mark.parametrize("lang, headers, words", [
    ("en", ["Area", "Position", "Patents in the region", "Specialisation", "Growth worldwide", "Trend worldwide"],
     ["Building blocks", "Strong", "Emerging"]),
    ("zh", ["技术领域", "定位", "本区域专利数", "专业化指数", "全球增长率", "全球趋势"], ["积木", "优势", "新兴"])])
def test_positioning_table_is_localised(lang, headers, words):
    table = localise(rg.positioning_table(R.positioning(), R.clusters(), MANIFEST, lang), lang)
    assert table.columns.tolist()[:6] == headers
    first = table.iloc[0]
    assert [first[headers[0]], first[headers[1]], first[headers[5]]] == words
    assert table[headers[2]].tolist() == [30, 9, 3, 0]
    cells = " ".join(map(str, table.to_numpy().ravel()))
    assert "region." not in cells and "trends." not in cells  # no key left untranslated


def test_graph_filter_keeps_only_the_links_of_the_chosen_area():
    links = rg.collaboration_links(R.collaboration(), area=1)
    assert sorted(zip(links["a"], links["b"])) == [("奥飞娱乐", "广东工业大学"), ("汕头积木厂", "奥飞娱乐")]
    assert all(1 in list(v) for v in links["areas"])
    as_text = R.collaboration().assign(areas=[";".join(map(str, v)) for v in R.collaboration()["areas"]])
    assert rg.collaboration_links(as_text, area=1)[["a", "b"]].equals(links[["a", "b"]])  # "0;1" cells too
    everything = rg.collaboration_links(R.collaboration())
    assert len(everything) == len(R.LINKS) and everything["patents"].is_monotonic_decreasing


def test_graph_inside_only_drops_links_that_leave_the_region():
    inside = rg.inside_names(R.applicants(), R.region_applicants(), NAV)
    assert inside == R.INSIDE
    links = rg.collaboration_links(R.collaboration(), area=0, inside=inside, inside_only=True)
    assert sorted(zip(links["a"], links["b"])) == [("汕头积木厂", "奥飞娱乐"), ("汕头积木厂", "汕头大学")]


def test_graph_figure_sizes_colours_and_widths():
    links = rg.collaboration_links(R.collaboration())
    fig = rg.collaboration_figure(links, "zh", applicants=R.applicants())
    nodes = [tr for tr in fig.data if (tr.meta or {}).get("kind") == "nodes"]
    drawn = {row[0]: int(row[1]) for tr in nodes for row in tr.customdata}
    assert drawn == {n: c for n, c in zip(R.applicants()["applicant"], R.applicants()["count"])}  # every end, its patents
    assert {tr.name for tr in nodes} == {"企业", "高校", "科研院所"}
    size = {row[0]: s for tr in nodes for row, s in zip(tr.customdata, tr.marker.size)}
    assert size["LEGO A/S"] > size["汕头积木厂"] > size["汕头玩具研究所"]
    edges = [tr for tr in fig.data if (tr.meta or {}).get("kind") == "links"]
    assert sum(len(tr.x) // 3 for tr in edges) == len(links)
    assert max(tr.line.width for tr in edges) > min(tr.line.width for tr in edges)
    # Same links, same layout.
    again = rg.graph_layout(links, rg.graph_nodes(links))
    assert again == rg.graph_layout(links, rg.graph_nodes(links))


def test_links_table_in_both_languages():
    links = rg.collaboration_links(R.collaboration()).head(1)
    assert localise(rg.links_table(links, "en"), "en").iloc[0].to_dict() == {
        "Applicant": "汕头积木厂", "Type": "enterprise", "Partner": "汕头大学", "Partner type": "university",
        "Patents together": 6, "Link": "enterprise–university"}
    assert rg.links_table(links, "zh").iloc[0]["link_kind"] == "企业–高校"


def test_four_levels_from_the_world_to_the_city():
    table = rg.level_comparison(R.regions(), NAV, "zh", area=0)
    assert table["level"].tolist() == ["全球", "国家", "省级", "市级"]
    assert table["region"].tolist() == ["全球", "中国", "广东省", "汕头市"]  # not 浙江省, another province
    assert table["patents"].tolist() == [60, 36, 18, 30]
    assert table["specialisation"].tolist()[-1] == 2.4
    whole = rg.level_comparison(R.regions(), NAV, "en")
    assert whole["region"].tolist() == ["World", "China", "广东省", "汕头市"] and whole["patents"].tolist()[0] == 130
    toys = rg.level_comparison(R.regions(), NAV, "en", branch="toys")
    assert toys["patents"].tolist() == [115, 69, 34, 11]


def test_region_chain_and_no_navigation():
    assert [n for _, n in rg.region_chain(NAV, "zh")] == ["全球", "中国", "广东省", "汕头市"]
    assert [n for _, n in rg.region_chain(NAV, "en")] == ["World", "China", "广东省", "汕头市"]
    bare = {"region": {"name": "广东省", "level": "province"}}
    assert rg.region_chain(bare, "en") == [("world", "World"), ("province", "广东省")]
    assert rg.navigation(R.manifest()) is None and rg.navigation({"navigation": {"region": {}}}) is None
    assert rg.navigation(MANIFEST) is NAV


def test_leaders_inside_and_outside():
    inside = rg.leaders_table(R.region_applicants(), inside=True, lang="en", area=0)
    outside = rg.leaders_table(R.region_applicants(), inside=False, lang="zh")
    assert inside["group"].tolist() == ["汕头积木厂", "汕头大学"] and "nationality" not in inside
    assert inside["type"].tolist() == ["enterprise", "university"]
    assert outside["group"].tolist() == ["LEGO A/S", "广东工业大学"] and outside["type"].tolist() == ["企业", "高校"]
    assert rg.leaders_table(R.region_applicants(), inside=True, lang="en", area=3).empty


def test_core_patents_by_area_and_overall():
    pts = R.points()
    one = rg.core_patents_table(R.core_patents(), pts, R.clusters(), "en", area=2)
    assert one["rank_in_area"].tolist() == [1, 2, 3] and "area" not in one  # the area chosen
    assert set(one["legal"]) == {"in force"}
    assert one["title"].tolist()[0] == pts.set_index("id").at[one["id"][0], "title"]
    every = rg.core_patents_table(R.core_patents(), pts, R.clusters(), "zh")
    assert every["value"].is_monotonic_decreasing and len(every) == 12 and set(every["legal"]) == {"有效"}
    assert every["area"].tolist()[:2] == ["积木", "遥控车"]
    ids = pts.loc[pts["area"] == 3, "id"]
    assert set(rg.core_patents_table(R.core_patents(), pts, R.clusters(), "zh", ids=ids)["area"]) == {"LED 灯具"}


def test_recommendations_and_inventors_in_the_language():
    recs = rg.recommendations_table(R.recommendations(), R.clusters(), MANIFEST, "zh")
    assert recs.to_dict("list") == {"kind": ["巩固优势", "培育发展", "引进企业"], "subject": ["积木", "玩偶", "照明"],
                                    "text": ["巩固积木领域的优势。", "培育玩偶企业。", "引进照明企业。"]}
    assert rg.recommendations_table(R.recommendations(), R.clusters(), MANIFEST, "en")["text"][0].startswith("Keep")
    people = rg.inventors_table(R.inventors(), NAV, R.clusters(), "en")
    assert people["inventor"].tolist() == ["陈明", "李华"]  # the region's, not Hans Berg
    assert people["areas"].tolist() == ["Building blocks", "Building blocks; Remote-control cars"]


def test_coverage_and_value_formula():
    cover = localise(rg.coverage_rows(NAV, "zh"), "zh")
    assert cover.iloc[:, 0].tolist() == ["发明人", "被引证", "申请人地址"] and cover.iloc[:, 1].tolist() == [82.0, 40.0, 65.0]
    assert rg.value_formula(NAV, "en").startswith("Value = 0.4 × citations")
    # A value that only knows grant status says it cannot rank patents.
    thin = {"value": {"weights": {"granted": 1.0}, "parts": ["granted"]}}
    assert "not by merit" in rg.value_formula(thin, "en") and "并非按价值高低" in rg.value_formula(thin, "zh")
    assert rg.value_formula({}, "en") is None


def test_empty_links_draw_an_empty_figure():
    fig = rg.collaboration_figure(pd.DataFrame(columns=["a", "b", "patents", "a_type", "b_type"]), "en")
    assert not fig.data
    assert np.isfinite(rg.specialisation_rows(R.positioning(), R.clusters(), MANIFEST, "en")["specialisation"]).all()
