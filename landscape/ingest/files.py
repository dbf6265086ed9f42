"""Opening export files: encodings, binary and damaged files, CSV and Excel rows.

Everything here answers one question for the readers: "give me the rows of this file as
lists of cells, with the header", and turns every way a file can be broken into one clear
:class:`IngestError` sentence naming the file.

Text files are read as streams of lines (:mod:`landscape.ingest.textstream`), so memory does
not grow with the file; :func:`decode_bytes` is the rule they follow. Damage inside a text file
never rejects it: bytes that cannot be decoded (a flipped byte, a
character cut off at the end, a stray NUL) are replaced with U+FFFD, and the rows that hold
them say so in their warnings (:class:`~landscape.ingest.base.Cells`). Cells longer than
:data:`~landscape.ingest.base.MAX_CELL_CHARS` are cut the same way.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import html.parser
import io
import itertools
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from landscape.ingest.base import MAX_CELL_CHARS, Cells, EmptyFileError, IngestError, clip_cell
from landscape.ingest.textstream import csv_lines, file_scan, known_scan

_SNIFF_BYTES = 1 << 20
# A decoding is taken despite damage when its good multi-byte characters outnumber the
# replaced bytes this many times: text in another encoding fails far more often than that.
_DAMAGE_RATIO = 5
# Below this many replacements and multi-byte characters a file is ASCII with a few bad
# bytes: UTF-8 with replacement loses just those bytes (GB18030 would swallow the next one).
_FEW = 3
# Share of control bytes (other than tab, newlines, form feed, escape, ^Z) above which the
# first 8 KB are binary: a few NULs in a text export are damage, not a binary file.
_BINARY_SHARE = 0.10
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1a\x1b")
# File types that start with a signature and are never exports.
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"\x1f\x8b", b"7z\xbc\xaf", b"\x7fELF",
                 b"BZh", b"\xfd7zXZ", b"Rar!")
# Lines longer than this are sniffed by their start only: the sniffer's quote pattern is
# quadratic in the length of a line.

csv.field_size_limit(min(sys.maxsize, 1 << 30))  # abstracts and claims can exceed 128 KB


def header_key(name) -> str:
    """A header name made comparable: NFKC (full-width brackets to ASCII), no spaces, lower case."""
    text = unicodedata.normalize("NFKC", str(name or ""))
    return "".join(text.split()).lower()


def utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``head`` is UTF-16 text without a BOM, else None.

    Text in UTF-16 has a zero byte beside every ASCII character (digits, commas, codes),
    all at odd positions (little-endian) or all at even ones (big-endian); binary data and
    other encodings do not.
    """
    n = len(head) // 2 * 2
    if n < 8:
        return None
    even, odd = head[0:n:2].count(0), head[1:n:2].count(0)
    half = n // 2
    if odd >= 0.1 * half and even * 20 <= odd:
        return "utf-16-le"
    if even >= 0.1 * half and odd * 20 <= even:
        return "utf-16-be"
    return None


def _looks_binary(head: bytes) -> bool:
    if head.startswith(_BINARY_MAGIC):
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > _BINARY_SHARE * len(head)


def kind_of_file(path: Path) -> str:
    """'xlsx', 'xls', 'parquet', 'empty', 'binary' or 'text', from the first bytes.

    Text is judged by the share of control bytes, so a few NULs in an export (damage) leave
    it text; UTF-16 is recognised with or without a BOM.
    """
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
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(head):
        return "text"  # UTF-16: text, decoded below
    if not head.strip():
        return "empty"
    if _looks_binary(head):
        return "binary"
    return "text"


