"""Where an applicant is (landscape.analyse.places), on invented names with known answers."""
from __future__ import annotations

import pandas as pd
import pytest

from landscape.analyse.places import (TYPES, applicant_place, applicant_type, applicant_type_rule, in_region,
                                      region_chain, resolve_region)


def where(name, **given):
    p = applicant_place(name, **given)
    return p["country"], p["province"], p["city"], p["district"], p["region_from"]


def test_the_export_columns_are_read_in_their_short_forms():
    for province in ("广东", "广东;44", "44", "440000", "广东省"):
        assert where("甲乙丙", province=province)[:2] == ("CN", "广东省")
    assert where("甲乙丙", province="广东", city="汕头", district="澄海区") == (
        "CN", "广东省", "汕头市", "澄海区", "column")
    assert where("甲乙丙", city="汕头市") == ("CN", "广东省", "汕头市", None, "column")


def test_an_address_and_a_name_give_the_place():
    assert where("甲乙精密", address="广东省深圳市南山区某路1号") == ("CN", "广东省", "深圳市", "南山区", "address")
    assert where("汕头市澄海区星河玩具厂") == ("CN", "广东省", "汕头市", "澄海区", "name")
    assert where("深圳星河科技有限公司")[:3] == ("CN", "广东省", "深圳市")
    assert where("星河科技(深圳)有限公司")[:3] == ("CN", "广东省", "深圳市")
    assert where("星河生物科技江苏有限公司")[:3] == ("CN", "江苏省", None)
    assert where("北京星河科技")[:3] == ("CN", "北京市", "北京市")


def test_a_column_province_wins_over_the_name():
    assert where("深圳星河科技", province="江苏;32") == ("CN", "江苏省", None, None, "column")
    # A city from the name is kept when it lies in the column's province.
    assert where("深圳星河科技", province="44") == ("CN", "广东省", "深圳市", None, "column")


def test_institutions_named_after_a_person_or_another_place():
    assert where("中山大学")[:3] == ("CN", "广东省", "广州市")
    assert where("中山大学附属第九医院")[:3] == ("CN", "广东省", "广州市")
    assert where("中山大学星河研究院(深圳)")[:3] == ("CN", "广东省", "深圳市")
    assert where("某某大学附属中山医院") == (None, None, None, None, None)
    assert where("东方电气星河公司") == (None, None, None, None, None)
    assert where("吉林大学")[:3] == ("CN", "吉林省", "长春市")
    # A short place name inside a trade name is no place.
    assert where("星河吉安环境研究院") == (None, None, None, None, None)


def test_a_district_of_several_places_needs_its_province():
    assert where("南山区星河公司") == (None, None, None, None, None)
    assert where("南山区星河公司", province="广东") == ("CN", "广东省", "深圳市", "南山区", "column")


def test_other_countries_get_their_country_only():
    assert where("星河股份公司", address="德国慕尼黑某街2号", country="DE") == ("DE", None, None, None, "country")
    assert where("ACME ROBOTICS", country="United States") == ("US", None, None, None, "country")
    assert where("ACME ROBOTICS") == (None, None, None, None, None)


def test_hong_kong_macao_and_taiwan_are_regions_of_their_own():
    assert where("香港星河大学") == ("HK", None, None, None, "name")
    assert where("星河(香港)有限公司")[:2] == ("HK", None)
    assert where("台湾星河研究院")[:2] == ("TW", None)
    assert where("星河", province="台湾省") == ("TW", None, None, None, "column")
    assert where("香港星河大学(广州)")[:3] == ("CN", "广东省", "广州市")
    assert where("深圳星河", country="HK")[:2] == ("HK", None)


@pytest.mark.parametrize("text, level, name, code", [
    ("汕头市", "city", "汕头市", "440500"), ("汕头", "city", "汕头市", "440500"),
    ("澄海区", "district", "澄海区", "440515"), ("澄海", "district", "澄海区", "440515"),
    ("广东省", "province", "广东省", "440000"), ("广东", "province", "广东省", "440000"),
    ("北京", "province", "北京市", "110000"), ("长春市朝阳区", "district", "朝阳区", "220104"),
    ("CN", "country", "CN", "CN"), ("中国", "country", "CN", "CN"), ("China", "country", "CN", "CN"),
    ("US", "country", "US", "US"), ("美国", "country", "US", "US"), ("Germany", "country", "DE", "DE"),
    ("香港", "country", "HK", "HK"), ("world", "world", "world", None), ("全球", "world", "world", None)])
def test_resolve_region_reads_every_level(text, level, name, code):
    r = resolve_region(text)
    assert (r.level, r.name, r.code) == (level, name, code)


@pytest.mark.parametrize("text, says", [("朝阳区", "北京市朝阳区"), ("吉林", "吉林省"), ("星河湾", "Unknown"),
                                        ("", "No region"), ("欧洲", "Unknown")])
def test_resolve_region_says_what_is_wrong(text, says):
    with pytest.raises(ValueError, match=says):
        resolve_region(text)


def test_region_chain_runs_from_the_world_down():
    assert [r.name for r in region_chain(resolve_region("汕头"))] == ["world", "CN", "广东省", "汕头市"]
    assert [r.level for r in region_chain(resolve_region("澄海区"))] == [
        "world", "country", "province", "city", "district"]
    assert [r.name for r in region_chain(resolve_region("US"))] == ["world", "US"]
    assert [r.name for r in region_chain(resolve_region("北京"))] == ["world", "CN", "北京市"]


def test_in_region():
    places = pd.DataFrame([applicant_place(n, **g) for n, g in [
        ("汕头市澄海区星河玩具厂", {}), ("汕头市金平区星河厂", {}), ("深圳星河科技", {}),
        ("星河", {"country": "US"}), ("香港星河大学", {}), ("星河", {})]])
    def inside(text):
        return in_region(places, resolve_region(text)).tolist()
    assert inside("澄海区") == [True, False, False, False, False, False]
    assert inside("汕头") == [True, True, False, False, False, False]
    assert inside("广东") == [True, True, True, False, False, False]
    assert inside("CN") == [True, True, True, False, False, False]
    assert inside("香港") == [False, False, False, False, True, False]
    assert inside("world") == [True] * 6


@pytest.mark.parametrize("name, kind", [
    ("星河大学", "university"), ("星河理工学院", "university"), ("星河大学附属第一医院", "hospital"),
    ("星河研究院", "institute"), ("星河研究所", "institute"), ("中国星河科学院", "institute"),
    ("星河市人民政府", "public"), ("星河科技有限公司", "enterprise"), ("星河玩具厂", "enterprise"),
    ("张伟", "individual"), ("星河规划研究院科技集团股份有限公司", "enterprise"),
    ("STARRIVER UNIVERSITY", "university"), ("STARRIVER INSTITUTE", "institute"),
    ("STARRIVER RESEARCH INSTITUTE OF NORTHERN STARRIVER UNIV", "institute"),
    ("STARRIVER HOSPITAL", "hospital"), ("STARRIVER INC", "enterprise"), ("SMITH JOHN", "individual"),
    ("SCHULZ KARL", "individual"), ("ETH STARRIVER", "university"), ("", "unknown")])
def test_applicant_type_in_both_scripts(name, kind):
    assert applicant_type(name) == kind and kind in TYPES


def test_applicant_type_says_which_rule_decided():
    assert applicant_type_rule("星河大学") == ("university", "name words")
    assert applicant_type_rule("星河科技有限公司") == ("enterprise", "legal form")
    assert applicant_type_rule("SMITH JOHN") == ("individual", "person name")
    assert applicant_type_rule(None) == ("unknown", "no name")
