"""发展路径 lines come from the navigation's numbers and cite them."""
import json

import pandas as pd

from landscape.analyse.recommend import development_path


def _positioning():
    return pd.DataFrame({
        "area": pd.array([0, 1, 2, 3], dtype="Int64"), "branch": [None] * 4,
        "position": ["absent", "strong", "average", "weak"],
        "region_count": [0, 30, 8, 6], "specialisation": [0.0, 2.4, 0.9, 0.5],
        "world_growth": [0.25, -0.12, 0.15, 0.02], "world_status": ["emerging", "cooling", "growing", "stable"],
        "local_applicants": [0, 4, 2, 1]})


def _leaders():
    rows = [("area", 0, False, 1, "Rival Toys Co", "enterprise", 12), ("area", 0, False, 2, "Other Corp", "enterprise", 9),
            ("area", 1, True, 1, "本地玩具有限公司", "enterprise", 20), ("area", 2, True, 1, "本地塑胶厂", "enterprise", 5),
            ("area", 2, False, 1, "Far Away Inc", "enterprise", 40)]
    return pd.DataFrame(rows, columns=["scope", "area", "inside", "rank", "group", "type", "patents"]).assign(branch=None)


NAMES = {("area", a): {"en": f"Area {a}", "zh": f"领域{a}"} for a in range(4)}


def test_each_kind_fires_on_its_numbers_and_cites_them():
    regions = pd.DataFrame({"level": ["world", "city"], "region": ["world", "汕头市"], "area": pd.array([3, 3], dtype="Int64"),
                            "count": [100, 6], "inventions": [70, 1]})
    out = development_path(_positioning(), _leaders(), regions, region="汕头市", level="city", names=NAMES)
    kinds = dict(zip(zip(out["kind"], out["area"]), out["text_en"]))
    # absent in an emerging area: attract the outside leaders, with their counts
    assert "Rival Toys Co (12)" in kinds[("attract_firms", 0)] and "+25 %" in kinds[("attract_firms", 0)]
    # strong where the world cools: consolidate, and the cooling is said
    assert "cooling" in kinds[("strengthen", 1)] and "2.4×" in kinds[("strengthen", 1)]
    # average in a growing area with local applicants: cultivate them
    assert "本地塑胶厂 (5)" in kinds[("cultivate", 2)]
    # 1 of 6 inventions against 70 % worldwide
    assert "17 %" in kinds[("portfolio", 3)] and "70 %" in kinds[("portfolio", 3)]
    # a weak area whose world is only stable gets no attract line
    assert ("attract_firms", 3) not in kinds
    zh = out.set_index(["kind", "area"])["text_zh"]
    assert "招引" in zh[("attract_firms", 0)] and "Rival Toys Co（12件）" in zh[("attract_firms", 0)]
    assert json.loads(out.iloc[0]["figures"])["world_status"]


def test_partners_are_universities_with_a_portfolio_in_the_area():
    points = pd.DataFrame({"area": [2, 2, 2, 0], "applicants": [["星海大学"], ["星海大学", "本地塑胶厂"], ["本地塑胶厂"], ["星海大学"]]})
    applicants = pd.DataFrame({"applicant": ["星海大学", "本地塑胶厂"], "group": ["星海大学", "本地塑胶厂"],
                               "type": ["university", "enterprise"]})
    out = development_path(_positioning(), _leaders(), None, region="汕头市", level="city", names=NAMES,
                           points=points, applicants=applicants)
    partner = out[out["kind"] == "partner"]
    assert partner["area"].tolist() == [2] and "星海大学 (2)" in partner.iloc[0]["text_en"]


def test_talent_names_only_inventors_filing_outside_the_region():
    inventors = pd.DataFrame({"inventor": ["A. Maker", "本地 张三"], "patents": [7, 9], "areas": [[0], [0]],
                              "applicants": [["Rival Toys Co"], ["本地玩具有限公司"]]})
    out = development_path(_positioning(), _leaders(), None, region="汕头市", level="city", names=NAMES,
                           inventors=inventors, inside_applicants={"本地玩具有限公司"})
    talent = out[out["kind"] == "attract_talent"]
    assert len(talent) == 1 and "A. Maker (7)" in talent.iloc[0]["text_en"] and "张三" not in talent.iloc[0]["text_en"]
