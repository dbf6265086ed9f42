"""My invention: how fast one description is answered, and whether the patent it describes is found.

    .venv/bin/python bench/invention.py [--workspace DIR] [--part speed,encode,concepts,app]
                                        [--app-root DIR] [--json OUT.json]

The real exports (CNKI ``Patent.csv``, the three Google Patents landscapes, the USPTO sample) are
imported into ``--workspace`` (default ``/tmp/landscape-bench/invention``) and two maps are built
with ``landscape build`` once (later runs reuse them; the store caches the vectors):

- ``invention-speed``: 10,000 records (all CNKI and Google ones, then USPTO ones by id), TF-IDF.
- ``invention-concepts``: 6,143 mixed records (CNKI 1,467 zh; Google 3,676 and the first
  1,000 USPTO ids, en), multilingual USE.

Parts:

``speed``   one description on the 10k map, model loaded: ``place`` with the search index kept
            (what the app does now), without it (what one CLI call pays), re-ranking on and off.
``encode``  one query through the real models (USE, MiniLM), loaded: one thread (now) against the
            two-thread pools each library uses by default (before).
``concepts`` the concept-query benchmark ``bench/data/invention_queries.csv``: short descriptions
            written for this bench in our own words, each of one real patent: ``cross`` in the
            other language (English for CNKI patents, Chinese for Google/USPTO ones), ``same`` in
            the patent's language, ``cross+subclass`` the cross ones with the target's subclass
            typed after them. Recall@1, @10 and MRR of the target (a row counts when the target
            is one of its publications) with re-ranking off, on (default), and variants; how often
            the zh and en descriptions of one patent land in the same area.
``app``     the My-invention page (Streamlit AppTest) on the 10k map: page, first and later
            queries; ``--app-map`` picks the map, ``--app-root`` runs another checkout's app.py (an
            older commit exported with ``git archive``; run it with ``PYTHONPATH`` on that copy
            so its own ``landscape`` is imported) on the same map.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (sets the offline / numba environment before anything else)

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "bench" / "data" / "invention_queries.csv"
FILES = ("raw/cnki-sysu-cn-export/Patent.csv", "raw/gpatents-landscapes-teamlab",
         "raw/uspto-random-sample-pygrams")
SPEED_MAP, CONCEPT_MAP = "invention-speed", "invention-concepts"


def ensure_maps(ws: Path) -> None:
    from landscape import pipeline
    from landscape.maps import list_bundles
    from landscape.store import Store

    if {SPEED_MAP, CONCEPT_MAP} <= set(list_bundles(ws)):
        return
    pipeline.ingest([common.corpora_dir() / f for f in FILES], ws, show_progress=False)
    with Store.open(ws, read_only=True) as store:
        records = store.records("true", [])
    formats = records["formats"].astype(str)
    cnki = sorted(records.loc[formats.str.contains("cnki"), "id"])
    google = sorted(records.loc[formats.str.contains("google"), "id"])
    uspto = sorted(records.loc[formats.str.contains("jsonl"), "id"])
    plans = {SPEED_MAP: (cnki + google + uspto[:10_000 - len(cnki) - len(google)], "tfidf"),
             CONCEPT_MAP: (cnki + google + uspto[:1000], "use")}
    for name, (ids, model) in plans.items():
        if name not in list_bundles(ws):
            t = time.perf_counter()
            pipeline.build(ws, name=name, ids=ids, options=pipeline.BuildOptions(model=model, show_progress=False))
            print(f"built {name}: {len(ids):,} records, {model}, {time.perf_counter() - t:.0f} s", file=sys.stderr)


def queries() -> list[dict]:
    with open(QUERIES, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _summary(seconds: list[float]) -> dict:
    return {"median_s": round(statistics.median(seconds), 4), "p90_s": round(float(np.percentile(seconds, 90)), 4),
            "max_s": round(max(seconds), 4), "n": len(seconds)}


def speed(ws: Path) -> dict:
    from landscape.maps import read_bundle
    from landscape.match_evidence import RerankSettings
    from landscape.place import SearchIndex, place

    out = {}
    t = time.perf_counter()
    bundle = read_bundle(ws, SPEED_MAP)
    out["read_bundle_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    embedder = bundle.model().embedder()
    embedder.encode(["warm up"])
    out["model_and_embedder_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    index = SearchIndex.of(bundle)
    out["search_index_s"] = round(time.perf_counter() - t, 3)
    texts = [q["query"] for q in queries()]
    place(bundle, ["预热 warm-up"], embedder=embedder, index=index)  # as the app's placer: jieba loads here
    for label, kwargs in (("index kept, re-ranked", {"index": index}),
                          ("index kept, not re-ranked", {"index": index, "rerank": RerankSettings(enabled=False)}),
                          ("index read per query (CLI)", {})):
        seconds = []
        for text in texts if "CLI" not in label else texts[:10]:
            t = time.perf_counter()
            place(bundle, [text], k=15, embedder=embedder, **kwargs)
            seconds.append(time.perf_counter() - t)
        out[label] = _summary(seconds)
    out["patents"] = len(bundle.points)
    return out


def encode() -> dict:
    """One query through each real model, loaded: one thread vs the libraries' default pools."""
    from threadpoolctl import threadpool_limits

    from landscape.embed.registry import get_embedder

    texts = [q["query"] for q in queries()][:20]
    out = {}
    for name in ("use", "minilm"):
        t = time.perf_counter()
        embedder = get_embedder(name)
        embedder.encode(["warm up"])
        row = {"load_s": round(time.perf_counter() - t, 1)}
        one = []
        for text in texts:
            t = time.perf_counter()
            embedder.encode([text])  # what place() runs: one thread for a query
            one.append(time.perf_counter() - t)
        two = []
        for text in texts:  # as before: the library's own pool of two threads
            t = time.perf_counter()
            if name == "use":
                embedder.model.threads = 2
                embedder.model.encode([text])
            else:
                with threadpool_limits(limits=2):
                    embedder.model.encode([text], normalize_embeddings=True, show_progress_bar=False)
            two.append(time.perf_counter() - t)
        row.update({"one thread": _summary(one), "two threads (before)": _summary(two)})
        out[name] = row
    return out


