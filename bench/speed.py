"""Map-step speed and peak memory per stage, ours vs BERTopic, and the cached-rebuild ratio.

    .venv/bin/python bench/speed.py [--sizes 1000,10000,50000,100000] [--bertopic default,seeded]
                                    [--rebuild-n 2000] [--skip-map] [--skip-rebuild] [--json OUT.json]

Part 1 — map steps on the same precomputed MiniLM embeddings (nothing is embedded here):

  ours      kNN, then UMAP 5-d and 2-d through ``landscape.reduce``'s own ``neighbour_graph``
            and ``fit_layouts`` (exact numpy neighbours below its EXACT_BELOW points, pynndescent
            above; both layouts seeded, sharing that graph, fitted side by side on two
            threads), then ``cluster_map``
            (HDBSCAN + neighbour vote + areas). The calls are the ones ``Reducer.fit`` makes,
            split so each stage is timed and measured on its own (the inputs are already
            distinct vectors, so its de-duplication is left out).
  BERTopic  ``BERTopic(embedding_model=None).fit_transform(docs, embeddings=E)`` with its defaults
            (unseeded UMAP 15/5/0.0/cosine, HDBSCAN min_cluster_size 10, c-TF-IDF on the docs);
            then its 2-d document projection the way ``visualize_documents`` makes it: a second
            ``UMAP(n_neighbors=10, n_components=2, min_dist=0.0, metric="cosine")`` on the same
            embeddings. ``--bertopic seeded`` adds a run whose UMAPs get ``random_state=42``.
            Unseeded UMAP runs on both cores; seeded UMAP (ours, and "seeded") on one.

Each stage runs in its own fresh process: it loads its inputs, warms up on 500 points, or on
4,096 when the timed run will build a pynndescent graph (our kNN stage from EXACT_BELOW, both
BERTopic stages), so that numba code is compiled too (JIT; shown separately as warm-up), then
the timed run. Memory is that process's ``ru_maxrss``: "peak" is the
whole process, "+MB" the growth during the timed stage over what loading and the warm-up used.

Embeddings: real MiniLM vectors: USPTO 7,116 + Google 3,676 (after de-dup), embedded through the
bench cache if missing, plus whichever PatentsView NVIDIA abstracts the cache already holds
(``bench/common.py --warm --extra`` puts all 5,157 there; they are never embedded here).
Sizes beyond the real count are RESAMPLED real vectors with Gaussian noise (sigma 0.01 per
dimension, then re-normalised) and their texts repeated; this is printed next to the table.
A stage whose time, extrapolated from the previous size, would exceed ``--stage-limit`` (480 s)
is skipped with a note, and so is every later stage that needs its output.

Part 2 — rebuild: ``landscape build --input FILE --model minilm`` on ``--rebuild-n`` USPTO records
(written to a JSON Lines file under /tmp) into a fresh workspace, run twice, each a fresh
process: cold (empty embedding cache) and then again with every embedding cached. Also
``embed_texts`` alone on the same texts, cold vs warm, in one process.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (sets the offline / numba environment before anything else)

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402

WORK = Path(os.environ.get("LANDSCAPE_BENCH_WORK", "/tmp/landscape-bench/speed"))
SIGMA = 0.01
WARMUP_N = 500

STAGES = {  # name -> (inputs it needs from earlier stages)
    "ours kNN": (),
    "ours UMAP 5-d + 2-d": ("ours kNN",),
    "ours HDBSCAN+vote+areas": ("ours UMAP 5-d + 2-d",),
    "BERTopic fit": (),
    "BERTopic 2-d projection": (),
    "BERTopic(seeded) fit": (),
    "BERTopic(seeded) 2-d projection": (),
}


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- one stage, in its own process

def _knn(E):
    """The shared neighbour graph exactly as ``Reducer.fit`` makes it (exact below
    ``landscape.reduce.EXACT_BELOW`` points, pynndescent above)."""
    from landscape import reduce as lr

    return lr.neighbour_graph(E, lr.ReduceSettings())


def _umap(E, knn):
    """``Reducer.fit``'s two layouts, side by side on two threads, through the same function."""
    from landscape import reduce as lr

    return lr.fit_layouts(E, knn, lr.ReduceSettings())["cluster"][1]


