"""The workspace store: one DuckDB file with patents, quarantine and the import log.

Imports are written in batches, each batch one transaction that also records how far the
import got, so a crash or ``kill -9`` leaves every committed batch readable and the next
run of the same import resumes after the last committed row. Re-importing a file whose
content was imported before changes nothing. The same publication number from two
sources is merged: empty fields filled, lists joined, every source kept.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import duckdb
import pyarrow as pa

from landscape.ingest.base import IngestError, Row, RowError
from landscape.rules.years import year_of
from landscape.schema import LIST_FIELDS, PatentRecord, record_year

STORE_FILE = "landscape.duckdb"
SCHEMA_VERSION = 2

_PATENT_COLUMNS = {
    "id": "VARCHAR PRIMARY KEY", "title": "VARCHAR", "abstract": "VARCHAR", "lang": "VARCHAR",
    "translations": "VARCHAR", "application_number": "VARCHAR",
    "family_id": "VARCHAR", "family_size": "INTEGER",
    "applicants": "VARCHAR[]", "applicants_norm": "VARCHAR[]", "applicant_countries": "VARCHAR[]",
    "current_owners": "VARCHAR[]", "applicant_address": "VARCHAR", "province": "VARCHAR", "city": "VARCHAR",
    "district": "VARCHAR", "inventors": "VARCHAR[]", "agency": "VARCHAR",
    "country": "VARCHAR", "priority_country": "VARCHAR",
    "filing_date": "DATE", "priority_date": "DATE", "publication_date": "DATE",
    "year_hint": "INTEGER", "year": "INTEGER", "ipc": "VARCHAR[]", "cpc": "VARCHAR[]", "kind": "VARCHAR",
    "doc_type": "VARCHAR", "legal_status": "VARCHAR", "legal_status_raw": "VARCHAR",
    "legal_events": "VARCHAR[]", "legal_events_raw": "VARCHAR",
    "cited_by_count": "INTEGER", "cites_count": "INTEGER", "cited_by": "VARCHAR[]", "cites": "VARCHAR[]",
    "claims_count": "INTEGER",
    "sources": "VARCHAR[]", "formats": "VARCHAR[]", "extra": "VARCHAR",
}
_ARROW_TYPES = {"VARCHAR": pa.string(), "VARCHAR[]": pa.list_(pa.string()), "DATE": pa.date32(),
                "INTEGER": pa.int32()}
_COLUMN_TYPES = {name: t.split()[0] for name, t in _PATENT_COLUMNS.items()}
_COLUMN_LIST = ", ".join(_PATENT_COLUMNS)
_ARROW_SCHEMA = pa.schema([(name, _ARROW_TYPES[t.split()[0]]) for name, t in _PATENT_COLUMNS.items()])


@dataclass
class ImportResult:
    """What one import did, as ``ingest --json`` reports it."""

    path: str
    format: str
    read: int = 0
    imported: int = 0
    merged: int = 0
    quarantined: int = 0
    status: str = "done"  # done | already imported | resumed | partial | failed
    message: str | None = None
    #: what detection found: why this format, field -> header, useful fields with no column
    detected: str | None = None
    mapped: dict = dataclasses.field(default_factory=dict)
    missing: list = dataclasses.field(default_factory=list)
    #: sentences on what this file leaves empty (no applicant column, codes that never parsed …)
    warnings: list = dataclasses.field(default_factory=list)

    def as_json(self) -> dict:
        return dataclasses.asdict(self)


def content_hash(path: Path) -> str:
    """sha256 of a file, or of a folder's files (names and bytes) for table sets."""
    if path.is_file():
        from landscape.ingest.files import known_sha256

        known = known_sha256(path)  # the import has just read these bytes to decode them
        if known:
            return known
    h = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.iterdir() if p.is_file())
    for f in files:
        if path.is_dir():
            h.update(f.name.encode() + b"\0")
        with open(f, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


#: Columns holding a JSON object (dicts in the record).
_JSON_COLUMNS = ("extra", "translations")


def _update_nested(into: dict, winner: dict) -> None:
    """``into.update(winner)``, one level deep for dict values (translations by field, then language)."""
    for key, value in winner.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            into[key] = {**into[key], **value}
        else:
            into[key] = value


def merge_records(old: dict, new: dict) -> dict:
    """One row from two readings of the same publication: old values win, gaps are filled.

    Lists keep the old order and gain what is new; sources and formats accumulate. The
    language follows the abstract, because it is detected from it.
    """
    out = dict(old)
    for key, value in new.items():
        if key in LIST_FIELDS or key in ("sources", "formats"):
            seen = list(old.get(key) or [])
            out[key] = seen + [v for v in (value or []) if v not in seen]
        elif key in _JSON_COLUMNS:
            merged = json.loads(new.get(key) or "{}")
            _update_nested(merged, json.loads(old.get(key) or "{}"))
            out[key] = json.dumps(merged, ensure_ascii=False, default=str) if merged else None
        elif out.get(key) in (None, ""):
            out[key] = value
    if not old.get("abstract") and new.get("abstract"):
        out["lang"] = new.get("lang") or old.get("lang")
    out["year"] = year_of(out["filing_date"], out["priority_date"], out["publication_date"], out.get("year_hint"))
    return out


# Lone surrogates (a JSON "\ud800" escape, a file name with undecodable bytes) cannot be
# encoded as UTF-8, and DuckDB and Arrow refuse the whole batch that holds one.
_SURROGATES = re.compile("[\ud800-\udfff]")
#: Most characters of a quarantined row's raw text (and of its reason) kept in the store.
QUARANTINE_RAW_CHARS = 4000
_INT32_MIN, _INT32_MAX = -(2 ** 31), 2 ** 31 - 1


def storable_text(value: str) -> str:
    """``value`` as DuckDB can store it: every lone surrogate replaced with U+FFFD."""
    if value.isascii():  # most text, checked in C far faster than the search below
        return value
    return _SURROGATES.sub("\ufffd", value) if _SURROGATES.search(value) else value


def _as_text(value) -> str:
    try:
        return storable_text(value if isinstance(value, str) else str(value))
    except ValueError:  # an int of more than 4,300 digits refuses str()
        return ""


def _storable(value, sql_type: str):
    """``value`` in the column's type, or None where it cannot be."""
    if value is None:
        return None
    if sql_type == "VARCHAR[]":
        items = value if isinstance(value, (list, tuple)) else [value]
        return [_as_text(v) for v in items if v is not None]
    if sql_type == "INTEGER":
        fits = isinstance(value, int) and not isinstance(value, bool) and _INT32_MIN <= value <= _INT32_MAX
        return value if fits else None
    if sql_type == "DATE":
        if isinstance(value, dt.datetime):
            return value.date()
        return value if isinstance(value, dt.date) else None
    return _as_text(value)


def storable_row(row: dict) -> dict:
    """A patents row whose every value DuckDB accepts in its column's type.

    Readers build clean records; this is the last guard before the batch is written, so one
    odd value (a lone surrogate, a count beyond INTEGER) costs that value, not the batch.
    """
    return {key: _storable(value, _COLUMN_TYPES.get(key, "VARCHAR")) for key, value in row.items()}


def quarantine_row(path: Path, n: int, error: RowError, hash_: str) -> tuple:
    """One quarantine row: text made storable, the raw row cut to QUARANTINE_RAW_CHARS."""
    return (_as_text(path), n, _as_text(error.reason or "")[:QUARANTINE_RAW_CHARS],
            _as_text(str(error.raw or "")[:QUARANTINE_RAW_CHARS]), hash_, dt.datetime.now())


@functools.cache
def _record_fields() -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(PatentRecord) if f.name != "source")


