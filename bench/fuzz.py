"""A seeded fuzzer for import: real export rows, damaged, through ``pipeline.ingest``.

    .venv/bin/python bench/fuzz.py [--cases 5000] [--seed 1] [--workers 2] [--limit 5]
    .venv/bin/python bench/fuzz.py --seed 1 --case 123 --keep /tmp/case123   # one case, traceback shown

Each case (bench/fuzz_cases.py) takes a few to a few hundred rows of one real export (Lens
CSV, CNKI CSV with BOM, Google BigQuery CSV with Python-literal lists, USPTO JSON Lines,
PatentsView tables, line files; read at run time from ``$LANDSCAPE_CORPORA`` or
``../shared/corpora``) or of a hand-written fixture in ``tests/fixtures``, writes them as a
small file (also as Parquet or Excel), damages it (row-level: odd ids, huge cells, deep
nesting, 20,000-digit numbers, repeated tokens, lone surrogates, broken headers; byte-level:
flips, truncation, NULs, re-encoding, delimiter swaps, quote damage), and imports it together
with a small good Lens CSV into a fresh workspace.

A **crash** is any exception escaping ``pipeline.ingest``; an **internal error** is one that
``pipeline.ingest`` caught and reported as a failed file (the file's rows are lost all the
same); a **loss** is a run where the good file's rows are not all in the store afterwards; a
**hang** is a case over ``--limit`` seconds (cases still running after ``--kill-after``
seconds are killed). Also counted: error messages over 2,000 characters. Cases run in worker
processes, so a hang or a memory blow-up costs one case, not the run.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from multiprocessing.connection import wait
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fuzz_cases import Case, build_case, corpora_dir, load_templates  # noqa: E402 - after the path

MESSAGE_LIMIT = 2000


# --------------------------------------------------------------------------- running


def _place(tb) -> str:
    """Where an exception was raised: the innermost frame in landscape/, and the one below it."""
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if f"{os.sep}landscape{os.sep}" in f.filename]
    where = ours[-1] if ours else frames[-1]
    text = f"{Path(where.filename).relative_to(ROOT) if ROOT in Path(where.filename).parents else where.filename}" \
           f":{where.name}"
    if frames and frames[-1] is not where:
        text += f" (in {Path(frames[-1].filename).name}:{frames[-1].name})"
    return text


_caught: list = []  # internal errors seen inside pipeline.ingest, whether or not it caught them


def _spy(fn):
    """``fn``, noting every exception other than IngestError that passes through it."""
    from landscape.ingest.base import IngestError

    def wrapped(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except IngestError:
            raise
        except Exception as err:
            _caught.append(err)
            raise
    return wrapped


def install_spies():
    """Record the errors that ``pipeline.ingest`` reports as a failed file (a catch-all there
    turns a crash into a lost file, which is still a bug here): detection's, and the import's,
    which reads the reader's rows and writes the store."""
    from landscape import importing
    from landscape.store import Store

    if getattr(importing.detect, "__wrapped_by_fuzz__", False):
        return
    importing.detect = _spy(importing.detect)  # where pipeline.ingest's import calls it
    importing.detect.__wrapped_by_fuzz__ = True
    Store.import_source = _spy(Store.import_source)


