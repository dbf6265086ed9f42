"""Counting units: which publications are one application, which applications one family."""
from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landscape.ingest.normalize import split_publication_number
from landscape.units import (UNITS, application_groups, check_unit, count_units, family_groups,
                             one_per_unit, split_ids, unit_key)


def frame(*rows, **columns):
    """A publication table from (id, application_number[, family_id]) tuples."""
    df = pd.DataFrame([r + (None,) * (3 - len(r)) for r in rows],
                      columns=["id", "application_number", "family_id"])
    return df.assign(**columns)


def groups(df, unit="application") -> set[frozenset[str]]:
    """The partition of ids that ``unit`` makes."""
    keys = unit_key(df, unit)
    return {frozenset(df["id"][keys == k]) for k in keys.unique()}


# --------------------------------------------------------------------------- applications

def test_cn_application_and_grant_with_one_number_are_one_application():
    df = frame(("CN116510786A",), ("CN116510786B",), ("CN116510787A",))
    assert groups(df) == {frozenset({"CN116510786A", "CN116510786B"}), frozenset({"CN116510787A"})}


def test_ep_a1_and_b1_are_one_application():
    df = frame(("EP3123456A1",), ("EP3123456B1",), ("EP3123456A3",), ("EP3123457B1",))
    assert groups(df) == {frozenset({"EP3123456A1", "EP3123456B1", "EP3123456A3"}), frozenset({"EP3123457B1"})}


def test_us_application_and_grant_are_linked_only_by_application_number():
    linked = frame(("US20200123456A1", "US16123456"), ("US10123456B2", "US16123456"))
    assert groups(linked) == {frozenset({"US20200123456A1", "US10123456B2"})}
    unlinked = frame(("US20200123456A1",), ("US10123456B2",))
    assert len(groups(unlinked)) == 2


def test_us_kindless_number_and_its_grant_are_one_publication():
    # USPTO's "US06836996-20050104" normalises to US6836996 without a kind code.
    assert len(groups(frame(("US6836996",), ("US6836996B2",)))) == 1


def test_jp_application_and_grant_with_other_numbers_stay_apart():
    assert len(groups(frame(("JP2020123456A",), ("JP6789012B2",)))) == 2


@pytest.mark.parametrize("ids", [
    ("JPH05123456A", "JPH05123456B2"),  # kokai and kokoku: separate series, same digits
    ("KR20200012345A", "KR20200012345U"),  # patent and utility-model publications share the format
    ("CN1826943A", "CN1826943C"),  # CN grants before April 2010 had their own series
    ("CN101116986A", "CN101116986C"),  # ... also after the 9-digit change in 2007
    ("CN1019808A", "CN1019808B"),  # CN examined publications before 1993 too
    ("CN201234567U", "CN201234567A"),  # utility models never share an invention's number
    ("TW201812345A", "TWI612345B"),  # TW grants are I + 6 digits
])
def test_number_rules_never_link_series_that_reuse_digits(ids):
    assert len(groups(frame(*[(i,) for i in ids]))) == 2


def test_links_are_transitive():
    # A1 -(application number)- B2 -(patent number)- C1, and a CN A -(number)- B -(application number)- A9
    df = frame(("US20200123456A1", "US16123456"), ("US10123456B2", "US16123456"), ("US10123456C1",),
               ("CN116510786A",), ("CN116510786B", "CN202310123456"), ("CN116510999A9", "CN202310123456"))
    assert groups(df) == {frozenset({"US20200123456A1", "US10123456B2", "US10123456C1"}),
                          frozenset({"CN116510786A", "CN116510786B", "CN116510999A9"})}


def test_a_record_without_links_is_its_own_unit_keyed_by_its_id():
    df = frame(("CN117000001A",))
    for unit in UNITS:
        assert unit_key(df, unit).tolist() == ["CN117000001A"]


def test_keys_are_the_smallest_application_number_else_the_smallest_id():
    df = frame(("CN116510786B", "CN202310123456"), ("CN116510786A", "CN202310123456"),
               ("EP3123456B1",), ("EP3123456A1",))
    assert application_groups(df).tolist() == ["CN202310123456"] * 2 + ["EP3123456A1"] * 2


