"""White spaces and alerts as the pages list them."""
from __future__ import annotations

import numpy as np
import pandas as pd

from landscape.map_tables import as_list
from landscape.present.names import area_labels
from landscape.present.terrain import map_extent

# --------------------------------------------------------------------------- white spaces

def rank_white_spaces(ws: pd.DataFrame) -> pd.DataFrame:
    out = ws.copy()
    if "rank" not in out:
        out["rank"] = range(1, len(out) + 1)
    return out.sort_values("rank").reset_index(drop=True)


def nearest_white_space(ws: pd.DataFrame | None, x: float, y: float) -> dict | None:
    """The white space whose centre is closest to (x, y), with the distance in map units."""
    if ws is None or not len(ws):
        return None
    d = np.hypot(ws["x"].to_numpy(float) - x, ws["y"].to_numpy(float) - y)
    i = int(np.argmin(d))
    return dict(ws.iloc[i].to_dict(), distance=float(d[i]))


def white_space_surroundings(points: pd.DataFrame, clusters: pd.DataFrame, row: dict, lang: str, *,
                             n_areas: int = 3, per_area: int = 3) -> pd.DataFrame:
    """What lies on each side of a white space: for its neighbouring areas, their patents closest
    to its centre (``area_id``, ``label``, ``id``, ``title``, ``applicant``, ``year``, ``distance``).

    Uses the analysis's own ``nearest`` list where the white-space table has one, else finds
    the areas with patents nearest the centre."""
    labels = area_labels(clusters, lang)
    given = as_list(row.get("nearest"))
    if given and all(isinstance(g, dict) and "id" in g for g in given):
        near = pd.DataFrame(given)
        # Only the listed patents are indexed: indexing a million-patent map took seconds.
        by_id = points[points["id"].isin(near["id"])].set_index("id")
        near = near[near["id"].isin(by_id.index)]
        if len(near):
            near["area_id"] = near["area"].astype(int) if "area" in near else by_id.loc[near["id"], "area"].to_numpy()
            near["applicant"] = by_id.loc[near["id"], "applicant"].to_numpy()
            near["year"] = by_id.loc[near["id"], "year"].to_numpy()
            near["title"] = by_id.loc[near["id"], "title"].to_numpy()
            near["label"] = near["area_id"].map(lambda a: labels.get(int(a), ""))
            near["distance"] = near["distance"].astype(float).round(2) if "distance" in near else np.nan
            return near[["area_id", "label", "id", "title", "applicant", "year", "distance"]].reset_index(drop=True)
    cx, cy = float(row["x"]), float(row["y"])
    d = np.hypot(points["x"].to_numpy(float) - cx, points["y"].to_numpy(float) - cy)
    near = points.assign(distance=d).nsmallest(max(60, 10 * n_areas), "distance")
    near = near[near["area"] >= 0]
    order = near.groupby("area")["distance"].min().sort_values().index[:n_areas]
    rows = []
    for area in order:
        for _, p in near[near["area"] == area].nsmallest(per_area, "distance").iterrows():
            rows.append({"area_id": int(area), "label": labels.get(int(area), ""), "id": p["id"],
                         "title": p["title"], "applicant": p["applicant"], "year": p["year"],
                         "distance": round(float(p["distance"]), 2)})
    return pd.DataFrame(rows)


def zoom_box(x: float, y: float, radius: float | None, points: pd.DataFrame, factor: float = 3.5):
    """Axis ranges around (x, y): a few radii, at least a tenth of the map across."""
    x0, x1, y0, y1 = map_extent(points["x"].to_numpy(float), points["y"].to_numpy(float))
    half = max((radius or 0) * factor, 0.08 * max(x1 - x0, y1 - y0))
    return (x - half, x + half, y - half, y + half)
