"""Import never crashes, never hangs, never loses a file: damaged exports through pipeline.ingest.

Regression tests named after each bug the import fuzzer (bench/fuzz.py) found, then a seeded
hypothesis fuzz over the hand-written fixtures. Every case imports the damaged file together
with a small good Lens CSV and checks that no exception escapes, that every row of the good
file is in the store, and that the case took under 5 seconds.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landscape import importing, pipeline
from landscape.ingest import files
from landscape.ingest.base import MAX_MESSAGE_CHARS, IngestError
from landscape.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
LIMIT_S = 5.0
GOOD_IDS = ["US9900001B2", "US9900002B2", "US9900003B2"]
LENS_HEADER = ["Display Key", "Jurisdiction", "Title", "Application Date", "Publication Date", "Applicants",
               "IPCR Classifications"]


def _good_file(folder: Path) -> Path:
    """A small good Lens CSV whose rows must be in the store after every import."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "good_lens.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(LENS_HEADER)
        for i, pid in enumerate(GOOD_IDS, start=1):
            w.writerow([f"US {9900000 + i} B2", "US", f"Control toy {i}", "2020-01-01", "2021-02-02",
                        "CONTROL TOYS INC", "A63H33/04"])
    return path


class _Swallowed:
    """Errors other than IngestError raised by a reader inside ``pipeline.ingest``: the pipeline
    may report them as a failed file and go on, but the file's rows are lost all the same."""

    def __init__(self):
        self.errors: list[BaseException] = []

    def __enter__(self):
        self.detect = importing.detect
        seen = self.errors

        def spied_detect(*args, **kwargs):
            try:
                reader = self.detect(*args, **kwargs)
            except IngestError:
                raise
            except Exception as err:
                seen.append(err)
                raise
            read = reader.read

            def spied_read(*a, **kw):
                try:
                    yield from read(*a, **kw)
                except IngestError:
                    raise
                except Exception as err:
                    seen.append(err)
                    raise
            reader.read = spied_read
            return reader

        importing.detect = spied_detect
        return self

    def __exit__(self, *exc):
        importing.detect = self.detect


def _ingest(bad: Path, workspace: Path):
    """Import ``bad`` then the good file; the report, the store's ids and the seconds it took."""
    good = _good_file(workspace.parent / "good")
    t0 = time.perf_counter()
    with _Swallowed() as swallowed:
        report = pipeline.ingest([bad, good], workspace, show_progress=False)
    seconds = time.perf_counter() - t0
    if swallowed.errors:
        err = swallowed.errors[0]
        raise AssertionError(f"a reader raised {type(err).__name__}: {str(err)[:200]}") from err
    with Store.open(workspace, read_only=True) as store:
        ids = set(store.iter_ids())
        quarantine = store.quarantine()
    return report, ids, quarantine, seconds


def _check(bad: Path, workspace: Path):
    report, ids, quarantine, seconds = _ingest(bad, workspace)
    assert set(GOOD_IDS) <= ids, "the good file after the damaged one was not imported"
    assert seconds < LIMIT_S
    for f in report.files:
        assert len(f.message or "") <= MAX_MESSAGE_CHARS
    return report, ids, quarantine


