"""Placing new text: nearest map patents (``place.locate``) against UMAP's ``transform``.

    .venv/bin/python bench/placement.py [--corpus gpatents|uspto] [--model minilm|use|tfidf]
                                        [--seed 42] [--holdout 0.1] [--json OUT.json]

A real corpus (bench/common.py, cached embeddings) is split: ``--holdout`` of the records (seeded)
are held out, a map is fitted on the rest (the "early" map, exactly as ``build`` fits one:
``Reducer`` then ``cluster_map``) and the held-out records are placed on it
  umap        ``Reducer.transform`` (the fitted UMAP objects the bundle used to pickle), then the
              area most of the 15 nearest map patents on the 5-d layout have (the old ``place``)
  knn k=K     ``place.locate``: the K most similar map patents by cosine on the embeddings give
              the position (similarity-weighted mean) and ``cluster.assign`` the topic and area
and compared with the area each record gets in a full build on ALL records (same seed). The
early map's areas are matched to the full build's by majority over the records both maps hold;
``ceiling`` is how often that matching agrees for those shared records (held-out records
cannot be expected to agree more often). Also: how often the two placements agree, how often the
placed point's nearest map patent on the 2-d picture has the area it was given (the star lands
in its area's colour), and the seconds per 1,000 texts (vectors given; embedding not counted).
For TF-IDF the early map's embedder is fitted on the early records only, as a build would be.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (sets the offline / numba environment before anything else)

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402

warnings.filterwarnings("ignore", message=".*n_jobs value.*")


def fit_map(vectors: np.ndarray, seed: int):
    from landscape.cluster import cluster_map
    from landscape.reduce import ReduceSettings, Reducer

    reducer = Reducer(ReduceSettings(seed=seed)).fit(vectors)
    return reducer, cluster_map(reducer.cluster_embedding_, vectors)


def old_place_areas(reducer, clustering, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What ``place`` did before map models were data: UMAP transform, 15-neighbour area vote."""
    x5, xy = reducer.transform(vectors)
    d5 = ((x5[:, None, :] - reducer.cluster_embedding_[None, :, :]) ** 2).sum(-1)
    near = np.argsort(d5, axis=1)[:, :15]
    return np.array([np.bincount(clustering.area[row]).argmax() for row in near]), xy


def match_areas(early: np.ndarray, full: np.ndarray) -> dict[int, int]:
    """Each early-map area -> the full-build area most of its records have."""
    return {int(a): int(np.bincount(full[early == a]).argmax()) for a in np.unique(early)}


def picture_agrees(xy: np.ndarray, area: np.ndarray, map_xy: np.ndarray, map_area: np.ndarray) -> float:
    d = ((xy[:, None, :] - map_xy[None, :, :]) ** 2).sum(-1)
    return float((map_area[d.argmin(axis=1)] == area).mean())


def run(corpus_name: str, model: str, seed: int, holdout: float) -> dict:
    from landscape.map_model import MapModel
    from landscape.place import locate

    (corpus,) = common.load(corpus_name)
    n = len(corpus)
    held = np.zeros(n, dtype=bool)
    held[np.random.default_rng(seed).permutation(n)[:round(holdout * n)]] = True
    if model == "tfidf":
        from landscape.embed.tfidf import TfidfEmbedder

        texts = np.array(corpus.texts, dtype=object)
        all_vectors = TfidfEmbedder().fit_encode(list(texts))
        early_embedder = TfidfEmbedder().fit(list(texts[~held]))
        early_vectors, held_vectors = early_embedder.encode(list(texts[~held])), early_embedder.encode(list(texts[held]))
    else:
        all_vectors, _ = common.embed(corpus.texts, model)
        early_vectors, held_vectors = all_vectors[~held], all_vectors[held]

    t = time.perf_counter()
    _, full = fit_map(all_vectors, seed)
    full_s = time.perf_counter() - t
    t = time.perf_counter()
    reducer, early = fit_map(early_vectors, seed)
    early_s = time.perf_counter() - t
    mapping = match_areas(early.area, full.area[~held])
    ceiling = float(np.mean([mapping[a] == f for a, f in zip(early.area, full.area[~held])]))
    truth = full.area[held]

    def score(area):
        return float(np.mean([mapping[int(a)] == f for a, f in zip(area, truth)]))

    reducer.transform(held_vectors[:2])  # compile UMAP's transform first: time the placing only
    t = time.perf_counter()
    umap_area, umap_xy = old_place_areas(reducer, early, held_vectors)
    rows = {"umap": {"agrees_with_full_build": score(umap_area),
                     "picture_agrees": picture_agrees(umap_xy, umap_area, reducer.map_embedding_, early.area),
                     "s_per_1000": (time.perf_counter() - t) / len(held_vectors) * 1000}}
    base = MapModel(model_name=model, ids=np.array(corpus.ids, dtype=str)[~held],
                    cluster_embedding=reducer.cluster_embedding_, map_embedding=reducer.map_embedding_,
                    topic=early.topic, area=early.area, topic_area=early.topic_area,
                    vote_share=float(early.params["vote_share_used"]))
    corpus16 = early_vectors.astype(np.float16)  # as the bundle stores them
    for k in (5, 15, 30):
        t = time.perf_counter()
        spots = locate(dataclasses.replace(base, neighbours=k), corpus16, held_vectors)
        rows[f"knn k={k}"] = {"agrees_with_full_build": score(spots.area),
                              "picture_agrees": picture_agrees(spots.shown_xy, spots.area, reducer.map_embedding_,
                                                               early.area),
                              "agrees_with_umap": float((spots.area == umap_area).mean()),
                              "unassigned_topic": float((spots.topic < 0).mean()),
                              "s_per_1000": (time.perf_counter() - t) / len(held_vectors) * 1000}
    return {"corpus": corpus_name, "model": model, "seed": seed, "records": n, "held_out": int(held.sum()),
            "early_areas": int(early.area.max()) + 1, "full_areas": int(full.area.max()) + 1,
            "ceiling": ceiling, "fit_s": {"full": round(full_s, 1), "early": round(early_s, 1)},
            "rows": rows, "code": common.code_version()}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", default="gpatents", choices=["gpatents", "uspto"])
    p.add_argument("--model", default="minilm", choices=["minilm", "use", "tfidf"])
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--holdout", type=float, default=0.1)
    p.add_argument("--json", type=Path, default=None)
    args = p.parse_args(argv)
    r = run(args.corpus, args.model, args.seed, args.holdout)
    print(f"{r['corpus']} / {r['model']} / seed {r['seed']}: {r['records']:,} records, {r['held_out']} held out; "
          f"early map {r['early_areas']} areas, full build {r['full_areas']}; matching ceiling {r['ceiling']:.1%}")
    print("| placement | agrees with full build | star in its area's colour | agrees with UMAP | "
          "topic unassigned | s per 1,000 texts |")
    print("|---|---|---|---|---|---|")
    for name, row in r["rows"].items():
        other = row.get("agrees_with_umap")
        unassigned = row.get("unassigned_topic")
        print(f"| {name} | {row['agrees_with_full_build']:.1%} | {row['picture_agrees']:.1%} | "
              f"{'—' if other is None else f'{other:.1%}'} | {'—' if unassigned is None else f'{unassigned:.1%}'} | "
              f"{row['s_per_1000']:.2f} |")
    print(common.NOISE_NOTE + "; " + r["code"])
    if args.json:
        args.json.write_text(json.dumps(r, indent=2))


if __name__ == "__main__":
    main()
