"""Big maps: the density picture's counts and colours, which patents are drawn as points, and
the Map page switching to the density picture past the points limit (``LANDSCAPE_MAP_POINTS``
lowered on the small planted map: the same code path a million-patent map takes)."""
from __future__ import annotations

import base64
import io

import numpy as np
import pandas as pd
import pytest

from landscape.present.density import EMPTY, density_grid, density_rgba, hover_cells
from landscape.views.bigmap import area_boxes, split_for_drawing
from test_app import app_ws, figures, n_points, run_app, texts  # noqa: F401  (app_ws: the planted maps)


def test_counts_add_up_and_dominant_area_is_the_most_frequent():
    # a 2 x 2 grid over (0, 2, 0, 2): top-left (x<1, y>1), top-right, bottom-left, bottom-right
    x = [0.5, 0.5, 0.5, 0.6, 1.5, 1.5, 1.6, 0.2, 5.0]
    y = [1.5, 1.5, 1.5, 1.4, 1.5, 1.6, 1.5, 0.2, 5.0]  # the last lies outside the view
    area = [3, 3, 7, 7, 2, 9, 9, -1, 3]
    g = density_grid(x, y, area, (0, 2, 0, 2), width=2, height=2)
    assert g.counts.tolist() == [[4, 3], [1, 0]]
    assert g.counts.sum() == len(x) - 1
    # top-left: 3 and 7 tie two each -> the smaller id; top-right: 9 twice against 2 once
    assert g.dominant.tolist() == [[3, 9], [-1, EMPTY]]


def test_counts_of_random_points_match_a_histogram():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=20_000), rng.normal(size=20_000)
    area = rng.integers(-1, 40, 20_000)
    view = (-2.0, 2.5, -1.5, 2.0)
    g = density_grid(x, y, area, view, width=45, height=35)
    h, _, _ = np.histogram2d(y, x, bins=[35, 45], range=[[view[2], view[3]], [view[0], view[1]]])
    assert np.array_equal(g.counts, h[::-1].astype(int))  # row 0 is the top
    # every non-empty pixel's dominant area really is one of its most frequent
    row = np.floor((view[3] - y) / (view[3] - view[2]) * 35).astype(int)
    col = np.floor((x - view[0]) / (view[1] - view[0]) * 45).astype(int)
    inside = (row >= 0) & (row < 35) & (col >= 0) & (col < 45)
    for r, c in [(17, 22), (10, 30), (20, 10)]:
        here = area[inside & (row == r) & (col == c)]
        counts = np.bincount(here + 1)
        assert counts[g.dominant[r, c] + 1] == counts.max()


def test_picture_is_transparent_where_empty_and_darker_where_dense():
    g = density_grid([0.1, 0.1, 0.1, 1.5], [0.1, 0.1, 0.1, 1.5], [0, 0, 0, 1], (0, 2, 0, 2), width=2, height=2)
    rgba = density_rgba(g, {0: "#ff0000", 1: "#0000ff"})
    assert rgba[0, 0, 3] == 0 and rgba[1, 1, 3] == 0  # empty pixels
    assert tuple(rgba[1, 0, :3]) == (255, 0, 0) and tuple(rgba[0, 1, :3]) == (0, 0, 255)
    assert rgba[1, 0, 3] == 255 > rgba[0, 1, 3] > 0  # three patents against one


def test_hover_cells_count_every_point_once():
    rng = np.random.default_rng(0)
    x, y = rng.uniform(0, 10, 5000), rng.uniform(0, 5, 5000)
    cells = hover_cells(x, y, rng.integers(0, 5, 5000), (0, 10, 0, 5), cells=20)
    assert cells["count"].sum() == 5000 and len(cells["x"]) <= 20 * 10


def _points(n=1000, seed=0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"x": rng.uniform(0, 10, n), "y": rng.uniform(0, 10, n), "area": rng.integers(0, 4, n)})


def test_split_draws_points_under_the_limit_and_density_over_it():
    pts = _points()
    shown = np.ones(len(pts), dtype=bool)
    draw, density = split_for_drawing(pts, shown, 1000)
    assert draw.all() and density is None
    draw, density = split_for_drawing(pts, shown, 999)
    assert not draw.any() and density.all()
    # a close-up: the patents in view as points, the others as density
    view = (0, 3, 0, 3)
    draw, density = split_for_drawing(pts, shown, 200, view=view)
    inside = pts["x"].between(0, 3) & pts["y"].between(0, 3)
    assert draw.sum() == inside.sum() <= 200 and np.array_equal(draw | density, shown) and not (draw & density).any()
    # too many in view: the focus area's patents there, if few enough
    focus = (pts["area"] == 1).to_numpy()
    draw, density = split_for_drawing(pts, shown, 400, focus=focus)
    assert np.array_equal(draw, focus) and np.array_equal(density, ~focus)


