"""Alerts and white spaces per breakdown branch (landscape.analyse.branches): on the planted map,
analysed by ``landscape analyse`` and broken down by ``landscape breakdown``, checked against a
plain pandas computation; a breakdown made before any analysis writes them empty."""
from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from test_app import app_ws  # noqa: F401 (a fixture)
from test_app_breakdown import TAXONOMY, cli

from landscape import pipeline
from landscape.analyse.alerts import ALERT_COLUMNS
from landscape.analyse.branches import AREA_SHARE, BRANCH_ALERT_COLUMNS, BRANCH_WHITE_SPACE_COLUMNS
from landscape.analyse.white_space import WhiteSpaceSettings, find_white_spaces, surrounding_patents
from landscape.maps import read_bundle, update_bundle


@pytest.fixture(scope="module")
def analysed(app_ws, tmp_path_factory):  # noqa: F811
    """The planted map, analysed, then broken down: the order a user follows."""
    ws = tmp_path_factory.mktemp("branchalerts")
    shutil.copytree(app_ws / "maps" / "planted", ws / "maps" / "planted")
    pipeline.analyse(ws, "planted")
    # A corpus this small has no significant gap: its white spaces found with the significance
    # and direction checks relaxed (a real finding, same grid and ring as the default's).
    b = read_bundle(ws, "planted")
    loose = WhiteSpaceSettings(max_p_value=1.0, min_directions=1, min_cells=1, require_5d=False)
    update_bundle(ws, "planted", tables={"white_spaces": find_white_spaces(
        b.points, b.clusters, b.model().cluster_embedding, settings=loose)})
    (ws / "planted.toml").write_text(TAXONOMY, encoding="utf-8")
    cli("breakdown", "--map", "planted", "--taxonomy", ws / "planted.toml", "--workspace", ws)
    return ws


def members(b) -> pd.DataFrame:
    bd = b.table("breakdown")
    bd = bd.loc[bd["branch"] != "", ["branch", "id"]].drop_duplicates()
    return bd.merge(b.points[["id", "area"]], on="id")


def test_branch_alerts_are_the_alerts_of_the_areas_each_branch_spans(analysed):
    b = read_bundle(analysed, "planted")
    alerts, got = b.table("alerts"), b.table("branch_alerts")
    assert len(alerts) > 0, "the planted map should raise alerts, else this test checks nothing"
    assert list(got.columns) == BRANCH_ALERT_COLUMNS
    m = members(b)
    share = m.groupby(["branch", "area"]).size() / m.groupby("branch")["id"].nunique()
    expected = []
    for branch in b.table("branch_summary")["branch"]:
        spans = {a for (br, a), s in share.items() if br == branch and a >= 0 and s >= AREA_SHARE}
        mine = alerts[alerts["area"].isin(spans)]  # in the alerts table's own order
        expected.append(mine.assign(branch=branch))
    expected = pd.concat(expected)[BRANCH_ALERT_COLUMNS].reset_index(drop=True)
    assert len(expected) > 0
    assert got[["branch", "kind", "area", "applicant", "score"]].equals(
        expected[["branch", "kind", "area", "applicant", "score"]])
    assert (got["explanation_zh"] == expected["explanation_zh"]).all()


def test_white_spaces_near_a_branch_count_its_patents_in_their_surroundings(analysed):
    b = read_bundle(analysed, "planted")
    spaces, got = b.table("white_spaces"), b.table("branch_white_spaces")
    assert len(spaces) > 0, "the planted map should have white spaces, else this test checks nothing"
    assert list(got.columns) == BRANCH_WHITE_SPACE_COLUMNS
    rings = surrounding_patents(spaces, b.points[["x", "y"]].to_numpy(dtype=float))
    # The surroundings are those the white-space table measured: its ring_patents.
    assert [int(r.sum()) for r in rings] == spaces["ring_patents"].tolist()
    near = pd.concat([pd.DataFrame({"rank": rank, "id": b.points["id"][ring]}) for rank, ring in
                      zip(spaces["rank"], rings)])
    m = members(b)
    counts = m.merge(near, on="id").groupby(["branch", "rank"]).size().rename("patents_near").reset_index()
    order = {br: i for i, br in enumerate(b.table("branch_summary")["branch"])}
    expected = counts.assign(_o=counts["branch"].map(order)).sort_values(
        ["_o", "patents_near", "rank"], ascending=[True, False, True])
    assert len(expected) > 0
    assert got[["branch", "rank", "patents_near"]].values.tolist() == \
        expected[["branch", "rank", "patents_near"]].values.tolist()
    assert (got["patents_near"] > 0).all()
    row = got.iloc[0]
    assert row["description_zh"] == spaces.set_index("rank").at[row["rank"], "description_zh"]


