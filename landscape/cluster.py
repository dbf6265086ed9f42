"""Technology areas and topics: HDBSCAN on the 5-d layout, made robust for real patents.

BERTopic's defaults (min_cluster_size 10, min_samples = min_cluster_size) leave about 40 %
of real patent abstracts as noise, and on some embeddings collapse a corpus into two or
three clusters. Measured on the 7,116 USPTO abstracts (bench/quality.py): a small
``min_samples`` avoids the collapse, and a neighbour vote gives most noise points the
topic their neighbours share, leaving only points with no clear topic unassigned.

Two levels: *topics* are the HDBSCAN clusters; *areas* group topics whose centroids are
close (Ward linkage on the normalised topic centroids, which gave more even areas and
higher agreement with CPC than average linkage on the USPTO sample). Every unassigned point is still given its nearest area
for analytics (``area``), while ``topic``/``cluster`` stay -1 so maps can show it as such.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class ClusterSettings:
    min_cluster_size: int | None = None  # None: scaled to the corpus, see cluster_size_for
    min_samples: int = 5
    vote_neighbours: int = 15
    vote_share: float = 1 / 3  # share of a noise point's neighbours that must agree on a topic
    vote_rounds: int = 5
    # When more than this stays unassigned (USE embeddings leave ~55 % HDBSCAN noise), the
    # vote is repeated with a lower agreement, down to min_vote_share.
    max_unassigned: float = 0.15
    min_vote_share: float = 0.2
    max_largest_share: float = 0.5  # above this the map has collapsed into one blob
    # A single topic above this share is split again (leaf selection inside it): on small,
    # diverse corpora (936 offshore-plant patents over 211 subclasses) one topic otherwise
    # took 35-38 % of the records (bench/RESULTS.md).
    max_topic_share: float = 0.25
    areas: int | None = None  # None: scaled to the number of topics


def cluster_size_for(n: int) -> int:
    """Minimum topic size for ``n`` patents: about sqrt(n)/3, between 8 and 100."""
    return int(min(100, max(8, round(math.sqrt(n) / 3))))


def area_count_for(n_topics: int) -> int:
    """How many areas to group topics into: about 1.8 sqrt(topics), between 4 and 24."""
    if n_topics <= 6:
        return n_topics
    return int(min(24, max(4, round(1.8 * math.sqrt(n_topics)))))


def _hdbscan(X: np.ndarray, min_cluster_size: int, min_samples: int, method: str) -> np.ndarray:
    import fast_hdbscan
    import numba

    # One thread: fast_hdbscan's parallel tree search can break ties between equal distances
    # differently from run to run (1 of 7,116 patents moved once), and the map must be
    # reproducible. It costs 0.7 s at 50k points (0.8 s -> 1.5 s, measured).
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        return fast_hdbscan.HDBSCAN(min_cluster_size=min_cluster_size, min_samples=min_samples,
                                    cluster_selection_method=method).fit_predict(X).astype(np.int32)
    finally:
        numba.set_num_threads(threads)


def _collapsed(labels: np.ndarray, max_share: float) -> bool:
    assigned = labels[labels >= 0]
    if assigned.size == 0:
        return True
    return int(assigned.max()) + 1 < 3 or _largest_share(labels) > max_share


def _largest_share(labels: np.ndarray) -> float:
    assigned = labels[labels >= 0]
    return float(np.bincount(assigned).max() / len(labels)) if assigned.size else 0.0


def _split_giants(X, labels, min_cluster_size, min_samples, max_share):
    """Re-cluster any cluster holding more than ``max_share`` of the points on its own."""
    labels = labels.copy()
    for _ in range(3):
        sizes = np.bincount(labels[labels >= 0]) if (labels >= 0).any() else np.array([])
        giants = [c for c, s in enumerate(sizes) if s > max_share * len(labels)]
        if not giants:
            break
        for g in giants:
            members = np.where(labels == g)[0]
            sub = _hdbscan(X[members], min_cluster_size, min_samples, "leaf")
            if sub.max() < 1:  # no split found: leave it
                continue
            next_id = labels.max() + 1
            labels[members] = np.where(sub >= 0, sub + next_id, -1)
    return _renumber(labels)


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Cluster ids 0..k-1 by decreasing size (ties by first member), -1 kept."""
    # Counted in one pass: a mask per cluster cost O(n x clusters), minutes at 1M points.
    assigned = labels >= 0
    if not assigned.any():
        return np.full_like(labels, -1)
    ids, first, sizes = np.unique(labels[assigned], return_index=True, return_counts=True)
    first = np.flatnonzero(assigned)[first]
    order = np.lexsort((first, -sizes))
    new_of = np.full(int(ids.max()) + 1, -1, dtype=labels.dtype)
    new_of[ids[order]] = np.arange(len(ids), dtype=labels.dtype)
    return np.where(assigned, new_of[np.maximum(labels, 0)], -1).astype(labels.dtype)


