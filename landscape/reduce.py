"""UMAP: a 5-d layout for clustering and a 2-d layout for the map, from one neighbour graph.

The k-nearest-neighbour graph is the expensive part of UMAP on text embeddings; it is
computed once and handed to both layouts (``precomputed_knn``). Below ``EXACT_BELOW`` points
the neighbours are exact, from blocks of dot products in numpy (``ExactNeighbours``): UMAP's
own exact path goes through a Python-level distance callable and took 4-12 s per layout at
2,000-3,500 points, numpy takes 0.2-0.4 s (bench/RESULTS.md); above it, pynndescent's
approximate index. Both layouts are seeded, so the same input gives the same map; that keeps
each on one core (the price of determinism), so the two are fitted side by side on two
threads. A map bundle keeps the layouts' coordinates, not these objects: new text is placed
by its nearest patents (place.py); ``transform`` stays for comparison (bench/placement.py).
Above ``ReduceSettings.sample_above`` distinct vectors the layouts are fitted on a sample and
the rest placed by that same nearest-patents rule (bench/sample_fit.py, bench/scale_maps.py).
"""
from __future__ import annotations

import time
import warnings
from dataclasses import asdict, dataclass

import numpy as np

#: Below this many distinct vectors the neighbours are computed exactly in numpy.
EXACT_BELOW = 16_384