def _write(path: Path, data: bytes | str, encoding="utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def _lens_rows(n: int) -> list[list[str]]:
    return [[f"CN {117000000 + i} A", "CN", f"Toy number {i}", "2022-01-01", "2022-05-01",
             "Shantou Example Toys Co. Ltd.", "A63H33/04"] for i in range(n)]


def _csv_text(header, rows) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    return buf.getvalue()


# --------------------------------------------------------------------------- one test per bug


def test_publication_number_without_pattern_match(tmp_path):
    rows = _lens_rows(3)
    rows[0][0], rows[1][0] = "US1234X5678", "US 2015DN03871"
    path = _write(tmp_path / "lens.csv", _csv_text(LENS_HEADER, rows))
    _report, ids, _q = _check(path, tmp_path / "ws")
    assert "CN117000002A" in ids


def test_lone_surrogate_in_json_is_stored(tmp_path):
    lines = ['{"patent_id": "US06836996-20050104", "abstract": "A toy \\ud800 block", "publication_date": "2005-01-04"}',
             '{"patent_id": "US07000009-20060214", "abstract": "Plush \\udfff toy"}']
    path = _write(tmp_path / "x.jsonl", "\n".join(lines) + "\n")
    _report, ids, _q = _check(path, tmp_path / "ws")
    assert {"US6836996", "US7000009"} <= ids
    with Store.open(tmp_path / "ws", read_only=True) as store:
        abstract = store.records("id = 'US6836996'")["abstract"][0]
    assert abstract == "A toy \ufffd block"


def test_lone_surrogate_in_quarantined_raw_text_is_stored(tmp_path):
    lines = ['{"patent_id": "not a number \\ud800", "abstract": "x \\udc80"}',
             '{"patent_id": "US07000009-20060214", "abstract": "Plush toy"}']
    path = _write(tmp_path / "x.jsonl", "\n".join(lines) + "\n")
    _report, ids, quarantine = _check(path, tmp_path / "ws")
    assert "US7000009" in ids
    assert len(quarantine) == 1 and "\ufffd" in quarantine["raw"][0]


def test_quarantined_raw_text_is_capped(tmp_path):
    from landscape.store import QUARANTINE_RAW_CHARS

    path = _write(tmp_path / "x.jsonl", json.dumps({"patent_id": "n/a", "abstract": "x" * 1_000_000}) + "\n")
    _report, _ids, quarantine = _check(path, tmp_path / "ws")
    assert len(quarantine) == 1 and len(quarantine["raw"][0]) <= QUARANTINE_RAW_CHARS


def test_damaged_parquet_does_not_stop_the_import(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    pq.write_table(pa.table({"id": [f"CN{117000000 + i}A" for i in range(200)],
                             "title": [f"Toy {i} " * 20 for i in range(200)]}), sink, compression="snappy")
    data = bytearray(sink.getvalue())
    for i in range(200, len(data) - 200, 97):  # damage the pages, keep the footer readable
        data[i] ^= 0x5A
    report, _ids, _q = _check(_write(tmp_path / "x.parquet", bytes(data)), tmp_path / "ws")
    assert report.files[0].status in ("failed", "partial")


def test_patentsview_cpc_sequence_not_a_number(tmp_path):
    folder = tmp_path / "pv"
    shutil.copytree(FIXTURES / "patentsview", folder)
    cpc = folder / "g_cpc_current.tsv"
    cpc.write_text(cpc.read_text(encoding="utf-8").replace('"1"', '"1a"', 1), encoding="utf-8")
    _report, ids, _q = _check(folder, tmp_path / "ws")
    assert "US11000001B2" in ids


def test_deeply_nested_list_cell(tmp_path):
    text = (FIXTURES / "google_patents.csv").read_text(encoding="utf-8")
    text = text.replace("['A63H1/00']", '"[' + "-" * 3000 + '1]"', 1)
    report, ids, _q = _check(_write(tmp_path / "google.csv", text), tmp_path / "ws")
    assert report.files[0].status == "done"
    assert "KR20200000007A" in ids  # the row with the nested cell is kept, without that cell


def test_four_megabyte_list_literal_is_cheap(tmp_path):
    import tracemalloc

    text = (FIXTURES / "google_patents.csv").read_text(encoding="utf-8")
    big = "[" + ", ".join(["'A63H33/04'"] * 330_000) + "]"  # 4.3 MB; ast.literal_eval took 2.1 GB
    text = text.replace("['A63H1/00']", '"' + big + '"', 1)
    path = _write(tmp_path / "google.csv", text)
    tracemalloc.start()
    try:
        _report, ids, _q = _check(path, tmp_path / "ws")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "KR20200000007A" in ids
    assert peak < 400 << 20


def test_ipc_cell_with_spaces_then_bang_is_fast(tmp_path):
    rows = _lens_rows(3)
    rows[0][6] = "A63H33/00" + " " * 3000 + "!"
    _check(_write(tmp_path / "lens.csv", _csv_text(LENS_HEADER, rows)), tmp_path / "ws")


def test_repeated_legal_forms_and_a_huge_date_are_fast(tmp_path):
    rows = _lens_rows(4)
    rows[0][0] = "CN " + "9" * 20000  # a 20,000-digit id: quarantined
    rows[1][5] = "CO " * 2000
    rows[2][3] = "2024-" + "0" * 20000
    _report, ids, quarantine = _check(_write(tmp_path / "lens.csv", _csv_text(LENS_HEADER, rows)), tmp_path / "ws")
    assert {"CN117000001A", "CN117000002A", "CN117000003A"} <= ids and len(quarantine) == 1


def test_twenty_thousand_digit_id_at_the_start_of_a_line(tmp_path):
    rows = _lens_rows(3)
    rows[0][0] = "9" * 20000
    report, ids, quarantine = _check(_write(tmp_path / "lens.csv", _csv_text(LENS_HEADER, rows)), tmp_path / "ws")
    assert report.files[0].status == "done"
    assert {"CN117000001A", "CN117000002A"} <= ids and len(quarantine) == 1


def test_flipped_byte_near_the_end_of_a_utf8_bom_file_keeps_the_file(tmp_path):
    data = bytearray((FIXTURES / "cnki.csv").read_bytes())
    assert data.startswith(codecs.BOM_UTF8)
    data[-20] = 0xFF  # inside the last row's Chinese text
    path = _write(tmp_path / "cnki.csv", bytes(data))
    decoded = files.decode_file(path)
    assert decoded.replaced == 1 and decoded.damaged_lines == (4,)
    report, ids, _q = _check(path, tmp_path / "ws")
    assert report.files[0].status == "done"
    assert {"CN117000002A", "CN218000002U", "CN116000003B"} <= ids


def test_truncated_multibyte_character_at_the_end_of_a_bom_file(tmp_path):
    data = (FIXTURES / "cnki.csv").read_bytes().rstrip(b"\r\n")
    path = _write(tmp_path / "cnki.csv", data[:-1] if data.endswith(b",1") else data[:-4])
    report, ids, _q = _check(path, tmp_path / "ws")
    assert report.files[0].status == "done" and "CN116000003B" in ids


def test_damaged_rows_say_so_in_their_cells():
    data = ("公开(公告)号,标题\nCN117000311A,一种积木\nCN117000312A,一种陀螺\n").encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp) / "x.csv", data.replace("陀".encode(), b"\xff\xfe\xfd"))
        rows = list(files.csv_rows(path))
    assert [r.warnings for _, r in rows] == [[], [], [files.DAMAGED_ROW_WARNING]]


