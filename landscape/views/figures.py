"""The map figure: terrain, coloured points, area labels without overlaps, white spaces."""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from landscape.i18n import t
from landscape.views.palette import FONT, TERRAIN, UNASSIGNED, area_colours, area_labels

# --------------------------------------------------------------------------- the map

def density_grid(x: np.ndarray, y: np.ndarray, bins: int = 140, pad: float = 0.06, sigma: float = 2.2):
    """A smoothed 2-d histogram of the points: the terrain under the map (x centres, y centres, z)."""
    from scipy.ndimage import gaussian_filter

    x0, x1, y0, y1 = _extent(x, y, pad)
    h, xe, ye = np.histogram2d(x, y, bins=bins, range=[[x0, x1], [y0, y1]])
    z = gaussian_filter(h.T, sigma=sigma)
    z = np.sqrt(z / z.max()) if z.max() > 0 else z  # sqrt: sparse regions still show relief
    return (xe[:-1] + xe[1:]) / 2, (ye[:-1] + ye[1:]) / 2, z


def _extent(x, y, pad=0.04):
    x0, x1, y0, y1 = float(np.min(x)), float(np.max(x)), float(np.min(y)), float(np.max(y))
    dx, dy = (x1 - x0) or 1.0, (y1 - y0) or 1.0
    return x0 - pad * dx, x1 + pad * dx, y0 - pad * dy, y1 + pad * dy


def _around(view, extent):
    """``view`` grown by its own size on every side, kept within ``extent``."""
    x0, x1, y0, y1 = view
    w, h = x1 - x0, y1 - y0
    out = (max(extent[0], x0 - w), min(extent[1], x1 + w), max(extent[2], y0 - h), min(extent[3], y1 + h))
    return out if out[0] < out[1] and out[2] < out[3] else view


def _text_px(text: str, size: int) -> float:
    wide = sum(1 for c in text if ord(c) > 0x2E80)
    return (wide * 1.05 + (len(text) - wide) * 0.58) * size + 8


def place_labels(clusters: pd.DataFrame, labels: dict[int, str], extent, *, width_px=1000, height_px=700,
                 max_labels=40, avoid=()) -> list[dict]:
    """Where to put the area labels so they do not overlap: the biggest areas first, each at its
    centre or shifted a line up/down; a label with no free place is left off (its area still shows
    in the hover). ``avoid``: ``(x, y, width_px, height_px)`` boxes to keep clear (a star, white
    spaces). Returns ``{"id", "x", "y", "text", "yshift"}`` dicts."""
    x0, x1, y0, y1 = extent
    scale = min(width_px / (x1 - x0), height_px / (y1 - y0))
    placed: list[tuple[float, float, float, float]] = [
        ((x - x0) * scale - w / 2, (y - y0) * scale - h / 2, (x - x0) * scale + w / 2, (y - y0) * scale + h / 2)
        for x, y, w, h in avoid]
    out = []
    rows = clusters.dropna(subset=["x", "y"]).sort_values("size", ascending=False)
    for _, row in rows.iterrows():
        if len(out) >= max_labels:
            break
        text = labels[int(row["id"])]
        w, h = _text_px(text, 12), 20.0
        cx, cy = (row["x"] - x0) * scale, (row["y"] - y0) * scale
        rel = (row["x"] - x0) / (x1 - x0)
        left = cx if rel < 0.15 else cx - w if rel > 0.85 else cx - w / 2  # as the annotation is anchored
        for shift in (0, 22, -22, 44, -44):
            box = (left, cy + shift - h / 2, left + w, cy + shift + h / 2)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                placed.append(box)
                rel = (row["x"] - x0) / (x1 - x0)
                out.append({"id": int(row["id"]), "x": float(row["x"]), "y": float(row["y"]), "text": text,
                            "yshift": shift, "xanchor": "left" if rel < 0.15 else "right" if rel > 0.85 else "center"})
                break
    return out


