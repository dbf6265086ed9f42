"""The breakdown's quality check: the breakdown published into the bundle, the seeded stratified
sample, the analyst's sheet read back, precision and recall with intervals, into the manifest."""
from __future__ import annotations

import json
import math

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from landscape.breakdown.check_sheet import COLUMNS, mark_value
from landscape.breakdown.quality import draw_sample, recall_interval, recall_of, score, wilson_interval
from landscape.cli import main
from landscape.maps import read_bundle
from test_breakdown import TOYS, tiny_bundle, write


# --- the Wilson interval and the recall estimator ------------------------------------------------

def test_wilson_interval_against_a_hand_computed_value():
    # 8 of 10, z = 1.96: centre (0.8 + 1.9208/10) / 1.38416 = 0.71674, half-width
    # 1.96 * sqrt(0.016 + 0.009604) / 1.38416 = 0.22658 -> [0.4902, 0.9433].
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=2e-4) and high == pytest.approx(0.9433, abs=2e-4)
    # 20 of 20 is not [1, 1]: 1 - z^2/(n + z^2) = 20 / 23.8415 = 0.8389.
    assert wilson_interval(20, 20) == pytest.approx((0.8389, 1.0), abs=2e-4)
    assert all(math.isnan(v) for v in wilson_interval(0, 0))


def test_recall_is_the_stratified_estimate_and_its_interval_holds_it():
    # 100 assigned, 18 of 20 drawn are right -> 90 found; 900 not assigned, 2 of 50 drawn belong -> 36 missed.
    assert recall_of(18 / 20, 100, 2 / 50, 900) == pytest.approx(90 / 126)
    low, high = recall_interval(20, 18, 100, 50, 2, 900)
    assert low < 90 / 126 < high
    # No missed patent found among 50 of 900 still leaves recall below 1 possible.
    low, high = recall_interval(20, 20, 100, 50, 0, 900)
    assert high == 1.0 and low < 0.5


# --- drawing the sample ----------------------------------------------------------------------------

BRANCHES = pd.DataFrame({"id": ["a", "a1", "b"], "level": [1, 2, 1], "parent": [None, "a", None]})


def breakdown(n=100):
    """Patents P000..: the first 30 in a (the first 5 of them in a1), the next 3 in b, the rest unassigned."""
    rows = []
    for i in range(n):
        pid = f"P{i:03d}"
        if i < 30:
            rows.append((pid, "a", 1))
            if i < 5:
                rows.append((pid, "a1", 2))
        elif i < 33:
            rows.append((pid, "b", 1))
        else:
            rows.append((pid, "", 0))
    return pd.DataFrame(rows, columns=["id", "branch", "level"]).assign(score=1.0, best=True)


def test_the_sample_is_stratified_sized_right_and_never_draws_more_than_exist():
    table = breakdown()
    sample = draw_sample(table, BRANCHES, per_branch=10, not_assigned=20, seed=1)
    sizes = sample.groupby(["branch", "why"]).size().to_dict()
    assert sizes == {("a", "precision"): 10, ("a", "recall"): 20, ("a1", "precision"): 5,
                     ("b", "precision"): 3, ("b", "recall"): 20}
    assigned = table.groupby("branch")["id"].agg(set)
    for r in sample.itertuples():
        assert (r.id in assigned[r.branch]) == (r.why == "precision")
    assert sample.set_index(["branch", "why"])["stratum_size"].groupby(level=[0, 1]).first().to_dict() == {
        ("a", "precision"): 30, ("a", "recall"): 70, ("a1", "precision"): 5, ("b", "precision"): 3,
        ("b", "recall"): 97}
    assert list(sample["sample_id"]) == list(range(1, len(sample) + 1))
    assert not sample.duplicated(["branch", "id", "why"]).any()


def test_the_sample_is_seeded_and_does_not_depend_on_row_order():
    table = breakdown()
    one = draw_sample(table, BRANCHES, per_branch=10, seed=7)
    assert one.equals(draw_sample(table.sample(frac=1, random_state=3), BRANCHES, per_branch=10, seed=7))
    assert not one.equals(draw_sample(table, BRANCHES, per_branch=10, seed=8))


# --- scoring marks ---------------------------------------------------------------------------------

def test_score_precision_by_hand_and_recall_only_for_level_one():
    marks = pd.DataFrame({"sample_id": range(6), "branch": ["a", "a", "a", "a", "a", "a1"],
                          "id": ["P1", "P2", "P3", "P4", "P9", "P1"],
                          "why": ["precision"] * 3 + ["recall"] * 2 + ["precision"],
                          "stratum_size": [30, 30, 30, 70, 70, 5],
                          "correct": [True, True, False, False, None, True]})
    scores = score(marks, BRANCHES).set_index("branch")
    assert scores.loc["a", "marked"] == 3 and scores.loc["a", "precision"] == pytest.approx(2 / 3)
    assert (scores.loc["a", "precision_low"], scores.loc["a", "precision_high"]) == wilson_interval(2, 3)
    assert scores.loc["a", "recall_marked"] == 1 and scores.loc["a", "recall"] == 1.0
    assert math.isnan(scores.loc["a1", "recall"]) and scores.loc["a1", "precision"] == 1.0
    assert scores.loc["b", "marked"] == 0 and math.isnan(scores.loc["b", "precision"])


