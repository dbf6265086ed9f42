"""The workspace store: merging, idempotent re-import, quarantine, crash safety."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landscape.ingest.base import RowError
from landscape.schema import PatentRecord
from landscape.store import Store, merge_records, record_row


def rec(pid, **kw):
    return PatentRecord(id=pid, **kw)


def rows_of(*items):
    return list(enumerate(items, start=2))


def test_import_then_reimport_changes_nothing(tmp_path):
    src = tmp_path / "a.csv"
    src.write_text("x")
    rows = rows_of(rec("CN1000001A", title="一种积木"), rec("CN1000002U", title="一种玩具车"))
    with Store.open(tmp_path / "ws") as store:
        first = store.import_source(src, "test", rows)
        again = store.import_source(src, "test", rows)
        assert (first.read, first.imported, first.merged) == (2, 2, 0)
        assert again.status == "already imported" and again.imported == 0
        assert store.count() == 2


def test_same_publication_from_two_sources_is_merged(tmp_path):
    a, b = tmp_path / "lens.csv", tmp_path / "cnki.csv"
    a.write_text("a")
    b.write_text("b")
    with Store.open(tmp_path / "ws") as store:
        store.import_source(a, "lens", rows_of(rec("CN1000001A", title="Block toy", ipc=["A63H33/04"],
                                                   source="lens.csv#2")))
        res = store.import_source(b, "cnki", rows_of(rec(
            "CN1000001A", title="一种积木", abstract="一种拼插积木。", ipc=["A63H33/08", "A63H33/04"],
            publication_date=dt.date(2024, 5, 1), source="cnki.csv#2")))
        assert (res.imported, res.merged) == (0, 1)
        row = store.records().iloc[0]
    assert row["title"] == "Block toy"  # the first value wins
    assert row["abstract"] == "一种拼插积木。"  # the gap is filled
    assert list(row["ipc"]) == ["A63H33/04", "A63H33/08"]
    assert list(row["sources"]) == ["lens.csv#2", "cnki.csv#2"]
    assert list(row["formats"]) == ["lens", "cnki"]
    assert row["year"] == 2024


def test_bad_rows_go_to_quarantine_and_good_rows_stay(tmp_path):
    src = tmp_path / "mixed.csv"
    src.write_text("m")
    rows = rows_of(rec("US1234567B2", title="Robot gripper"), RowError("no publication number", "title=orphan"),
                   rec("US1234568B2", title="Robot arm"))
    with Store.open(tmp_path / "ws") as store:
        res = store.import_source(src, "test", rows)
        q = store.quarantine()
        assert (res.read, res.imported, res.quarantined) == (3, 2, 1)
        assert store.count() == 2
    assert q.iloc[0]["row"] == 3 and q.iloc[0]["reason"] == "no publication number"
    assert q.iloc[0]["file"] == str(src) and "orphan" in q.iloc[0]["raw"]


def test_store_survives_reopen_and_read_only(tmp_path):
    src = tmp_path / "a.csv"
    src.write_text("x")
    with Store.open(tmp_path / "ws") as store:
        store.import_source(src, "test", rows_of(rec("JP2020123456A", title="ロボット")))
    with Store.open(tmp_path / "ws", read_only=True) as store:
        assert store.count() == 1


_SAMPLE_RECORD = st.builds(
    lambda pid, title, ipc, apps: record_row(
        rec(pid, title=title, ipc=ipc, applicants=apps, applicants_norm=[a.upper() for a in apps]), "t"),
    st.sampled_from(["CN1000001A", "US7654321B2"]),
    st.one_of(st.none(), st.text(max_size=10)),
    st.lists(st.sampled_from(["A63H33/04", "B25J9/16", "C08L23/06"]), max_size=3, unique=True),
    st.lists(st.sampled_from(["ACME", "汕头玩具"]), max_size=2, unique=True),
)


@settings(max_examples=60, deadline=None)
@given(_SAMPLE_RECORD, _SAMPLE_RECORD)
def test_merge_is_idempotent_and_keeps_everything(a, b):
    once = merge_records(a, b)
    assert merge_records(once, b) == once  # merging the same reading twice changes nothing
    assert merge_records(a, a) == a
    for key in ("ipc", "applicants"):
        assert set(once[key]) == set(a[key]) | set(b[key])
        assert once[key][: len(a[key])] == a[key]  # the old order is kept
    if a["title"] not in (None, ""):
        assert once["title"] == a["title"]


# A writer process that imports 40 batches, printing after each commit, so the test can
# kill it with SIGKILL in the middle and then check what survived.
_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from landscape.schema import PatentRecord
    from landscape.store import Store

    ws, src = Path(sys.argv[1]), Path(sys.argv[2])
    def rows():
        for n in range(2, 2 + 4000):
            yield n, PatentRecord(id=f"CN{1000000 + n}A", title=f"toy {n}", source=f"big.csv#{n}")
    with Store.open(ws) as store:
        def progress(k):
            print("committed", flush=True)
            time.sleep(0.05)
        res = store.import_source(src, "test", rows(), batch_size=100, progress=progress)
        print("finished", res.status, res.imported, flush=True)
""")