def vote(neighbour_labels: np.ndarray, need: float) -> np.ndarray:
    """Per row of neighbours' labels: the most common label (not -1) when at least ``need`` of
    them have it, else -1. Ties go to the lowest label, so the result is deterministic."""
    rows = np.asarray(neighbour_labels)
    out = np.full(len(rows), -1, dtype=np.int32)
    if rows.size == 0:
        return out
    # Sorted rows make equal labels adjacent: the longest run is the most common label, the
    # first longest run its lowest one. Whole-array numpy instead of a bincount per row
    # (a Python loop that took ~10 s per round on 400k noise points at 1M).
    srt = np.sort(rows, axis=1)
    k = srt.shape[1]
    starts = np.ones_like(srt, dtype=bool)
    starts[:, 1:] = srt[:, 1:] != srt[:, :-1]
    starts |= srt < 0  # -1 never forms a run worth counting
    pos = np.broadcast_to(np.arange(k), srt.shape)
    run_start = np.maximum.accumulate(np.where(starts, pos, 0), axis=1)
    run_len = np.where(srt >= 0, pos - run_start + 1, 0)
    best = run_len.argmax(axis=1)  # first maximum: the lowest label among the most common
    count = run_len[np.arange(len(rows)), best]
    label = srt[np.arange(len(rows)), best]
    keep = (count > 0) & (count >= need)
    out[keep] = label[keep]
    return out


def neighbour_vote(X: np.ndarray, labels: np.ndarray, *, k: int, share: float, rounds: int) -> np.ndarray:
    """Give a noise point the topic that at least ``share`` of its k neighbours have."""
    from sklearn.neighbors import NearestNeighbors

    labels = labels.copy()
    if (labels >= 0).sum() == 0:
        return labels
    k = min(k, len(X) - 1)
    idx = NearestNeighbors(n_neighbors=k + 1).fit(X).kneighbors(X, return_distance=False)[:, 1:]
    for _ in range(rounds):
        noise = np.where(labels == -1)[0]
        if noise.size == 0:
            break
        new = labels.copy()
        new[noise] = vote(labels[idx[noise]], share * k)
        if np.array_equal(new, labels):
            break
        labels = new
    return labels


def nearest_cluster(X: np.ndarray, labels: np.ndarray, *, at: np.ndarray | None = None,
                    labels_at: np.ndarray | None = None) -> np.ndarray:
    """Every point's cluster, unassigned points given the one with the nearest centroid.

    With ``at`` (other points in the same space) and their ``labels_at`` (-1 unassigned), the
    centroids of ``X``'s clusters fill in those points instead, and their labels are returned.
    """
    points, out = (X, labels.copy()) if at is None else (at, labels_at.copy())
    noise = out == -1
    if noise.any() and (labels >= 0).any():
        ids = np.unique(labels[labels >= 0])
        centroids = np.stack([X[labels == c].mean(axis=0) for c in ids])
        d = ((points[noise][:, None, :] - centroids[None, :, :]) ** 2).sum(-1)
        out[noise] = ids[d.argmin(axis=1)]
    return out


def assign(neighbours: np.ndarray, positions: np.ndarray, map_topic: np.ndarray, topic_area: np.ndarray,
           map_x5: np.ndarray, *, share: float) -> tuple[np.ndarray, np.ndarray]:
    """Topic and area of new points, by the rule unassigned patents get at build time.

    ``neighbours`` (one row of map patent indices per new point) vote on the topic: the one at
    least ``share`` of them have, else -1; a topic's area is the area; a point without a topic
    gets the area whose centre (over ``map_x5``) is nearest its 5-d ``positions``.
    """
    topic = vote(map_topic[neighbours], share * neighbours.shape[1])
    map_cluster = np.where(map_topic >= 0, topic_area[np.maximum(map_topic, 0)], -1)
    cluster = np.where(topic >= 0, topic_area[np.maximum(topic, 0)], -1).astype(np.int32)
    return topic, nearest_cluster(map_x5, map_cluster, at=positions, labels_at=cluster)


def group_topics(embeddings: np.ndarray, topics: np.ndarray, n_areas: int) -> np.ndarray:
    """Area of each topic: Ward clustering of the topics' normalised mean embeddings."""
    from sklearn.cluster import AgglomerativeClustering

    n_topics = int(topics.max()) + 1
    if n_topics <= n_areas:
        return np.arange(n_topics)
    cent = np.stack([embeddings[topics == t].mean(axis=0) for t in range(n_topics)])
    cent /= np.linalg.norm(cent, axis=1, keepdims=True) + 1e-12
    raw = AgglomerativeClustering(n_clusters=n_areas, linkage="ward").fit_predict(cent)
    # Areas numbered by size (patents), largest first.
    sizes = np.bincount(topics[topics >= 0], minlength=n_topics)
    area_size = {a: sizes[raw == a].sum() for a in np.unique(raw)}
    order = sorted(area_size, key=lambda a: (-area_size[a], int(np.argmax(raw == a))))
    remap = {old: new for new, old in enumerate(order)}
    return np.array([remap[a] for a in raw])