def _bertopic_fit(E, docs, seeded):
    from bertopic import BERTopic

    kw = {}
    if seeded:
        from umap import UMAP

        kw["umap_model"] = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", low_memory=False,
                                random_state=42)
    topics, _ = BERTopic(embedding_model=None, verbose=False, **kw).fit_transform(docs, embeddings=E)
    return np.asarray(topics)


def _bertopic_2d(E, seeded):
    from umap import UMAP  # as bertopic.plotting._documents.visualize_documents does

    kw = {"random_state": 42} if seeded else {}
    return UMAP(n_neighbors=10, n_components=2, min_dist=0.0, metric="cosine", **kw).fit(E).embedding_


def run_stage(stage: str, size_dir: Path) -> dict:
    """Load inputs, warm up, time ``stage``; save its output for the stages after it."""
    warnings.filterwarnings("ignore")
    from landscape.cluster import cluster_map

    E = np.load(size_dir / "E.npy")
    docs = json.loads((size_dir / "docs.json").read_text()) if stage.startswith("BERTopic") else None
    n = len(E)
    knn = None
    if stage == "ours UMAP 5-d + 2-d" and (size_dir / "knn_idx.npy").exists():
        knn = (np.load(size_dir / "knn_idx.npy"), np.load(size_dir / "knn_dist.npy"))
    X5 = np.load(size_dir / "X5.npy") if stage == "ours HDBSCAN+vote+areas" else None
    seeded = "(seeded)" in stage

    def do(sub: slice):
        e = E[sub]
        warm = sub.stop is not None
        if stage == "ours kNN":
            return _knn(e)
        if stage == "ours UMAP 5-d + 2-d":
            return _umap(e, _knn(e) if warm else knn)
        if stage == "ours HDBSCAN+vote+areas":
            return cluster_map(X5[sub], e)
        if stage.endswith("fit"):
            return _bertopic_fit(e, docs[sub], seeded)
        if stage.endswith("projection"):
            return _bertopic_2d(e, seeded)
        raise ValueError(stage)

    from landscape.reduce import EXACT_BELOW

    t = time.perf_counter()
    # Warm-up (numba JIT). From 4,096 points UMAP (BERTopic's) takes pynndescent, and from
    # EXACT_BELOW so does our kNN stage: warm those up on 4,096 points through pynndescent.
    if stage == "ours kNN" and n >= EXACT_BELOW:
        from umap.umap_ import nearest_neighbors

        nearest_neighbors(E[:4096], n_neighbors=15, metric="cosine", metric_kwds=None, angular=False,
                          random_state=np.random.RandomState(0), low_memory=True, n_jobs=1)
    else:
        do(slice(0, 4096 if stage.startswith("BERTopic") and n >= 4096 else WARMUP_N))
        if stage == "ours kNN" and n * n >= 60_000_000:
            import torch  # noqa: F401  (its import, like umap's and bertopic's, belongs to the warm-up)
    warm_s = time.perf_counter() - t
    base = maxrss_mb()
    t = time.perf_counter()
    out = do(slice(None))
    seconds = time.perf_counter() - t
    peak = maxrss_mb()
    info = {}
    if stage == "ours kNN":
        np.save(size_dir / "knn_idx.npy", out[0]), np.save(size_dir / "knn_dist.npy", out[1])
        info["note"] = "exact (numpy)" if n < EXACT_BELOW else "pynndescent"
    elif stage == "ours UMAP 5-d + 2-d":
        np.save(size_dir / "X5.npy", out)
    elif stage == "ours HDBSCAN+vote+areas":
        info = {"topics": int(out.topic.max()) + 1, "unassigned": float((out.topic == -1).mean())}
    elif stage.endswith("fit"):
        info = {"topics": int(out.max()) + 1, "unassigned": float((out == -1).mean())}
    return {"stage": stage, "n": n, "seconds": seconds, "warmup_s": warm_s, "base_mb": base, "peak_mb": peak,
            "delta_mb": peak - base, **info}


# ---------------------------------------------------------------- the driver