def test_area_boxes_hold_most_of_each_area():
    pts = _points(4000)
    pts.loc[pts["area"] == 2, ["x", "y"]] = pts.loc[pts["area"] == 2, ["x", "y"]] / 10  # area 2 near the origin
    box = area_boxes(pts)[2]
    assert box[1] < 1.3 and box[3] < 1.3
    two = pts[pts["area"] == 2]
    assert (two["x"].between(box[0], box[1]) & two["y"].between(box[2], box[3])).mean() > 0.95


# --------------------------------------------------------------------------- the page

def _density_images(fig: dict) -> list[dict]:
    return [im for im in fig["layout"].get("images", []) if im.get("name") == "density"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_map_page_shows_density_past_the_limit_and_points_when_filtered(app_ws, monkeypatch, lang):
    from PIL import Image

    from landscape.maps import read_bundle

    pts = read_bundle(app_ws, "planted").points
    sizes = pts.loc[pts["area"] >= 0, "area"].value_counts()
    limit = int(sizes.iloc[0])  # one area fits, the whole map does not
    assert limit < len(pts)
    monkeypatch.setenv("LANDSCAPE_MAP_POINTS", str(limit))
    at = run_app(app_ws, monkeypatch, lang=lang)
    (fig,) = figures(at)
    assert n_points(fig) == 0
    (image,) = _density_images(fig)
    picture = np.array(Image.open(io.BytesIO(base64.b64decode(image["source"].split(",", 1)[1]))))
    assert (picture[..., 3] > 0).any()
    cells = [tr for tr in fig["data"] if (tr.get("meta") or {}).get("kind") == "density_cells"]
    assert len(cells) == 1 and cells[0]["text"]  # hover over the picture
    words = {"en": "drawn as a density picture", "zh": "以密度图显示"}[lang]
    assert words in texts(at)

    # one area picked: few enough to draw every one of them, with their hover text
    area = int(sizes.index[0])
    at.multiselect(key="f_areas").set_value([area]).run()
    assert not at.exception
    (fig,) = figures(at)
    assert n_points(fig) == limit and not _density_images(fig)
    assert all("%{text}" in tr["hovertemplate"] for tr in fig["data"] if (tr.get("meta") or {}).get("kind") == "points")
    line = {"en": f"all **{limit:,}** drawn as points", "zh": f"全部 **{limit:,}** 件以点显示"}[lang]
    assert line in texts(at)


def test_map_page_close_up_draws_the_area_as_points(app_ws, monkeypatch):
    from landscape.maps import read_bundle

    pts = read_bundle(app_ws, "planted").points
    sizes = pts.loc[pts["area"] >= 0, "area"].value_counts()
    monkeypatch.setenv("LANDSCAPE_MAP_POINTS", str(int(sizes.iloc[0])))
    at = run_app(app_ws, monkeypatch)
    area = int(sizes.index[-1])
    at.selectbox(key="f_zoom").set_value(area).run()
    assert not at.exception
    (fig,) = figures(at)
    drawn = n_points(fig)
    assert drawn >= int(sizes.iloc[-1])  # the area's patents at least (or everything in view)
    assert f"**{drawn:,}** drawn as points, {len(pts) - drawn:,} as a density picture" in texts(at)
    x0, x1 = fig["layout"]["xaxis"]["range"]
    full = pts["x"].max() - pts["x"].min()
    assert x1 - x0 < full  # closer than the whole map


def test_small_maps_are_drawn_as_before(app_ws, monkeypatch):
    from landscape.maps import read_bundle

    monkeypatch.delenv("LANDSCAPE_MAP_POINTS", raising=False)
    pts = read_bundle(app_ws, "planted").points
    at = run_app(app_ws, monkeypatch)
    (fig,) = figures(at)
    assert n_points(fig) == len(pts) and not _density_images(fig)
    assert all(s.key != "f_zoom" for s in at.selectbox)  # no close-up control on a small map
    assert "density" not in texts(at)


def test_a_highlighted_portfolio_is_drawn_over_the_grey_density_of_the_rest(app_ws):
    from landscape.maps import read_bundle
    from landscape.views import map_figure

    b = read_bundle(app_ws, "planted")
    pts = b.points
    portfolio = (pts["area"] == pts["area"].iloc[0]).to_numpy()
    fig = map_figure(pts, b.clusters, "en", highlight=portfolio, max_points=int(portfolio.sum())).to_plotly_json()
    assert n_points(fig) == int(portfolio.sum())
    (image,) = _density_images(fig)
    from PIL import Image

    picture = np.array(Image.open(io.BytesIO(base64.b64decode(image["source"].split(",", 1)[1]))).convert("RGBA"))
    # the rest is grey over the (sand-coloured) terrain: no pixel in an area's saturated colour
    rgb = picture[..., :3].astype(int)
    assert (rgb.max(axis=-1) - rgb.min(axis=-1)).max() < 90
