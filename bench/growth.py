"""Growth figures that contradict themselves, per demo map: the rules before "one home per
rule" (issue 11) and now, run in one process on the same bundles.

    .venv/bin/python bench/growth.py [--workspace DIR] [--before COMMIT]

The demo maps are built once into ``DIR`` (default ``/tmp/landscape-growth-bench``) from
``../shared/corpora`` with the TF-IDF model and analysed (see ``bench/alerts.py``,
whose builder this reuses). "Before" is ``landscape/analyse/trends.py`` and
``map_tables.growth`` as they were at ``COMMIT`` (default ``dd9eabf``), loaded from
``git show`` into temporary modules and run on each bundle's points; "after" is what
``analyse`` wrote (``trend_summary.parquet``) and the areas table of the bundle.

Counted per map:
- ``status vs sign``: an area whose status says the opposite of its own growth figure
  (cooling at a positive CAGR, emerging/growing at a negative one);
- ``no figure``: areas whose growth column was None/NaN without saying "too few";
- ``tables disagree``: the areas table's growth and the trend table's growth point different
  ways (before) or are not the same number (after).
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BEFORE = "dd9eabf"


def _old_module(commit: str, path: str, name: str):
    text = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout
    tmp = Path(tempfile.mkdtemp()) / f"{name}.py"
    tmp.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, tmp)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _sign_against_status(status, rate) -> bool:
    return (status == "cooling" and rate > 0) or (status in ("emerging", "growing") and rate < 0)


def compare(bundle, old_trends, old_tables) -> dict:
    pts, clusters = bundle.points, bundle.clusters
    old = old_trends.area_trend_summary(pts, clusters)
    last = int(pts["year"].max()) - 2  # the old rule: the newest year minus two
    old_growth = {int(a): old_tables.growth(pts.loc[pts["cluster"] == a, "year"], last) for a in clusters["id"]}
    new = bundle.table("trend_summary")
    areas = clusters.set_index("id")["growth"]
    return {
        "areas": len(clusters),
        "before_status_vs_sign": int(sum(_sign_against_status(s, r) for s, r in zip(old["status"], old["cagr"]))),
        "before_no_figure": sum(g is None for g in old_growth.values()),
        "before_tables_disagree": sum(1 for a, r in zip(old["area"], old["cagr"])
                                      if old_growth.get(int(a)) not in (None, 0) and np.sign(old_growth[int(a)]) != np.sign(r)),
        "after_status_vs_sign": int(sum(_sign_against_status(s, r) for s, r in zip(new["status"], new["growth"].fillna(0)))),
        "after_no_figure": int((new["growth"].isna() & (new["status"] != "too few")).sum()),
        "after_tables_disagree": int(sum(1 for a, r in zip(new["area"], new["growth"])
                                         if not (np.isnan(r) and np.isnan(areas[a])) and not np.isclose(r, areas[a]))),
        "after_too_few": int((new["status"] == "too few").sum()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=Path("/tmp/landscape-growth-bench"))
    parser.add_argument("--before", default=BEFORE)
    args = parser.parse_args()
    from alerts import build_demo_maps

    from landscape.maps import read_bundle
    from landscape.pipeline import analyse

    names = build_demo_maps(args.workspace)
    old_trends = _old_module(args.before, "landscape/analyse/trends.py", "old_trends")
    old_tables = _old_module(args.before, "landscape/map_tables.py", "old_map_tables")
    print(f"# growth contradictions, before ({args.before}) and after, {dt.date.today()}")
    print("| map | areas | before: status vs sign | before: no figure | before: tables disagree | "
          "after: status vs sign | after: no figure | after: tables disagree | after: too few |")
    print("|---|---|---|---|---|---|---|---|---|")
    total: dict[str, int] = {}
    for name in names:
        if not (args.workspace / "maps" / name / "trend_summary.parquet").exists():
            analyse(args.workspace, name)
        row = compare(read_bundle(args.workspace, name), old_trends, old_tables)
        total = {k: total.get(k, 0) + v for k, v in row.items()}
        print(f"| {name} | " + " | ".join(str(v) for v in row.values()) + " |")
    print("| **all** | " + " | ".join(str(v) for v in total.values()) + " |")


if __name__ == "__main__":
    main()