@dataclass(frozen=True)
class ReduceSettings:
    n_neighbors: int = 15
    cluster_dims: int = 5
    cluster_min_dist: float = 0.0  # packed layouts separate dense groups for HDBSCAN
    map_min_dist: float = 0.1  # a little air between points on the 2-d map
    metric: str = "cosine"
    seed: int = 42
    # Optimisation epochs of each layout (None: UMAP's default, 200 above 10k points, else 500).
    # With the PCA start, 100 epochs give the 5-d layout the same agreement with CPC as 200
    # (USPTO and Google, MiniLM and USE, seeds 42/1/2: bench/RESULTS.md) at half the time;
    # with UMAP's spectral start 100 epochs had left one Google topic with 29 % of the records.
    cluster_epochs: int | None = 100
    map_epochs: int | None = 100
    # Above ``sample_above`` distinct vectors both layouts are fitted on a seeded sample of
    # ``sample_size`` of them and every other vector is placed at the similarity-weighted mean
    # of its nearest sampled vectors (the rule place.py uses for new text): UMAP's time and
    # memory grow faster than n (bench/RESULTS.md, bench/scale.py), the placement is linear.
    sample_above: int = 200_000
    sample_size: int = 100_000


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
        s = self.settings
        # Identical texts (Lens has many "Robot control" titles) give identical vectors, which
        # break UMAP's spectral start ("falling back to random initialisation") and waste time:
        # lay out each distinct vector once and give duplicates the same place.
        X, inverse = np.unique(np.asarray(X, dtype=np.float32), axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        timings = {}
        sample = fit_sample(len(X), s)
        fitted = X if sample is None else X[sample]
        t = time.perf_counter()
        knn = neighbour_graph(fitted, s)
        timings["knn"] = time.perf_counter() - t
        if progress:
            progress("neighbours")
        t = time.perf_counter()
        layouts = fit_layouts(fitted, knn, s)
        self.cluster_umap_, cluster_unique = layouts["cluster"]
        self.map_umap_, map_unique = layouts["map"]
        timings["umap_layouts"] = time.perf_counter() - t  # both, side by side
        timings["umap_cluster"], timings["umap_map"] = layouts["seconds"]
        self.sample_size_ = None if sample is None else int(len(sample))
        self.sample_rows_ = self.rest_rows_ = self.rest_neighbours_ = None
        if sample is not None:
            t = time.perf_counter()
            cluster_unique, map_unique, near = place_rest(X, sample, knn[2], (cluster_unique, map_unique), s)
            timings["place_rest"] = time.perf_counter() - t
            self._keep_sample(sample, near, inverse)
        self.cluster_embedding_ = cluster_unique[inverse]
        self.map_embedding_ = map_unique[inverse]
        if progress:
            progress("layouts")
        self.timings_ = timings
        return self

    def _keep_sample(self, sample: np.ndarray, near: np.ndarray, inverse: np.ndarray) -> None:
        """Rows (of the input, duplicates included) whose vector was in the sample, the other
        rows, and for each of those its nearest sampled rows (indices into ``sample_rows_``):
        clustering then runs on the fitted layout only and the rest follow their neighbours."""
        pos = np.full(len(inverse), -1, dtype=np.int64)  # per distinct vector: its place in the sample
        pos[sample] = np.arange(len(sample))
        pos = pos[: inverse.max() + 1]
        row_pos = pos[inverse]
        self.sample_rows_ = np.flatnonzero(row_pos >= 0)
        self.rest_rows_ = np.flatnonzero(row_pos < 0)
        first = np.full(len(sample), -1, dtype=np.int64)  # a sampled vector's first row in sample_rows_
        first[row_pos[self.sample_rows_][::-1]] = np.arange(len(self.sample_rows_))[::-1]
        rest_index = np.full(inverse.max() + 1, -1, dtype=np.int64)  # distinct vector -> row of ``near``
        rest_index[np.setdiff1d(np.arange(inverse.max() + 1), sample, assume_unique=True)] = np.arange(len(near))
        self.rest_neighbours_ = first[near[rest_index[inverse[self.rest_rows_]]]].astype(np.int32)

    def params(self) -> dict:
        return asdict(self.settings)

    def transform(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(5-d, 2-d) coordinates of new embeddings on the fitted layouts."""
        if not hasattr(self, "map_umap_"):
            raise RuntimeError("Reducer.transform called before fit")
        _tune_umap()  # cached compiled graph code: a fresh app process places text sooner
        return (self.cluster_umap_.transform(X).astype(np.float32),
                self.map_umap_.transform(X).astype(np.float32))


def fit_sample(n: int, s: ReduceSettings) -> np.ndarray | None:
    """Sorted, seeded indices of the vectors the layouts are fitted on; None: fit them all."""
    if n <= s.sample_above or s.sample_size >= n:
        return None
    return np.sort(np.random.default_rng(s.seed).choice(n, size=s.sample_size, replace=False))


def place_rest(X: np.ndarray, sample: np.ndarray, index, layouts: tuple, s: ReduceSettings,
               *, block: int = 50_000) -> tuple[np.ndarray, ...]:
    """Coordinates of every row of ``X`` in each of ``layouts`` (fitted on ``X[sample]``), and
    the nearest sampled rows (indices into ``sample``) of each row not in the sample.

    Sampled rows keep their fitted places; each other row is put at the mean of its
    ``n_neighbors`` nearest sampled rows' places, weighted by cosine similarity (as place.py
    places new text). Searched in blocks, so memory stays at one block of neighbours.
    """
    out = [np.empty((len(X), lay.shape[1]), dtype=np.float32) for lay in layouts]
    for full, lay in zip(out, layouts):
        full[sample] = lay
    rest = np.setdiff1d(np.arange(len(X)), sample, assume_unique=True)
    k = max(1, min(s.n_neighbors, len(sample)))
    neighbours = np.empty((len(rest), k), dtype=np.int32)
    for start in range(0, len(rest), block):
        rows = rest[start:start + block]
        near, dist = index.query(X[rows], k=k)
        neighbours[start:start + len(rows)] = near
        w = np.clip(1.0 - dist.astype(np.float32), 0.0, None)  # cosine distance -> similarity
        w[w.sum(axis=1) <= 0] = 1.0  # nothing similar (a zero vector): weigh all alike
        w /= w.sum(axis=1, keepdims=True)
        for full, lay in zip(out, layouts):
            full[rows] = np.einsum("ik,ikd->id", w, lay[near])
    return (*out, neighbours)


def neighbour_graph(X: np.ndarray, s: ReduceSettings) -> tuple:
    """UMAP's ``precomputed_knn`` for distinct vectors ``X``: (indices, distances, index)."""
    k = max(2, min(s.n_neighbors, len(X) - 1))
    if len(X) < EXACT_BELOW and s.metric == "cosine":
        index = ExactNeighbours(X)
        return (*index.query(X, k), index)
    from umap.umap_ import nearest_neighbors

    return nearest_neighbors(X, n_neighbors=k, metric=s.metric, metric_kwds=None, angular=False,
                             random_state=np.random.RandomState(s.seed), low_memory=True, n_jobs=1)


def fit_layout(X: np.ndarray, knn: tuple, s: ReduceSettings, *, for_map: bool):
    """One seeded UMAP layout of ``X`` on the shared graph: the 2-d map (``for_map``) or the
    ``s.cluster_dims``-d layout for clustering. Returns (fitted UMAP, coordinates).

    Both start from principal components rather than UMAP's spectral start: on 50k vectors
    the spectral start took 31 s of a 40 s layout (9 s with PCA) and peaked at +2.5 GB at
    100k, for the same agreement with CPC on the USPTO sample (bench/RESULTS.md).
    """
    import umap

    dims = 2 if for_map else min(s.cluster_dims, max(2, len(X) - 2))
    model = umap.UMAP(n_components=dims, init="pca",
                      min_dist=s.map_min_dist if for_map else s.cluster_min_dist,
                      n_epochs=s.map_epochs if for_map else s.cluster_epochs,
                      n_neighbors=knn[0].shape[1], metric=s.metric, random_state=s.seed, low_memory=True,
                      precomputed_knn=knn)
    return model, model.fit_transform(X).astype(np.float32)


def fit_layouts(X: np.ndarray, knn: tuple, s: ReduceSettings) -> dict:
    """The 5-d and the 2-d layout, fitted side by side on two threads.

    A seeded UMAP runs on one core; the two layouts do not depend on each other, so the
    second core fits the map while the first fits the clustering layout (10k vectors: 2.2 s
    instead of 3.8 s, bit-identical results). For that UMAP's epoch loop must release
    Python's lock, which it does not by default: ``_tune_umap`` recompiles it with
    ``nogil``. Without it (another UMAP version) the threads take turns: slower, same result.
    """
    from concurrent.futures import ThreadPoolExecutor

    _tune_umap()

    def timed(for_map):
        t = time.perf_counter()
        model, coords = fit_layout(X, knn, s, for_map=for_map)
        return model, coords, time.perf_counter() - t

    with warnings.catch_warnings():
        # UMAP warns that a search index other than pynndescent's cannot transform (ExactNeighbours
        # can: it has the same ``query``), and that a seed makes it single-threaded (we want that).
        warnings.filterwarnings("ignore", message=".*(knn_search_index|n_jobs value).*")
        with ThreadPoolExecutor(max_workers=2) as pool:
            cluster, layout_map = pool.submit(timed, False), pool.submit(timed, True)
            c_model, c_coords, c_s = cluster.result()
            m_model, m_coords, m_s = layout_map.result()
    return {"cluster": (c_model, c_coords), "map": (m_model, m_coords), "seconds": (c_s, m_s)}


def _tune_umap() -> bool:
    """Tune UMAP's compiled code once per process (same code, same results):

    - its per-epoch layout step is compiled ``nogil``, so two layouts can run on two threads;
    - that step and the two graph functions (``smooth_knn_dist``, ``compute_membership_strengths``)
      are compiled with numba's on-disk cache: UMAP compiles them afresh in every process, which
      took ~5 s of a 6 s layout of 2,000 points in a fresh ``landscape build``.

    Returns False, changing nothing, when UMAP's internals are not where this expects them.
    """
    from umap import layouts
    from umap import umap_ as core

    if getattr(layouts, "_landscape_tuned", False):
        return True
    step = getattr(layouts, "_optimize_layout_euclidean_single_epoch", None)
    graph_fns = [getattr(core, name, None) for name in ("smooth_knn_dist", "compute_membership_strengths")]
    if step is None or not hasattr(layouts, "_nb_optimize_layout_euclidean_single_epoch") or \
            not all(hasattr(fn, "py_func") and hasattr(fn, "targetoptions") for fn in graph_fns):
        return False
    import numba

    layouts._nb_optimize_layout_euclidean_single_epoch = numba.njit(step, fastmath=True, parallel=False,
                                                                    nogil=True, cache=True)
    for fn in graph_fns:
        options = {k: v for k, v in fn.targetoptions.items() if k not in ("cache", "nopython")}
        setattr(core, fn.__name__, numba.njit(fn.py_func, locals=dict(fn.locals), cache=True, **options))
    layouts._landscape_tuned = True
    return True


class ExactNeighbours:
    """Exact cosine nearest neighbours of stored vectors, in blocks of numpy dot products.

    Quacks like pynndescent's index where UMAP needs one: ``query(X, k, epsilon)`` returns
    (indices, distances) and ``_angular_trees`` is read by ``UMAP.transform``.
    """

    _angular_trees = True
    block = 2048  # queries per block: 2,048 x 16,384 float32 similarities = 128 MB

    def __init__(self, data: np.ndarray):
        self._data = data  # the same array UMAP keeps, so a pickle stores it once
        self._norms = np.maximum(np.linalg.norm(data, axis=1), 1e-12).astype(np.float32)

    def query(self, X: np.ndarray, k: int, epsilon: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        X = np.asarray(X, dtype=np.float32)
        k = min(k, len(self._data))
        Xn = X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
        indices = np.empty((len(X), k), dtype=np.int32)
        dists = np.empty((len(X), k), dtype=np.float32)
        torch = _torch_if_worth_it(len(X) * len(self._data))
        for start in range(0, len(X), self.block):
            sims = (Xn[start:start + self.block] @ self._data.T) / self._norms
            if torch is not None:
                top, part = (a.numpy() for a in torch.from_numpy(sims).topk(k, dim=1))
            else:
                part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
                top = np.take_along_axis(sims, part, axis=1)
                order = np.argsort(-top, axis=1, kind="stable")
                part, top = np.take_along_axis(part, order, axis=1), np.take_along_axis(top, order, axis=1)
            indices[start:start + len(part)] = part
            dists[start:start + len(part)] = np.maximum(0.0, 1.0 - top)
        return indices, dists


def _torch_if_worth_it(pairs: int):
    """torch, when it is installed and the search is big enough: picking the k largest of each
    row is most of the exact search's time, and ``torch.topk`` does it 4x faster than
    ``np.argpartition`` (10k points: 0.8 s vs 2.0 s, import aside). Importing torch takes
    ~1.5 s, so smaller searches stay in numpy. The choice depends on the size alone, so a map
    is computed the same way whatever else the process has imported."""
    if pairs < 60_000_000:
        return None
    try:
        import torch
    except ImportError:
        return None
    return torch
