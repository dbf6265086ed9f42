"""Watching a map against rebuilding it: do records placed on a kept map get the areas a full
rebuild gives them, and how fast is watching?

    .venv/bin/python bench/watch.py [--corpus lens|uspto|both] [--model tfidf|minilm] [--json OUT.json]

A real export (``--corpus lens``: the Lens robotics export split by filing year, early = up to
2021; ``uspto``: the USPTO sample split by publication year, early = up to 2012) is imported
into a scratch workspace. ``build`` maps the early records (and analyses them); ``watch``
(``landscape.watch.watch_records``: what ``landscape watch`` does after importing) places the
later ones as version 3; a full ``build`` on the same records (same model and seed) is the
rebuild. Reported:

- ``ari_new``: adjusted Rand index of the watched and rebuilt areas of the new records;
- ``agree_new``: share of new records whose watched area maps to their rebuilt area, each
  watched area mapped to the rebuild area holding most of its records built with the map;
  ``agree_old`` is the same for those (the most the new records can be expected to reach);
- ``share_far`` (drift) and the seconds per 1,000 new records: placing (embedding + locate)
  and the whole watch (with the analyses run again and ``changes.parquet``).
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

SPLITS = {"lens": ("raw/lens-physical-ai-robotics/pai.csv", "filing_date", 2021),
          "uspto": ("raw/uspto-random-sample-pygrams/USPTO-random-10000_pub2005-2015.jsonl", "publication_date",
                    2012)}


def import_split(corpus: str, ws: Path) -> tuple[Path, list[str], list[str]]:
    """Import ``corpus``'s export into workspace ``ws``; its file and the ids of the early and
    later records (``SPLITS``: by filing or publication year)."""
    from landscape import pipeline
    from landscape.store import Store

    rel, date_field, until = SPLITS[corpus]
    path = common.corpora_dir() / rel
    pipeline.ingest([path], ws, show_progress=False)
    with Store.open(ws) as store:
        records = store.records()
    year = pd.to_datetime(records[date_field], errors="coerce").dt.year
    return path, records.loc[year <= until, "id"].tolist(), records.loc[year > until, "id"].tolist()


def agreement(points: pd.DataFrame, rebuilt: pd.Series) -> dict:
    """Watched areas (``points``: ``id``, ``area``, ``added_in``) against rebuilt ones (``rebuilt``:
    area by id), for the new records (``added_in`` set) and the old: ARI, and the share whose
    watched area, mapped to the rebuilt area holding most of its old records, is their rebuilt area."""
    from sklearn.metrics import adjusted_rand_score

    pts = points[points["id"].isin(rebuilt.index)]
    new = pts["added_in"].notna().to_numpy()
    mine, theirs = pts["area"].to_numpy(), rebuilt.loc[pts["id"]].to_numpy()
    mapping = {a: int(np.bincount(theirs[~new & (mine == a)]).argmax()) for a in np.unique(mine[~new])}
    mapped = np.array([mapping.get(a, -2) for a in mine])
    return {"ari_new": round(float(adjusted_rand_score(mine[new], theirs[new])), 3),
            "ari_old": round(float(adjusted_rand_score(mine[~new], theirs[~new])), 3),
            "agree_new": round(float((mapped[new] == theirs[new]).mean()), 3),
            "agree_old": round(float((mapped[~new] == theirs[~new]).mean()), 3)}


def run(corpus: str, model: str, seed: int = 42) -> dict:
    from landscape import pipeline
    from landscape.maps import read_bundle
    from landscape.watch import watch_records

    rel, date_field, until = SPLITS[corpus]
    ws = Path(tempfile.mkdtemp(prefix=f"bench-watch-{corpus}-"))
    path, early, later = import_split(corpus, ws)
    opts = pipeline.BuildOptions(model=model, seed=seed, show_progress=False)
    t = time.perf_counter()
    pipeline.build(ws, name="watched", ids=early, options=opts, analysis=pipeline.AnalyseOptions())
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    result = watch_records(ws, "watched", later, files=[str(path)])
    watch_s = time.perf_counter() - t
    watched = read_bundle(ws, "watched")
    docs = watched.table("documents")
    publications = sorted({p for ps in docs["publications"] for p in ps})
    t = time.perf_counter()
    pipeline.build(ws, name="rebuilt", ids=publications, options=opts)
    rebuild_s = time.perf_counter() - t
    rebuilt = read_bundle(ws, "rebuilt").points.set_index("id")["area"]
    n_new = int(result.added)
    return {"corpus": corpus, "model": model, "split": f"{date_field[:-5]} year <= {until}",
            "early_records": int(watched.manifest["records"]) - n_new, "new_records": n_new,
            "already_on_map": result.already_on_map, "areas_watched": int(watched.clusters["id"].nunique()),
            "areas_rebuilt": int(rebuilt.nunique()),
            **agreement(watched.points, rebuilt),
            "share_far": result.drift.get("share_far"), "share_far_map": result.drift.get("share_far_map"),
            "new_dense_regions": result.drift.get("new_dense_regions"),
            "changes": result.as_json()["changes"],
            "place_s_per_1000": result.placement.get("seconds_per_1000"),
            "watch_s_per_1000": round(1000 * watch_s / max(n_new, 1), 2),
            "build_early_s": round(build_s, 1), "watch_s": round(watch_s, 1), "rebuild_s": round(rebuild_s, 1),
            "code": common.code_version()}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=["lens", "uspto", "both"], default="both")
    ap.add_argument("--model", default="tfidf")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    rows = [run(c, args.model) for c in (["lens", "uspto"] if args.corpus == "both" else [args.corpus])]
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
