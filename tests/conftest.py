"""Shared test helpers: where the hand-written fixtures live and how to read one end to end."""
from __future__ import annotations

from pathlib import Path

import pytest

from landscape.ingest.base import RowError
from landscape.ingest.detect import detect
from landscape.schema import PatentRecord

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def read_export(path: Path, fmt: str | None = None, columns: dict[str, str] | None = None):
    """Detect and read ``path``: (reader name, {row: record}, {row: RowError})."""
    reader = detect(Path(path), fmt=fmt, columns=columns)
    records: dict[int, PatentRecord] = {}
    errors: dict[int, RowError] = {}
    for n, rec in reader.read(Path(path)):
        assert n not in records and n not in errors, f"row {n} yielded twice"
        (errors if isinstance(rec, RowError) else records)[n] = rec
    return reader.name, records, errors


@pytest.fixture
def read():
    return read_export