def test_kill_during_import_keeps_committed_rows_and_resumes(tmp_path):
    ws, src = tmp_path / "ws", tmp_path / "big.csv"
    src.write_text("pretend export")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(ws), str(src)], stdout=subprocess.PIPE,
                            text=True, env=env)
    seen = 0
    deadline = time.time() + 60
    while seen < 5 and time.time() < deadline:
        if proc.stdout.readline().startswith("committed"):
            seen += 1
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert seen == 5

    con = duckdb.connect(str(ws / "landscape.duckdb"))
    kept = con.execute("SELECT count(*) FROM patents").fetchall()[0][0]
    status, rows_done = con.execute("SELECT status, rows_done FROM imports").fetchall()[0]
    con.close()
    assert kept >= 500 and kept % 100 == 0  # whole batches only
    assert status == "running" and rows_done == kept + 1  # rows 2..kept+1 committed

    out = subprocess.run([sys.executable, "-c", _WRITER, str(ws), str(src)], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert out.strip().splitlines()[-1] == f"finished resumed {4000}"
    with Store.open(ws, read_only=True) as store:
        assert store.count() == 4000
        ids = store.records()["id"]
        assert ids.is_unique
        log = store.imports().iloc[0]
    assert log["status"] == "done" and log["read"] == 4000 and log["merged"] == 0


def test_extra_round_trips_as_json(tmp_path):
    src = tmp_path / "a.csv"
    src.write_text("x")
    with Store.open(tmp_path / "ws") as store:
        store.import_source(src, "test", rows_of(rec("CN1000001A", title="t", extra={"province": "广东省"})))
        extra = json.loads(store.records().iloc[0]["extra"])
    assert extra == {"province": "广东省"}


# --------------------------------------------------------------------------- counting units in stats

def test_stats_count_publications_applications_and_families(tmp_path):
    from landscape.stats import workspace_stats

    src = tmp_path / "a.csv"
    src.write_text("x")
    rows = rows_of(rec("CN116510786A", application_number="CN202310123456", family_id="7"),
                   rec("CN116510786B"),  # the same application by number
                   rec("US20240123456A1", application_number="US18123456", family_id="7"),
                   rec("US11999999B2", application_number="US18123456"),  # by application number only
                   rec("JP2024123456A"), rec("JP7123456B2"))  # nothing links them
    with Store.open(tmp_path / "ws") as store:
        store.import_source(src, "test", rows)
        figures = workspace_stats(store)
    assert figures["by_unit"] == {"publication": 6, "application": 4, "family": 3}


def test_stats_json_by_unit_of_a_chinese_export(tmp_path):
    """申请号 fills application_number, so a US A1 and B2 of one application count once."""
    from click.testing import CliRunner

    from landscape.cli import main

    export = tmp_path / "export.csv"
    export.write_text("公开(公告)号,申请号,标题,申请日,申请人\n"
                      "CN116510786A,CN202310123456.7,一种积木,2023-02-01,甲公司\n"
                      "CN116510786B,CN202310123456.7,一种积木,2023-02-01,\n"
                      "US20200123456A1,US16/123456,Toy block,2018-10-01,ACME\n"
                      "US10123456B2,US16/123456,Toy block,2018-10-01,ACME\n"
                      "JP2020123456A,JP2019-100001,玩具,2019-05-01,株式会社A\n"
                      "JP6789012B2,JP2019-100001,玩具,2019-05-01,株式会社A\n"
                      "CN117000001A,CN202310999999.1,一种玩具车,2023-05-01,乙公司\n", encoding="utf-8")
    ws = tmp_path / "ws"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(export), "--workspace", str(ws)]).exit_code == 0
    result = runner.invoke(main, ["stats", "--workspace", str(ws), "--json"])
    assert json.loads(result.output)["by_unit"] == {"publication": 7, "application": 4, "family": 4}