def real_embeddings() -> tuple[np.ndarray, list[str], dict]:
    """Real MiniLM vectors + their texts: USPTO and Google (embedded now if missing), and
    whatever PatentsView NVIDIA abstracts the cache already holds (never embedded here)."""
    from landscape.embed.base import text_hash
    from landscape.embed.cache import EmbeddingCache
    from landscape.embed.registry import get_embedder

    u, g = common.load_uspto(), common.load_gpatents()
    texts, vecs, counts = [], [], {}
    for name, t in (("USPTO", u.texts), ("Google landscapes", g.texts)):
        E, _ = common.embed(t, "minilm")
        texts += t
        vecs.append(E)
        counts[name] = len(t)
    try:
        extra = common.load_nvidia()
    except FileNotFoundError:
        extra = []
    if extra:
        emb = get_embedder("minilm")
        con = common.connect()
        try:
            E, missing = EmbeddingCache(con).get(emb.name, emb.version, [text_hash(t) for t in extra], dim=emb.dim)
        finally:
            con.close()
        keep = np.flatnonzero(~missing)
        texts += [extra[i] for i in keep]
        vecs.append(E[keep])
        counts["PatentsView NVIDIA (cached ones)"] = len(keep)
    E = np.concatenate(vecs)
    # Identical texts (the same abstract twice) would be exact duplicates; keep one.
    _, first = np.unique(E, axis=0, return_index=True)
    keep = np.sort(first)
    return E[keep], [texts[i] for i in keep], counts


def sample(E, texts, n, seed=0):
    rng = np.random.default_rng(seed)
    if n <= len(E):
        idx = rng.permutation(len(E))[:n]
        return E[idx], [texts[i] for i in idx], 0
    idx = np.concatenate([rng.permutation(len(E)), rng.integers(0, len(E), n - len(E))])
    X = E[idx].copy()
    synth = n - len(E)
    X[len(E):] += rng.normal(0, SIGMA, size=(synth, E.shape[1])).astype(np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    return X, [texts[i] for i in idx], synth


def run_map_bench(sizes, bertopic_variants, stage_limit, log) -> list[dict]:
    E_real, texts, counts = real_embeddings()
    print(f"real MiniLM vectors: {len(E_real):,} distinct ("
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()) + ")")
    stages = [s for s in STAGES if s.startswith("ours")]
    for v in bertopic_variants:
        pre = "BERTopic" if v == "default" else "BERTopic(seeded)"
        stages += [f"{pre} fit", f"{pre} 2-d projection"]
    results, prev, skipped = [], {}, set()
    for n in sizes:
        size_dir = WORK / f"n{n}"
        shutil.rmtree(size_dir, ignore_errors=True)
        size_dir.mkdir(parents=True)
        X, docs, synth = sample(E_real, texts, n)
        np.save(size_dir / "E.npy", X)
        (size_dir / "docs.json").write_text(json.dumps(docs))
        if synth:
            print(f"NOTE n={n:,}: {n - synth:,} real vectors + {synth:,} SYNTHETIC ones (real vectors resampled "
                  f"with Gaussian noise sigma {SIGMA}, re-normalised; their texts repeated)")
        for stage in stages:
            row = {"stage": stage, "n": n, "synthetic": synth}
            needs = [s for s in STAGES[stage] if s in skipped]
            estimate = None
            if stage in prev:
                p = prev[stage]
                estimate = p["seconds"] * (n / p["n"]) ** 1.2
            if needs:
                row["skipped"] = f"needs {needs[0]}, skipped"
            elif stage in skipped or (estimate is not None and estimate > stage_limit):
                row["skipped"] = (f"estimated {estimate:.0f} s > {stage_limit} s" if estimate else "skipped before")
            if "skipped" in row:
                skipped.add(stage)
                print(f"  n={n:>7,} {stage:<32} SKIPPED ({row['skipped']})", flush=True)
                results.append(row)
                continue
            log(f"n={n:,} {stage} ...")
            cmd = [sys.executable, __file__, "--stage", stage, "--size-dir", str(size_dir)]
            try:
                out = subprocess.run(cmd, capture_output=True, text=True, timeout=stage_limit + 300)
            except subprocess.TimeoutExpired:
                row["skipped"] = f"ran past {stage_limit + 300} s, killed"
                skipped.add(stage)
                print(f"  n={n:>7,} {stage:<32} KILLED ({row['skipped']})", flush=True)
                results.append(row)
                continue
            if out.returncode:
                print(out.stderr[-3000:], file=sys.stderr)
                raise SystemExit(f"stage {stage} failed at n={n}")
            row.update(json.loads(out.stdout.strip().splitlines()[-1]))
            prev[stage] = row
            results.append(row)
            extra = (f"  {row['topics']} topics, {row['unassigned']:.0%} unassigned" if "topics" in row else "")
            print(f"  n={n:>7,} {stage:<32} {row['seconds']:>8.1f} s  peak {row['peak_mb']:>6.0f} MB "
                  f"(+{row['delta_mb']:.0f})  warm-up {row['warmup_s']:.1f} s{extra}", flush=True)
        shutil.rmtree(size_dir, ignore_errors=True)
    return results