VARIANTS = {
    "off (cosine only)": {"enabled": False},
    "on (default: w=0.1, other language keeps its places)": {},
    "on, w=0.05": {"term_weight": 0.05, "code_weight": 0.05},
    "on, w=0.2": {"term_weight": 0.2, "code_weight": 0.2},
    "on, w=0.1, words move every language": {"keep_language_slots": False},
}


def concepts(ws: Path) -> dict:
    from landscape.maps import read_bundle
    from landscape.match_evidence import RerankSettings
    from landscape.place import SearchIndex, place

    bundle = read_bundle(ws, CONCEPT_MAP)
    embedder, index = bundle.model().embedder(), SearchIndex.of(bundle)
    row_of = {p: i for i, pubs in enumerate(index.publications) for p in pubs}
    qs = [q for q in queries() if q["id"] in row_of]
    # A user who knows the field types its subclass: the cross-language queries again, each with
    # the subclass of the target's first code appended ("... G06V").
    qs += [dict(q, set="cross+subclass", query=f"{q['query']} {index.codes[row_of[q['id']]][0][:4]}")
           for q in qs if q["set"] == "cross" and len(index.codes[row_of[q["id"]]])]
    missing = sorted({q["id"] for q in queries()} - set(row_of))
    out = {"patents": len(bundle.points), "queries": len(qs), "targets_not_on_map": missing, "variants": {}}
    for label, options in VARIANTS.items():
        settings = RerankSettings(**options)
        ranks, areas = [], {}
        for q in qs:
            (spot,) = place(bundle, [q["query"]], k=settings.candidates, embedder=embedder, index=index,
                            rerank=settings)
            hit = [i for i, pubs in enumerate(spot["nearest"]["publications"]) if q["id"] in pubs]
            if q["set"] != "cross+subclass":
                areas.setdefault(q["id"], {})[q["lang"]] = spot["area"]
            ranks.append((q["set"], hit[0] + 1 if hit else None))
        # The user's report: a Chinese and an English description of one idea landed in two areas.
        pairs = [a for a in areas.values() if len(a) == 2]
        out["zh_en_same_area"] = f"{sum(a['zh'] == a['en'] for a in pairs)}/{len(pairs)}"
        rows = {}
        for which in ("cross", "same", "cross+subclass"):
            r = [rank for s, rank in ranks if s == which]
            found = [x for x in r if x is not None]
            rows[which] = {"n": len(r), "recall@1": round(sum(x <= 1 for x in found) / len(r), 3),
                           "recall@10": round(sum(x <= 10 for x in found) / len(r), 3),
                           "mrr": round(sum(1 / x for x in found) / len(r), 3),
                           "median_rank": statistics.median([x if x is not None else 999 for x in r])}
        rows["ranks"] = [rank for _, rank in ranks]  # None: not among the candidates
        out["variants"][label] = rows
    return out


def app(ws: Path, app_root: Path, map_name: str) -> dict:
    from streamlit.testing.v1 import AppTest

    os.environ["LANDSCAPE_WORKSPACE"], os.environ["LANDSCAPE_LANG"] = str(ws), "en"
    sys.path.insert(0, str(app_root))
    at = AppTest.from_file(str(app_root / "app.py"), default_timeout=600)
    at.session_state["map"] = map_name
    at.run()
    t = time.perf_counter()
    at.switch_page("app_pages/invention.py").run()
    out = {"map": map_name, "app": str(app_root), "page_s": round(time.perf_counter() - t, 2), "queries_s": []}
    for q in [q["query"] for q in queries()][:6]:
        at.text_area(key="inv_text").input(q)
        t = time.perf_counter()
        at.button[0].click().run()
        out["queries_s"].append(round(time.perf_counter() - t, 2))
        assert not at.exception, [e.value for e in at.exception]
    return out


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workspace", type=Path, default=Path("/tmp/landscape-bench/invention"))
    p.add_argument("--part", default="speed,encode,concepts")
    p.add_argument("--app-root", type=Path, default=ROOT)
    p.add_argument("--app-map", default=SPEED_MAP, help=f"the map the app part uses ({SPEED_MAP} or {CONCEPT_MAP})")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    ensure_maps(args.workspace)
    parts = args.part.split(",")
    result = {"code": common.code_version(), "note": common.NOISE_NOTE}
    if "speed" in parts:
        result["speed"] = speed(args.workspace)
    if "encode" in parts:
        result["encode"] = encode()
    if "concepts" in parts:
        result["concepts"] = concepts(args.workspace)
    if "app" in parts:
        result["app"] = app(args.workspace, args.app_root.resolve(), args.app_map)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