@dataclass(frozen=True)
class DecodedText:
    """A text file's content, the encoding it was read in, and where bytes were replaced."""

    text: str
    encoding: str
    #: characters replaced with U+FFFD: bytes that did not decode, and NULs
    replaced: int = 0
    #: the lines (1-based, split on "\n") that hold a replaced character
    damaged_lines: tuple[int, ...] = ()

    def note(self, what: str = "lines") -> str | None:
        """One sentence on the damage for a file-level message, or None when there was none."""
        if not self.replaced:
            return None
        shown = ", ".join(str(n) for n in self.damaged_lines[:10])
        more = f" and {len(self.damaged_lines) - 10:,} more" if len(self.damaged_lines) > 10 else ""
        return (f"{self.replaced:,} bytes that are not valid {self.encoding} were replaced with "
                f"\ufffd on {what} {shown}{more}; check those rows against the source")


#: what a row's warnings say when its text held bytes that could not be decoded
DAMAGED_ROW_WARNING = "bytes that could not be decoded were replaced with \ufffd (a damaged or mixed-encoding file)"


def _decoded(data: bytes, encoding: str) -> tuple[str, int, int]:
    """(text, characters replaced, good non-ASCII characters) of ``data`` decoded with replacement."""
    text = data.decode(encoding, errors="replace")
    genuine = data.count("\ufffd".encode(encoding)) if encoding in ("utf-8", "gb18030") else 0
    bad = max(0, text.count("\ufffd") - genuine)
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return text, bad, non_ascii - bad


def _choose(data: bytes) -> tuple[str, str, int]:
    """(text, encoding, replaced) for bytes without a BOM: UTF-8, GB18030, or a guess."""
    utf8, bad8, good8 = _decoded(data, "utf-8")
    if not bad8:
        return utf8, "utf-8", 0
    if good8 >= _DAMAGE_RATIO * bad8:
        return utf8, "utf-8", bad8  # UTF-8 with a few damaged bytes (or cut inside a character)
    gb, bad_gb, good_gb = _decoded(data, "gb18030")
    if bad8 <= _FEW and good_gb <= _FEW:
        return utf8, "utf-8", bad8  # ASCII with a few stray bytes
    if not bad_gb or good_gb >= _DAMAGE_RATIO * bad_gb:
        return gb, "gb18030", bad_gb
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_SNIFF_BYTES]).best()
    if best is not None:
        try:
            text = data.decode(best.encoding, errors="replace")
            return text, best.encoding, text.count("\ufffd")
        except LookupError:
            pass
    return utf8, "utf-8", bad8  # no encoding fits: keep what UTF-8 reads, say what was lost


def decode_bytes(data: bytes) -> DecodedText:
    """Decode an export's bytes, never failing: damaged bytes become U+FFFD and are counted.

    A BOM decides (UTF-8, UTF-16); UTF-16 without one is recognised by its zero bytes;
    otherwise UTF-8, then GB18030 (Chinese exports; a superset of GBK), each taken despite a
    few bad bytes, then charset-normalizer's guess. NUL characters are replaced too.
    """
    if data.startswith(codecs.BOM_UTF8):
        text, replaced, _ = _decoded(data[len(codecs.BOM_UTF8):], "utf-8")
        encoding = "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(data[:8192]):
        encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
            else utf16_without_bom(data[:8192])
        text, replaced, _ = _decoded(data, encoding)
    else:
        text, encoding, replaced = _choose(data)
    if "\x00" in text:
        replaced += text.count("\x00")
        text = text.replace("\x00", "\ufffd")
    if text.startswith("\ufeff"):
        text = text[1:]
    damaged: list[int] = []
    if replaced:
        line, at = 1, 0
        for m in re.finditer("\ufffd", text):
            line += text.count("\n", at, m.start())
            at = m.start()
            if not damaged or damaged[-1] != line:
                damaged.append(line)
    return DecodedText(text, encoding, replaced, tuple(damaged))


# The last file decoded, kept while detection and the import read it: sniffing the JSON,
# line-file and PatentsView readers, finding the table layout and reading the rows all ask for
# the same text, and a large export was decoded five times. Keyed by path, size and mtime, so
# an edited file is decoded again. One entry: the reader holds the whole text anyway.
_LAST_DECODED: tuple[tuple, DecodedText, str] | None = None


