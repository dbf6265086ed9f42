"""What the app shows, computed from a map bundle's tables: filters, colours, tables, figures,
downloads. Pure functions (no Streamlit); the pages in ``app_pages/`` only lay them out.

Compute first, draw second: the ``*_table`` and ``*_mask`` functions return pandas/numpy
values that tests can check directly; the ``*_figure`` functions turn them into Plotly figures.
"""
from __future__ import annotations

import colorsys
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landscape.i18n import t

#: Colours for area ids 0..19, dark enough to read on the light terrain. Ids past the end get
#: a colour from the golden-angle hue circle; -1 (unassigned) is always grey. A colour depends
#: on the area id only, so filtering never recolours an area.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
           "#a0a000", "#393b79", "#637939", "#b5651d", "#843c39", "#7b4173", "#3182bd", "#e6550d",
           "#31a354", "#756bb1", "#d6616b", "#0e8a7e")
UNASSIGNED = "#9e9e9e"
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
    are enough), so neighbouring areas on the map do not look alike.
    """
    out = {-1: UNASSIGNED}
    if clusters is None or not len(clusters):
        return out
    rows = clusters.sort_values(["size", "id"], ascending=[False, True])
    ids = rows["id"].astype(int).to_numpy()
    xy = rows[["x", "y"]].to_numpy(float) if {"x", "y"} <= set(rows.columns) else np.zeros((len(rows), 2))
    xy = np.nan_to_num(xy)
    palette = list(PALETTE) + [area_colour(len(PALETTE) + i) for i in range(max(0, len(ids) - len(PALETTE)))]
    free = list(palette)
    for i, aid in enumerate(ids):
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


# --------------------------------------------------------------------------- labels and codes

def as_list(value) -> list:
    if value is None or isinstance(value, float) or isinstance(value, str):
        return [] if not isinstance(value, str) else [value]
    return list(value)


_CODE_LABEL = re.compile(r"^\S+ 类（(.+)）$")  # label.py's fallback "A63H33 类（玩具）"


def area_labels(clusters: pd.DataFrame, lang: str, *, short: bool = False) -> dict[int, str]:
    """Area id -> its label in ``lang`` (the other language's where that one is empty).

    Labels are made unique: areas that share a label (common where an area has no text in
    ``lang`` and is named after its IPC class) get their next distinctive term added, from
    ``lang`` first, then from the other language, then their number. ``short=True`` gives the
    few words that fit on the map.
    """
    other = "zh" if lang == "en" else "en"
    out: dict[int, str] = {}
    extras: dict[int, list[tuple[str, str]]] = {}
    for _, row in clusters.iterrows():
        aid = int(row["id"])
        label = row.get(f"label_{lang}") or row.get(f"label_{other}") or f"#{aid}"
        label = str(label)
        if short:
            m = _CODE_LABEL.match(label)
            label = short_label(m.group(1) if m else label)
        sep_own = " / " if lang == "en" else "/"
        extras[aid] = ([(sep_own, str(x)) for x in as_list(row.get(f"terms_{lang}")) if str(x) not in label]
                       + [(" · ", str(x)) for x in as_list(row.get(f"terms_{other}")) if str(x) not in label])
        out[aid] = label
    base = dict(out)
    for _ in range(2):
        groups: dict[str, list[int]] = {}
        for aid, lab in out.items():
            groups.setdefault(lab, []).append(aid)
        dups = [ids for ids in groups.values() if len(ids) > 1]
        if not dups:
            break
        for ids in dups:
            for aid in ids:
                # the first term that the other areas of the group do not have
                others = {term for o in ids if o != aid for _, term in extras[o]}
                pick = next((e for e in extras[aid] if e[1] not in others), extras[aid][0] if extras[aid] else None)
                if pick is None:
                    continue
                extras[aid].remove(pick)
                sep = " / " if " · " in out[aid] and pick[0] == " · " else pick[0]
                out[aid] = f"{out[aid]}{sep}{pick[1]}"
    counts = pd.Series(out).value_counts()
    # Areas whose terms do not tell them apart keep their own label, with their number.
    return {aid: (f"{base[aid]} #{aid}" if counts[lab] > 1 else lab) for aid, lab in out.items()}


def short_label(label: str, max_len: int = 30) -> str:
    """The first terms of a label that fit on the map (the full one is in the hover)."""
    parts = [p.strip() for p in re.split(r"\s*/\s*", label) if p.strip()]
    sep = "/" if parts and all(ord(c) > 0x2E80 for c in parts[0][:1]) else " / "
    out = ""
    for part in parts:
        joined = f"{out}{sep}{part}" if out else part
        if out and len(joined) > max_len:
            break
        out = joined
    return out if len(out) <= max_len + 8 else out[:max_len] + "…"


def code_title(code: str, lang: str) -> str | None:
    from landscape import ipc_titles

    if lang == "zh":
        return ipc_titles.ipc_title_zh(code) or ipc_titles.short_title(code, 40)
    return ipc_titles.short_title(code, 40)


def normalise_prefixes(text: str) -> tuple[str, ...]:
    """``"a63h 33, B29C"`` -> ``("A63H33", "B29C")``: what the IPC/CPC filter box matches."""
    return tuple(p.replace(" ", "").upper() for p in re.split(r"[,;，；\s]+(?=[A-Za-z])", text or "")
                 if p.strip())


# --------------------------------------------------------------------------- filters

@dataclass(frozen=True)
class PointFilter:
    """What the map page filters on; an empty tuple means "all"."""

    years: tuple[int, int] | None = None
    countries: tuple[str, ...] = ()
    code_prefixes: tuple[str, ...] = ()
    areas: tuple[int, ...] = ()
    doc_types: tuple[str, ...] = ()
    applicants: tuple[str, ...] = ()  # only used when the page hides everyone else


def _any_in_lists(column: pd.Series, test) -> np.ndarray:
    """For a column of lists: does any element of each row pass ``test`` (a vectorised predicate)?"""
    exploded = column.explode()
    hit = test(exploded.dropna().astype(str))
    out = np.zeros(len(column), dtype=bool)
    if len(hit):
        rows = hit[hit].index.unique()
        out[column.index.get_indexer(rows)] = True
    return out


def applicant_mask(points: pd.DataFrame, applicants) -> np.ndarray:
    """Patents where any of ``applicants`` is among the applicants (a portfolio, co-filings included)."""
    wanted = set(applicants)
    if not wanted:
        return np.zeros(len(points), dtype=bool)
    col = points["applicants"] if "applicants" in points else points["applicant"].map(lambda a: [a])
    return _any_in_lists(col.reset_index(drop=True), lambda s: s.isin(wanted))


def filter_mask(points: pd.DataFrame, f: PointFilter) -> np.ndarray:
    """Which patents pass the filter, as a boolean array row-aligned with ``points``."""
    mask = np.ones(len(points), dtype=bool)
    if f.years is not None:
        year = points["year"]
        mask &= (year >= f.years[0]).fillna(False).to_numpy(bool) & (year <= f.years[1]).fillna(False).to_numpy(bool)
    if f.countries:
        mask &= points["country"].isin(f.countries).to_numpy()
    if f.areas:
        mask &= points["area"].isin(f.areas).to_numpy()
    if f.doc_types and "doc_type" in points:
        mask &= points["doc_type"].isin(f.doc_types).to_numpy()
    if f.code_prefixes and "codes" in points:
        pattern = "^(?:" + "|".join(re.escape(p) for p in f.code_prefixes) + ")"
        codes = points["codes"].reset_index(drop=True)
        mask &= _any_in_lists(codes, lambda s: s.str.replace(" ", "").str.upper().str.contains(pattern))
    if f.applicants:
        mask &= applicant_mask(points, f.applicants)
    return mask


def top_applicants(points: pd.DataFrame, n: int = 200) -> list[str]:
    """The ``n`` applicants with most patents on the map (all applicants of a patent count)."""
    col = points["applicants"].explode() if "applicants" in points else points["applicant"]
    counts = col.dropna().astype(str).value_counts()
    return counts.index[:n].tolist()


def options(points: pd.DataFrame, column: str) -> list[str]:
    """The distinct values of a column, most frequent first (for a multiselect)."""
    if column not in points:
        return []
    return points[column].dropna().astype(str).value_counts().index.tolist()


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
    """One hover block per patent: title, applicant · year, publication number (and the area when
    ``labels`` are given; the map puts the area in each area trace's template instead, which keeps
    the figure small)."""
    if not len(points):
        return np.array([], dtype=object)
    title = points["title"].fillna("").astype(str).str.slice(0, 80)
    applicant = points["applicant"].fillna(t("common.unknown", lang)).astype(str)
    year = points["year"].astype("Int64").astype(str).replace("<NA>", "—")
    text = "<b>" + title + "</b><br>" + applicant + " · " + year + "<br>" + points["id"].astype(str)
    if labels is not None:
        area = points["area"].map(lambda a: labels.get(int(a), t("map.unassigned", lang)))
        text = text + "<br>" + t("map.area", lang) + ": " + area
    return text.to_numpy()


def _wrap(text: str, width: int = 60) -> str:
    import textwrap

    wide = sum(1 for c in text if ord(c) > 0x2E80) > len(text) / 3
    return "<br>".join(textwrap.wrap(text, width // 2 if wide else width)) if text else ""


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
    """
    import plotly.graph_objects as go

    labels = area_labels(clusters, lang)
    map_labels = area_labels(clusters, lang, short=True)
    colours = area_colours(clusters)
    shown = np.ones(len(points), dtype=bool) if shown is None else np.asarray(shown, dtype=bool)
    terrain = points if terrain_points is None else terrain_points
    fig = go.Figure()
    if len(terrain) >= 20:
        gx, gy, z = density_grid(terrain["x"].to_numpy(float), terrain["y"].to_numpy(float))
        fig.add_trace(go.Contour(x=gx, y=gy, z=z, colorscale=TERRAIN, showscale=False, hoverinfo="skip",
                                 contours=dict(start=0.08, end=1.0, size=0.115, coloring="fill"),
                                 line=dict(width=0.6, color="rgba(140,120,80,0.45)"), meta={"kind": "terrain"}))
    n = int(shown.sum())
    size = 7 if n < 1500 else 5 if n < 10000 else 3.5 if n < 40000 else 2.8
    text = hover_texts(points, lang)
    areas = points["area"].to_numpy()
    ids = points["id"].to_numpy()
    x, y = points["x"].to_numpy(np.float32), points["y"].to_numpy(np.float32)
    def template(area) -> str:
        label = labels.get(int(area), t("map.unassigned", lang))
        return "%{text}<br>" + t("map.area", lang) + ": " + label + "<extra></extra>"

    if highlight is not None:
        highlight = np.asarray(highlight, dtype=bool)
        faded = shown & ~highlight
        fig.add_trace(go.Scattergl(x=x[faded], y=y[faded], mode="markers", name=t("map.others", lang),
                                   text=hover_texts(points[faded], lang, labels), customdata=ids[faded],
                                   hovertemplate="%{text}<extra></extra>",
                                   marker=dict(size=size, color="#b9b9b9", opacity=0.35),
                                   meta={"kind": "points", "area": None}, showlegend=True))
        shown = shown & highlight
    for area in sorted(set(areas[shown].tolist())):
        sel = shown & (areas == area)
        fig.add_trace(go.Scattergl(
            x=x[sel], y=y[sel], mode="markers", name=labels.get(int(area), t("map.unassigned", lang)),
            text=text[sel], customdata=ids[sel], hovertemplate=template(area),
            marker=dict(size=size + (3 if highlight is not None else 0), color=colours.get(int(area), UNASSIGNED),
                        opacity=0.95 if highlight is not None else 0.8,
                        line=dict(width=0.8, color="#222") if highlight is not None else dict(width=0)),
            meta={"kind": "points", "area": int(area)}, showlegend=highlight is not None))
    extent = _extent(terrain["x"].to_numpy(float), terrain["y"].to_numpy(float)) if len(terrain) else (0, 1, 0, 1)
    if white_spaces is not None and len(white_spaces):
        _add_white_spaces(fig, white_spaces, lang)
    if labels_on:
        view = zoom if zoom is not None else extent
        inside = clusters[clusters["x"].between(view[0], view[1]) & clusters["y"].between(view[2], view[3])]
        avoid = [(star["x"], star["y"], 40, 40)] if star is not None else []
        if white_spaces is not None and len(white_spaces):
            avoid += [(x, y, 70, 26) for x, y in zip(white_spaces["x"], white_spaces["y"])]
        for lab in place_labels(inside, map_labels, view, avoid=avoid):
            fig.add_annotation(x=lab["x"], y=lab["y"], text=lab["text"], yshift=lab["yshift"], showarrow=False,
                               xanchor=lab["xanchor"],
                               font=dict(size=12, color="#1a1a1a", family=FONT), name=f"area:{lab['id']}",
                               bgcolor="rgba(255,255,255,0.78)", bordercolor=colours.get(lab["id"], UNASSIGNED),
                               borderwidth=1.5, borderpad=2)
    if star is not None:  # WebGL, so it lies above the points; the annotation points at it
        fig.add_trace(go.Scattergl(x=[star["x"]], y=[star["y"]], mode="markers", text=[star.get("label", "")],
                                   name=star.get("label", ""),
                                   marker=dict(symbol="star", size=30, color="#ffd400", line=dict(width=2, color="#111")),
                                   hovertext=[star.get("hover", "")], hoverinfo="text", meta={"kind": "star"},
                                   showlegend=False))
        fig.add_annotation(x=star["x"], y=star["y"], text=f"<b>{star.get('label', '')}</b>", showarrow=True,
                           arrowhead=2, arrowwidth=2, arrowcolor="#111", ax=70, ay=-60, standoff=12,
                           font=dict(size=14, color="#111", family=FONT), bgcolor="#ffd400", borderpad=4)
    x0, x1, y0, y1 = zoom if zoom is not None else extent
    axis = dict(showgrid=False, zeroline=False, showticklabels=False, title=None, showline=False)
    fig.update_layout(
        height=height, margin=dict(l=8, r=8, t=8, b=8), plot_bgcolor="white", paper_bgcolor="white",
        font=dict(family=FONT), hovermode="closest", dragmode="pan", uirevision="map",
        xaxis=dict(axis, range=[x0, x1]), yaxis=dict(axis, range=[y0, y1], scaleanchor="x", scaleratio=1),
        legend=dict(orientation="h", yanchor="bottom", y=0.0, xanchor="left", x=0.0, bgcolor="rgba(255,255,255,0.8)",
                    font=dict(size=11)),
        hoverlabel=dict(font=dict(family=FONT, size=12), align="left"))
    return fig


def _add_white_spaces(fig, ws: pd.DataFrame, lang: str) -> None:
    """Dotted circles with a diamond at each centre and its rank beside it. Drawn as WebGL traces
    and annotations: plain SVG traces and shapes would lie under the WebGL points."""
    import plotly.graph_objects as go

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
        fig.add_trace(go.Scattergl(x=cx, y=cy, mode="lines", line=dict(color=red, width=1.6, dash="dot"),
                                   hoverinfo="skip", showlegend=False, meta={"kind": "white_space_circles"}))
    desc = white_space_descriptions(ws, lang)
    fig.add_trace(go.Scattergl(
        x=ws["x"], y=ws["y"], mode="markers", text=[f"W{int(r)}" for r in ranks], name=t("map.white_spaces", lang),
        marker=dict(symbol="diamond-open", size=14, color=red, line=dict(width=2.5, color=red)),
        hovertext=[f"<b>{t('ws.one', lang, rank=int(r))}</b><br>{_wrap(d)}" for r, d in zip(ranks, desc)],
        hoverinfo="text", meta={"kind": "white_spaces"}, showlegend=False))
    for (_, row), r in zip(ws.iterrows(), ranks):
        fig.add_annotation(x=row["x"], y=row["y"], text=f"<b>W{int(r)}</b>", showarrow=False, xshift=22,
                           font=dict(size=12, color=red, family=FONT), bgcolor="rgba(255,255,255,0.8)")


def white_space_descriptions(ws: pd.DataFrame, lang: str) -> list[str]:
    other = "zh" if lang == "en" else "en"
    out = []
    for _, row in ws.iterrows():
        text = row.get(f"description_{lang}") or row.get(f"description_{other}") or row.get("description") or ""
        out.append(str(text))
    return out


# --------------------------------------------------------------------------- areas

def _fmt_applicants(value) -> str:
    items = as_list(value)
    parts = []
    for item in items:
        if isinstance(item, dict):
            parts.append(f"{item.get('applicant')} ({item.get('count')})")
        else:
            parts.append(str(item))
    return "; ".join(parts)


def _fmt_codes(value, lang: str, n: int = 4) -> str:
    parts = []
    for item in as_list(value)[:n]:
        code = item.get("code") if isinstance(item, dict) else str(item)
        title = code_title(code, lang)
        share = item.get("share") if isinstance(item, dict) else None
        text = f"{code} {title}" if title and title != code else code
        parts.append(f"{text} ({share:.0%})" if share is not None else text)
    return "; ".join(parts)


def area_table(clusters: pd.DataFrame, lang: str, points: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per area: label (chosen language), its terms, the other language's terms, size,
    growth, years, top applicants and top codes with titles. Column names are i18n keys' suffixes
    (``col.<name>``); :func:`localise` turns them into headers.

    With ``points`` the size counts every patent of the area, including those the clustering
    left unassigned and gave to their nearest area (``points.area``), as the rest of the app
    does; otherwise the clusters' own size."""
    other = "zh" if lang == "en" else "en"
    labels = area_labels(clusters, lang)
    clusters = clusters.copy()
    if points is not None:
        clusters["size"] = clusters["id"].map(points["area"].value_counts()).fillna(0).astype(int)
    rows = []
    for _, row in clusters.sort_values(["size", "id"], ascending=[False, True]).iterrows():
        rows.append({
            "area_id": int(row["id"]),
            "label": labels[int(row["id"])],
            "terms": ", ".join(map(str, as_list(row.get(f"terms_{lang}")))),
            "terms_other": ", ".join(map(str, as_list(row.get(f"terms_{other}")))),
            "size": int(row["size"]),
            "growth": None if pd.isna(row.get("growth")) else float(row["growth"]),
            "first_year": row.get("first_year"),
            "last_year": row.get("last_year"),
            "top_applicants": _fmt_applicants(row.get("top_applicants")),
            "top_codes": _fmt_codes(row.get("top_codes"), lang),
        })
    return pd.DataFrame(rows)


def patents_table(points: pd.DataFrame, documents: pd.DataFrame | None, ids=None, *, mask=None,
                  first: list[str] | None = None, limit: int | None = None) -> pd.DataFrame:
    """Patents to read: id, title, abstract (from ``documents``), applicant, date, country.

    ``first`` ids (an area's representative patents) come first, then the newest."""
    sel = points if ids is None and mask is None else points[mask] if mask is not None else \
        points[points["id"].isin(list(ids))]
    out = sel[["id", "title", "applicant", "year", "country"]].copy()
    if documents is not None and len(documents):
        docs = documents.set_index("id")
        out["abstract"] = out["id"].map(docs["abstract"]) if "abstract" in docs else None
        date = docs["filing_date"] if "filing_date" in docs else None
        if date is not None and "publication_date" in docs:
            date = date.fillna(docs["publication_date"])
        if date is not None:
            out["date"] = out["id"].map(date).dt.strftime("%Y-%m-%d")
    rank = {pid: i for i, pid in enumerate(first or [])}
    out["_first"] = out["id"].map(rank).fillna(len(rank))
    out = out.sort_values(["_first", "year", "id"], ascending=[True, False, True], na_position="last")
    out = out.drop(columns="_first").reset_index(drop=True)
    cols = [c for c in ("id", "title", "abstract", "applicant", "date", "year", "country") if c in out]
    out = out[cols]
    return out.head(limit) if limit else out


# --------------------------------------------------------------------------- trends

def yearly_counts(points: pd.DataFrame, by_area: bool = False) -> pd.DataFrame:
    """Filings per year (``year``, ``count``), or per area and year (``area``, ``year``, ``count``)."""
    pts = points.dropna(subset=["year"])
    keys = ["area", "year"] if by_area else ["year"]
    out = pts.groupby(keys).size().rename("count").reset_index()
    out["year"] = out["year"].astype(int)
    return out


def trend_summary(points: pd.DataFrame, clusters: pd.DataFrame, last_complete: int | None, lang: str,
                  window: int = 3, min_size: int = 10) -> pd.DataFrame:
    """Per area: filings in the last ``window`` complete years and the ``window`` before, the
    growth between them and a word for it (emerging / cooling / steady). Incomplete years are
    left out: they would read as a decline."""
    labels = area_labels(clusters, lang)
    if last_complete is None:
        return pd.DataFrame(columns=["area_id", "label", "recent", "before", "growth", "status"])
    counts = yearly_counts(points, by_area=True)
    rows = []
    for area, grp in counts.groupby("area"):
        recent = int(grp.loc[grp["year"].between(last_complete - window + 1, last_complete), "count"].sum())
        before = int(grp.loc[grp["year"].between(last_complete - 2 * window + 1, last_complete - window), "count"].sum())
        growth = (recent / before - 1) if before else (None if recent == 0 else np.inf)
        enough = recent + before >= min_size
        status = ("emerging" if enough and growth is not None and growth >= 0.25 else
                  "cooling" if enough and growth is not None and growth <= -0.25 else "steady")
        rows.append({"area_id": int(area), "label": labels.get(int(area), t("map.unassigned", lang)),
                     "recent": recent, "before": before, "growth": growth, "status": status})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["trend"] = out["status"].map(lambda s: t(f"trends.{s}", lang))
    return out.sort_values("growth", ascending=False, na_position="last").reset_index(drop=True)


def _year_range(years, counts, share: float = 0.02) -> list[float] | None:
    """The x range worth showing: from the first year with at least ``share`` of the busiest
    year's filings (decades of single filings would squash the chart), to the newest year."""
    years, counts = np.asarray(years, dtype=float), np.asarray(counts, dtype=float)
    if not len(years):
        return None
    busy = years[counts >= share * counts.max()]
    start = max(years.min(), (busy.min() if len(busy) else years.min()) - 1)
    return [start - 0.5, years.max() + 0.5]


def _shade_incomplete(fig, last_complete: int | None, max_year: int | None, lang: str) -> None:
    if last_complete is None or max_year is None or max_year <= last_complete:
        return
    fig.add_vrect(x0=last_complete + 0.5, x1=max_year + 0.5, fillcolor="#888", opacity=0.15, line_width=0)
    fig.add_annotation(x=last_complete + 0.5, y=1, yref="paper", xanchor="right", yanchor="bottom",
                       showarrow=False, text=t("trends.incomplete", lang) + " →", font=dict(size=11, color="#555"))


def year_bar_figure(counts: pd.DataFrame, last_complete: int | None, lang: str, colour: str = "#1f77b4"):
    """Filings per year as bars; the incomplete recent years shaded and drawn paler."""
    import plotly.graph_objects as go

    incomplete = counts["year"] > last_complete if last_complete is not None else np.zeros(len(counts), bool)
    fig = go.Figure(go.Bar(x=counts["year"], y=counts["count"], marker_color=colour,
                           marker_opacity=np.where(incomplete, 0.45, 1.0).tolist(),
                           hovertemplate="%{x}: %{y}<extra></extra>"))
    _shade_incomplete(fig, last_complete, int(counts["year"].max()) if len(counts) else None, lang)
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=30, b=10), font=dict(family=FONT),
                      xaxis_title=t("col.year", lang), yaxis_title=t("trends.filings", lang), bargap=0.15,
                      plot_bgcolor="white", xaxis=dict(range=_year_range(counts["year"], counts["count"])))
    return fig


