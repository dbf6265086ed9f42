"""Maps too big to draw point by point: which patents the map draws as points, and the density
picture (:mod:`landscape.present.density`) with its hover grid that stands for the rest.

Up to :data:`POINTS_LIMIT` patents in view the map draws every one (as it always has); past
it the map shows the density of all of them, and points again once a close-up or the filters
bring the number in view under the limit.
"""
from __future__ import annotations

import base64
import hashlib
import io
import os

import numpy as np
import pandas as pd

from landscape.i18n import t
from landscape.present.density import density_grid, density_rgba, grid_size, hover_cells
from landscape.present.terrain import terrain_rgba

#: Points drawn one by one at most. Measured in Chromium on this machine (bench/RESULTS.md):
#: 50k points load in 2.8 s and redraw after a filter in 0.75 s with a 6.9 MB figure
#: (bench/app.py, quiet machine), within the targets the app was tuned to; every point drawn
#: at 1M took 86-108 s to the first view (bench/app_scale.py --old). The figure grows linearly.
POINTS_LIMIT = 50_000


def points_limit() -> int:
    """:data:`POINTS_LIMIT`, or ``$LANDSCAPE_MAP_POINTS`` where set (a weak browser may want fewer)."""
    try:
        value = int(os.environ.get("LANDSCAPE_MAP_POINTS", ""))
    except ValueError:
        return POINTS_LIMIT
    return value if value > 0 else POINTS_LIMIT


def within(points: pd.DataFrame, view) -> np.ndarray:
    """Patents inside ``view`` (x0, x1, y0, y1)."""
    x, y = points["x"].to_numpy(), points["y"].to_numpy()
    return (x >= view[0]) & (x <= view[1]) & (y >= view[2]) & (y <= view[3])


def split_for_drawing(points: pd.DataFrame, shown, limit: int, *, view=None, highlight=None, focus=None):
    """What a map of ``points`` draws: ``(as_points, as_density)``, two boolean masks.

    The ``shown`` patents inside ``view`` (all of them without one) are drawn as points when
    there are at most ``limit``; else the highlighted ones among them are, or those of
    ``focus`` (the area a close-up is about), when they are few enough; the rest of the shown
    patents make the density picture (``as_density`` is None when there is no rest).
    """
    shown = np.asarray(shown, dtype=bool)
    inside = shown if view is None else shown & within(points, view)
    if int(inside.sum()) <= limit:
        rest = shown & ~inside  # close up: the patents around the view stay as density
        return inside, rest if rest.any() else None
    for preferred in (highlight, focus):
        if preferred is not None:
            chosen = inside & np.asarray(preferred, dtype=bool)
            if int(chosen.sum()) <= limit:
                return chosen, shown & ~chosen
    return np.zeros(len(points), dtype=bool), shown


def count_line(n_points: int, n_density: int, lang: str, limit: int = POINTS_LIMIT) -> str:
    """What the map draws, for the page's count line: ``**N** drawn as points, M as a density
    picture`` (or all of either)."""
    if not n_density:
        return t("bigmap.all_points", lang, n=f"{n_points:,}")
    if not n_points:
        return t("bigmap.density_only", lang, limit=f"{limit:,}")
    return t("bigmap.split", lang, points=f"{n_points:,}", density=f"{n_density:,}")


_PICTURES: dict[tuple, tuple[str, dict]] = {}


