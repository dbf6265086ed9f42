"""The report's figures, drawn with matplotlib (no pyplot, no global state) as PNG bytes.

Each function takes what the report model selected (``ReportModel.data``) and draws it;
nothing is counted here. The terrain, label placement and colours are the app's
(:mod:`landscape.present`).
"""
from __future__ import annotations

import io
from contextlib import contextmanager

import numpy as np

from landscape.present.labels import AROUND, place_labels, wrap_lines
from landscape.present.palette import FOREIGN, HOME, UNASSIGNED
from landscape.present.terrain import map_extent, terrain_rgba

DPI = 150
FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]
#: Years not yet complete (applications still unpublished) are shaded in the unassigned grey.
INCOMPLETE = UNASSIGNED


@contextmanager
def _style():
    import matplotlib

    with matplotlib.rc_context({"font.family": FONTS, "font.size": 7.5, "axes.unicode_minus": False,
                                "axes.spines.top": False, "axes.spines.right": False,
                                "axes.titlesize": 7.5, "axes.labelsize": 7.5, "xtick.labelsize": 6.5,
                                "ytick.labelsize": 6.5, "svg.fonttype": "path"}):
        yield


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _png(fig, tight: bool = False) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white",
                **({"bbox_inches": "tight", "pad_inches": 0.04} if tight else {}))
    return buf.getvalue()


def wrap(text: str, width: int = 18, lines: int = 2) -> str:
    """:func:`landscape.present.labels.wrap_lines` as the lines of one matplotlib text."""
    return "\n".join(wrap_lines(text, width, lines))


# --------------------------------------------------------------------------- the map

def map_png(data: dict, *, width: float = 7.0) -> tuple[bytes, list[int]]:
    """The landscape map; returns the PNG and the ids of areas whose label had no room."""
    from matplotlib.patches import Circle

    pts, clusters, colours = data["points"], data["clusters"], data["colours"]
    labels, ws = data["short_labels"], data.get("white_spaces")
    x, y = pts["x"].to_numpy(float), pts["y"].to_numpy(float)
    ok = np.isfinite(x) & np.isfinite(y)
    extent = map_extent(x[ok], y[ok])
    # UMAP's axes have no units; a mild stretch towards a squarer map uses the page better.
    height = float(np.clip(width * (extent[3] - extent[2]) / (extent[1] - extent[0]), 0.72 * width, 8.5))
    with _style():
        fig = _figure(width, height)
        ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
        ax.set_axis_off()
        ax.imshow(terrain_rgba(x[ok], y[ok], extent, pixels=int(1.4 * width * DPI)), origin="upper",
                  extent=extent, interpolation="nearest", zorder=0)
        n = int(ok.sum())
        size = float(np.clip(12000 / max(n, 1), 1.0, 7.0))
        area = pts["area"].to_numpy()
        core = (pts["cluster"].to_numpy() >= 0) & ok
        cols = np.array([colours.get(int(a), UNASSIGNED) for a in area], dtype=object)
        ax.scatter(x[~core & ok], y[~core & ok], s=size, c=list(cols[~core & ok]), alpha=0.3, linewidths=0,
                   zorder=2, rasterized=True)
        ax.scatter(x[core], y[core], s=size, c=list(cols[core]), alpha=0.75, linewidths=0, zorder=3,
                   rasterized=True)
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        ax.set_aspect("auto")
        obstacles_data = []
        if ws is not None:
            for _, w in ws.iterrows():
                r = float(w["radius"])
                ax.add_patch(Circle((w["x"], w["y"]), r, fill=True, facecolor=(1, 1, 1, 0.35),
                                    edgecolor="#222222", linestyle=(0, (3, 2)), linewidth=0.9, zorder=5))
                ax.text(w["x"] + r * 0.75, w["y"] + r * 0.75, f"W{int(w['rank'])}", fontsize=7.5,
                        fontweight="bold", color="#111111", ha="left", va="bottom", zorder=6,
                        bbox=dict(boxstyle="round,pad=0.15", fc="#ffe066", ec="#222222", lw=0.5))
                obstacles_data.append((w["x"] - r * 0.3, w["y"] + r * 0.6, w["x"] + r * 1.6, w["y"] + r * 1.2))
        hidden = _area_labels(fig, ax, clusters, labels, colours, obstacles_data)
        return _png(fig), hidden