def _file_key(path: Path) -> tuple:
    st = path.stat()
    return str(path.resolve()), st.st_size, st.st_mtime_ns


def decode_file(path: Path) -> DecodedText:
    """The whole file decoded with :func:`decode_bytes` (once while it is being imported)."""
    global _LAST_DECODED
    key = _file_key(path)
    if _LAST_DECODED is not None and _LAST_DECODED[0] == key:
        return _LAST_DECODED[1]
    data = path.read_bytes()
    decoded = decode_bytes(data)
    _LAST_DECODED = (key, decoded, hashlib.sha256(data).hexdigest())
    return decoded


def known_sha256(path: Path) -> str | None:
    """The SHA-256 of ``path``'s bytes when the readers have just read them (a streaming scan,
    or :func:`decode_file`): the import then hashes the file without reading it again. Else None."""
    scan = known_scan(path)
    if scan is not None:
        return scan.sha256
    try:
        key = _file_key(path)
    except OSError:
        return None
    return _LAST_DECODED[2] if _LAST_DECODED is not None and _LAST_DECODED[0] == key else None


def detect_encoding(data: bytes, path: Path | None = None) -> str:
    """The encoding :func:`decode_bytes` reads ``data`` in."""
    return decode_bytes(data).encoding


def read_text(path: Path) -> str:
    """The whole file as text, decoded with :func:`decode_bytes` (bad bytes replaced)."""
    return decode_file(path).text


def first_line(path: Path) -> str:
    """The first non-empty line of a text file (for sniffing)."""
    for line in read_text(path).splitlines():
        if line.strip():
            return line
    return ""


class _Dialect(csv.excel):
    """Exports quote with " and write a quote inside a quoted field as ""."""


def _sniffed_records(sample: str, sep: str, limit: int = 50) -> list[tuple[int, int, bool]]:
    """(cells, non-empty cells, quotes out of place) for each of the sample's first records under ``sep``.

    A written CSV opens a quoted field only right after a separator or a line end and closes it
    right before one; quotes anywhere else mean ``sep`` is not the file's separator (or the
    file is sloppy, which then shows under every separator alike). The csv module reads such
    quotes as text without saying so, hence this small scanner for sniffing only.
    """
    records: list[tuple[int, int, bool]] = []
    cells = filled = 0
    field = ""
    quoted = closed = odd = False
    i, n = 0, len(sample)

    def end_field():
        nonlocal cells, filled, field, quoted, closed
        cells += 1
        filled += bool(field.strip())
        field, quoted, closed = "", False, False

    while i < n and len(records) < limit:
        c = sample[i]
        if quoted:
            if c == '"':
                if i + 1 < n and sample[i + 1] == '"':
                    field += c
                    i += 1
                else:
                    quoted, closed = False, True
            else:
                field += c
        elif c == sep:
            end_field()
        elif c in "\r\n":
            if c == "\r" and i + 1 < n and sample[i + 1] == "\n":
                i += 1
            end_field()
            records.append((cells, filled, odd))
            cells = filled = 0
            odd = False
        elif c == '"' and not field and not closed:
            quoted = True
        else:
            odd = odd or c == '"' or closed  # a quote inside a field, or text after a closing one
            field += c
        i += 1
    return records


