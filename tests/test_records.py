"""build_record: the rules every reader shares."""
from landscape.ingest.base import RowError
from landscape.ingest.records import build_record


def test_bigquery_record_lists_are_unpacked():
    rec = build_record({
        "id": "US-11000001-B2",
        "title": "[{'text': 'Aimant bloc', 'language': 'fr', 'truncated': False}, "
                 "{'text': 'Magnetic block', 'language': 'en', 'truncated': False}]",
        "applicants": "[{'name': 'BRICKWORKS INC', 'country_code': 'US'}]",
    }, source="bq.csv#2")
    assert rec.title == "Magnetic block"  # the English entry wins
    assert rec.applicants == ["BRICKWORKS INC"] and rec.applicants_norm == ["BRICKWORKS"]


def test_short_us_number_without_kind_is_a_grant_and_long_is_not():
    assert build_record({"id": "US06836996-20050104", "abstract": "A hook."}, source="s#1").doc_type == "grant"
    assert build_record({"id": "US20050123456", "abstract": "A hook."}, source="s#1").doc_type == "other"


def test_junk_ids_are_row_errors():
    for junk in ("n/a", "共1467条", "12"):
        assert isinstance(build_record({"id": junk, "title": "x"}, source="s#1"), RowError)
    assert build_record({"id": "IN2015DN03871A", "title": "x"}, source="s#1").id == "IN2015DN03871A"
