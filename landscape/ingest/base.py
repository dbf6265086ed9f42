"""What every reader shares: the Reader protocol, row errors and layout errors.

A reader turns one export (a file, or a folder for table sets such as PatentsView) into
``(row_number, PatentRecord | RowError)`` pairs. Row numbers are what a user sees: for a
spreadsheet-like file the header is row 1 and the first record row 2; for line files the
line number. A reader never drops a row: what it cannot read it yields as a RowError, and
the store puts it in quarantine with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Protocol

from landscape.schema import PatentRecord

#: Longest text kept from one cell; longer cells are cut, with a warning for the record. No
#: real field comes near it (the longest abstracts and first claims are a few thousand).
MAX_CELL_CHARS = 100_000
#: Longest error message kept: a message that echoes a file's header or a cell must not
#: carry a 50 MB line into the import report.
MAX_MESSAGE_CHARS = 2_000


class IngestError(Exception):
    """A whole file cannot be read (unknown layout, binary, empty, damaged). One sentence.

    The message is cut to :data:`MAX_MESSAGE_CHARS` (its start and its end are kept: the end
    usually says what to do).
    """

    def __init__(self, message="", *args):
        message = str(message)
        if len(message) > MAX_MESSAGE_CHARS:
            keep = MAX_MESSAGE_CHARS // 2 - 20
            message = f"{message[:keep]} … [{len(message) - 2 * keep:,} characters cut] … {message[-keep:]}"
        super().__init__(message, *args)


class EmptyFileError(IngestError):
    """The file has no content at all: reported, but not a failure of the import."""


@dataclass
class RowError:
    """A row that could not be read: why, and the raw text to keep in quarantine."""

    reason: str
    raw: str = ""


Row = tuple[int, "PatentRecord | RowError"]


class Cells(list):
    """One row's cells, and what happened to them on the way in.

    A plain list to every reader; ``warnings`` holds one sentence per change made while
    reading (bytes that could not be decoded were replaced, a cell was cut), for the
    record's warnings.
    """

    def __init__(self, cells=(), warnings=()):
        super().__init__(cells)
        self.warnings = list(warnings)


def clip_cell(value, name: str = "cell", limit: int = MAX_CELL_CHARS):
    """``(value, warning)``: text over ``limit`` characters cut to it, with a sentence saying so.

    Anything else comes back unchanged with no warning.
    """
    if isinstance(value, str) and len(value) > limit:
        return value[:limit], f"{name} cut to {limit:,} characters (it had {len(value):,})"
    return value, None


class Reader(Protocol):
    #: short name used by ``--format`` and in the import report
    name: str
    #: one line for the "unknown layout" message: the columns this reader expects
    expects: str

    def sniff(self, path: Path, header: list[str] | None) -> bool:
        """True when this reader recognises the export (from its header, or its folder)."""

    def read(self, path: Path) -> Iterator[Row]:
        """Yield every row of the export, readable or not, in order."""


def quarantine_raw(values: dict | list | str, limit: int = 4000) -> str:
    """The raw text of a bad row, kept short enough to store (each value is cut first, so a
    row of megabyte cells costs no more than a short one)."""
    def short(v) -> str:
        try:
            return (v if isinstance(v, str) else str(v))[:limit]
        except ValueError:  # an int of more than 4,300 digits refuses str()
            return "<a number too long to show>"

    if isinstance(values, dict):
        text = " | ".join(f"{short(k)}={short(v)}" for k, v in values.items()
                          if v is not None and not (isinstance(v, str) and not v))
    elif isinstance(values, list):
        text = " | ".join(short(v) for v in values)
    else:
        text = short(values)
    return text[:limit]