@pytest.mark.parametrize("value, expected", [("y", True), ("是", True), (1, True), ("✓", True), (True, True),
                                             ("N", False), ("否", False), (0.0, False), ("✗", False),
                                             (None, None), ("  ", None)])
def test_marks_in_the_ways_people_write_them(value, expected):
    assert mark_value(value) is expected


# --- the round trip on a bundle, through the command line ----------------------------------------

def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result


def listed_and_verified(workspace):
    """``landscape maps`` lists the map and read_bundle checks every file against the manifest."""
    result = run("maps", "--json", "--workspace", workspace)
    assert result.exit_code == 0, result.output
    assert [r["name"] for r in json.loads(result.output) if "error" not in r] == ["toys"]
    result = run("maps", "--workspace", workspace)  # the tiny map's manifest lacks counts: "?", no traceback
    assert result.exit_code == 0 and result.output.startswith("toys ") and "BROKEN" not in result.output
    return read_bundle(workspace, "toys")


def marked_copy(path, out, rule):
    """The sheet with ``correct`` filled by ``rule(row dict) -> mark``, as an analyst would save it."""
    wb = openpyxl.load_workbook(path)
    ws = wb["sample"]
    header = [c.value for c in ws[1]]
    for cells in ws.iter_rows(min_row=2):
        row = dict(zip(header, (c.value for c in cells)))
        cells[header.index("correct")].value = rule(row)
    wb.save(out)
    return out


def test_breakdown_sample_mark_score_round_trip(tmp_path):
    tiny_bundle(tmp_path)
    tax = write(tmp_path, TOYS)
    result = run("breakdown", "--map", "toys", "--taxonomy", tax, "--workspace", tmp_path)
    assert result.exit_code == 0, result.output
    assert "breakdown.parquet" in result.output
    bundle = listed_and_verified(tmp_path)
    table = bundle.table("breakdown")
    assert list(table.columns) == ["id", "branch", "level", "score", "best"]
    notes = bundle.manifest["breakdown"]
    json.dumps(notes)  # plain JSON, no default= needed
    named = {b["id"]: (b["parent"], b["name_en"], b["name_zh"]) for b in notes["taxonomy"]["branches"]}
    assert named["rc-cars"] == ("electric", "Rc-Cars", "名rc-cars")
    assert list(named) == ["electric", "rc-cars", "blocks", "magnetic", "dolls"]

    check = tmp_path / "check.xlsx"
    result = run("breakdown-sample", "--map", "toys", "--per-branch", 2, "--unassigned", 3, "--seed", 5,
                 "--out", check, "--workspace", tmp_path)
    assert result.exit_code == 0, result.output
    sheet = pd.read_excel(check, sheet_name="sample")
    assert list(sheet.columns) == list(COLUMNS)
    assert set(pd.ExcelFile(check).sheet_names) == {"sample", "how to mark"}
    assert sheet["title"].notna().all() and set(sheet["why"]) == {"precision", "recall"}
    assert (sheet.loc[sheet["branch"] == "dolls", "branch_zh"] == "名dolls").all()

    # The analyst's rule, known to the test: P1, P2, P3 and P5 are right wherever drawn, the rest
    # wrong; so each branch's precision is the share of those among its drawn precision rows.
    right = {"P1", "P2", "P3", "P5"}
    marked = marked_copy(check, tmp_path / "marked.xlsx", lambda r: "是" if r["id"] in right else "n")
    result = run("breakdown-score", "--map", "toys", "--checked", marked, "--json", "--workspace", tmp_path)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)["branches"]
    for bid, f in figures.items():
        drawn = sheet[(sheet["branch"] == bid) & (sheet["why"] == "precision")]
        assert f["marked"] == len(drawn)
        if len(drawn):
            assert f["precision"] == pytest.approx(drawn["id"].isin(right).mean(), abs=1e-4)
    quality = listed_and_verified(tmp_path).manifest["breakdown_quality"]
    assert quality["branches"] == figures and quality["marked"] == len(sheet)
    # The printed table names branches from the manifest, in both languages.
    result = run("breakdown-score", "--map", "toys", "--checked", marked, "--workspace", tmp_path)
    assert result.exit_code == 0 and "Dolls / 名dolls" in result.output and "[" in result.output
    # A new breakdown makes the old figures stale.
    run("breakdown", "--map", "toys", "--taxonomy", tax, "--workspace", tmp_path)
    assert listed_and_verified(tmp_path).manifest["breakdown_quality"] is None


