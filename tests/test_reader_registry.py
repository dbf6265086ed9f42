"""Detection asks the registered readers in order, each on the file's one decoded text: every
registered reader recognises its own fixture, and an import decodes and hashes a file once."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from landscape import pipeline
from landscape.ingest import files
from landscape.ingest.detect import READERS, detect

FIXTURES = Path(__file__).parent / "fixtures"


def _parquet(tmp_path: Path) -> Path:
    path = tmp_path / "bq.parquet"
    pd.DataFrame({"publication_number": ["US-1234567-B2", "US-7654321-B1"], "title": ["Toy block", "Toy car"],
                  "abstract": ["A block.", "A car."], "publication_date": [20200101, 20210101]}).to_parquet(path)
    return path


def _own_fixtures(tmp_path: Path) -> dict[str, list[Path]]:
    return {
        "parquet": [_parquet(tmp_path)],
        "jsonl": [FIXTURES / "uspto.jsonl", FIXTURES / "exports" / "bigquery_nested.jsonl"],
        "abstract-lines": sorted((FIXTURES / "lines").rglob("*.txt")),
        "patentsview": [FIXTURES / "patentsview" / "g_patent.tsv", FIXTURES / "exports" / "patentsview_full" / "g_patent.tsv"],
        "table": sorted((FIXTURES / "exports").glob("*.csv")) + [FIXTURES / "cnki.csv", FIXTURES / "lens.csv"],
    }


def test_every_registered_reader_detects_its_own_fixtures(tmp_path):
    own = _own_fixtures(tmp_path)
    # A reader added to the registry needs fixtures here.
    assert [r.name for r in READERS] == list(own)
    for registration in READERS:
        assert own[registration.name], registration.name
        expected = type(registration.make(None))
        for path in own[registration.name]:
            assert type(detect(path)) is expected, f"{path} should be read by {registration.name}"


def test_a_patentsview_side_table_says_to_import_the_folder():
    with pytest.raises(Exception, match="import the folder"):
        detect(FIXTURES / "patentsview" / "g_cpc_current.tsv")


def test_an_import_decodes_and_hashes_a_file_once(tmp_path, monkeypatch):
    from landscape.ingest import textstream

    export = FIXTURES / "exports" / "lens_full.csv"
    scans = []
    real = textstream.scan_file
    monkeypatch.setattr(textstream, "scan_file", lambda path: scans.append(path) or real(path))
    textstream._SCANS.clear()
    report = pipeline.ingest([export], tmp_path / "ws", show_progress=False)
    assert report.files[0].status == "done" and report.files[0].imported > 0
    # detection, layout, rows and the hash share one scan of the bytes (then rows stream)
    assert len(scans) == 1, scans
    assert files.known_sha256(export) == hashlib.sha256(export.read_bytes()).hexdigest()