def test_a_few_nuls_are_damage_not_a_binary_file(tmp_path):
    text = _csv_text(LENS_HEADER, _lens_rows(3000))
    data = text.encode("utf-8")
    data = data[:5000] + b"\x00" + data[5000:]
    path = _write(tmp_path / "lens.csv", data)
    assert files.kind_of_file(path) == "text"
    _report, ids, _q = _check(path, tmp_path / "ws")
    assert len(ids) >= 3000


def test_mostly_control_bytes_are_still_binary(tmp_path):
    path = _write(tmp_path / "x.csv", bytes(range(32)) * 40)
    assert files.kind_of_file(path) == "binary"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(tmp_path, encoding):
    text = _csv_text(LENS_HEADER, _lens_rows(5)).replace("Toy number", "玩具")
    path = _write(tmp_path / "lens.csv", text.encode(encoding))
    assert files.kind_of_file(path) == "text"
    assert files.decode_file(path).text == text
    _report, ids, _q = _check(path, tmp_path / "ws")
    assert "CN117000004A" in ids


def test_json_lines_with_a_bad_first_line_keep_the_good_rows(tmp_path):
    lines = ["{not json", *(FIXTURES / "uspto.jsonl").read_text(encoding="utf-8").splitlines()]
    _report, ids, quarantine = _check(_write(tmp_path / "x.jsonl", "\n".join(lines) + "\n"), tmp_path / "ws")
    assert {"US6836996", "US7000009", "US7100010"} <= ids and len(quarantine) == 1


