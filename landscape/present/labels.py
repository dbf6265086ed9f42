"""Where area labels go on a map so that none overlaps another, a marker or the edge: the biggest
areas first, each at its area's centre or at the first free place near it; a label with no free
place is left off (the app's hover and the report's note still name the area).

Pure geometry in pixels (x to the right, y up), shared by the app's Plotly map and the report's
matplotlib map; each measures its own label boxes and draws the result its own way.
"""
from __future__ import annotations

import textwrap

import numpy as np

#: Candidate places, in units of the label's own width and height from its anchor: the anchor,
#: then a line or two above or below (the app: a label stays in its column).
NEAR = ((0, 0), (0, 1.1), (0, -1.1), (0, 2.2), (0, -2.2))
#: ... and also beside, diagonal and a little further out (the report: a leader line joins a
#: label moved far to its area's centre).
AROUND = NEAR + ((0.6, 0), (-0.6, 0), (0.6, 1.1), (-0.6, 1.1), (0.6, -1.1), (-0.6, -1.1),
                 (0, 3.3), (0, -3.3), (1.1, 0), (-1.1, 0), (1.1, 2.2), (-1.1, 2.2), (1.1, -2.2), (-1.1, -2.2))


def text_width_px(text: str, size: float) -> float:
    """About how wide ``text`` is at font ``size`` px: CJK characters are about square, others a
    little over half as wide (for a renderer that cannot measure, such as a browser's Plotly)."""
    wide = sum(1 for c in text if ord(c) > 0x2E80)
    return (wide * 1.05 + (len(text) - wide) * 0.58) * size + 8


def wrap_lines(text: str, width: int = 60, lines: int | None = None) -> list[str]:
    """``text`` in lines of about ``width`` characters (half that for mostly-Chinese text, whose
    characters are twice as wide); at most ``lines`` of them, the last cut with "…"."""
    if not text:
        return []
    wide = sum(ord(c) > 0x2E80 for c in text) > len(text) / 3
    if wide:
        width = max(4, width // 2)
        parts = [text[i:i + width] for i in range(0, len(text), width)]
    else:
        parts = textwrap.wrap(text, width) or [text]
    if lines is not None and len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1].rstrip("/ ") + "…"
    return parts


def _clash(box, boxes) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)


def place_labels(anchors, sizes, *, places=NEAR, obstacles=(), bounds=None, max_labels: int | None = None
                 ) -> np.ndarray:
    """Offsets of label boxes from their anchors so that no two overlap.

    Parameters
    ----------
    anchors : (n, 2) array
        Where each label's box would be centred, in pixels, in priority order (the first is
        placed first: the biggest area).
    sizes : (n, 2) array
        Each box's width and height in pixels.
    places : sequence of (dx, dy)
        Candidate offsets in units of the box's own width and height, tried in order.
    obstacles : iterable of (x0, y0, x1, y1)
        Boxes to keep clear (white spaces, a placed invention).
    bounds : (x0, y0, x1, y1), optional
        A box every label must stay inside.
    max_labels : int, optional
        Place at most this many.

    Returns
    -------
    (n, 2) array
        Each label's offset (dx, dy) in pixels; NaN for a label left off.
    """
    anchors = np.asarray(anchors, dtype=float).reshape(-1, 2)
    sizes = np.asarray(sizes, dtype=float).reshape(-1, 2)
    taken = [tuple(map(float, b)) for b in obstacles]
    out = np.full(anchors.shape, np.nan)
    placed = 0
    for i, ((cx, cy), (w, h)) in enumerate(zip(anchors, sizes)):
        if max_labels is not None and placed >= max_labels:
            break
        for fx, fy in places:
            dx, dy = fx * w, fy * h
            box = (cx + dx - w / 2, cy + dy - h / 2, cx + dx + w / 2, cy + dy + h / 2)
            outside = bounds is not None and (box[0] < bounds[0] or box[1] < bounds[1]
                                              or box[2] > bounds[2] or box[3] > bounds[3])
            if not outside and not _clash(box, taken):
                taken.append(box)
                out[i] = dx, dy
                placed += 1
                break
    return out