def _csv_dialect(sample: str):
    """The separator that splits the sample's rows most consistently.

    Title lines above the header (a quoted search query holding ";", an export date) have one
    cell whatever the separator; the header and the rows below agree on a column count only
    when split by the right one. A separator under which quotes sit inside fields is wrong
    whenever another one leaves none out of place: splitting a quoted title that holds ";" and
    line breaks by ";" cuts it into many short, consistent-looking rows. Then each candidate is
    scored by how many rows with two or more filled cells share its most common column count;
    ties go to the comma.
    """
    best, best_score = ",", (False, 0, 0)
    for sep in (",", "\t", ";", "|"):
        records = _sniffed_records(sample[:65536], sep)
        counts: dict[int, int] = {}
        filled: dict[int, int] = {}
        for cells, nonempty, _ in records:
            if cells > 1:
                counts[cells] = counts.get(cells, 0) + 1
                if nonempty > 1:
                    filled[cells] = filled.get(cells, 0) + 1
        in_place = bool(counts) and not any(odd for _, _, odd in records)
        score = (in_place, max(filled.values(), default=0), max(counts.values(), default=0))
        if score > best_score:
            best, best_score = sep, score
    return type("Dialect", (_Dialect,), {"delimiter": best})


def _ends_inside_quotes(raw: str, dialect) -> bool:
    """True when the text of one record stops inside a quoted field (a truncated file)."""
    if not dialect.quotechar or dialect.quotechar not in raw:
        return False
    try:
        for _ in csv.reader(io.StringIO(raw, newline=""), dialect=dialect, strict=True):
            pass
    except csv.Error as err:
        return "unexpected end of data" in str(err)
    return False


def _checked_cells(cells: list, damaged: bool, *, text: bool = False) -> Cells:
    """The row's cells with every cell cut to MAX_CELL_CHARS, and warnings saying what changed.

    ``text``: every cell is a str (CSV), so the lengths are checked in one C-level pass.
    """
    warnings = [DAMAGED_ROW_WARNING] if damaged else []
    out = Cells(cells, warnings)
    if text and max(map(len, cells), default=0) <= MAX_CELL_CHARS:
        return out
    for i, cell in enumerate(out):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            out[i], warning = clip_cell(cell, f"column {i + 1}")
            out.warnings.append(warning)  # Cells keeps its own copy of the list
    return out


def csv_rows(path: Path) -> Iterator[tuple[int, Cells]]:
    """(row number, cells) for every row of a CSV/TSV, header first as row 1.

    Row numbers count records, not physical lines (a quoted abstract may span lines), so
    they match what a spreadsheet shows. A file cut off inside a quoted field ends with a
    clear IngestError after the rows before it were yielded. Cells are
    :class:`~landscape.ingest.base.Cells`: each longer than MAX_CELL_CHARS is cut, and a
    row that held undecodable bytes says so in its warnings.
    """
    damaged = bool(file_scan(path).replaced)
    stream = csv_lines(path)
    head: list[str] = []  # the lines that hold the first 64K characters, to find the separator
    size = 0
    for line in stream:
        head.append(line)
        size += len(line)
        if size >= 65536:
            break
    dialect = _csv_dialect("".join(head)[:65536])
    lines: list[str] = []  # the physical lines of the record being read

    def feed():
        for line in itertools.chain(head, stream):
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
            held = (_checked_cells(cells, damaged and "\ufffd" in raw, text=True), raw)
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


def _damaged_excel(path: Path, err: Exception, where: str = "") -> IngestError:
    reason = " ".join(str(err).split())[:200] or type(err).__name__
    return IngestError(f"{path}: the Excel file is damaged or truncated{where} ({reason}); "
                       "open and re-save it, or export it again.")


