"""The embedding step as a Ray Data job on a Ray cluster (``--engine ray``).

This process (the driver, on the machine that holds the workspace) finds the distinct texts
the embedding cache lacks, exactly as :func:`landscape.embed.cache.embed_texts` does, cuts them
into chunks and hands the chunks to a Ray Data ``map`` over a pool of actors, one per free CPU of
the cluster. Each actor builds the same embedder once: a pretrained model by its registry
name, a fitted one (TF-IDF) from the state the driver ships, and it refuses to run when its
model version differs from the driver's, so a node with other packages cannot mix vectors
into the cache. Finished chunks stream back in the order they finish and the driver writes
each into the cache at once: an interrupted job loses only the chunks in flight, and running
it again embeds only the rest. A worker process that dies is restarted by Ray and its chunk
is sent again (:data:`RETRIES` times, then the job stops with one sentence).

Only the address given (``--address``, else ``$RAY_ADDRESS``) is contacted; without either the
engine refuses, rather than start a Ray of its own on this machine (on one machine the local
engine does the same work without Ray's start-up, and a new local Ray writes an authentication
token under ~/.ray that later `ray start` clusters on the machine pick up). ``ray`` is imported only here, when asked for.
How to start a cluster and point a build at it: docs/scale.md.
"""
from __future__ import annotations

import contextlib
import importlib
import logging
import os
import socket
import time
import warnings

import numpy as np

from landscape.embed.base import Embedder, Progress
from landscape.embed.cache import EmbeddingCache, cached_part, distinct_texts
from landscape.embed.registry import BACKENDS

#: Distinct texts per chunk. A chunk is what a killed worker loses and what one cache insert
#: holds: 256 MiniLM abstracts take tens of seconds on one core (~10 texts/s here,
#: models/README.md), so the per-chunk costs (a Ray task; an insert, ~20 ms for 256 rows at
#: the 100k-rows-in-8 s measured for the cache) stay small, and a lost chunk costs little.
CHUNK_TEXTS = 256
#: Times a chunk is sent again after its worker process died, before the job gives up. Not
#: unlimited (Ray Data's default): a text that kills every worker it meets would loop forever.
RETRIES = 3
#: Seconds to wait for the cluster's port to answer before saying it does not: Ray itself
#: retries an unreachable address for minutes.
CONNECT_TIMEOUT_S = 5
#: Seconds the workers have to start and load their model before the job gives up.
START_TIMEOUT_S = 600


class RayEngineError(RuntimeError):
    """The Ray engine cannot run (no ``ray`` package, no cluster at the address, a failed job)."""


def embedder_recipe(embedder: Embedder) -> dict:
    """What a worker needs to build the same embedder: registry name, version, constructor
    options, and a fitted embedder's state as plain arrays (TF-IDF: vocabulary, idf, SVD basis)."""
    recipe = {"name": embedder.name, "version": embedder.version, "options": {}}
    if embedder.name == "hashing":
        recipe["options"] = {"dim": embedder.dim, "ngram": embedder.ngram}
    if hasattr(embedder, "state"):
        recipe["settings"], recipe["arrays"] = embedder.state()
    return recipe


def build_embedder(recipe: dict) -> Embedder:
    """The embedder :func:`embedder_recipe` describes; refuses one whose version differs."""
    module, cls = BACKENDS[recipe["name"]]
    kind = getattr(importlib.import_module(module), cls)
    if "arrays" in recipe:
        embedder = kind.from_state(recipe["settings"], recipe["arrays"])
    else:
        embedder = kind(**recipe["options"])
    if embedder.version != recipe["version"]:
        raise RayEngineError(f"A Ray worker's {recipe['name']} model is {embedder.version}, the driver's is "
                             f"{recipe['version']}; install the same landscape and model packages on every node.")
    return embedder


