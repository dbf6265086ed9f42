"""What checking a map on load costs: reading a bundle with every file's SHA-256 checked
against its manifest, against reading it without the check, on a real-size map.

    .venv/bin/python bench/publish.py [--corpus raw/lens-physical-ai-robotics] [--workspace DIR] [--repeat 9]

The corpus is imported into a workspace (a temporary one unless ``--workspace`` is given; a
map already built there is reused) and built and analysed with the TF-IDF embedder into one
version. Then, each in a fresh process (imports excluded from the times): ``read_bundle``
(checks every file, then reads points/clusters/topics), the same read without the check,
the check alone, and ``read_bundle`` a second time in one process (files hashed once per
process). Also the cost of publishing itself: the version's seal (hash + fsync of every file)
and a republish with nothing changed (check the current version, link, seal, swap). Files are in the
OS page cache (read just before); a cold disk adds its read time to both ways of reading.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("NUMBA_CACHE_DIR", "/tmp/numba-bench")

ROOT = Path(__file__).resolve().parents[1]
CORPORA = Path(os.environ.get("LANDSCAPE_CORPORA") or ROOT.parent / "shared" / "corpora")
NAME = "bench-publish"

# Run in a fresh process: prints the seconds of one way of reading the map.
PROBE = """
import sys, time
from pathlib import Path
from landscape.maps import read_bundle, read_folder, maps_dir
from landscape.publish import file_problem
ws, name, how = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
path = maps_dir(ws) / name
t = time.perf_counter()
if how == "checked":
    read_bundle(ws, name)
elif how == "unchecked":
    read_folder(path, name, verify=False)
elif how == "check-only":
    files = read_folder(path, name, verify=False).manifest["files"]
    t = time.perf_counter()
    assert not [f for f in files if file_problem(path, f, files[f])]
elif how == "checked-twice":
    read_bundle(ws, name)
    t = time.perf_counter()
    read_bundle(ws, name)
print(time.perf_counter() - t)
"""


def probe(ws: Path, how: str) -> float:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", PROBE, str(ws), NAME, how], env=env, capture_output=True,
                         text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def build(ws: Path, corpus: Path) -> float:
    from landscape import pipeline
    from landscape.maps import list_bundles

    if NAME in list_bundles(ws):
        return float("nan")
    pipeline.ingest([corpus], ws, show_progress=False)
    t = time.perf_counter()
    pipeline.build(ws, name=NAME, ids=pipeline.ids_in([corpus]),
                   options=pipeline.BuildOptions(model="tfidf", show_progress=False),
                   analysis=pipeline.AnalyseOptions())
    return time.perf_counter() - t


def seal_seconds(ws: Path) -> float:
    """Hash + fsync of every file of the map, as a publish does (a fresh process: no cache)."""
    code = ("import sys,time; from pathlib import Path; from landscape.publish import files_of;"
            "t=time.perf_counter(); files_of(Path(sys.argv[1]), skip='manifest.json', sync=True);"
            "print(time.perf_counter()-t)")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", code, str(ws / "maps" / NAME)], env=env, capture_output=True,
                         text=True, check=True)
    return float(out.stdout.strip())


def republish_seconds(ws: Path, repeat: int = 5) -> float:
    """A new version with nothing changed (``update_bundle``): the whole cost of publishing one
    (check the current version, link its files, seal, swap, delete the old one)."""
    from landscape.maps import update_bundle

    times = []
    for i in range(repeat):
        t = time.perf_counter()
        update_bundle(ws, NAME, manifest={"bench_republished": i})
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="raw/lens-physical-ai-robotics")
    ap.add_argument("--workspace", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = args.workspace or Path(tmp)
        built = build(ws, CORPORA / args.corpus)
        from landscape.maps import read_bundle

        b = read_bundle(ws, NAME)
        files = b.manifest["files"]
        total = sum(f["bytes"] for f in files.values())
        largest = ", ".join(f"{k} {v['bytes'] / 1e6:.1f} MB"
                            for k, v in sorted(files.items(), key=lambda kv: -kv[1]["bytes"])[:3])
        print(f"map: {len(b.points):,} patents from {args.corpus}, {len(files)} files, {total / 1e6:.1f} MB "
              f"(largest: {largest})")
        if built == built:
            print(f"build + analyse (tfidf, one version): {built:.1f} s")
        ways = ("checked", "unchecked", "check-only", "checked-twice")
        runs = {how: [] for how in ways}
        for _ in range(args.repeat):  # interleaved, so the machine's other load falls on each way alike
            for how in ways:
                runs[how].append(probe(ws, how))
        rows = {}
        for how, times in runs.items():
            rows[how] = statistics.median(times)
            print(f"{how:<14} median {rows[how] * 1000:8.1f} ms  (of {args.repeat}: "
                  f"{', '.join(f'{x * 1000:.0f}' for x in times)})")
        print(f"checking adds {(rows['checked'] - rows['unchecked']) * 1000:.0f} ms to a load "
              f"({rows['checked'] / rows['unchecked']:.1f}x); hashing runs at "
              f"{total / rows['check-only'] / 1e6:.0f} MB/s")
        seal = statistics.median(seal_seconds(ws) for _ in range(3))
        republish = republish_seconds(ws)
        print(f"seal (hash + fsync every file, fresh process): {seal * 1000:.0f} ms; a whole republish "
              f"(check, link, seal, swap): {republish * 1000:.0f} ms")
        if args.json:
            args.json.write_text(json.dumps({"records": len(b.points), "files": len(files), "bytes": total,
                                             "seconds": rows, "seal": seal,
                                             "republish": republish}, indent=2))


if __name__ == "__main__":
    main()
