"""Early-warning rules on synthetic points with planted structure: each planted pattern fires
its rule with the right group and numbers, and a uniform control fires nothing.

The control: areas 0-3, twelve applicants each (six home, six foreign), 2 or 3 filings a
year from 2010 to 2024 (seeded), so no one dominates, grows, surges or enters. A scenario
adds area 9 with one planted pattern. The newest year is 2024, so the last complete year is
2022, recent = 2020–2022 and previous = 2017–2019. Each points table comes with a hand-made
applicants table (``applicant, group, kind, country, is_home, decided_by, count``) like the
bundle's ``applicants.parquet``: every applicant its own group and home when its country is
CN, unless a scenario says otherwise.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from landscape.analyse.alert_facts import Ranking
from landscape.analyse.alerts import ALERT_COLUMNS, evaluate_alerts, load_rules

YEARS = range(2010, 2025)
CLUSTERS = pd.DataFrame({"id": [0, 1, 2, 3, 9],
                         "label_en": ["a", "b", "c", "d", "gripper / hand / finger"],
                         "label_zh": ["甲", "乙", "丙", "丁", "夹爪/手指"]})
BY_APPLICATION = "counted by application"


def points(spec, seed: int = 0) -> pd.DataFrame:
    """Points from ``(area, year, applicant, country, how_many)`` rows, in a seeded shuffle."""
    rows = [{"area": a, "year": y, "applicant": name, "applicants": [name], "country": c,
             "doc_type": "grant"} for a, y, name, c, n in spec for _ in range(n)]
    df = pd.DataFrame(rows).sample(frac=1, random_state=seed).reset_index(drop=True)
    df.insert(0, "id", [f"XX{i:07d}" for i in range(len(df))])
    df.insert(1, "title", "synthetic")
    return df


def applicants_of(p: pd.DataFrame, groups=None, foreign=(), individuals=()) -> pd.DataFrame:
    """The applicants table of points ``p``: ``groups`` maps applicant -> group, ``foreign``
    names applicants whose data says foreign although they file in CN."""
    names = p.explode("applicants").groupby("applicants")
    rows = [{"applicant": name, "group": (groups or {}).get(name, name),
             "kind": "individual" if name in individuals else "company",
             "country": "US" if name in foreign else rows["country"].iloc[0],
             "is_home": name not in foreign and rows["country"].iloc[0] == "CN",
             "decided_by": "test", "count": len(rows)} for name, rows in names]
    return pd.DataFrame(rows, columns=["applicant", "group", "kind", "country", "is_home", "decided_by", "count"])


def control(seed: int = 0) -> list[tuple]:
    rng = np.random.default_rng(seed)
    spec = []
    for area in range(4):
        for i in range(12):
            name, country = (f"华星{area}{i}科技", "CN") if i < 6 else (f"FOREIGN {area}-{i}", "US")
            spec += [(area, y, name, country, int(rng.integers(2, 4))) for y in YEARS]
    return spec


def steady(area: int, n_applicants: int = 10, per_year: int = 2, years=YEARS) -> list[tuple]:
    """Background filers: half home, half foreign, the same count every year."""
    return [(area, y, f"背景{i}" if i % 2 else f"BACKGROUND {i}", "CN" if i % 2 else "EP", per_year)
            for i in range(n_applicants) for y in years]


def alerts(spec, *, groups=None, foreign=(), individuals=(), **kw) -> pd.DataFrame:
    p = points(spec)
    return evaluate_alerts(p, CLUSTERS, applicants=applicants_of(p, groups, foreign, individuals), **kw)


def only(found: pd.DataFrame, kind: str) -> pd.Series:
    assert found["kind"].tolist() == [kind], found[["kind", "area", "applicant", "explanation_en"]]
    return found.iloc[0]


def score(mass, share, growth, foreign) -> float:
    """The [ranking] formula with the defaults, written out."""
    m = min(1, math.log(1 + mass) / math.log(501))
    g = 1.0 if growth is None else min(1.0, max(0.0, growth))
    return round(100 * m * min(1.0, share / 0.25) * (0.4 + 0.3 * g + 0.3 * foreign), 1)


# --------------------------------------------------------------------------- scenarios

FOREIGN = ([(9, y, "ACME ROBOTICS", "US", 5) for y in YEARS]
           + [(9, y, f"华东机械{i}", "CN", 1) for i in range(6) for y in YEARS]
           + [(9, y, f"OTHER {i}", "EP", 1) for i in range(4) for y in YEARS])

SURGE = steady(9) + [(9, y, "BOSCH ROBERT", "DE", 12 if y == 2022 else 4) for y in YEARS]

ENTRANT = steady(9) + [(9, 2021, "NEWCO ROBOTICS", "CN", 3), (9, 2022, "NEWCO ROBOTICS", "CN", 3)]

MEGA = {2020: 5, 2021: 8, 2022: 12, 2023: 10, 2024: 10}
CONCENTRATING = ([(9, y, "MEGA", "CN", MEGA.get(y, 2)) for y in YEARS]
                 + steady(9, 6, 1, range(2020, 2025)) + steady(9, 9, 2, range(2010, 2020)))

# A big area taken over by a growing foreign firm: 20 a year before 2020, 100 a year after,
# among ten foreign firms (no home firm there, so no foreign-dominance alert besides).
GIANT = ([(9, y, f"BACKGROUND {i}", "EP", 5) for i in range(10) for y in YEARS]
         + [(9, y, "GIANT", "US", 100 if y >= 2020 else 20) for y in YEARS])

RIVAL = (steady(9) + [(9, y, "OURCO ROBOTICS", "CN", 5) for y in YEARS]
         + [(0, y, "OURCO ROBOTICS", "CN", 1) for y in YEARS]
         + [(9, y, "RIVALCO", "US", 3 if y >= 2020 else 1) for y in YEARS]
         + [(9, 2021, "ENTRANTCO", "JP", 2), (9, 2022, "ENTRANTCO", "JP", 2)])


def test_uniform_control_raises_no_alert():
    for seed in range(3):
        p = points(control(seed))
        found = evaluate_alerts(p, CLUSTERS, applicants=applicants_of(p))
        assert found.empty and list(found.columns) == ALERT_COLUMNS


def test_foreign_dominance_fires_for_the_planted_group():
    a = only(alerts(control() + FOREIGN), "foreign_dominance")
    assert (a["area"], a["applicant"]) == (9, "ACME ROBOTICS")
    # Recent window: ACME 15, six home applicants 3 each, four foreign 3 each; flat since 2017–2019.
    assert a["value"] == pytest.approx(15 / 45) and a["threshold"] == pytest.approx(0.30)
    n = a["numbers"]
    assert (n["count"], n["total"], n["home_patents"], n["previous_count"]) == (15, 45, 18, 15)
    assert n["home_share"] == pytest.approx(0.4) and n["unit"] == "application"
    assert a["score"] == score(45, 15 / 45, 0.0, 1.0) == 43.1 and a["severity"] == "medium"  # a 45-patent area
    assert len(a["patent_ids"]) == 15
    assert "ACME ROBOTICS" in a["explanation_en"] and "33%" in a["explanation_en"]
    assert "15 of 45" in a["explanation_en"] and "2020–2022" in a["explanation_en"]
    assert "2017–2019" in a["explanation_en"] and BY_APPLICATION in a["explanation_en"]
    assert "「夹爪/手指」" in a["explanation_zh"] and "45 件中 15 件" in a["explanation_zh"]
    assert "按申请计" in a["explanation_zh"]


def test_a_foreign_firm_written_in_chinese_is_foreign_by_its_data():
    # PatSnap writes General Electric as 通用电气公司 and its CN filings carry office CN; the
    # applicants table knows it is foreign from its nationality or priority country.
    planted = [(9, y, "通用电气公司", "CN", n) for a, y, name, c, n in FOREIGN if name == "ACME ROBOTICS"]
    spec = control() + planted + [r for r in FOREIGN if r[2] != "ACME ROBOTICS"]
    a = only(alerts(spec, foreign={"通用电气公司"}), "foreign_dominance")
    assert a["applicant"] == "通用电气公司" and "国外集团 通用电气公司" in a["explanation_zh"]
    assert alerts(spec).empty  # had the data said home, nobody foreign would dominate


def test_no_foreign_dominance_where_home_applicants_are_absent():
    foreign_only = [r for r in FOREIGN if not r[2].startswith("华东")]
    assert alerts(control() + foreign_only).empty


def test_surge_fires_with_the_numbers_in_both_languages():
    p = points(control() + SURGE)
    a = only(evaluate_alerts(p, CLUSTERS, applicants=applicants_of(p)), "surge")
    assert (a["area"], a["applicant"], a["severity"]) == (9, "BOSCH ROBERT", "medium")
    assert a["value"] == pytest.approx(2.0) and a["threshold"] == pytest.approx(1.5)
    assert a["numbers"]["count"] == 12 and a["numbers"]["previous_count"] == 4
    assert a["explanation_en"] == ("BOSCH ROBERT filed 12 patents in 'gripper / hand / finger' in 2022, "
                                   "up from 4 in 2021 (+200%, threshold +150%); 25% of the area's filings "
                                   "in 2020–2022. The area had 80 patents in 2020–2022 (counted by application).")
    assert a["explanation_zh"] == ("BOSCH ROBERT 在「夹爪/手指」领域 2022 年申请 12 件，较 2021 年的 4 件"
                                   "增长 200%（阈值 150%），占该领域 2020–2022 年申请量的 25%。"
                                   "该领域 2020–2022 年共 80 件（按申请计）。")
    expected = p[(p["applicant"] == "BOSCH ROBERT") & (p["year"] == 2022)]["id"]
    assert a["patent_ids"] == sorted(expected)


def test_a_surge_in_a_small_area_waits_for_the_minimum_mass():
    small = steady(9, 2, 1) + [(9, y, "BOSCH ROBERT", "DE", {2020: 2, 2021: 2, 2022: 5}.get(y, 1)) for y in YEARS]
    # 2 -> 5 is +150%, but the area had 6 + 9 = 15 patents in 2020–2022, under the 20 required.
    assert alerts(control() + small).empty
    a = only(alerts(control() + small, rules={"surge": {"min_patents": 15}}), "surge")
    assert a["applicant"] == "BOSCH ROBERT" and "The area had 15 patents in 2020–2022" in a["explanation_en"]


def test_new_entrant_fires():
    a = only(alerts(control() + ENTRANT), "new_entrant")
    assert (a["area"], a["applicant"], a["value"]) == (9, "NEWCO ROBOTICS", 6)
    assert a["numbers"]["first_year"] == 2021 and len(a["patent_ids"]) == 6
    assert "2021" in a["explanation_en"] and "新进入者" in a["explanation_zh"]


def test_a_new_entrant_needs_an_area_of_some_size_and_a_share_of_it():
    tiny = steady(9, 1, 1) + ENTRANT[-2:]  # 3 + 6 patents in 2020–2022
    assert alerts(control() + tiny).empty
    assert only(alerts(control() + tiny, rules={"new_entrant": {"min_patents": 9}}), "new_entrant")["value"] == 6
    crowded = steady(9, 40, 3) + ENTRANT[-2:]  # 6 of 366: under 2%
    assert alerts(control() + crowded).empty
    assert len(alerts(control() + crowded, rules={"new_entrant": {"share_min": 0.01}})) == 1


def test_an_area_new_to_the_corpus_makes_no_new_entrants():
    late = [(9, y, f"LATE {i}", "US", 3) for i in range(4) for y in range(2020, 2025)]
    assert alerts(control() + late).empty


def test_concentrated_fires_for_the_concentrating_area():
    a = only(alerts(control() + CONCENTRATING), "concentrated")
    assert (a["area"], a["applicant"]) == (9, "MEGA")
    # Recent: MEGA 25 of 43 with six others at 3; previous: ten applicants at 6 each.
    h = 25 ** 2 / 43 ** 2 + 6 * 3 ** 2 / 43 ** 2
    assert a["numbers"]["hhi"] == pytest.approx(10_000 * h)
    assert a["value"] == pytest.approx(10_000 * (43 * h - 1) / 42)
    assert a["numbers"]["previous_hhi_corrected"] == pytest.approx(10_000 * 5 / 59)
    assert a["threshold"] == 2500 and a["numbers"]["n_patents"] == 43
    assert len(a["patent_ids"]) == 25 + 3 * 3  # MEGA and the next three, recent window
    # A small (43 patents), shrinking (60 before), domestic-led area ranks low.
    assert a["score"] == score(43, 25 / 43, -0.28, 9 / 34) and a["severity"] == "low"


SUBSIDIARIES = {"MEGA KOREA": "MEGA", "MEGA CHEMICAL": "MEGA"}


def split(spec, into=("MEGA KOREA", "MEGA CHEMICAL")) -> list[tuple]:
    """MEGA's filings shared out among its subsidiaries, one year each in turn."""
    out = []
    for area, year, name, country, n in spec:
        if name != "MEGA":
            out.append((area, year, name, country, n))
            continue
        for i in range(n):
            out.append((area, year, into[(year + i) % len(into)], country, 1))
    return out


