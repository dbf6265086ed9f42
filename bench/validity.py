"""Do white spaces get filled? The time-split backtest on real corpora.

For each corpus: import the real export, build its map, then for each cut-off year map the
records up to that year, find the white spaces, place the later records on that map and
compare the share landing in the white spaces with random regions of the same shapes
(ratio > 1: white spaces attract later filings more than chance; < 1: less), and with the
share of the early map's own density inside them (dens: > 1 means later filings moved
into the white spaces faster than the early map's density there predicts).

    python bench/validity.py [--model auto|minilm|use|tfidf] [--corpus uspto,lens] [--workspace DIR]

Reads the real data from $LANDSCAPE_CORPORA or ../shared/corpora. Prints one line per
corpus and year; figures go to bench/RESULTS.md by hand with this command.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from landscape import pipeline  # noqa: E402
from landscape.demo import demo_data_dir  # noqa: E402

CORPORA = {
    # name: (export under raw/, cut-off years)
    "uspto": ("uspto-random-sample-pygrams", (2009, 2011, 2013)),
    "lens": ("lens-physical-ai-robotics/pai.csv", (2018, 2020, 2022)),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="auto")
    ap.add_argument("--corpus", default="uspto,lens")
    ap.add_argument("--workspace", type=Path, default=Path("/tmp/landscape-bench/validity"))
    ap.add_argument("--draws", type=int, default=200)
    args = ap.parse_args()
    raw = demo_data_dir() / "raw"
    print(f"{'corpus':<8} {'until':>5} {'early':>6} {'later':>6} {'spaces':>6} {'inside':>6} "
          f"{'fill':>7} {'random':>15} {'ratio':>6} {'z':>6} {'p':>6} {'dens':>6} {'secs':>6}")
    for name in args.corpus.split(","):
        export, years = CORPORA[name]
        src = raw / export
        pipeline.ingest([src], args.workspace, show_progress=False)
        ids = pipeline.ids_in([src])
        pipeline.build(args.workspace, name=name, ids=ids,
                       options=pipeline.BuildOptions(model=args.model, show_progress=False))
        for until in years:
            t = time.perf_counter()
            try:
                r = pipeline.backtest(args.workspace, name, until, draws=args.draws, show_progress=False)
            except pipeline.BuildError as err:
                print(f"{name:<8} {until:>5} skipped: {err}")
                continue
            print(f"{name:<8} {until:>5} {r['early_records']:>6} {r['later_records']:>6} {r['white_spaces']:>6} "
                  f"{r['inside']:>6} {r['fill_rate']:>7.2%} {r['random_mean']:>7.2%}±{r['random_std']:<6.2%} "
                  f"{r['ratio']:>6.2f} {r['z']:>6.1f} {r.get('p_value', float('nan')):>6.3f} "
                  f"{r.get('density_ratio', float('nan')):>6.2f} "
                  f"{time.perf_counter() - t:>6.0f}", flush=True)


if __name__ == "__main__":
    main()
