"""Fit UMAP on a sample and place the rest: how much map quality it costs, and at what size.

    PYTHONPATH=. .venv/bin/python bench/sample_fit.py [--real] [--bundle WS/maps/NAME/VERSION]
        [--samples 0.5,0.25,0.1] [--transform]

``--real``: the 7,116 USPTO abstracts with their cached MiniLM vectors (bench/common.py; run
``bench/common.py --warm`` first), or ``--model tfidf`` (fitted on them, no cache needed). The baseline, in the same process, is the full fit
(``ReduceSettings()`` as a build uses it); each sampled fit is ``Reducer`` with
``sample_above=0, sample_size=fraction x n`` (the rest placed at the similarity-weighted mean
of their nearest sampled vectors), then ``cluster_map`` as in a build. Scored by AMI of the
areas (every patent's nearest area) and of the topics (assigned ones) against the first CPC
subclass, and by AMI of the sampled fit's areas against the full fit's. ``--transform`` adds
UMAP's own ``transform`` as the way to place the rest, for comparison.

``--bundle``: a built map's folder (e.g. bench/scale.py's 100k): its stored vectors and its
full-fit clustering are the baseline; sampled fits of the same vectors are compared with it,
and against the first code subclass of each record (``documents`` ipc/cpc).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import NOISE_NOTE, code_version  # noqa: E402


def _ami(a, b) -> float:
    from sklearn.metrics import adjusted_mutual_info_score

    return float(adjusted_mutual_info_score(a, b))


def map_of(E: np.ndarray, sample_size: int | None, *, transform: bool = False, sampled_clusters: bool = False) -> dict:
    """Layouts and areas of ``E``: a full fit (None) or a fit on ``sample_size`` of them."""
    from landscape.cluster import ClusterSettings, cluster_map
    from landscape.reduce import Reducer, ReduceSettings, fit_layouts, fit_sample, neighbour_graph

    t = time.perf_counter()
    s = ReduceSettings() if sample_size is None else ReduceSettings(sample_above=0, sample_size=sample_size)
    if transform:  # UMAP's own placement of the rest, for comparison
        sample = fit_sample(len(E), s)
        knn = neighbour_graph(E[sample], s)
        lay = fit_layouts(E[sample], knn, s)
        x5 = np.empty((len(E), lay["cluster"][1].shape[1]), np.float32)
        x5[sample] = lay["cluster"][1]
        rest = np.setdiff1d(np.arange(len(E)), sample)
        x5[rest] = lay["cluster"][0].transform(E[rest])
        lay["map"][0].transform(E[rest])  # timed too: a map needs both layouts
    else:
        r = Reducer(s).fit(E)
        x5 = r.cluster_embedding_
    reduce_s = time.perf_counter() - t
    t = time.perf_counter()
    if sampled_clusters:
        from landscape.cluster import cluster_sampled

        c = cluster_sampled(x5, E, r.sample_rows_, r.rest_rows_, r.rest_neighbours_, ClusterSettings())
    else:
        c = cluster_map(x5, E, ClusterSettings())
    return {"area": c.area, "topic": c.topic, "reduce_s": reduce_s, "cluster_s": time.perf_counter() - t,
            "unassigned": float((c.cluster == -1).mean()), "areas": int(c.area.max()) + 1}


def score(m: dict, labels: np.ndarray, full: dict | None) -> dict:
    assigned = m["topic"] >= 0
    out = {"ami_area_vs_cpc": _ami(labels, m["area"]), "ami_topic_vs_cpc": _ami(labels[assigned], m["topic"][assigned]),
           "unassigned": m["unassigned"], "areas": m["areas"], "reduce_s": m["reduce_s"], "cluster_s": m["cluster_s"]}
    if full is not None:
        out["ami_area_vs_full_fit"] = _ami(full["area"], m["area"])
    return out


def show(rows: list[dict]) -> None:
    print(f"{'fit on':>16} {'AMI area~CPC':>12} {'AMI topic~CPC':>13} {'AMI ~full':>9} {'unassigned':>10} "
          f"{'areas':>5} {'reduce s':>8} {'cluster s':>9}")
    for r in rows:
        print(f"{r['fit']:>16} {r['ami_area_vs_cpc']:>12.3f} {r['ami_topic_vs_cpc']:>13.3f} "
              f"{r.get('ami_area_vs_full_fit', float('nan')):>9.3f} {r['unassigned']:>10.1%} {r['areas']:>5} "
              f"{r['reduce_s']:>8.1f} {r['cluster_s']:>9.1f}", flush=True)


def first_subclass(documents) -> np.ndarray:
    out = []
    for ipc, cpc in zip(documents["ipc"], documents["cpc"]):
        codes = [str(c) for c in list(cpc if cpc is not None else []) + list(ipc if ipc is not None else [])]
        out.append(codes[0].replace(" ", "")[:4] if codes else "none")
    return np.array(out)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--real", action="store_true")
    p.add_argument("--bundle")
    p.add_argument("--samples", default="0.5,0.25,0.1")
    p.add_argument("--transform", action="store_true")
    p.add_argument("--model", default="minilm", help="minilm (cached by bench/common.py --warm) or tfidf")
    p.add_argument("--json")
    args = p.parse_args(argv)
    fractions = [float(f) for f in args.samples.split(",")]
    print(f"bench/sample_fit.py, {code_version()}; {NOISE_NOTE}", flush=True)
    results = {}
    if args.real:
        from common import embed, load_uspto

        u = load_uspto()
        E, _ = embed(u.texts, args.model)
        E = np.asarray(E, np.float32)
        print(f"\nUSPTO {len(E):,} abstracts, {args.model}, first-CPC subclass as the label", flush=True)
        full = map_of(E, None)
        rows = [{"fit": "all (baseline)", **score(full, u.subclass, None)}]
        for f in fractions:
            rows.append({"fit": f"{f:.0%} mean", **score(map_of(E, int(f * len(E))), u.subclass, full)})
            rows.append({"fit": f"{f:.0%} mean+vote", **score(map_of(E, int(f * len(E)), sampled_clusters=True),
                                                           u.subclass, full)})
            if args.transform:
                rows.append({"fit": f"{f:.0%} transform",
                             **score(map_of(E, int(f * len(E)), transform=True), u.subclass, full)})
        show(rows)
        results[f"uspto_{args.model}"] = rows
    if args.bundle:
        import pandas as pd

        folder = Path(args.bundle)
        E = np.load(folder / "embeddings.npy").astype(np.float32)
        model = np.load(folder / "model.npz", allow_pickle=False) if (folder / "model.npz").exists() else None
        points = pd.read_parquet(folder / "points.parquet")
        docs = pd.read_parquet(folder / "documents.parquet", columns=["id", "ipc", "cpc"]).drop_duplicates("id")
        labels = first_subclass(docs.set_index("id").reindex(points["id"]).reset_index())
        full = {"area": points["area"].to_numpy(), "topic": points["topic"].to_numpy() if "topic" in points
                else points["cluster"].to_numpy(), "reduce_s": float("nan"), "cluster_s": float("nan"),
                "unassigned": float((points["cluster"] == -1).mean()), "areas": int(points["area"].max()) + 1}
        del model
        print(f"\n{folder}: {len(E):,} vectors; baseline = the bundle's own full fit", flush=True)
        rows = [{"fit": "all (bundle)", **score(full, labels, None)}]
        show(rows)
        for f in fractions:
            # the build's path: topics on the fitted sample, the rest voted (cluster_sampled)
            rows.append({"fit": f"{f:.0%} mean+vote", **score(map_of(E, int(f * len(E)), sampled_clusters=True),
                                                           labels, full)})
            show(rows[-1:])
        results["bundle"] = rows
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