class ChunkEmbedder:
    """The Ray Data callable: one per worker process, the embedder built once, a chunk per call.

    ``crash_once`` is for the tests only (nothing in the command line sets it): ``(chunk,
    marker_path)`` makes the process that first meets that chunk write its pid to the marker
    and exit at once, as a killed worker would, so the test can see the chunk done again.
    """

    def __init__(self, recipe: dict, batch_size: int = 64, crash_once: tuple[int, str] | None = None):
        self.embedder = build_embedder(recipe)
        self.batch_size = batch_size
        self.crash_once = crash_once

    def __call__(self, row: dict) -> dict:
        import ray

        chunk = int(row["chunk"])
        if self.crash_once is not None and chunk == self.crash_once[0]:
            try:  # exclusive create: only the first process to get here exits
                with open(self.crash_once[1], "x") as marker:
                    marker.write(str(os.getpid()))
            except FileExistsError:
                pass
            else:
                os._exit(1)
        vectors = np.asarray(self.embedder.encode([str(t) for t in row["texts"]], batch_size=self.batch_size),
                             dtype=np.float32)
        return {"chunk": chunk, "vectors": vectors.tobytes(), "rows": int(vectors.shape[0]),
                "node": ray.get_runtime_context().get_node_id(), "pid": os.getpid()}


def _import_ray():
    # Ray starts a cluster of its own on this machine when any call finds it disconnected (a
    # thread still running after an interrupted job, say). Never: only the cluster asked for.
    os.environ.setdefault("RAY_ENABLE_AUTO_CONNECT", "0")
    try:
        import ray
        import ray.data  # noqa: F401 - the Data library is a separate extra of ray
    except ImportError:
        raise RayEngineError("--engine ray needs Ray Data, which is not installed: pip install -e '.[cluster]' "
                             "(and the same on every node of the cluster).") from None
    with contextlib.suppress(ImportError, AttributeError):  # ray imported before the variable was set
        from ray._private import auto_init_hook

        auto_init_hook.enable_auto_connect = False
    return ray


def check_reachable(address: str) -> None:
    """One TCP connection to ``address`` (``HOST:PORT`` or ``ray://HOST:PORT``), so a wrong
    address fails in seconds with a sentence rather than after Ray's minutes of retries."""
    where = address.split("://", 1)[-1]
    host, _, port = where.rpartition(":")
    if not host or not port.isdigit():
        raise RayEngineError(f"Give the Ray cluster's address as HOST:PORT (the head's `ray start --head --port`), "
                             f"not {address!r}.")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S):
            pass
    except OSError as err:
        raise RayEngineError(f"No Ray cluster answers at {address} ({err.strerror or err}); start one with "
                             "`ray start --head --port PORT` or check --address.") from None


#: The address this module joined, or None.
_joined: str | None = None


def connected(address: str | None):
    """Ray, joined to the cluster at ``address`` (else ``$RAY_ADDRESS``). A Ray the caller
    started, or one this module joined at the same address, is used as it is.

    The connection stays open until the process ends (Ray's exit handler closes it): closing
    it right after a job stopped early crashed the process (a Ray Data thread still winding
    down used the closed connection), and a later job at the same address starts faster.
    """
    global _joined
    ray = _import_ray()
    address = address or os.environ.get("RAY_ADDRESS") or None
    if ray.is_initialized():
        if _joined is None or _joined == address:
            return ray
        ray.shutdown()  # another cluster than the one joined before
        _joined = None
    if address is None:
        raise RayEngineError("--engine ray needs the cluster's address: --address HOST:PORT (the head's "
                             "`ray start --head --port`) or $RAY_ADDRESS; on one machine use --engine local.")
    if address != "auto":
        check_reachable(address)
    try:
        ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False)
    except Exception as err:  # noqa: BLE001 - Ray raises several kinds; the user needs one sentence
        raise RayEngineError(f"Could not join the Ray cluster at {address}: {_first_line(err)}.") from None
    _joined = address
    return ray


def _first_line(err: BaseException) -> str:
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    return (lines[0] if lines else type(err).__name__).rstrip(".")[:300]