@dataclass
class Clustering:
    """The result: per point topic (-1 unassigned), area (-1 unassigned) and nearest area."""

    topic: np.ndarray
    cluster: np.ndarray
    area: np.ndarray
    topic_area: np.ndarray  # area of each topic id
    hdbscan_noise: float
    notes: list[str]
    params: dict


def cluster_map(X5: np.ndarray, embeddings: np.ndarray, settings: ClusterSettings = ClusterSettings()) -> Clustering:
    """Topics and areas for the points of a 5-d layout (``embeddings`` group topics into areas)."""
    n = len(X5)
    mcs = settings.min_cluster_size or cluster_size_for(n)
    ms = min(settings.min_samples, mcs)
    notes = []
    labels = _hdbscan(X5, mcs, ms, "eom")
    if _collapsed(labels, settings.max_largest_share):
        notes.append("excess-of-mass selection collapsed the map; used leaf selection")
        labels = _hdbscan(X5, mcs, ms, "leaf")
    if _collapsed(labels, settings.max_largest_share):
        notes.append("re-clustered the giant cluster")
        labels = _split_giants(X5, labels, mcs, ms, settings.max_largest_share)
    largest = _largest_share(labels)
    if largest > settings.max_topic_share:
        notes.append(f"split a topic holding {largest:.0%} of the patents")
        labels = _split_giants(X5, labels, mcs, ms, settings.max_topic_share)
    labels = _renumber(labels)
    hdb_noise = float((labels == -1).mean())
    share = settings.vote_share
    topic = neighbour_vote(X5, labels, k=settings.vote_neighbours, share=share, rounds=settings.vote_rounds)
    while (topic == -1).mean() > settings.max_unassigned and share > settings.min_vote_share + 1e-9:
        share = max(settings.min_vote_share, share - 1 / 15)
        topic = neighbour_vote(X5, labels, k=settings.vote_neighbours, share=share, rounds=settings.vote_rounds)
    if share != settings.vote_share:
        notes.append(f"{(labels == -1).mean():.0%} HDBSCAN noise; neighbour vote relaxed to {share:.2f} agreement")
    if (topic >= 0).sum() == 0:
        # Nothing dense at all: one topic, everything in it, and say so.
        notes.append("no dense groups found; the map has a single area")
        topic = np.zeros(n, dtype=np.int32)
    n_topics = int(topic.max()) + 1
    n_areas = settings.areas or area_count_for(n_topics)
    topic_area = group_topics(embeddings, topic, n_areas)
    cluster = np.where(topic >= 0, topic_area[np.maximum(topic, 0)], -1).astype(np.int32)
    area = nearest_cluster(X5, cluster)
    params = dict(asdict(settings), min_cluster_size=mcs, min_samples=ms, areas=int(topic_area.max()) + 1,
                  topics=n_topics, vote_share_used=share)
    return Clustering(topic=topic.astype(np.int32), cluster=cluster, area=area.astype(np.int32),
                      topic_area=topic_area.astype(np.int32), hdbscan_noise=hdb_noise, notes=notes,
                      params=params)


def cluster_sampled(X5: np.ndarray, embeddings: np.ndarray, sample_rows: np.ndarray, rest_rows: np.ndarray,
                    rest_neighbours: np.ndarray, settings: ClusterSettings = ClusterSettings()) -> Clustering:
    """``cluster_map`` on the rows UMAP was fitted on; every other row follows its nearest
    fitted rows (``rest_neighbours``, indices into ``sample_rows``) by ``assign``, the rule new
    patents get. Placed rows sit at means of their neighbours' places; clustered with the
    fitted ones they bridged areas (7,116 USPTO abstracts, 10 % fitted: 5 areas instead of 15,
    bench/sample_fit.py)."""
    n = len(X5)
    if settings.min_cluster_size is None:
        # The smallest topic the whole map would have, scaled to the sample: a topic is then
        # as small a share of the map as without the sample.
        from dataclasses import replace

        settings = replace(settings, min_cluster_size=max(8, round(cluster_size_for(n) * len(sample_rows) / n)))
    part = cluster_map(X5[sample_rows], embeddings[sample_rows], settings)
    topic = np.full(n, -1, dtype=np.int32)
    area = np.full(n, -1, dtype=np.int32)
    topic[sample_rows], area[sample_rows] = part.topic, part.area
    share = float(part.params["vote_share_used"])
    for start in range(0, len(rest_rows), 200_000):  # bounded memory: a block of neighbours at a time
        rows, near = rest_rows[start:start + 200_000], rest_neighbours[start:start + 200_000]
        topic[rows], area[rows] = assign(near, X5[rows], part.topic, part.topic_area, X5[sample_rows], share=share)
    cluster = np.where(topic >= 0, part.topic_area[np.maximum(topic, 0)], -1).astype(np.int32)
    notes = part.notes + [f"topics found on the {len(sample_rows):,} patents the layouts were fitted on; "
                          f"the other {len(rest_rows):,} took their nearest fitted patents' topic"]
    return Clustering(topic=topic, cluster=cluster, area=area, topic_area=part.topic_area,
                      hdbscan_noise=part.hdbscan_noise, notes=notes,
                      params=dict(part.params, clustered_on=int(len(sample_rows))))
