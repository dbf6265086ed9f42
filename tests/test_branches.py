"""Figures per branch of a technology breakdown (landscape.analyse.branches), checked against a
plain pandas group-by of a small hand-made map, and written by `landscape breakdown` and
`landscape analyse` into the map."""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from landscape.analyse.branches import APPLICANT_COLUMNS, SUMMARY_COLUMNS, TABLES, branch_tables
from landscape.cli import main
from landscape.maps import read_bundle
from landscape.rules.years import TimeWindow
from test_breakdown import TOYS, tiny_bundle, write

# Three groups: ACME (two Chinese names, home), BIGCO (US, foreign), LONE (country not known).
APPLICANTS = pd.DataFrame({
    "applicant": ["ACME TOYS", "ACME KOREA", "BIGCO", "LONE"],
    "group": ["ACME", "ACME", "BIGCO", "LONE"],
    "kind": "company", "country": ["CN", "CN", "US", None],
    "is_home": pd.array([True, True, False, pd.NA], dtype="boolean"), "count": [0, 0, 0, 0],
})
BRANCHES = pd.DataFrame({"id": ["a", "a1", "a2", "b", "c"], "parent": [None, "a", "a", None, None],
                         "level": [1, 2, 2, 1, 1], "name_en": ["A", "A one", "A two", "B", "C"],
                         "name_zh": ["甲", "甲一", "甲二", "乙", "丙"]})
WINDOW = TimeWindow(cutoff="2024-06-30", cutoff_source="as_of", lag_months=18, year_basis="filing",
                    basis_share=1.0, first_year=2012, last_year=2023, last_complete_year=2022)


def hand_made_map(n=40, seed=3):
    """``n`` patents with years 2012-2023, three areas, one to two applicants (or none), and a
    breakdown: a (with children a1, a2), b, and the empty branch c; some patents in two branches."""
    rng = np.random.default_rng(seed)
    names = APPLICANTS["applicant"].tolist()
    rows, table = [], []
    for i in range(n):
        pid = f"P{i:02d}"
        k = int(rng.integers(0, 3))
        who = list(rng.choice(names, size=k, replace=False)) if k else []
        if i % 7 == 0:
            who = ["ACME TOYS", "ACME KOREA"]  # two members of one group: it counts once
        rows.append({"id": pid, "area": int(rng.integers(0, 3)), "year": int(2012 + i % 12),
                     "country": "CN", "applicants": who, "applicant": who[0] if who else None})
        branches = []
        if i % 2 == 0:
            branches += ["a", "a1" if i % 4 == 0 else "a2"]
        if i % 3 == 0:
            branches.append("b")
        for b in branches:
            table.append({"id": pid, "branch": b, "level": 2 if b in ("a1", "a2") else 1, "score": 1.0, "best": True})
        if not branches:
            table.append({"id": pid, "branch": "", "level": 0, "score": 0.0, "best": False})
    # A patent listed twice in one branch (two rows) still counts once.
    table.append({"id": "P00", "branch": "a", "level": 1, "score": 0.6, "best": False})
    return pd.DataFrame(rows), pd.DataFrame(table)


def with_counts(points):
    """The applicants table with each name's patents counted, as analyse counts them."""
    named = points["applicants"].explode().value_counts()
    return APPLICANTS.assign(count=APPLICANTS["applicant"].map(named).fillna(0).astype(int))


def expected_pairs(points, breakdown):
    """(branch, patent, group) by hand: every applicant's group, once per patent."""
    group_of = dict(zip(APPLICANTS["applicant"], APPLICANTS["group"]))
    pairs = points[["id", "applicants"]].explode("applicants").dropna()
    pairs["group"] = pairs["applicants"].map(group_of)
    pairs = pairs[["id", "group"]].drop_duplicates()
    assigned = breakdown.loc[breakdown["branch"] != "", ["branch", "id"]].drop_duplicates()
    return assigned.merge(pairs, on="id")