def _configure_data(ray) -> None:
    # Ray Data prints its plan and a progress line per operator to the terminal by default;
    # the command prints its own progress.
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False
    # Every worker of the pool is up (model loaded) before the first chunk goes out; otherwise
    # the first one ready takes chunk after chunk while the others still load (a TF-IDF job of
    # six chunks all ran on one node of two), and a worker that cannot start is said at once.
    context.wait_for_min_actors_s = START_TIMEOUT_S
    # A chunk's texts are a few hundred kB and its work takes seconds: send it to the least busy
    # worker, not to one on the node holding its input (all inputs start on the driver's node,
    # so two chunks went to the same worker while another stood idle). Deprecated in Ray 2.60
    # (to go in 2027); where it is gone, chunks are spread as Ray Data decides.
    with warnings.catch_warnings(), contextlib.suppress(AttributeError):
        warnings.simplefilter("ignore", DeprecationWarning)
        context.execution_options.actor_locality_enabled = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)


def _chunk_results(ray, chunks: list[list[str]], recipe: dict, *, workers: int | None, batch_size: int,
                   crash_once):
    """Finished chunks as they come back (dicts from :class:`ChunkEmbedder`), in finishing order."""
    _configure_data(ray)
    # CPUs free now, not the cluster's total: a pool waiting for CPUs other jobs hold would
    # wait until START_TIMEOUT_S and fail.
    cpus = int(ray.available_resources().get("CPU", 0)) or 1
    size = max(1, min(workers or cpus, len(chunks)))
    items = [{"chunk": i, "texts": texts} for i, texts in enumerate(chunks)]
    # Two chunks per worker at a time: one running, one waiting, so a worker never idles for
    # the round trip, and a killed worker takes no more than two chunks back to the queue.
    pool = ray.data.ActorPoolStrategy(size=size, max_tasks_in_flight_per_actor=2)
    with warnings.catch_warnings():
        # Ray 2.60 deprecates extra remote arguments, yet they are still the only way to
        # bound restarts and retries (its own default for both is unlimited).
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset = ray.data.from_items(items, override_num_blocks=len(items)).map(
            ChunkEmbedder, fn_constructor_kwargs={"recipe": recipe, "batch_size": batch_size,
                                                  "crash_once": crash_once},
            compute=pool, num_cpus=1, max_restarts=RETRIES, max_task_retries=RETRIES)
    # No prefetching: a chunk is fetched when the previous one is in the cache, so no thread
    # of ours is left fetching when the caller stops.
    batches = iter(dataset.iter_batches(batch_size=None, prefetch_batches=0, batch_format="pyarrow"))
    rows = (row for batch in _rows_or_one_sentence(batches) for row in batch.to_pylist())
    try:
        yield from rows
    finally:
        # Stops the job's executor now, while still connected, when the caller stops early.
        rows.close()
        close = getattr(batches, "close", None)
        if close is not None:
            close()


def _rows_or_one_sentence(batches):
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except RayEngineError:
            raise
        except Exception as err:  # noqa: BLE001 - a failed Ray job: say so in one sentence
            cause = err
            while cause.__cause__ is not None and not isinstance(cause, RayEngineError):
                cause = cause.__cause__
            if isinstance(cause, RayEngineError):
                raise RayEngineError(str(cause)) from None
            raise RayEngineError(f"The Ray job stopped ({_first_line(err)}); the chunks finished are in the "
                                 "embedding cache and running the command again embeds only the rest.") from None
        yield batch


