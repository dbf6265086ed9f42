"""Alert counts per demo map, by kind and severity: the rules before the "alerts worth reading"
rework (issue 11) and now, run in one process on the same bundles.

    .venv/bin/python bench/alerts.py [--workspace DIR] [--before COMMIT] [--build-only]

The demo maps are built once into ``DIR`` (default ``/tmp/landscape-alerts-bench``) from
``../shared/corpora`` with the TF-IDF model (fast; the alert rules read applicants, areas and
years, so the model only changes where the area borders fall). "Before" is
``landscape/analyse/alerts.py`` as it was at ``COMMIT`` (default ``dd9eabf``, the commit
before the rework), loaded from ``git show`` into a temporary module; "after" is the module
in this tree, given the bundle's applicants table (groups, home/foreign) when there is one.
Each map is also evaluated watching its largest applicant: "about itself" counts the alerts
whose subject is the watched applicant or another firm of its group (the rework never makes
those).
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BEFORE = "dd9eabf"


def build_demo_maps(workspace: Path) -> list[str]:
    """The demo's maps (industries with enough records and the two landscapes), TF-IDF model."""
    from landscape import demo, pipeline
    from landscape.corpora import count_by_corpus, load_corpora
    from landscape.store import Store

    if not (workspace / "landscape.duckdb").exists():
        demo.import_demo_data(workspace, echo=lambda s: print(s, file=sys.stderr))
    with Store.open(workspace) as store:
        counts = count_by_corpus(store.con, load_corpora(workspace / "corpora"))
        selections = {name: [r[0] for r in store.con.execute(
            f"SELECT id FROM patents WHERE {where} ORDER BY id").fetchall()] for name, where, _ in demo.DEMO_MAPS}
    jobs = [(name, {"corpus": name}) for name, n in sorted(counts.items(), key=lambda kv: -kv[1])
            if n >= pipeline.MIN_RECORDS]
    jobs += [(name, {"ids": ids}) for name, ids in selections.items()]
    opts = pipeline.BuildOptions(model="tfidf", show_progress=False)
    for name, selection in jobs:
        if (workspace / "maps" / name / "manifest.json").exists():
            continue
        print(f"building {name}", file=sys.stderr)
        try:
            pipeline.build(workspace, name=name, options=opts, **selection)
        except pipeline.BuildError as err:
            print(f"  not built: {err}", file=sys.stderr)
    return sorted(p.name for p in (workspace / "maps").iterdir() if (p / "manifest.json").exists())


def old_module(commit: str):
    """``landscape/analyse/alerts.py``, its rule file and the ``competitors.py`` it read, as
    they were at ``commit``: "before" is the old rules on the old counting, not the old rules
    on today's group counts."""
    folder = Path(tempfile.mkdtemp(prefix="alerts-before-")) / "alerts_before"
    folder.mkdir()
    for name in ("alerts.py", "default_rules.toml", "competitors.py"):
        text = subprocess.run(["git", "show", f"{commit}:landscape/analyse/{name}"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout
        text = text.replace("from landscape.analyse.competitors import", "from alerts_before.competitors import")
        # The publication lag had this value then; its home may have moved since.
        text = text.replace("from landscape.map_tables import PUBLICATION_LAG_YEARS", "PUBLICATION_LAG_YEARS = 2")
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "__init__.py").write_text("", encoding="utf-8")
    sys.path.insert(0, str(folder.parent))
    return importlib.import_module("alerts_before.alerts")


def applicants_of(bundle, home: str):
    """The bundle's applicants table, else one computed now, else None (old bundles)."""
    table = bundle.table("applicants") if (bundle.path / "applicants.parquet").exists() else None
    if table is not None:
        return table
    try:
        from landscape.analyse.applicants import applicants_table

        return applicants_table(bundle.points, home=home)
    except (ImportError, ValueError) as err:  # no grouping module, or it fails on this map
        print(f"  {bundle.path.name}: no applicants table ({type(err).__name__}: {err})", file=sys.stderr)
        return None


def summary(found: pd.DataFrame, about_self: int | None, rivals: int | None) -> dict:
    kinds = Counter(found["kind"])
    severities = Counter(found["severity"])
    out = {"alerts": len(found), "high": severities.get("high", 0), "medium": severities.get("medium", 0),
           "low": severities.get("low", 0),
           "kinds": ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "–"}
    out["rival alerts when watched"] = "–" if rivals is None else rivals
    out["about its own group when watched"] = "–" if about_self is None else about_self
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workspace", type=Path, default=Path("/tmp/landscape-alerts-bench"))
    ap.add_argument("--before", default=BEFORE)
    ap.add_argument("--home", default="CN")
    ap.add_argument("--build-only", action="store_true")
    args = ap.parse_args(argv)
    args.workspace.mkdir(parents=True, exist_ok=True)
    names = build_demo_maps(args.workspace)
    if args.build_only:
        print("\n".join(names))
        return 0

    from landscape.analyse import alerts as after
    from landscape.analyse.competitors import applicant_patents, UNKNOWN
    from landscape.maps import read_bundle

    before = old_module(args.before)
    rows = []
    for name in names:
        b = read_bundle(args.workspace, name)
        last = b.manifest.get("last_complete_year")
        apps = applicants_of(b, args.home)
        pairs = applicant_patents(b.points)
        known = pairs.loc[pairs["applicant"] != UNKNOWN, "applicant"].value_counts()
        top = known.index[0] if len(known) else None  # the largest applicant, watched
        unit = b.manifest.get("unit", "application")
        old = before.evaluate_alerts(b.points, b.clusters, home=args.home, last_complete=last)
        new = after.evaluate_alerts(b.points, b.clusters, home=args.home, last_complete=last, applicants=apps,
                                    unit=unit)
        self_before = self_after = rival_before = rival_after = None
        if top is not None:
            old_w = before.evaluate_alerts(b.points, b.clusters, home=args.home, last_complete=last, watch=top)
            new_w = after.evaluate_alerts(b.points, b.clusters, home=args.home, last_complete=last,
                                          applicants=apps, unit=unit, watch=top)
            # The old rules knew no groups: count the alerts about any firm of the watched group.
            group = after.group_of(top, apps)
            self_before = int(old_w["applicant"].map(lambda a: after.group_of(a, apps) == group).sum())
            self_after = int(new_w["applicant"].map(lambda a: after.group_of(a, apps) == group).sum())
            rival_before = int(old_w["kind"].str.startswith("rival").sum())
            rival_after = int(new_w["kind"].str.startswith("rival").sum())
        common = {"map": name, "records": len(b.points), "groups table": "yes" if apps is not None else "no",
                  "watched": top or "–"}
        rows.append({**common, "when": "before", **summary(old, self_before, rival_before)})
        rows.append({**common, "when": "after", **summary(new, self_after, rival_after)})
        if len(new):
            print(f"{name}, first alert after: [{new['severity'].iloc[0]}, score {new['score'].iloc[0]}] "
                  f"{new['explanation_en'].iloc[0]}", file=sys.stderr)
        print(f"{name}: watched {top!r}", file=sys.stderr)
    table = pd.DataFrame(rows)
    print(f"# alerts per demo map, {dt.date.today()}, before = {args.before}, after = working tree")
    cols = list(table.columns)
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in table.itertuples(index=False):
        print("| " + " | ".join(str(v) for v in row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
