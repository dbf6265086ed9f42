"""Tests for landscape.ingest.values: counts and citation lists as exports write them."""
from __future__ import annotations

import decimal
import fractions
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landscape.ingest.values import MAX_IDS, cell_items, cell_text, count_value, id_list


@pytest.mark.parametrize(
    "raw, expected",
    [
        (12, 12), ("12", 12), (12.0, 12), ("12.0", 12), ("1,234", 1234), ("１２", 12),
        (" 7 ", 7), ("0", 0), ("12件", 12), (np.int64(4), 4), (np.float64(3.0), 3),
        ("10000000", 10_000_000),
    ],
)
def test_count_value(raw, expected):
    assert count_value(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [None, "", "—", "-", "N/A", "n/a", "nan", float("nan"), float("inf"), -3, "-3", 12.5, "12.5",
     10_000_001, "1,23", True, False, "1" * 5000, decimal.Decimal("sNaN"), fractions.Fraction(1, 3),
     1 + 2j, [], {}, "twelve"],
)
def test_count_value_refuses(raw):
    assert count_value(raw) is None


def test_id_list_delimited_text():
    cell = "US1234567B2; EP1234567A1\nUS 2025/0100135 A1;;USD654321S1 | JP-2001123456-A"
    assert id_list(cell) == ["US1234567B2", "EP1234567A1", "US 2025/0100135 A1", "USD654321S1",
                             "JP-2001123456-A"]


def test_id_list_bigquery_forms():
    # As the Google Patents BigQuery landscapes write the refs column, and as a repeated record.
    assert id_list("['US-1234567-B2', 'GB-1430085-A', 'US-2002109047-A1']") == [
        "US-1234567-B2", "GB-1430085-A", "US-2002109047-A1"]
    records = [{"publication_number": "US-4076655-A", "npl_text": ""},
               {"publication_number": "", "npl_text": "Nature 421, 2003"}]
    assert id_list(records) == ["US-4076655-A"]
    assert id_list(np.array(["KR1020100009019A", "KR1020100009019A"])) == ["KR1020100009019A"]


def test_id_list_skips_literature_and_keeps_first_place():
    cell = "Smith et al., Nature 2003; ISO 9001; IEEE 802.11; US 7,654,321 B2; us1234567; US 7,654,321 B2"
    assert id_list(cell) == ["US 7,654,321 B2"]
    assert id_list(None) == [] and id_list(float("nan")) == [] and id_list(42) == []


def test_id_list_cap():
    cell = ";".join(f"US{n}B2" for n in range(1_000_000, 1_006_000))
    assert len(id_list(cell)) == MAX_IDS


def test_cell_helpers():
    assert cell_text("  ＡＢ ") == "AB" and cell_text(12.0) == "12" and cell_text([1]) is None
    assert cell_text(b"\xe4\xb8\xad") == "中" and cell_text(True) is None
    assert cell_items("['a', 'b']") is None and cell_items(("a", "b")) == ["a", "b"]
    assert cell_items(range(5000)) == list(range(1000)) and cell_items(np.array(5)) is None


# --------------------------------------------------------------------------- properties

_cells = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.decimals(), st.fractions(),
    st.complex_numbers(), st.text(), st.text(alphabet="0123456789,.-+ 件Ｎ/A１"),
    st.lists(st.one_of(st.text(), st.integers(), st.dictionaries(st.text(), st.text())), max_size=5),
    st.binary(),
)


@settings(max_examples=300, deadline=None)
@given(_cells)
def test_never_raises(raw):
    n = count_value(raw)
    assert n is None or (isinstance(n, int) and 0 <= n <= 10_000_000)
    ids = id_list(raw)
    assert isinstance(ids, list) and all(isinstance(i, str) and i == i.strip() for i in ids)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000_000))
def test_count_round_trips(n):
    assert count_value(str(n)) == n == count_value(f"{n:,}") == count_value(float(n))


@pytest.mark.parametrize(
    "cell",
    ["US1234567B2;" * 20_000, "1" * 1_000_000, "US" * 500_000, "US 1,234," * 50_000,
     "[" * 1_000_000, "\ud800" * 100_000, "['US-1234567-B2', " * 30_000],
)
def test_hostile_cells_are_fast(cell):
    start = time.perf_counter()
    count_value(cell)
    id_list(cell)
    assert time.perf_counter() - start < 10  # hang guard: quadratic work on these cells takes minutes