def trend_lines_figure(counts: pd.DataFrame, areas: list[int], labels: dict[int, str], last_complete,
                       lang: str, stacked: bool = False, colours: dict[int, str] | None = None):
    """Filings per year for the chosen areas: lines, or stacked areas; fixed colour per area."""
    import plotly.graph_objects as go

    fig = go.Figure()
    years = sorted(counts["year"].unique()) if len(counts) else []
    for area in areas:
        c = counts[counts["area"] == area].set_index("year")["count"].reindex(years, fill_value=0)
        fig.add_trace(go.Scatter(x=years, y=c.to_numpy(), name=labels.get(area, str(area)),
                                 mode="lines" if stacked else "lines+markers",
                                 line=dict(color=colours.get(int(area), UNASSIGNED), width=2),
                                 stackgroup="one" if stacked else None, meta={"area": int(area)},
                                 hovertemplate="%{x}: %{y}<extra>" + labels.get(area, "") + "</extra>"))
    _shade_incomplete(fig, last_complete, int(max(years)) if years else None, lang)
    shown = counts[counts["area"].isin(areas)].groupby("year")["count"].sum()
    fig.update_layout(height=460, margin=dict(l=10, r=10, t=30, b=10), font=dict(family=FONT), plot_bgcolor="white",
                      xaxis_title=t("col.year", lang), yaxis_title=t("trends.filings", lang),
                      xaxis=dict(range=_year_range(shown.index, shown.to_numpy())),
                      legend=dict(font=dict(size=11)), hovermode="x unified" if stacked else "closest")
    fig.update_yaxes(gridcolor="#eee")
    return fig


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
    by_id = points.set_index("id")
    given = as_list(row.get("nearest"))
    if given and all(isinstance(g, dict) and "id" in g for g in given):
        near = pd.DataFrame(given)
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
    x0, x1, y0, y1 = _extent(points["x"].to_numpy(float), points["y"].to_numpy(float))
    half = max((radius or 0) * factor, 0.08 * max(x1 - x0, y1 - y0))
    return (x - half, x + half, y - half, y + half)


