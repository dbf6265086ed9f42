"""The map steps alone (UMAP layouts, areas) at up to 1M vectors: time and peak memory.

    PYTHONPATH=. .venv/bin/python bench/scale_maps.py [--sizes 1000000,100000] [--noise 0.05]

For when the whole command (bench/scale.py) cannot reach a size in the time at hand: the
vectors are the TF-IDF vectors of the 32,744 real records of bench/scale_data.py (fitted on
them), RESAMPLED to n rows with seeded Gaussian noise of ``--noise`` times each row's norm
added and rows re-normalised, so rows are distinct but keep the real corpus's neighbourhoods.
Each size runs in a fresh process: ``Reducer`` (full fit up to ``ReduceSettings.sample_above``
distinct vectors, else fit on ``sample_size`` and place the rest) then the clustering a build
runs (``cluster_map`` or ``cluster_sampled``); per step wall time and the process's peak RSS
after it (``ru_maxrss``). The baseline in the same run is the smallest size's full fit.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import NOISE_NOTE, ROOT, code_version  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(n: int, noise: float, seed: int) -> dict:
    from scale_data import real_records

    from landscape.cluster import ClusterSettings, cluster_map, cluster_sampled
    from landscape.embed.registry import get_embedder
    from landscape.reduce import Reducer, ReduceSettings

    out = {"n": n}
    records = real_records()
    texts = [f"{r['title']} {r['abstract']}".strip() for r in records]
    t = time.perf_counter()
    emb = get_embedder("tfidf").fit(texts)
    base = np.asarray(emb.encode(texts), dtype=np.float32)
    out["tfidf_real_s"] = time.perf_counter() - t
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(base), n)
    E = np.empty((n, base.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):  # in blocks: the noise of 1M rows at once is another 1 GB
        block = base[rows[start:start + 100_000]]
        block = block + rng.normal(0, noise / np.sqrt(base.shape[1]), block.shape).astype(np.float32)
        E[start:start + len(block)] = block / np.maximum(np.linalg.norm(block, axis=1, keepdims=True), 1e-12)
    out["vectors_mb"] = E.nbytes / 2**20
    out["rss_after_vectors_mb"] = rss_mb()
    t = time.perf_counter()
    reducer = Reducer(ReduceSettings()).fit(E)
    out["reduce_s"] = time.perf_counter() - t
    out["reduce_timings"] = reducer.timings_
    out["fitted_on"] = reducer.sample_size_
    out["rss_after_reduce_mb"] = rss_mb()
    t = time.perf_counter()
    if reducer.sample_rows_ is None:
        c = cluster_map(reducer.cluster_embedding_, E, ClusterSettings())
    else:
        c = cluster_sampled(reducer.cluster_embedding_, E, reducer.sample_rows_, reducer.rest_rows_,
                            reducer.rest_neighbours_, ClusterSettings())
    out["cluster_s"] = time.perf_counter() - t
    out["rss_after_cluster_mb"] = rss_mb()
    out["areas"] = int(c.area.max()) + 1
    out["topics"] = int(c.topic.max()) + 1
    out["unassigned"] = float((c.cluster == -1).mean())
    out["area_sizes"] = np.bincount(c.area).tolist()
    from sklearn.metrics import adjusted_mutual_info_score

    subclass = np.array([r["subclass"] or "none" for r in records])[rows]
    out["ami_area_vs_source_subclass"] = float(adjusted_mutual_info_score(subclass, c.area))
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="1000000,100000")
    p.add_argument("--noise", type=float, default=0.05)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--json")
    p.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one, args.noise, args.seed)))
        return
    print(f"bench/scale_maps.py, {code_version()}; {NOISE_NOTE}", flush=True)
    print("vectors: TF-IDF of 32,744 real records, RESAMPLED with noise (see the docstring)", flush=True)
    results = []
    for n in [int(s) for s in args.sizes.split(",")]:
        t = time.perf_counter()
        res = subprocess.run([sys.executable, __file__, "--one", str(n), "--noise", str(args.noise),
                              "--seed", str(args.seed)], capture_output=True, text=True, cwd=ROOT)
        if res.returncode != 0:
            print(f"{n:,}: failed rc={res.returncode}\n{res.stderr[-1500:]}", flush=True)
            continue
        r = json.loads(res.stdout.strip().splitlines()[-1])
        r["wall_s"] = time.perf_counter() - t
        results.append(r)
        print(f"{n:>9,}: fitted on {r['fitted_on'] or 'all'}; reduce {r['reduce_s']:.0f} s "
              f"({', '.join(f'{k} {v:.0f}' for k, v in r['reduce_timings'].items())}), cluster {r['cluster_s']:.0f} s; "
              f"peak RSS after vectors {r['rss_after_vectors_mb']:.0f} MB, after reduce {r['rss_after_reduce_mb']:.0f} MB, "
              f"after cluster {r['rss_after_cluster_mb']:.0f} MB; {r['areas']} areas, {r['topics']} topics, "
              f"unassigned {r['unassigned']:.1%}, AMI areas vs source subclass {r['ami_area_vs_source_subclass']:.3f}",
              flush=True)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
