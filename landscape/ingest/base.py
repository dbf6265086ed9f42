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


class IngestError(Exception):
    """A whole file cannot be read (unknown layout, binary, empty, damaged). One sentence."""


class EmptyFileError(IngestError):
    """The file has no content at all: reported, but not a failure of the import."""


@dataclass
class RowError:
    """A row that could not be read: why, and the raw text to keep in quarantine."""

    reason: str
    raw: str = ""


Row = tuple[int, "PatentRecord | RowError"]


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
    """The raw text of a bad row, kept short enough to store."""
    if isinstance(values, dict):
        text = " | ".join(f"{k}={v}" for k, v in values.items() if v not in (None, ""))
    elif isinstance(values, list):
        text = " | ".join(str(v) for v in values)
    else:
        text = str(values)
    return text[:limit]
