"""Do two versions of the importer store the same rows? (issue 17: streaming ingest must not change them)

    PYTHONPATH=. .venv/bin/python bench/ingest_parity.py --before /tmp/base --after . FILE_OR_FOLDER...
    PYTHONPATH=. .venv/bin/python bench/ingest_parity.py --hostile DIR     # write the awkward files below

``--hostile DIR`` writes exports that test what a streaming reader can get wrong: bad JSON lines
among good ones (invalid JSON, no number, a lone surrogate, a 5,000-digit int, deep nesting, a
line that is not an object, CRLF endings, U+2028 inside text, a NUL), a GB18030 CSV whose Chinese
text starts after 2 MB of ASCII rows, a CSV with flipped bytes, UTF-16 with and without a BOM, a
UTF-8 BOM file, old-Mac CR line ends with a quoted field spanning lines, and a workbook.

Imports the given exports, each file into its own fresh workspace, once with the ``landscape``
package of ``--before`` and once with that of ``--after`` (each in its own process, so the two
never share a module), then compares per file: the ``patents`` table (every column, every row),
``quarantine`` (all but the time of quarantine), ``imports`` (all but start and finish times),
the import report (``--json`` of ``landscape ingest``, minus timings), and re-importing (must
say "already imported"). Prints one line per file and the time each version took; exits 1 on
any difference.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = r"""
import json, sys
from pathlib import Path
from landscape.pipeline import ingest
srcs, ws = [Path(p) for p in sys.argv[2:]], Path(sys.argv[1])
first = ingest(srcs, ws, show_progress=False).as_json()
again = ingest(srcs, ws, show_progress=False).as_json()
print(json.dumps({"first": first, "again": [f["status"] for f in again["files"]]}))
"""


def write_hostile(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    good = [{"publication_number": f"CN1170{i:05d}A", "title": f"toy building block {i}",
             "abstract": f"A toy block with a magnet {i}.", "applicants": ["Acme Toys"],
             "ipc": ["A63H33/04"], "filing_date": "2021-03-04"} for i in range(3000)]
    lines = [json.dumps(r) for r in good]
    lines[5] = "{not json"
    lines[2100] = json.dumps({"title": "no number here"})
    lines[2101] = '{"publication_number": "CN117099999A", "title": "lone \\ud800 surrogate"}'
    lines[2102] = '{"publication_number": ' + "9" * 5000 + ', "title": "x"}'
    lines[2103] = "[" * 5000
    lines[2104] = '"just a string"'
    lines[2105] = json.dumps({"publication_number": "CN117000001A", "title": "積み木 玩具", "applicants": ["株式会社"]})
    lines[2106] = json.dumps({"publication_number": "DE102021000001A1", "title": "Spielzeug\u2028Baustein"},
                             ensure_ascii=False)
    lines[2107] = '{"publication_number": "CN117000002A", "title": "积木\x00玩具"}'
    lines[2110] = '{"publication_number": "CN117000004A", "title": "积木玩具", "note": "\x00"}'.replace("\x00", "\\u0000")
    lines[2108] = json.dumps({"publication_number": "CN117000003A", "title": "一种积木玩具", "abstract": "摘要"},
                             ensure_ascii=False)
    text = "\r\n".join(lines[:1000]) + "\r\n\r\n" + "\n".join(lines[1000:]) + "\n"
    (folder / "bad_lines.jsonl").write_text(text, encoding="utf-8", newline="")
    header = "Publication Number,Title,Abstract,Applicants,IPC,Filing Date\n"
    ascii_rows = "".join(f"US{9000000 + i}B2,widget {i},a plain abstract number {i} about a widget,Acme,A63H33/04,2019-01-02\n"
                         for i in range(25000))
    zh_rows = "".join(f"CN1180{i:05d}A,一种玩具{i},\"一种积木玩具，\n包括底座\",汕头玩具厂,A63H33/04,2022-05-06\n"
                      for i in range(300))
    (folder / "late_gb18030.csv").write_bytes((header + ascii_rows + zh_rows).encode("gb18030"))
    data = bytearray((header + ascii_rows[:200000] + zh_rows).encode("utf-8"))
    for at in (150, 90000, len(data) - 30):
        data[at] = 0xFF
    (folder / "flipped.csv").write_bytes(bytes(data))
    small = header + zh_rows[:4000] + ascii_rows[:3000]
    (folder / "utf16_bom.csv").write_bytes(small.encode("utf-16"))
    (folder / "utf16le_nobom.csv").write_bytes(small.encode("utf-16-le"))
    (folder / "bom_nul.csv").write_bytes(b"\xef\xbb\xbf" + small.encode("utf-8").replace(b"widget 7,", b"wid\x00get 7,"))
    (folder / "mac_cr.csv").write_bytes(small.replace("\n", "\r").encode("utf-8"))
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Publication Number", "Title", "Abstract", "Applicants", "IPC", "Filing Date"])
    for i in range(2000):
        ws.append([f"CN1190{i:05d}A", f"一种玩具 {i}", "摘要", "汕头玩具厂", "A63H33/04", "2022-05-06"])
    ws.append(["", "missing number", "", "", "", ""])
    wb.save(folder / "workbook.xlsx")


def run(checkout: Path, src, ws: Path) -> tuple[dict, float]:
    env = dict(os.environ, PYTHONPATH=str(checkout.resolve()))
    t = time.perf_counter()
    srcs = [str(p) for p in (src if isinstance(src, list) else [src])]
    out = subprocess.run([sys.executable, "-c", _CHILD, str(ws), *srcs], env=env, capture_output=True,
                         text=True, check=False)
    took = time.perf_counter() - t
    if out.returncode:
        raise SystemExit(f"{checkout} failed on {src}:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1]), took


def differences(a: Path, b: Path) -> list[str]:
    import duckdb

    con = duckdb.connect()
    con.execute(f"ATTACH '{a / 'landscape.duckdb'}' AS a (READ_ONLY)")
    con.execute(f"ATTACH '{b / 'landscape.duckdb'}' AS b (READ_ONLY)")
    tables = {"patents": "*", "quarantine": "* EXCLUDE (quarantined_at)",
              "imports": "* EXCLUDE (started_at, finished_at)"}
    found = []
    for table, cols in tables.items():
        n_a = con.execute(f"SELECT count(*) FROM a.{table}").fetchall()[0][0]
        n_b = con.execute(f"SELECT count(*) FROM b.{table}").fetchall()[0][0]
        only_a = con.execute(f"SELECT count(*) FROM (SELECT {cols} FROM a.{table} EXCEPT ALL "
                             f"SELECT {cols} FROM b.{table})").fetchall()[0][0]
        only_b = con.execute(f"SELECT count(*) FROM (SELECT {cols} FROM b.{table} EXCEPT ALL "
                             f"SELECT {cols} FROM a.{table})").fetchall()[0][0]
        if n_a != n_b or only_a or only_b:
            found.append(f"{table}: {n_a} vs {n_b} rows, {only_a} only before, {only_b} only after")
    con.close()
    return found


def _counted(statuses: list[str]) -> str:
    return ", ".join(f"{statuses.count(s)} {s}" for s in dict.fromkeys(statuses))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", type=Path, help="checkout whose landscape/ is the reference")
    ap.add_argument("--after", type=Path, default=Path("."))
    ap.add_argument("--hostile", type=Path, help="write the awkward exports into this folder and stop")
    ap.add_argument("--together", action="store_true",
                    help="import all inputs into one workspace per version (one process each: faster)")
    ap.add_argument("inputs", nargs="*", type=Path)
    args = ap.parse_args(argv)
    if args.hostile:
        write_hostile(args.hostile)
        return 0
    if not args.before or not args.inputs:
        ap.error("--before and at least one input are needed")
    sys.path.insert(0, str(args.after.resolve()))
    from landscape.ingest.detect import expand

    sources, _ = expand(args.inputs)
    if args.together:
        sources = [sources]
    bad = 0
    totals = {"before": 0.0, "after": 0.0}
    rows = 0
    with tempfile.TemporaryDirectory(prefix="ingest-parity-") as tmp:
        for i, src in enumerate(sources):
            ws_a, ws_b = Path(tmp) / f"a{i}", Path(tmp) / f"b{i}"
            rep_a, t_a = run(args.before, src, ws_a)
            rep_b, t_b = run(args.after, src, ws_b)
            totals["before"] += t_a
            totals["after"] += t_b
            found = differences(ws_a, ws_b)
            if rep_a != rep_b:
                found.append(f"import reports differ:\n  before {json.dumps(rep_a)[:1500]}\n  after  {json.dumps(rep_b)[:1500]}")
            files = rep_b["first"]["files"]
            stored = rep_b["first"]["total_records"]
            rows += stored
            status = ", ".join(f"{f['status']} read {f['read']} quarantined {f['quarantined']}" for f in files[:3])
            status += f" and {len(files) - 3} more files" if len(files) > 3 else ""
            name = src if not isinstance(src, list) else f"{len(src)} sources together"
            print(f"{'SAME' if not found else 'DIFFERENT'}  {name}  ({status}; {stored} patents; "
                  f"again: {_counted(rep_b['again'])}; {t_a:.1f} s before, {t_b:.1f} s after)")
            for line in found:
                print("    " + line)
            bad += bool(found)
    print(f"{len(sources) - bad} of {len(sources)} sources the same; {rows} patents stored per version; "
          f"{totals['before']:.1f} s before, {totals['after']:.1f} s after (process start included)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
