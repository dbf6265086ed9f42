"""The map figure: terrain, coloured points, area labels without overlaps, white spaces."""
from __future__ import annotations

import base64
import hashlib

import numpy as np
import pandas as pd

from landscape.i18n import t
from landscape.present.labels import NEAR, place_labels, text_width_px, wrap_lines
from landscape.present.names import area_labels
from landscape.present.palette import FONT, UNASSIGNED, area_colours
from landscape.present.terrain import map_extent, terrain_png
from landscape.views.bigmap import density_layer, points_limit, split_for_drawing

# --------------------------------------------------------------------------- the map

def _around(view, extent):
    """``view`` grown by its own size on every side, kept within ``extent``."""
    x0, x1, y0, y1 = view
    w, h = x1 - x0, y1 - y0
    out = (max(extent[0], x0 - w), min(extent[1], x1 + w), max(extent[2], y0 - h), min(extent[3], y1 + h))
    return out if out[0] < out[1] and out[2] < out[3] else view


def label_spots(clusters: pd.DataFrame, labels: dict[int, str], extent, *, width_px=1000, height_px=700,
                max_labels=40, avoid=()) -> list[dict]:
    """The area labels that fit on the map and where (:func:`landscape.present.labels.place_labels`):
    ``avoid`` holds ``(x, y, width_px, height_px)`` boxes to keep clear (a star, white spaces).
    Returns ``{"id", "x", "y", "text", "yshift", "xanchor"}`` dicts, one per label shown."""
    x0, x1, y0, y1 = extent
    scale = min(width_px / (x1 - x0), height_px / (y1 - y0))
    rows = clusters.dropna(subset=["x", "y"]).sort_values("size", ascending=False)
    if not len(rows):
        return []
    texts = [labels[int(a)] for a in rows["id"]]
    sizes = np.array([[text_width_px(text, 12), 20.0] for text in texts])
    cx, cy = (rows["x"].to_numpy(float) - x0) * scale, (rows["y"].to_numpy(float) - y0) * scale
    rel = (rows["x"].to_numpy(float) - x0) / (x1 - x0)
    # Near an edge a label is anchored by that side (as the annotation is), not by its middle.
    xanchor = np.where(rel < 0.15, "left", np.where(rel > 0.85, "right", "center"))
    centre = cx + np.select([xanchor == "left", xanchor == "right"], [sizes[:, 0] / 2, -sizes[:, 0] / 2], 0.0)
    obstacles = [((x - x0) * scale - w / 2, (y - y0) * scale - h / 2, (x - x0) * scale + w / 2,
                  (y - y0) * scale + h / 2) for x, y, w, h in avoid]
    offsets = place_labels(np.column_stack([centre, cy]), sizes, places=NEAR, obstacles=obstacles,
                           max_labels=max_labels)
    return [{"id": int(a), "x": float(x), "y": float(y), "text": text, "yshift": float(off[1]), "xanchor": anchor}
            for a, x, y, text, off, anchor in zip(rows["id"], rows["x"], rows["y"], texts, offsets, xanchor)
            if not np.isnan(off[1])]


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


def terrain_image(x: np.ndarray, y: np.ndarray, view, *, pixels: int = 1200) -> str:
    """The terrain (:mod:`landscape.present.terrain`) over ``view`` as a PNG data URI.

    A picture rather than a Plotly contour trace: the browser drew the contour in ~0.45 s on
    every load and every filter change of a 50k-point map; a picture costs next to nothing
    there. Cached: filtering does not change the terrain.
    """
    key = (hashlib.sha1(np.ascontiguousarray(x, dtype=np.float32).tobytes()
                        + np.ascontiguousarray(y, dtype=np.float32).tobytes()).hexdigest(),
           tuple(round(float(v), 6) for v in view), pixels)
    if key not in _TERRAIN_CACHE:
        if len(_TERRAIN_CACHE) >= 16:
            _TERRAIN_CACHE.pop(next(iter(_TERRAIN_CACHE)))
        _TERRAIN_CACHE[key] = "data:image/png;base64," + base64.b64encode(
            terrain_png(x, y, view, pixels=pixels)).decode("ascii")
    return _TERRAIN_CACHE[key]


