"""`landscape navigate` end to end on the real exports (CNKI: Chinese applicants with a province
column and inventors; Lens: many countries and legal status), with figures checked against a
plain group-by of the tables the navigation started from."""
from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

from landscape.cli import main
from landscape.demo import demo_data_dir
from landscape.maps import read_bundle
from landscape.report.strings import tr
from test_app import run_app, texts
from test_report import POPPLER, _squash

pytestmark = pytest.mark.realdata

RAW = demo_data_dir() / "raw"


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    if not RAW.is_dir():
        pytest.fail(f"real data not found at {RAW}; set $LANDSCAPE_CORPORA to the shared corpora folder")
    ws = tmp_path_factory.mktemp("nav_ws")
    run = CliRunner()
    for folder in ("cnki-sysu-cn-export", "lens-physical-ai-robotics", "gpatents-landscapes-teamlab"):
        r = run.invoke(main, ["ingest", str(RAW / folder), "--workspace", str(ws)])
        assert r.exit_code == 0, r.output
    for args in (["--input", str(RAW / "cnki-sysu-cn-export" / "Patent.csv"), "--name", "cnki"],
                 ["--corpus", "manufacturing", "--name", "robots"],
                 ["--input", str(RAW / "gpatents-landscapes-teamlab" / "orbit_satellite.csv"), "--name", "orbit"]):
        r = run.invoke(main, ["build", *args, "--model", "tfidf", "--workspace", str(ws)])
        assert r.exit_code == 0, r.output
    return ws