def test_a_group_counts_as_one_competitor():
    spec = control() + split(CONCENTRATING)
    a = only(alerts(spec, groups=SUBSIDIARIES), "concentrated")
    assert a["applicant"] == "MEGA" and a["numbers"]["top_count"] == 25
    assert a["numbers"]["members"] == ["MEGA CHEMICAL", "MEGA KOREA"]
    assert "MEGA (group of 2 applicants)" in a["explanation_en"] and "集团，2 个申请人" in a["explanation_zh"]
    assert alerts(spec).empty  # two firms of 13 and 12 patents do not concentrate the area
    # Old bundles: no applicants table, so each applicant is its own group.
    assert evaluate_alerts(points(spec), CLUSTERS).empty


def test_by_applicant_counts_each_firm_as_analyse_by_applicant_does():
    spec = control() + split(CONCENTRATING)
    assert alerts(spec, groups=SUBSIDIARIES, by="applicant").empty
    with pytest.raises(ValueError, match="by must be"):
        alerts(spec, by="firm")


def test_a_patent_filed_by_two_firms_of_one_group_counts_once():
    p = points(control() + CONCENTRATING)
    mega = p.index[p["applicant"] == "MEGA"]
    p.loc[mega, "applicants"] = pd.Series([["MEGA KOREA", "MEGA CHEMICAL"]] * len(mega), index=mega)
    a = only(evaluate_alerts(p, CLUSTERS, applicants=applicants_of(p, SUBSIDIARIES)), "concentrated")
    assert a["numbers"]["top_count"] == 25 and a["numbers"]["n_patents"] == 43


