"""Colours of the map, the same in the app and the report: each area's colour (fixed by the map
itself, so filtering never recolours an area), the terrain's colours, the fonts."""
from __future__ import annotations

import colorsys

import numpy as np
import pandas as pd

#: Colours for area ids 0..19, dark enough to read on the light terrain. Ids past the end get
#: a colour from the golden-angle hue circle; -1 (unassigned) is always grey. A colour depends
#: on the area id only, so filtering never recolours an area.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
           "#a0a000", "#393b79", "#637939", "#b5651d", "#843c39", "#7b4173", "#3182bd", "#e6550d",
           "#31a354", "#756bb1", "#d6616b", "#0e8a7e")
UNASSIGNED = "#9e9e9e"
#: Home (domestic) and foreign applicants in charts.
HOME, FOREIGN = "#1f4e79", "#9dc3e6"
FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, Helvetica, Arial, sans-serif"
#: Terrain of the density contours: paper white to a warm sand, so coloured points stay readable.
TERRAIN = [[0.0, "rgba(255,255,255,0)"], [0.15, "#f4f1e8"], [0.4, "#ebe4d2"], [0.7, "#e0d5b9"],
           [1.0, "#d4c59f"]]


def area_colour(area_id: int) -> str:
    """The colour of an area by its id alone (grey for -1, unassigned); see :func:`area_colours`."""
    area_id = int(area_id)
    if area_id < 0:
        return UNASSIGNED
    if area_id < len(PALETTE):
        return PALETTE[area_id]
    hue = (area_id * 0.381966) % 1.0  # golden angle: neighbouring ids get distant hues
    r, g, b = colorsys.hls_to_rgb(hue, 0.42, 0.65)
    return "#%02x%02x%02x" % (int(r * 255), int(g * 255), int(b * 255))


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def _colour_distance(a: str, b: str) -> float:
    """"Redmean" distance: a cheap approximation of how different two colours look."""
    (r1, g1, b1), (r2, g2, b2) = _rgb(a), _rgb(b)
    rm = (r1 + r2) / 2
    return float(np.sqrt((2 + rm / 256) * (r1 - r2) ** 2 + 4 * (g1 - g2) ** 2 + (2 + (255 - rm) / 256) * (b1 - b2) ** 2))


def area_colours(clusters: pd.DataFrame, neighbours: int = 4) -> dict[int, str]:
    """A colour for every area of a map, fixed by the map itself (its areas and where they lie),
    so filtering never recolours an area; -1 (unassigned) is grey.

    Areas are coloured biggest first; each takes the palette colour that differs most from the
    colours of its nearest already-coloured areas (a palette colour is used once while there
    are enough), so neighbouring areas on the map do not look alike. An area with a ``colour``
    of its own (a rebuilt map's area matched to the previous version's, see
    :mod:`landscape.rebuild`) keeps it, and is coloured first.
    """
    out = {-1: UNASSIGNED}
    if clusters is None or not len(clusters):
        return out
    own_colours = clusters["colour"] if "colour" in clusters.columns else [None] * len(clusters)
    fixed = {k: c for k, c in zip(clusters.index, own_colours) if isinstance(c, str) and c.startswith("#")}
    rows = clusters.assign(_free=[k not in fixed for k in clusters.index])
    rows = rows.sort_values(["_free", "size", "id"], ascending=[True, False, True])
    ids = rows["id"].astype(int).to_numpy()
    xy = rows[["x", "y"]].to_numpy(float) if {"x", "y"} <= set(rows.columns) else np.zeros((len(rows), 2))
    xy = np.nan_to_num(xy)
    palette = list(PALETTE) + [area_colour(len(PALETTE) + i) for i in range(max(0, len(ids) - len(PALETTE)))]
    free = list(palette)
    for i, aid in enumerate(ids):
        own = fixed.get(rows.index[i])
        if own is not None:
            out[int(aid)] = own
            if own in free:
                free.remove(own)
            continue
        done = np.arange(i)
        near = done[np.argsort(np.hypot(*(xy[done] - xy[i]).T))[:neighbours]] if i else done
        taken = [out[int(ids[j])] for j in near]
        candidates = free or palette
        score = [min((_colour_distance(c, t) for t in taken), default=0.0) for c in candidates]
        colour = candidates[int(np.argmax(score))] if taken else candidates[0]
        out[int(aid)] = colour
        if colour in free:
            free.remove(colour)
    return out


# --------------------------------------------------------------------------- the terrain

#: Contour levels of the terrain (on the square-rooted density, 0..1) and the line colour.
TERRAIN_LEVELS = np.arange(0.08, 1.0, 0.115)
TERRAIN_LINE = (140, 120, 80, 115)


def terrain_colour(value: float) -> tuple[int, int, int, int]:
    """The TERRAIN colour scale at ``value`` (0..1) as RGBA bytes, linearly between its stops."""
    stops = [(float(v), _parse_colour(c)) for v, c in TERRAIN]
    for (v0, c0), (v1, c1) in zip(stops, stops[1:]):
        if v0 <= value <= v1:
            f = (value - v0) / ((v1 - v0) or 1.0)
            return tuple(int(round(a + f * (b - a))) for a, b in zip(c0, c1))
    return stops[-1][1]


def _parse_colour(colour: str) -> tuple[int, int, int, int]:
    if colour.startswith("#"):
        return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16), 255)
    parts = colour[colour.index("(") + 1:colour.index(")")].split(",")
    r, g, b = (int(float(v)) for v in parts[:3])
    return (r, g, b, int(round(255 * float(parts[3]))) if len(parts) > 3 else 255)


def branch_colours(branch_ids) -> dict[str, str]:
    """A colour for each branch of a technology breakdown, by its place in the breakdown's
    order (the palette of the areas, from its start), the same in the app and the report."""
    return {str(b): area_colour(i) for i, b in enumerate(branch_ids)}