def test_the_four_tables_against_a_plain_group_by():
    points, breakdown = hand_made_map()
    out = branch_tables(points, breakdown, BRANCHES, applicants=with_counts(points), window=WINDOW)
    assert set(out) == set(TABLES)
    summary = out["branch_summary"]
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert summary["branch"].tolist() == ["a", "a1", "a2", "b", "c"]  # the breakdown's order
    assert summary["parent"].tolist() == ["", "a", "a", "", ""]

    assigned = breakdown[breakdown["branch"] != ""].merge(points[["id", "year", "area"]], on="id")
    size = assigned.groupby("branch")["id"].nunique()
    pairs = expected_pairs(points, breakdown)
    for r in summary.itertuples():
        n = int(size.get(r.branch, 0))
        assert r.patents == n
        assert r.share == pytest.approx(n / len(points))
        years = assigned[assigned["branch"] == r.branch].drop_duplicates("id")["year"]
        assert r.recent == years.between(2020, 2022).sum()
        assert r.before == years.between(2017, 2019).sum()
        if r.recent + r.before >= 10:
            assert r.growth == pytest.approx(((r.recent + 1) / (r.before + 1)) ** (1 / 3) - 1)
        else:
            assert math.isnan(r.growth) and r.trend == "too few"
        counts = pairs[pairs["branch"] == r.branch].groupby("group").size().sort_values(ascending=False)
        if n == 0:
            assert math.isnan(r.hhi) and math.isnan(r.cr4) and r.leading == "" and math.isnan(r.home_share)
            assert r.areas == 0
            continue
        shares = counts / counts.sum()
        assert r.hhi == pytest.approx(10_000 * (shares ** 2).sum())
        assert r.cr4 == pytest.approx(shares.head(4).sum())
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        assert r.leading == "; ".join(f"{g} ({c})" for g, c in top)
        home_ids = pairs[(pairs["branch"] == r.branch) & (pairs["group"] == "ACME")]["id"].nunique()
        assert r.home_share == pytest.approx(home_ids / n)
        per_area = assigned[assigned["branch"] == r.branch].drop_duplicates("id").groupby("area").size() / n
        assert r.areas == int((per_area >= 0.10).sum())

    years = out["branch_years"]
    assert list(years.columns) == ["branch", "year", "patents"]
    want = assigned.drop_duplicates(["branch", "id"]).groupby(["branch", "year"]).size()
    assert dict(zip(zip(years["branch"], years["year"]), years["patents"])) == want.to_dict()

    areas = out["branch_areas"]
    assert list(areas.columns) == ["branch", "area", "patents", "share"]
    want = assigned.drop_duplicates(["branch", "id"]).groupby(["branch", "area"]).size()
    assert dict(zip(zip(areas["branch"], areas["area"]), areas["patents"])) == want.to_dict()
    assert areas.groupby("branch")["share"].sum().to_numpy() == pytest.approx(1.0)

    groups = out["branch_applicants"]
    assert list(groups.columns) == APPLICANT_COLUMNS
    want = pairs.groupby(["branch", "group"]).size()
    assert dict(zip(zip(groups["branch"], groups["group"]), groups["patents"])) == want.to_dict()
    assert set(groups["branch"]) == {"a", "a1", "a2", "b"}  # the empty branch has no group
    for branch, g in groups.groupby("branch"):
        assert g["share"].sum() == pytest.approx(1.0)
        assert g["rank"].iloc[0] == 1 and g["patents"].is_monotonic_decreasing
        # the first four shares are the branch's CR4
        assert g["share"].head(4).sum() == pytest.approx(summary.set_index("branch").loc[branch, "cr4"])
    home = groups.drop_duplicates("group").set_index("group")
    assert home.loc["ACME", "home"] and home.loc["ACME", "country"] == "CN"
    assert not home.loc["BIGCO", "home"] and home.loc["BIGCO", "country"] == "US"
    assert not home.loc["LONE", "home"] and home.loc["LONE", "country"] is None


