"""Competitor tables on small hand-made points: shares, HHI and its correction, CR4, growth,
new entrants, home vs foreign, and invariants that must hold for any counts."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landscape.analyse.competitors import (ALL_AREAS, UNKNOWN, Window, applicant_growth,
                                           applicant_patents, applicant_shares, competitors_table,
                                           concentration, concentration_table, cr, hhi,
                                           hhi_corrected, home_applicants, windows)


def points(spec) -> pd.DataFrame:
    """Points from ``(area, year, applicants, country, how_many)`` rows (names made up); each
    patent is its family's first filing, so ``first_office`` is its own office."""
    rows = []
    for area, year, applicants, country, n in spec:
        applicants = [applicants] if isinstance(applicants, str) else list(applicants)
        for _ in range(n):
            rows.append({"id": f"XX{len(rows):06d}", "title": "", "area": area, "year": year,
                         "applicant": applicants[0] if applicants else None,
                         "applicants": applicants, "country": country, "first_office": country})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- the measures

def test_hhi_of_shares_50_30_20_is_3800():
    assert hhi([5, 3, 2]) == pytest.approx(3800)
    assert hhi([50, 30, 20]) == pytest.approx(3800)
    assert hhi([1]) == pytest.approx(10_000)
    assert np.isnan(hhi([]))


def test_hall_correction_by_hand():
    # (N·H − 1)/(N − 1): N=10, H=0.38 -> 2.8/9; equals Σn(n−1)/N(N−1) = (20+6+2)/90.
    assert hhi_corrected([5, 3, 2]) == pytest.approx(10_000 * 28 / 90)
    # Two applicants with one patent each: no evidence of concentration at all.
    assert hhi_corrected([1, 1]) == 0
    assert hhi_corrected([2, 1]) == pytest.approx(10_000 / 3)
    assert hhi_corrected([1, 1, 1, 1]) == 0  # clipped, not negative
    assert np.isnan(hhi_corrected([1]))
    # Large counts: the correction vanishes.
    assert hhi_corrected([5000, 3000, 2000]) == pytest.approx(3800, abs=1)


def test_cr4_by_hand():
    assert cr([40, 20, 15, 15, 10]) == pytest.approx(0.9)
    assert cr([3, 1]) == 1.0


def test_concentration_row_matches_hand_figures():
    p = points([(0, 2020, "A CO", "US", 5), (0, 2020, "B CO", "US", 3), (0, 2020, "深圳乙", "CN", 2),
                (0, 2020, [], "CN", 4)])
    c = concentration(p, by="applicant").set_index("area").loc[0]
    assert c["n_patents"] == 14 and c["n_unknown"] == 4 and c["n_applicants"] == 3
    assert c["n_counted"] == 10
    assert c["hhi"] == pytest.approx(3800)
    assert c["hhi_corrected"] == pytest.approx(10_000 * 28 / 90)
    assert c["cr4"] == pytest.approx(1.0)
    assert c["top_applicant"] == "A CO" and c["top_share"] == pytest.approx(0.5)
    assert c["home_share"] == pytest.approx(0.2) and c["foreign_share"] == pytest.approx(0.8)
    assert c["home_patents"] == 2


# --------------------------------------------------------------------------- counting

def test_each_applicant_of_a_patent_counts_once():
    p = points([(0, 2020, ["A", "B", "A"], "US", 2), (0, 2020, "B", "US", 1)])
    p.loc[len(p)] = {"id": "XX9", "title": "", "area": 0, "year": 2020, "applicant": "C",
                     "applicants": None, "country": "US"}  # no list: fall back to `applicant`
    s = applicant_shares(p).query("area == 0").set_index("applicant")
    assert s["count"].to_dict() == {"B": 3, "A": 2, "C": 1}
    assert s["share"].sum() == pytest.approx(1)
    assert s.loc["B", "rank"] == 1 and s.loc["A", "rank"] == 2


def test_unknown_applicant_is_reported_but_has_no_share():
    p = points([(0, 2020, "A", "US", 3), (0, 2020, [], "US", 2), (1, 2020, "B", "CN", 1)])
    s = applicant_shares(p)
    unknown = s[(s["area"] == 0) & (s["applicant"] == UNKNOWN)].iloc[0]
    assert unknown["count"] == 2 and np.isnan(unknown["share"]) and pd.isna(unknown["rank"])
    known = s[s["applicant"] != UNKNOWN]
    assert known.groupby("area")["share"].sum().tolist() == pytest.approx([1, 1, 1])
    assert set(s["area"]) == {ALL_AREAS, 0, 1}
    assert s.set_index(["area", "applicant"]).loc[(ALL_AREAS, "A"), "share"] == pytest.approx(0.75)


def test_ties_share_a_rank_and_sort_by_name():
    s = applicant_shares(points([(0, 2020, "Z", "US", 2), (0, 2020, "A", "US", 2)])).query("area == 0")
    assert s["applicant"].tolist() == ["A", "Z"] and s["rank"].tolist() == [1, 1]


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="country"):
        applicant_patents(pd.DataFrame({"id": ["x"], "area": [0], "year": [2020], "applicant": ["A"]}))