def test_a_publication_number_written_like_an_application_number_keeps_its_own_group():
    df = frame(("US16123456",), ("US20200123456A1", "US16123456"))
    keys = application_groups(df)
    assert keys.nunique() == 2 and keys.tolist() == ["pub:US16123456", "US16123456"]


def test_the_same_id_twice_is_one_publication():
    df = frame(("JP2020123456A",), ("jp2020123456a ",))
    assert unit_key(df, "application").nunique() == 1
    assert count_units(df)["publication"] == 1


def test_bare_application_numbers_of_two_offices_stay_apart():
    df = frame(("CN116510786A", "2023123456"), ("JP2024123456A", "2023123456"),
               country=["CN", "JP"])
    assert len(groups(df)) == 2


def test_kind_column_completes_a_kindless_id():
    # CN A/B are linked by number only with their kind known: a kindless CN number could be a C.
    df = frame(("CN116510786",), ("CN116510786B",), kind=["A", "B"])
    assert len(groups(df)) == 1
    assert len(groups(df.drop(columns="kind"))) == 2


def test_an_arrow_table_gives_the_same_groups():
    df = frame(("EP3123456A1",), ("EP3123456B1",), ("US20200123456A1", "US16123456"))
    keys = application_groups(pa.Table.from_pandas(df))
    assert keys.tolist() == application_groups(df).tolist()


def test_index_is_kept():
    df = frame(("EP3123456A1",), ("EP3123456B1",)).set_index(pd.Index([10, 20]))
    assert application_groups(df).index.tolist() == [10, 20]


def test_rows_without_an_id_are_refused():
    with pytest.raises(ValueError, match="no publication number"):
        application_groups(frame(("EP3123456A1",), (None,)))


def test_empty_table():
    df = frame()
    assert application_groups(df).empty and family_groups(df).empty
    assert count_units(df) == {"publication": 0, "application": 0, "family": 0}
    assert one_per_unit(df).empty


# --------------------------------------------------------------------------- families

def test_family_of_cn_us_and_ep_members():
    df = frame(("CN116510786A", "CN202310123456", "F1"), ("CN116510786B", "CN202310123456"),
               ("US20240123456A1", "US18123456", "F1"), ("US11999999B2", "US18123456"),
               ("EP4123456A1", None, "F1"), ("EP4123456B1",), ("CN117000001A", "CN202310999999", "F2"))
    assert count_units(df) == {"publication": 7, "application": 4, "family": 2}
    fam = family_groups(df)
    assert fam.nunique() == 2
    assert fam.iloc[:6].tolist() == ["CN202310123456"] * 6  # smallest application number of the family
    assert fam.iloc[6] == "CN202310999999"


def test_a_record_without_family_id_is_its_applications_family():
    df = frame(("CN116510786A", None, "F1"), ("CN116510786B",), ("CN117000001A",))
    assert groups(df, "family") == {frozenset({"CN116510786A", "CN116510786B"}), frozenset({"CN117000001A"})}


def test_numeric_family_ids_from_a_spreadsheet_match_text_ones():
    df = frame(("US20240123456A1",), ("EP4123456A1",))
    df["family_id"] = [12345.0, 12345.0]
    assert unit_key(df, "family").nunique() == 1


def test_unit_names_are_checked():
    assert check_unit("family") == "family"
    with pytest.raises(ValueError, match="choose one of application, family, publication"):
        unit_key(frame(("EP3123456A1",)), "patent")


# --------------------------------------------------------------------------- one row per unit