def print_map_table(results, bertopic_variants):
    sizes = sorted({r["n"] for r in results})
    by = {(r["stage"], r["n"]): r for r in results}

    def cell(stage, n):
        r = by.get((stage, n))
        if r is None:
            return "-"
        if "skipped" in r:
            return "skipped"
        return f"{r['seconds']:.1f}s/{r['peak_mb']:.0f}MB"

    print("\nseconds / process peak MB per stage (each stage in its own process, after a warm-up run)")
    head = f"{'stage':<34}" + "".join(f"{f'n={n:,}':>20}" for n in sizes)
    print(head)
    print("-" * len(head))
    for stage in dict.fromkeys(r["stage"] for r in results):
        print(f"{stage:<34}" + "".join(f"{cell(stage, n):>20}" for n in sizes))

    def total(prefix, n, names):
        rows = [by.get((f"{prefix} {s}", n)) for s in names]
        if any(r is None or "skipped" in r for r in rows):
            return None
        return sum(r["seconds"] for r in rows)

    print("\nmap steps total (everything but embedding) and ratio; target: ours >= 2x faster than BERTopic")
    ours_names = ["kNN", "UMAP 5-d + 2-d", "HDBSCAN+vote+areas"]
    for v in bertopic_variants:
        pre = "BERTopic" if v == "default" else "BERTopic(seeded)"
        for n in sizes:
            o, b = total("ours", n, ours_names), total(pre, n, ["fit", "2-d projection"])
            if o is None or b is None:
                print(f"  n={n:>7,}  ours {o if o is None else round(o, 1)} s vs {pre} {b if b is None else round(b, 1)}"
                      " s: incomplete (a stage was skipped)")
                continue
            ratio = b / o
            print(f"  n={n:>7,}  ours {o:>7.1f} s   {pre:<17} {b:>7.1f} s   speed-up {ratio:>4.2f}x  "
                  f"[{'PASS' if ratio >= 2 else 'MISS'}] (>= 2x)")


# ---------------------------------------------------------------- rebuild ratio

def run_rebuild(n: int, log) -> dict:
    """``landscape build`` cold vs fully cached on n USPTO records; and embed_texts cold vs warm."""
    import duckdb

    from landscape.embed.cache import EmbeddingCache, embed_texts
    from landscape.embed.registry import get_embedder

    root = WORK / "rebuild"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    data = common.corpora_dir() / common.USPTO_FILE
    src = root / f"uspto-{n}.jsonl"
    texts = []
    with open(data, encoding="utf-8") as f, open(src, "w", encoding="utf-8") as out:
        for line in f:
            r = json.loads(line)
            if r.get("classifications_cpc") and (r.get("abstract") or "").strip():
                out.write(line)
                texts.append(r["abstract"].strip())
                if len(texts) == n:
                    break
    res = {"n": len(texts)}

    # (a) embed_texts alone, cold then warm, one process, fresh DuckDB file.
    emb = get_embedder("minilm")
    emb.encode(["warm-up"])  # model load not counted here (it is counted in the builds below)
    con = duckdb.connect(str(root / "embed.duckdb"))
    cache = EmbeddingCache(con)
    t = time.perf_counter()
    embed_texts(texts, emb, cache)
    res["embed_cold_s"] = time.perf_counter() - t
    t = time.perf_counter()
    _, stats = embed_texts(texts, emb, cache)
    res["embed_warm_s"] = time.perf_counter() - t
    assert stats["n_embedded"] == 0
    con.close()
    log(f"embed_texts {n}: cold {res['embed_cold_s']:.1f} s, warm {res['embed_warm_s']:.2f} s")

    # (b) the real command, twice, each in a fresh process.
    exe = Path(sys.executable).with_name("landscape")
    ws = root / "workspace"
    for run in ("cold", "cached"):
        cmd = [str(exe), "build", "--input", str(src), "--name", f"bench-{run}", "--model", "minilm",
               "--workspace", str(ws), "--json"]
        t = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ})
        wall = time.perf_counter() - t
        if out.returncode:
            print(out.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"landscape build ({run}) failed")
        manifest = json.loads(out.stdout.strip().splitlines()[-1])
        res[run] = {"wall_s": wall, "timings": manifest["timings"], "cache": manifest["embedding_cache"]}
        log(f"landscape build {run}: {wall:.1f} s wall, manifest total {manifest['timings']['total']:.1f} s")
    shutil.rmtree(root, ignore_errors=True)
    return res


