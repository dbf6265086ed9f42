"""Which reader reads a path: detected from the file's content, or named with ``--format``.

Readers are tried in one order (:data:`READERS`); the table reader maps any header with the
column table, so a new tool's layout needs rows in columns.toml, not a new branch here.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from landscape.ingest.base import EmptyFileError, IngestError, Reader
from landscape.ingest.columns import column_table
from landscape.ingest.files import kind_of_file
from landscape.ingest.linefiles import AbstractLinesReader, JsonLinesReader, ParquetReader
from landscape.ingest.patentsview import PatentsViewReader, file_table_kind, find_tables
from landscape.ingest.tables import TableReader, describe_columns
from landscape.ingest.files import table_rows

EXPORT_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".jsonl", ".ndjson", ".json", ".parquet"}

#: Formats that are read by the table reader under their own name (tools in columns.toml).
TABLE_FORMATS = tuple(column_table().tools)
#: Every name ``--format`` takes.
FORMATS = TABLE_FORMATS + ("patentsview", "jsonl", "parquet", "abstract-lines", "generic")


def reader_for_format(name: str, columns: dict[str, str] | None = None, path: Path | None = None) -> Reader:
    """The reader called ``name`` (``--format``); ``columns`` maps fields to the user's headers."""
    if name == "patentsview":
        return PatentsViewReader()
    if name == "abstract-lines":
        return AbstractLinesReader()
    if name == "parquet":
        return ParquetReader(name, columns)
    if name == "jsonl":
        return JsonLinesReader(name, columns)
    if name not in FORMATS:
        raise IngestError(f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}.")
    # A table tool or "generic": a JSON or Parquet file named so is still read by its content.
    if path is not None and path.is_file():
        kind = kind_of_file(path)
        if kind == "parquet":
            return ParquetReader(name, columns)
        if kind == "text" and JsonLinesReader.looks_like_json(path):
            return JsonLinesReader(name, columns)
    return TableReader(None if name == "generic" else name, columns)


@dataclass(frozen=True)
class Registration:
    """One reader as detection knows it: its name, whether a file is its kind, and how to make
    it. ``claims`` sees the file's path and kind (read once); the file's encoding and hash come
    from one scan per import (``textstream.file_scan`` keeps it), however many readers look at
    its first lines."""

    name: str
    claims: Callable[[Path, str], bool]
    make: Callable[[dict[str, str] | None], Reader]


def _patentsview_table(path: Path, kind: str) -> bool:
    if kind != "text":
        return False
    table = file_table_kind(path)
    if table is not None and table != "patent":
        # Read generically its bare patent numbers would all be quarantined.
        raise IngestError(f"{path}: a PatentsView {table} table is joined to g_patent on patent_id; "
                          "import the folder that holds the tables instead of this file.")
    return table == "patent"  # the reader finds the tables beside it


#: Every reader, in the order detection asks them; the first that claims a file reads it. The
#: table reader comes last and takes any table (its layouts are rows in columns.toml).
READERS: tuple[Registration, ...] = (
    Registration("parquet", lambda path, kind: kind == "parquet", lambda cols: ParquetReader("parquet", cols)),
    Registration("jsonl", lambda path, kind: kind == "text" and JsonLinesReader.looks_like_json(path),
                 lambda cols: JsonLinesReader("jsonl", cols)),
    Registration("abstract-lines", lambda path, kind: kind == "text" and AbstractLinesReader().sniff(path, None),
                 lambda cols: AbstractLinesReader()),
    Registration("patentsview", _patentsview_table, lambda cols: PatentsViewReader()),
    Registration("table", lambda path, kind: kind in ("text", "xlsx", "xls"), lambda cols: TableReader(None, cols)),
)


def detect(path: Path, fmt: str | None = None, columns: dict[str, str] | None = None) -> Reader:
    """The reader for ``path``, or an IngestError that says what was found and what was expected.

    A table or JSON reader comes back with its layout already found (``reader.layout``), so
    the import can report which column fed which field before reading a row.
    """
    path = Path(path)
    if fmt:
        reader = reader_for_format(fmt, columns, path)
        _sniff(reader, path)
        return reader
    if path.is_dir():
        if "patent" in find_tables(path):
            return PatentsViewReader()
        raise IngestError(f"{path}: a folder is read file by file unless it holds PatentsView tables.")

    kind = kind_of_file(path)
    if kind == "empty":
        raise EmptyFileError(f"{path}: the file is empty.")
    if kind == "binary":
        raise IngestError(f"{path}: this is a binary file, not a patent export (CSV, Excel, JSON Lines or Parquet).")
    for registration in READERS:
        if registration.claims(path, kind):
            return _sniff(registration.make(columns), path)
    raise IngestError(f"{path}: no reader recognises this file.")


def _sniff(reader, path: Path):
    """Find the reader's layout now, or raise the "unknown layout" sentence."""
    if not hasattr(reader, "layout") or not path.is_file():
        return reader
    try:
        found = reader.sniff(path)
    except ValueError as err:  # a --column header that is not in the file
        raise IngestError(f"{path}: {err}") from err
    if found is None:
        raise _unknown(path, reader)
    return reader


def _unknown(path: Path, reader) -> IngestError:
    if isinstance(reader, TableReader):
        rows = []
        try:
            for row in table_rows(path):
                rows.append(row)
                if len(rows) >= 3:
                    break
        except IngestError:
            pass
        shown = describe_columns(rows)
    else:
        shown = ", ".join(k[:40] for k in getattr(reader, "keys", [])[:12]) or "none"
    return IngestError(
        f"{path}: unknown layout (columns found: {shown}). An export needs {TableReader.expects}. "
        "Name the columns if they are called otherwise: --column id=<header> --column title=<header> "
        "[--column abstract=… --column applicants=… --column ipc=… --column filing_date=…].")


def expand(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The sources under ``paths``: files, and folders of PatentsView tables as one source.

    Returns (sources, skipped) where skipped are files whose type is not an export
    (README, images, ...), listed so nothing is passed over silently.
    """
    sources: list[Path] = []
    skipped: list[Path] = []

    def walk(p: Path):
        if p.is_dir():
            if "patent" in find_tables(p):
                sources.append(p)
                return
            for child in sorted(p.iterdir()):
                if not child.name.startswith("."):
                    walk(child)
        elif p.suffix.lower() in EXPORT_SUFFIXES:
            sources.append(p)
        else:
            skipped.append(p)

    for p in paths:
        if not p.exists():
            raise IngestError(f"{p}: no such file or folder.")
        if p.is_file():
            sources.append(p)  # a file named explicitly is always tried
        else:
            walk(p)
    return sources, skipped
