"""Readers for exports that are records, not a spreadsheet: JSON Lines or arrays, Parquet, and the
``id-… abstract-…`` line files of the multilingual Google Patents set.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

import itertools

from landscape.ingest.base import IngestError, Row, RowError, quarantine_raw
from landscape.ingest.columns import ColumnMap, identify_tool, map_columns
from landscape.ingest.files import kind_of_file
from landscape.ingest.textstream import text_lines
from landscape.ingest.records import build_record, row_values


def _lines(path: Path) -> Iterator[str]:
    """The file's lines, read as a stream, split on newlines only (textstream.text_lines)."""
    return text_lines(path)


#: Objects looked at to learn a JSON file's keys: one bad or sparse first line must not decide.
KEY_SCAN_OBJECTS = 50
#: Depth to which nested objects are opened (Lens JSON keeps its fields two or three levels down).
MAX_DEPTH = 4


def flatten(obj: dict, prefix: str = "", depth: int = 0) -> dict:
    """Nested objects opened into dotted keys: {"biblio": {"title": …}} -> {"biblio.title": …}.

    Lists stay whole (a list of applicants is one cell)."""
    out: dict = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and depth < MAX_DEPTH and value:
            out.update(flatten(value, name + ".", depth + 1))
        else:
            out[name] = value
    return out


def key_header(keys: list[str]) -> list[str]:
    """The names to map for dotted keys: the last part where that is unambiguous
    ("biblio.invention_title" -> "invention_title"), else the whole path."""
    last = [k.rsplit(".", 1)[-1] for k in keys]
    return [short if last.count(short) == 1 else full for full, short in zip(keys, last)]


class MappingReader:
    """Records that arrive as key -> value objects (JSON Lines, a JSON array, Parquet rows).

    The keys of the first objects are mapped with the column table like a table header.
    """

    name = "jsonl"
    expects = "JSON objects with a publication-number key and a title or abstract key"

    def __init__(self, fmt: str | None = None, columns: dict[str, str] | None = None):
        self.fmt = fmt
        self.columns = columns or {}
        self.cmap: ColumnMap | None = None
        self.keys: list[str] = []
        self.name = fmt if fmt not in (None, "generic") else type(self).name

    # subclasses: objects(path) -> Iterator[(row number, dict | RowError)]

    def sniff(self, path: Path):
        """The column map of the file's keys, or None when they do not map."""
        keys: dict[str, None] = {}
        for _, obj in itertools.islice(self.objects(path), KEY_SCAN_OBJECTS):
            if isinstance(obj, dict):
                keys.update(dict.fromkeys(flatten(obj)))
        if not keys:
            return None
        self.keys = list(keys)
        cmap = map_columns(key_header(self.keys), self.columns)
        if not cmap.usable:
            return None
        self.cmap = cmap
        tool, self.why = identify_tool(cmap)
        if self.fmt in (None, "generic", type(self).name) and tool not in ("generic", "cn-export"):
            self.name = tool  # a BigQuery or Lens export saved as JSON says which it is
        return cmap

    @property
    def layout(self):
        return self

    def read(self, path: Path) -> Iterator[Row]:
        if self.cmap is None and self.sniff(path) is None:
            raise IngestError(f"{path}: no publication-number and title/abstract keys among "
                              f"{', '.join(k[:40] for k in getattr(self, 'keys', [])[:12]) or 'none'}; "
                              "name them with --column id=<key> --column title=<key>.")
        position = {k: i for i, k in enumerate(self.keys)}
        for n, obj in self.objects(path):
            yield self.row(path, position, n, obj)

    def row(self, path: Path, position: dict[str, int], n: int, obj) -> Row:
        """One object as a record (or the RowError it is); ``position`` is key -> cell index."""
        if isinstance(obj, RowError):
            return n, obj
        flat = flatten(obj)
        cells = [None] * len(self.keys)
        for k, v in flat.items():
            if k in position:
                cells[position[k]] = v
        values, translations, extra = row_values(self.cmap, cells)
        extra.update({k: v for k, v in flat.items() if k not in position})
        rec = build_record(values, source=f"{path.name}#{n}", extra=extra, translations=translations)
        if isinstance(rec, RowError):
            rec.raw = quarantine_raw(obj)
        return n, rec


class JsonLinesReader(MappingReader):
    """One JSON object per line (or one JSON array of objects)."""

    name = "jsonl"

    @staticmethod
    def looks_like_json(path: Path) -> bool:
        """True when the first non-empty lines are JSON objects (or the file is a JSON array)."""
        good = bad = 0
        for line in itertools.islice(_lines(path), 20):
            s = line.strip()
            if not s:
                continue
            if s.startswith("[") and good == bad == 0:
                return True
            try:
                obj = json.loads(s)
            except (ValueError, RecursionError):  # JSONDecodeError, or an int Python refuses
                bad += 1
                continue
            good += isinstance(obj, dict)
        return good > 0 and good >= bad

    def objects(self, path: Path):
        lines = _lines(path)
        before: list[str] = []  # the empty lines before the first with text, and that line
        for line in lines:
            before.append(line)
            if line.strip():
                break
        lines = itertools.chain(before, lines)
        if before and before[-1].strip().startswith("["):
            # A JSON array is parsed whole (json has no streaming parser); exports of the
            # sizes that need streaming come as JSON Lines.
            try:
                items = json.loads("\n".join(lines))
            except (ValueError, RecursionError) as err:
                raise IngestError(f"{path}: the JSON array cannot be read ({str(err)[:200]}).") from err
            for n, obj in enumerate(items if isinstance(items, list) else [items], start=1):
                yield n, obj if isinstance(obj, dict) else RowError("item is not a JSON object", quarantine_raw(str(obj)))
            return
        for n, line in enumerate(lines, start=1):
            if line.strip():
                yield n, self.parse_line(line)

    @staticmethod
    def parse_line(line: str):
        """One line's object, or the RowError saying why it is not one."""
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as err:
            msg = getattr(err, "msg", None) or ("too deeply nested" if isinstance(err, RecursionError)
                                                else str(err)[:120])
            return RowError(f"not valid JSON ({msg})", quarantine_raw(line))
        if not isinstance(obj, dict):
            return RowError("the line is JSON but not an object", quarantine_raw(line))
        return obj

    def read(self, path: Path) -> Iterator[Row]:
        """Rows in file order; a large JSON Lines file is parsed on every core (ingest.parallel)."""
        from landscape.ingest import parallel

        if parallel.workers_for(path) < 2 or self._is_array(path):
            yield from super().read(path)
            return
        if self.cmap is None and self.sniff(path) is None:
            yield from super().read(path)  # raises the "no publication-number" sentence
            return
        position = {k: i for i, k in enumerate(self.keys)}
        yield from parallel.json_rows(self, path, position, enumerate(_lines(path), start=1))

    @staticmethod
    def _is_array(path: Path) -> bool:
        first = next((line for line in _lines(path) if line.strip()), "")
        return first.strip().startswith("[")


class ParquetReader(MappingReader):
    """A Parquet table: its columns are mapped like a header."""

    name = "parquet"

    def objects(self, path: Path):
        import pyarrow.parquet as pq

        try:
            batches = pq.ParquetFile(path).iter_batches(batch_size=5000)
            n = 0
            for batch in batches:
                for obj in batch.to_pylist():
                    n += 1
                    yield n, obj
        except Exception as err:  # pyarrow raises several types for damaged files
            raise IngestError(f"{path}: the Parquet file is damaged or truncated ({str(err)[:200]}).") from err


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
        for line in itertools.islice(_lines(path), 5):
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