def print_rebuild(res):
    c, w = res["cold"], res["cached"]
    print(f"\nrebuild on {res['n']:,} USPTO abstracts (MiniLM); target: cached rebuild <= 1/5 of a cold build")
    print(f"  embed_texts alone: cold {res['embed_cold_s']:.1f} s, all cached {res['embed_warm_s']:.2f} s "
          f"({res['embed_cold_s'] / res['embed_warm_s']:.0f}x faster)")
    keys = [k for k in c["timings"] if not k.startswith("reduce_")]
    print(f"  {'landscape build':<22}{'cold':>10}{'cached':>10}")
    for k in keys:
        print(f"  {k:<22}{c['timings'][k]:>10.1f}{w['timings'].get(k, float('nan')):>10.1f}")
    print(f"  {'command wall (incl. ingest, imports, analyse)':<22}")
    print(f"  {'':<22}{c['wall_s']:>10.1f}{w['wall_s']:>10.1f}")
    print(f"  cache: cold {c['cache']}, cached {w['cache']}")
    for label, a, b in (("pipeline total (manifest)", c["timings"]["total"], w["timings"]["total"]),
                        ("whole command (wall)", c["wall_s"], w["wall_s"])):
        r = b / a
        print(f"  {label}: cached/cold = {r:.2f} (1/{1 / r:.1f})  [{'PASS' if r <= 0.2 else 'MISS'}] (<= 1/5)")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="1000,10000,50000,100000")
    p.add_argument("--bertopic", default="default", help="default, seeded or default,seeded")
    p.add_argument("--stage-limit", type=int, default=480, help="skip a stage expected to take longer (s)")
    p.add_argument("--rebuild-n", type=int, default=2000)
    p.add_argument("--skip-map", action="store_true")
    p.add_argument("--skip-rebuild", action="store_true")
    p.add_argument("--json", help="also write every figure to this JSON file")
    p.add_argument("--stage", help=argparse.SUPPRESS)  # internal: run one stage
    p.add_argument("--size-dir", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.stage:
        print(json.dumps(run_stage(args.stage, Path(args.size_dir))))
        return

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    print(f"python bench/speed.py {' '.join(argv if argv is not None else sys.argv[1:])}")
    print(f"date {dt.date.today()}; cpus {os.cpu_count()}; no GPU; load average {os.getloadavg()[0]:.1f}; "
          f"{common.NOISE_NOTE}")
    print(common.code_version())
    from landscape.cluster import ClusterSettings
    from landscape.reduce import ReduceSettings

    print(f"ours: {ReduceSettings()}; {ClusterSettings()}")
    out = {}
    variants = args.bertopic.split(",")
    if not args.skip_map:
        sizes = [int(s) for s in args.sizes.split(",")]
        out["map"] = run_map_bench(sizes, variants, args.stage_limit, log)
        print_map_table(out["map"], variants)
        if args.json:
            Path(args.json).write_text(json.dumps(out, indent=1))
    if not args.skip_rebuild:
        out["rebuild"] = run_rebuild(args.rebuild_n, log)
        print_rebuild(out["rebuild"])
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
