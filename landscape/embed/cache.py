"""Embedding cache in the workspace store, and ``embed_texts``, the call the pipeline makes.

Vectors are keyed by (model name, model version, sha256 of the text), so a rebuild embeds
only text it has not seen with that exact model, and a changed model (or a TF-IDF fitted on
another corpus) never reuses old vectors. Each batch is committed as it is embedded, so a
killed build keeps what it had done and the next run picks up from there.

The vector column is a variable-length ``FLOAT[]``: one table serves every dimension, and a
fixed ``FLOAT[384]`` per model was only ~8% faster to insert here (100k rows in 1,000-row
batches: 8.1 s vs 8.8 s, reads 0.7 s vs 0.9 s), which is noise next to the model itself.
"""
from __future__ import annotations

import time
import uuid

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from landscape.embed.base import Embedder, Progress, check_texts, text_hash

TABLE = "embeddings"
_QUICK_BATCH_S = 0.25  # a batch faster than this doubles the next one ...
_MAX_BATCH = 8192  # ... up to this many texts


class EmbeddingCache:
    """Vectors by (model, version, text hash) in an open DuckDB connection.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The workspace store's connection (``Store(...).con``); the table is created if missing.
    """

    def __init__(self, con):
        self.con = con
        con.execute(f"""CREATE TABLE IF NOT EXISTS {TABLE} (
            model VARCHAR, version VARCHAR, text_hash VARCHAR, vector FLOAT[],
            PRIMARY KEY (model, version, text_hash))""")

    def get(self, model: str, version: str, hashes: list[str], *,
            dim: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Cached vectors for ``hashes``.

        Returns
        -------
        (vectors, missing)
            ``vectors`` float32 ``(len(hashes), dim)`` in the order of ``hashes``, zero rows
            where nothing is cached; ``missing`` a boolean mask of those rows. When nothing is
            cached and ``dim`` is not given, ``vectors`` has zero columns.
        """
        n = len(hashes)
        query = pa.table({"pos": pa.array(np.arange(n, dtype=np.int64)),
                          "text_hash": pa.array(list(hashes), type=pa.string())})
        view = f"_embedding_lookup_{uuid.uuid4().hex}"
        self.con.register(view, query)
        try:
            found = self.con.sql(
                f"SELECT q.pos, e.vector FROM {view} q JOIN {TABLE} e ON e.text_hash = q.text_hash "
                "WHERE e.model = ? AND e.version = ?", params=[model, version]).to_arrow_table()
        finally:
            self.con.unregister(view)
        pos = found.column("pos").to_numpy()
        column = found.column("vector").combine_chunks()
        if len(pos):
            lengths = pc.list_value_length(column)
            found_dim = pc.min(lengths).as_py()
            if found_dim != pc.max(lengths).as_py() or (dim is not None and found_dim != dim):
                raise ValueError(f"The embedding cache holds vectors of the wrong length for {model} "
                                 f"{version} (expected {dim}); delete those rows from the "
                                 f"{TABLE} table and rebuild.")
            dim = found_dim
        dim = dim or 0
        vectors = np.zeros((n, dim), dtype=np.float32)
        missing = np.ones(n, dtype=bool)
        if len(pos):
            vectors[pos] = column.flatten().to_numpy(zero_copy_only=False).reshape(len(pos), dim)
            missing[pos] = False
        return vectors, missing

    def put(self, model: str, version: str, hashes: list[str], vectors: np.ndarray) -> None:
        """Store ``vectors`` (one row per hash) in one transaction; hashes already there are kept."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dim = vectors.shape
        if n != len(hashes):
            raise ValueError(f"put() got {len(hashes)} hashes for {n} vectors.")
        if n == 0:
            return
        offsets = pa.array(np.arange(0, (n + 1) * dim, dim, dtype=np.int32))
        rows = pa.table({"text_hash": pa.array(list(hashes), type=pa.string()),
                         "vector": pa.ListArray.from_arrays(offsets, pa.array(vectors.reshape(-1)))})
        view = f"_embedding_put_{uuid.uuid4().hex}"
        self.con.register(view, rows)
        try:
            # One statement in autocommit mode: the batch is committed, or not at all.
            self.con.execute(f"INSERT INTO {TABLE} SELECT ?, ?, text_hash, vector FROM {view} "
                             "ON CONFLICT DO NOTHING", [model, version])
        finally:
            self.con.unregister(view)

    def counts(self) -> list[tuple[str, str, int]]:
        """(model, version, number of vectors) for everything cached."""
        return [tuple(r) for r in self.con.execute(
            f"SELECT model, version, count(*) FROM {TABLE} GROUP BY ALL ORDER BY ALL").fetchall()]

    def forget(self, model: str, *, keep_version: str | None = None) -> int:
        """Delete ``model``'s vectors (all versions but ``keep_version``); returns how many."""
        n = self.con.execute(f"SELECT count(*) FROM {TABLE} WHERE model = ? AND version IS DISTINCT FROM ?",
                             [model, keep_version]).fetchall()[0][0]
        self.con.execute(f"DELETE FROM {TABLE} WHERE model = ? AND version IS DISTINCT FROM ?",
                         [model, keep_version])
        return n


def distinct_texts(texts: list[str]) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """Each distinct text once, by its cache key.

    Returns
    -------
    (hashes, unique_texts, inverse, weight)
        ``hashes[j]`` is the key of ``unique_texts[j]``; ``inverse[i]`` the distinct text of
        input ``i`` (so ``vectors[inverse]`` is in input order); ``weight[j]`` how many inputs
        share text ``j`` (for progress counted in input texts).
    """
    texts = check_texts(texts)
    first: dict[str, int] = {}
    inverse = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        inverse[i] = first.setdefault(text_hash(text), len(first))
    hashes = list(first)
    unique_texts = [None] * len(hashes)
    for i, text in enumerate(texts):
        if unique_texts[inverse[i]] is None:
            unique_texts[inverse[i]] = text
    return hashes, unique_texts, inverse, np.bincount(inverse, minlength=len(hashes))


def cached_part(cache: EmbeddingCache | None, embedder: Embedder, hashes: list[str], unique_texts: list[str],
                weight: np.ndarray, progress: Progress | None) -> tuple[np.ndarray, np.ndarray]:
    """The vectors the cache already has (zero rows elsewhere) and the distinct texts still to
    embed, longest first (so a batch or chunk holds texts of similar length and pads little)."""
    dim = embedder.dim
    if cache is not None:
        vectors, missing = cache.get(embedder.name, embedder.version, hashes, dim=dim)
    else:
        vectors, missing = np.zeros((len(hashes), dim), dtype=np.float32), np.ones(len(hashes), dtype=bool)
    if progress is not None and not missing.all():
        progress(int(weight[~missing].sum()))
    todo = np.flatnonzero(missing)
    return vectors, todo[np.argsort([-len(unique_texts[j]) for j in todo], kind="stable")]


def embed_texts(texts: list[str], embedder: Embedder, cache: EmbeddingCache | None = None, *,
                batch_size: int = 64, progress: Progress | None = None) -> tuple[np.ndarray, dict]:
    """Vectors for ``texts`` in input order, embedding only what the cache does not have.

    Each distinct text is embedded once. An embedder whose ``worth_caching`` is False
    (TF-IDF: faster than the store) bypasses the cache. Texts to embed are sorted by length (so a batch pads
    little) and sent in batches of ``batch_size``; each batch is written to ``cache`` as soon
    as it is done. Batches that take under a quarter second (a fast embedder such as TF-IDF)
    double in size, so per-batch overhead stays small; ``batch_size`` is still what the model
    gets as its own batch size.

    Parameters
    ----------
    progress : callable, optional
        Called with the number of input texts finished: once for those found in the cache,
        then after each batch. The increments add up to ``len(texts)``.

    Returns
    -------
    (vectors, stats)
        float32 ``(len(texts), embedder.dim)``; ``stats`` has ``n`` (texts), ``n_unique``
        (distinct texts), ``n_cached`` and ``n_embedded`` (distinct texts found in the cache /
        sent to the model; they add up to ``n_unique``), ``seconds``, ``model``, ``version``.
    """
    start = time.perf_counter()
    hashes, unique_texts, inverse, weight = distinct_texts(texts)
    name, version, dim = embedder.name, embedder.version, embedder.dim
    if not getattr(embedder, "worth_caching", True):
        cache = None  # cheaper to compute again than to store (TF-IDF)
    vectors, todo = cached_part(cache, embedder, hashes, unique_texts, weight, progress)
    size, at = batch_size, 0
    while at < len(todo):
        batch = todo[at:at + size]
        at += len(batch)
        t = time.perf_counter()
        batch_vectors = np.asarray(embedder.encode([unique_texts[j] for j in batch], batch_size=batch_size),
                                   dtype=np.float32)
        if batch_vectors.shape != (len(batch), dim):
            raise RuntimeError(f"The {name} embedder returned shape {batch_vectors.shape} for "
                               f"{len(batch)} texts; expected ({len(batch)}, {dim}).")
        vectors[batch] = batch_vectors
        if cache is not None:
            cache.put(name, version, [hashes[j] for j in batch], batch_vectors)
        if progress is not None:
            progress(int(weight[batch].sum()))
        # A fast embedder (TF-IDF) would spend its time on per-batch overhead (a model call,
        # an insert); grow its batches until each takes a noticeable time. A neural model's
        # batch of 64 already takes seconds, so its batches stay as asked.
        if time.perf_counter() - t < _QUICK_BATCH_S:
            size = min(2 * size, max(batch_size, _MAX_BATCH))

    stats = {"n": len(texts), "n_unique": len(hashes), "n_cached": int(len(hashes) - len(todo)),
             "n_embedded": int(len(todo)), "seconds": round(time.perf_counter() - start, 3),
             "model": name, "version": version}
    return vectors[inverse], stats
