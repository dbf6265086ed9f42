"""The map figure's terrain picture: drawn from the points, below them, covering what is shown."""
from __future__ import annotations

import base64
import io

import numpy as np
import pandas as pd

from landscape.views import map_figure


def _map(n=600, seed=0):
    rng = np.random.default_rng(seed)
    centres = np.array([[0, 0], [8, 1], [3, 7]])
    area = rng.integers(0, 3, n)
    xy = centres[area] + rng.normal(0, 1, (n, 2))
    points = pd.DataFrame({"id": [f"CN{i}A" for i in range(n)], "title": "t", "x": xy[:, 0], "y": xy[:, 1],
                           "area": area, "applicant": "A", "year": 2020})
    clusters = pd.DataFrame({"id": [0, 1, 2], "size": np.bincount(area), "x": centres[:, 0], "y": centres[:, 1],
                             "label_en": ["a", "b", "c"], "label_zh": ["甲", "乙", "丙"],
                             "terms_en": [["a"], ["b"], ["c"]], "terms_zh": [["甲"], ["乙"], ["丙"]]})
    return points, clusters


def _picture(fig):
    from PIL import Image

    (image,) = [im for im in fig.layout.images if im.name == "terrain"]
    png = base64.b64decode(image.source.split(",", 1)[1])
    return image, np.asarray(Image.open(io.BytesIO(png)))


def test_terrain_is_darker_where_patents_are_dense():
    points, clusters = _map()
    image, pixels = _picture(map_figure(points, clusters, "en"))
    assert image.layer == "below"
    h, w = pixels.shape[:2]

    def at(x, y):  # pixel of a map position
        col = int((x - image.x) / image.sizex * w)
        row = int((image.y - y) / image.sizey * h)
        return pixels[min(row, h - 1), min(col, w - 1)]

    centre, empty = at(0, 0), at(7.5, 7.5)  # a cluster centre; the empty corner between clusters
    assert centre[3] == 255 and empty[3] == 0  # terrain over the cluster, transparent where nothing is
    assert centre[:3].sum() < 3 * 250  # a tinted band, not white


def test_close_up_terrain_reaches_past_the_view():
    points, clusters = _map()
    zoom = (-1.0, 1.0, -1.0, 1.0)
    image, _ = _picture(map_figure(points, clusters, "en", zoom=zoom))
    assert image.x < zoom[0] and image.x + image.sizex > zoom[1]
    assert image.y > zoom[3] and image.y - image.sizey < zoom[2]
