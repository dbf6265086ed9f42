"""Readers for exports that are records, not a spreadsheet: JSON Lines, Parquet, and the
``id-… abstract-…`` line files of the multilingual Google Patents set.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

from landscape.ingest.base import IngestError, Row, RowError, quarantine_raw
from landscape.ingest.files import kind_of_file, read_text
from landscape.ingest.records import build_record
from landscape.ingest.tables import GENERIC, Layout


def _lines(path: Path) -> list[str]:
    """The file's lines, split on newlines only: str.splitlines() would also split inside an
    abstract at U+2028, U+0085 or a form feed, which JSON and these line files allow in text."""
    return [line.rstrip("\r") for line in read_text(path).split("\n")]


class JsonLinesReader:
    """One JSON object per line; keys named as in :data:`GENERIC_FIELDS` or by ``--column``."""

    name = "jsonl"

    def __init__(self, layout: Layout = GENERIC):
        self.layout = layout
        self.expects = "JSON Lines: one object per line with " + layout.expects.split(": ", 1)[1]

    def sniff(self, path: Path, header: list[str] | None) -> bool:
        return header is not None and path.suffix.lower() in (".jsonl", ".ndjson", ".json") \
            and self.layout.recognises(header)

    @staticmethod
    def header_of(path: Path) -> list[str] | None:
        """The keys of the first object, or None when the file is not JSON Lines."""
        for line in _lines(path):
            if line.strip():
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError:
                    return None
                return list(obj) if isinstance(obj, dict) else None
        return None

    def read(self, path: Path) -> Iterator[Row]:
        for n, line in enumerate(_lines(path), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                yield n, RowError(f"not valid JSON ({err.msg} at column {err.colno})", quarantine_raw(line))
                continue
            if not isinstance(obj, dict):
                yield n, RowError("the line is JSON but not an object", quarantine_raw(line))
                continue
            yield n, _record_from_mapping(self.layout, obj, f"{path.name}#{n}")


class ParquetReader:
    """A Parquet table with the generic column names (or ``--column``)."""

    name = "parquet"

    def __init__(self, layout: Layout = GENERIC):
        self.layout = layout
        self.expects = "Parquet with " + layout.expects.split(": ", 1)[1]

    def sniff(self, path: Path, header: list[str] | None) -> bool:
        return header is not None and kind_of_file(path) == "parquet" and self.layout.recognises(header)

    @staticmethod
    def header_of(path: Path) -> list[str] | None:
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(path).schema_arrow.names
        except Exception as err:  # pyarrow raises several types for damaged files
            raise IngestError(f"{path}: the Parquet file is damaged or truncated ({err}).") from err

    def read(self, path: Path) -> Iterator[Row]:
        import pyarrow.parquet as pq

        n = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=5000):
            for obj in batch.to_pylist():
                n += 1
                yield n, _record_from_mapping(self.layout, obj, f"{path.name}#{n}")


def _record_from_mapping(layout: Layout, obj: dict, source: str):
    header = list(obj)
    index = layout.column_index(header)
    values = {f: obj[header[i]] for f, i in index.items()}
    used = {header[i] for i in index.values()}
    extra = {k: v for k, v in obj.items() if k not in used}
    rec = build_record(values, source=source, extra=extra)
    if isinstance(rec, RowError):
        rec.raw = quarantine_raw(obj)
    return rec


_LINE = re.compile(r"^id-(\S+)\s+abstract-(.*)$")
_CLASS_DIR = re.compile(r"^Class([A-H]\d\d[A-Z])(\d+)-(\d+)$")
_YEAR_FILE = re.compile(r"^Date(\d{4})")


class AbstractLinesReader:
    """``id-<publication number> abstract-<text>`` lines, one patent per line.

    The folder name carries the CPC group (``ClassF27D17-00`` is F27D17/00) and the file
    name the year bucket (``Date2016-2017.txt``), which becomes the record's year hint.
    """

    name = "abstract-lines"
    expects = "line file: 'id-<publication number> abstract-<text>' on each line"

    def sniff(self, path: Path, header: list[str] | None) -> bool:
        if kind_of_file(path) != "text":
            return False
        for line in _lines(path)[:5]:
            if line.strip():
                return bool(_LINE.match(line.strip()))
        return False

    def read(self, path: Path) -> Iterator[Row]:
        cpc = None
        m = _CLASS_DIR.match(path.parent.name)
        if m:
            cpc = f"{m.group(1)}{int(m.group(2))}/{m.group(3)}"
        y = _YEAR_FILE.match(path.name)
        year = int(y.group(1)) if y else None
        where = f"{path.parent.name}/{path.name}"
        for n, line in enumerate(_lines(path), start=1):
            if not line.strip():
                continue
            m = _LINE.match(line.strip())
            if not m:
                yield n, RowError("line does not start with 'id-… abstract-…'", quarantine_raw(line))
                continue
            values = {"id": m.group(1), "abstract": m.group(2), "cpc": [cpc] if cpc else [],
                      "year_hint": year}
            rec = build_record(values, source=f"{where}#{n}")
            if isinstance(rec, RowError):
                rec.raw = quarantine_raw(line)
            yield n, rec

