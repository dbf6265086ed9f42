"""Label stability of ``landscape update --rebuild``: do areas keep their ids and labels when a map
is rebuilt with 10 % more records?

    PYTHONPATH=. .venv/bin/python bench/rebuild.py [--corpus lens|uspto|both] [--model tfidf]
                                                  [--holdout 0.1] [--seed 42] [--json OUT.json]

A real export (shared/corpora) is imported into a scratch workspace; a map is built (and analysed)
on a seeded random 90 % of its records, then rebuilt with all of them
(``landscape.rebuild.rebuild(..., add_ids=the other 10 %)``, what ``update --rebuild`` does after
``watch`` has added them). For the patents of the first map it reports the share

- whose area id survives: same id before and after;
- whose label survives: the area they are in after has the label their area had before
  (English and Chinese separately);

with matching (the published version) and without (the refit's own ids and labels: what a plain
rebuild would publish), the matching table's counts and the seconds taken. TF-IDF is the default
model: sentence-transformers take minutes per thousand abstracts on the 2 shared cores.
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

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

EXPORTS = {"lens": "raw/lens-physical-ai-robotics/pai.csv", "uspto": common.USPTO_FILE}


def stability(before, after, matching: pd.DataFrame) -> dict:
    """Shares of the first map's patents whose area id and label survive, with and without matching."""
    pts = before.points[["id", "area"]].merge(after.points[["id", "area"]], on="id", suffixes=("_old", "_new"))
    m = matching[matching["status"].isin(["kept", "split", "new"])].set_index("area")  # one row per area
    pts["built"] = m["built_area"].reindex(pts["area_new"]).to_numpy()
    old = before.clusters.set_index("id")
    out = {"patents": int(len(pts)), "matched": {}, "plain": {}}
    out["matched"]["area_id"] = float((pts["area_old"] == pts["area_new"]).mean())
    out["plain"]["area_id"] = float((pts["area_old"] == pts["built"]).mean())
    for lang in ("en", "zh"):
        col = f"label_{lang}"
        was = old[col].reindex(pts["area_old"]).to_numpy()
        now = m[col].reindex(pts["area_new"]).to_numpy()
        refit = m[f"refit_{col}"].reindex(pts["area_new"]).to_numpy()
        out["matched"][col] = float(np.mean(was == now))
        out["plain"][col] = float(np.mean(was == refit))
    return out


def run(name: str, path: Path, model: str, holdout: float, seed: int, scratch: Path) -> dict:
    from landscape import pipeline
    from landscape.maps import read_bundle
    from landscape.rebuild import rebuild

    ws = scratch / name
    t = time.perf_counter()
    pipeline.ingest([path], ws, show_progress=False)
    ids = pipeline.ids_in([path])
    rng = np.random.default_rng(seed)
    held = set(rng.choice(ids, size=int(round(holdout * len(ids))), replace=False).tolist())
    first = [i for i in ids if i not in held]
    t_ingest = time.perf_counter() - t
    t = time.perf_counter()
    pipeline.build(ws, name=name, ids=first, options=pipeline.BuildOptions(model=model, seed=seed, show_progress=False),
                   analysis=pipeline.AnalyseOptions())
    t_build = time.perf_counter() - t
    before = read_bundle(ws, name)
    t = time.perf_counter()
    result = rebuild(ws, name, add_ids=sorted(held), show_progress=False)
    t_rebuild = time.perf_counter() - t
    after = read_bundle(ws, name)
    return {"corpus": name, "file": str(path.relative_to(common.corpora_dir())), "model": model,
            "records_first": int(len(before.points)), "records_rebuilt": int(len(after.points)),
            "areas_first": int(len(before.clusters)), "areas_rebuilt": int(len(after.clusters)),
            "matching": result["areas"], "labels_kept_of_kept_areas": result["labels"],
            **stability(before, after, after.table("area_matching")),
            "seconds": {"ingest": round(t_ingest, 1), "build_and_analyse": round(t_build, 1),
                        "rebuild_total": round(t_rebuild, 1), "rebuild_refit": result["timings"]["build"]}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=["lens", "uspto", "both"], default="both")
    ap.add_argument("--model", default="tfidf")
    ap.add_argument("--holdout", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    names = ["lens", "uspto"] if args.corpus == "both" else [args.corpus]
    rows = []
    with tempfile.TemporaryDirectory(prefix="landscape-rebuild-") as scratch:
        for name in names:
            rows.append(run(name, common.corpora_dir() / EXPORTS[name], args.model, args.holdout, args.seed,
                            Path(scratch)))
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    print(f"\n{common.code_version()}; {common.NOISE_NOTE}")
    print("| corpus | patents (first / rebuilt) | areas | kept / split / new / merged / vanished | "
          "area id survives: matched / plain | label en survives: matched / plain | "
          "label zh survives: matched / plain | rebuild s |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        a = r["matching"]
        print(f"| {r['corpus']} | {r['records_first']:,} / {r['records_rebuilt']:,} | {r['areas_first']} → "
              f"{r['areas_rebuilt']} | {a['kept']} / {a['split']} / {a['new']} / {a['merged']} / {a['vanished']} | "
              f"{r['matched']['area_id']:.3f} / {r['plain']['area_id']:.3f} | "
              f"{r['matched']['label_en']:.3f} / {r['plain']['label_en']:.3f} | "
              f"{r['matched']['label_zh']:.3f} / {r['plain']['label_zh']:.3f} | {r['seconds']['rebuild_total']} |")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
