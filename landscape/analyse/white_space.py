"""White spaces: empty places on the map that lie between active technology areas.

A white space is a group of grid cells of low smoothed density with dense cells around it
on opposite sides: a vacancy *between* areas, not the empty edge of the map. Each one is
measured (size, patents inside, activity and growth of the ring around it), checked in the
5-d space the areas were clustered in (a 2-d hole can be a projection artefact), described
from the neighbouring areas in English and Chinese, and ranked. ``fill_rate_backtest``
compares how many later patents land in them with random regions of the same shapes.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import ndimage, stats

from landscape.map_tables import as_list
from landscape.rules.growth import growth
from landscape.rules.years import last_complete_from_years
from landscape.rules.names import display_name


COLUMNS = ["rank", "x", "y", "radius", "cells", "map_area", "patents_inside", "expected_inside",
           "ring_patents", "ring_growth", "emptiness", "p_value", "score", "neighbour_areas",
           "neighbour_shares", "description_en", "description_zh", "nearest", "confirmed_5d",
           "ratio_5d", "x0", "y0", "x1", "y1", "cell_ids", "grid"]

# The eight compass directions, as grid steps.
_DIRECTIONS = [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)]


@dataclass(frozen=True)
class WhiteSpaceSettings:
    """How white spaces are found; every distance is relative to the map, not in map units.

    ``low_quantile`` / ``dense_quantile``: a cell is empty below, dense above, that quantile
    of the density at the patents' own locations. ``max_p_value``: a region is kept only if
    so few patents inside would be this unlikely (Poisson) at its ring's density; this is
    what removes the random holes of a featureless map.
    """

    grid_size: int = 80  # cells along the longer side of the bounding box (cells are square)
    margin: float = 0.05  # share of the longer side added around the points
    # Multiplies Scott's rule; UMAP maps are multimodal, where the plain rule oversmooths.
    bandwidth_factor: float = 0.5
    low_quantile: float = 0.05
    dense_quantile: float = 0.25
    ring_radius: float = 0.2  # share of the longer side: reach of activity, width of the ring
    min_directions: int = 3  # compass directions (of 8) reaching a dense cell within the ring
    min_cells: int = 3  # single cells are mostly smoothing noise
    max_p_value: float = 0.001
    knn: int = 10  # neighbours for the 5-d sparseness check
    min_ratio_5d: float = 1.0  # 5-d midpoint kNN distance over the areas' median must exceed
    require_5d: bool = True  # drop regions not confirmed in 5-d (when x5 is given)
    max_results: int = 15


@dataclass(frozen=True, eq=False)
class GridInfo:
    """The density grid of one map: square cells, ``density`` and ``active`` indexed [ix, iy]."""

    left: float
    bottom: float
    cell: float
    nx: int
    ny: int
    density: np.ndarray  # smoothed patents per map unit squared
    active: np.ndarray  # inside the convex hull, dense cells around in enough directions
    low: float  # density below which a cell counts as empty
    dense: float  # density above which a cell counts as dense

    def cell_index(self, xy: np.ndarray) -> np.ndarray:
        """Flat cell index (ix * ny + iy) of each point, -1 for points off the grid."""
        return _cell_index(self.geometry(), xy)

    def geometry(self) -> dict:
        """The grid as plain numbers, stored with each white space so it can be redrawn."""
        return {"left": float(self.left), "bottom": float(self.bottom), "cell": float(self.cell),
                "nx": int(self.nx), "ny": int(self.ny)}


def _cell_index(geometry: dict, xy: np.ndarray) -> np.ndarray:
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    ix = np.floor((xy[:, 0] - geometry["left"]) / geometry["cell"])
    iy = np.floor((xy[:, 1] - geometry["bottom"]) / geometry["cell"])
    ok = (ix >= 0) & (ix < geometry["nx"]) & (iy >= 0) & (iy < geometry["ny"])  # False for NaN
    ix, iy = (np.where(ok, i, 0).astype(np.int64) for i in (ix, iy))
    return np.where(ok, ix * int(geometry["ny"]) + iy, -1)


def _surrounding(dense: np.ndarray, radius_cells: float) -> tuple[np.ndarray, np.ndarray]:
    """Per cell: how many compass directions reach a dense cell within the radius, and
    whether two opposite ones do (activity on both sides is what "between" means)."""
    r, (nx, ny) = int(radius_cells), dense.shape
    padded = np.pad(dense, r)  # off the grid counts as not dense
    reach = np.zeros((len(_DIRECTIONS), nx, ny), dtype=bool)
    for d, (dx, dy) in enumerate(_DIRECTIONS):
        for s in range(1, int(radius_cells / np.hypot(dx, dy)) + 1):
            reach[d] |= padded[r + s * dx:r + s * dx + nx, r + s * dy:r + s * dy + ny]
    return reach.sum(axis=0), (reach[:4] & reach[4:]).any(axis=0)


def _inside_hull(xy: np.ndarray, centres: np.ndarray) -> np.ndarray:
    from scipy.spatial import ConvexHull, Delaunay, QhullError

    try:
        hull = ConvexHull(xy)
        return Delaunay(xy[hull.vertices]).find_simplex(centres) >= 0
    except QhullError:  # all points on a line: no area, so no white space
        return np.zeros(len(centres), dtype=bool)


def density_grid(xy: np.ndarray, settings: WhiteSpaceSettings = WhiteSpaceSettings()) -> GridInfo:
    """Smoothed density of the 2-d map on a square grid, with its empty and dense thresholds.

    Parameters
    ----------
    xy : array of shape (n, 2)
        The patents' map coordinates (finite).
    settings : WhiteSpaceSettings
        Grid size, margin, bandwidth, quantiles and ring radius.

    Returns
    -------
    GridInfo
        The grid; ``active`` marks the cells where a white space may lie (inside the convex
        hull, dense cells within the ring radius in at least ``min_directions`` directions,
        two of them opposite). ``fill_rate_backtest`` places its random regions there.
    """
    xy = np.asarray(xy, dtype=float)
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    span = float((hi - lo).max())
    if span <= 0:
        raise ValueError("all points lie on one spot; a density map needs spread-out points.")
    lo, hi = lo - settings.margin * span, hi + settings.margin * span
    cell = float((hi - lo).max()) / settings.grid_size
    nx, ny = (int(np.ceil((hi[d] - lo[d]) / cell)) for d in (0, 1))
    counts, _, _ = np.histogram2d(xy[:, 0], xy[:, 1], bins=(nx, ny),
                                  range=((lo[0], lo[0] + nx * cell), (lo[1], lo[1] + ny * cell)))
    # Scott's rule with a robust scale (the smaller of sd and IQR/1.349, per Silverman), so
    # that far-apart areas do not widen the kernel that should resolve the gaps between them.
    iqr = np.subtract(*np.percentile(xy, [75, 25], axis=0)) / 1.349
    scale = np.where(iqr > 0, np.minimum(xy.std(axis=0), iqr), xy.std(axis=0))
    sigma = settings.bandwidth_factor * scale * len(xy) ** (-1 / 6) / cell
    density = ndimage.gaussian_filter(counts, sigma=np.maximum(sigma, 0.5), mode="constant") / cell ** 2
    ix, iy = (np.minimum(((xy[:, d] - lo[d]) / cell).astype(np.int64), n - 1) for d, n in ((0, nx), (1, ny)))
    low, dense_level = np.quantile(density[ix, iy], [settings.low_quantile, settings.dense_quantile])
    n_dirs, opposite = _surrounding(density >= dense_level, settings.ring_radius * settings.grid_size)
    centres = np.stack(np.meshgrid(lo[0] + (np.arange(nx) + 0.5) * cell, lo[1] + (np.arange(ny) + 0.5) * cell,
                                   indexing="ij"), axis=-1).reshape(-1, 2)
    hull = _inside_hull(xy, centres).reshape(nx, ny)
    active = hull & (n_dirs >= settings.min_directions) & opposite
    return GridInfo(float(lo[0]), float(lo[1]), cell, nx, ny, density, active, float(low), float(dense_level))


def _area_words(clusters: pd.DataFrame, area: int) -> dict:
    """Label, three terms and two codes of one area, in both languages ("" where unknown)."""
    rows = clusters[clusters["id"] == area] if "id" in clusters.columns else clusters.iloc[:0]
    row = rows.iloc[0] if len(rows) else pd.Series(dtype=object)
    codes = [c["code"] if isinstance(c, dict) else str(c) for c in as_list(row.get("top_codes"))[:2]]
    en = [str(t) for t in as_list(row.get("terms_en"))[:3]]
    zh = [str(t) for t in as_list(row.get("terms_zh"))[:3]]
    code = f" ({', '.join(codes)})" if codes else ""
    # A corpus in one language has terms in that one only: the other's terms beat nothing.
    return {"label_en": display_name(area, row.get("label_en"), "en"),
            "label_zh": display_name(area, row.get("label_zh"), "zh"),
            "terms_en": ", ".join(en or zh or codes) + (code if en or zh else ""),
            "terms_zh": "、".join(zh or en or codes) + (code if en or zh else "")}


def describe(clusters: pd.DataFrame, areas: list[int]) -> tuple[str, str]:
    """English and Chinese sentence for a white space next to ``areas`` (templates only)."""
    if not areas:
        return "A gap with no labelled neighbours", "无明确相邻领域的空白"
    a = _area_words(clusters, areas[0])
    if len(areas) == 1:
        en, zh = f"A gap inside {a['label_en']}", f"位于「{a['label_zh']}」内部的空白"
        if a["terms_en"]:
            en, zh = en + f": little filed on {a['terms_en']}", zh + f"：{a['terms_zh']}方面申请很少"
        return en, zh
    b = _area_words(clusters, areas[1])
    en = f"Between {a['label_en']} and {b['label_en']}"
    zh = f"介于「{a['label_zh']}」与「{b['label_zh']}」之间"
    if a["terms_en"] and b["terms_en"]:
        en += f": combining {a['terms_en']} with {b['terms_en']}"
        zh += f"：将{a['terms_zh']}与{b['terms_zh']}相结合"
    return en, zh


def _check_5d(x5, nn, area_of, ring_idx, areas, k) -> float:
    """kNN distance of the 5-d midpoint between the neighbour areas' ring patents, over the
    median kNN distance within those areas. Above 1: the midpoint is sparser than usual."""
    k = min(k, len(x5) - 1)
    if not areas or k < 1:
        return float("nan")
    centres = [x5[ring_idx[area_of[ring_idx] == a]].mean(axis=0) for a in areas[:2]]
    mid = np.mean(centres, axis=0, keepdims=True)
    members = np.flatnonzero(np.isin(area_of, areas[:2]))
    # Evenly spaced members: deterministic and bounded cost on large maps.
    members = members[np.linspace(0, len(members) - 1, min(len(members), 500)).astype(int)]
    typical = float(np.median(nn.kneighbors(x5[members], n_neighbors=k + 1)[0][:, -1]))  # +1: itself
    gap = float(nn.kneighbors(mid, n_neighbors=k)[0][0, -1])
    return gap / typical if typical > 0 else float("inf")


def _nearest(xy, area_of, ids, titles, areas, centre) -> list[dict]:
    """The 3 patents of each area nearest the centre (ties by row, for determinism)."""
    out = []
    for a in areas:
        members = np.flatnonzero((area_of == a) & np.isfinite(xy).all(axis=1))
        d = np.hypot(xy[members, 0] - centre[0], xy[members, 1] - centre[1])
        out += [{"id": ids[members[j]], "area": a, "title": titles[members[j]], "distance": float(d[j])}
                for j in np.lexsort((members, d))[:3]]
    return out


def find_white_spaces(points: pd.DataFrame, clusters: pd.DataFrame, x5: np.ndarray | None = None, *,
                      settings: WhiteSpaceSettings = WhiteSpaceSettings(),
                      last_complete: int | None = None) -> pd.DataFrame:
    """Places on the map with few patents but active surroundings, ranked.

    Parameters
    ----------
    points : pandas.DataFrame
        The bundle's points: ``id``, ``title``, ``x``, ``y``, ``area`` and ``year`` (may be
        missing; then growth is NaN and does not weigh in the score).
    clusters : pandas.DataFrame
        The bundle's areas (``id``, ``label_en``, ``label_zh``, ``terms_en``, ``terms_zh``,
        ``top_codes``), used only for the descriptions.
    x5 : array of shape (n, d), optional
        The layout the areas were clustered in, row-aligned with ``points``. When given,
        each region is checked there; with ``settings.require_5d`` (the default) regions
        that are not sparse in that space are **dropped**, as they are likely artefacts of
        projecting to 2-d. Without ``x5`` nothing is checked and ``confirmed_5d`` is NA.
    settings : WhiteSpaceSettings
        Thresholds and sizes.
    last_complete : int, optional
        The map's last complete year (``manifest["time_window"]``); default the rule of
        :func:`landscape.rules.years.last_complete_from_years`.

    Returns
    -------
    pandas.DataFrame
        One row per white space (``COLUMNS``), best first. ``expected_inside`` is the ring's
        density times the region's area; ``emptiness = 1 - inside / expected``;
        ``ring_growth`` is the ring's yearly growth (:func:`landscape.rules.growth.growth`:
        the last 3 complete years against the 3 before; NaN when the ring has too few).
        ``score = (expected_inside - patents_inside) * clip(1 + ring_growth, 0.5, 2)``: the
        patents "missing" compared with the surroundings (activity x size x emptiness),
        weighed up to twice for a growing ring and down to half for a shrinking one.
        ``p_value``: Poisson chance of so few inside at the ring's density. ``ratio_5d``: see
        ``min_ratio_5d``. ``nearest`` lists, for the two main neighbour areas, their 3 patents nearest the
        centre. ``cell_ids`` and ``grid`` give the region's cells (see ``region_contains``);
        ``x0, y0, x1, y1`` its bounding box. Empty (same columns) when there is none.
    """
    missing = [c for c in ("id", "x", "y", "area") if c not in points.columns]
    if missing:
        raise ValueError(f"points lacks columns {missing}; pass the points table of a map bundle.")
    if x5 is not None and len(x5) != len(points):
        raise ValueError(f"x5 has {len(x5)} rows for {len(points)} points; pass the 5-d layout "
                         "row-aligned with points.")
    xy = points[["x", "y"]].to_numpy(dtype=float)
    ok = np.isfinite(xy).all(axis=1)
    if ok.sum() < 20 or np.ptp(xy[ok], axis=0).min() <= 0:
        return pd.DataFrame(columns=COLUMNS)
    grid = density_grid(xy[ok], settings)
    pidx = grid.cell_index(xy)
    labels, n_regions = ndimage.label(grid.active & (grid.density < grid.low), structure=np.ones((3, 3)))
    area_of = pd.to_numeric(points["area"], errors="coerce").fillna(-1).astype(int).to_numpy()
    years = pd.to_numeric(points.get("year", pd.Series(np.nan, index=points.index)),
                          errors="coerce").astype(float).to_numpy()
    last = last_complete if last_complete is not None else last_complete_from_years(years)
    first_year = int(np.nanmin(years)) if np.isfinite(years).any() else None
    titles = points.get("title", pd.Series("", index=points.index)).fillna("").astype(str).to_numpy()
    ids = points["id"].astype(str).to_numpy()
    nn = None
    if x5 is not None:
        from sklearn.neighbors import NearestNeighbors

        x5 = np.asarray(x5, dtype=float)
        nn = NearestNeighbors().fit(x5)
    rows = []
    for region in range(1, n_regions + 1):
        mask = labels == region
        if mask.sum() < settings.min_cells:
            continue
        ring = _ring(mask, grid.cell, settings)
        ring_idx = np.flatnonzero((pidx >= 0) & ring.ravel()[pidx])
        inside = int(((pidx >= 0) & mask.ravel()[pidx]).sum())
        size = mask.sum() * grid.cell ** 2
        # The ring includes empty cells off the map's edge, which lowers the expectation of
        # a bay at the edge: an honest discount, since part of its "surroundings" is nothing.
        expected = len(ring_idx) / (ring.sum() * grid.cell ** 2) * size
        p_value = float(stats.poisson.cdf(inside, expected)) if expected > 0 else 1.0
        if p_value > settings.max_p_value:
            continue
        ring_growth = growth(years[ring_idx], last, first_year=first_year).rate
        factor = float(np.clip(1 + ring_growth, 0.5, 2.0)) if np.isfinite(ring_growth) else 1.0
        neighbours = pd.Series(area_of[ring_idx][area_of[ring_idx] >= 0]).value_counts()
        # Ties broken by area id, so the order never depends on the input order.
        neighbours = neighbours.sort_index().sort_values(ascending=False, kind="stable").head(3)
        areas = [int(a) for a in neighbours.index]
        ix, iy = np.nonzero(mask)
        # The centre is the cell deepest inside the region (farthest from its border), not
        # the mean of its cells, which can fall outside a crescent-shaped region.
        depth = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1][ix, iy]
        best = np.lexsort((grid.density[ix, iy], -depth))[0]
        cx, cy = grid.left + (ix[best] + 0.5) * grid.cell, grid.bottom + (iy[best] + 0.5) * grid.cell
        ratio = _check_5d(x5, nn, area_of, ring_idx, areas, settings.knn) if nn is not None else np.nan
        en, zh = describe(clusters, areas)
        rows.append({
            "x": float(cx), "y": float(cy), "radius": float(np.sqrt(size / np.pi)), "cells": int(mask.sum()),
            "map_area": float(size), "patents_inside": inside, "expected_inside": float(expected),
            "ring_patents": len(ring_idx), "ring_growth": float(ring_growth),
            "emptiness": float(np.clip(1 - inside / expected, 0, 1)), "p_value": p_value,
            "score": float(max(expected - inside, 0.0) * factor), "neighbour_areas": areas,
            "neighbour_shares": [float(v) for v in neighbours.to_numpy() / max(len(ring_idx), 1)],
            "description_en": en, "description_zh": zh,
            "nearest": _nearest(xy, area_of, ids, titles, areas[:2], (cx, cy)),
            "confirmed_5d": bool(ratio > settings.min_ratio_5d) if nn is not None else pd.NA,
            "ratio_5d": float(ratio),
            "x0": grid.left + ix.min() * grid.cell, "y0": grid.bottom + iy.min() * grid.cell,
            "x1": grid.left + (ix.max() + 1) * grid.cell, "y1": grid.bottom + (iy.max() + 1) * grid.cell,
            "cell_ids": [int(c) for c in np.flatnonzero(mask.ravel())], "grid": grid.geometry(),
        })
    out = pd.DataFrame(rows, columns=COLUMNS[1:])
    if nn is not None and settings.require_5d:
        out = out[out["confirmed_5d"].astype(bool)]
    out = out.sort_values(["score", "x", "y"], ascending=[False, True, True], kind="stable")
    out = out.head(settings.max_results).reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out


def _ring(mask: np.ndarray, cell: float, settings: WhiteSpaceSettings) -> np.ndarray:
    """The cells around a region within ``settings.ring_radius`` of it: its surroundings."""
    dist = ndimage.distance_transform_edt(~mask, sampling=cell)
    return (dist > 0) & (dist <= settings.ring_radius * cell * settings.grid_size)


def surrounding_patents(white_spaces: pd.DataFrame, xy: np.ndarray,
                        settings: WhiteSpaceSettings = WhiteSpaceSettings()) -> list[np.ndarray]:
    """Per white space, which points lie in its ring: the surroundings its ``ring_patents``,
    ``ring_growth`` and ``neighbour_areas`` were measured on (same grid, same ``ring_radius``).

    Returns
    -------
    list of numpy.ndarray of bool, one of shape (n,) per white space, in the table's order.
    """
    out = []
    for geometry, cells in zip(white_spaces.get("grid", []), white_spaces.get("cell_ids", [])):
        mask = np.zeros(int(geometry["nx"]) * int(geometry["ny"]), dtype=bool)
        mask[np.asarray(cells, dtype=np.int64)] = True
        ring = _ring(mask.reshape(int(geometry["nx"]), int(geometry["ny"])), float(geometry["cell"]), settings)
        idx = _cell_index(geometry, xy)
        out.append((idx >= 0) & ring.ravel()[np.maximum(idx, 0)])
    return out


def region_contains(white_spaces: pd.DataFrame, xy: np.ndarray) -> np.ndarray:
    """Which points fall inside any white-space region (its grid cells, not its bounding box).

    Parameters
    ----------
    white_spaces : pandas.DataFrame
        The output of ``find_white_spaces`` (needs ``cell_ids`` and ``grid``).
    xy : array of shape (n, 2)
        Map coordinates, e.g. later patents placed on the same map.

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
    """
    inside = np.zeros(len(np.asarray(xy).reshape(-1, 2)), dtype=bool)
    for geometry, cells in zip(white_spaces.get("grid", []), white_spaces.get("cell_ids", [])):
        idx = _cell_index(geometry, xy)
        inside |= (idx >= 0) & np.isin(idx, np.asarray(cells, dtype=np.int64))
    return inside


def _random_regions(shapes: list[np.ndarray], grid: GridInfo, rng: np.random.Generator,
                    tries: int = 64) -> np.ndarray:
    """One draw: each region's shape moved onto a random active cell, as a flat cell mask.

    A placement is accepted only if all its cells are active: a shape hanging over the
    empty edge would catch fewer later patents and flatter the white spaces. Where none of
    ``tries`` placements fits (a very large region), the one with most active cells is kept.
    """
    taken = np.zeros(grid.nx * grid.ny, dtype=bool)
    anchors = np.argwhere(grid.active)
    for shape in shapes:
        cells = shape[None, :, :] + anchors[rng.integers(len(anchors), size=tries)][:, None, :]
        inside = ((cells >= 0) & (cells < (grid.nx, grid.ny))).all(axis=2)
        share = (inside & grid.active[np.clip(cells[..., 0], 0, grid.nx - 1),
                                      np.clip(cells[..., 1], 0, grid.ny - 1)]).mean(axis=1)
        pick = cells[int(np.argmax(share))]  # argmax: the first full fit, else the best one
        pick = pick[((pick >= 0) & (pick < (grid.nx, grid.ny))).all(axis=1)]
        taken[pick[:, 0] * grid.ny + pick[:, 1]] = True
    return taken


def fill_rate_backtest(white_spaces: pd.DataFrame, grid_info: GridInfo, later_xy: np.ndarray, *,
                       n_draws: int = 200, seed: int = 0) -> dict:
    """Share of later patents that landed in the white spaces, against random regions.

    The white spaces were found on a map of early records; ``later_xy`` are the records
    filed after the cut-off, placed on that same map. The baseline moves each white space's
    cells (same size, same shape) onto random cells of the map's active hull
    (``grid_info.active``) and counts the later patents there, ``n_draws`` times. White
    spaces are empty by construction, so later records that merely follow the early map's
    density fill them *less* than an average active place (ratio below 1); a ratio above
    1 means the vacancies drew more filings than an average place of the active map.

    Parameters
    ----------
    white_spaces : pandas.DataFrame
        ``find_white_spaces`` output for the early map.
    grid_info : GridInfo
        ``density_grid`` of the early map's points, with the same settings.
    later_xy : array of shape (n, 2)
        Later records placed on the early map.
    n_draws : int, default 200
        Random placements of the whole set of regions.
    seed : int, default 0
        Seed of the random placements (same seed, same result).

    Returns
    -------
    dict
        ``inside``, ``later``, ``fill_rate`` (inside / later), ``random_mean`` and
        ``random_std`` (fill rates of the random placements), ``ratio``
        (fill_rate / random_mean), ``z`` ((fill_rate - mean) / std), ``p_value`` (share of
        draws filled at least as much, add-one smoothed), and a second baseline:
        ``density_rate``, the share of the early map's smoothed density inside the white
        spaces (what later records that followed the early map would give, blurred by the
        kernel, so somewhat high for holes), with ``density_ratio`` = fill_rate / it.
    """
    later_xy = np.asarray(later_xy, dtype=float).reshape(-1, 2)
    n = len(later_xy)
    inside = int(region_contains(white_spaces, later_xy).sum())
    fill = inside / n if n else float("nan")
    out = {"inside": inside, "later": n, "fill_rate": fill}
    if n == 0 or len(white_spaces) == 0 or not grid_info.active.any():
        return dict(out, **dict.fromkeys(("random_mean", "random_std", "ratio", "z", "p_value",
                                          "density_rate", "density_ratio"), float("nan")))
    found_on, given = white_spaces["grid"].iloc[0], grid_info.geometry()
    # Tolerant: map coordinates stored as float32 give the same grid up to rounding.
    if any(abs(found_on[k] - given[k]) > 1e-3 * given["cell"] for k in given):
        raise ValueError("grid_info is not the grid these white spaces were found on; pass "
                         "density_grid() of the same points with the same settings.")
    # Each shape as cell offsets from its middle cell, the cell placed on a random active one.
    shapes = [np.column_stack(np.divmod(np.asarray(c, dtype=np.int64), grid_info.ny))
              for c in white_spaces["cell_ids"]]
    shapes = [ij - np.round(ij.mean(axis=0)).astype(np.int64) for ij in shapes]
    idx = grid_info.cell_index(later_xy)
    rng = np.random.default_rng(seed)
    rates = np.empty(n_draws)
    for d in range(n_draws):
        taken = _random_regions(shapes, grid_info, rng)
        rates[d] = ((idx >= 0) & taken[np.maximum(idx, 0)]).sum() / n
    mean, std = float(rates.mean()), float(rates.std(ddof=1)) if n_draws > 1 else 0.0
    cells = np.unique(np.concatenate([np.asarray(c, dtype=np.int64) for c in white_spaces["cell_ids"]]))
    predicted = float(grid_info.density.ravel()[cells].sum() / grid_info.density.sum())
    return dict(out, random_mean=mean, random_std=std,
                ratio=fill / mean if mean > 0 else float("inf") if fill > 0 else float("nan"),
                z=(fill - mean) / std if std > 0 else float("nan"),
                p_value=float((1 + (rates >= fill).sum()) / (1 + n_draws)),
                density_rate=predicted, density_ratio=fill / predicted if predicted > 0 else float("nan"))