def test_a_breakdown_before_any_analysis_writes_them_empty_and_analyse_fills_them(app_ws, tmp_path):  # noqa: F811
    shutil.copytree(app_ws / "maps" / "bare", tmp_path / "maps" / "planted")
    (tmp_path / "planted.toml").write_text(TAXONOMY, encoding="utf-8")
    cli("breakdown", "--map", "planted", "--taxonomy", tmp_path / "planted.toml", "--workspace", tmp_path)
    b = read_bundle(tmp_path, "planted")
    assert b.table("alerts") is None and b.table("white_spaces") is None
    assert b.table("branch_alerts").empty and list(b.table("branch_alerts").columns) == BRANCH_ALERT_COLUMNS
    assert b.table("branch_white_spaces").empty
    assert list(b.table("branch_white_spaces").columns) == BRANCH_WHITE_SPACE_COLUMNS
    pipeline.analyse(tmp_path, "planted")
    b = read_bundle(tmp_path, "planted")
    assert len(b.table("branch_alerts")) > 0  # (analyse finds no white space this small map)
    assert list(b.table("branch_white_spaces").columns) == BRANCH_WHITE_SPACE_COLUMNS
    assert set(b.table("branch_alerts")["kind"]) <= set(b.table("alerts")["kind"])
    assert ALERT_COLUMNS == list(b.table("branch_alerts").columns[1:])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_breakdown_page_shows_a_chosen_branchs_alerts_and_white_spaces(analysed, monkeypatch, lang):
    from test_app import run_app, texts

    from landscape.i18n import t

    b = read_bundle(analysed, "planted")
    alerts, near = b.table("branch_alerts"), b.table("branch_white_spaces")
    # Which branches have alerts and which have white spaces near them depends on the layout:
    # the branch with alerts is checked for them, the branch with white spaces for those.
    branches = b.table("branch_summary")["branch"]
    with_alerts = next(br for br in branches if (alerts["branch"] == br).any())
    with_near = next(br for br in branches if (near["branch"] == br).any())
    at = run_app(analysed, monkeypatch, page="breakdown", lang=lang)
    assert t("breakdown.alerts", lang) not in texts(at)  # no branch chosen yet
    at.selectbox(key="bd_branch").set_value(with_alerts).run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("breakdown.alerts", lang) in texts(at)
    why = t("col.explanation", lang)
    shown = [d.value for d in at.dataframe if why in d.value.columns][0]
    assert shown[why].tolist() == alerts.loc[alerts["branch"] == with_alerts, f"explanation_{lang}"].tolist()
    at.selectbox(key="bd_branch").set_value(with_near).run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("breakdown.white_spaces", lang) in texts(at)
    col = t("col.patents_near", lang)
    shown = [d.value for d in at.dataframe if col in d.value.columns][0]
    mine = near[near["branch"] == with_near]
    assert shown[col].tolist() == mine["patents_near"].tolist()
    assert shown[t("col.description", lang)].tolist() == mine[f"description_{lang}"].tolist()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_names_each_level_1_branchs_alerts_and_nearest_white_space(analysed, tmp_path, lang):
    from test_report import POPPLER, _squash
    from test_report_breakdown import _pdf_text

    from landscape.report import write_report
    from landscape.report.strings import tr

    if not POPPLER:
        pytest.skip("poppler-utils (pdftotext) not installed")
    b = read_bundle(analysed, "planted")
    alerts, near = b.table("branch_alerts"), b.table("branch_white_spaces")
    text = _pdf_text(write_report(analysed, "planted", tmp_path / f"r-{lang}.pdf", lang=lang))
    summary = b.table("branch_summary")
    named = 0
    for r in summary[(summary["level"] == 1) & (summary["patents"] > 0)].itertuples():
        mine = near[near["branch"] == r.branch]
        white_space = (tr("bd.white_space", lang, rank=int(mine["rank"].iloc[0]),
                          near=int(mine["patents_near"].iloc[0]),
                          description=mine[f"description_{lang}"].iloc[0]) if len(mine)
                       else tr("bd.no_white_space", lang))
        named += bool(len(mine))
        sentence = tr("bd.watch", lang, alerts=int((alerts["branch"] == r.branch).sum()), white_space=white_space)
        assert _squash(sentence) in text, sentence
    assert named > 0  # some branch has a white space around it: the sentence names it
