"""Presentation shared by the app and the report (``landscape.present``): where area labels go,
the terrain picture, and that both display layers use these and draw no copy of their own."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from landscape.present.labels import AROUND, NEAR, place_labels
from landscape.present.palette import TERRAIN_LEVELS, terrain_colour
from landscape.present.terrain import map_extent, terrain_rgba


def _boxes(anchors, sizes, offsets):
    centre = np.asarray(anchors, float) + offsets
    half = np.asarray(sizes, float) / 2
    return np.column_stack([centre - half, centre + half])


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("places", [NEAR, AROUND])
def test_labels_do_not_overlap_each_other_or_obstacles_and_stay_inside(places):
    anchors = [[100.0, 100.0], [104.0, 102.0], [98.0, 97.0], [300.0, 300.0], [101.0, 99.0]]
    sizes = [[60.0, 16.0]] * len(anchors)
    obstacle = (60.0, 125.0, 140.0, 140.0)
    offsets = place_labels(anchors, sizes, places=places, obstacles=[obstacle], bounds=(0, 0, 400, 400))
    shown = ~np.isnan(offsets[:, 0])
    boxes = _boxes(anchors, sizes, np.nan_to_num(offsets))[shown]
    assert shown[0] and shown[3]  # the first (biggest) is placed first; the lone one has room
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[1] >= 0 and a[2] <= 400 and a[3] <= 400
        assert not _overlap(a, obstacle)
        for b in boxes[i + 1:]:
            assert not _overlap(a, b)
    assert offsets[0].tolist() == [0.0, 0.0] and offsets[3].tolist() == [0.0, 0.0]  # room: stays put


def test_a_label_without_room_is_left_off_and_the_wider_search_finds_more():
    anchors = [[100.0, 100.0]] * 8
    sizes = [[40.0, 10.0]] * 8
    near = place_labels(anchors, sizes, places=NEAR)
    around = place_labels(anchors, sizes, places=AROUND)
    assert np.isnan(near[:, 0]).sum() == 8 - len(NEAR)  # one label per free place, the rest left off
    assert np.isnan(around[:, 0]).sum() < np.isnan(near[:, 0]).sum()
    assert np.isnan(place_labels(anchors, sizes, max_labels=2)[:, 0]).sum() == 6


def test_terrain_is_tinted_over_patents_and_clear_where_there_are_none():
    rng = np.random.default_rng(0)
    xy = np.vstack([rng.normal(0, 0.5, (400, 2)), rng.normal(10, 0.5, (400, 2))])
    view = map_extent(xy[:, 0], xy[:, 1])
    rgba = terrain_rgba(xy[:, 0], xy[:, 1], view, pixels=200)
    h, w = rgba.shape[:2]
    assert max(h, w) == 200

    def at(x, y):
        return rgba[int((view[3] - y) / (view[3] - view[2]) * (h - 1)), int((x - view[0]) / (view[1] - view[0]) * (w - 1))]

    assert at(0, 0)[3] == 255 and at(10, 10)[3] == 255 and at(5, 5)[3] == 0  # row 0 is the top
    assert at(0, 0)[:3].sum() < 3 * 250


def test_report_map_draws_the_shared_terrain(tmp_path):
    """The report's map shows the terrain the app shows: its pixels carry the shared terrain's
    band colours (the report used to shade its own contours in other colours)."""
    pytest.importorskip("matplotlib")
    from PIL import Image
    import io

    from landscape.report.figures import map_png

    rng = np.random.default_rng(1)
    n = 300
    area = rng.integers(0, 3, n)
    centres = np.array([[0, 0], [6, 0], [3, 5]])
    xy = centres[area] + rng.normal(0, 0.6, (n, 2))
    points = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "area": area, "cluster": area})
    clusters = pd.DataFrame({"id": [0, 1, 2], "x": centres[:, 0], "y": centres[:, 1], "size": np.bincount(area)})
    png, hidden = map_png({"points": points, "clusters": clusters, "colours": {0: "#1f77b4", 1: "#d62728",
                                                                               2: "#2ca02c"},
                           "short_labels": {0: "alpha", 1: "beta", 2: "gamma"}})
    assert hidden == []
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    h, w = image.shape[:2]
    assert image[int(h * 0.05), int(w * 0.02)].tolist() == [255, 255, 255]  # no patents in the corner
    colours = image.reshape(-1, 3)
    for level in TERRAIN_LEVELS[:3]:
        r, g, b, a = terrain_colour(level)
        band = np.array([r, g, b]) * a / 255 + 255 * (1 - a / 255)  # over the white page
        assert (np.abs(colours - band) <= 1.5).all(axis=1).sum() > 100, level


def test_wrapped_lines_are_half_as_long_for_chinese_and_cut_at_the_limit():
    from landscape.present.labels import wrap_lines

    assert wrap_lines("injection mould with cooling channel", 16) == ["injection mould", "with cooling", "channel"]
    assert wrap_lines("注塑模具冷却水道结构", 8) == ["注塑模具", "冷却水道", "结构"]
    assert wrap_lines("injection mould with cooling channel", 16, lines=2) == ["injection mould", "with cooling…"]
    assert wrap_lines("", 10) == []
