"""Which reader reads a path: auto-detected from the header, or named with ``--format``."""
from __future__ import annotations

from pathlib import Path

from landscape.ingest.base import EmptyFileError, IngestError, Reader
from landscape.ingest.files import find_header, kind_of_file, table_rows
from landscape.ingest.linefiles import AbstractLinesReader, JsonLinesReader, ParquetReader
from landscape.ingest.patentsview import PatentsViewReader, file_table_kind, find_tables
from landscape.ingest.tables import GENERIC, TABLE_LAYOUTS, TableReader, generic_layout

EXPORT_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".jsonl", ".ndjson", ".json", ".parquet"}

FORMATS = tuple(layout.name for layout in TABLE_LAYOUTS) + (
    "patentsview", "jsonl", "abstract-lines", "parquet", "generic")


def reader_for_format(name: str, columns: dict[str, str] | None = None) -> Reader:
    """The reader called ``name`` (``--format``); ``columns`` maps fields to the user's headers."""
    for layout in TABLE_LAYOUTS:
        if layout.name == name:
            return TableReader(layout)
    layout = generic_layout(columns)
    simple = {"patentsview": PatentsViewReader(), "jsonl": JsonLinesReader(layout),
              "abstract-lines": AbstractLinesReader(), "parquet": ParquetReader(layout),
              "generic": TableReader(layout)}
    if name not in simple:
        raise IngestError(f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}.")
    return simple[name]


def _all_expectations() -> str:
    lines = [f"  - {layout.expects}" for layout in TABLE_LAYOUTS]
    lines += [f"  - {PatentsViewReader.expects}", f"  - {AbstractLinesReader.expects}",
              f"  - {GENERIC.expects}"]
    return "\n".join(lines)


def detect(path: Path, fmt: str | None = None, columns: dict[str, str] | None = None) -> Reader:
    """The reader for ``path``, or an IngestError that says what was found and what was expected."""
    if fmt:
        reader = reader_for_format(fmt, columns)
        if fmt == "generic" and path.is_file() and kind_of_file(path) == "parquet":
            return ParquetReader(generic_layout(columns))
        if fmt == "generic" and path.is_file() and kind_of_file(path) == "text" \
                and JsonLinesReader.header_of(path) is not None:  # by content: .json too
            return JsonLinesReader(generic_layout(columns))
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
    if kind == "xls":
        raise IngestError(f"{path}: old Excel 97-2003 (.xls) files are not read; save it as .xlsx or CSV.")
    generic = generic_layout(columns)
    if kind == "parquet":
        header = ParquetReader.header_of(path)
        if generic.recognises(header):
            return ParquetReader(generic)
        raise _unknown(path, header)

    if kind == "text":
        jsonl_header = JsonLinesReader.header_of(path)
        if jsonl_header is not None:
            if generic.recognises(jsonl_header):
                return JsonLinesReader(generic)
            raise _unknown(path, jsonl_header)
        if AbstractLinesReader().sniff(path, None):
            return AbstractLinesReader()

    header, _, _ = find_header(table_rows(path), lambda h: any(l.recognises(h) for l in TABLE_LAYOUTS))
    if header is not None:
        for layout in TABLE_LAYOUTS:
            if layout.recognises(header):
                return TableReader(layout)
    pv_kind = file_table_kind(path)
    if pv_kind == "patent":
        return PatentsViewReader()  # reads the tables beside it too
    if pv_kind is not None:
        # Read generically its bare patent numbers would all be quarantined.
        raise IngestError(f"{path}: a PatentsView {pv_kind} table is joined to g_patent on patent_id; "
                          "import the folder that holds the tables instead of this file.")
    first = next(table_rows(path), (0, []))[1]
    first = ["" if c is None else str(c) for c in first]
    if generic.recognises(first):
        return TableReader(generic)
    raise _unknown(path, first)


def _unknown(path: Path, header: list | None) -> IngestError:
    shown = ", ".join(str(h) for h in (header or [])[:12]) or "none"
    return IngestError(
        f"{path}: unknown layout (columns found: {shown}). Expected one of:\n{_all_expectations()}\n"
        "Or name the columns: --format generic --column id=<header> --column title=<header> "
        "[--column abstract=… --column applicants=… --column ipc=… --column publication_date=…]")


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