def test_big_growing_foreign_concentrations_rank_above_small_ones():
    spec = control() + CONCENTRATING + [(15, *r[1:]) for r in GIANT]
    found = alerts(spec)
    assert found["kind"].tolist() == ["concentrated", "concentrated"]
    big, small = found.iloc[0], found.iloc[1]
    assert (big["area"], big["applicant"], big["severity"]) == (15, "GIANT", "high")
    assert (small["area"], small["severity"]) == (9, "low")
    # 450 patents in 2020–2022 (GIANT 300), 210 before: full mass and growth, foreign top 4.
    assert big["numbers"]["n_patents"] == 450 and big["numbers"]["previous_patents"] == 210
    assert big["score"] == score(450, 300 / 450, 450 / 210 - 1, 1.0) > 80
    assert "GIANT holds 67% (300 patents)" in big["explanation_en"]


def test_individuals_and_utility_model_bursts_are_reported_low():
    spec = control() + [(15, *r[1:]) for r in GIANT]
    assert only(alerts(spec), "concentrated")["severity"] == "high"
    person = only(alerts(spec, individuals={"GIANT"}), "concentrated")
    assert person["severity"] == "low" and person["score"] > 80
    assert "GIANT is an individual." in person["explanation_en"] and "个人申请人" in person["explanation_zh"]
    loose = alerts(spec, individuals={"GIANT"}, rules={"ranking": {"individual_max": "high"}})
    assert only(loose, "concentrated")["severity"] == "high"

    p = points(spec)
    p.loc[p["applicant"] == "GIANT", "doc_type"] = "utility_model"
    um = only(evaluate_alerts(p, CLUSTERS, applicants=applicants_of(p)), "concentrated")
    assert um["severity"] == "low" and um["numbers"]["utility_model_only"]
    assert "All of these filings are utility models." in um["explanation_en"]


