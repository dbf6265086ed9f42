"""A missing field is said early and everywhere: at import (CLI and --json), at build (manifest),
in the app's data-coverage table and warnings, and in the report."""
from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from landscape import pipeline
from landscape.cli import main
from landscape.coverage import coverage_table, coverage_warnings, import_warnings

WORDS = ["magnet", "block", "track", "spring", "wheel", "light", "sound", "gear"]


def _no_applicants_export(path, n=120):
    """A BigQuery-style flat export that has no assignee column at all."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["publication_number", "title", "abstract", "publication_date", "ipc_codes"])
        for i in range(n):
            w.writerow([f"US-{11_000_000 + i}-B2", f"Toy {WORDS[i % 8]} with {WORDS[(i * 3) % 8]}",
                        f"A toy has a {WORDS[i % 8]} and a {WORDS[(i + 2) % 8]} for play.",
                        f"{2012 + i % 10}0{1 + i % 9}15", "A63H33/04,A63H17/00"])
    return path


def test_coverage_table_counts_any_of_a_needs_fields():
    df = pd.DataFrame({"abstract": ["x", None, ""], "applicants": [["A"], [], None], "ipc": [[], ["A63H"], []],
                       "cpc": [["B65B"], [], []], "filing_date": [None, None, None],
                       "priority_date": [None, None, None], "publication_date": [pd.Timestamp("2020-01-01"), None, None],
                       "inventors": [[], [], []], "legal_status": [None, None, None],
                       "application_number": [None, None, None]})
    table = coverage_table(df).set_index("key")
    assert table.loc["abstract", "records"] == 1
    assert table.loc["applicants", "records"] == 1
    assert table.loc["codes", "records"] == 2  # ipc or cpc
    assert table.loc["dates", "records"] == 1
    warnings = coverage_warnings(table.reset_index())
    assert any(w.startswith("Applicant: only 33%") for w in warnings)
    assert not any("Inventors" in w for w in warnings)  # listed in the table, not warned about
    assert any("申请人" in w for w in coverage_warnings(table.reset_index(), "zh"))


def test_import_warnings_say_what_a_missing_or_empty_column_leaves_empty():
    mapped = {"id": "publication_number", "title": "title", "ipc": "ipc_codes", "publication_date": "d"}
    said = import_warnings(mapped, {"ipc": 0, "title": 5}, read=5)
    assert any(s.startswith("no applicant column: applicant shares, concentration and early warnings") for s in said)
    # the IPC column exists but nothing in it parsed: that is the silent loss to catch
    assert any("'ipc_codes'" in s and "no readable value" in s for s in said)
    assert not any(s.startswith("no any date") for s in said)


def test_ingest_says_which_header_fed_which_field_and_what_is_missing(tmp_path):
    export = _no_applicants_export(tmp_path / "flat.csv", n=5)
    ws = tmp_path / "ws"
    out = CliRunner().invoke(main, ["ingest", str(export), "--workspace", str(ws)])
    assert out.exit_code == 0
    assert "ipc <- 'ipc_codes'" in out.output
    assert "warning: no applicant column" in out.output
    report = json.loads(CliRunner().invoke(main, ["ingest", str(export), "--workspace", str(tmp_path / "ws2"),
                                                  "--json"]).output)
    f = report["files"][0]
    assert f["format"] == "google-patents"
    assert "applicants" in f["missing"] and "ipc" not in f["missing"]
    assert f["mapped"]["ipc"] == "ipc_codes" and f["mapped"]["id"] == "publication_number"
    assert any("no applicant column" in w for w in f["warnings"])


@pytest.fixture(scope="module")
def no_applicants_map(tmp_path_factory):
    ws = tmp_path_factory.mktemp("cov")
    export = _no_applicants_export(ws / "flat.csv")
    pipeline.ingest([export], ws, show_progress=False)
    pipeline.build(ws, name="flat", ids=pipeline.ids_in([export]),
                   options=pipeline.BuildOptions(model="hashing", show_progress=False))
    pipeline.analyse(ws, "flat")
    return ws


def test_build_records_coverage_and_warnings_in_the_manifest(no_applicants_map):
    from landscape.maps import read_bundle

    m = read_bundle(no_applicants_map, "flat").manifest
    coverage = {r["key"]: r for r in m["coverage"]}
    assert coverage["applicants"]["records"] == 0 and coverage["codes"]["share"] == 1.0
    assert any(w.startswith("Applicant: only 0%") for w in m["data_warnings"])
    assert m["unit"] == "application"


def test_app_shows_the_warning_and_the_coverage_table(no_applicants_map, monkeypatch):
    from test_app import run_app, texts

    at = run_app(no_applicants_map, monkeypatch, map_name="flat")
    assert "applicant shares, concentration and early warnings will be empty" in texts(at)
    shown = [df.value for df in at.dataframe]
    cov = next(d for d in shown if "Patents with it" in d.columns)
    assert dict(zip(cov["Field"], cov["Patents with it"]))["Applicant"] == 0
    at = run_app(no_applicants_map, monkeypatch, map_name="flat", lang="zh")
    assert "申请人排名、集中度与风险预警将为空" in texts(at)


def test_report_has_the_coverage_table_and_the_unit(no_applicants_map, tmp_path):
    from landscape.report import write_report

    for lang, words in (("en", ("Data coverage", "Counted by application", "Applicant: only 0%")),
                        ("zh", ("数据完整性", "按申请计数", "申请人"))):
        path = write_report(no_applicants_map, "flat", tmp_path / f"r-{lang}.html", lang=lang)
        html = path.read_text(encoding="utf-8")
        for w in words:
            assert w in html, (lang, w)
