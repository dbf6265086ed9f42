"""Numbers a professional can sign, end to end on a hand-made PatSnap export with known answers
(``signed_export.py``): import, build and analyse through the CLI, then read the figures back
from the bundle, the CLI's JSON, the app (AppTest) and the report (pdftotext)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pandas as pd
import pytest
from click.testing import CliRunner

from landscape.cli import main
from signed_export import APPLICANTS, write_export
from test_app import run_app


def _cli(*args) -> str:
    out = CliRunner().invoke(main, [str(a) for a in args])
    assert out.exit_code == 0, out.output
    return out.output


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    ws = tmp_path_factory.mktemp("signed")
    answers = write_export(ws / "patsnap.csv")
    _cli("build", "--workspace", ws, "--input", ws / "patsnap.csv", "--name", "signed", "--model", "tfidf")
    _cli("analyse", "--workspace", ws, "--map", "signed")
    return ws, answers


def _bundle(ws, table):
    return pd.read_parquet(ws / "maps" / "signed" / f"{table}.parquet")


def test_counts_are_by_application(signed):
    ws, answers = signed
    stats = json.loads(_cli("stats", "--workspace", ws, "--json"))
    assert stats["by_unit"]["publication"] == answers.publications
    assert stats["by_unit"]["application"] == answers.applications
    points = _bundle(ws, "points")
    assert len(points) == answers.applications
    assert points["year"].value_counts().sort_index().to_dict() == dict(sorted(answers.by_year.items()))


def test_time_window_comes_from_the_export_cutoff(signed):
    ws, answers = signed
    manifest = json.loads((ws / "maps" / "signed" / "manifest.json").read_text())
    window = manifest["time_window"]
    assert window["cutoff"] == answers.cutoff.isoformat()
    assert window["year_basis"] == "filing"
    assert window["last_complete_year"] == answers.last_complete_year
    summary = _bundle(ws, "trend_summary")
    windows = summary["recent_window"].dropna().astype(str)
    assert len(windows) and windows.str.endswith(str(answers.last_complete_year)).all()


def test_groups_and_home_foreign_from_data(signed):
    ws, answers = signed
    apps = _bundle(ws, "applicants")
    by_group = apps.groupby("group")["count"].sum()
    # One corporate group for the three ACME subsidiaries, with the planted count.
    acme = [g for g in by_group.index if "ACME" in g]
    assert len(acme) == 1 and by_group[acme[0]] == answers.by_group["ACME"]
    assert sorted(by_group.to_list()) == sorted(answers.by_group.values())
    # Foreign firms written in Chinese are foreign: the share is the planted one.
    home = int(apps.loc[apps["is_home"].astype(bool), "count"].sum())
    assert home == answers.home_applications
    chinese_written_foreign = {a.name[:2] for a in APPLICANTS if a.country != "CN" and not a.name.isascii()}
    for prefix in chinese_written_foreign:
        row = apps[apps["applicant"].str.startswith(prefix)].iloc[0]
        assert not row["is_home"] and row["decided_by"] != "name"


def test_names_are_not_damaged(signed):
    ws, _ = signed
    names = set(_bundle(ws, "applicants")["applicant"])
    assert not any(" 南通" in n or n.endswith(" 南通") for n in names), names
    assert any("南通" in n for n in names)


def test_concentration_matches_a_plain_group_by(signed):
    ws, answers = signed
    conc = _bundle(ws, "concentration")
    row = conc[(conc["area"] == -1) & (conc["period"] == "all")].iloc[0]
    counts = pd.Series(answers.by_group)
    shares = counts / counts.sum()
    assert row["n_patents"] == answers.applications
    assert row["hhi"] == pytest.approx(10_000 * float((shares ** 2).sum()), abs=1e-3)  # HHI on 0-10,000
    assert row["cr4"] == pytest.approx(float(shares.sort_values(ascending=False)[:4].sum()), abs=1e-6)


def test_report_states_the_right_home_share_and_window(signed, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed")
    ws, answers = signed
    for lang in ("zh", "en"):
        out = tmp_path / f"r-{lang}.pdf"
        _cli("report", "--workspace", ws, "--map", "signed", "--lang", lang, "--out", out)
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        assert answers.cutoff.isoformat() in flat
        assert str(answers.last_complete_year) in flat
        # The home share of the last three complete years, as the applicants chapter states it.
        home, total = answers.home_recent
        share = f"{round(100 * home / total)}%"
        said = {"zh": f"2019–2021 年国内（CN）申请人集团占申请量的 {share}",
                "en": f"Domestic (CN) groups hold {share} of the filings in 2019–2021"}[lang]
        assert said in flat, share
        # The group is one row, never its subsidiaries.
        assert "ACME ADVANCED MAT KOREA" not in flat


def test_small_areas_raise_no_alert_and_the_app_says_none_found(signed, monkeypatch):
    ws, _ = signed
    assert len(_bundle(ws, "alerts")) == 0  # every area is under the rules' minimum mass
    at = run_app(ws, monkeypatch, page="alerts", map_name="signed")
    from landscape.i18n import t
    assert t("alerts.none", "en") in [s.value for s in at.success]


def test_alerts_speak_of_groups_and_the_app_shows_the_clis(signed, monkeypatch, tmp_path):
    ws, answers = signed
    rules = tmp_path / "small.toml"
    rules.write_text("[concentrated]\nmin_patents = 5\nrise_min = 0\n[surge]\nmin_patents = 5\nmin_count = 2\n"
                     "[foreign_dominance]\nmin_patents = 5\n", encoding="utf-8")
    _cli("analyse", "--workspace", ws, "--map", "signed", "--rules", rules)
    alerts = _bundle(ws, "alerts")
    assert len(alerts), "with a minimum mass of 5 the one-group areas are concentrated"
    subsidiaries = {a.name for a in APPLICANTS if a.group == "ACME"}
    assert not set(alerts["applicant"]) & subsidiaries, "alerts name the group, never its subsidiaries"
    at = run_app(ws, monkeypatch, page="alerts", map_name="signed")
    shown = [df.value for df in at.dataframe]
    assert any(len(df) == len(alerts) for df in shown), [len(df) for df in shown]


def test_applicants_page_shows_groups_and_saves_corrections(signed, monkeypatch, tmp_path):
    ws, answers = signed
    work = tmp_path / "ws"
    shutil.copytree(ws, work)
    at = run_app(work, monkeypatch, page="applicants", map_name="signed")
    groups = at.dataframe[0].value
    patents = dict(zip(groups.iloc[:, 0], groups.iloc[:, 1]))
    assert patents["ACME"] == answers.by_group["ACME"]
    assert sorted(patents.values()) == sorted(answers.by_group.values())
    # Put GE and Siemens in one (made-up) group: saved for the next analyse, previewed now.
    ge, siemens = [n for n in patents if n.startswith(("通用电气", "西门子"))]
    at.multiselect(key="grp_merge").set_value([ge, siemens])
    at.text_input(key="grp_name").input("EUROPE AMERICA ENERGY")
    next(b for b in at.button if "one group" in b.label).click()
    at.run()
    assert not at.exception
    assert "EUROPE AMERICA ENERGY" in (work / "applicant_groups.toml").read_text(encoding="utf-8")
    preview = at.dataframe[-1].value
    merged = dict(zip(preview.iloc[:, 0], preview.iloc[:, 1]))
    assert merged["EUROPE AMERICA ENERGY"] == answers.by_group["GE"] + answers.by_group["SIEMENS"]
    _cli("analyse", "--workspace", work, "--map", "signed")
    apps = pd.read_parquet(work / "maps" / "signed" / "applicants.parquet")
    assert apps.groupby("group")["count"].sum()["EUROPE AMERICA ENERGY"] == 50


def test_areas_page_lists_groups_as_analysed(signed, monkeypatch):
    ws, answers = signed
    at = run_app(ws, monkeypatch, page="areas", map_name="signed")
    table = at.dataframe[0].value
    cells = " ".join(map(str, table.to_numpy().ravel()))
    assert f"ACME ({answers.by_group['ACME']})" in cells
    assert "ACME CHEMICAL KOREA" not in cells
