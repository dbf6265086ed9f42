"""Regional positioning (landscape.analyse.regions) on a hand-made map of 100 patents whose
figures are worked out by hand below.

The map: area 0 holds P000-P019, area 1 P020-P049, area 2 P050-P099; years 2012-2023
(``2012 + i % 12``). The city 汕头市 holds 10 patents (P000-P005 in area 0, P020-P023 in area
1); the country CN holds those and P006-P007, P024-P033, P050-P061 (34 in all). The place of a
patent is a mask given by the caller (landscape.analyse.places decides it; faked here).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from landscape.analyse.facts import _granted
from landscape.analyse.regions import (APPLICANT_COLUMNS, POSITION_COLUMNS, REGION_COLUMNS, PositionRules,
                                       local_applicants, positioning_table, region_applicants, regions_table)
from landscape.rules.growth import growth

LAST, FIRST = 2022, 2012
IDS = [f"P{i:03d}" for i in range(100)]
CITY = [0, 1, 2, 3, 4, 5, 20, 21, 22, 23]
COUNTRY = CITY + [6, 7, *range(24, 34), *range(50, 62)]

# Who files: ALPHA (two member names, Shantou), SHANTOU UNIV, and outside GOV LAB and BIGCO.
APPLICANTS = pd.DataFrame({
    "applicant": ["ALPHA TOYS", "ALPHA PLASTICS", "SHANTOU UNIV", "GOV LAB", "BIGCO"],
    "group": ["ALPHA", "ALPHA", "SHANTOU UNIV", "GOV LAB", "BIGCO"],
    "kind": ["firm", "firm", "university", "government", "firm"],
    "country": ["CN", "CN", "CN", "CN", "US"],
    "province": ["广东省", "广东省", "广东省", "北京市", None],
    "city": ["汕头市", "汕头市", "汕头市", None, None],
    "is_home": [True, True, True, True, False], "count": [6, 1, 4, 10, 60],
})


def applicants_of(i: int) -> list[str]:
    if i == 0:
        return ["ALPHA TOYS", "ALPHA PLASTICS"]  # two members of one group: counts once for ALPHA
    if i == 1:
        return ["ALPHA TOYS", "SHANTOU UNIV"]
    if i in (2, 3, 20, 21):
        return ["ALPHA TOYS"]
    if i == 4:
        return ["ALPHA PLASTICS"]
    if i in (5, 22, 23):
        return ["SHANTOU UNIV"]
    if 10 <= i < 20:
        return ["GOV LAB"]
    if i >= 40:
        return ["BIGCO"]
    return []


# The city's patents' facts (everything else: a pending-free application with nothing known).
FACTS = {  # id: (doc_type, legal_status, legal_events, pct, cited_by_count, cited_in_store)
    0: ("grant", "active", ["granted"], True, 5, 0),
    1: ("application", "active", ["granted"], False, None, 2),      # granted by its event
    2: ("application", "inactive", [], False, 0, 7),                # ended: decided, not granted; 0 given wins
    3: ("application", "pending", ["examination"], False, None, 0),  # not decided yet
    4: ("utility_model", "active", ["granted"], False, None, 0),    # registered, not examined
    5: ("design", "unknown", [], False, None, 0),
    20: ("grant", "inactive", ["granted", "lapsed"], True, None, 0),  # granted, then lapsed
    21: ("application", "inactive", ["rejected"], False, None, 0),
    22: ("application", None, [], False, None, 0),
    23: ("application", "active", [], False, None, 0),              # written ALIVE (Orbit): no grant
}


def hand_made():
    area = [0] * 20 + [1] * 30 + [2] * 50
    names = [applicants_of(i) for i in range(100)]
    facts = [FACTS.get(i, ("application", None, [], False, None, 0)) for i in range(100)]
    points = pd.DataFrame({"id": IDS, "area": area, "year": [2012 + i % 12 for i in range(100)],
                           "country": "CN", "applicants": names,
                           "applicant": [n[0] if n else None for n in names],
                           "doc_type": [f[0] for f in facts]})
    facts = pd.DataFrame({
        "id": IDS, "doc_type": [f[0] for f in facts], "legal_status": [f[1] for f in facts],
        "legal_events": [f[2] for f in facts], "pct": [f[3] for f in facts],
        "cited_by_count": pd.array([f[4] for f in facts], dtype="Int64"),
        "cited_in_store": [f[5] for f in facts]})
    raw = ["ALIVE" if i == 23 else None for i in range(100)]
    facts["granted"] = [_granted(pd.Series([d]), e, pd.Series([st]), pd.Series([r]))
                        for d, st, e, r in zip(facts["doc_type"], facts["legal_status"], facts["legal_events"], raw)]
    # Branch a: P000 P001 P020 P050; b: P000 (in two branches) and P024; c: declared, empty.
    breakdown = pd.DataFrame({
        "id": ["P000", "P001", "P020", "P050", "P000", "P024", "P099"],
        "branch": ["a", "a", "a", "a", "b", "b", ""],
        "level": [1, 1, 1, 1, 1, 1, 0], "score": 1.0, "best": True})
    return points, facts, breakdown


def mask(indices):
    out = np.zeros(100, dtype=bool)
    out[list(indices)] = True
    return pd.Series(out)


LEVELS = [("world", "全球", mask(range(100))), ("country", "CN", mask(COUNTRY)),
          ("city", "汕头市", mask(CITY)), ("district", "龙湖区", mask([]))]


@pytest.fixture(scope="module")
def table():
    points, facts, breakdown = hand_made()
    return regions_table(points, facts, LEVELS, breakdown=breakdown, branches=["a", "b", "c"],
                         last_complete=LAST, first_year=FIRST)


def row(table, level, area=None, branch=None):
    sel = table[table["level"] == level]
    if area is not None:
        sel = sel[sel["area"] == area]
    elif branch is not None:
        sel = sel[sel["branch"] == branch]
    else:
        sel = sel[sel["area"].isna() & sel["branch"].isna()]
    assert len(sel) == 1
    return sel.iloc[0]


def test_columns_and_rows(table):
    assert table.columns.tolist() == REGION_COLUMNS
    # Per level: the total, three areas, three branches.
    assert table.groupby("level", sort=False).size().to_dict() == {"world": 7, "country": 7, "city": 7, "district": 7}
    assert table["area"].dtype == "Int64"
    assert row(table, "city")["count"] == 10 and row(table, "country")["count"] == 34


def test_specialisation_by_hand(table):
    # (6 of the city's 10) / (20 of the map's 100) = 3.0
    assert row(table, "city", area=0)["specialisation"] == pytest.approx(3.0)
    assert row(table, "city", area=0)["share"] == pytest.approx(6 / 20)
    assert row(table, "city", area=1)["specialisation"] == pytest.approx((4 / 10) / (30 / 100))
    assert row(table, "country", area=2)["specialisation"] == pytest.approx((12 / 34) / (50 / 100))
    assert row(table, "world", area=2)["specialisation"] == pytest.approx(1.0)
    assert row(table, "city")["specialisation"] == 1.0 and row(table, "city")["share"] == pytest.approx(0.1)


def test_zero_and_absent(table):
    none_here = row(table, "city", area=2)  # the city has patents, none in area 2
    assert none_here["count"] == 0 and none_here["specialisation"] == 0.0 and none_here["share"] == 0.0
    empty = table[table["level"] == "district"]  # a region without any patent
    assert (empty["count"] == 0).all() and empty["specialisation"].isna().all()
    nowhere = row(table, "world", branch="c")  # a branch with no patent on the map
    assert nowhere["count"] == 0 and math.isnan(nowhere["share"]) and math.isnan(nowhere["specialisation"])


def test_growth_is_the_growth_rule(table):
    points, _, _ = hand_made()
    world = row(table, "world")
    expected = growth(points["year"], LAST, first_year=FIRST)
    assert world["growth"] == pytest.approx(expected.rate) and world["growth_status"] == expected.status
    # By hand: 24 patents in 2017-2019 and 24 in 2020-2022, so ((24+1)/(24+1))**(1/3) - 1 = 0.
    assert world["growth"] == pytest.approx(0.0) and world["growth_status"] == "stable"
    area1 = row(table, "country", area=1)
    years = points.loc[[i for i in COUNTRY if 20 <= i < 50], "year"]
    expected = growth(years, LAST, first_year=FIRST)
    assert area1["growth_status"] == expected.status
    assert (math.isnan(area1["growth"]) and math.isnan(expected.rate)) or area1["growth"] == pytest.approx(expected.rate)
    assert row(table, "city", area=0)["growth_status"] == "too few"  # six patents


def test_document_types_grants_status_pct_citations(table):
    city = row(table, "city")
    assert (city["inventions"], city["utility_models"], city["designs"]) == (8, 1, 1)
    # Granted: P000 (grant), P001 (granted event), P020 (grant); not the utility model P004
    # nor P023 ("active" alone). Decided: those three + P002 (inactive) + P021 (rejected).
    assert city["granted"] == 3 and city["grant_rate"] == pytest.approx(3 / 5)
    assert row(table, "city", area=0)["grant_rate"] == pytest.approx(2 / 3)
    # Known statuses: 8 (not P005 "unknown", not P022 None); active: P000 P001 P004 P023.
    assert city["in_force_share"] == pytest.approx(4 / 8)
    assert city["pct"] == 2
    assert city["citations"] == 5 + 2 + 0  # P002's export count (0) wins over the store's 7
    assert math.isnan(row(table, "country", area=2)["grant_rate"])  # nothing decided there
    # Status mix: active P000 P001 P004 P023, pending P003, inactive P002 P020 P021.
    assert (city["in_force"], city["pending"], city["lapsed"]) == (4, 1, 3)


def test_operations_count_patents_with_each_legal_event():
    points, facts, _ = hand_made()
    events = [list(e) for e in facts["legal_events"]]
    events[0] += ["transfer", "transfer", "license"]  # transferred twice: one patent
    events[1] += ["pledge"]
    events[20] += ["litigation", "invalidation"]
    city = row(regions_table(points, facts.assign(legal_events=events), LEVELS, last_complete=LAST,
                             first_year=FIRST), "city")
    assert (city["transfers"], city["licences"], city["pledges"], city["litigations"], city["invalidations"]) == \
        (1, 1, 1, 1, 1)


def test_no_legal_data_gives_no_grant_rate():
    # A source without legal data (CNKI) knows its grants but not its refusals: no rate, not 100 %.
    points, facts, _ = hand_made()
    bare = facts.assign(legal_status=None, legal_events=[[] for _ in range(100)],
                        granted=facts["doc_type"].eq("grant"))
    city = row(regions_table(points, bare, LEVELS, last_complete=LAST, first_year=FIRST), "city")
    assert city["granted"] == 2 and math.isnan(city["grant_rate"]) and math.isnan(city["in_force_share"])


def test_branch_rows_count_a_patent_in_each_of_its_branches(table):
    a, b = row(table, "city", branch="a"), row(table, "city", branch="b")
    assert a["count"] == 3 and b["count"] == 1  # P000 counts in both
    assert pd.isna(a["area"])
    assert a["specialisation"] == pytest.approx((3 / 10) / (4 / 100))
    assert b["share"] == pytest.approx(1 / 2)
    # The unassigned P099 counts in the totals only.
    assert table.loc[table["level"] == "world", "branch"].dropna().tolist() == ["a", "b", "c"]


def test_positions():
    points, facts, breakdown = hand_made()
    regions = regions_table(points, facts, LEVELS, breakdown=breakdown, branches=["a", "b", "c"],
                            last_complete=LAST, first_year=FIRST)
    local = local_applicants(points, mask(CITY), breakdown=breakdown)
    city = positioning_table(regions, "city", local=local)
    assert city.columns.tolist() == POSITION_COLUMNS
    by_area = city[city["area"].notna()].set_index("area")
    assert by_area["position"].to_dict() == {0: "strong", 1: "average", 2: "absent"}
    # Area 1: 1.33 is above 1.25, but four patents are too few to call it a strength.
    assert "strong needs 5" in by_area.loc[1, "reason"]
    assert "3.00" in by_area.loc[0, "reason"] and "60.0 %" in by_area.loc[0, "reason"]
    # First applicants in area 0: ALPHA TOYS, ALPHA PLASTICS, SHANTOU UNIV.
    assert by_area.loc[0, "local_applicants"] == 3 and by_area.loc[2, "local_applicants"] == 0
    assert by_area.loc[0, "world_status"] == row(regions, "world", area=0)["growth_status"]
    branches = city[city["branch"].notna()].set_index("branch")
    assert branches["position"].to_dict() == {"a": "average", "b": "average", "c": "absent"}
    assert positioning_table(regions, "city", rules=PositionRules(min_count=3)) \
        .set_index("branch").loc["a", "position"] == "strong"
    country = positioning_table(regions, "country").set_index("area")
    # 14 of 34 against 30 of 100: 1.37, strong; 12 of 34 against 50 of 100: 0.71, weak.
    assert country.loc[1, "position"] == "strong" and country.loc[2, "position"] == "weak"
    assert country.loc[0, "position"] == "average" and country["local_applicants"].isna().all()


def test_positioning_needs_the_world_and_one_region():
    points, facts, _ = hand_made()
    no_world = regions_table(points, facts, LEVELS[1:], last_complete=LAST, first_year=FIRST)
    with pytest.raises(ValueError, match="world"):
        positioning_table(no_world, "city")
    two = regions_table(points, facts, [*LEVELS, ("city", "潮州市", mask([]))], last_complete=LAST,
                        first_year=FIRST)
    with pytest.raises(ValueError, match="region="):
        positioning_table(two, "city")
    assert positioning_table(two, "city", region="潮州市")["position"].eq("absent").all()


def test_inside_and_outside_leaders():
    points, _, breakdown = hand_made()
    out = region_applicants(points, APPLICANTS, mask(CITY), breakdown=breakdown, n=2,
                            last_complete=LAST, first_year=FIRST)
    assert out.columns.tolist() == APPLICANT_COLUMNS
    overall = out[out["scope"] == "all"]
    inside = overall[overall["inside"]].set_index("group")
    # ALPHA: P000-P004, P020, P021 (P000 names two members, counts once); 6 of 7 inventions.
    assert inside["patents"].to_dict() == {"ALPHA": 7, "SHANTOU UNIV": 4}
    assert inside.loc["ALPHA", "rank"] == 1 and inside.loc["ALPHA", "invention_share"] == pytest.approx(6 / 7)
    assert inside.loc["ALPHA", "city"] == "汕头市" and inside.loc["SHANTOU UNIV", "type"] == "university"
    outside = overall[~overall["inside"]].set_index("group")
    assert outside["patents"].to_dict() == {"BIGCO": 60, "GOV LAB": 10}
    assert outside.loc["GOV LAB", "type"] == "public" and outside.loc["BIGCO", "type"] == "enterprise"
    assert outside.loc["BIGCO", "country"] == "US"
    expected = growth(points.loc[40:, "year"], LAST, first_year=FIRST).rate
    assert outside.loc["BIGCO", "growth"] == pytest.approx(expected)
    area0 = out[(out["scope"] == "area") & (out["area"] == 0)]
    assert area0.loc[area0["inside"], "patents"].tolist() == [5, 2]
    assert area0.loc[~area0["inside"], "group"].tolist() == ["GOV LAB"]
    a = out[(out["scope"] == "branch") & (out["branch"] == "a") & out["inside"]].set_index("group")
    assert a["patents"].to_dict() == {"ALPHA": 3, "SHANTOU UNIV": 1}


def test_type_column_wins_over_kind():
    points, _, _ = hand_made()
    typed = APPLICANTS.assign(type=["enterprise", "enterprise", "university", "institute", "enterprise"])
    out = region_applicants(points, typed, mask(CITY), n=5, last_complete=LAST, first_year=FIRST)
    assert out.set_index("group").loc["GOV LAB", "type"].tolist() == ["institute"] * 2  # all and area 0


def test_masks_and_facts_must_fit_the_points():
    points, facts, _ = hand_made()
    with pytest.raises(ValueError, match="one boolean per point"):
        regions_table(points, facts, [("world", "全球", [True] * 3)], last_complete=LAST)
    with pytest.raises(ValueError, match="map_facts"):
        regions_table(points, facts.iloc[::-1], LEVELS, last_complete=LAST)
    with pytest.raises(ValueError, match="level"):
        regions_table(points, facts, [("planet", "Earth", mask(range(100)))], last_complete=LAST)


def test_leaders_list_the_areas_they_file_in():
    points, facts, _ = hand_made()
    applicants = pd.DataFrame({"applicant": ["ALPHA TOYS", "ALPHA PLASTICS", "SHANTOU UNIV", "GOV LAB", "BIGCO"],
                               "group": ["ALPHA", "ALPHA", "SHANTOU UNIV", "GOV LAB", "BIGCO"],
                               "kind": ["firm", "firm", "university", "government", "firm"],
                               "count": [5, 2, 4, 10, 60], "is_home": True})
    out = region_applicants(points, applicants, mask(CITY), last_complete=LAST, first_year=FIRST)
    alpha = out[(out["scope"] == "all") & (out["group"] == "ALPHA")].iloc[0]
    # ALPHA files P000-P004 and P020-P021: areas by patents, most first (all of these are in area 0)
    by_hand = points.loc[[0, 1, 2, 3, 4, 20, 21], "area"].value_counts()
    assert alpha["areas"] == [int(a) for a in by_hand.index[:3]]