def test_counts_are_by_group_by_default_and_by_applicant_on_request():
    # Two subsidiaries of one group, once together on one patent: the group counts it once.
    p = points([(0, 2020, "GRP KOREA", "KR", 3), (0, 2020, "GRP BATTERY", "KR", 2),
                (0, 2020, ["GRP KOREA", "GRP BATTERY"], "KR", 1), (0, 2020, "OTHER", "US", 4)])
    overrides = {"GRP KOREA": "GRP", "GRP BATTERY": "GRP", "OTHER": "OTHER"}
    from landscape.analyse.applicants import applicants_table

    table = applicants_table(p, overrides=overrides)
    by_group = applicant_shares(p, applicants=table).query("area == 0").set_index("applicant")["count"]
    assert by_group.to_dict() == {"GRP": 6, "OTHER": 4}
    by_name = applicant_shares(p, by="applicant", applicants=table).query("area == 0")
    assert by_name.set_index("applicant")["count"].to_dict() == {"GRP KOREA": 4, "OTHER": 4, "GRP BATTERY": 3}
    assert concentration(p, applicants=table).set_index("area").loc[0, "hhi"] == pytest.approx(
        10_000 * (0.6 ** 2 + 0.4 ** 2))
    with pytest.raises(ValueError, match="by must be"):
        concentration(p, by="firm", applicants=table)


# --------------------------------------------------------------------------- windows

def test_windows_leave_out_the_incomplete_years():
    w = windows(range(2010, 2025))
    assert (w["recent"].label, w["previous"].label, w["all"].label) == ("2020–2022", "2017–2019", "all")
    assert (w["recent"].first, w["recent"].last) == (2020, 2022)
    assert windows([2001, None, 2005], last_complete=2010, size=2)["previous"].label == "2007–2008"
    assert list(windows([None])) == ["all"]
    mask = Window("recent", "x", 2020, 2022).mask([2019, 2020, None, 2022])
    assert mask.tolist() == [False, True, False, True]


def test_applicant_growth_and_new_entrants():
    p = points([(0, 2018, "OLD", "US", 4), (0, 2021, "OLD", "US", 12), (0, 2021, "NEW", "US", 3),
                (0, 2012, "GONE", "US", 4), (0, 2024, "X", "US", 1)])
    g = applicant_growth(p).query("area == 0").set_index("applicant")
    assert (g.loc["OLD", "recent"], g.loc["OLD", "previous"], g.loc["OLD", "change"]) == (12, 4, 8)
    # One growth measure (landscape.rules.growth): yearly, over the three years between windows.
    assert g.loc["OLD", "growth"] == pytest.approx((13 / 5) ** (1 / 3) - 1)
    assert np.isnan(g.loc["NEW", "growth"]) and g.loc["NEW", "new_entrant"]
    assert not g.loc["OLD", "new_entrant"] and g.loc["OLD", "first_year"] == 2018
    assert not g.loc["GONE", "new_entrant"]
    assert not g.loc["X", "new_entrant"]  # 2024 is after the last complete year (2022)


# --------------------------------------------------------------------------- home vs foreign

def test_home_is_the_majority_first_office_then_the_name():
    p = points([(0, 2020, "HUAWEI", "CN", 3), (0, 2020, "HUAWEI", "US", 1),
                (0, 2020, "BOSCH", "CN", 1), (0, 2020, "BOSCH", "EP", 2),
                (0, 2020, "华为", None, 2), (0, 2020, "トヨタ自動車", None, 2),
                (0, 2020, "HALF", "CN", 1), (0, 2020, "HALF", "US", 1)])
    h = home_applicants(p)
    # BOSCH: EP is an office, not a nationality, so its one CN first filing decides.
    # HALF: a tie goes to the first code alphabetically (CN), whatever the row order.
    assert h.to_dict() == {"BOSCH": True, "HALF": True, "HUAWEI": True, "トヨタ自動車": False,
                           "华为": True}
    assert not home_applicants(p, cjk_names=False)["华为"]  # no data, no name rule: not home
    assert home_applicants(p, "US").to_dict() == {"BOSCH": False, "HALF": False, "HUAWEI": False,
                                                   "トヨタ自動車": False, "华为": False}


def test_foreign_firms_written_in_chinese_are_foreign():
    p = points([(0, 2020, "通用电气", "CN", 4), (0, 2020, "西门子股份", "CN", 3), (0, 2020, "深圳乙", "CN", 3)])
    p["first_office"] = None
    p["priority_country"] = ["US"] * 4 + [None] * 6
    p["applicant_address"] = [None] * 4 + ["德国慕尼黑"] * 3 + ["广东省深圳市南山区"] * 3
    c = concentration(p).set_index("area").loc[0]
    assert c["home_share"] == pytest.approx(0.3) and c["foreign_share"] == pytest.approx(0.7)
    assert home_applicants(p).to_dict() == {"深圳乙": True, "西门子股份": False, "通用电气": False}


