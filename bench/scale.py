"""The whole command at 10k to 1M records: time and peak memory per stage, and how they grow.

    PYTHONPATH=. .venv/bin/python bench/scale.py [--sizes 10000,100000,300000,1000000]
        [--bertopic-up-to 100000] [--keep DIR] [--json OUT.json] [--data DIR]

For each size: JSON Lines exports resampled from the real corpora (bench/scale_data.py says
how: real titles, abstracts, codes, dates and applicants, new publication numbers, one
sentence dropped and one borrowed from a record of the same subclass; files of 200k lines),
then the real command in a fresh process,

    landscape build --input FILE... --name scale-N --model tfidf --workspace WS

(ingest -> select -> embed -> UMAP -> HDBSCAN -> labels -> bundle -> analyses). The build
is timed from its progress lines (each stamped as it arrives) and the manifest's timings;
peak RSS is the whole process tree's resident memory, read from /proc every 0.2 s, overall
and per stage. After the largest size the exponent b of time ~ n^b per stage is fitted
between consecutive sizes and over all of them (least squares on logs).

The baseline run in the same process is BERTopic's default fit plus its 2-d projection
(``bench/speed.py``'s code: ``BERTopic(embedding_model=None).fit_transform(docs, embeddings=E)``
and ``UMAP(n_neighbors=10, n_components=2, min_dist=0.0, metric="cosine")``) on the same
TF-IDF vectors the build stored in its bundle, up to ``--bertopic-up-to`` records, each in a
fresh process with its own peak RSS. Real models' throughput is bench/embed_speed.py's.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import NOISE_NOTE, ROOT, code_version  # noqa: E402

# Progress lines the build prints (pipeline.build), in order: the stage each one starts.
MARKS = [("[1/4] embedding", "embed"), ("[2/4] laying out", "reduce"), ("[3/4] finding", "cluster"),
         ("[4/4] labelling", "label+bundle"), ("analysing the map", "analyse"), ("Map '", "publish")]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB (from /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
        todo += children.get(p, [])
    return total / 1024


def run_measured(cmd: list[str], env: dict, log) -> dict:
    """Run ``cmd``; stamp its stderr lines; sample the tree's RSS. Returns stamps and peaks."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    samples: list[tuple[float, float]] = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            samples.append((time.perf_counter() - start, tree_rss_mb(proc.pid)))
            done.wait(0.2)

    stamps, lines = {"start": 0.0}, []
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for raw in proc.stderr:
        text = raw.decode("utf-8", "replace")
        lines.append(text)
        for mark, stage in MARKS:
            if mark in text and stage not in stamps:
                stamps[stage] = time.perf_counter() - start
                log(f"    {stamps[stage]:7.1f} s  {text.strip()[:110]}")
    out = proc.stdout.read().decode("utf-8", "replace")
    rc = proc.wait()
    stamps["end"] = time.perf_counter() - start
    done.set()
    sampler.join()
    order = ["start"] + [s for _, s in MARKS if s in stamps] + ["end"]
    stages, peaks = {}, {}
    for a, b in zip(order, order[1:]):
        name = "ingest+select" if a == "start" else ("exit" if a == "publish" else a)
        stages[name] = stamps[b] - stamps[a]
        inside = [r for t, r in samples if stamps[a] <= t <= stamps[b]]
        peaks[name] = max(inside) if inside else None
    return {"rc": rc, "wall": stamps["end"], "stages": stages, "peak_mb_by_stage": peaks,
            "peak_mb": max((r for _, r in samples), default=None), "stdout": out[-2000:],
            "stderr_tail": "".join(lines[-15:])[-3000:]}


def look(ws: Path, name: str) -> dict:
    """What the map holds: areas, sizes, unassigned share, labels, analyses tables' rows."""
    import pandas as pd

    folder = ws / "maps" / name
    # the newest manifest under the map's folder is the published version's
    manifest_path = next(iter(sorted(folder.rglob("manifest.json"), key=lambda p: p.stat().st_mtime)[-1:]), None)
    if manifest_path is None:
        return {}
    current = manifest_path.parent
    manifest = json.loads(manifest_path.read_text())
    clusters = pd.read_parquet(current / "clusters.parquet")
    tables = {p.stem: len(pd.read_parquet(p, columns=[])) for p in sorted(current.glob("*.parquet"))}
    label_col = "label_en" if "label_en" in clusters.columns else clusters.columns[1]
    return {"manifest": manifest, "areas": int(len(clusters)), "topics": manifest.get("topics"),
            "unassigned_share": manifest.get("unassigned_share"),
            "area_sizes": [int(s) for s in clusters["size"].tolist()] if "size" in clusters else None,
            "labels": [str(v) for v in clusters[label_col].tolist()[:8]], "tables": tables, "folder": str(current)}


