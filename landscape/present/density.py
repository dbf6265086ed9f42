"""The density picture of a big map: every patent counted into a grid of pixels, each pixel
coloured by the area most of its patents belong to, darker where there are more of them.

A browser cannot take a million points (the figure's JSON alone is hundreds of MB), but a
picture of them costs the same at any size: the server counts, the browser shows a PNG.
Numpy only (``np.unique`` on one integer key per patent), so no new dependency; at 1M patents
a 1000-pixel picture takes a fraction of a second.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landscape.present.palette import UNASSIGNED, _rgb


@dataclass(frozen=True)
class DensityGrid:
    """Counts of patents per pixel over ``view`` (x0, x1, y0, y1); row 0 is the top (largest y).

    ``counts[r, c]`` patents fall in pixel (r, c); ``dominant[r, c]`` is the area most of them
    belong to (ties: the smaller area id), -2 where the pixel is empty.
    """

    counts: np.ndarray
    dominant: np.ndarray
    view: tuple[float, float, float, float]

    @property
    def shape(self) -> tuple[int, int]:
        return self.counts.shape


EMPTY = -2  # a pixel without patents (-1 is the unassigned area)


def pixel_index(x, y, view, width: int, height: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, inside) of each point on a ``width`` x ``height`` grid over ``view``;
    row 0 is the top. Points outside the view have ``inside`` False."""
    x0, x1, y0, y1 = view
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    col = np.floor((x - x0) / (x1 - x0) * width)
    row = np.floor((y1 - y) / (y1 - y0) * height)
    inside = (col >= 0) & (col < width) & (row >= 0) & (row < height) & np.isfinite(col) & np.isfinite(row)
    return row.astype(np.int64, copy=False), col.astype(np.int64, copy=False), inside


def density_grid(x, y, area, view, *, width: int, height: int) -> DensityGrid:
    """Count the points (x, y) of areas ``area`` into a ``width`` x ``height`` grid over ``view``.

    Each point is one integer key (pixel * n_areas + area); ``np.unique`` counts every
    (pixel, area) pair, and the last pair of each pixel after a sort by (pixel, count) is its
    dominant area. Memory grows with the points, not with pixels x areas (a 1000 x 700 picture
    of 300 areas would be 210M counters).
    """
    row, col, inside = pixel_index(x, y, view, width, height)
    area = np.asarray(area, dtype=np.int64)[inside]
    pixel = row[inside] * width + col[inside]
    counts = np.bincount(pixel, minlength=width * height).reshape(height, width)
    dominant = np.full(width * height, EMPTY, dtype=np.int64)
    if len(pixel):
        codes, inverse = np.unique(area, return_inverse=True)  # areas as 0..k-1 (ids may be sparse, -1)
        key = pixel * len(codes) + inverse.reshape(-1)
        pairs, n = np.unique(key, return_counts=True)
        pix, which = pairs // len(codes), pairs % len(codes)
        # Sorted by pixel, then count, then area id descending: the last of each pixel is the
        # most frequent area, the smaller id on a tie.
        order = np.lexsort((-which, n, pix))
        last = np.r_[pix[order][1:] != pix[order][:-1], True]
        dominant[pix[order][last]] = codes[which[order][last]]
    return DensityGrid(counts=counts, dominant=dominant.reshape(height, width), view=tuple(float(v) for v in view))


def grid_size(view, pixels: int) -> tuple[int, int]:
    """(width, height) of a picture of ``view`` whose longer side is ``pixels``."""
    x0, x1, y0, y1 = view
    scale = pixels / max(x1 - x0, y1 - y0)
    return max(2, int(round((x1 - x0) * scale))), max(2, int(round((y1 - y0) * scale)))


def density_rgba(grid: DensityGrid, colours: dict[int, str] | None, *, grey: str = "#8a8a8a",
                 floor: float = 0.5, opacity: float = 1.0) -> np.ndarray:
    """The grid as an RGBA picture: each pixel in its dominant area's colour (``grey`` for all
    when ``colours`` is None: patents shown faded), its opacity rising with the log of its count
    from ``floor`` (one patent still shows) to 1 at the densest pixel, times ``opacity`` (lower
    under points drawn one by one, so they stand out); empty pixels transparent."""
    counts = grid.counts
    rgba = np.zeros(counts.shape + (4,), dtype=np.uint8)
    full = counts > 0
    if not full.any():
        return rgba
    if colours is None:
        rgba[full, :3] = _rgb(grey).astype(np.uint8)
    else:
        ids = np.unique(grid.dominant[full])
        table = np.array([_rgb(colours.get(int(a), UNASSIGNED)) for a in ids], dtype=np.uint8)
        rgba[full, :3] = table[np.searchsorted(ids, grid.dominant[full])]
    level = np.log1p(counts[full]) / np.log1p(counts.max())
    rgba[full, 3] = np.round(255 * opacity * (floor + (1 - floor) * level)).astype(np.uint8)
    return rgba


def hover_cells(x, y, area, view, *, cells: int = 90) -> dict[str, np.ndarray]:
    """A coarse grid for hovering over the density picture: for each non-empty cell (``cells``
    across the view's longer side), the mean position of its patents, their number and the
    dominant area. A few thousand invisible markers carry the hover text a million points
    could not."""
    width, height = grid_size(view, cells)
    grid = density_grid(x, y, area, view, width=width, height=height)
    row, col, inside = pixel_index(x, y, view, width, height)
    pixel = row[inside] * width + col[inside]
    n = np.bincount(pixel, minlength=width * height)
    sx = np.bincount(pixel, weights=np.asarray(x, dtype=np.float64)[inside], minlength=width * height)
    sy = np.bincount(pixel, weights=np.asarray(y, dtype=np.float64)[inside], minlength=width * height)
    full = np.flatnonzero(n)
    return {"x": sx[full] / n[full], "y": sy[full] / n[full], "count": n[full],
            "area": grid.dominant.reshape(-1)[full]}
