"""Trends on synthetic corpora with planted growth, decline and publication lag."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landscape.analyse.trends import (ALL_AREAS, STATUSES, GrowthRules, area_trend_summary,
                                      fastest_growing, trends_table)
from growth_checks import assert_growth_consistent

YEARS = range(2010, 2024)          # newest year 2023 -> last complete year 2021
# Expected filings per year of each planted area (k = years since 2010). The whole corpus is
# kept roughly flat so that the flat area keeps its share; with Poisson noise this plan gives
# the planted statuses for about 96% of seeds, and the seed below is fixed.
PLAN = {
    0: lambda k: 10 * 1.30 ** k,   # emerging: +30% a year, outgrowing the rest
    1: lambda k: 300 * 0.88 ** k,  # cooling: -12% a year
    2: lambda k: 150,              # stable: flat
    3: lambda k: 60 * 1.15 ** k,   # growing: +15% a year, not much faster than the whole
    4: lambda k: 0.2,              # too few
}
# Publication lag: only part of the two newest years is published at export time.
PUBLISHED = {2022: 0.55, 2023: 0.15}
LABELS = pd.DataFrame({
    "id": [0, 1, 2, 3, 4, 5],
    "label_en": ["LED / lamp / heat sink", "Ballast / transformer", "Lamp holder",
                 "Driver / circuit", "Rare topic", "Empty area"],
    "label_zh": ["LED/灯具/散热", "镇流器/变压器", "灯座", "驱动/电路", "冷门", "空领域"],
})


def planted(seed: int = 7, undated: int = 9) -> pd.DataFrame:
    """Points of a made-up corpus: Poisson counts around PLAN, thinned in the lag years."""
    rng = np.random.default_rng(seed)
    rows = []
    for area, rate in PLAN.items():
        for year in YEARS:
            n = rng.poisson(rate(year - 2010) * PUBLISHED.get(year, 1.0))
            rows += [(area, year)] * int(n)
    rows += [(2, None)] * undated                      # records without any date
    pts = pd.DataFrame(rows, columns=["area", "year"])
    pts["year"] = pts["year"].astype("Int32")          # as in points.parquet
    pts.insert(0, "id", [f"CN{100000 + i}A" for i in range(len(pts))])
    pts["title"] = "Made-up lamp title"
    return pts.sample(frac=1.0, random_state=seed).reset_index(drop=True)


@pytest.fixture(scope="module")
def points():
    return planted()


@pytest.fixture(scope="module")
def summary(points):
    return area_trend_summary(points, LABELS).set_index("area")


def test_planted_statuses(summary):
    assert summary.loc[0, "status"] == "emerging"
    assert summary.loc[1, "status"] == "cooling"
    assert summary.loc[2, "status"] == "stable"
    assert summary.loc[3, "status"] == "growing"
    assert summary.loc[4, "status"] == "too few"
    assert summary.loc[5, "status"] == "too few"      # an area of the map with no patents
    assert set(summary["status"]) <= set(STATUSES)


def test_windows_end_at_the_last_complete_year(summary):
    assert (summary["before_window"] == "2016–2018").all() and (summary["recent_window"] == "2019–2021").all()
    assert summary.attrs["last_complete_year"] == 2021


def test_last_complete_year_from_the_time_window(points):
    # An export cut off in April 2024 (last complete filing year 2021) against one given 2022.
    later = area_trend_summary(points, LABELS, last_complete=2022).set_index("area")
    assert (later["recent_window"] == "2020–2022").all()
    table = trends_table(points, LABELS, last_complete=2019)
    assert set(table.loc[table["incomplete"], "year"]) == {2020, 2021, 2022, 2023}


def test_lag_drop_in_newest_years_is_not_cooling():
    # Without the publication lag the flat area would look like it collapsed in 2023.
    pts = planted()
    flat = pts[pts["area"] == 2]
    counts = flat["year"].value_counts()
    assert counts[2023] < 0.5 * counts[2021]
    summary = area_trend_summary(flat).set_index("area")
    assert summary.loc[2, "status"] == "stable"
    # ... and would read as a fall if the incomplete years were counted as complete.
    naive = area_trend_summary(flat, last_complete=2023, rules=GrowthRules(window=1)).set_index("area")
    assert naive.loc[2, "status"] == "cooling"


def test_growth_matches_hand_computation(points, summary):
    for area in (0, 1, 2, 3):
        years = points.loc[points["area"] == area, "year"]
        b, r = int(years.between(2016, 2018).sum()), int(years.between(2019, 2021).sum())
        row = summary.loc[area]
        assert (row["before"], row["recent"]) == (b, r)
        assert row["growth"] == pytest.approx(((r + 1) / (b + 1)) ** (1 / 3) - 1)


def test_status_is_read_from_the_growth_shown(summary):
    assert_growth_consistent(summary)


def test_shares_of_all_patents_in_each_window(points, summary):
    dated = points.dropna(subset=["year"])
    early = dated[dated["year"].between(2016, 2018)]
    recent = dated[dated["year"].between(2019, 2021)]
    share = lambda d: (d["area"] == 0).sum() / len(d)  # noqa: E731
    assert summary.loc[0, "share_before"] == pytest.approx(share(early))
    assert summary.loc[0, "share_recent"] == pytest.approx(share(recent))


def test_year_less_records_count_in_totals_only(points, summary):
    assert summary.loc[2, "missing_year"] == 9
    assert summary.loc[2, "total"] == (points["area"] == 2).sum()
    assert summary.attrs["missing_year"] == 9
    table = trends_table(points)
    assert table.attrs["missing_year"] == 9
    all_rows = table[table["area"] == ALL_AREAS]
    assert all_rows["count"].sum() == points["year"].notna().sum()
    assert all_rows["cumulative"].iloc[-1] == points["year"].notna().sum()


def test_trends_table_shape_and_flags(points):
    table = trends_table(points, LABELS)
    years = list(YEARS)
    assert list(table.columns[:7]) == ["area", "year", "count", "share_of_year", "incomplete",
                                       "cumulative", "in_window"]
    assert sorted(table["area"].unique()) == [ALL_AREAS, 0, 1, 2, 3, 4, 5]
    for _, rows in table.groupby("area"):
        assert list(rows["year"]) == years            # every year, zeros included
        assert (np.diff(rows["cumulative"]) >= 0).all()
    assert set(table.loc[table["incomplete"], "year"]) == {2022, 2023}
    assert set(table.loc[table["in_window"], "year"]) == set(range(2016, 2022))
    per_year = table[table["area"] != ALL_AREAS].groupby("year")["share_of_year"].sum()
    assert np.allclose(per_year, 1.0)
    assert (table.loc[table["area"] == 5, "count"] == 0).all()
    assert table.loc[table["area"] == ALL_AREAS, "label_zh"].iloc[0] == "全部领域"


def test_sentences_quote_the_numbers(summary):
    row = summary.loc[0]
    pct = round(row["growth"] * 100)
    assert row["summary_en"] == (
        f"'LED / lamp / heat sink': {row['recent']} patents in 2019–2021 against {row['before']} "
        f"in 2016–2018 (filing years), up {pct}% a year; emerging.")
    assert row["summary_zh"] == (
        f"「LED/灯具/散热」领域：2019–2021 年 {row['recent']} 件，2016–2018 年 {row['before']} 件"
        f"（按申请年），年均增长 {pct}%，属新兴方向。")
    assert "down" in summary.loc[1, "summary_en"] and "年均下降" in summary.loc[1, "summary_zh"]
    assert "too few" in summary.loc[4, "summary_en"] and "难以判断" in summary.loc[4, "summary_zh"]


def test_publication_years_are_named_so(points):
    row = area_trend_summary(points, LABELS, year_basis="publication").iloc[0]
    assert "(publication years)" in row["summary_en"] and "按公开年" in row["summary_zh"]


def test_without_clusters_areas_are_named_by_number(points):
    summary = area_trend_summary(points)
    assert "label_en" not in summary.columns
    assert summary.loc[summary["area"] == 0, "summary_en"].iloc[0].startswith("area 0: ")
    assert summary.loc[summary["area"] == 0, "summary_zh"].iloc[0].startswith("领域 0")  # the one spelling, landscape.rules.names


def test_zero_early_filings_is_growth_never_cooling():
    # The case: an area with nothing in the earlier window was "cooling" at +25 %.
    pts = pd.DataFrame({"area": [0] * 12 + [1] * 40, "year": [2020] * 12 + [2014] * 20 + [2017] * 20})
    summary = area_trend_summary(pts, last_complete=2021).set_index("area")
    assert summary.loc[0, "growth"] > 0 and summary.loc[0, "status"] == "emerging"
    assert_growth_consistent(summary)


def test_fastest_growing_is_the_top_of_the_table(summary):
    best = fastest_growing(summary.reset_index())
    shown = summary[summary["status"].isin(["emerging", "growing"])].sort_values("growth", ascending=False)
    assert best["area"] == shown.index[0] == 0


def test_rules_are_configurable(points):
    strict = area_trend_summary(points, rules=GrowthRules(emerging=0.5)).set_index("area")
    assert strict.loc[0, "status"] == "growing"


def test_short_history_and_empty_input():
    pts = pd.DataFrame({"area": [0] * 30, "year": [2022] * 15 + [2023] * 15})
    row = area_trend_summary(pts).iloc[0]
    assert row["status"] == "too few" and np.isnan(row["growth"])
    # The data begin after the earlier window starts: what came before is unknown.
    young = pd.DataFrame({"area": [0] * 40, "year": [2018] * 10 + [2021] * 30})
    assert area_trend_summary(young, last_complete=2021).iloc[0]["status"] == "too few"
    empty = pd.DataFrame({"area": pd.Series(dtype=int), "year": pd.Series(dtype="Int32")})
    assert trends_table(empty).empty and area_trend_summary(empty).empty
    assert "status" in area_trend_summary(empty).columns


def test_area_minus_one_is_refused():
    with pytest.raises(ValueError, match="area"):
        trends_table(pd.DataFrame({"area": [0, -1], "year": [2020, 2021]}))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.one_of(st.none(), st.integers(1995, 2024))),
                min_size=1, max_size=80))
def test_counts_add_up(records):
    pts = pd.DataFrame(records, columns=["area", "year"])
    pts["year"] = pts["year"].astype("Int32")
    table = trends_table(pts)
    dated = pts["year"].notna()
    assert table.loc[table["area"] == ALL_AREAS, "count"].sum() == dated.sum()
    per_area = table[table["area"] != ALL_AREAS].groupby("area")["count"].sum()
    assert per_area.reindex(pts["area"].unique(), fill_value=0).sum() == dated.sum()
    summary = area_trend_summary(pts)
    assert summary["total"].sum() == len(pts)
    assert set(summary["status"]) <= set(STATUSES)
    assert_growth_consistent(summary)