def xlsx_rows(path: Path) -> Iterator[tuple[int, Cells]]:
    """(row number, cells) for every non-empty row of the first sheet that has data.

    A damaged workbook is an IngestError whatever openpyxl raised (it raises many types
    for broken zip members and XML); rows read before the damage were yielded.
    """
    import openpyxl

    # From an open file, not the path: openpyxl refuses a workbook whose name does not end in
    # .xlsx, and exports are often renamed (.csv, .xls, no suffix). Not from its bytes either:
    # read-only mode then reads the sheet's XML as rows are asked for, holding no copy.
    fh = open(path, "rb")
    try:
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - every way a workbook is broken is one sentence
        fh.close()
        raise _damaged_excel(path, err) from err
    i = 0
    try:
        # An empty sheet still reports max_row 1, so look for a non-empty row instead.
        for sheet in wb.worksheets:
            found = False
            for i, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if row is None or not any(c not in (None, "") for c in row):
                    continue
                found = True
                yield i, _checked_cells(row, False)
            if found:
                return
        raise IngestError(f"{path}: the workbook has no sheet with data.")
    except IngestError:
        raise
    except Exception as err:  # noqa: BLE001 - as above; SyntaxError is broken sheet XML
        raise _damaged_excel(path, err, f" after row {i}" if i else "") from err
    finally:
        wb.close()
        fh.close()


def xls_rows(path: Path) -> Iterator[tuple[int, Cells]]:
    """Rows of an Excel 97-2003 workbook (incoPat and CNIPA still export .xls), date cells as dates."""
    try:
        import xlrd
    except ImportError as err:
        raise IngestError(f"{path}: reading old Excel (.xls) files needs xlrd (pip install xlrd); "
                          "or save it as .xlsx or CSV.") from err
    try:
        book = xlrd.open_workbook(file_contents=path.read_bytes(), on_demand=True)
    except Exception as err:  # noqa: BLE001 - xlrd raises several types for broken files
        raise _damaged_excel(path, err) from err
    try:
        for sheet_index in range(book.nsheets):
            sheet = book.sheet_by_index(sheet_index)
            found = False
            for i in range(sheet.nrows):
                row = []
                for cell in sheet.row(i):
                    value = cell.value
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        try:
                            value = xlrd.xldate_as_datetime(value, book.datemode)
                        except Exception:  # noqa: BLE001 - an out-of-range serial stays a number
                            pass
                    row.append(value)
                if not any(c not in (None, "") for c in row):
                    continue
                found = True
                yield i + 1, _checked_cells(row, False)
            if found:
                return
        raise IngestError(f"{path}: the workbook has no sheet with data.")
    except IngestError:
        raise
    except Exception as err:  # noqa: BLE001
        raise _damaged_excel(path, err) from err
    finally:
        book.release_resources()


class _HtmlTable(html.parser.HTMLParser):
    """The rows of the first <table> with data: what tools save as ".xls" is often an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("tr", "row"):  # "row"/"cell": Excel 2003 XML (SpreadsheetML) reads the same way
            self._row = []
        elif tag in ("td", "th", "cell") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th", "cell") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag in ("tr", "row") and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def looks_like_html(path: Path) -> bool:
    """True for a text file that starts with markup (CNKI and others save HTML tables as .xls)."""
    with open(path, "rb") as f:
        head = f.read(4096)
    head = head.lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    return head.startswith((b"<html", b"<!doctype html", b"<table", b"<meta", b"<?xml", b"<head", b"<body"))


def html_rows(path: Path, text: str) -> Iterator[tuple[int, Cells]]:
    """Rows of an HTML table export, numbered from 1 like a sheet."""
    parser = _HtmlTable()
    parser.feed(text)
    parser.close()
    n = 0
    for row in parser.rows:
        if not any(c.strip() for c in row):
            continue
        n += 1
        yield n, _checked_cells(row, False)
    if n == 0:
        raise IngestError(f"{path}: the HTML file holds no table rows.")


def table_rows(path: Path) -> Iterator[tuple[int, list]]:
    """Rows of a CSV/TSV or Excel file, whichever it is; clear errors for everything else."""
    kind = kind_of_file(path)
    if kind == "xlsx":
        yield from xlsx_rows(path)
    elif kind == "text":
        if looks_like_html(path):
            yield from html_rows(path, read_text(path))
        else:
            yield from csv_rows(path)
    elif kind == "empty":
        raise EmptyFileError(f"{path}: the file is empty.")
    elif kind == "xls":
        yield from xls_rows(path)
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