def test_the_score_is_the_documented_formula():
    r = Ranking(**load_rules()["ranking"])
    assert r.score(500, 1.0, 1.0, 1.0) == 100.0
    assert r.score(0, 1.0, 1.0, 1.0) == 0.0  # no patents, no weight
    assert r.score(500, 0.5, float("nan"), 0.0) == pytest.approx(100 * (0.4 + 0.3))  # from nothing: full growth
    assert r.score(500, 0.01, 1.0, 1.0) == pytest.approx(4.0)  # a sliver of the area, however it grows
    assert r.score(20, 0.5, -0.5, 1.0) == score(20, 0.5, -0.5, 1.0)
    assert r.severity(90, "medium") == "medium" and r.severity(90, "high") == "high"
    assert r.severity(30, "high") == "medium" and r.severity(5, "high") == "low"
    assert r.severity(90, "high", utility_model_only=True) == "low"


# --------------------------------------------------------------------------- a watched firm

def test_rival_moves_in_on_the_watched_applicant():
    found = alerts(control() + RIVAL, watch="OurCo Robotics Co., Ltd.")
    assert set(found["kind"]) == {"rival_moves_in"} and (found["area"] == 9).all()
    by = found.set_index("applicant")
    assert set(by.index) == {"RIVALCO", "ENTRANTCO"}
    assert by.loc["RIVALCO", "value"] == pytest.approx(2.0)  # 3 -> 9
    assert by.loc["RIVALCO", "numbers"]["change"] == 6
    assert by.loc["RIVALCO", "numbers"]["previous_share"] == pytest.approx(3 / 78)
    assert by.loc["ENTRANTCO", "numbers"]["new_entrant"]
    assert by.loc["ENTRANTCO", "numbers"]["watch"] == "OURCO ROBOTICS"
    assert "OURCO ROBOTICS" in by.loc["RIVALCO", "explanation_en"]
    assert "9 patents in 2020–2022" in by.loc["RIVALCO", "explanation_en"]
    assert "3 (4%) in 2017–2019" in by.loc["RIVALCO", "explanation_en"]
    assert alerts(control() + RIVAL).empty  # nothing to watch, nothing fires