def edit_cell(path, out, row, column, value):
    wb = openpyxl.load_workbook(path)
    ws = wb["sample"]
    ws.cell(row=row, column=list(COLUMNS).index(column) + 1).value = value
    wb.save(out)
    return out


@pytest.mark.parametrize("column, value, words", [
    ("correct", "maybe", ["row 3", "the mark 'maybe'", "y/n, 是/否"]),
    ("branch", "trains", ["row 3", "branch 'trains' is not in the breakdown of map 'toys'"]),
    ("id", "CN1234567A", ["row 3", "patent 'CN1234567A' is not on map 'toys'"]),
    ("why", "curiosity", ["row 3", "'why'"]),
    ("stratum_size", "lots", ["row 3", "stratum_size"]),
])
def test_a_bad_mark_gets_one_sentence_naming_file_and_row(tmp_path, column, value, words):
    tiny_bundle(tmp_path)
    run("breakdown", "--map", "toys", "--taxonomy", write(tmp_path, TOYS), "--workspace", tmp_path)
    check = tmp_path / "check.xlsx"
    run("breakdown-sample", "--map", "toys", "--out", check, "--workspace", tmp_path)
    bad = edit_cell(check, tmp_path / "bad.xlsx", 3, column, value)
    result = run("breakdown-score", "--map", "toys", "--checked", bad, "--workspace", tmp_path)
    assert result.exit_code == 2
    message = result.output.strip()
    assert "\n" not in message and "Traceback" not in message and "bad.xlsx" in message
    for word in words:
        assert word in message, (word, message)
    assert listed_and_verified(tmp_path).manifest.get("breakdown_quality") is None


def test_unreadable_files_and_a_map_without_breakdown_are_one_sentence(tmp_path):
    tiny_bundle(tmp_path)
    result = run("breakdown-sample", "--map", "toys", "--out", tmp_path / "c.xlsx", "--workspace", tmp_path)
    assert result.exit_code == 2 and "no technology breakdown yet" in result.output
    run("breakdown", "--map", "toys", "--taxonomy", write(tmp_path, TOYS), "--workspace", tmp_path)
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    result = run("breakdown-score", "--map", "toys", "--checked", junk, "--workspace", tmp_path)
    assert result.exit_code == 2 and "junk.xlsx: cannot be read as an Excel workbook" in result.output
    result = run("breakdown-score", "--map", "toys", "--checked", tmp_path / "none.xlsx", "--workspace", tmp_path)
    assert result.exit_code == 2 and "none.xlsx: no such file" in result.output


def test_a_sample_of_an_earlier_breakdown_is_refused(tmp_path):
    """Its strata were the earlier breakdown's: its figures would describe that one, not the map's."""
    tiny_bundle(tmp_path)
    tax = write(tmp_path, TOYS)
    run("breakdown", "--map", "toys", "--taxonomy", tax, "--workspace", tmp_path)
    check = tmp_path / "check.xlsx"
    run("breakdown-sample", "--map", "toys", "--out", check, "--workspace", tmp_path)
    marked = marked_copy(check, tmp_path / "marked.xlsx", lambda r: "y")
    # The same breakdown again is the same table: the marks still fit.
    run("breakdown", "--map", "toys", "--taxonomy", tax, "--workspace", tmp_path)
    assert run("breakdown-score", "--map", "toys", "--checked", marked, "--workspace", tmp_path).exit_code == 0
    examples = tmp_path / "ex.csv"
    examples.write_text("id,branch\nP4,dolls\n", encoding="utf-8")
    run("breakdown", "--map", "toys", "--taxonomy", tax, "--examples", examples, "--workspace", tmp_path)
    result = run("breakdown-score", "--map", "toys", "--checked", marked, "--workspace", tmp_path)
    assert result.exit_code == 2 and "marked.xlsx was drawn from an earlier breakdown of map 'toys'" in result.output


def test_sheet_text_is_written_as_text_never_as_a_formula(tmp_path):
    """Titles come from exports: one starting with '=' or holding a control character is still text."""
    from landscape.breakdown.check_sheet import workbook_bytes

    row = dict.fromkeys(COLUMNS, None)
    row.update(sample_id=1, branch="a", id="P1", title="=HYPERLINK(\"http://x\")", abstract="bad\x01char",
               why="precision", stratum_size=3, year=float("nan"))
    path = tmp_path / "s.xlsx"
    path.write_bytes(workbook_bytes(pd.DataFrame([row])))
    ws = openpyxl.load_workbook(path)["sample"]
    header = [c.value for c in ws[1]]
    assert ws.cell(2, header.index("title") + 1).data_type == "s"
    assert ws.cell(2, header.index("title") + 1).value == "=HYPERLINK(\"http://x\")"
    assert ws.cell(2, header.index("abstract") + 1).value == "badchar"
    assert ws.cell(2, header.index("year") + 1).value is None