def test_one_per_unit_picks_the_representative_and_fills_its_gaps():
    df = pd.DataFrame({
        "id": ["CN116510786A", "CN116510786B", "CN117000001A"],
        "application_number": ["CN202310123456", "CN202310123456", None],
        "abstract": ["一种拼插积木。", "一种拼插积木。", None],
        "title": [None, "一种积木", "一种玩具车"],
        # lists come back from the store as numpy arrays
        "applicants": [np.array(names, dtype=object) for names in (["甲公司"], [], ["乙公司"])],
        "doc_type": ["application", "grant", "application"],
        "filing_date": pd.to_datetime(["2023-02-01", None, "2023-05-01"]),
        "priority_date": pd.to_datetime(["2022-03-01", "2022-02-01", None]),
        "publication_date": pd.to_datetime(["2023-06-01", "2024-08-01", "2023-09-01"]),
        "year": [2023, 2023, 2023],
    })
    out = one_per_unit(df)
    assert out["unit_key"].tolist() == ["CN117000001A", "CN202310123456"]
    cn = out.iloc[1]
    assert cn["id"] == "CN116510786B"  # both have an abstract: the grant wins
    assert list(cn["applicants"]) == ["甲公司"]  # from the A publication
    assert cn["title"] == "一种积木"
    assert cn["filing_date"] == pd.Timestamp("2023-02-01")  # the application's, from the A row
    assert cn["priority_date"] == pd.Timestamp("2022-02-01")  # the earliest
    assert cn["publication_date"] == pd.Timestamp("2024-08-01")  # the representative's own
    assert cn["publications"] == ["CN116510786A", "CN116510786B"]
    assert out.dtypes["filing_date"] == df.dtypes["filing_date"]
    assert out.dtypes["year"] == df.dtypes["year"]


def test_an_abstract_outranks_a_grant_and_the_latest_publication_breaks_ties():
    df = frame(("EP3123456A1",), ("EP3123456B1",), ("EP3123456A3",),
               abstract=["An abstract.", None, None],
               publication_date=[dt.date(2019, 1, 1), dt.date(2021, 1, 1), dt.date(2019, 6, 1)])
    assert one_per_unit(df)["id"].tolist() == ["EP3123456A1"]
    df["abstract"] = None
    assert one_per_unit(df)["id"].tolist() == ["EP3123456B1"]  # a grant (from the kind code)
    df["id"] = ["EP3123456A1", "EP3123456A2", "EP3123456A3"]
    assert one_per_unit(df)["id"].tolist() == ["EP3123456A2"]  # the latest publication


def test_dates_as_python_dates_stay_dates():
    df = frame(("EP3123456A1",), ("EP3123456B1",),
               filing_date=[dt.date(2018, 1, 1), None],
               publication_date=[dt.date(2019, 1, 1), dt.date(2021, 1, 1)])
    out = one_per_unit(df)
    assert out["filing_date"].tolist() == [dt.date(2018, 1, 1)]
    assert out["publication_date"].tolist() == [dt.date(2021, 1, 1)]


def test_a_family_representative_keeps_its_own_application_number_and_office():
    df = frame(("CN116510786B", None, "F1"), ("US20240123456A1", "US18123456", "F1"),
               abstract=["一种积木。", None], country=[None, "US"])
    out = one_per_unit(df, "family")
    assert out["id"].tolist() == ["CN116510786B"]
    assert out["application_number"].isna().all() and out["country"].isna().all()
    assert out["publications"].tolist() == [["CN116510786B", "US20240123456A1"]]


def test_publication_unit_keeps_every_row():
    df = frame(("CN116510786A",), ("CN116510786B",))
    out = one_per_unit(df, "publication")
    assert out["publications"].tolist() == [["CN116510786A"], ["CN116510786B"]]
    assert out["unit_key"].tolist() == ["CN116510786A", "CN116510786B"]


def test_one_per_unit_of_units_keeps_the_units():
    df = frame(("CN116510786A", "CN202310123456"), ("CN116510786B",), ("EP3123456A1",))
    once = one_per_unit(df)
    again = one_per_unit(once)
    assert again["unit_key"].tolist() == once["unit_key"].tolist()
    assert again["id"].tolist() == once["id"].tolist()


def test_a_long_chain_links_quickly():
    # 20,000 CN applications, each A linked to its B by number and each B to the next A by
    # application number: one group, found in a few rounds.
    n = 20_000
    a_ids = [f"CN{116000000 + i}A" for i in range(n)]
    b_ids = [f"CN{116000000 + i}B" for i in range(n)]
    df = pd.DataFrame({"id": a_ids + b_ids,
                       "application_number": [f"CN2023{i:08d}" for i in range(n)]
                       + [f"CN2023{i + 1:08d}" for i in range(n)]})
    start = time.perf_counter()
    keys = application_groups(df)
    assert keys.nunique() == 1
    assert time.perf_counter() - start < 5


# --------------------------------------------------------------------------- properties

OFFICES = ("CN", "EP", "US", "JP", "KR", "WO")