def test_a_rival_group_that_was_already_big_is_not_moving_in():
    # The rival's subsidiary grows 1 -> 3 a year, but its group held 10 a year there all along.
    sub = [(r[0], r[1], "RIVALCO KOREA", r[3], r[4]) for r in RIVAL if r[2] == "RIVALCO"]
    spec = ([r for r in RIVAL if r[2] != "RIVALCO"] + sub
            + [(9, y, "RIVALCO", "US", 10) for y in YEARS])
    grouped = alerts(control() + spec, watch="OURCO ROBOTICS", groups={"RIVALCO KOREA": "RIVALCO"})
    rivals = grouped[grouped["kind"].str.startswith("rival")]
    assert set(rivals["applicant"]) == {"ENTRANTCO"}  # the group grew 33 -> 39: no rival alert
    # Counted firm by firm, the subsidiary would look like a newcomer moving in.
    alone = alerts(control() + spec, watch="OURCO ROBOTICS")
    assert "RIVALCO KOREA" in set(alone.loc[alone["kind"] == "rival_moves_in", "applicant"])


def test_a_big_rival_that_doubles_is_strengthening():
    spec = [r for r in RIVAL if r[2] != "RIVALCO"] + [(9, y, "RIVALCO", "US", 12 if y >= 2020 else 5) for y in YEARS]
    found = alerts(control() + spec, watch="OURCO ROBOTICS")
    a = found[found["kind"].str.startswith("rival")].set_index("applicant").loc["RIVALCO"]
    assert a["kind"] == "rival_strengthens" and a["numbers"]["previous_share"] == pytest.approx(15 / 90)
    assert "is strengthening in" in a["explanation_en"] and "36 patents in 2020–2022" in a["explanation_en"]
    quiet = alerts(control() + spec, watch="OURCO ROBOTICS", rules={"rival_moves_in": {"strengthening": False}})
    assert "rival_strengthens" not in set(quiet["kind"])


def test_a_watched_firm_is_never_warned_about_its_own_group():
    labs = [(11, y, "OURCO LABS", "CN", 12 if y == 2022 else 4) for y in YEARS] + [(11, *r[1:]) for r in steady(9)]
    groups = {"OURCO LABS": "OURCO ROBOTICS"}
    unwatched = alerts(control() + RIVAL + labs, groups=groups)
    assert set(unwatched["applicant"]) == {"OURCO ROBOTICS"}  # its subsidiary's surge, seen by others
    watched = alerts(control() + RIVAL + labs, groups=groups, watch="OurCo Labs")  # a subsidiary's name
    assert "OURCO ROBOTICS" not in set(watched["applicant"])
    assert set(watched["numbers"].map(lambda n: n["watch"])) == {"OURCO ROBOTICS"}
    # Nor is the area it leads a concentration risk to it.
    assert only(alerts(control() + CONCENTRATING), "concentrated")["applicant"] == "MEGA"
    assert alerts(control() + CONCENTRATING, watch="MEGA").empty


