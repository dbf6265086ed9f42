"""How long `build --input` spends getting the ids of its exports: taken from the import (now)
against reading the files again (before), on the synthetic export of bench/ingest_speed.py.

    .venv/bin/python bench/build_input_ids.py 50000
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ingest_speed import write_export  # noqa: E402
from landscape import pipeline  # noqa: E402


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export.jsonl"
        write_export(export, n, 0.05, 42)
        t = time.perf_counter()
        report = pipeline.ingest([export], Path(tmp) / "ws", show_progress=False)
        t_ingest = time.perf_counter() - t
        t = time.perf_counter()
        now = pipeline.ids_read(report, [export])
        t_now = time.perf_counter() - t
        t = time.perf_counter()
        before = pipeline.ids_in([export])
        t_before = time.perf_counter() - t
        assert now == before, "the ids from the import differ from reading the file"
        print(f"n={n}: ingest {t_ingest:.1f} s; ids for build --input: from the import {t_now:.2f} s, "
              f"reading the file again (before) {t_before:.1f} s; same {len(now):,} ids")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50000)