@st.composite
def publication_tables(draw):
    """Tables of linked publications: applications with 1–3 publications, some in shared families."""
    n_apps = draw(st.integers(1, 12))
    rows = []
    for a in range(n_apps):
        office = draw(st.sampled_from(OFFICES))
        number = 116000000 + draw(st.integers(0, 40))
        app_no = draw(st.sampled_from([None, f"{office}2023{number}"]))
        family = draw(st.sampled_from([None, "F1", "F2", "F3"]))
        year = 2015 + number % 8  # a property of the application, as filing years are
        applicant = f"firm{number % 5}"
        for kind in draw(st.lists(st.sampled_from(["A", "B", "A1", "B1", "B2", "U", "C"]),
                                  min_size=1, max_size=3, unique=True)):
            rows.append({"id": f"{office}{number}{kind}", "application_number": app_no, "family_id": family,
                         "year": year, "applicant": applicant})
    df = pd.DataFrame(rows).drop_duplicates("id", ignore_index=True)
    # Keep year and applicant properties of the unit: members of one linked group agree.
    for unit in ("application", "family"):
        keys = unit_key(df, unit)
        df["year"] = df.groupby(keys)["year"].transform("min")
        df["applicant"] = df.groupby(keys)["applicant"].transform("min")
    return df


@settings(max_examples=150, deadline=None)
@given(publication_tables(), st.randoms(use_true_random=False))
def test_shuffling_rows_never_changes_the_groups(df, rnd):
    order = list(range(len(df)))
    rnd.shuffle(order)
    shuffled = df.iloc[order]
    for unit in UNITS:
        before = dict(zip(df["id"], unit_key(df, unit)))
        after = dict(zip(shuffled["id"], unit_key(shuffled, unit)))
        assert before == after
        tables = [one_per_unit(d, unit).sort_values("unit_key", ignore_index=True) for d in (df, shuffled)]
        pd.testing.assert_frame_equal(*tables)


@settings(max_examples=150, deadline=None)
@given(publication_tables())
def test_one_per_unit_never_loses_a_member_and_counts_match_distinct_groups(df):
    for unit in UNITS:
        keys = unit_key(df, unit)
        out = one_per_unit(df, unit)
        members = [pid for pubs in out["publications"] for pid in pubs]
        assert sorted(members) == sorted(df["id"])  # every publication once
        assert len(out) == keys.nunique() == count_units(df)[unit]
        by_year = out.groupby("year").size()
        assert by_year.to_dict() == keys.groupby(df["year"]).nunique().to_dict()
        by_applicant = out.groupby("applicant").size()
        assert by_applicant.to_dict() == keys.groupby(df["applicant"]).nunique().to_dict()


@settings(max_examples=150, deadline=None)
@given(publication_tables())
def test_families_are_unions_of_applications(df):
    applications = groups(df, "application")
    families = groups(df, "family")
    assert all(any(a <= f for f in families) for a in applications)
    assert len(families) <= len(applications) <= len(df)


@st.composite
def normalised_ids(draw):
    office = draw(st.sampled_from(["CN", "EP", "US", "JP", "KR", "WO", "DE", "TW"]))
    series = draw(st.sampled_from(["", "", "", "D", "RE", "PP", "H", "I"]))
    digits = draw(st.from_regex(r"[1-9][0-9]{3,11}", fullmatch=True))
    kind = draw(st.sampled_from(["", "A", "A1", "B", "B2", "C", "U", "Y1", "S1", "E"]))
    return f"{office}{series}{digits}{kind}"


@settings(max_examples=300, deadline=None)
@given(st.lists(normalised_ids(), min_size=1, max_size=20))
def test_split_ids_agrees_with_split_publication_number(ids):
    country, number, kind = (a.to_pylist() for a in split_ids(ids))
    assert list(zip(country, number, kind)) == [split_publication_number(i) for i in ids]


@pytest.mark.parametrize("dtype", [object, "string"])
def test_blank_text_is_a_gap(dtype):
    df = frame(("EP3123456A1",), ("EP3123456B1",),
               abstract=pd.Series(["An abstract.", "  "], dtype=dtype),
               title=pd.Series(["", "A title"], dtype=dtype))
    out = one_per_unit(df)
    assert out["id"].tolist() == ["EP3123456A1"]  # the blank abstract is no abstract
    assert out["title"].tolist() == ["A title"]