def embed_texts_ray(texts: list[str], embedder: Embedder, cache: EmbeddingCache | None = None, *,
                    address: str | None = None, chunk_size: int = CHUNK_TEXTS, workers: int | None = None,
                    batch_size: int = 64, progress: Progress | None = None, on_chunk=None,
                    _crash_once: tuple[int, str] | None = None) -> tuple[np.ndarray, dict]:
    """:func:`landscape.embed.cache.embed_texts` with the embedding done on a Ray cluster.

    Same texts, cache and result: vectors in input order, the cache filled with every distinct
    text it lacked (unless the embedder is not ``worth_caching``), and the same ``stats`` plus
    ``engine``, ``chunks`` (sent to the cluster), ``nodes`` and ``workers`` (distinct nodes and
    worker processes that returned a chunk).

    Parameters
    ----------
    address : str, optional
        The cluster (``HOST:PORT`` of its head, ``ray://HOST:PORT``, or ``auto``); default
        ``$RAY_ADDRESS``; one of the two is needed.
    chunk_size : int
        Distinct texts per chunk (:data:`CHUNK_TEXTS`).
    workers : int, optional
        Worker processes (one CPU each); default one per CPU free on the cluster when the job starts.
    progress : callable, optional
        As for ``embed_texts``: input texts finished, per chunk.
    on_chunk : callable, optional
        Called with ``{"chunk", "rows", "node", "pid"}`` after each chunk is in the cache.

    Raises
    ------
    RayEngineError
        No ``ray`` package, no cluster at the address, a worker with other package versions,
        or a job that failed (the chunks finished before it are kept in the cache).
    """
    start = time.perf_counter()
    hashes, unique_texts, inverse, weight = distinct_texts(texts)
    name, version, dim = embedder.name, embedder.version, embedder.dim
    if not getattr(embedder, "worth_caching", True):
        cache = None  # as embed_texts: cheaper to compute again than to store (TF-IDF)
    vectors, todo = cached_part(cache, embedder, hashes, unique_texts, weight, progress)
    chunks = [todo[at:at + chunk_size] for at in range(0, len(todo), chunk_size)]
    nodes, pids = set(), set()
    if chunks:
        ray = connected(address)
        with contextlib.closing(_chunk_results(
                ray, [[unique_texts[j] for j in idx] for idx in chunks], embedder_recipe(embedder),
                workers=workers, batch_size=batch_size, crash_once=_crash_once)) as rows:
            # ``closing``: a caller that stops early (Ctrl+C) ends the job at once.
            for row in rows:
                idx = chunks[int(row["chunk"])]
                got = np.frombuffer(row["vectors"], dtype=np.float32)
                if got.size != len(idx) * dim:
                    raise RayEngineError(f"A Ray worker returned {got.size} numbers for {len(idx)} texts of "
                                         f"{dim} dimensions; install the same packages on every node.")
                vectors[idx] = got = got.reshape(len(idx), dim)
                if cache is not None:
                    cache.put(name, version, [hashes[j] for j in idx], got)
                nodes.add(row["node"])
                pids.add(int(row["pid"]))
                if progress is not None:
                    progress(int(weight[idx].sum()))
                if on_chunk is not None:
                    on_chunk({"chunk": int(row["chunk"]), "rows": len(idx), "node": row["node"],
                              "pid": int(row["pid"])})
    stats = {"n": len(inverse), "n_unique": len(hashes), "n_cached": int(len(hashes) - len(todo)),
             "n_embedded": int(len(todo)), "seconds": round(time.perf_counter() - start, 3),
             "model": name, "version": version, "engine": "ray", "chunks": len(chunks),
             "nodes": len(nodes), "workers": len(pids)}
    return vectors[inverse], stats


#: Where the embedding step can run (``--engine``).
ENGINES = ("local", "ray")


def embed_on(engine: str, texts: list[str], embedder: Embedder, cache: EmbeddingCache | None = None, *,
             address: str | None = None, progress: Progress | None = None) -> tuple[np.ndarray, dict]:
    """:func:`~landscape.embed.cache.embed_texts` in this process (``"local"``) or
    :func:`embed_texts_ray` on a Ray cluster (``"ray"``, at ``address``)."""
    from landscape.embed.cache import embed_texts

    if engine == "local":
        if address:
            raise ValueError("--address names a Ray cluster; give it with --engine ray.")
        return embed_texts(texts, embedder, cache, progress=progress)
    if engine == "ray":
        return embed_texts_ray(texts, embedder, cache, address=address, progress=progress)
    raise ValueError(f"Unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}.")
