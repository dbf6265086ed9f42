"""Applicant nationality from data before names: foreign firms written in Chinese are
foreign, Chinese firms with a Chinese address or province are home, and a bare Han name falls
to the name rule and says so."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from landscape.analyse.nationality import (RULES, address_country, applicant_nationality,
                                           first_offices, name_country)


def points(rows) -> pd.DataFrame:
    """Points from dicts naming only what each record has; the rest is missing."""
    out = pd.DataFrame(rows)
    out["applicants"] = [[a] if isinstance(a, str) else a for a in out["applicants"]]
    out["applicant"] = [a[0] if a else None for a in out["applicants"]]
    return out


def decided(p: pd.DataFrame, **kw) -> dict[str, tuple]:
    t = applicant_nationality(p, **kw)
    return {a: (c, r) for a, c, r in t.itertuples(index=False)}


def test_foreign_firms_written_in_chinese_are_foreign():
    p = points([
        {"applicants": "通用电气", "priority_country": "US", "country": "CN"},
        {"applicants": "通用电气", "priority_country": "US", "country": "CN"},
        {"applicants": "西门子股份", "applicant_address": "德国慕尼黑维特尔斯巴赫广场2号", "country": "CN"},
        {"applicants": "西门子股份", "applicant_address": "Werner-von-Siemens-Str. 1, München, Germany",
         "country": "CN"},
    ])
    assert decided(p) == {"通用电气": ("US", "priority_country"), "西门子股份": ("DE", "address")}


def test_chinese_firms_with_a_cn_address_or_a_province_are_home():
    p = points([
        {"applicants": "深圳甲科技", "applicant_address": "518000 广东省深圳市南山区科技园", "country": "CN"},
        {"applicants": "汕头乙玩具", "province": "广东省", "country": "CN"},
        {"applicants": "台湾丙电子", "province": "台湾", "country": "CN"},
        {"applicants": "杜邦", "province": "美国", "country": "CN"},  # CNKI's 国省名称 of a foreign firm
    ])
    assert decided(p) == {"深圳甲科技": ("CN", "address"), "汕头乙玩具": ("CN", "address"),
                          "台湾丙电子": ("TW", "address"), "杜邦": ("US", "address")}


def test_a_bare_han_name_falls_to_the_name_rule_and_says_so():
    p = points([{"applicants": "某某精密"}, {"applicants": "ACME WIDGETS"}])
    assert decided(p) == {"ACME WIDGETS": (None, "unknown"), "某某精密": ("CN", "name")}
    assert decided(p, name_rules=False)["某某精密"] == (None, "unknown")


def test_rules_are_tried_in_order_and_the_majority_wins_within_one():
    p = points([
        # nationality beats everything after it, even when outnumbered there
        {"applicants": ["甲", "乙"], "applicant_countries": ["JP", "KR"], "priority_country": "CN"},
        {"applicants": "甲", "priority_country": "CN", "applicant_address": "北京市海淀区"},
        # priority country beats the first office; the majority of records wins
        {"applicants": "丙", "priority_country": "US", "first_office": "CN"},
        {"applicants": "丙", "priority_country": "US"},
        {"applicants": "丙", "priority_country": "DE"},
        # regional offices are not nationalities: WO says nothing, the first office decides
        {"applicants": "丁", "priority_country": "WO", "first_office": "FR"},
        # an address is the first applicant's: 戊 has none of its own
        {"applicants": ["己", "戊"], "applicant_address": "上海市浦东新区"},
    ])
    assert decided(p) == {"甲": ("JP", "applicant_country"), "乙": ("KR", "applicant_country"),
                          "丙": ("US", "priority_country"), "丁": ("FR", "first_office"),
                          "己": ("CN", "address"), "戊": ("CN", "name")}


def test_old_bundles_without_evidence_columns_fall_back_to_names():
    p = pd.DataFrame({"id": ["a", "b"], "applicant": ["トヨタ自動車", "深圳乙"], "country": ["CN", "CN"]})
    t = applicant_nationality(p)
    assert t.to_dict("records") == [{"applicant": "トヨタ自動車", "country": "JP", "decided_by": "name"},
                                    {"applicant": "深圳乙", "country": "CN", "decided_by": "name"}]
    assert set(t["decided_by"]) <= set(RULES)


@pytest.mark.parametrize("address, country", [
    ("广东省汕头市澄海区", "CN"), ("北京市海淀区", "CN"), ("美国纽约州斯克内克塔迪", "US"),
    ("日本东京都港区", "JP"), ("中国台湾新竹市", "TW"), ("香港九龙", "HK"),
    ("Schenectady, NY 12345 (US)", "US"), ("Munich, Germany", "DE"), ("Nanshan, Shenzhen, Guangdong", "CN"),
    ("Somewhere 12", None), (None, None), ("", None),
])
def test_address_country(address, country):
    assert address_country(address) == country


@pytest.mark.parametrize("name, written, country", [
    ("トヨタ自動車", None, "JP"), ("삼성전자", None, "KR"), ("通用电气 中国", "通用电气（中国）有限公司", "CN"),
    ("西门子", "西门子（德国）", "DE"), ("美国铝业", None, "US"), ("深圳乙", None, "CN"),
    ("SHENZHEN ABC TECH", "Shenzhen ABC Tech Co., Ltd.", "CN"), ("BOSCH ROBERT", "Robert Bosch GmbH", "DE"),
    ("INTEL", "Intel Corporation", None), ("ACME", "Acme Widgets LLC", "US"), ("SONY", "Sony K.K.", "JP"), ("ACME", None, None),
    ("某某", "某某有限公司", "CN"),
])
def test_name_country(name, written, country):
    assert name_country(name, written) == country


def test_first_office_is_the_earliest_filing_of_the_family():
    d = dt.date
    records = pd.DataFrame({
        "id": ["US1A1", "CN2A", "EP3A1", "CN4A", "CN5A"],
        "family_id": ["F1", "F1", "F1", None, None],
        "country": ["US", "CN", "EP", "CN", "CN"],
        "filing_date": [d(2018, 1, 1), d(2019, 1, 1), d(2019, 1, 1), d(2020, 1, 1), d(2020, 1, 1)],
        # CN5A claims an earlier priority: its first filing is not in the data
        "priority_date": [d(2018, 1, 1), d(2018, 1, 1), d(2018, 1, 1), None, d(2019, 6, 1)],
    })
    assert first_offices(records).tolist() == ["US", "US", "US", "CN", None]
    # A priority at another office, with no date: the first filing is not here either.
    undated = records.assign(priority_date=None, priority_country=[None, None, None, None, "JP"])
    assert first_offices(undated).tolist() == ["US", "US", "US", "CN", None]
    # No priority information anywhere: a lone application's office says nothing about where
    # its applicant comes from, in one office or in several.
    alone = records.drop(columns="priority_date")
    assert first_offices(alone.iloc[3:]).tolist() == [None, None]
    assert first_offices(alone.iloc[[0, 3]].assign(family_id=None)).tolist() == [None, None]
