"""Drift: whether records placed on a built map still fit its areas.

A map's areas were found in its 5-d layout. A new record placed there is *far* when it lies
farther from every area's centre than that area's own members mostly do: beyond the
``quantile`` (95 %) of the members' distances to their centre. The same rule applied to the
map's own patents gives the share to compare with (about 5 %, more where areas are loose).
Far records that gather (HDBSCAN over their 5-d positions) are *new dense regions*: a
technology the map has no area for. When many records are far, a rebuild
(``landscape update --rebuild``) finds areas that fit them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DriftSettings:
    """``quantile`` of members' distance to their area's centre that bounds the area;
    ``min_region`` / ``region_share``: far records that gather at least this many, and this share
    of the new records, make a new dense region (a few far records always gather somewhere);
    ``rebuild_share``: from this share of far new records on, a rebuild is suggested."""

    quantile: float = 0.95
    min_region: int = 5
    region_share: float = 0.01
    rebuild_share: float = 0.20


def area_bounds(x5: np.ndarray, cluster: np.ndarray, quantile: float = DriftSettings.quantile
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(areas, centres, radii)``: per area (its members: ``cluster >= 0``) the mean 5-d
    position and the ``quantile`` of its members' distances to it."""
    areas = np.unique(cluster[cluster >= 0])
    centres = np.stack([x5[cluster == a].mean(axis=0) for a in areas]) if len(areas) else np.zeros((0, x5.shape[1]))
    radii = np.array([np.quantile(np.linalg.norm(x5[cluster == a] - c, axis=1), quantile)
                      for a, c in zip(areas, centres)])
    return areas, centres, radii


def far_from_areas(points: np.ndarray, centres: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """Which ``points`` (5-d) lie outside every area's bound (all of them when there is no area)."""
    if len(centres) == 0:
        return np.ones(len(points), dtype=bool)
    d = np.linalg.norm(points[:, None, :] - centres[None, :, :], axis=2)
    return ~(d <= radii[None, :]).any(axis=1)


def dense_regions(points: np.ndarray, min_size: int) -> np.ndarray:
    """Region number of each point (-1 for none): HDBSCAN over ``points``; none with fewer than
    ``min_size`` points."""
    if len(points) < max(min_size, 2):
        return np.full(len(points), -1, dtype=np.int64)
    from sklearn.cluster import HDBSCAN

    return HDBSCAN(min_cluster_size=max(min_size, 2), copy=True).fit_predict(points).astype(np.int64)


def drift(map_x5: np.ndarray, map_cluster: np.ndarray, new_x5: np.ndarray, *,
          settings: DriftSettings = DriftSettings()) -> tuple[dict, np.ndarray]:
    """How far new records (5-d positions ``new_x5``) lie from the map's areas.

    Returns ``(summary, far)``: ``far`` marks each new record outside every area's bound;
    ``summary`` has ``share_far`` (of the new records), ``share_far_map`` (of the map's own
    patents, the same rule), ``far``, ``new``, ``new_dense_regions`` (how many), ``regions``
    (per region its size and 5-d centre), ``quantile`` and ``suggest_rebuild``.
    """
    areas, centres, radii = area_bounds(map_x5, map_cluster, settings.quantile)
    far = far_from_areas(new_x5, centres, radii)
    own = far_from_areas(map_x5, centres, radii)
    regions = dense_regions(new_x5[far], max(settings.min_region, int(np.ceil(settings.region_share * len(far)))))
    found = [int(r) for r in np.unique(regions) if r >= 0]
    share = float(far.mean()) if len(far) else 0.0
    summary = {"new": int(len(far)), "far": int(far.sum()), "share_far": round(share, 4),
               "share_far_map": round(float(own.mean()), 4) if len(own) else 0.0,
               "new_dense_regions": len(found),
               "regions": [{"region": r, "size": int((regions == r).sum()),
                            "centre": [round(float(v), 4) for v in new_x5[far][regions == r].mean(axis=0)]}
                           for r in found],
               "quantile": settings.quantile, "rebuild_share": settings.rebuild_share,
               "suggest_rebuild": bool(len(far) and (share >= settings.rebuild_share or found))}
    return summary, far
