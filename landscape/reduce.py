"""UMAP: a 5-d layout for clustering and a 2-d layout for the map, from one neighbour graph.

The k-nearest-neighbour graph is the expensive part of UMAP on text embeddings; it is
computed once and handed to both layouts (``precomputed_knn``). Below ``EXACT_BELOW``
points UMAP computes exact distances itself, which is faster than building (and
JIT-compiling) the approximate index, so the graph is not shared there. Both are seeded, so the
same input gives the same map; that makes UMAP single-threaded, the price of determinism.
The fitted layouts are kept so new text can be placed on the same map later.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np

#: UMAP's own threshold for exact all-pairs neighbours.
EXACT_BELOW = 4096


@dataclass(frozen=True)
class ReduceSettings:
    n_neighbors: int = 15
    cluster_dims: int = 5
    cluster_min_dist: float = 0.0  # packed layouts separate dense groups for HDBSCAN
    map_min_dist: float = 0.1  # a little air between points on the 2-d map
    metric: str = "cosine"
    seed: int = 42
    # Optimisation epochs of each layout (None: UMAP's default, 200 above 10k points, else 500).
    # Measured on the 7,116 USPTO abstracts (bench/RESULTS.md): 100 epochs keep the topics'
    # agreement with CPC (AMI 0.357-0.374 vs 0.370-0.379) at a third of the time.
    cluster_epochs: int | None = 100
    map_epochs: int | None = 100


class Reducer:
    """Fits the two UMAP layouts on embeddings; ``transform`` places new embeddings.

    Parameters
    ----------
    settings : ReduceSettings
        Neighbours, dimensions, spreads and the seed.
    """

    def __init__(self, settings: ReduceSettings = ReduceSettings()):
        self.settings = settings

    def fit(self, X: np.ndarray, *, progress=None) -> "Reducer":
        import umap
        from umap.umap_ import nearest_neighbors

        s = self.settings
        # Identical texts (Lens has many "Robot control" titles) give identical vectors, which
        # break UMAP's spectral start ("falling back to random initialisation") and waste time:
        # lay out each distinct vector once and give duplicates the same place.
        X, inverse = np.unique(np.asarray(X, dtype=np.float32), axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        n = len(X)
        k = max(2, min(s.n_neighbors, n - 1))
        timings = {}
        common = dict(n_neighbors=k, metric=s.metric, random_state=s.seed, low_memory=True)
        if n >= EXACT_BELOW:
            t = time.perf_counter()
            common["precomputed_knn"] = nearest_neighbors(
                X, n_neighbors=k, metric=s.metric, metric_kwds=None, angular=False,
                random_state=np.random.RandomState(s.seed), low_memory=True, n_jobs=1)
            timings["knn"] = time.perf_counter() - t
            if progress:
                progress("neighbours")
        t = time.perf_counter()
        self.cluster_umap_ = umap.UMAP(n_components=min(s.cluster_dims, max(2, n - 2)),
                                       min_dist=s.cluster_min_dist,
                                       n_epochs=s.cluster_epochs, **common)
        cluster_unique = self.cluster_umap_.fit_transform(X).astype(np.float32)
        self.cluster_embedding_ = cluster_unique[inverse]
        timings["umap_cluster"] = time.perf_counter() - t
        if progress:
            progress("cluster layout")
        t = time.perf_counter()
        # The 2-d map starts from the 5-d layout's two main directions instead of a spectral
        # start of its own: the map then agrees with the clusters, and needs fewer epochs.
        self.map_umap_ = umap.UMAP(n_components=2, min_dist=s.map_min_dist, n_epochs=s.map_epochs,
                                   init=_pca_start(cluster_unique), **common)
        self.map_embedding_ = self.map_umap_.fit_transform(X).astype(np.float32)[inverse]
        timings["umap_map"] = time.perf_counter() - t
        self.timings_ = timings
        return self

    def params(self) -> dict:
        return asdict(self.settings)

    def transform(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(5-d, 2-d) coordinates of new embeddings on the fitted layouts."""
        if not hasattr(self, "map_umap_"):
            raise RuntimeError("Reducer.transform called before fit")
        return (self.cluster_umap_.transform(X).astype(np.float32),
                self.map_umap_.transform(X).astype(np.float32))


def _pca_start(Y: np.ndarray) -> np.ndarray:
    """The first two principal components of ``Y``, scaled as UMAP scales its own starts."""
    Yc = Y - Y.mean(axis=0)
    _, _, vt = np.linalg.svd(Yc, full_matrices=False)
    start = Yc @ vt[:2].T
    # Sign fixed by the largest loading, so the start (and the map) is deterministic.
    start *= np.sign(vt[:2, np.argmax(np.abs(vt[:2]), axis=1)].diagonal())
    return (10.0 * start / (np.abs(start).max() or 1.0)).astype(np.float32)
