"""Colours and labels of areas, IPC code titles: the same in the app and the reports."""
from __future__ import annotations

import colorsys
import re

import numpy as np
import pandas as pd

from landscape.distinct_labels import distinct_labels, extensions
from landscape.map_tables import as_list
from landscape.rules.names import names_of


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

_CODE_LABEL = re.compile(r"^\S+ 类（([^）]+)）(.*)$")  # a code label "A63H33 类（玩具）" (distinct_labels.code_label)


def area_labels(clusters: pd.DataFrame, lang: str, *, short: bool = False) -> dict[int, str]:
    """Area id -> its display name in ``lang`` (:mod:`landscape.rules.names`), one per area.

    Bundles label every area in both languages with no label twice; one written before that
    rule may not, so areas sharing a label get their first distinctive term or code
    (:func:`landscape.distinct_labels.distinct_labels`), else their number. ``short=True`` gives the few words that
    fit on the map.
    """
    names = names_of(clusters, lang)
    if not names:
        return {}
    rows = {int(r["id"]): r for r in clusters.to_dict("records")}
    other = "en" if lang == "zh" else "zh"
    more = {a: extensions(names[a], lang, as_list(rows[a].get(f"terms_{lang}")),
                          [c["code"] for c in as_list(rows[a].get("top_codes")) if isinstance(c, dict)],
                          as_list(rows[a].get(f"terms_{other}")))
            for a in names}
    out = distinct_labels(names, more, "zh" if lang == "zh" else "en")
    if short:
        out = {a: short_label(m.group(1) + m.group(2) if (m := _CODE_LABEL.match(label)) else label)
               for a, label in out.items()}
    return out


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
    return ipc_titles.short_name_en(code) or ipc_titles.short_title(code, 40)


def normalise_prefixes(text: str) -> tuple[str, ...]:
    """``"a63h 33, B29C"`` -> ``("A63H33", "B29C")``: what the IPC/CPC filter box matches."""
    return tuple(p.replace(" ", "").upper() for p in re.split(r"[,;，；\s]+(?=[A-Za-z])", text or "")
                 if p.strip())
