"""Which area of a rebuilt map is which area of the previous version (issue 15).

A rebuild refits the layout and the clustering, so its area numbers are arbitrary: area 3 may
now be area 7. The areas are matched by an optimal one-to-one assignment
(:func:`scipy.optimize.linear_sum_assignment`) whose cost mixes

- shared members: one minus the Jaccard index of the two areas' patent ids (a patent keeps its
  id across versions, so this is the direct evidence), and
- centroid distance, as a tie-breaker and for areas that share few members: the Euclidean
  distance of the two areas' mean embeddings, divided by the largest such distance.

The centroids must lie in one space. The 2-d and 5-d UMAP layouts do not: each fit has its own
rotation and scale. The embeddings of a pretrained model do, but a TF-IDF embedder is refitted
(its vocabulary and SVD basis) on every build. So the caller computes both sets of centroids
from the *new* version's embeddings: an old area's centroid is the mean new embedding of its
members, all of which are on the rebuilt map (it is built from every record of the old one).

A pair is a match only when at least ``min_overlap`` of the old area's or of the new area's
patents are shared; pairs below it are never assigned. What is left over is named:

- ``kept``: a matched pair (the new area takes the old area's id, colour and perhaps label);
- ``split``: an unmatched new area most of whose patents (``min_overlap``) come from one old
  area, whose members thus went mostly to two new areas (``old_area`` is that one);
- ``merged``: an unmatched old area most of whose patents went into one new area, matched to
  another old area (``new_area`` is that one);
- ``new`` / ``vanished``: an unmatched new / old area with no such majority.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

#: Weight of the (normalised) centroid distance against one minus the Jaccard index.
DISTANCE_WEIGHT = 0.25
#: Share of one side's patents that two areas must share to be matched (see module docstring).
MIN_OVERLAP = 0.5
#: The cost of a pair that may not be matched: above any allowed pair's (at most 1 + weight).
_FORBIDDEN = 10.0
COLUMNS = ["new_area", "old_area", "status", "shared", "jaccard", "old_size", "new_size", "distance"]


def _members(points: pd.DataFrame) -> dict[int, set]:
    rows = points[points["area"] >= 0]
    return {int(a): set(g["id"].astype(str)) for a, g in rows.groupby("area", sort=True)}


def _centroid_matrix(centroids, ids: list[int]) -> np.ndarray:
    return np.stack([np.asarray(centroids[a], dtype=np.float64) for a in ids]) if ids else np.zeros((0, 1))


def match_areas(old_points: pd.DataFrame, new_points: pd.DataFrame, old_centroids, new_centroids, *,
                min_overlap: float = MIN_OVERLAP, distance_weight: float = DISTANCE_WEIGHT) -> pd.DataFrame:
    """Match the areas of a rebuilt map to those of its previous version.

    Parameters
    ----------
    old_points, new_points : pandas.DataFrame
        One row per patent with ``id`` and ``area`` (an area id; negative ids are ignored).
    old_centroids, new_centroids : mapping of int to array-like
        Each area's centroid, both in one space (see the module docstring).
    min_overlap : float, default 0.5
        Share of the old or of the new area's patents that a matched pair must share.
    distance_weight : float, default 0.25
        Weight of the normalised centroid distance in the cost (Jaccard's is 1).

    Returns
    -------
    pandas.DataFrame
        Columns ``new_area``, ``old_area`` (Int64, NA where there is none), ``status``
        (``kept``, ``split``, ``new``, ``merged``, ``vanished``), ``shared`` (patents in both),
        ``jaccard``, ``old_size``, ``new_size``, ``distance`` (normalised centroid distance).
        Every new area appears once in a ``kept``, ``split`` or ``new`` row; every old area
        once in a ``kept``, ``merged`` or ``vanished`` row. Sorted by new area, then old area.
    """
    old, new = _members(old_points), _members(new_points)
    old_ids, new_ids = sorted(old), sorted(new)
    shared = np.array([[len(old[o] & new[n]) for n in new_ids] for o in old_ids], dtype=np.int64).reshape(
        len(old_ids), len(new_ids))
    old_size = np.array([len(old[o]) for o in old_ids], dtype=np.int64)
    new_size = np.array([len(new[n]) for n in new_ids], dtype=np.int64)
    union = old_size[:, None] + new_size[None, :] - shared
    jaccard = np.where(union > 0, shared / np.maximum(union, 1), 0.0)
    if old_ids and new_ids:
        a, b = _centroid_matrix(old_centroids, old_ids), _centroid_matrix(new_centroids, new_ids)
        distance = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1))
        distance = distance / distance.max() if distance.max() > 0 else distance
    else:
        distance = np.zeros((len(old_ids), len(new_ids)))
    allowed = (shared >= min_overlap * old_size[:, None]) | (shared >= min_overlap * new_size[None, :])
    allowed &= shared > 0
    cost = np.where(allowed, (1.0 - jaccard) + distance_weight * distance, _FORBIDDEN)
    rows, cols = linear_sum_assignment(cost) if cost.size else (np.array([], int), np.array([], int))
    pairs = [(i, j) for i, j in zip(rows, cols) if allowed[i, j]]
    matched_old = {i: j for i, j in pairs}
    matched_new = {j: i for i, j in pairs}

    out = []

    def row(i, j, status):
        out.append({"new_area": None if j is None else new_ids[j], "old_area": None if i is None else old_ids[i],
                    "status": status,
                    "shared": int(shared[i, j]) if i is not None and j is not None else 0,
                    "jaccard": float(jaccard[i, j]) if i is not None and j is not None else 0.0,
                    "old_size": None if i is None else int(old_size[i]),
                    "new_size": None if j is None else int(new_size[j]),
                    "distance": float(distance[i, j]) if i is not None and j is not None else np.nan})

    for i, j in pairs:
        row(i, j, "kept")
    for j in range(len(new_ids)):
        if j in matched_new:
            continue
        # Ties go to the lowest old id (argmax takes the first), so the table is deterministic.
        i = int(np.argmax(shared[:, j])) if len(old_ids) else None
        if i is not None and shared[i, j] >= min_overlap * new_size[j] and shared[i, j] > 0:
            row(i, j, "split")
        else:
            row(None, j, "new")
    for i in range(len(old_ids)):
        if i in matched_old:
            continue
        j = int(np.argmax(shared[i, :])) if len(new_ids) else None
        if j is not None and shared[i, j] >= min_overlap * old_size[i] and shared[i, j] > 0:
            row(i, j, "merged")
        else:
            row(i, None, "vanished")
    table = pd.DataFrame(out, columns=COLUMNS)
    for c in ("new_area", "old_area", "old_size", "new_size"):
        table[c] = table[c].astype("Int64")
    return table.sort_values(["new_area", "old_area"], na_position="last", kind="stable").reset_index(drop=True)


def area_centroids(points: pd.DataFrame, ids: pd.Series, embeddings: np.ndarray) -> dict[int, np.ndarray]:
    """Each area's mean embedding: ``points`` (``id``, ``area``) over ``embeddings``, whose row k
    is the vector of patent ``ids[k]``; patents without a vector are left out."""
    row_of = pd.Series(np.arange(len(ids)), index=pd.Index(ids.astype(str)))
    rows = points[points["area"] >= 0]
    at = row_of.reindex(rows["id"].astype(str)).to_numpy()
    keep = ~np.isnan(at)
    rows, at = rows[keep], at[keep].astype(int)
    vectors = np.asarray(embeddings, dtype=np.float64)
    return {int(a): vectors[at[(rows["area"] == a).to_numpy()]].mean(axis=0)
            for a in sorted(rows["area"].unique())}


def renumbering(table: pd.DataFrame, old_max: int) -> dict[int, int]:
    """New area id -> its id in the published version: a ``kept`` area takes its old area's id;
    the others get fresh ids above ``old_max`` (the old version's largest), in new-id order."""
    out = {int(r.new_area): int(r.old_area) for r in table.itertuples() if r.status == "kept"}
    fresh = iter(range(int(old_max) + 1, int(old_max) + 1 + len(table)))
    for r in table.itertuples():
        if r.status in ("split", "new"):
            out[int(r.new_area)] = next(fresh)
    return out
