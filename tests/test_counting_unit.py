"""The counting unit end to end: an export holding the A and B publications of each application
is imported, mapped and analysed, and every count (by year, by applicant) counts each
application once; on request, each publication."""
from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from landscape import importing, pipeline
from landscape.cli import main
from landscape.ingest.normalize import applicant_name
from landscape.maps import read_bundle

FIRMS = ["汕头市示例玩具有限公司", "示例塑胶制品有限公司", "虚构包装机械有限公司"]
WORDS = ["积木", "磁铁", "遥控", "包装", "注塑", "发光", "毛绒", "轨道"]


def _export(path: Path, applications: int = 120) -> dict:
    """A PatSnap-style export: every application twice (A and B), except every fifth once (A only).

    Returns the truth by application: year and applicant.
    """
    truth = {}
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["公开(公告)号", "申请号", "标题", "摘要", "申请日", "公开(公告)日", "申请(专利权)人", "IPC分类号"])
        for i in range(applications):
            number = 116_900_000 + i
            year = 2015 + i % 8
            firm = FIRMS[i % 3]
            app_no = f"CN{year}1{i:07d}.{i % 10}"
            title = f"一种{WORDS[i % 8]}{WORDS[(i * 3) % 8]}装置"
            abstract = f"本发明公开了一种{WORDS[i % 8]}装置，包括{WORDS[(i + 1) % 8]}与{WORDS[(i + 5) % 8]}。"
            w.writerow([f"CN{number}A", app_no, title, abstract, f"{year}-03-01", f"{year}-09-01", firm, "A63H33/04"])
            if i % 5:
                w.writerow([f"CN{number}B", app_no, title, abstract, f"{year}-03-01", f"{year + 2}-05-01", firm,
                            "A63H33/04"])
            truth[app_no] = (year, applicant_name(firm))  # maps count by the normalised name
    return truth


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    ws = tmp_path_factory.mktemp("units")
    export = ws / "toys.csv"
    truth = _export(export)
    report = pipeline.ingest([export], ws, show_progress=False)
    assert report.files[0].mapped["application_number"] == "申请号"
    ids = pipeline.ids_in([export])
    for unit in ("application", "publication"):
        pipeline.build(ws, name=unit, ids=ids,
                       options=pipeline.BuildOptions(model="hashing", unit=unit, show_progress=False))
        pipeline.analyse(ws, unit)
    return ws, truth, len(ids)


def test_stats_by_unit(built):
    ws, truth, publications = built
    result = CliRunner().invoke(main, ["stats", "--json", "--workspace", str(ws)])
    by_unit = json.loads(result.output)["by_unit"]
    assert by_unit == {"publication": publications, "application": len(truth), "family": len(truth)}
    assert publications > len(truth)


def test_map_counts_each_application_once(built):
    ws, truth, publications = built
    bundle = read_bundle(ws, "application")
    points = bundle.points
    assert len(points) == len(truth)
    assert bundle.manifest["unit"] == "application"
    assert bundle.manifest["publications"] == publications
    assert Counter(points["year"].astype(int)) == Counter(year for year, _ in truth.values())
    assert Counter(points["applicant"]) == Counter(firm for _, firm in truth.values())
    # The representative is the grant where there is one.
    assert points["id"].str.endswith("B").sum() == sum(1 for i in range(len(truth)) if i % 5)
    # Applicant counts in the analysis are counts of applications.
    competitors = bundle.table("competitors")
    whole = competitors[(competitors["area"] == -1) & (competitors["period"] == "all")]
    assert dict(zip(whole["applicant"], whole["count"])) == dict(Counter(firm for _, firm in truth.values()))


def test_publication_unit_counts_every_publication(built):
    ws, truth, publications = built
    points = read_bundle(ws, "publication").points
    assert len(points) == publications


def test_build_input_reads_each_new_export_once_and_maps_the_same_ids(tmp_path, monkeypatch):
    """`build --input` takes the ids of an export the import just read from that import (a large
    file is parsed once); an export imported before is read again for them. Same ids either way."""
    from landscape.ingest import detect as detect_module

    export = tmp_path / "one.csv"
    export.write_text("Publication Number,Title\nCN1000001A,A lamp\nCN1000002A,A toy\nnot-a-number,Bad\n"
                      "CN1000001A,The lamp again\n", encoding="utf-8")
    expected = pipeline.ids_in([export])
    reads = []
    real = detect_module.detect

    def counting(path, *a, **kw):
        reads.append(path)
        return real(path, *a, **kw)

    monkeypatch.setattr(importing, "detect", counting)  # where the import calls it
    report = pipeline.ingest([export], tmp_path / "ws", show_progress=False)
    assert pipeline.ids_read(report, [export]) == expected == ["CN1000001A", "CN1000002A"]
    assert len(reads) == 1  # the import's read only
    again = pipeline.ingest([export], tmp_path / "ws", show_progress=False)  # already imported: not read
    assert pipeline.ids_read(again, [export]) == expected and len(reads) == 3  # detect for ingest + ids_in
