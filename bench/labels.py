"""Area and topic labels on real exports: repeated labels, code-only labels, claim words.

    .venv/bin/python bench/labels.py [--corpora offshore,cnki,waste-heat] [--model tfidf]

Each corpus is imported into a fresh temporary workspace and built into a map (seed 42); the
bundle's ``clusters`` (areas) and ``topics`` tables are then read. Per map and language it
prints: how many areas and topics, how many of them share their label with another one
(issue 11: "B01D71 类" four times), how many are named by codes only (no words of that
language in the area: "G09G5 类（显示控制）" or WIPO's English titles), and how many label
terms are claim words or pronouns (权利, 它们, wherein). Run it at another commit with
``PYTHONPATH=<checkout>`` to compare.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("NUMBA_CACHE_DIR", "/tmp/numba-bench")

CORPORA = Path(os.environ.get("LANDSCAPE_CORPORA") or Path(__file__).resolve().parents[1].parent / "shared" / "corpora")
INPUTS = {
    "offshore": "raw/gpatents-landscapes-teamlab/offshore_plant.csv",           # English, Google BigQuery
    "satellite": "raw/gpatents-landscapes-teamlab/orbit_satellite.csv",         # English, Google BigQuery
    "cnki": "raw/cnki-sysu-cn-export/Patent.csv",                               # Chinese, CNKI
    "waste-heat": "raw/gpatents-waste-heat-multilingual/Abstract",              # Chinese + English + others
}
BAD_WORDS = {"权利", "要求", "权利要求", "它们", "其", "所述", "该", "根据", "其特征在于", "包括",
             "claim", "claims", "said", "wherein", "it", "they", "thereof"}


def _row(name: str, kind: str, table, lang: str) -> dict:
    labels = table[f"label_{lang}"].fillna("")
    terms = table[f"terms_{lang}"]
    return {"map": name, "level": kind, "lang": lang, "n": len(table),
            "repeated": int(labels.duplicated(keep=False).sum()),
            "codes_only": int(sum(len(t) == 0 for t in terms)),
            "claim_words": int(sum(w in BAD_WORDS for t in terms for term in t for w in term.split())),
            "examples": " | ".join(labels.head(3))}


def run(corpus: str, model: str) -> list[dict]:
    from landscape import pipeline
    from landscape.maps import read_bundle

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp)
        src = CORPORA / INPUTS[corpus]
        pipeline.ingest([src], ws, show_progress=False)
        t = time.perf_counter()
        pipeline.build(ws, name=corpus, ids=pipeline.ids_in([src]),
                       options=pipeline.BuildOptions(model=model, seed=42, show_progress=False))
        seconds = time.perf_counter() - t
        b = read_bundle(ws, corpus)
        rows = [_row(corpus, kind, table, lang) for kind, table in (("areas", b.clusters), ("topics", b.topics))
                for lang in ("en", "zh")]
        for r in rows:
            r["build_s"] = round(seconds, 1)
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default="offshore,satellite,cnki,waste-heat")
    parser.add_argument("--model", default="tfidf")
    args = parser.parse_args()
    print("| map | level | lang | n | repeated | codes only | claim words | first labels |")
    print("|---|---|---|---|---|---|---|---|")
    for corpus in args.corpora.split(","):
        for r in run(corpus, args.model):
            print(f"| {r['map']} | {r['level']} | {r['lang']} | {r['n']} | {r['repeated']} | {r['codes_only']} "
                  f"| {r['claim_words']} | {r['examples'][:90]} |", flush=True)


if __name__ == "__main__":
    main()
