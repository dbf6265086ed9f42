"""How applicants' countries are decided on the real exports, and the home share it gives
against the old Han-script rule (home = most filings at the home office, or a Han name).

    .venv/bin/python bench/nationality.py [--home CN]

Each export under ``$LANDSCAPE_CORPORA`` (else ``../shared/corpora``) that names applicants is
imported into a temporary workspace, collapsed to one row per application as ``landscape
build`` does (with the family's first office read before), and turned into the points
columns the analysis reads; nothing is embedded. Prints, per export: applicants, the share
of applicant counts each rule decided, and the home share by the new and the old rule.
"""
from __future__ import annotations

import argparse
import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from landscape import pipeline
from landscape.analyse.applicants import applicants_table
from landscape.analyse.nationality import RULES, first_offices
from landscape.map_tables import _origin_evidence, as_list
from landscape.store import Store
from landscape.units import one_per_unit

CORPORA = Path(os.environ.get("LANDSCAPE_CORPORA", Path(__file__).resolve().parents[2] / "shared" / "corpora"))
EXPORTS = {"CNKI (Sun Yat-sen University)": "raw/cnki-sysu-cn-export/Patent.csv",
           "Lens (robotics, many offices)": "raw/lens-physical-ai-robotics/pai.csv"}
_HAN = re.compile(r"[\u3400-\u9fff]")
_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")


def points_of(path: Path) -> pd.DataFrame:
    with tempfile.TemporaryDirectory() as tmp:
        pipeline.ingest([path], Path(tmp), show_progress=False)
        with Store.open(Path(tmp)) as store:
            records = store.records()
    records["first_office"] = first_offices(records)
    records = one_per_unit(records)
    years = pd.to_datetime(records["filing_date"], errors="coerce").dt.year
    return pd.DataFrame({"id": records["id"], "area": 0, "year": years, "country": records["country"],
                         "applicant": [next(iter(as_list(a)), None) for a in records["applicants_norm"]],
                         "applicants": [as_list(a) for a in records["applicants_norm"]],
                         **_origin_evidence(records)})


def old_home(points: pd.DataFrame, home: str) -> pd.Series:
    """The rule before this change: most filings at the home office, or a Han name."""
    pairs = points[["country", "applicants"]].explode("applicants").dropna(subset=["applicants"])
    at_home = pairs["country"].eq(home).groupby(pairs["applicants"]).mean() > 0.5
    han = at_home.index.to_series().map(lambda n: bool(_HAN.search(n)) and not _KANA_HANGUL.search(n))
    return at_home | (han if home == "CN" else False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", default="CN")
    args = parser.parse_args()
    for label, rel in EXPORTS.items():
        path = CORPORA / rel
        if not path.exists():
            print(f"{label}: {path} not found, skipped")
            continue
        p = points_of(path)
        t = applicants_table(p, home=args.home)
        counts = t["count"].sum()
        shares = t.groupby("decided_by")["count"].sum() / counts
        new_home = (t["count"] * t["is_home"].fillna(False).astype(bool)).sum() / counts
        unknown = t.loc[t["is_home"].isna(), "count"].sum() / counts
        old = old_home(p, args.home)
        old_share = (t["count"] * t["applicant"].map(old).fillna(False).astype(bool)).sum() / counts
        print(f"\n{label}: {len(p):,} applications, {len(t):,} applicants, {counts:,} applicant counts")
        print("  decided by: " + ", ".join(f"{r} {shares.get(r, 0):.1%}" for r in RULES))
        print(f"  home ({args.home}) share: new {new_home:.1%} (origin unknown {unknown:.1%}); "
              f"old Han-script rule {old_share:.1%}")
        top = t.head(8)[["applicant", "group", "country", "decided_by", "count"]]
        print(top.to_string(index=False))


if __name__ == "__main__":
    main()