def test_unknown_origin_is_neither_home_nor_foreign():
    p = points([(0, 2020, "ACME", None, 1), (0, 2020, "深圳乙", "CN", 3)])
    c = concentration(p).set_index("area").loc[0]
    assert (c["home_share"], c["foreign_share"], c["unknown_origin_share"]) == pytest.approx((0.75, 0, 0.25))


def test_home_can_be_a_province():
    p = points([(0, 2020, "美的", "CN", 2), (0, 2020, "海尔", "CN", 2)])
    p["province"] = ["广东省", "广东省", "山东", None]
    h = home_applicants(p, "广东")
    assert h["美的"] and not h["海尔"]
    with pytest.raises(ValueError, match="province"):
        home_applicants(p.drop(columns="province"), "广东")


# --------------------------------------------------------------------------- the stored tables

def test_competitors_table_columns_and_windows():
    p = points([(0, 2018, "OLD", "US", 2), (0, 2021, "OLD", "US", 6), (1, 2021, "新", "CN", 3),
                (1, 2024, "OLD", "US", 1), (1, 2021, [], "CN", 1)])
    t = competitors_table(p)
    assert list(t.columns) == ["area", "window", "period", "applicant", "count", "share", "rank",
                               "growth", "new_entrant", "first_year", "is_home"]
    assert set(t["window"]) == {"2020–2022", "2017–2019", "all"}
    old = t[(t["area"] == 0) & (t["applicant"] == "OLD")].set_index("period")
    assert old["count"].to_dict() == {"recent": 6, "previous": 2, "all": 8}
    # 8 patents in the two windows: too few for a growth figure (landscape.rules.growth).
    assert old["growth"].isna().all() and not old["is_home"].any()
    assert t[t["applicant"] == "新"]["is_home"].all() and t[t["applicant"] == "新"]["new_entrant"].all()
    assert t[t["applicant"] == UNKNOWN]["is_home"].isna().all()


def test_concentration_table_has_a_row_per_area_and_window():
    p = points([(0, 2018, "A", "US", 2), (0, 2021, "A", "US", 6), (0, 2021, "B", "CN", 2),
                (0, 2024, "A", "US", 1)])
    c = concentration_table(p).set_index(["area", "period"])
    assert set(c.index) == {(0, "recent"), (0, "previous"), (0, "all"),
                            (ALL_AREAS, "recent"), (ALL_AREAS, "previous"), (ALL_AREAS, "all")}
    assert c.loc[(0, "recent"), "hhi"] == pytest.approx(10_000 * (0.75 ** 2 + 0.25 ** 2))
    assert c.loc[(0, "previous"), "hhi"] == pytest.approx(10_000)
    assert c.loc[(0, "recent"), "window"] == "2020–2022" and c.loc[(0, "recent"), "first_year"] == 2020


def test_tables_survive_parquet(tmp_path):
    p = points([(0, 2018, "A", "US", 2), (0, 2021, "A", "US", 6), (0, 2021, [], "CN", 2)])
    for table in (competitors_table(p), concentration_table(p)):
        table.to_parquet(tmp_path / "t.parquet")
        back = pd.read_parquet(tmp_path / "t.parquet")
        assert len(back) == len(table) and list(back.columns) == list(table.columns)


def test_points_without_years_give_only_the_all_window():
    p = points([(0, None, "A", "US", 2), (0, None, "B", "US", 1)])
    assert set(competitors_table(p)["period"]) == {"all"}
    assert applicant_growth(p).empty


# --------------------------------------------------------------------------- invariants

counts_by_area = st.lists(st.lists(st.integers(1, 30), min_size=1, max_size=8), min_size=1, max_size=4)


@settings(max_examples=40, deadline=None)
@given(counts_by_area, st.integers(0, 2**16))
def test_measures_stay_in_range_for_any_counts(areas, seed):
    rng = np.random.default_rng(seed)
    spec = [(a, int(rng.integers(2015, 2025)), f"APPLICANT {a}-{i}", str(rng.choice(["CN", "US"])), n)
            for a, counts in enumerate(areas) for i, n in enumerate(counts)]
    p = points(spec)
    c = concentration_table(p, by="applicant")
    c = c[c["n_counted"] > 0]
    assert ((c["hhi"] >= 0) & (c["hhi"] <= 10_000 + 1e-6)).all()
    assert (c["hhi"] >= 10_000 / c["n_applicants"] - 1e-6).all()
    corrected = c["hhi_corrected"].dropna()
    assert ((corrected >= 0) & (corrected <= 10_000 + 1e-6)).all()
    assert ((c["cr4"] > 0) & (c["cr4"] <= 1 + 1e-12)).all()
    assert ((c["home_share"] + c["foreign_share"] + c["unknown_origin_share"]).sub(1).abs() < 1e-9).all()
    t = competitors_table(p, by="applicant")
    sums = t[t["applicant"] != UNKNOWN].groupby(["area", "period"])["share"].sum()
    assert np.allclose(sums, 1)
    whole = concentration(p, by="applicant").set_index("area")
    for a, counts in enumerate(areas):
        row = whole.loc[a]
        assert row["hhi"] == pytest.approx(hhi(counts))
        assert row["cr4"] == pytest.approx(cr(counts))