def test_a_map_without_applicants_has_no_alerts():
    # Some exports (the waste-heat abstracts) carry no applicant at all.
    p = points(control())
    p = p.assign(applicant=None, applicants=[[] for _ in range(len(p))])
    found = evaluate_alerts(p, CLUSTERS)
    assert found.empty and list(found.columns) == ALERT_COLUMNS


def test_watching_a_steady_area_fires_nothing_and_a_typo_is_explained():
    assert alerts(control(), watch="华星00科技").empty
    with pytest.raises(ValueError, match="did you mean RIVALCO"):
        alerts(control() + RIVAL, watch="RIVALC0")


def everything() -> list[tuple]:
    """Every scenario at once, each in its own area (9, 11, 12, 13, 14, 15)."""
    spec = control() + FOREIGN + [(11, *r[1:]) for r in SURGE] + [(12, *r[1:]) for r in ENTRANT]
    spec += [(13, *r[1:]) for r in CONCENTRATING] + [(15, *r[1:]) for r in GIANT]
    return spec + [(14, *r[1:]) for r in RIVAL if r[0] == 9] + [r for r in RIVAL if r[0] == 0]


def test_everything_at_once_is_sorted_by_severity_then_score():
    found = alerts(everything(), watch="ourco robotics")
    assert found.groupby("kind")["area"].apply(set).to_dict() == {
        "foreign_dominance": {9}, "surge": {11}, "new_entrant": {12}, "concentrated": {13, 15},
        "rival_moves_in": {14}}
    order = found["severity"].map({"high": 0, "medium": 1, "low": 2})
    assert order.is_monotonic_increasing
    for _, same in found.groupby("severity"):
        assert same["score"].is_monotonic_decreasing
    assert found.iloc[0]["area"] == 15  # the big, growing, foreign-led concentration first
    unlabelled = found[found["area"] == 13].iloc[0]
    assert (unlabelled["area_label_en"], unlabelled["area_label_zh"]) == ("Area 13", "领域 13")


def test_alerts_survive_parquet(tmp_path):
    found = alerts(everything(), watch="OURCO ROBOTICS")
    found.to_parquet(tmp_path / "alerts.parquet")
    back = pd.read_parquet(tmp_path / "alerts.parquet")
    assert list(back.columns) == ALERT_COLUMNS and len(back) == len(found) == 7
    for i in range(len(found)):
        assert list(back["patent_ids"].iloc[i]) == found["patent_ids"].iloc[i]
        kept = {k: (list(v) if isinstance(v, np.ndarray) else v)
                for k, v in back["numbers"].iloc[i].items() if v is not None}
        assert kept == {k: v for k, v in found["numbers"].iloc[i].items() if v is not None}


# --------------------------------------------------------------------------- rule files

def test_defaults_are_the_documented_thresholds():
    r = load_rules()
    assert r["concentrated"]["hhi_min"] == 2500 and r["concentrated"]["rise_min"] == 200
    assert r["surge"]["growth_min"] == 1.5 and r["foreign_dominance"]["share_min"] == 0.30
    assert r["concentrated"]["min_patents"] == 30 and r["surge"]["min_patents"] == 20
    assert r["ranking"]["individual_max"] == "low" and r["ranking"]["utility_model_only_max"] == "low"


def test_a_rule_file_changes_what_fires(tmp_path):
    stricter = tmp_path / "strict.toml"
    stricter.write_text("[surge]\ngrowth_min = 2.5\n", encoding="utf-8")
    assert alerts(control() + SURGE, rules=stricter).empty
    assert load_rules(stricter)["surge"] == {**load_rules()["surge"], "growth_min": 2.5}

    looser = tmp_path / "loose.toml"
    looser.write_text("[foreign_dominance]\nshare_min = 0.05\nseverity = \"low\"\n", encoding="utf-8")
    found = alerts(control(), rules=looser)
    assert set(found["kind"]) == {"foreign_dominance"} and (found["severity"] == "low").all()
    assert len(found) == 4 * 6  # every foreign control applicant holds about 1/12 of its area
    found = alerts(control(), rules={"foreign_dominance": {"share_min": 0.05, "min_patents": 200}})
    assert found.empty  # each control area has about 90 patents in the window

    assert alerts(control() + SURGE, rules={"surge": {"enabled": False}}).empty


