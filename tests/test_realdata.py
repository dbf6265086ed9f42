"""The real exports in ../shared/corpora, imported the way the demo imports them.

Figures asserted here were counted independently of the readers (plain pandas / line
counts over the raw files, see the MANIFEST of the shared corpora), so a reader that
drops or invents rows fails.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from landscape.demo import DEMO_SOURCES, demo_data_dir
from landscape.pipeline import ingest
from landscape.stats import workspace_stats
from landscape.store import Store

pytestmark = pytest.mark.realdata

RAW = demo_data_dir() / "raw"


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory):
    if not RAW.is_dir():
        pytest.fail(f"real data not found at {RAW}; set $LANDSCAPE_CORPORA to the shared corpora folder")
    ws = tmp_path_factory.mktemp("demo_ws")
    reports = {}
    for folder, fmt, columns in DEMO_SOURCES:
        reports[folder] = ingest([RAW / folder], ws, fmt=fmt, columns=columns, show_progress=False)
    return ws, reports


def _csv_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_every_real_row_is_read_or_quarantined(demo_ws):
    _, reports = demo_ws
    lens = reports["lens-physical-ai-robotics"].files[0]
    assert (lens.format, lens.read, lens.quarantined) == ("lens", len(_csv_rows(RAW / "lens-physical-ai-robotics/pai.csv")), 0)
    cnki = reports["cnki-sysu-cn-export"].files
    assert [f.format for f in cnki] == ["cnki", "cnki"]
    # Patent_with_keys.csv holds the same records as Patent.csv: all merged, none new.
    assert (cnki[1].read, cnki[1].imported, cnki[1].merged) == (1467, 0, 1467)
    uspto = reports["uspto-random-sample-pygrams"].files[0]
    assert (uspto.format, uspto.read, uspto.quarantined) == ("jsonl", 7581, 0)
    pv = reports["patentsview-nvidia-portfolio"].files[0]
    assert (pv.format, pv.read) == ("patentsview", len(_csv_rows(RAW / "patentsview-nvidia-portfolio/nvidia_patent.csv")))
    lines = reports["gpatents-waste-heat-multilingual"].files
    non_empty = sum(1 for p in (RAW / "gpatents-waste-heat-multilingual").rglob("*.txt")
                    for line in p.read_text(encoding="utf-8").splitlines() if line.strip())
    assert sum(f.read for f in lines) == non_empty
    assert {f.status for f in lines} <= {"done", "empty"}
    assert sum(f.status == "empty" for f in lines) == sum(
        1 for p in (RAW / "gpatents-waste-heat-multilingual").rglob("*.txt") if p.stat().st_size == 0)


def test_real_fields_are_normalised(demo_ws):
    ws, _ = demo_ws
    with Store.open(ws, read_only=True) as store:
        con = store.con
        lens = con.execute("SELECT id, applicants, ipc, filing_date, doc_type FROM patents "
                           "WHERE list_contains(sources, 'pai.csv#2')").fetchall()[0]
        first = _csv_rows(RAW / "lens-physical-ai-robotics/pai.csv")[0]
        assert lens[0] == first["Display Key"].replace(" ", "").replace("/", "")
        assert lens[1] == first["Applicants"].split(";;")
        assert lens[2] == first["IPCR Classifications"].split(";;")
        assert str(lens[3]) == first["Application Date"]
        cnki = _csv_rows(RAW / "cnki-sysu-cn-export/Patent.csv")[0]
        row = con.execute("SELECT title, lang, publication_date, ipc, country FROM patents WHERE id = ?",
                          [cnki["PubNo-公开号"]]).fetchall()[0]
        assert row[0] == cnki["Title-题名"] and row[1] == "zh" and row[4] == "CN"
        y, m, d = (int(x) for x in cnki["PubTime-公开日期"].split("/"))
        assert (row[2].year, row[2].month, row[2].day) == (y, m, d)
        assert row[3] == cnki["CLC-中图分类号"].split(";")
        # No record without a normalised id; codes never contain spaces.
        assert con.execute("SELECT count(*) FROM patents WHERE id IS NULL OR id LIKE '% %'").fetchall()[0][0] == 0
        assert con.execute("SELECT count(*) FROM (SELECT unnest(list_concat(ipc, cpc)) c FROM patents) "
                           "WHERE c LIKE '% %'").fetchall()[0][0] == 0
        # The waste-heat line files are mostly Chinese, Korean and English (MANIFEST counts).
        langs = dict(con.execute("SELECT lang, count(*) FROM patents WHERE list_contains(formats, 'abstract-lines') "
                                 "GROUP BY lang").fetchall())
        assert langs["zh"] > 4500 and langs["ko"] > 1200 and langs["ja"] > 200


def test_stats_and_industries_on_real_data(demo_ws):
    ws, _ = demo_ws
    with Store.open(ws, read_only=True) as store:
        figures = workspace_stats(store)
        total = store.count()
    json.dumps(figures)  # must be serialisable as printed by `stats --json`
    assert figures["total"] == total
    assert set(figures) >= {"total", "by_source", "by_lang", "by_year", "by_doc_type", "by_industry"}
    assert sum(figures["by_doc_type"].values()) == total
    assert sum(figures["by_year"].values()) == total
    # The Lens robotics export alone has 6,755 records with a B25J code (MANIFEST).
    assert figures["by_industry"]["manufacturing"] > 6755
    assert all(figures["by_industry"][name] > 0 for name in
               ("toys", "plastics", "cosmetics", "packaging", "led", "manufacturing"))


def test_reimporting_the_real_data_changes_nothing(demo_ws):
    ws, _ = demo_ws
    with Store.open(ws, read_only=True) as store:
        before = store.count()
    again = ingest([RAW / "lens-physical-ai-robotics", RAW / "cnki-sysu-cn-export"], ws, show_progress=False)
    assert {f.status for f in again.files} == {"already imported"}
    assert again.total_records == before


@pytest.mark.slow
def test_led_industry_map_from_real_data_with_the_real_model(demo_ws):
    from landscape.maps import read_bundle
    from landscape.pipeline import BuildOptions, build

    ws, _ = demo_ws
    build(ws, name="led", corpus="led", options=BuildOptions(show_progress=False))
    b = read_bundle(ws, "led")
    m = b.manifest
    # The LED records are English and Chinese, so auto must pick the multilingual model.
    assert m["model"]["name"] == "use" and m["languages"]["zh"] > 50
    # Laid out in the English model's geometry, fitted on its English records (bench/bilingual.py).
    geometry = m["model"]["english_geometry"]
    assert geometry["used"] and geometry["from"] == "minilm" and geometry["held_out_cosine"] >= 0.45
    assert geometry["fitted_on"] + geometry["held_out"] == min(m["languages"]["en"], 1500)
    assert "English model's geometry" in m["model"]["reason"]
    assert m["unassigned_share"] <= 0.15
    assert 3 <= m["areas"] <= 24
    largest = b.points["cluster"].value_counts(normalize=True).max()
    assert largest < 0.5  # not collapsed
    assert b.clusters["label_en"].str.len().min() > 0 and b.clusters["label_zh"].str.len().min() > 0
    # Chinese terms come from Chinese abstracts: at least one area speaks Chinese.
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in "".join(t)) for t in b.clusters["terms_zh"])
    # A rebuild embeds nothing new.
    build(ws, name="led-again", corpus="led", options=BuildOptions(show_progress=False))
    again = read_bundle(ws, "led-again").manifest
    assert again["embedding_cache"]["n_embedded"] == 0 and again["model"]["english_geometry"] == geometry
    assert (read_bundle(ws, "led-again").points["cluster"].to_numpy() == b.points["cluster"].to_numpy()).all()


@pytest.mark.slow
def test_build_from_a_real_cnki_export_with_input(tmp_path):
    from click.testing import CliRunner

    from landscape.cli import main
    from landscape.maps import read_bundle

    ws = tmp_path / "ws"
    result = CliRunner().invoke(main, ["build", "--input", str(RAW / "cnki-sysu-cn-export" / "Patent.csv"),
                                       "--name", "sysu", "--workspace", str(ws), "--json"])
    assert result.exit_code == 0, result.output
    b = read_bundle(ws, "sysu")
    # 1,467 publications; an application published as A and granted as B (same CN number) counts once
    with open(RAW / "cnki-sysu-cn-export" / "Patent.csv", encoding="utf-8-sig") as f:
        numbers = [row["PubNo-公开号"].strip()[:-1] for row in csv.DictReader(f)]
    assert b.manifest["publications"] == 1467 and b.manifest["records"] == len(set(numbers)) < 1467
    assert b.manifest["model"]["name"] == "use"
    assert b.manifest["unassigned_share"] <= 0.15


@pytest.mark.slow
def test_analysis_of_the_real_lens_robotics_export_agrees_with_a_group_by(demo_ws):
    from landscape.maps import read_bundle
    from landscape.pipeline import AnalyseOptions, BuildOptions, analyse, build, ids_in

    ws, _ = demo_ws
    ids = ids_in([RAW / "lens-physical-ai-robotics" / "pai.csv"])
    # TF-IDF keeps this test quick; the analysis, not the embedding, is under test here.
    build(ws, name="lens", ids=ids, options=BuildOptions(model="tfidf", show_progress=False))
    # By applicant first (a plain group-by of names), by corporate group (the default) below.
    tables = analyse(ws, "lens", AnalyseOptions(by="applicant"))
    b = read_bundle(ws, "lens")
    assert set(tables) >= {"white_spaces", "competitors", "concentration", "alerts", "trends", "effects"}
    for name in tables:
        assert b.table(name) is not None

    # The map counts applications: one row per application (landscape.units), then a plain group-by.
    from landscape.units import one_per_unit

    with Store.open(ws, read_only=True) as store:
        apps = one_per_unit(store.records("id IN (SELECT unnest(?::VARCHAR[]))", [ids]), "application")
        store.con.register("apps", apps[["unit_key", "applicants_norm"]])
        counts = store.con.execute(
            "SELECT a, count(*) AS n FROM (SELECT DISTINCT unit_key, unnest(applicants_norm) AS a FROM apps) "
            "GROUP BY a ORDER BY n DESC, a").fetchall()
    overall = tables["competitors"]
    overall = overall[(overall["area"] == -1) & (overall["window"] == "all")].sort_values(["count", "applicant"],
                                                                                          ascending=[False, True])
    top = [(r.applicant, int(r.count)) for r in overall.head(10).itertuples()]
    assert top == [(a, n) for a, n in counts[:10]]
    assert top[0][0] == "INTEL"  # the MANIFEST's top applicant of this export
    total = sum(n for _, n in counts)
    hhi = sum((100 * n / total) ** 2 for _, n in counts)
    conc = tables["concentration"]
    row = conc[(conc["area"] == -1) & (conc["window"] == "all")].iloc[0]
    assert row["hhi"] == pytest.approx(hhi, rel=1e-6)
    assert row["cr4"] == pytest.approx(sum(n for _, n in counts[:4]) / total, rel=1e-6)

    # By group: the same group-by over the applicants table's groups (a patent counts once per group).
    tables = analyse(ws, "lens")
    group_of = dict(zip(tables["applicants"]["applicant"], tables["applicants"]["group"])) \
        if "applicants" in tables else dict(zip(b.table("applicants")["applicant"], b.table("applicants")["group"]))
    per_group = apps[["unit_key", "applicants_norm"]].explode("applicants_norm").dropna()
    per_group["group"] = per_group["applicants_norm"].map(group_of)
    by_group = per_group.drop_duplicates(["unit_key", "group"])["group"].value_counts()
    assert by_group["BOSCH"] > dict(counts)["BOSCH ROBERT"]  # the group joins Bosch's names
    conc = tables["concentration"]
    row = conc[(conc["area"] == -1) & (conc["window"] == "all")].iloc[0]
    total = int(by_group.sum())
    assert row["hhi"] == pytest.approx(sum((100 * n / total) ** 2 for n in by_group), rel=1e-6)


def test_every_demo_map_signs_its_growth_names_areas_once_and_is_broken_down(demo_ws):
    """Over the demo's own maps (built here with the fast TF-IDF model; the areas differ from
    the README demo's, the rules are the same): each area's growth status agrees with its
    number, and no two areas share a label in either language."""
    from growth_checks import assert_growth_consistent
    from landscape.demo import break_down, demo_jobs
    from landscape.maps import read_bundle
    from landscape.pipeline import BuildOptions, analyse, build

    ws, _ = demo_ws
    jobs = demo_jobs(ws, echo=lambda _: None)
    breakdowns = 0
    assert len(jobs) >= 4, jobs
    for name, selection in jobs:
        build(ws, name=f"demo-{name}", **selection, options=BuildOptions(model="tfidf", show_progress=False))
        analyse(ws, f"demo-{name}")
        bundle = read_bundle(ws, f"demo-{name}")
        assert assert_growth_consistent(bundle) >= len(bundle.clusters)
        for lang in ("en", "zh"):
            labels = bundle.clusters[f"label_{lang}"].dropna().astype(str).str.strip().str.lower()
            repeated = labels[labels.duplicated()].tolist()
            assert not repeated, f"{name}: areas share the {lang} labels {repeated}"
        # Industry maps get their shipped breakdown: every patent in a branch or explicitly unassigned.
        notes = break_down(ws, f"demo-{name}", selection.get("corpus"), echo=lambda _: None)
        if "corpus" not in selection:
            assert notes is None
            continue
        breakdowns += 1
        bundle = read_bundle(ws, f"demo-{name}")
        table = bundle.table("breakdown")
        assert set(table["id"]) == set(bundle.points["id"])
        unassigned = table.groupby("id")["branch"].apply(lambda b: set(b) == {""})
        assert int(unassigned.sum()) == notes["unassigned"] < len(bundle.points) / 2
        assert not table.groupby("id")["branch"].apply(lambda b: "" in set(b) and len(set(b)) > 1).any()
        summary = bundle.table("branch_summary").set_index("branch")["patents"]
        assert summary.to_dict() == {b: int(table.loc[table["branch"] == b, "id"].nunique()) for b in summary.index}
    assert breakdowns >= 2
