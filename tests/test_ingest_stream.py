"""Streaming ingest (issue 17): files read in blocks give the rows reading them whole gave.

``textstream.BLOCK_BYTES`` is set tiny here so that every file spans many blocks: lines,
multi-byte characters, CRLF pairs and quoted CSV fields are cut at block edges.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import json
import random
import tracemalloc

import pytest

from landscape import pipeline
from landscape.ingest import files, textstream
from landscape.ingest.linefiles import JsonLinesReader
from landscape.store import Store


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _fresh(monkeypatch, block: int):
    monkeypatch.setattr(textstream, "BLOCK_BYTES", block)
    textstream._SCANS.clear()
    files._LAST_DECODED = None


def _record(i: int, **more) -> dict:
    return {"publication_number": f"CN1170{i:05d}A", "title": f"toy building block {i}",
            "abstract": f"A toy block with a magnet, number {i}.", "applicants": ["Acme Toys"],
            "ipc": ["A63H33/04"], "filing_date": "2021-03-04", **more}


def _damaged_samples() -> dict[str, bytes]:
    zh = "公开号,标题\r\nCN117000311A,\"一种积木，\r\n多行\"\r\nCN117000312A,一种陀螺\r\n" * 40
    rng = random.Random(3)
    flipped = bytearray(zh.encode("utf-8"))
    for _ in range(4):
        flipped[rng.randrange(len(flipped))] = 0xFF
    return {
        "utf8": zh.encode("utf-8"),
        "utf8-flipped": bytes(flipped),
        "utf8-cut-inside-a-character": zh.encode("utf-8")[:-2],
        "utf8-bom-nul": codecs.BOM_UTF8 + zh.encode("utf-8").replace(b"312A", b"3\x0012A"),
        "gb18030": zh.encode("gb18030"),
        "gb18030-late": ("x,y\n" * 3000).encode() + zh.encode("gb18030"),
        "utf16-bom": zh.encode("utf-16"),
        "utf16-le": zh.encode("utf-16-le"),
        "utf16-be-odd": zh.encode("utf-16-be") + b"\x00",
        "cp1252": ("Nr,Titel\nDE1,Spielzeug für Kinder – größer\n" * 30).encode("cp1252"),
        "genuine-replacement-char": ("a,b\n" + "x\ufffdy,z\n" * 50).encode("utf-8") + b"\xff",
        "mac-cr": zh.replace("\r\n", "\r").encode("utf-8"),
    }


@pytest.mark.parametrize("name", list(_damaged_samples()))
@pytest.mark.parametrize("block", [5, 64, 1 << 20])
def test_streamed_text_is_the_whole_text(tmp_path, monkeypatch, name, block):
    data = _damaged_samples()[name]
    _fresh(monkeypatch, block)
    path = _write(tmp_path / "x.csv", data)
    whole = files.decode_bytes(data)
    scan = textstream.scan_file(path)
    assert (scan.encoding, scan.replaced) == (whole.encoding, whole.replaced)
    assert scan.sha256 == hashlib.sha256(data).hexdigest()
    assert list(textstream.csv_lines(path)) == list(io.StringIO(whole.text, newline=""))
    split = whole.text.split("\n")
    if split[-1] == "":
        split.pop()  # the empty piece after a final newline is not a line
    assert list(textstream.text_lines(path)) == [line.rstrip("\r") for line in split]


def test_csv_rows_spanning_blocks_are_the_rows_read_whole(tmp_path, monkeypatch):
    data = _damaged_samples()["utf8-flipped"]
    path = _write(tmp_path / "x.csv", data)
    _fresh(monkeypatch, 1 << 20)
    whole = [(n, list(c), c.warnings) for n, c in files.csv_rows(path)]
    _fresh(monkeypatch, 7)
    streamed = [(n, list(c), c.warnings) for n, c in files.csv_rows(path)]
    assert streamed == whole and len(whole) == 120
    assert any(w for _, _, w in whole), "the flipped bytes should mark their rows"


def test_json_lines_larger_than_one_block_and_one_batch(tmp_path, monkeypatch):
    lines = [json.dumps(_record(i), ensure_ascii=False) for i in range(500)]
    lines[37] = json.dumps(_record(37, title="一种积木\u2028玩具"), ensure_ascii=False)  # U+2028 is not a line end
    path = _write(tmp_path / "x.jsonl", ("\r\n".join(lines[:250]) + "\n\n" + "\n".join(lines[250:])).encode())
    _fresh(monkeypatch, 1 << 20)
    whole = [(n, r.id, r.title) for n, r in JsonLinesReader().read(path)]
    _fresh(monkeypatch, 100)
    streamed = [(n, r.id, r.title) for n, r in JsonLinesReader().read(path)]
    assert streamed == whole
    assert len(streamed) == 500 and streamed[250][0] == 252  # the empty line 251 still counts
    assert streamed[37][2] == "一种积木\u2028玩具"


def test_a_bad_line_in_the_second_batch_is_quarantined_with_its_line_number(tmp_path, monkeypatch):
    lines = [json.dumps(_record(i)) for i in range(300)]
    lines[149] = '{"publication_number": "CN117099999A", "title": '  # line 150: cut off
    lines[229] = json.dumps({"title": "no number"})  # line 230
    path = _write(tmp_path / "x.jsonl", ("\n".join(lines) + "\n").encode())
    _fresh(monkeypatch, 256)
    report = pipeline.ingest([path], tmp_path / "ws", show_progress=False, batch_size=100)
    f = report.files[0]
    assert (f.status, f.read, f.imported, f.quarantined) == ("done", 300, 298, 2)
    with Store.open(tmp_path / "ws", read_only=True) as store:
        q = store.quarantine()
        assert store.count() == 298
    assert list(q["row"]) == [150, 230] and set(q["file"]) == {str(path)}
    assert "not valid JSON" in q["reason"][0]
    again = pipeline.ingest([path], tmp_path / "ws", show_progress=False, batch_size=100)
    assert again.files[0].status == "already imported"


def test_an_encoding_revealed_only_late_still_reads(tmp_path, monkeypatch):
    ascii_rows = "".join(f"US{9000000 + i}B2,widget {i},plain abstract {i}\n" for i in range(4000))
    zh_rows = "".join(f"CN1180{i:05d}A,一种玩具{i},一种积木玩具\n" for i in range(20))
    data = ("Publication Number,Title,Abstract\n" + ascii_rows + zh_rows).encode("gb18030")
    path = _write(tmp_path / "late.csv", data)
    _fresh(monkeypatch, 4096)  # the Chinese rows start some 40 blocks in
    assert textstream.scan_file(path).encoding == "gb18030"
    pipeline.ingest([path], tmp_path / "ws", show_progress=False)
    with Store.open(tmp_path / "ws", read_only=True) as store:
        titles = dict(store.con.execute("SELECT id, title FROM patents WHERE id LIKE 'CN%'").fetchall())
    assert len(titles) == 20 and titles["CN118000007A"] == "一种玩具7"


def test_reading_lines_holds_one_block_not_the_file(tmp_path):
    line = json.dumps(_record(1, abstract="a toy block " * 80)) + "\n"
    path = _write(tmp_path / "big.jsonl", line.encode() * 25_000)  # ~25 MB
    textstream._SCANS.clear()
    tracemalloc.start()
    try:
        n = sum(1 for _ in textstream.text_lines(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 25_000
    size = path.stat().st_size
    assert peak < size / 4, f"peak {peak / 1e6:.1f} MB reading a {size / 1e6:.1f} MB file"


def test_the_import_scans_and_hashes_a_file_once(tmp_path, monkeypatch):
    path = _write(tmp_path / "x.jsonl", "\n".join(json.dumps(_record(i)) for i in range(50)).encode())
    _fresh(monkeypatch, 1 << 20)
    scans = []
    real = textstream.scan_file
    monkeypatch.setattr(textstream, "scan_file", lambda p: scans.append(p) or real(p))
    report = pipeline.ingest([path], tmp_path / "ws", show_progress=False)
    assert report.files[0].imported == 50
    assert len(scans) == 1  # detection, layout, rows and the content hash share one scan
    assert files.known_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def _stored(ws):
    with Store.open(ws, read_only=True) as store:
        return (store.con.execute("SELECT * FROM patents ORDER BY id").fetchall(),
                store.con.execute("SELECT file, row, reason, raw FROM quarantine ORDER BY row").fetchall(),
                store.con.execute("SELECT path, format, status, rows_done, read, imported, merged, quarantined "
                                  "FROM imports").fetchall())


def test_parsing_on_two_processes_stores_what_one_process_stores(tmp_path, monkeypatch):
    from landscape.ingest import parallel

    lines = [json.dumps(_record(i % 2300, applicants=[f"Firm {i % 17}"]), ensure_ascii=False) for i in range(2600)]
    lines[1234] = "{broken"
    lines[2001] = json.dumps({"title": "no number"})
    lines[77] = json.dumps(_record(77, title="一种积木玩具", abstract="本发明公开了一种积木玩具。"), ensure_ascii=False)
    path = _write(tmp_path / "x.jsonl", ("\n".join(lines) + "\n").encode())
    monkeypatch.setattr(parallel, "BATCH_LINES", 100)  # many batches, and more in flight than workers
    results = {}
    for workers in ("1", "2"):
        monkeypatch.setenv(parallel.WORKERS_ENV, workers)
        assert parallel.workers_for(path) == int(workers)
        textstream._SCANS.clear()
        report = pipeline.ingest([path], tmp_path / f"ws{workers}", show_progress=False, batch_size=250)
        results[workers] = (_stored(tmp_path / f"ws{workers}"), report.as_json()["files"][0]["merged"])
    assert results["2"] == results["1"]
    (patents, quarantine, _imports), merged = results["2"]
    # ids 0..2299 but the two bad lines' (1234, 2001); ids 0..299 come twice and are merged
    assert len(patents) == 2298 and merged == 300 and [q[1] for q in quarantine] == [1235, 2002]