# --------------------------------------------------------------------------- alerts

def alerts_table(alerts: pd.DataFrame, clusters: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Alerts to read: severity, kind, area label, applicant, the explanation in ``lang``, value
    vs threshold and how many patents are behind each."""
    labels = area_labels(clusters, lang)
    other = "zh" if lang == "en" else "en"
    out = pd.DataFrame({"severity": alerts.get("severity"), "kind": alerts.get("kind")})
    if "area" in alerts:
        out["area"] = [labels.get(int(a), str(a)) if pd.notna(a) else "" for a in alerts["area"]]
    if "applicant" in alerts:
        out["applicant"] = alerts["applicant"].to_numpy()
    exp = alerts.get(f"explanation_{lang}")
    if exp is None:
        exp = alerts.get(f"explanation_{other}")
    out["explanation"] = exp.to_numpy() if exp is not None else ""
    for col in ("value", "threshold"):
        if col in alerts:
            out[col] = alerts[col].to_numpy()
    if "patent_ids" in alerts:
        out["patents"] = [len(as_list(v)) for v in alerts["patent_ids"]]
    return out


# --------------------------------------------------------------------------- downloads

def localise(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Headers in ``lang`` (``col.<name>`` keys; a column without a key keeps its name)."""
    from landscape.i18n import STRINGS

    return df.rename(columns={c: t(f"col.{c}", lang) for c in df.columns if f"col.{c}" in STRINGS})


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """Lists, arrays and dicts as text, so spreadsheets can hold them."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = [("; ".join(_fmt_applicants([x]) if isinstance(x, dict) else str(x) for x in as_list(v))
                         if isinstance(v, (list, tuple, np.ndarray)) else
                         _fmt_applicants([v]) if isinstance(v, dict) else v) for v in out[col]]
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
    return out


def to_excel(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook, one sheet per table (sheet names cut to Excel's 31 characters)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as writer:
        for name, df in sheets.items():
            safe = re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Sheet"
            flat = _flat(df)
            flat.to_excel(writer, sheet_name=safe, index=False)
            sheet = writer.sheets[safe]
            for i, col in enumerate(flat.columns):
                longest = max([len(str(col))] + [len(str(v)) for v in flat[col].head(200)])
                sheet.set_column(i, i, min(max(10, longest + 2), 60))
    return buf.getvalue()


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a BOM: Excel on Chinese Windows opens it without garbling the Chinese."""
    return _flat(df).to_csv(index=False).encode("utf-8-sig")