@pytest.mark.parametrize("line", ['{"patent_id": ' + "9" * 20000 + "}", "[" * 100_000, '{"a": ' + "[" * 100_000 + "}"],
                         ids=["20000-digit-int", "deep-array", "deep-value"])
def test_json_line_that_python_refuses_is_one_bad_row(tmp_path, line):
    lines = [*(FIXTURES / "uspto.jsonl").read_text(encoding="utf-8").splitlines(), line]
    _report, ids, quarantine = _check(_write(tmp_path / "x.jsonl", "\n".join(lines) + "\n"), tmp_path / "ws")
    assert {"US6836996", "US7000009", "US7100010"} <= ids and len(quarantine) == 1


def test_a_crash_in_one_file_does_not_stop_the_next(tmp_path, monkeypatch):
    from landscape.ingest import normalize

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in a reader")

    path = _write(tmp_path / "lens.csv", _csv_text(LENS_HEADER, _lens_rows(3)))
    monkeypatch.setattr(normalize, "detect_language", broken)  # every row of every file fails
    report = pipeline.ingest([path], tmp_path / "ws", show_progress=False)
    assert report.files[0].status in ("failed", "partial")


def test_single_line_file_error_message_is_short(tmp_path):
    path = _write(tmp_path / "one_line.csv", ",".join(f"column {i} " + "x" * 50 for i in range(100_000)))  # 5.8 MB
    report, _ids, _q = _check(path, tmp_path / "ws")
    assert report.files[0].status == "failed"
    message = report.files[0].message
    assert len(message) <= MAX_MESSAGE_CHARS and str(path) in message


def test_ingest_error_message_is_capped_keeping_its_end():
    err = IngestError("start " + "x" * 60_000 + " what to do")
    assert len(str(err)) <= MAX_MESSAGE_CHARS
    assert str(err).startswith("start") and str(err).endswith("what to do")


# --------------------------------------------------------------------------- seeded fuzz

_HOSTILE = ["[" + "-" * 3000 + "1]", "9" * 20000, "CO " * 2000, "A63H33/00" + " " * 300 + "!", "US1234X5678",
            "US 2015DN03871", "x" * 150_000, "[" * 2000, "['a', {'text': 'b'}]", "\u202e\u0301\ufeff😀",
            "2024-13-45", "", "1a", "US-", ";;" * 5000]
_HOSTILE_LINES = ['{"patent_id": ' + "9" * 20000 + "}", "[" * 5000, "{not json", "\x00\x00", '{"a": 1}', "[]",
                  '"1a"\t"1a"\t"1a"', '{"patent_id": "US1234X5678", "abstract": "x"}']
_ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"]


def _fixture_sources() -> list[Path]:
    tables = [p for p in sorted(FIXTURES.rglob("*.csv")) if not any(q.name.startswith("g_") for q in p.parent.iterdir())]
    folders = sorted({p.parent for p in FIXTURES.rglob("g_patent.tsv")})
    return tables + sorted(FIXTURES.rglob("*.jsonl")) + sorted(FIXTURES.rglob("Date*.txt")) + folders


SOURCES = _fixture_sources()