def record_row(rec: PatentRecord, fmt: str) -> dict:
    """A record as one row of the patents table."""
    row = {name: getattr(rec, name) for name in _record_fields()}
    row["year"] = record_year(rec)
    row["sources"] = [rec.source] if rec.source else []
    row["formats"] = [fmt]
    for key in _JSON_COLUMNS:
        row[key] = json.dumps(row[key], ensure_ascii=False, default=str) if row[key] else None
    return row


class Store:
    """One workspace database. Open with :meth:`open`; use as a context manager."""

    def __init__(self, path: Path, *, read_only: bool = False):
        self.path = Path(path)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as err:
            raise IngestError(f"{self.path}: the workspace store cannot be opened ({err}). "
                              "Is another landscape command running on this workspace?") from err
        if not read_only:
            self._create()

    @classmethod
    def open(cls, workspace: Path, *, read_only: bool = False) -> "Store":
        workspace = Path(workspace)
        if read_only and not (workspace / STORE_FILE).exists():
            raise IngestError(f"{workspace}: no workspace store here; run `landscape ingest` first.")
        workspace.mkdir(parents=True, exist_ok=True)
        return cls(workspace / STORE_FILE, read_only=read_only)

    def close(self):
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _create(self):
        cols = ", ".join(f"{name} {t}" for name, t in _PATENT_COLUMNS.items())
        self.con.execute(f"CREATE TABLE IF NOT EXISTS patents ({cols})")
        self.con.execute("""CREATE TABLE IF NOT EXISTS quarantine (
            file VARCHAR, row INTEGER, reason VARCHAR, raw VARCHAR, import_hash VARCHAR, quarantined_at TIMESTAMP)""")
        self.con.execute("""CREATE TABLE IF NOT EXISTS imports (
            hash VARCHAR PRIMARY KEY, path VARCHAR, format VARCHAR, status VARCHAR, message VARCHAR,
            rows_done INTEGER, read INTEGER, imported INTEGER, merged INTEGER, quarantined INTEGER,
            started_at TIMESTAMP, finished_at TIMESTAMP)""")
        self.con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        self._add_new_columns()

    def _add_new_columns(self):
        """A store written by an older version gains the columns added since, empty.

        Inserts name their columns, so the order a migrated table keeps does not matter.
        """
        have = {r[0] for r in self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'patents'").fetchall()}
        for name, sql_type in _PATENT_COLUMNS.items():
            if name not in have:
                self.con.execute(f"ALTER TABLE patents ADD COLUMN {name} {sql_type.split()[0]}")
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])

    # -- importing ---------------------------------------------------------------------

    def import_source(self, path: Path, fmt: str, rows: Iterable[Row], *, batch_size: int = 2000,
                      progress: Callable[[int], None] | None = None, hash_: str | None = None) -> ImportResult:
        """Import one export's rows; resumable, idempotent per file content."""
        hash_ = hash_ or content_hash(path)
        prior = self.con.execute("SELECT status, rows_done, read, imported, merged, quarantined "
                                 "FROM imports WHERE hash = ?", [hash_]).fetchall()
        result = ImportResult(path=str(path), format=fmt)
        resume_after = 0
        if prior:
            status, rows_done, *counts = prior[0]
            if status == "done":
                result.read = counts[0]
                result.status = "already imported"
                return result
            resume_after = rows_done or 0
            result.read, result.imported, result.merged, result.quarantined = counts
            result.status = "resumed" if resume_after else "done"
        else:
            self.con.execute("INSERT INTO imports VALUES (?, ?, ?, 'running', NULL, 0, 0, 0, 0, 0, ?, NULL)",
                             [hash_, storable_text(str(path)), fmt, dt.datetime.now()])

        batch: list[tuple[int, PatentRecord | RowError]] = []
        last_row = resume_after
        try:
            for n, item in rows:
                if n <= resume_after:
                    continue
                batch.append((n, item))
                last_row = n
                if len(batch) >= batch_size:
                    self._commit_batch(hash_, path, fmt, batch, last_row, result)
                    if progress:
                        progress(len(batch))
                    batch = []
        except IngestError as err:
            self._commit_batch(hash_, path, fmt, batch, last_row, result)
            result.status, result.message = "partial", str(err)
            self._finish(hash_, "partial", storable_text(str(err)))
            return result
        self._commit_batch(hash_, path, fmt, batch, last_row, result)
        if progress and batch:
            progress(len(batch))
        self._finish(hash_, "done", None)
        return result

    def _finish(self, hash_: str, status: str, message: str | None):
        self.con.execute("UPDATE imports SET status = ?, message = ?, finished_at = ? WHERE hash = ?",
                         [status, message, dt.datetime.now(), hash_])

    def _commit_batch(self, hash_: str, path: Path, fmt: str, batch, last_row: int, result: ImportResult):
        """Write one batch and the import's progress in a single transaction."""
        records: dict[str, dict] = {}
        bad = []
        merged = 0
        for n, item in batch:
            if isinstance(item, RowError):
                bad.append(quarantine_row(path, n, item, hash_))
                continue
            row = storable_row(record_row(item, fmt))
            if row["id"] in records:
                merged += 1
                records[row["id"]] = merge_records(records[row["id"]], row)
            else:
                records[row["id"]] = row
        self.con.execute("BEGIN TRANSACTION")
        try:
            if records:
                existing = self._fetch(list(records))
                merged += len(existing)
                for pid, old in existing.items():
                    records[pid] = merge_records(old, records[pid])
                if existing:
                    self.con.execute("DELETE FROM patents WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                     [list(existing)])
                table = pa.Table.from_pylist(list(records.values()), schema=_ARROW_SCHEMA)
                self.con.register("incoming", table)
                self.con.execute(f"INSERT INTO patents ({_COLUMN_LIST}) SELECT {_COLUMN_LIST} FROM incoming")
                self.con.unregister("incoming")
            if bad:
                self.con.executemany("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)", bad)
            good = len(batch) - len(bad)
            result.read += len(batch)
            result.imported += good - merged
            result.merged += merged
            result.quarantined += len(bad)
            self.con.execute("UPDATE imports SET rows_done = ?, read = ?, imported = ?, merged = ?, "
                             "quarantined = ? WHERE hash = ?",
                             [last_row, result.read, result.imported, result.merged, result.quarantined, hash_])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _fetch(self, ids: list[str]) -> dict[str, dict]:
        cur = self.con.execute("SELECT * FROM patents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        names = [d[0] for d in cur.description]
        return {row[0]: dict(zip(names, row)) for row in cur.fetchall()}

    # -- reading -----------------------------------------------------------------------

    def count(self) -> int:
        return self.con.execute("SELECT count(*) FROM patents").fetchall()[0][0]

    def records(self, where: str = "TRUE", params: list | None = None):
        """Patents as a pandas DataFrame (``where`` is a SQL condition on the patents table)."""
        return self.con.execute(f"SELECT * FROM patents p WHERE {where} ORDER BY id", params or []).df()

    def quarantine(self):
        return self.con.execute("SELECT * FROM quarantine ORDER BY file, row").df()

    def imports(self):
        return self.con.execute("SELECT * FROM imports ORDER BY started_at").df()

    def iter_ids(self) -> Iterator[str]:
        for (pid,) in self.con.execute("SELECT id FROM patents ORDER BY id").fetchall():
            yield pid