@pytest.mark.parametrize("text, message", [
    ("[surge]\ngrowth_mn = 1\n", "unknown key 'surge.growth_mn'"),
    ("[sugre]\ngrowth_min = 1\n", r"unknown rule \[sugre\]"),
    ("[surge]\nmin_count = \"five\"\n", "'surge.min_count' must be a number"),
    ("[surge]\nseverity = \"urgent\"\n", "must be one of high, medium, low"),
    ("[ranking]\nindividual_max = \"never\"\n", "'ranking.individual_max' must be one of"),
    ("[surge\n", "not valid TOML"),
])
def test_a_bad_rule_file_names_the_file_and_key(tmp_path, text, message):
    path = tmp_path / "my_rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as err:
        load_rules(path)
    assert "my_rules.toml" in str(err.value)


# --------------------------------------------------------------------------- CLI and app agree

WATCH = "NICHIA"  # files in the planted LED area, where SURGE LIGHTING enters (test_app)


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """The app tests' planted workspace, with two copies of its map analysed by the CLI:
    ``watched`` with ``--watch NICHIA``, ``unwatched`` without."""
    import shutil

    from click.testing import CliRunner
    from test_app import make_app_workspace

    from landscape.cli import main

    ws = make_app_workspace(tmp_path_factory.mktemp("alerts-parity"))
    for name, extra in (("watched", ["--watch", WATCH]), ("unwatched", [])):
        shutil.copytree(ws / "maps" / "planted", ws / "maps" / name)
        result = CliRunner().invoke(main, ["analyse", "--map", name, "--workspace", str(ws), *extra],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return ws


def app_explanations(at) -> set[str]:
    assert not at.exception, [e.value for e in at.exception]
    return set(at.dataframe[0].value["Why"])


def test_the_app_shows_the_alerts_the_cli_made(analysed, monkeypatch):
    from test_app import run_app

    cli = pd.read_parquet(analysed / "maps" / "watched" / "alerts.parquet")
    assert "rival_moves_in" in set(cli["kind"])  # the watch alert the app used to drop
    at = run_app(analysed, monkeypatch, page="alerts", map_name="watched")
    assert at.selectbox(key="alert_watch").value == WATCH  # the analysed settings, shown
    assert app_explanations(at) == set(cli["explanation_en"])
    assert int(at.metric[0].value) == len(cli)


def test_the_app_computes_what_the_cli_would_for_the_same_settings(analysed, monkeypatch):
    from test_app import run_app

    cli = pd.read_parquet(analysed / "maps" / "watched" / "alerts.parquet")
    at = run_app(analysed, monkeypatch, page="alerts", map_name="unwatched")
    assert app_explanations(at) == set(pd.read_parquet(analysed / "maps" / "unwatched" / "alerts.parquet")
                                       ["explanation_en"])
    # The same bundle watched from the app: evaluated live, the CLI's alerts for --watch.
    at.selectbox(key="alert_watch").set_value(WATCH).run()
    assert "computed with the thresholds above" in "\n".join(c.value for c in at.caption)
    assert app_explanations(at) == set(cli["explanation_en"])


def test_the_report_says_how_alerts_are_counted_and_ranked(analysed):
    from landscape.maps import read_bundle
    from landscape.report.content import build_model

    bundle = read_bundle(analysed, "watched")
    for lang, words in (("en", ("by corporate group", "by application", f"Watching {WATCH}")),
                        ("zh", ("按集团", "按申请", f"关注 {WATCH}"))):
        section = build_model(bundle, lang).sections["alerts"]
        text = "\n".join(section.paragraphs)
        assert all(w in text for w in words), text
        assert [item["text"] for item in section.items] == pd.read_parquet(
            analysed / "maps" / "watched" / "alerts.parquet")[f"explanation_{lang}"].head(len(section.items)).tolist()


def test_an_unlabelled_area_is_named_once_in_each_language():
    p = points(control() + SURGE)
    a = only(evaluate_alerts(p, None, applicants=applicants_of(p)), "surge")
    assert "在领域 9 2022 年" in a["explanation_zh"] and "「领域 9」" not in a["explanation_zh"]
    assert " in area 9 in 2022" in a["explanation_en"]