_TERRAIN_CACHE: dict[tuple, str] = {}


def map_figure(points: pd.DataFrame, clusters: pd.DataFrame, lang: str, *, shown=None, highlight=None,
               white_spaces: pd.DataFrame | None = None, star: dict | None = None, zoom=None,
               height: int = 720, labels_on: bool = True, terrain_points: pd.DataFrame | None = None,
               others: str | None = None, max_points: int | None = None, focus=None):
    """The landscape: density terrain, patents coloured by area (fixed colours), area labels,
    white spaces and an optional star (a placed invention).

    Parameters
    ----------
    shown : bool array, optional
        Patents to draw (the filter); default all.
    highlight : bool array, optional
        A portfolio to stand out: these keep their area colour, the other shown patents turn
        faded grey. None means no overlay.
    others : str, optional
        The legend's name for the faded patents (default: other applicants).
    zoom : (x0, x1, y0, y1), optional
        Axis ranges to show (a white space close up).
    terrain_points : DataFrame, optional
        Points the terrain is drawn from (default ``points``: the whole map, so the relief does
        not change while filtering).
    max_points : int, optional
        Default :func:`landscape.views.bigmap.points_limit`. Past this many patents in view the
        map shows a density picture of them instead (:mod:`landscape.views.bigmap`), and points
        only for a highlighted portfolio small enough; a map of at most ``max_points`` patents is drawn point by point, always.
    focus : bool array, optional
        On a big map, the patents a close-up is about (its area): drawn as points when those in
        view are few enough though all in view are not.

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
    extent = map_extent(tx, ty) if len(terrain) else (0, 1, 0, 1)
    view = tuple(zoom) if zoom is not None else extent
    data, annotations, images = [], [], []
    max_points = points_limit() if max_points is None else max_points
    if len(points) > max_points:
        points, shown, highlight = _density_instead(points, shown, highlight, focus, data, images, view, extent,
                                                    zoom, max_points, colours, lang, labels, (tx, ty))
    if len(terrain) >= 20 and not images:  # a density picture has the terrain in it
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
        data.append(dict(type="scattergl", x=x[faded], y=y[faded], mode="markers", name=others or t("map.others", lang),
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
        for lab in label_spots(inside, map_labels, view, avoid=avoid):
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


def _density_instead(points, shown, highlight, focus, data, images, view, extent, zoom, limit, colours, lang,
                     labels, terrain):
    """A big map: the density picture (and its hover grid) of the patents not drawn as points
    goes into ``images`` and ``data``; returns the points, shown and highlight masks of those
    drawn one by one (none, a close-up's or a small portfolio)."""
    area = view if zoom is None else _around(view, extent)
    draw, density = split_for_drawing(points, shown, limit, view=zoom, highlight=highlight, focus=focus)
    if density is not None and density.any():
        faded = highlight is not None and draw.any()  # the rest of a portfolio: grey, as its points would be
        # Few patents: coarser pixels (~2 sqrt(n) across), or single patents would be specks the
        # browser shrinks away. Close up, the picture reaches past the view (as the terrain
        # does): finer, to stay sharp.
        pixels = int(np.clip(2 * np.sqrt(density.sum()), 160, 640))
        if zoom is not None:
            pixels = int(min(2000, pixels * (area[1] - area[0]) / (view[1] - view[0])))
        image, hover = density_layer(points, density, area, None if faded else colours, lang, labels, terrain=terrain,
                                     pixels=pixels, under_points=bool(draw.any()))
        images.append(image)  # with the terrain in it, under the density
        data.append(hover)
    kept = points[draw].reset_index(drop=True)
    return kept, np.ones(len(kept), dtype=bool), None if highlight is None else np.asarray(highlight, bool)[draw]


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
        hovertext=[f"<b>{t('ws.one', lang, rank=int(r))}</b><br>{'<br>'.join(wrap_lines(d, 60))}" for r, d in zip(ranks, desc)],
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
