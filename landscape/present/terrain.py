"""The terrain under the map: the smoothed density of the patents drawn as bands of the terrain
colours with thin contour lines, like a topographic map. One picture for the app (a PNG under
the Plotly points) and the report (an image under the matplotlib points)."""
from __future__ import annotations

import io

import numpy as np

from landscape.present.palette import TERRAIN_LEVELS, TERRAIN_LINE, terrain_colour


def map_extent(x, y, pad: float = 0.04) -> tuple[float, float, float, float]:
    """The points' bounding box (x0, x1, y0, y1), grown by ``pad`` of its size on every side."""
    x0, x1, y0, y1 = float(np.min(x)), float(np.max(x)), float(np.min(y)), float(np.max(y))
    dx, dy = (x1 - x0) or 1.0, (y1 - y0) or 1.0
    return x0 - pad * dx, x1 + pad * dx, y0 - pad * dy, y1 + pad * dy


def density_grid(x: np.ndarray, y: np.ndarray, bins: int = 140, pad: float = 0.06, sigma: float = 2.2):
    """A smoothed 2-d histogram of the points: the terrain under the map (x centres, y centres, z)."""
    from scipy.ndimage import gaussian_filter

    x0, x1, y0, y1 = map_extent(x, y, pad)
    h, xe, ye = np.histogram2d(x, y, bins=bins, range=[[x0, x1], [y0, y1]])
    z = gaussian_filter(h.T, sigma=sigma)
    z = np.sqrt(z / z.max()) if z.max() > 0 else z  # sqrt: sparse regions still show relief
    return (xe[:-1] + xe[1:]) / 2, (ye[:-1] + ye[1:]) / 2, z


def terrain_rgba(x: np.ndarray, y: np.ndarray, view, *, pixels: int = 1200) -> np.ndarray:
    """The terrain of points (x, y) over ``view`` (x0, x1, y0, y1) as an RGBA array (row 0 at the
    top, the view's longer side ``pixels`` wide): transparent where there are no patents.

    Drawn at the view's own resolution, so a close-up stays sharp.
    """
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
        colours[i] = terrain_colour(level)
    rgba = colours[band]
    edge = np.zeros(band.shape, dtype=bool)
    edge[:, 1:] |= band[:, 1:] != band[:, :-1]
    edge[1:, :] |= band[1:, :] != band[:-1, :]
    rgba[edge] = TERRAIN_LINE
    return rgba


def terrain_png(x: np.ndarray, y: np.ndarray, view, *, pixels: int = 1200) -> bytes:
    """:func:`terrain_rgba` as PNG bytes."""
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(terrain_rgba(x, y, view, pixels=pixels), "RGBA").save(buf, format="PNG", optimize=False,
                                                                          compress_level=6)
    return buf.getvalue()