def bertopic_baseline(folder: str, n: int, log, limit: int) -> dict:
    """BERTopic default fit + 2-d projection on the bundle's vectors, in a fresh process."""
    script = f"""
import json, resource, time, sys
import numpy as np, pandas as pd
sys.path.insert(0, {str(ROOT / 'bench')!r})
from speed import _bertopic_fit, _bertopic_2d
folder = {folder!r}
E = np.load(folder + '/embeddings.npy').astype(np.float32)
docs = pd.read_parquet(folder + '/documents.parquet', columns=['title', 'abstract'])
texts = (docs['title'].fillna('') + ' ' + docs['abstract'].fillna('')).tolist()[:len(E)]
t = time.perf_counter(); _bertopic_fit(E, texts, False); fit = time.perf_counter() - t
t = time.perf_counter(); _bertopic_2d(E, False); proj = time.perf_counter() - t
print(json.dumps({{"fit": fit, "projection": proj,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    env = dict(os.environ, PYTHONPATH=str(ROOT), NUMBA_CACHE_DIR="/tmp/numba-bench", HF_HUB_OFFLINE="1")
    t = time.perf_counter()
    try:
        res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                             timeout=limit, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"skipped": f"over {limit} s"}
    if res.returncode != 0:
        return {"failed": res.stderr[-800:]}
    out = json.loads(res.stdout.strip().splitlines()[-1])
    out["wall"] = time.perf_counter() - t
    log(f"    BERTopic {n:,}: fit {out['fit']:.1f} s + 2-d {out['projection']:.1f} s, peak {out['peak_mb']:.0f} MB")
    return out


def exponents(results: list[dict], key) -> dict:
    """b in time ~ n^b: between consecutive sizes and a least-squares fit over all of them."""
    pts = [(r["n"], key(r)) for r in results if key(r)]
    pts = [(n, v) for n, v in pts if v and v > 0]
    out = {}
    for (n1, v1), (n2, v2) in zip(pts, pts[1:]):
        out[f"{n1 // 1000}k-{n2 // 1000}k"] = math.log(v2 / v1) / math.log(n2 / n1)
    if len(pts) >= 2:
        x, y = np.log([p[0] for p in pts]), np.log([p[1] for p in pts])
        out["fit"] = float(np.polyfit(x, y, 1)[0])
    return out


def size_label(n: int) -> str:
    return f"{n // 1_000_000}m" if n % 1_000_000 == 0 else f"{n // 1000}k"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="10000,100000,300000,1000000")
    p.add_argument("--bertopic-up-to", type=int, default=100_000)
    p.add_argument("--bertopic-limit", type=int, default=1800, help="seconds before a BERTopic run is given up")
    p.add_argument("--keep", help="keep workspaces here (WS/scale-N); default a temporary folder, deleted")
    p.add_argument("--data", help="folder for the generated exports (default: inside the workspace folder)")
    p.add_argument("--json", help="also write every figure to this JSON file")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--report", nargs="+", help="only print the tables of earlier --json files, merged")
    args = p.parse_args(argv)
    if args.report:
        merged = [r for f in args.report for r in json.loads(Path(f).read_text())]
        summarise(sorted(merged, key=lambda r: r["n"]), print)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="landscape-scale-"))
    base.mkdir(parents=True, exist_ok=True)

    def log(msg):
        print(msg, flush=True)

    from scale_data import real_records, write_exports

    log(f"bench/scale.py, {code_version()}; {NOISE_NOTE}")
    records = real_records()
    log(f"records RESAMPLED from {len(records):,} real records of ../shared/corpora (new publication numbers, "
        "one sentence dropped and one borrowed from a same-subclass record; bench/scale_data.py)")
    results = []
    for n in sizes:
        data = Path(args.data or base / "data") / f"n{n}"
        t = time.perf_counter()
        files = write_exports(data, n, seed=args.seed, records=records)
        log(f"\n== {n:,} records: {len(files)} JSON Lines file(s) written in {time.perf_counter() - t:.0f} s")
        name = f"scale-{size_label(n)}"
        ws = base / name
        if ws.exists():
            shutil.rmtree(ws)
        cmd = [sys.executable, "-m", "landscape.cli", "build", *sum((["--input", str(f)] for f in files), []),
               "--name", name, "--model", "tfidf", "--workspace", str(ws)]
        env = dict(os.environ, PYTHONPATH=str(ROOT), NUMBA_CACHE_DIR=os.environ.get("NUMBA_CACHE_DIR", "/tmp/numba-bench"),
                   HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
        run = run_measured(cmd, env, log)
        r = {"n": n, "workspace": str(ws), "map": name, **run}
        if run["rc"] != 0:
            log(f"    FAILED rc={run['rc']}: {run['stderr_tail']}")
            results.append(r)
            continue
        seen = look(ws, name)
        manifest = seen.pop("manifest", {})
        r["look"] = seen
        r["timings"] = manifest.get("timings")
        r["analysis_timings"] = (manifest.get("analysis") or {}).get("timings")
        r["fitted_on"] = ((manifest.get("parameters") or {}).get("reduce") or {}).get("fitted_on")
        log(f"    total {run['wall']:.0f} s, peak RSS {run['peak_mb']:.0f} MB; stages "
            + ", ".join(f"{k} {v:.0f} s / {run['peak_mb_by_stage'][k] or 0:.0f} MB" for k, v in run["stages"].items()))
        log(f"    build timings: {r['timings']}")
        log(f"    analysis timings: {r['analysis_timings']}")
        log(f"    UMAP fitted on {r['fitted_on'] or 'all'}; {seen['areas']} areas, {seen['topics']} topics, "
            f"unassigned {seen['unassigned_share']:.1%}; area sizes {seen['area_sizes']}")
        log(f"    labels: {seen['labels']}")
        log(f"    tables (rows): {seen['tables']}")
        if n <= args.bertopic_up_to:
            r["bertopic"] = bertopic_baseline(seen["folder"], n, log, args.bertopic_limit)
        results.append(r)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1, default=str))

    summarise(results, log)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)


def summarise(results: list[dict], log) -> None:
    """The per-stage table, the exponents and the baseline comparison."""
    ok = sorted((r for r in results if r["rc"] == 0), key=lambda r: r["n"])
    log("\nper stage, seconds (peak RSS MB):")
    stages = list(dict.fromkeys(k for r in ok for k in r["stages"]))
    log(f"{'n':>9} " + " ".join(f"{s:>18}" for s in stages) + f" {'total':>9} {'peak MB':>8}")
    for r in ok:
        log(f"{r['n']:>9,} " + " ".join(
            f"{r['stages'].get(s, 0):>9.0f} ({r['peak_mb_by_stage'].get(s) or 0:>5.0f})" for s in stages)
            + f" {r['wall']:>9.0f} {r['peak_mb']:>8.0f}")
    fine = ["embed", "reduce_knn", "reduce_umap_layouts", "reduce_place_rest", "cluster", "label"]
    log("\nexponent b of time ~ n^b (consecutive sizes; least squares over all):")
    for s in stages + ["wall"]:
        key = (lambda r, s=s: r["wall"]) if s == "wall" else (lambda r, s=s: r["stages"].get(s))
        log(f"  {s:>16}: " + ", ".join(f"{k} {v:.2f}" for k, v in exponents(ok, key).items()))
    for s in fine:
        log(f"  {('build ' + s):>16}: " + ", ".join(
            f"{k} {v:.2f}" for k, v in exponents(ok, lambda r, s=s: (r.get("timings") or {}).get(s)).items()))
    bt = [r for r in ok if r.get("bertopic") and "fit" in r["bertopic"]]
    if bt:
        log("\nbaseline in this run: BERTopic default fit + 2-d projection on the same vectors")
        for r in bt:
            ours = sum((r["timings"] or {}).get(k, 0) for k in ("reduce", "cluster"))
            theirs = r["bertopic"]["fit"] + r["bertopic"]["projection"]
            log(f"{r['n']:>9,}: BERTopic {theirs:.0f} s (peak {r['bertopic']['peak_mb']:.0f} MB) vs ours "
                f"layouts+areas {ours:.0f} s: {theirs / max(ours, 1e-9):.1f}x")


if __name__ == "__main__":
    main()
