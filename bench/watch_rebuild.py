"""Build → watch → rebuild, chained on one map: what a user does over a year, measured.

    PYTHONPATH=. .venv/bin/python bench/watch_rebuild.py [--corpus lens|uspto|both] [--model tfidf]
                                                        [--seed 42] [--json OUT.json]

A real export split by year (``bench/watch.py``'s ``SPLITS``: the Lens robotics export by filing
year, early = up to 2021; the USPTO sample by publication year, early = up to 2012) is imported
into a scratch workspace, and on one map:

1. ``build`` (and analyse) the early records: version 1;
2. ``landscape.watch.watch_records`` (what ``landscape watch`` does after importing) places the
   later records on it: version 2, with drift (share far, dense regions, whether a rebuild is
   suggested) and the seconds per 1,000 new records;
3. ``landscape.rebuild.rebuild`` (what ``landscape update --rebuild`` does) refits that watched
   map on all its records, its areas matched to version 2's: version 3.

Reported: the agreement of the watched areas with the rebuild's, for the new records and for
the early ones (``bench/watch.py``'s ``agreement``: ARI, and the share whose watched area,
mapped to the rebuilt area holding most of its early records, is their rebuilt area); label
stability after the rebuild (``bench/rebuild.py``'s ``stability``, on the early records against
version 1, and on the new ones against the areas they were placed in: share whose area id
survives, whose English / Chinese label survives, matched and plain); the matching's counts
(kept / split / new / merged / vanished); the seconds of each step.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (sets the offline / numba environment before anything else)

import argparse  # noqa: E402
import json  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import rebuild as rebuild_bench  # noqa: E402  (bench/rebuild.py)
import watch as watch_bench  # noqa: E402  (bench/watch.py)


def run(corpus: str, model: str, seed: int, scratch: Path) -> dict:
    from landscape import pipeline
    from landscape.maps import read_bundle
    from landscape.rebuild import rebuild
    from landscape.watch import watch_records

    _, date_field, until = watch_bench.SPLITS[corpus]
    ws, name = scratch / corpus, corpus
    t = time.perf_counter()
    path, early, later = watch_bench.import_split(corpus, ws)
    seconds = {"ingest": time.perf_counter() - t}

    t = time.perf_counter()
    pipeline.build(ws, name=name, ids=early, options=pipeline.BuildOptions(model=model, seed=seed, show_progress=False),
                   analysis=pipeline.AnalyseOptions())
    seconds["build_early"] = time.perf_counter() - t
    first = read_bundle(ws, name)

    t = time.perf_counter()
    watched_result = watch_records(ws, name, later, files=[str(path)])
    seconds["watch"] = time.perf_counter() - t
    watched = read_bundle(ws, name)

    t = time.perf_counter()
    result = rebuild(ws, name, show_progress=False)
    seconds["rebuild"] = time.perf_counter() - t
    seconds["rebuild_refit"] = result["timings"]["build"]
    after = read_bundle(ws, name)
    matching = after.table("area_matching")

    new = watched.points["added_in"].notna()
    n_new = int(watched_result.added)
    # Early records against the early map (version 1); new ones against the areas they were placed in.
    early_stab = rebuild_bench.stability(first, after, matching)
    new_stab = rebuild_bench.stability(SimpleNamespace(points=watched.points[new], clusters=watched.clusters),
                                       after, matching)
    labels_moved_by_watch = {
        lang: int((first.clusters.set_index("id")[f"label_{lang}"]
                   != watched.clusters.set_index("id")[f"label_{lang}"].reindex(first.clusters["id"])).sum())
        for lang in ("en", "zh")}
    drift = watched_result.drift
    return {
        "corpus": corpus, "file": str(path.relative_to(common.corpora_dir())), "model": model, "seed": seed,
        "split": f"{date_field[:-5]} year <= {until}",
        "early_records": int(len(first.points)), "new_records": n_new,
        "already_on_map": watched_result.already_on_map, "rebuilt_records": int(len(after.points)),
        "versions": [int(b.manifest.get("version") or 1) for b in (first, watched, after)],
        "areas": {"early": int(len(first.clusters)), "watched": int(len(watched.clusters)),
                  "rebuilt": int(len(after.clusters))},
        "drift": {k: drift.get(k) for k in ("share_far", "share_far_map", "new_dense_regions", "suggest_rebuild")},
        "changes": watched_result.as_json()["changes"],
        "agreement": watch_bench.agreement(watched.points, after.points.set_index("id")["area"]),
        "matching": result["areas"], "labels_kept_of_kept_areas": result["labels"],
        "same_area_share": round(result["same_area_share"], 3),
        "labels_changed_by_watch": labels_moved_by_watch,
        "stability_early": early_stab, "stability_new": new_stab,
        "seconds": {k: round(v, 1) for k, v in seconds.items()},
        "s_per_1000_new": {"place": watched_result.placement.get("seconds_per_1000"),
                           "watch": round(1000 * seconds["watch"] / max(n_new, 1), 2),
                           "rebuild": round(1000 * seconds["rebuild"] / max(n_new, 1), 2)},
        "code": common.code_version()}


def table(rows: list[dict]) -> str:
    out = ["| corpus, split, model | early / new | areas v1 → watched → rebuilt | far (map's own) · dense · "
           "rebuild suggested | agree new (old) | ARI new (old) | kept / split / new / merged / vanished | "
           "early: area id / label en / label zh survive (plain) | new: placed area id / label en / zh survive | "
           "s: build / watch / rebuild | s per 1,000 new: place / watch |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        a, m, d, s = r["agreement"], r["matching"], r["drift"], r["seconds"]
        e, n = r["stability_early"], r["stability_new"]
        far = f"{d['share_far']:.1%} ({d['share_far_map']:.1%})" if d["share_far"] is not None else "—"
        out.append(
            f"| {r['corpus']}, {r['split']}, {r['model']} | {r['early_records']:,} / {r['new_records']:,} | "
            f"{r['areas']['early']} → {r['areas']['watched']} → {r['areas']['rebuilt']} | "
            f"{far} · {d['new_dense_regions']} · {'yes' if d['suggest_rebuild'] else 'no'} | "
            f"{a['agree_new']:.3f} ({a['agree_old']:.3f}) | {a['ari_new']:.3f} ({a['ari_old']:.3f}) | "
            f"{m['kept']} / {m['split']} / {m['new']} / {m['merged']} / {m['vanished']} | "
            f"{e['matched']['area_id']:.3f} / {e['matched']['label_en']:.3f} / {e['matched']['label_zh']:.3f} "
            f"({e['plain']['area_id']:.3f} / {e['plain']['label_en']:.3f} / {e['plain']['label_zh']:.3f}) | "
            f"{n['matched']['area_id']:.3f} / {n['matched']['label_en']:.3f} / {n['matched']['label_zh']:.3f} | "
            f"{s['build_early']} / {s['watch']} / {s['rebuild']} | "
            f"{r['s_per_1000_new']['place']} / {r['s_per_1000_new']['watch']} |")
    return "\n".join(out)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=["lens", "uspto", "both"], default="both")
    ap.add_argument("--model", default="tfidf")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="landscape-watch-rebuild-") as scratch:
        for corpus in (["lens", "uspto"] if args.corpus == "both" else [args.corpus]):
            rows.append(run(corpus, args.model, args.seed, Path(scratch)))
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    print(f"\n{common.code_version()}; {common.NOISE_NOTE}")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