def run_case(case: Case, workspace: Path, *, verbose: bool = False) -> dict:
    from landscape import pipeline
    from landscape.store import Store

    install_spies()
    _caught.clear()
    out = {"index": case.index, "template": case.template, "steps": case.steps}
    t0 = time.perf_counter()
    try:
        report = pipeline.ingest(case.files, workspace, show_progress=False)
    except BaseException as err:  # noqa: BLE001 - the fuzzer counts whatever escapes
        if isinstance(err, KeyboardInterrupt) and not isinstance(err, _Timeout):
            raise
        out["seconds"] = time.perf_counter() - t0
        out["status"] = "hang" if isinstance(err, _Timeout) else "crash"
        out["error"] = type(err).__name__ if not isinstance(err, _Timeout) else "timeout"
        out["place"] = _place(err.__traceback__)
        out["message"] = str(err)[:300]
        if verbose:
            traceback.print_exc()
        return out
    out["seconds"] = time.perf_counter() - t0
    out["longest_message"] = max((len(f.message or "") for f in report.files), default=0)
    if _caught:  # the pipeline caught it and reported the file as failed
        err = _caught[0]
        out.update(status="caught", error=type(err).__name__, place=_place(err.__traceback__),
                   message=str(err)[:300])
        if verbose:
            traceback.print_exception(err)
    with Store.open(workspace, read_only=True) as store:
        have = {r[0] for r in store.con.execute(
            "SELECT id FROM patents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [case.control_ids]).fetchall()}
    if have != set(case.control_ids):
        out["status"] = "lost"
    elif "status" not in out:
        out["status"] = "ok"
    if verbose:
        for f in report.files:
            print(f"  {f.status:>16} {f.format:>14} read {f.read} imported {f.imported} "
                  f"quarantined {f.quarantined}  {Path(f.path).name}  {(f.message or '')[:200]}")
    return out


class _Timeout(KeyboardInterrupt):
    """Raised by the alarm in a worker: a KeyboardInterrupt so ordinary handlers let it through."""


def _alarm(signum, frame):
    raise _Timeout()


def _worker(conn, templates, seed, soft_limit, memory_gb):
    resource.setrlimit(resource.RLIMIT_AS, (memory_gb << 30, memory_gb << 30))
    signal.signal(signal.SIGALRM, _alarm)
    while True:
        index = conn.recv()
        if index is None:
            return
        with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
            try:
                case = build_case(templates, seed, index, Path(tmp) / "in")
            except Exception as err:  # noqa: BLE001 - a fuzzer bug: say so, do not count it
                conn.send({"index": index, "status": "skipped", "seconds": 0.0, "error": repr(err)[:200]})
                continue
            signal.alarm(soft_limit)
            try:
                result = run_case(case, Path(tmp) / "ws")
            except _Timeout:
                result = {"index": index, "status": "hang", "seconds": float(soft_limit),
                          "template": case.template, "steps": case.steps, "error": "timeout", "place": "?"}
            finally:
                signal.alarm(0)
        conn.send(result)


def run_pool(templates, seed: int, cases: int, workers: int, kill_after: float, memory_gb: int,
             first: int = 0) -> list[dict]:
    ctx = mp.get_context("fork")
    todo = list(range(first, first + cases))[::-1]
    results: list[dict] = []
    slots = {}  # connection -> [process, index, started]

    def spawn():
        parent, child = ctx.Pipe()
        p = ctx.Process(target=_worker, args=(child, templates, seed, int(kill_after), memory_gb), daemon=True)
        p.start()
        slots[parent] = [p, None, 0.0]
        return parent

    def feed(conn):
        if todo:
            slots[conn][1:] = [todo.pop(), time.monotonic()]
            conn.send(slots[conn][1])
        else:
            slots[conn][1] = None
            conn.send(None)

    for _ in range(workers):
        feed(spawn())
    t0 = time.monotonic()
    while any(s[1] is not None for s in slots.values()):
        ready = wait([c for c, s in slots.items() if s[1] is not None], timeout=1.0)
        for conn in ready:
            proc, index, started = slots[conn]
            try:
                result = conn.recv()
            except (EOFError, OSError):  # the worker died (memory limit, segfault)
                proc.join(1)
                result = {"index": index, "status": "crash", "seconds": time.monotonic() - started,
                          "error": f"worker died (exit {proc.exitcode})", "place": "?"}
                del slots[conn]
                conn = spawn()
            results.append(result)
            feed(conn)
        now = time.monotonic()
        for conn, (proc, index, started) in list(slots.items()):
            if index is not None and now - started > kill_after + 10:
                proc.kill()
                proc.join(1)
                del slots[conn]
                results.append({"index": index, "status": "hang", "seconds": now - started,
                                "error": "killed", "place": "?"})
                feed(spawn())
        if len(results) % 250 == 0 and results and ready:
            print(f"  {len(results)} cases, {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)
    for conn, (proc, *_rest) in slots.items():
        proc.join(2)
    return sorted(results, key=lambda r: r["index"])


def summarise(results: list[dict], args, seconds: float) -> str:
    n = len(results)
    crashes = [r for r in results if r["status"] == "crash"]
    caught = [r for r in results if r["status"] == "caught"]
    skipped = [r for r in results if r["status"] == "skipped"]
    lost = [r for r in results if r["status"] == "lost"]
    limit = args.limit
    hangs = [r for r in results if r["status"] == "hang" or r.get("seconds", 0) > limit]
    long_msgs = [r for r in results if r.get("longest_message", 0) > MESSAGE_LIMIT]
    slowest = max(results, key=lambda r: r.get("seconds", 0))
    lines = [f"fuzz: {n} cases, seed {args.seed}, {args.workers} workers, hang limit {limit:g} s, "
             f"{seconds:.0f} s wall, {dt.date.today().isoformat()}",
             f"crashes (an exception escaped pipeline.ingest): {len(crashes)} ({100 * len(crashes) / max(n, 1):.2f} %)",
             f"internal errors caught by pipeline.ingest (the file was reported failed): {len(caught)} "
             f"({100 * len(caught) / max(n, 1):.2f} %)",
             f"hangs (> {limit:g} s): {len(hangs)}",
             f"good rows of the other file lost without an exception: {len(lost)}",
             f"error messages over {MESSAGE_LIMIT:,} characters: {len(long_msgs)}",
             f"slowest case: {slowest.get('seconds', 0):.2f} s (case {slowest['index']}: "
             f"{slowest.get('template')} {'+'.join(slowest.get('steps', []))})"]
    groups: dict[tuple, list] = defaultdict(list)
    if skipped:
        lines.append(f"cases the fuzzer could not build (not counted): {len(skipped)}, first: "
                     f"case {skipped[0]['index']} {skipped[0].get('error')}")
    for r in crashes + caught + hangs + lost:
        groups[(r["status"] if r["status"] != "ok" else "hang", r.get("error", ""), r.get("place", ""))].append(r)
    for (status, error, place), rs in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        first = rs[0]
        lines.append(f"  {status} ×{len(rs)}: {error or 'slow'} at {place or '-'}")
        lines.append(f"      first: case {first['index']}, {first.get('seconds', 0):.1f} s ({first.get('template')}: "
                     f"{'+'.join(first.get('steps', []))}) {first.get('message', '')[:160]!r}")
        lines.append(f"      repro: .venv/bin/python bench/fuzz.py --seed {args.seed} --case {first['index']} "
                     "--keep /tmp/fuzzcase")
    by_step = Counter(s.split(":")[-1] for r in crashes + caught + hangs for s in r.get("steps", []))
    if by_step:
        lines.append("mutations in failing cases: " + ", ".join(f"{k} {v}" for k, v in by_step.most_common(12)))
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--limit", type=float, default=5.0, help="a case slower than this is a hang (s)")
    ap.add_argument("--kill-after", type=float, default=60.0, help="stop a case after this long (s)")
    ap.add_argument("--memory-gb", type=int, default=6, help="address-space limit per worker")
    ap.add_argument("--first", type=int, default=0, help="index of the first case")
    ap.add_argument("--case", type=int, help="run only this case, in this process, with its traceback")
    ap.add_argument("--keep", type=Path, help="with --case: write the case's files here")
    ap.add_argument("--json", type=Path, help="write every case's result here")
    args = ap.parse_args(argv)

    from landscape import pipeline  # noqa: F401 - imported once here, before the workers fork

    corpora = corpora_dir()
    templates = load_templates(corpora)
    print(f"{len(templates)} templates ({corpora}{'' if corpora.exists() else ': missing, fixtures only'})",
          file=sys.stderr)
    if args.case is not None:
        where = args.keep or Path(tempfile.mkdtemp(prefix="fuzzcase-"))
        if where.exists():
            shutil.rmtree(where)
        case = build_case(templates, args.seed, args.case, where / "in")
        print(f"case {case.index}: {case.template}: {'+'.join(case.steps)}; files: "
              + ", ".join(str(p) for p in case.files))
        result = run_case(case, where / "ws", verbose=True)
        print(json.dumps({k: v for k, v in result.items() if k != "steps"}, default=str))
        return 0 if result["status"] == "ok" else 1
    t0 = time.monotonic()
    results = run_pool(templates, args.seed, args.cases, args.workers, args.kill_after, args.memory_gb,
                       args.first)
    print(summarise(results, args, time.monotonic() - t0))
    if args.json:
        args.json.write_text(json.dumps(results, default=str, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
