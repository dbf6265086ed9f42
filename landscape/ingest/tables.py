"""Exports that are one table with a header: CSV, TSV or Excel, from any tool.

The header row is found, not assumed: tools put title lines, a search query or an export
date above it (PatSnap, incoPat, Google Patents' ``search URL:``). Each of the first rows is
mapped with the column table (columns.py) and the one that feeds the most fields is the
header. The tool is then named from the columns only it writes, for the import report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from landscape.ingest.base import IngestError, Row, RowError, quarantine_raw
from landscape.ingest.columns import ColumnMap, identify_tool, map_columns
from landscape.ingest.files import table_rows
from landscape.ingest.records import build_record, is_blank, row_values

#: Rows looked at for the header: title lines above it are few, but some exports add a
#: whole search-strategy block.
HEADER_SCAN_ROWS = 30
#: Columns looked at per row; a "row" of 100,000 cells is damage, not a header.
MAX_COLUMNS = 1000


@dataclass
class Layout:
    """What detection found in a table: the header row, its column map and the tool."""

    header_row: int
    cmap: ColumnMap
    tool: str
    why: str


def find_layout(rows: Iterator[tuple[int, list]], chosen: dict[str, str] | None = None):
    """(Layout, the rows after the header) or (None, the rows looked at) when no row is a header.

    A file that breaks within the rows looked at raises its IngestError after the rows before
    the break were read, as it would further down.
    """
    seen: list[tuple[int, list]] = []
    best: tuple[float, int] | None = None
    broken: IngestError | None = None  # the file breaks within the first rows: say so after them
    while True:
        try:
            n, cells = next(rows)
        except StopIteration:
            break
        except IngestError as err:
            broken = err
            break
        seen.append((n, cells))
        header = ["" if c is None else str(c) for c in cells[:MAX_COLUMNS]]
        cmap = map_columns(header, chosen)
        if cmap.usable and (best is None or cmap.score > best[0]):
            best = (cmap.score, len(seen) - 1)
        if len(seen) >= HEADER_SCAN_ROWS:
            break
    if best is None:
        if broken is not None:
            raise broken
        return None, seen
    at = best[1]
    n, cells = seen[at]
    cmap = map_columns(["" if c is None else str(c) for c in cells[:MAX_COLUMNS]], chosen)
    preamble = [" ".join(str(c) for c in r if c is not None) for _, r in seen[:at]]
    tool, why = identify_tool(cmap, preamble)

    def rest():
        yield from seen[at + 1:]
        if broken is not None:
            raise broken
        yield from rows

    return Layout(header_row=n, cmap=cmap, tool=tool, why=why), rest()


def describe_columns(seen: list[tuple[int, list]], limit: int = 12) -> str:
    """The first row's columns, short, for an "unknown layout" message."""
    first = next((cells for _, cells in seen if any(not is_blank(c) for c in cells)), [])
    names = [str(c).strip()[:40] for c in first if not is_blank(c)][:limit]
    more = len([c for c in first if not is_blank(c)]) - len(names)
    return (", ".join(names) or "none") + (f" … and {more} more" if more > 0 else "")


class TableReader:
    """Reads any CSV/TSV/Excel export whose header the column table can map."""

    expects = ("a publication-number column (such as Publication Number, Display Key, 公开(公告)号, PubNo-公开号, "
               "publication_number, patent_id) and a title or abstract column (Title, 标题, 摘要, "
               "标题(译)(English), title_text); line files are read as 'id-<publication number> abstract-<text>'")

    def __init__(self, fmt: str | None = None, columns: dict[str, str] | None = None):
        self.fmt = fmt                  # the tool named with --format, else detected
        self.columns = columns or {}
        self.name = fmt or "table"
        self.layout: Layout | None = None

    def sniff(self, path: Path) -> Layout | None:
        """The layout of ``path``, kept on the reader for the import report; None if not a table export."""
        layout, _ = find_layout(table_rows(path), self.columns)
        if layout is not None:
            self.layout = layout
            self.name = self.fmt or layout.tool
        return layout

    def read(self, path: Path) -> Iterator[Row]:
        layout, rows = find_layout(table_rows(path), self.columns)
        if layout is None:
            raise IngestError(f"{path}: unknown layout (columns found: {describe_columns(rows)}). "
                              f"An export needs {self.expects}. Name the columns if they are called "
                              "otherwise: --column id=<header> --column title=<header>.")
        self.layout = layout
        self.name = self.fmt or layout.tool
        yield from read_rows(path, layout.cmap, rows)


def header_named(header: list[str]):
    """A function turning "column 4 cut to …" into "column 4 (Abstract) cut to …": people know
    their columns by header."""
    def name(warning: str) -> str:
        m = re.match(r"column (\d+) ", warning)
        title = str(header[int(m[1]) - 1]).strip()[:60] if m and 0 < int(m[1]) <= len(header) else ""
        return f"column {m[1]} ({title}) {warning[m.end():]}" if title else warning
    return name


def read_rows(path: Path, cmap: ColumnMap, rows) -> Iterator[Row]:
    """Every data row under a mapped header, as a record or a RowError."""
    header = cmap.header
    width = len(header)
    for n, cells in rows:
        if len(cells) > width and any(not is_blank(c) for c in cells[width:]):
            yield n, RowError(f"row has {len(cells)} cells but the header has {width} "
                              "(a stray separator or quote?)", quarantine_raw(list(cells)))
            continue
        values, translations, extra = row_values(cmap, cells)
        rec = build_record(values, source=f"{path.name}#{n}", extra=extra, translations=translations)
        if isinstance(rec, RowError):
            rec.raw = quarantine_raw(dict(zip(header, cells)))
        elif getattr(cells, "warnings", None):  # bytes replaced, a cell cut: said on the record
            rec.extra["warnings"] = [*map(header_named(header), cells.warnings), *rec.extra.get("warnings", [])]
        yield n, rec