def test_at_most_twenty_groups_per_branch_largest_first():
    names = [f"FIRM {i:02d}" for i in range(25)]
    applicants = pd.DataFrame({"applicant": names, "group": names, "kind": "company", "country": "CN",
                               "is_home": pd.array([True] * 25, dtype="boolean"), "count": range(1, 26)})
    ids = [f"Q{i:03d}" for i in range(sum(range(1, 26)))]
    who = [names[k] for k in range(25) for _ in range(k + 1)]
    points = pd.DataFrame({"id": ids, "area": 0, "year": 2020, "country": "CN", "applicant": who,
                           "applicants": [[w] for w in who]})
    breakdown = pd.DataFrame({"id": ids, "branch": "a", "level": 1, "score": 1.0, "best": True})
    out = branch_tables(points, breakdown, BRANCHES.iloc[[0]], applicants=applicants, window=WINDOW)
    groups = out["branch_applicants"]
    assert len(groups) == 20
    assert groups["group"].tolist() == names[::-1][:20] and groups["rank"].tolist() == list(range(1, 21))
    assert out["branch_summary"]["leading"].iloc[0] == "FIRM 24 (25); FIRM 23 (24); FIRM 22 (23)"
    assert out["branch_summary"]["home_share"].iloc[0] == 1.0


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_breakdown_writes_the_branch_figures_in_the_same_version(tmp_path):
    tiny_bundle(tmp_path)
    tax = write(tmp_path, TOYS)
    result = run("breakdown", "--map", "toys", "--taxonomy", tax, "--json", "--workspace", tmp_path)
    assert result.exit_code == 0, result.output
    said = json.loads(result.output)
    assert said["groups"] == "decided here"  # the tiny map was never analysed
    bundle = read_bundle(tmp_path, "toys")  # every file checked against the manifest
    for name in TABLES:
        assert f"{name}.parquet" in bundle.files
    summary = bundle.table("branch_summary")
    assert summary["branch"].tolist() == ["electric", "rc-cars", "blocks", "magnetic", "dolls"]
    assert summary.set_index("branch")["patents"].to_dict() == {b: said["counts"][b] for b in summary["branch"]}
    assert summary.loc[summary["branch"] == "rc-cars", "parent"].item() == "electric"
    assert summary.loc[summary["branch"] == "dolls", "name_zh"].item() == "名dolls"
    # every patent of the tiny map is filed by "A", whose country nothing tells: not home
    busy = summary[summary["patents"] > 0]
    assert (busy["leading"] == busy["patents"].map(lambda n: f"A ({n})")).all()
    assert (busy["home_share"] == 0.0).all() and (busy["cr4"] == 1.0).all() and (busy["hhi"] == 10_000).all()
    groups = bundle.table("branch_applicants")
    assert (groups["group"] == "A").all() and not groups["home"].any() and groups["country"].isna().all()
    text = run("breakdown", "--map", "toys", "--taxonomy", tax, "--workspace", tmp_path).output
    assert "branch_summary" in text and "run it to store them" in text


def test_a_broken_group_file_is_one_sentence(tmp_path):
    tiny_bundle(tmp_path)
    (tmp_path / "applicant_groups.toml").write_text("groups = [", encoding="utf-8")
    result = run("breakdown", "--map", "toys", "--taxonomy", write(tmp_path, TOYS), "--workspace", tmp_path)
    assert result.exit_code == 2 and "not valid TOML" in result.output and "Traceback" not in result.output


def test_analyse_recomputes_the_branch_figures_with_the_groups_it_decides(tmp_path):
    from landscape import pipeline

    tiny_bundle(tmp_path)
    assert run("breakdown", "--map", "toys", "--taxonomy", write(tmp_path, TOYS), "--workspace", tmp_path).exit_code == 0
    assert set(read_bundle(tmp_path, "toys").table("branch_applicants")["group"]) == {"A"}
    # The user puts "A" into a group after the breakdown: analyse counts it there.
    (tmp_path / "applicant_groups.toml").write_text('[groups]\n"ALPHA HOLDING" = ["A"]\n', encoding="utf-8")
    pipeline.analyse(tmp_path, "toys")
    bundle = read_bundle(tmp_path, "toys")
    groups = bundle.table("branch_applicants")
    assert set(groups["group"]) == {"ALPHA HOLDING"}
    assert set(bundle.table("applicants")["group"]) == {"ALPHA HOLDING"}
    summary = bundle.table("branch_summary")
    assert summary["leading"].str.startswith("ALPHA HOLDING (").all()
    assert "branches" in bundle.manifest["analysis"]["timings"]


def test_analyse_of_a_map_without_breakdown_writes_no_branch_figures(tmp_path):
    from landscape import pipeline

    tiny_bundle(tmp_path)
    pipeline.analyse(tmp_path, "toys")
    bundle = read_bundle(tmp_path, "toys")
    assert not any(f"{name}.parquet" in bundle.files for name in TABLES)
    assert bundle.table("applicants") is not None
