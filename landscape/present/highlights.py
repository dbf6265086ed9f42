"""Reading the highlight tables ``landscape analyse`` writes (:mod:`landscape.analyse.highlights`)
for display. A bundle analysed before a table was written lacks it: the app and the report then
say "re-run landscape analyse" for that part instead of computing it."""
from __future__ import annotations

import pandas as pd


def leading_by_area(leading: pd.DataFrame | None) -> dict[int, list[dict]]:
    """``leading_applicants.parquet`` as ``{area: [{"applicant", "count"}, ...]}``, leader first."""
    if leading is None or leading.empty:
        return {}
    rows = leading.sort_values(["area", "rank"])
    return {int(area): [{"applicant": a, "count": int(c)} for a, c in zip(g["applicant"], g["count"])]
            for area, g in rows.groupby("area")}


def older_analysis(manifest: dict, table: pd.DataFrame | None) -> bool:
    """True when the map was analysed but by a version that did not write ``table`` yet."""
    return table is None and bool(manifest.get("analysis"))
