"""What the app and the report pick out of the analysis tables, decided here once and written
into the bundle by ``landscape analyse`` so the display layers only read them:

- ``leading_applicants``: each area's leading applicants (groups by default) over all years;
- ``effect_gaps``: the thin cells of the technology-effect matrix (:func:`candidate_gaps`);
- ``fastest_growing``: the area the summary calls fastest-growing (one row, or none);
- ``groups``: one row per corporate group with its patents, members, country and status.
"""
from __future__ import annotations

import pandas as pd

from landscape.analyse.applicants import groups_table
from landscape.analyse.competitors import top_by_area
from landscape.analyse.effects import GAP_COLUMNS, candidate_gaps
from landscape.analyse.trends import fastest_growing

LEADING_COLUMNS = ["area", "rank", "applicant", "count"]


def leading_applicants(competitors: pd.DataFrame | None, n: int = 5) -> pd.DataFrame:
    """``area, rank, applicant, count``: the first ``n`` of :func:`top_by_area` as a table."""
    rows = [(area, rank, item["applicant"], item["count"])
            for area, items in top_by_area(competitors, n).items() for rank, item in enumerate(items, start=1)]
    return pd.DataFrame(rows, columns=LEADING_COLUMNS).astype({"area": "int64", "rank": "int64", "count": "int64"})


def fastest_growing_table(summary: pd.DataFrame | None) -> pd.DataFrame:
    """The trend summary's row of the fastest-growing area (:func:`fastest_growing`), or no row."""
    if summary is None:
        return pd.DataFrame()
    best = fastest_growing(summary)
    return summary.iloc[:0] if best is None else best.to_frame().T.astype(summary.dtypes.to_dict())


def effect_gaps(effects: pd.DataFrame | None) -> pd.DataFrame:
    """The candidate gaps of the effect matrix (none for a map without one)."""
    return pd.DataFrame(columns=GAP_COLUMNS) if effects is None else candidate_gaps(effects)


def highlight_tables(tables: dict) -> dict[str, pd.DataFrame]:
    """The highlight tables of one analysis, from the tables it just computed (by name)."""
    return {"leading_applicants": leading_applicants(tables.get("competitors")),
            "effect_gaps": effect_gaps(tables.get("effects")),
            "fastest_growing": fastest_growing_table(tables.get("trend_summary")),
            "groups": groups_table(tables.get("applicants"))}