def _area_labels(fig, ax, clusters, labels, colours, obstacles_data) -> list[int]:
    """Draw the area labels where :func:`landscape.present.labels.place_labels` finds room (a
    leader line to the area's centre when moved); returns the ids of those left off."""
    rows = clusters.dropna(subset=["x", "y"]).sort_values(["size", "id"], ascending=[False, True])
    if not len(rows):
        return []
    renderer = fig.canvas.get_renderer()
    texts, anchors, ids = [], [], []
    for _, r in rows.iterrows():
        aid = int(r["id"])
        t = ax.text(r["x"], r["y"], wrap(f"{aid} · {labels.get(aid, str(aid))}", 20), fontsize=6.8, ha="center",
                    va="center", color="#111111", zorder=8, linespacing=1.05,
                    bbox=dict(boxstyle="round,pad=0.25", fc=(1, 1, 1, 0.88), ec=colours.get(aid, "#666666"), lw=1.1))
        texts.append(t)
        anchors.append(ax.transData.transform((r["x"], r["y"])))
        ids.append(aid)
    anchors = np.array(anchors)
    # get_window_extent leaves out the bbox padding: add it, plus a little air.
    sizes = np.array([[e.width + 8, e.height + 8] for e in (t.get_window_extent(renderer) for t in texts)])
    obstacles = [tuple(ax.transData.transform((a, b))) + tuple(ax.transData.transform((c, d)))
                 for a, b, c, d in obstacles_data]
    offsets = place_labels(anchors, sizes, places=AROUND, obstacles=obstacles,
                           bounds=tuple(ax.get_window_extent(renderer).extents))
    hidden = []
    inverse = ax.transData.inverted()
    for t, aid, anchor, offset in zip(texts, ids, anchors, offsets):
        if np.isnan(offset[0]):
            t.set_visible(False)
            hidden.append(aid)
            continue
        t.set_position(inverse.transform(anchor + offset))
        if np.hypot(*offset) > 12:
            (ax_x, ax_y), (lx, ly) = inverse.transform(anchor), inverse.transform(anchor + offset)
            ax.plot([ax_x, lx], [ax_y, ly], color="#444444", lw=0.5, zorder=7)
            ax.plot([ax_x], [ax_y], "o", ms=2.2, color=colours.get(aid, "#444444"), mec="#222222", mew=0.4,
                    zorder=7)
    return hidden


# --------------------------------------------------------------------------- trends

def _bars(ax, df, colour, complete):
    years, counts = df["year"].to_numpy(int), df["count"].to_numpy(int)
    inc = df["incomplete"].to_numpy(bool)
    ax.bar(years[~inc], counts[~inc], width=0.8, color=colour, linewidth=0)
    ax.bar(years[inc], counts[inc], width=0.8, color=colour, alpha=0.35, linewidth=0, hatch="////",
           edgecolor="white")
    if inc.any():
        ax.axvspan(years[inc].min() - 0.5, years[inc].max() + 0.5, color=INCOMPLETE, alpha=0.15, lw=0)
    ax.set_xlim(years.min() - 0.6, years.max() + 0.6)
    ax.grid(axis="y", color="#dddddd", lw=0.4)
    ax.set_axisbelow(True)


def total_trend_png(df, complete, lang: str, *, width: float = 7.0) -> bytes:
    from landscape.report.strings import tr

    with _style():
        fig = _figure(width, 1.6)
        ax = fig.add_axes((0.06, 0.14, 0.93, 0.78))
        _bars(ax, df, "#3a6ea5", complete)
        ax.set_title(tr("trends.filings", lang), loc="left", fontsize=7, color="#444444", pad=2)
        ax.xaxis.get_major_locator().set_params(integer=True)
        return _png(fig)


def small_multiples_png(series: dict, labels: dict, colours: dict, complete, *, width: float = 7.0) -> bytes:
    n = len(series)
    cols = 3 if n > 4 else max(n, 1)
    rows = int(np.ceil(n / cols)) or 1
    top = max((int(df["count"].max()) for df in series.values() if len(df)), default=1)
    with _style():
        fig = _figure(width, 1.5 * rows + 0.2)
        axes = fig.subplots(rows, cols, squeeze=False, sharex=True)
        for k, (aid, df) in enumerate(series.items()):
            ax = axes[k // cols][k % cols]
            if len(df):
                _bars(ax, df, colours.get(aid, "#3a6ea5"), complete)
            ax.set_ylim(0, top * 1.08)
            ax.set_title(wrap(f"{aid} · {labels.get(aid, str(aid))}", 34), loc="left", fontsize=7, pad=3)
            ax.xaxis.get_major_locator().set_params(integer=True, nbins=4)
        for k in range(n, rows * cols):
            axes[k // cols][k % cols].set_visible(False)
        fig.subplots_adjust(left=0.06, right=0.99, top=0.88 if rows == 1 else 0.93, bottom=0.1, hspace=0.55,
                            wspace=0.18)
        return _png(fig)


def branches_png(series: dict, colours: dict, complete, lang: str, *, width: float = 7.0) -> bytes:
    """Patents per year of each level-1 branch of a breakdown, one line each, in the breakdown's
    colours (:func:`landscape.present.palette.branch_colours`); incomplete years shaded."""
    from landscape.report.strings import tr

    with _style():
        fig = _figure(width, 2.3)
        ax = fig.add_axes((0.06, 0.12, 0.62, 0.8))
        last = None
        for bid, (name, df) in series.items():
            years, counts = df["year"].to_numpy(int), df["patents"].to_numpy(int)
            ax.plot(years, counts, color=colours.get(bid, "#3a6ea5"), lw=1.4, marker="o", ms=2.2,
                    label=wrap(name, 30, 2))
            last = years
        if last is not None and len(last):
            if complete is not None and last.max() > complete:
                ax.axvspan(complete + 0.5, last.max() + 0.5, color=INCOMPLETE, alpha=0.15, lw=0)
            ax.set_xlim(last.min() - 0.5, last.max() + 0.5)
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", color="#dddddd", lw=0.4)
        ax.set_axisbelow(True)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_title(tr("trends.filings", lang), loc="left", fontsize=7, color="#444444", pad=2)
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=6.5, frameon=False)
        return _png(fig)


# --------------------------------------------------------------------------- applicants

def applicants_png(df, lang: str, home: str, *, width: float = 7.0) -> bytes:
    from landscape.report.strings import tr

    df = df.iloc[::-1]
    with _style():
        fig = _figure(width, 0.19 * len(df) + 0.6)
        ax = fig.add_axes((0.36, 0.08, 0.6, 0.9))
        names = [n if len(n) <= 42 else n[:41] + "…" for n in df["applicant"]]
        colours = [HOME if h else FOREIGN for h in df["is_home"]]
        ax.barh(range(len(df)), df["count"], color=colours, height=0.7)
        ax.set_yticks(range(len(df)), names)
        for i, v in enumerate(df["count"]):
            ax.text(v, i, f" {v:,}", va="center", fontsize=6.3)
        ax.set_xlim(0, df["count"].max() * 1.12 if len(df) else 1)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="#dddddd", lw=0.4)
        ax.set_axisbelow(True)
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(color=HOME, label=f"{tr('app.domestic', lang)} ({home})"),
                           Patch(color=FOREIGN, label=tr("app.foreign", lang))],
                  loc="lower right", fontsize=6.5, frameon=False)
        return _png(fig)


