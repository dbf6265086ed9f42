"""Every export layout in tests/fixtures/exports imports with the fields it carries.

Each fixture is a tiny invented file in one tool's real layout, with ``X.expect.json`` beside
it (see that folder's README): the format detected, the header that feeds each field, and
per record the values. Excel-native layouts are converted to .xlsx here, title lines included.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import read_export
from landscape.ingest.appno import application_number
from landscape.ingest.columns import column_table, map_columns, read_header
from landscape.ingest.detect import detect
from landscape.ingest.files import table_rows

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
CASES = sorted(p.name[: -len(".expect.json")] for p in EXPORTS.glob("*.expect.json"))


def _fixture(name: str) -> Path:
    found = [p for p in EXPORTS.iterdir() if p.name == name or (p.is_file() and p.stem == name
                                                                and not p.name.endswith(".json"))]
    found += [p for p in EXPORTS.iterdir() if p.name == f"{name}.jsonl"]
    return found[0]


def _as_xlsx(path: Path, out: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for _, cells in table_rows(path):
        ws.append(cells)
    wb.save(out)
    return out


def _expected(name: str) -> dict:
    return json.loads((EXPORTS / f"{name}.expect.json").read_text(encoding="utf-8"))


def _value(field: str, got):
    if isinstance(got, dt.date):
        return got.isoformat()
    if field == "application_number":
        return got
    return got


@pytest.mark.parametrize("name", CASES)
def test_fixture_imports_with_its_fields(name, tmp_path):
    expect = _expected(name)
    path = _fixture(name)
    if expect.get("excel"):
        path = _as_xlsx(path, tmp_path / f"{name}.xlsx")
    fmt, recs, errors = read_export(path)
    assert not errors, {n: e.reason for n, e in errors.items()}
    assert fmt == expect["format"]
    assert len(recs) == expect["rows"]
    reader = detect(path)
    mapped = reader.layout.cmap.mapped() if getattr(reader, "layout", None) is not None \
        and getattr(reader.layout, "cmap", None) is not None else reader.mapping()
    for field, header in expect["mapped"].items():
        if field in ("translations",) or ":" in header or "+" in header:
            continue
        if field in ("title", "abstract") and field in mapped and mapped[field] != header:
            # a file with only language versions: any of them may be listed as the title column
            assert header in mapped.values(), (field, header, mapped)
            continue
        if field not in mapped and header in mapped.values():
            continue  # read from a column that feeds another field too (countries inside assignee records)
        assert mapped.get(field) == header, (field, header, mapped.get(field))
    records = [recs[n] for n in sorted(recs)]
    for want, rec in zip(expect["records"], records):
        for field, value in want.items():
            got = getattr(rec, field)
            if field == "application_number":
                value = application_number(value, country=rec.country)
            elif isinstance(got, dt.date):
                got = got.isoformat()
            assert got == value, (rec.id, field, got, value)


def test_the_two_real_failures_import_applicants_codes_dates_and_text(tmp_path):
    """PatSnap with translated text only and [标]当前申请(专利权)人; BigQuery with comma-joined assignees."""
    _, recs, errors = read_export(_as_xlsx(EXPORTS / "patsnap_translated_only.csv", tmp_path / "p.xlsx"))
    assert not errors and recs
    assert all(r.applicants and r.title and r.abstract and r.ipc and r.filing_date for r in recs.values())
    _, recs, errors = read_export(EXPORTS / "bigquery_flat.csv")
    assert not errors and recs
    assert all(r.title and r.ipc and r.publication_date for r in recs.values())
    assert sum(bool(r.applicants) for r in recs.values()) == 3  # one row has an empty assignees cell
    assert any(len(r.applicants) > 1 for r in recs.values())


# --------------------------------------------------------------------------- renaming headers

def _synonyms() -> dict[str, list[str]]:
    """field -> every header name the table lists for it (as written in columns.toml)."""
    import tomllib

    from landscape.ingest.columns import TABLE_FILE

    data = tomllib.loads(TABLE_FILE.read_text(encoding="utf-8"))
    return {f: spec["headers"] for f, spec in data["fields"].items()}


SIMPLE = [name for name in CASES if not _expected(name).get("excel") and _fixture(name).suffix == ".csv"
          and name not in ("bigquery_numpy", "espacenet")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_renaming_a_header_to_a_synonym_imports_the_same_records(data, tmp_path_factory):
    """Property: any mapped column renamed to another name the table lists for its field gives
    the same records (text, applicants, codes, dates)."""
    name = data.draw(st.sampled_from(SIMPLE))
    expect = _expected(name)
    path = _fixture(name)
    numbered = list(table_rows(path))  # blank lines are skipped: find the header by its row number
    rows = [cells for _, cells in numbered]
    head_at = next(i for i, (n, _) in enumerate(numbered) if n == expect["header_row"])
    header = [str(h) for h in rows[head_at]]
    cmap = map_columns(header)
    synonyms = _synonyms()
    renamable = [(f, c) for f, cols in cmap.columns.items() for c in cols[:1]
                 if not c.translated and not c.standardised and f in synonyms and c.lang is None
                 and len(cmap.columns[f]) == 1]
    if not renamable:
        return
    field, col = data.draw(st.sampled_from(renamable))
    others = {column_key for h in header for column_key in read_header(h).keys}
    choices = [s for s in synonyms[field] if not (set(read_header(s).keys) & others)]
    if not choices:
        return
    new_name = data.draw(st.sampled_from(choices))
    renamed = list(header)
    renamed[col.index] = new_name
    out = tmp_path_factory.mktemp("renamed") / path.name
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        for i, cells in enumerate(rows):
            w.writerow(renamed if i == head_at else cells)
    _, before, _ = read_export(path)
    _, after, _ = read_export(out)
    keep = ("id", "title", "abstract", "applicants", "ipc", "cpc", "filing_date", "publication_date", "inventors")
    assert [tuple(getattr(r, k) for k in keep) for _, r in sorted(before.items())] == \
           [tuple(getattr(r, k) for k in keep) for _, r in sorted(after.items())], (field, col.header, new_name)
