"""Opening export files: encodings, binary and damaged files, CSV and Excel rows.

Everything here answers one question for the readers: "give me the rows of this file as
lists of cells, with the header", and turns every way a file can be broken into one clear
:class:`IngestError` sentence naming the file.
"""
from __future__ import annotations

import csv
import io
import sys
import unicodedata
import zipfile
import zlib
from pathlib import Path
from typing import Iterator

from landscape.ingest.base import EmptyFileError, IngestError

# Chinese exports come as UTF-8 (often with a BOM) or GB18030/GBK; gb18030 is a superset of gbk.
_ENCODINGS = ("utf-8-sig", "gb18030")
_SNIFF_BYTES = 1 << 20

csv.field_size_limit(min(sys.maxsize, 1 << 30))  # abstracts and claims can exceed 128 KB


def header_key(name) -> str:
    """A header name made comparable: NFKC (full-width brackets to ASCII), no spaces, lower case."""
    text = unicodedata.normalize("NFKC", str(name or ""))
    return "".join(text.split()).lower()


def kind_of_file(path: Path) -> str:
    """'xlsx', 'xls', 'parquet', 'empty', 'binary' or 'text', from the first bytes."""
    with open(path, "rb") as f:
        head = f.read(8192)
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with a BOM: text, decoded below
    if not head.strip():
        return "empty"
    if b"\x00" in head:
        return "binary"
    return "text"


def detect_encoding(data: bytes, path: Path) -> str:
    """The encoding that decodes ``data``: utf-8(-sig), gb18030, utf-16, else charset-normalizer's guess."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    for enc in _ENCODINGS:
        try:
            data.decode(enc)
            return enc
        except UnicodeDecodeError as err:
            # A file cut off in the middle of a multi-byte character is still that encoding.
            if err.start >= len(data) - 3 and err.reason in ("unexpected end of data",
                                                               "incomplete multibyte sequence"):
                return enc
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_SNIFF_BYTES]).best()
    if best is None:
        raise IngestError(f"{path}: the text encoding could not be recognised (tried UTF-8, GB18030); "
                          "save the export as UTF-8 and import it again.")
    return best.encoding


def read_text(path: Path) -> str:
    """The whole file as text, decoded with :func:`detect_encoding` (bad bytes replaced)."""
    data = path.read_bytes()
    return data.decode(detect_encoding(data, path), errors="replace")


def first_line(path: Path) -> str:
    """The first non-empty line of a text file (for sniffing)."""
    for line in read_text(path).splitlines():
        if line.strip():
            return line
    return ""


def _csv_dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    # Sniff the first line that has a separator: PatSnap/incoPat may put a title line above
    # the header, and a TSV read as comma-separated would never find its header.
    for line in sample.split("\n", 10)[:10]:
        try:
            dialect = csv.Sniffer().sniff(line + "\n", delimiters=",\t;|")
        except csv.Error:
            continue
        # One header line rarely shows a doubled quote, so the sniffer says doublequote=False;
        # every export writes a quote inside a quoted field as "" and must read back as one.
        dialect.doublequote = True
        return dialect
    return csv.excel


def _ends_inside_quotes(raw: str, dialect) -> bool:
    """True when the text of one record stops inside a quoted field (a truncated file)."""
    try:
        for _ in csv.reader(io.StringIO(raw, newline=""), dialect=dialect, strict=True):
            pass
    except csv.Error as err:
        return "unexpected end of data" in str(err)
    return False


def csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for every row of a CSV/TSV, header first as row 1.

    Row numbers count records, not physical lines (a quoted abstract may span lines), so
    they match what a spreadsheet shows. A file cut off inside a quoted field ends with a
    clear IngestError after the rows before it were yielded.
    """
    text = read_text(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    dialect = _csv_dialect(text[:65536])
    lines: list[str] = []  # the physical lines of the record being read

    def feed():
        for line in io.StringIO(text, newline=""):
            lines.append(line)
            yield line

    # Lenient parsing reads a quote that is never closed as one last field holding the
    # rest of the file; so each row is held back until the next one shows it was complete.
    reader = csv.reader(feed(), dialect=dialect, strict=False)
    n = 0
    held = None
    try:
        for cells in reader:
            raw = "".join(lines)
            lines.clear()
            if not any(c.strip() for c in cells):
                continue
            if held is not None:
                yield n, held[0]
            n += 1
            held = (cells, raw)
    except csv.Error as err:
        if held is not None:
            yield n, held[0]  # complete: the error is in the record after it
        raise IngestError(f"{path}: the CSV cannot be read past row {n} ({err}); "
                          "re-export it and import again — the rows before were kept.") from err
    if held is None:
        return
    if _ends_inside_quotes(held[1], dialect):
        raise IngestError(f"{path}: the file ends inside a quoted field that starts on row {n} "
                          "(it looks truncated, or a quote was never closed); rows before it were "
                          "kept — re-export the file and import it again.")
    yield n, held[0]


def xlsx_rows(path: Path) -> Iterator[tuple[int, list]]:
    """(row number, cells) for every non-empty row of the first sheet that has data."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # From bytes, not the path: openpyxl refuses a workbook whose name does not end in
        # .xlsx, and exports are often renamed (.csv, .xls, no suffix).
        wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, InvalidFileException,
            zlib.error, EOFError, SyntaxError) as err:
        raise IngestError(f"{path}: the Excel file is damaged or truncated ({err}); "
                          "open and re-save it, or export it again.") from err
    try:
        # An empty sheet still reports max_row 1, so look for a non-empty row instead.
        for sheet in wb.worksheets:
            found = False
            for i, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if row is None or not any(c not in (None, "") for c in row):
                    continue
                found = True
                yield i, list(row)
            if found:
                return
        raise IngestError(f"{path}: the workbook has no sheet with data.")
    except (zipfile.BadZipFile, zlib.error, EOFError, SyntaxError) as err:
        # SyntaxError: the sheet's XML is broken (ElementTree's ParseError and lxml's derive from it)
        raise IngestError(f"{path}: the Excel file is damaged or truncated ({err}); "
                          "open and re-save it, or export it again.") from err
    finally:
        wb.close()


def table_rows(path: Path) -> Iterator[tuple[int, list]]:
    """Rows of a CSV/TSV or Excel file, whichever it is; clear errors for everything else."""
    kind = kind_of_file(path)
    if kind == "xlsx":
        yield from xlsx_rows(path)
    elif kind == "text":
        yield from csv_rows(path)
    elif kind == "empty":
        raise EmptyFileError(f"{path}: the file is empty.")
    elif kind == "xls":
        raise IngestError(f"{path}: old Excel 97-2003 (.xls) files are not read; "
                          "save it as .xlsx or CSV and import that.")
    else:
        raise IngestError(f"{path}: this is a binary file, not a patent export (CSV, Excel or JSON Lines).")


def find_header(rows: Iterator[tuple[int, list]], is_header, max_scan: int = 15):
    """Skip title/notes lines some exports put above the header (PatSnap, incoPat).

    Returns (header cells, row number of the header, the remaining row iterator), or
    (None, None, None) when no row among the first ``max_scan`` satisfies ``is_header``.
    """
    for _ in range(max_scan):
        try:
            n, cells = next(rows)
        except StopIteration:
            return None, None, None
        header = ["" if c is None else str(c) for c in cells]
        if is_header(header):
            return header, n, rows
    return None, None, None