def _navigate(ws, *args):
    r = CliRunner().invoke(main, ["navigate", *args, "--workspace", str(ws), "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def test_a_chinese_city_on_the_cnki_export(ws):
    out = _navigate(ws, "--map", "cnki", "--region", "广州")
    note = out["navigation"]
    assert note["region"]["chain"] == [["world", "world"], ["country", "CN"], ["province", "广东省"], ["city", "广州市"]]
    b = read_bundle(ws, "cnki")
    regions, applicants = b.table("regions"), b.table("applicants")
    # Where each patent is = where its first applicant is: count the city's patents by hand.
    city_of = applicants.drop_duplicates("applicant").set_index("applicant")["city"]
    in_city = b.points["applicant"].map(city_of).eq("广州市")
    totals = regions[regions["area"].isna() & regions["branch"].isna()].set_index("level")["count"]
    assert totals["city"] == int(in_city.sum()) and totals["world"] == len(b.points)
    # Specialisation of every area, by hand.
    rows = regions[(regions["level"] == "city") & regions["area"].notna()].set_index("area")
    for area, n_world in b.points["area"].value_counts().items():
        n_city = int((in_city & b.points["area"].eq(area)).sum())
        assert rows.loc[area, "count"] == n_city
        expected = (n_city / in_city.sum()) / (n_world / len(b.points))
        assert rows.loc[area, "specialisation"] == pytest.approx(expected)
    # The export's province column and the names agree: 中山大学 is in 广州, not 中山市.
    sysu = applicants[applicants["applicant"] == "中山大学"].iloc[0]
    assert (sysu["province"], sysu["city"], sysu["type"]) == ("广东省", "广州市", "university")
    # Inventors are the CNKI Author column; co-applicants make a collaboration network.
    assert note["coverage"]["inventors"] > 0.95 and len(b.table("inventors")) > 1000
    links = b.table("collaboration")
    assert len(links) > 50 and links["kind"].str.contains("university").any()
    # Every suggestion cites figures, in both languages.
    path = b.table("recommendations")
    assert len(path) and path["text_zh"].str.contains("广州市").all() and path["figures"].map(json.loads).map(bool).all()


def test_a_country_on_the_lens_export(ws):
    out = _navigate(ws, "--map", "robots", "--region", "中国")
    assert out["navigation"]["region"]["chain"] == [["world", "world"], ["country", "CN"]]
    b = read_bundle(ws, "robots")
    regions, facts_status = b.table("regions"), b.table("applicants")
    world = regions[(regions["level"] == "world") & regions["area"].isna() & regions["branch"].isna()].iloc[0]
    # Lens gives legal status: the world's in-force share is active / known statuses of the map.
    docs = b.table("documents")
    known = docs["legal_status"].isin(["active", "pending", "inactive"])
    assert world["in_force_share"] == pytest.approx((docs["legal_status"] == "active").sum() / known.sum(), abs=0.02)
    positions = b.table("positioning")
    assert set(positions["position"]) <= {"strong", "average", "weak", "absent"} and len(positions) == len(b.clusters)
    inside = b.table("region_applicants")
    own = inside[(inside["scope"] == "all") & inside["inside"]]
    assert (own["country"] == "CN").all() and len(own)
    assert not facts_status.empty
    core = b.table("core_patents")
    assert len(core) and core.groupby("area").size().max() <= 5


def test_an_unknown_region_is_one_sentence(ws):
    r = CliRunner().invoke(main, ["navigate", "--map", "cnki", "--region", "Atlantis-城", "--workspace", str(ws)])
    assert r.exit_code != 0 and "Traceback" not in r.output and len(r.output.strip().splitlines()) == 1


def test_citation_lists_feed_the_value_score(ws):
    # The Google Patents landscape carries each patent's reference list: citations are counted
    # among the imported records, and the core patents are the most cited.
    note = _navigate(ws, "--map", "orbit", "--region", "US")["navigation"]
    assert note["value"]["citations"] == "cited_in_store" and "citations" in note["value"]["parts"]
    b = read_bundle(ws, "orbit")
    values = b.table("patent_values")
    assert values["citations_per_year"].notna().sum() > 0
    core = b.table("core_patents")
    best = core[core["rank_in_area"] == 1]
    # Each area's first core patent is cited at least as often per year as the area's median patent.
    median = values.groupby("area")["citations_per_year"].median()
    assert (best.set_index("area")["citations_per_year"] >= median.reindex(best["area"]).to_numpy()).all()


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) not installed")
def test_the_navigation_report_of_a_real_map(ws, tmp_path):
    _navigate(ws, "--map", "cnki", "--region", "广州")
    regions = read_bundle(ws, "cnki").table("regions")
    city = regions[(regions["level"] == "city") & regions["area"].isna() & regions["branch"].isna()].iloc[0]
    for lang in ("zh", "en"):
        out = tmp_path / f"cnki-{lang}.pdf"
        r = CliRunner().invoke(main, ["report", "--map", "cnki", "--region", "广州市", "--lang", lang,
                                      "--out", str(out), "--workspace", str(ws)])
        assert r.exit_code == 0, r.output
        text = _squash(subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                                      check=True).stdout)
        for key in ("part.direction", "part.position", "part.path"):
            assert _squash(tr(key, lang)) in text, (lang, key)
        assert "广州市" in text and f"{int(city['count']):,}" in text


def test_the_region_page_on_a_real_map(ws, monkeypatch):
    _navigate(ws, "--map", "cnki", "--region", "广州")
    at = run_app(ws, monkeypatch, page="region", map_name="cnki", lang="zh")
    assert not at.exception
    assert "全球 → 中国 → 广东省 → **广州市**" in texts(at)
    assert sum(int(m.value) for m in at.metric) == len(read_bundle(ws, "cnki").clusters)


def test_the_region_page_navigates_another_region(ws, monkeypatch):
    _navigate(ws, "--map", "cnki", "--region", "广州")
    at = run_app(ws, monkeypatch, page="region", map_name="cnki", lang="zh")
    at.text_input(key="rg_region_text").set_value("火星市")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception and at.error and "火星市" in at.error[0].value
    at.text_input(key="rg_region_text").set_value("广东")
    at.button[0].click().run()
    assert not at.exception
    assert "全球 → 中国 → **广东省**" in texts(at)
    assert read_bundle(ws, "cnki").manifest["navigation"]["region"]["name"] == "广东省"
