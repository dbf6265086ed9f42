"""Embedding on a Ray cluster (``--engine ray``) vs in this process, on the same real abstracts.

    PYTHONPATH=. .venv/bin/python bench/ray_embed.py [--n 2000] [--models minilm,tfidf] [--nodes 2]

Starts a Ray cluster of ``--nodes`` nodes of one CPU each on this machine (tests/ray_cluster.py,
stopped after), reads N English abstracts from the USPTO random sample (under ``--data``, else
``$LANDSCAPE_CORPORA``, else ``../shared/corpora``) and embeds them, each model:

(local) ``embed_texts`` with an empty in-memory cache, in this process;
(ray)   ``embed_texts_ray`` with an empty in-memory cache, on the cluster (first job: the
        workers start and load the model inside the timed call, as a real run pays);
(ray again) the same, cache emptied, the workers already up and their model loaded.

It prints texts/s for each, the largest difference between the local and the Ray vectors, and
how many chunks each node returned. On this 2-core machine the two one-CPU Ray workers share the
cores the local path uses alone, so Ray is not expected to be faster here: the figure says what
the Ray path costs, not what a cluster gains.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")

import duckdb
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))


def main(argv=None):
    from embed_speed import read_abstracts  # the same USPTO abstracts as the other embedding bench
    from ray_cluster import local_ray_cluster

    from landscape.embed import EmbeddingCache, embed_texts, get_embedder
    from landscape.embed.ray_engine import embed_texts_ray

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--models", default="minilm,tfidf")
    p.add_argument("--nodes", type=int, default=2)
    p.add_argument("--chunk", type=int, default=256)
    p.add_argument("--data", default=os.environ.get("LANDSCAPE_CORPORA") or str(ROOT.parent / "shared" / "corpora"))
    args = p.parse_args(argv)
    texts = read_abstracts(Path(args.data), "en", args.n)
    print(f"{len(texts)} USPTO abstracts, {args.nodes} Ray nodes of 1 CPU on this machine, chunks of {args.chunk}")
    with local_ray_cluster(nodes=args.nodes, object_store_bytes=300_000_000) as address:
        for name in args.models.split(","):
            embedder = get_embedder(name)
            if hasattr(embedder, "fit"):
                embedder.fit(texts)
            t = time.perf_counter()
            local, _ = embed_texts(texts, embedder, EmbeddingCache(duckdb.connect()))
            local_s = time.perf_counter() - t
            row = {"model": name, "n": len(texts), "local_s": round(local_s, 1),
                   "local_per_s": round(len(texts) / local_s, 1)}
            for run in ("ray", "ray_again"):
                chunks = []
                t = time.perf_counter()
                vectors, stats = embed_texts_ray(texts, embedder, EmbeddingCache(duckdb.connect()), address=address,
                                                 chunk_size=args.chunk, on_chunk=chunks.append)
                seconds = time.perf_counter() - t
                row.update({f"{run}_s": round(seconds, 1), f"{run}_per_s": round(len(texts) / seconds, 1),
                            f"{run}_max_abs_diff": float(np.abs(vectors - local).max()),
                            f"{run}_chunks_per_node": sorted(Counter(c["node"][:8] for c in chunks).values())})
            print(json.dumps(row))
        import ray

        ray.shutdown()  # disconnect before the cluster stops, or Ray reports its processes' ends


if __name__ == "__main__":
    main()
