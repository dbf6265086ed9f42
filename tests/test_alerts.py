"""Early-warning rules on synthetic points with planted structure: each planted pattern fires
its rule with the right applicant and numbers, and a uniform control fires nothing.

The control: areas 0-3, twelve applicants each (six home, six foreign), 2 or 3 filings a
year from 2010 to 2024 (seeded), so no one dominates, grows, surges or enters. A scenario
adds area 9 with one planted pattern. The newest year is 2024, so the last complete year is
2022, recent = 2020–2022 and previous = 2017–2019.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from landscape.analyse.alerts import ALERT_COLUMNS, evaluate_alerts, load_rules

YEARS = range(2010, 2025)
CLUSTERS = pd.DataFrame({"id": [0, 1, 2, 3, 9],
                         "label_en": ["a", "b", "c", "d", "gripper / hand / finger"],
                         "label_zh": ["甲", "乙", "丙", "丁", "夹爪/手指"]})


def points(spec, seed: int = 0) -> pd.DataFrame:
    """Points from ``(area, year, applicant, country, how_many)`` rows, in a seeded shuffle."""
    rows = [{"area": a, "year": y, "applicant": name, "applicants": [name], "country": c}
            for a, y, name, c, n in spec for _ in range(n)]
    df = pd.DataFrame(rows).sample(frac=1, random_state=seed).reset_index(drop=True)
    df.insert(0, "id", [f"XX{i:07d}" for i in range(len(df))])
    df.insert(1, "title", "synthetic")
    return df


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


def alerts(spec, **kw) -> pd.DataFrame:
    return evaluate_alerts(points(spec), CLUSTERS, **kw)


def only(found: pd.DataFrame, kind: str) -> pd.Series:
    assert found["kind"].tolist() == [kind], found[["kind", "area", "applicant", "explanation_en"]]
    return found.iloc[0]


# --------------------------------------------------------------------------- scenarios

FOREIGN = ([(9, y, "ACME ROBOTICS", "US", 5) for y in YEARS]
           + [(9, y, f"华东机械{i}", "CN", 1) for i in range(6) for y in YEARS]
           + [(9, y, f"OTHER {i}", "EP", 1) for i in range(4) for y in YEARS])

SURGE = steady(9) + [(9, y, "BOSCH ROBERT", "DE", 12 if y == 2022 else 4) for y in YEARS]

ENTRANT = steady(9) + [(9, 2021, "NEWCO ROBOTICS", "CN", 3), (9, 2022, "NEWCO ROBOTICS", "CN", 3)]

MEGA = {2020: 5, 2021: 8, 2022: 12, 2023: 10, 2024: 10}
CONCENTRATING = ([(9, y, "MEGA", "CN", MEGA.get(y, 2)) for y in YEARS]
                 + steady(9, 6, 1, range(2020, 2025)) + steady(9, 9, 2, range(2010, 2020)))

RIVAL = (steady(9) + [(9, y, "OURCO ROBOTICS", "CN", 5) for y in YEARS]
         + [(0, y, "OURCO ROBOTICS", "CN", 1) for y in YEARS]
         + [(9, y, "RIVALCO", "US", 3 if y >= 2020 else 1) for y in YEARS]
         + [(9, 2021, "ENTRANTCO", "JP", 2), (9, 2022, "ENTRANTCO", "JP", 2)])


def test_uniform_control_raises_no_alert():
    for seed in range(3):
        found = alerts(control(seed))
        assert found.empty and list(found.columns) == ALERT_COLUMNS


def test_foreign_dominance_fires_for_the_planted_applicant():
    a = only(alerts(control() + FOREIGN), "foreign_dominance")
    assert (a["area"], a["applicant"], a["severity"]) == (9, "ACME ROBOTICS", "high")
    # Recent window: ACME 15, six home applicants 3 each, four foreign 3 each.
    assert a["value"] == pytest.approx(15 / 45) and a["threshold"] == pytest.approx(0.30)
    n = a["numbers"]
    assert (n["count"], n["total"], n["home_patents"]) == (15, 45, 18)
    assert n["home_share"] == pytest.approx(0.4)
    assert len(a["patent_ids"]) == 15
    assert "ACME ROBOTICS" in a["explanation_en"] and "33%" in a["explanation_en"]
    assert "「夹爪/手指」" in a["explanation_zh"] and "45 件中 15 件" in a["explanation_zh"]


def test_no_foreign_dominance_where_home_applicants_are_absent():
    foreign_only = [r for r in FOREIGN if not r[2].startswith("华东")]
    assert alerts(control() + foreign_only).empty


def test_surge_fires_with_the_numbers_in_both_languages():
    p = points(control() + SURGE)
    a = only(evaluate_alerts(p, CLUSTERS), "surge")
    assert (a["area"], a["applicant"], a["severity"]) == (9, "BOSCH ROBERT", "medium")
    assert a["value"] == pytest.approx(2.0) and a["threshold"] == pytest.approx(1.5)
    assert a["numbers"]["count"] == 12 and a["numbers"]["previous_count"] == 4
    assert a["explanation_en"] == ("BOSCH ROBERT filed 12 patents in 'gripper / hand / finger' in 2022, "
                                   "up from 4 in 2021 (+200%, threshold +150%).")
    assert a["explanation_zh"] == ("BOSCH ROBERT 在「夹爪/手指」领域 2022 年申请 12 件，较 2021 年的 4 件"
                                   "增长 200%（阈值 150%）。")
    expected = p[(p["applicant"] == "BOSCH ROBERT") & (p["year"] == 2022)]["id"]
    assert a["patent_ids"] == sorted(expected)


def test_new_entrant_fires():
    a = only(alerts(control() + ENTRANT), "new_entrant")
    assert (a["area"], a["applicant"], a["value"]) == (9, "NEWCO ROBOTICS", 6)
    assert a["numbers"]["first_year"] == 2021 and len(a["patent_ids"]) == 6
    assert "2021" in a["explanation_en"] and "新进入者" in a["explanation_zh"]


def test_an_area_new_to_the_corpus_makes_no_new_entrants():
    late = [(9, y, f"LATE {i}", "US", 3) for i in range(4) for y in range(2020, 2025)]
    assert alerts(control() + late).empty


def test_concentrated_fires_for_the_concentrating_area():
    a = only(alerts(control() + CONCENTRATING), "concentrated")
    assert (a["area"], a["applicant"], a["severity"]) == (9, "MEGA", "high")
    # Recent: MEGA 25 of 43 with six others at 3; previous: ten applicants at 6 each.
    h = 25 ** 2 / 43 ** 2 + 6 * 3 ** 2 / 43 ** 2
    assert a["numbers"]["hhi"] == pytest.approx(10_000 * h)
    assert a["value"] == pytest.approx(10_000 * (43 * h - 1) / 42)
    assert a["numbers"]["previous_hhi_corrected"] == pytest.approx(10_000 * 5 / 59)
    assert a["threshold"] == 2500 and a["numbers"]["n_patents"] == 43
    assert len(a["patent_ids"]) == 25 + 3 * 3  # MEGA and the next three, recent window


def test_rival_moves_in_on_the_watched_applicant():
    found = alerts(control() + RIVAL, watch="OurCo Robotics Co., Ltd.")
    assert set(found["kind"]) == {"rival_moves_in"} and (found["area"] == 9).all()
    by = found.set_index("applicant")
    assert set(by.index) == {"RIVALCO", "ENTRANTCO"}
    assert by.loc["RIVALCO", "value"] == pytest.approx(2.0)  # 3 -> 9
    assert by.loc["RIVALCO", "numbers"]["change"] == 6
    assert by.loc["ENTRANTCO", "numbers"]["new_entrant"]
    assert by.loc["ENTRANTCO", "numbers"]["watch"] == "OURCO ROBOTICS"
    assert "OURCO ROBOTICS" in by.loc["RIVALCO", "explanation_en"]
    assert alerts(control() + RIVAL).empty  # nothing to watch, nothing fires


def test_watching_a_steady_area_fires_nothing_and_a_typo_is_explained():
    assert alerts(control(), watch="华星00科技").empty
    with pytest.raises(ValueError, match="did you mean RIVALCO"):
        alerts(control() + RIVAL, watch="RIVALC0")


def everything() -> list[tuple]:
    """Every scenario at once, each in its own area (9, 11, 12, 13, 14)."""
    spec = control() + FOREIGN + [(11, *r[1:]) for r in SURGE] + [(12, *r[1:]) for r in ENTRANT]
    spec += [(13, *r[1:]) for r in CONCENTRATING]
    return spec + [(14, *r[1:]) for r in RIVAL if r[0] == 9] + [r for r in RIVAL if r[0] == 0]


def test_everything_at_once_is_sorted_by_severity():
    found = alerts(everything(), watch="ourco robotics")
    assert found.groupby("kind")["area"].apply(set).to_dict() == {
        "foreign_dominance": {9}, "surge": {11}, "new_entrant": {12}, "concentrated": {13},
        "rival_moves_in": {14}}
    severity = found["severity"].map({"high": 0, "medium": 1})
    assert severity.is_monotonic_increasing
    unlabelled = found[found["area"] == 13].iloc[0]
    assert (unlabelled["area_label_en"], unlabelled["area_label_zh"]) == ("area 13", "#13")


def test_alerts_survive_parquet(tmp_path):
    found = alerts(everything(), watch="OURCO ROBOTICS")
    found.to_parquet(tmp_path / "alerts.parquet")
    back = pd.read_parquet(tmp_path / "alerts.parquet")
    assert list(back.columns) == ALERT_COLUMNS and len(back) == len(found) == 6
    for i in range(len(found)):
        assert list(back["patent_ids"].iloc[i]) == found["patent_ids"].iloc[i]
        kept = {k: v for k, v in back["numbers"].iloc[i].items() if v is not None}
        assert kept == {k: v for k, v in found["numbers"].iloc[i].items() if v is not None}


# --------------------------------------------------------------------------- rule files

def test_defaults_are_the_documented_thresholds():
    r = load_rules()
    assert r["concentrated"]["hhi_min"] == 2500 and r["concentrated"]["rise_min"] == 200
    assert r["surge"]["growth_min"] == 1.5 and r["foreign_dominance"]["share_min"] == 0.30


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

    assert alerts(control() + SURGE, rules={"surge": {"enabled": False}}).empty


@pytest.mark.parametrize("text, message", [
    ("[surge]\ngrowth_mn = 1\n", "unknown key 'surge.growth_mn'"),
    ("[sugre]\ngrowth_min = 1\n", r"unknown rule \[sugre\]"),
    ("[surge]\nmin_count = \"five\"\n", "'surge.min_count' must be a number"),
    ("[surge]\nseverity = \"urgent\"\n", "must be one of high, medium, low"),
    ("[surge\n", "not valid TOML"),
])
def test_a_bad_rule_file_names_the_file_and_key(tmp_path, text, message):
    path = tmp_path / "my_rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as err:
        load_rules(path)
    assert "my_rules.toml" in str(err.value)
