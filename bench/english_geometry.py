"""The demo's mixed-language industry maps built as `--model auto` builds them (USE laid out in
MiniLM's geometry, landscape.embed.borrow) and with `--model use` (USE's own geometry), side by
side: areas vs the patents' IPC/CPC subclass (AMI, a proxy for "areas follow technology") and
the map's language balance (landscape.analyse.language_balance).

    .venv/bin/python bench/english_geometry.py [--workspace /tmp/landscape-bench/geometry] [--maps led,plastics,packaging]

The workspace gets the demo's exports imported once (landscape.demo.import_demo_data); later
runs reuse its embedding cache.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_mutual_info_score

from landscape import pipeline
from landscape.analyse.language_balance import first_subclasses
from landscape.demo import import_demo_data
from landscape.maps import read_bundle


def code_ami(points) -> tuple[float, int]:
    """AMI between clusters and first subclasses over the patents that have both."""
    sub = np.array(first_subclasses(points["codes"]), dtype=object)
    keep = np.array([s is not None for s in sub]) & (points["cluster"].to_numpy() >= 0)
    return adjusted_mutual_info_score(sub[keep].astype(str), points["cluster"].to_numpy()[keep]), int(keep.sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workspace", type=Path, default=Path("/tmp/landscape-bench/geometry"))
    ap.add_argument("--maps", default="led,plastics,packaging")
    args = ap.parse_args()
    if not (args.workspace / "landscape.duckdb").exists():
        import_demo_data(args.workspace)
    print("| map | build | geometry | areas | AMI areas·subclass (n) | AMI areas·language | agreement (within text type) | verdict | s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for corpus in args.maps.split(","):
        for model in ("auto", "use"):
            name = f"{corpus}-{model}"
            t = time.perf_counter()
            pipeline.build(args.workspace, name=name, corpus=corpus,
                           options=pipeline.BuildOptions(model=model, show_progress=False))
            seconds = time.perf_counter() - t
            b = read_bundle(args.workspace, name)
            geometry = b.manifest["model"].get("english_geometry") or {"used": False, "why": "--model use"}
            said = (f"MiniLM's (fit on {geometry['fitted_on']}, cosine {geometry['held_out_cosine']:.2f})"
                    if geometry["used"] else f"USE's ({geometry['why']})")
            ami, n = code_ami(b.points)
            lb = b.manifest["language_balance"]
            language = lb["language"]
            print(f"| {corpus} | {model} | {said} | {b.manifest['areas']} | {ami:.3f} ({n}) | {language.get('ami')} | "
                  f"{language.get('agreement')} ({language.get('agreement_controlled')}) | {lb['verdict']} | {seconds:.0f} |")


if __name__ == "__main__":
    main()