def density_layer(points: pd.DataFrame, mask, area, colours: dict[int, str] | None, lang: str,
                  labels: dict[int, str], *, terrain=None, pixels: int = 640, under_points: bool = False
                  ) -> tuple[dict, dict]:
    """The density picture of ``points[mask]`` over ``area`` (x0, x1, y0, y1) as a Plotly layout
    image, and an invisible hover trace over it (patents per cell and their main area).
    ``colours`` None: in grey (the faded rest of a highlighted portfolio). ``terrain``: the
    (x, y) the terrain is drawn from, laid under the density in the same picture (Plotly drew
    only one of two layout images at the same place). ``under_points``: fainter, as the
    surroundings of points drawn one by one.

    Cached by the mask and the area: moving a slider back, or another page with the same
    picture, costs nothing.
    """
    mask = np.asarray(mask, dtype=bool)
    digest = hashlib.sha1(np.packbits(mask).tobytes())
    if terrain is not None:
        digest.update(np.ascontiguousarray(terrain[0], dtype=np.float32).tobytes())
    for col in ("x", "y", "area"):
        digest.update(np.ascontiguousarray(points[col].to_numpy()).tobytes())
    key = (digest.hexdigest(),
           tuple(round(float(v), 6) for v in area), colours is None, lang, pixels, under_points)
    if key not in _PICTURES:
        x, y = points["x"].to_numpy()[mask], points["y"].to_numpy()[mask]
        ids = points["area"].to_numpy()[mask]
        width, height = grid_size(area, pixels)
        grid = density_grid(x, y, ids, area, width=width, height=height)
        png = _picture(grid, colours, terrain, pixels, 0.45 if under_points else 1.0)
        source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        cells = hover_cells(x, y, ids, area)
        words = t("bigmap.cell", lang)
        names = np.array([labels.get(int(a), t("map.unassigned", lang)) for a in cells["area"]], dtype=object)
        text = [words.format(n=f"{int(n):,}", area=name) for n, name in zip(cells["count"], names)]
        hover = dict(type="scattergl", x=cells["x"], y=cells["y"], mode="markers", text=text,
                     hovertemplate="%{text}<extra></extra>", showlegend=False,
                     marker=dict(size=9, color="rgba(0,0,0,0)"), meta={"kind": "density_cells"})
        if len(_PICTURES) >= 12:
            _PICTURES.pop(next(iter(_PICTURES)))
        _PICTURES[key] = (source, hover)
    source, hover = _PICTURES[key]
    image = dict(source=source, xref="x", yref="y", x=area[0], y=area[3], sizex=area[1] - area[0],
                 sizey=area[3] - area[2], sizing="stretch", xanchor="left", yanchor="top", layer="below",
                 name="density")
    return image, hover


def _picture(grid, colours, terrain, pixels: int, opacity: float) -> bytes:
    """The density over the terrain (when given), one PNG."""
    from PIL import Image

    top = Image.fromarray(density_rgba(grid, colours, opacity=opacity), "RGBA")
    if terrain is not None and len(terrain[0]) >= 20:
        # The terrain keeps its own fine lines (at least 1200 px); the density's pixels are
        # enlarged onto it as they are (nearest), not blurred.
        under = Image.fromarray(terrain_rgba(terrain[0], terrain[1], grid.view, pixels=min(2400, max(pixels, 1200))),
                                "RGBA")
        top = Image.alpha_composite(under, top.resize(under.size, Image.Resampling.NEAREST))
    buf = io.BytesIO()
    top.save(buf, format="PNG", compress_level=3)
    return buf.getvalue()


def area_boxes(points: pd.DataFrame, pad: float = 0.15) -> dict[int, tuple[float, float, float, float]]:
    """For each area, a close-up of where most of its patents lie: the 2nd to 98th percentile of
    its x and y, grown by ``pad`` of its size (a few stray patents do not widen it)."""
    assigned = points[points["area"] >= 0]
    if not len(assigned):
        return {}
    q = assigned.groupby("area")[["x", "y"]].quantile([0.02, 0.98]).unstack()
    out = {}
    for area, row in q.iterrows():
        x0, x1, y0, y1 = (float(row[("x", 0.02)]), float(row[("x", 0.98)]), float(row[("y", 0.02)]),
                          float(row[("y", 0.98)]))
        w, h = max(x1 - x0, 1e-3), max(y1 - y0, 1e-3)
        out[int(area)] = (x0 - pad * w, x1 + pad * w, y0 - pad * h, y1 + pad * h)
    return out