def hover_texts(points: pd.DataFrame, lang: str, labels: dict[int, str] | None = None) -> np.ndarray:
    """One hover block per patent: title, then applicant · year (and the area when ``labels``
    are given). The publication number is not in it: the map's hover template takes it from
    ``customdata``, which the figure carries anyway, and the area from each area trace's
    template; 50k repeated numbers and labels would make the figure a fifth bigger."""
    if not len(points):
        return np.array([], dtype=object)
    title = points["title"].fillna("").astype(str).str.slice(0, 80)
    applicant = points["applicant"].fillna(t("common.unknown", lang)).astype(str)
    year = points["year"].astype("Int64").astype(str).replace("<NA>", "—")
    text = "<b>" + title + "</b><br>" + applicant + " · " + year
    if labels is not None:
        area = points["area"].map(lambda a: labels.get(int(a), t("map.unassigned", lang)))
        text = text + "<br>" + t("map.area", lang) + ": " + area
    return text.to_numpy()


def _wrap(text: str, width: int = 60) -> str:
    import textwrap

    wide = sum(1 for c in text if ord(c) > 0x2E80) > len(text) / 3
    return "<br>".join(textwrap.wrap(text, width // 2 if wide else width)) if text else ""


def terrain_image(x: np.ndarray, y: np.ndarray, view, *, pixels: int = 1200) -> str:
    """The density terrain over ``view`` (x0, x1, y0, y1) as a PNG data URI: bands of the
    smoothed density in the terrain colours with thin contour lines, like a topographic map.

    A picture rather than a Plotly contour trace: the browser drew the contour in ~0.45 s on
    every load and every filter change of a 50k-point map; a picture costs next to nothing
    there. Drawn at the view's own resolution, so a white space close up stays sharp. Cached:
    filtering does not change the terrain.
    """
    key = (hashlib.sha1(np.ascontiguousarray(x, dtype=np.float32).tobytes()
                        + np.ascontiguousarray(y, dtype=np.float32).tobytes()).hexdigest(),
           tuple(round(float(v), 6) for v in view), pixels)
    if key not in _TERRAIN_CACHE:
        if len(_TERRAIN_CACHE) >= 16:
            _TERRAIN_CACHE.pop(next(iter(_TERRAIN_CACHE)))
        _TERRAIN_CACHE[key] = _draw_terrain(x, y, view, pixels)
    return _TERRAIN_CACHE[key]


_TERRAIN_CACHE: dict[tuple, str] = {}
#: Contour levels of the terrain (on the square-rooted density, 0..1) and the line colour.
TERRAIN_LEVELS = np.arange(0.08, 1.0, 0.115)
TERRAIN_LINE = (140, 120, 80, 115)


def _draw_terrain(x, y, view, pixels) -> str:
    import base64
    import io

    from PIL import Image
    from scipy.ndimage import map_coordinates

    gx, gy, z = density_grid(x, y)
    x0, x1, y0, y1 = view
    scale = pixels / max(x1 - x0, y1 - y0)
    w, h = max(2, int(round((x1 - x0) * scale))), max(2, int(round((y1 - y0) * scale)))
    # Pixel centres in grid coordinates; image row 0 is the top (largest y).
    px = (x0 + (np.arange(w) + 0.5) / scale - gx[0]) / (gx[1] - gx[0])
    py = (y1 - (np.arange(h) + 0.5) / scale - gy[0]) / (gy[1] - gy[0])
    rows, cols = np.meshgrid(py, px, indexing="ij")
    zi = map_coordinates(z, [rows, cols], order=1, mode="constant", cval=0.0)
    band = np.searchsorted(TERRAIN_LEVELS, zi, side="right")  # 0: below the lowest level
    colours = np.zeros((len(TERRAIN_LEVELS) + 1, 4), dtype=np.uint8)
    for i, level in enumerate(TERRAIN_LEVELS, start=1):
        colours[i] = _terrain_colour(level)
    rgba = colours[band]
    edge = np.zeros(band.shape, dtype=bool)
    edge[:, 1:] |= band[:, 1:] != band[:, :-1]
    edge[1:, :] |= band[1:, :] != band[:-1, :]
    rgba[edge] = TERRAIN_LINE
    buf = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buf, format="PNG", optimize=False, compress_level=6)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _terrain_colour(value: float) -> tuple[int, int, int, int]:
    """The TERRAIN colour scale at ``value`` (0..1), linearly between its stops."""
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


def map_figure(points: pd.DataFrame, clusters: pd.DataFrame, lang: str, *, shown=None, highlight=None,
               white_spaces: pd.DataFrame | None = None, star: dict | None = None, zoom=None,
               height: int = 720, labels_on: bool = True, terrain_points: pd.DataFrame | None = None):
    """The landscape: density terrain, patents coloured by area (fixed colours), area labels,
    white spaces and an optional star (a placed invention).

    Parameters
    ----------
    shown : bool array, optional
        Patents to draw (the filter); default all.
    highlight : bool array, optional
        A portfolio to stand out: these keep their area colour, the other shown patents turn
        faded grey. None means no overlay.
    zoom : (x0, x1, y0, y1), optional
        Axis ranges to show (a white space close up).
    terrain_points : DataFrame, optional
        Points the terrain is drawn from (default ``points``: the whole map, so the relief does
        not change while filtering).

    The figure is assembled from plain dicts and made a ``go.Figure`` once: adding 50k-point
    traces and annotations one by one copied the whole figure each time (0.46 s per build).
    """
    import plotly.graph_objects as go

    labels = area_labels(clusters, lang)
    map_labels = area_labels(clusters, lang, short=True)
    colours = area_colours(clusters)
    shown = np.ones(len(points), dtype=bool) if shown is None else np.asarray(shown, dtype=bool)
    terrain = points if terrain_points is None else terrain_points
    tx, ty = terrain["x"].to_numpy(np.float32), terrain["y"].to_numpy(np.float32)
    extent = _extent(tx, ty) if len(terrain) else (0, 1, 0, 1)
    view = tuple(zoom) if zoom is not None else extent
    data, annotations, images = [], [], []
    if len(terrain) >= 20:
        # Close up, Plotly widens one axis to keep the map's proportions: the picture reaches one
        # view's size past each side (within the map), drawn finer so the close-up stays sharp.
        area = view if zoom is None else _around(view, extent)
        pixels = 1200 if zoom is None else int(min(2400, 1200 * (area[1] - area[0]) / (view[1] - view[0])))
        images.append(dict(source=terrain_image(tx, ty, area, pixels=pixels), xref="x", yref="y", x=area[0],
                           y=area[3], sizex=area[1] - area[0], sizey=area[3] - area[2], sizing="stretch",
                           xanchor="left", yanchor="top", layer="below", name="terrain"))
    n = int(shown.sum())
    size = 7 if n < 1500 else 5 if n < 10000 else 3.5 if n < 40000 else 2.8
    text = hover_texts(points, lang)
    areas = points["area"].to_numpy()
    ids = points["id"].to_numpy()
    x, y = points["x"].to_numpy(np.float32), points["y"].to_numpy(np.float32)

    def template(area) -> str:
        label = labels.get(int(area), t("map.unassigned", lang))
        return "%{text}<br>%{customdata}<br>" + t("map.area", lang) + ": " + label + "<extra></extra>"

    if highlight is not None:
        highlight = np.asarray(highlight, dtype=bool)
        faded = shown & ~highlight
        data.append(dict(type="scattergl", x=x[faded], y=y[faded], mode="markers", name=t("map.others", lang),
                         text=hover_texts(points[faded], lang, labels), customdata=ids[faded],
                         hovertemplate="%{text}<br>%{customdata}<extra></extra>",
                         marker=dict(size=size, color="#b9b9b9", opacity=0.35),
                         meta={"kind": "points", "area": None}, showlegend=True))
        shown = shown & highlight
    for area in sorted(set(areas[shown].tolist())):
        sel = shown & (areas == area)
        data.append(dict(
            type="scattergl", x=x[sel], y=y[sel], mode="markers",
            name=labels.get(int(area), t("map.unassigned", lang)),
            text=text[sel], customdata=ids[sel], hovertemplate=template(area),
            marker=dict(size=size + (3 if highlight is not None else 0), color=colours.get(int(area), UNASSIGNED),
                        opacity=0.95 if highlight is not None else 0.8,
                        line=dict(width=0.8, color="#222") if highlight is not None else dict(width=0)),
            meta={"kind": "points", "area": int(area)}, showlegend=highlight is not None))
    if white_spaces is not None and len(white_spaces):
        _add_white_spaces(data, annotations, white_spaces, lang)
    if labels_on:
        inside = clusters[clusters["x"].between(view[0], view[1]) & clusters["y"].between(view[2], view[3])]
        avoid = [(star["x"], star["y"], 40, 40)] if star is not None else []
        if white_spaces is not None and len(white_spaces):
            avoid += [(x, y, 70, 26) for x, y in zip(white_spaces["x"], white_spaces["y"])]
        for lab in place_labels(inside, map_labels, view, avoid=avoid):
            annotations.append(dict(x=lab["x"], y=lab["y"], text=lab["text"], yshift=lab["yshift"], showarrow=False,
                                    xanchor=lab["xanchor"],
                                    font=dict(size=12, color="#1a1a1a", family=FONT), name=f"area:{lab['id']}",
                                    bgcolor="rgba(255,255,255,0.78)", bordercolor=colours.get(lab["id"], UNASSIGNED),
                                    borderwidth=1.5, borderpad=2))
    if star is not None:  # WebGL, so it lies above the points; the annotation points at it
        data.append(dict(type="scattergl", x=[star["x"]], y=[star["y"]], mode="markers", text=[star.get("label", "")],
                         name=star.get("label", ""),
                         marker=dict(symbol="star", size=30, color="#ffd400", line=dict(width=2, color="#111")),
                         hovertext=[star.get("hover", "")], hoverinfo="text", meta={"kind": "star"},
                         showlegend=False))
        annotations.append(dict(x=star["x"], y=star["y"], text=f"<b>{star.get('label', '')}</b>", showarrow=True,
                                arrowhead=2, arrowwidth=2, arrowcolor="#111", ax=70, ay=-60, standoff=12,
                                font=dict(size=14, color="#111", family=FONT), bgcolor="#ffd400", borderpad=4))
    x0, x1, y0, y1 = view
    axis = dict(showgrid=False, zeroline=False, showticklabels=False, title=None, showline=False)
    layout = dict(
        height=height, margin=dict(l=8, r=8, t=8, b=8), plot_bgcolor="white", paper_bgcolor="white",
        font=dict(family=FONT), hovermode="closest", dragmode="pan", uirevision="map",
        xaxis=dict(axis, range=[x0, x1]), yaxis=dict(axis, range=[y0, y1], scaleanchor="x", scaleratio=1),
        legend=dict(orientation="h", yanchor="bottom", y=0.0, xanchor="left", x=0.0, bgcolor="rgba(255,255,255,0.8)",
                    font=dict(size=11)),
        hoverlabel=dict(font=dict(family=FONT, size=12), align="left"),
        annotations=annotations, images=images)
    return go.Figure(dict(data=data, layout=layout))


def _add_white_spaces(data: list, annotations: list, ws: pd.DataFrame, lang: str) -> None:
    """Dotted circles with a diamond at each centre and its rank beside it. Drawn as WebGL traces
    and annotations: plain SVG traces and shapes would lie under the WebGL points."""
    red = "#b3001b"
    ranks = ws["rank"] if "rank" in ws else pd.Series(range(1, len(ws) + 1), index=ws.index)
    angle = np.linspace(0, 2 * np.pi, 73)
    cx, cy = [], []
    for _, row in ws.iterrows():
        r = float(row["radius"]) if "radius" in ws and pd.notna(row.get("radius")) else None
        if r:
            cx += list(row["x"] + r * np.cos(angle)) + [None]
            cy += list(row["y"] + r * np.sin(angle)) + [None]
    if cx:
        data.append(dict(type="scattergl", x=cx, y=cy, mode="lines", line=dict(color=red, width=1.6, dash="dot"),
                         hoverinfo="skip", showlegend=False, meta={"kind": "white_space_circles"}))
    desc = white_space_descriptions(ws, lang)
    data.append(dict(
        type="scattergl", x=ws["x"].to_numpy(), y=ws["y"].to_numpy(), mode="markers",
        text=[f"W{int(r)}" for r in ranks], name=t("map.white_spaces", lang),
        marker=dict(symbol="diamond-open", size=14, color=red, line=dict(width=2.5, color=red)),
        hovertext=[f"<b>{t('ws.one', lang, rank=int(r))}</b><br>{_wrap(d)}" for r, d in zip(ranks, desc)],
        hoverinfo="text", meta={"kind": "white_spaces"}, showlegend=False))
    for (_, row), r in zip(ws.iterrows(), ranks):
        annotations.append(dict(x=row["x"], y=row["y"], text=f"<b>W{int(r)}</b>", showarrow=False, xshift=22,
                                font=dict(size=12, color=red, family=FONT), bgcolor="rgba(255,255,255,0.8)"))


def white_space_descriptions(ws: pd.DataFrame, lang: str) -> list[str]:
    other = "zh" if lang == "en" else "en"
    out = []
    for _, row in ws.iterrows():
        text = row.get(f"description_{lang}") or row.get(f"description_{other}") or row.get("description") or ""
        out.append(str(text))
    return out