# --------------------------------------------------------------------------- effects

def effects_png(fx: dict, *, width: float = 7.0) -> bytes:
    from matplotlib.patches import Rectangle

    count, share = fx["count"], fx["share"]
    rows, cols = count.shape
    with _style():
        fig = _figure(width, 0.24 * rows + 1.5)
        left = 0.27
        ax = fig.add_axes((left, 1.3 / (0.24 * rows + 1.5), 0.98 - left, 1 - 1.42 / (0.24 * rows + 1.5)))
        values = share.to_numpy(float) * 100
        vmax = max(float(np.nanmax(values)) if np.isfinite(values).any() else 1.0, 1.0)
        im = ax.imshow(values, cmap="YlGnBu", vmin=0, vmax=vmax, aspect="auto")
        cmap = im.get_cmap()
        counts = count.to_numpy()
        for i in range(rows):
            for j in range(cols):
                c = counts[i, j]
                if not np.isfinite(c):
                    continue
                rgba = cmap(values[i, j] / vmax if np.isfinite(values[i, j]) else 0)
                dark = 0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2] < 0.55
                ax.text(j, i, f"{int(c)}", ha="center", va="center", fontsize=5.6,
                        color="white" if dark else "#222222")
        row_ids = list(count.index)
        col_ids = list(count.columns)
        for a, e in fx["gaps"]:
            if a in row_ids and e in col_ids:
                ax.add_patch(Rectangle((col_ids.index(e) - 0.46, row_ids.index(a) - 0.46), 0.92, 0.92,
                                       fill=False, edgecolor="#d62728", lw=1.3))
        ax.set_xticks(range(cols), [wrap(c, 16, 2) for c in fx["col_labels"]], rotation=50, ha="right",
                      rotation_mode="anchor", fontsize=6.3)
        ax.set_yticks(range(rows), [wrap(r, 40, 1) for r in fx["row_labels"]], fontsize=6.3)
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        return _png(fig, tight=True)


# --------------------------------------------------------------------------- the region

def specialisation_png(df, colours: dict, words: dict, *, width: float = 7.0) -> bytes:
    """The region's specialisation index per area or branch (``label``, ``specialisation``,
    ``position``), as the positioning table gives it: bars coloured by position, a line at 1.0."""
    from matplotlib.patches import Patch

    df = df.iloc[::-1]
    values = np.array([float(v) if v is not None and np.isfinite(float(v)) else 0.0 for v in df["specialisation"]])
    with _style():
        fig = _figure(width, 0.2 * len(df) + 0.75)
        ax = fig.add_axes((0.36, 0.5 / (0.2 * len(df) + 0.75), 0.6, 1 - 0.62 / (0.2 * len(df) + 0.75)))
        ax.barh(range(len(df)), values, color=[colours.get(p, "#999999") for p in df["position"]], height=0.7)
        ax.set_yticks(range(len(df)), [wrap(str(n), 44, 1) for n in df["label"]])
        for i, v in enumerate(values):
            ax.text(v, i, f" {v:.2f}", va="center", fontsize=6.3)
        ax.axvline(1.0, color="#222222", lw=0.8, ls=(0, (3, 2)))
        ax.set_xlim(0, max(float(values.max()) if len(values) else 1.0, 1.0) * 1.15)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="#dddddd", lw=0.4)
        ax.set_axisbelow(True)
        shown = [p for p in colours if p in set(df["position"])]
        ax.legend(handles=[Patch(color=colours[p], label=words.get(p, p)) for p in shown], loc="lower right",
                  fontsize=6.5, frameon=True, framealpha=0.9, edgecolor="none")
        return _png(fig)
