"""``assert_growth_consistent``: a growth status never contradicts its number, on any table."""
from __future__ import annotations

import math

import pandas as pd

from landscape.rules.growth import STATUSES, TOO_FEW, growth_status


def _check(table: pd.DataFrame, status_column: str, where: str) -> int:
    for row in table.to_dict("records"):
        rate, status = row["growth"], row[status_column]
        missing = rate is None or (isinstance(rate, float) and math.isnan(rate))
        assert status in STATUSES, f"{where}: unknown status {status!r}"
        assert missing == (status == TOO_FEW), f"{where}: growth {rate!r} beside status {status!r}"
        assert growth_status(rate) == status, f"{where}: growth {rate!r} is {growth_status(rate)!r}, not {status!r}"
    return len(table)


def assert_growth_consistent(source) -> int:
    """Check every growth figure of a trend summary, an areas/topics table, or a whole bundle
    (its areas, topics and ``trend_summary``); returns how many rows were checked."""
    if isinstance(source, pd.DataFrame):
        return _check(source, "status" if "status" in source else "trend", "table")
    checked = 0
    for name, table in (("areas", source.clusters), ("topics", source.topics)):
        if table is not None and len(table):
            checked += _check(table, "trend", f"{source.name} {name}")
    summary = source.table("trend_summary")
    if summary is not None:
        checked += _check(summary, "status", f"{source.name} trend_summary")
        areas = source.clusters.set_index("id")
        for row in summary.to_dict("records"):
            # The area table and the trend summary show the same growth for the same area.
            same = areas.loc[row["area"], "growth"]
            assert (math.isnan(same) and math.isnan(row["growth"])) or math.isclose(same, row["growth"]), \
                f"{source.name}: area {row['area']} growth {same} in clusters, {row['growth']} in trend_summary"
    return checked