_byte_ops = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
    st.tuples(st.just("truncate"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("nul"), st.floats(0, 1), st.integers(1, 20)),
    st.tuples(st.just("quote"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("swap"), st.sampled_from([";", "\t", "|"]), st.just(0)),
    st.tuples(st.just("reencode"), st.sampled_from(_ENCODINGS), st.just(0)),
    st.tuples(st.just("cell"), st.floats(0, 1), st.sampled_from(range(len(_HOSTILE)))),
)
_line_ops = st.tuples(st.just("line"), st.floats(0, 1), st.sampled_from(range(len(_HOSTILE_LINES))))


def _decode(data: bytes) -> str:
    return files.decode_bytes(data).text


def _apply(data: bytes, op, is_json: bool) -> bytes:
    kind, a, b = op
    if not data:
        return data
    if kind == "flip":
        i = min(int(a * len(data)), len(data) - 1)
        return data[:i] + bytes([data[i] ^ b]) + data[i + 1:]
    if kind == "truncate":
        return data[: int(a * len(data))]
    if kind == "nul":
        i = int(a * len(data))
        return data[:i] + b"\x00" * b + data[i:]
    if kind == "quote":
        i = int(a * len(data))
        return data[:i] + b'"' + data[i:]
    if kind == "swap":
        return data.replace(b",", a.encode())
    if kind == "reencode":
        return _decode(data).encode(a, errors="replace")
    lines = _decode(data).split("\n")  # "cell" and "line": a hostile value or line into one row
    i = min(int(a * len(lines)), len(lines) - 1)
    if kind == "line":
        lines[i] = _HOSTILE_LINES[b]
        return "\n".join(lines).encode("utf-8")
    value = _HOSTILE[b]
    if is_json:
        try:
            obj = json.loads(lines[i])
        except ValueError:
            return data
        if isinstance(obj, dict) and obj:
            obj[sorted(obj)[int(a * 1000) % len(obj)]] = value + ("\ud800" if b % 3 == 0 else "")
            lines[i] = json.dumps(obj)
    else:
        sep = "\t" if "\t" in lines[i] else ","
        cells = lines[i].split(sep)
        cells[int(a * 1000) % len(cells)] = '"' + value.replace('"', '""') + '"'
        lines[i] = sep.join(cells)
    return "\n".join(lines).encode("utf-8")


def _fuzz_case(source: Path, ops, pick: int, tmp: Path):
    target = tmp / "in" / source.name
    if source.is_dir():  # PatentsView: damage one of its tables
        shutil.copytree(source, target)
        tables = sorted(target.iterdir())
        victim = tables[pick % len(tables)]
    else:
        target = tmp / "in" / source.parent.name / source.name  # line files need their class folder
        target.parent.mkdir(parents=True)
        shutil.copy(source, target)
        victim = target
    data = victim.read_bytes()
    for op in ops:
        data = _apply(data, op, victim.suffix == ".jsonl")
    victim.write_bytes(data)
    _check(target, tmp / "ws")


_FUZZ = settings(max_examples=150, derandomize=True, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _is_table(p: Path) -> bool:
    return p.suffix == ".csv" or p.suffix == ".txt"


@_FUZZ
@given(st.sampled_from([p for p in SOURCES if _is_table(p)]), st.lists(_byte_ops, min_size=1, max_size=3))
def test_fuzz_tables_and_line_files(source, ops):
    with tempfile.TemporaryDirectory() as tmp:
        _fuzz_case(source, ops, 0, Path(tmp))


@_FUZZ
@given(st.sampled_from([p for p in SOURCES if not _is_table(p)]),
       st.builds(lambda a, b: a + b, st.lists(_line_ops, max_size=1), st.lists(_byte_ops, min_size=1, max_size=2)),
       st.integers(0, 50))
def test_fuzz_json_lines_and_patentsview(source, ops, pick):
    with tempfile.TemporaryDirectory() as tmp:
        _fuzz_case(source, ops, pick, Path(tmp))
