"""What every embedding backend looks like, plus a tiny deterministic one for tests.

An embedder turns texts into float32 rows of unit length, one row per text, in input
order. ``name`` is its registry id and ``version`` a string that changes whenever the
vectors would change (package version, model id, settings, the fitted state), so the
embedding cache can never hand back a vector that a different model made.
"""
from __future__ import annotations

import hashlib
import re
from functools import wraps
from importlib import metadata
from typing import Callable, Protocol, Sequence, runtime_checkable

import numpy as np

Progress = Callable[[int], None]

#: Longest text, in characters, that any embedder reads and the My-invention box takes. It is
#: cut before any tokenizer runs, so a pasted book costs what this much text costs. Every model
#: stops reading long before it (MiniLM after 256 word pieces, about 1,200 English characters;
#: USE after 2,048 pieces), and the longest title + abstract measured (3,000 USPTO and 1,467 CNKI
#: records) has 2,685 characters, so map texts are not cut; 20,000 characters (about ten pages)
#: takes a patent description's summary and first claims whole.
MAX_TEXT_CHARS = 20_000

#: Batches of at most this many texts run on one thread. One description is too little work
#: to share: on the busy 2-core machine a two-thread BLAS/OpenMP pool made one query 10-30 times
#: slower than one thread (USE 0.25-0.7 s vs 2-19 ms, MiniLM 0.17-0.73 s vs 0.05-0.07 s;
#: bench/invention.py), as the threads wait for each other and for the other jobs.
FEW_TEXTS = 8


def one_thread(n_texts: int):
    """A context in which BLAS and OpenMP run on one thread when ``n_texts`` is at most
    :data:`FEW_TEXTS` (a query), else a context that changes nothing (a map's corpus)."""
    import contextlib

    if n_texts > FEW_TEXTS:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


@runtime_checkable
class Embedder(Protocol):
    """A text embedding backend.

    Attributes
    ----------
    name : str
        Registry id, e.g. ``"minilm"``.
    dim : int
        Length of each vector.
    version : str
        Changes whenever the vectors for the same text would change.
    worth_caching : bool, optional
        False when encoding is cheaper than the embedding cache (TF-IDF); default True.
    """

    name: str
    dim: int
    version: str

    def encode(self, texts: list[str], *, batch_size: int = 64,
               progress: Progress | None = None) -> np.ndarray:
        """Embed ``texts``: float32, shape ``(len(texts), dim)``, L2-normalised rows."""
        ...


class BackendMissing(ImportError):
    """An embedding backend whose package is not installed."""


def package_version(dist: str, model: str) -> str:
    """Installed version of ``dist``; a one-sentence error naming the extra when it is missing."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        raise BackendMissing(f"The {model} embedding model needs the {dist} package, which is not "
                             "installed; install the map extra: pip install -e .[map]") from None


def text_hash(text: str) -> str:
    """sha256 of a text (UTF-8), the cache key for its vector."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def l2_normalise(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, as float32; all-zero rows stay zero."""
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


def check_texts(texts: Sequence[str]) -> list[str]:
    """``texts`` as a list, each cut to its first :data:`MAX_TEXT_CHARS` characters, with a
    clear error for anything that is not a string.

    Every embedder's ``encode`` (and ``fit``) and the embedding cache go through here, so the
    cut happens once, before hashing: a cached vector always belongs to the text that was read.
    """
    if isinstance(texts, str):
        raise TypeError("encode() takes a list of texts, not one string; wrap it in a list.")
    texts = list(texts)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"text {i} is {type(t).__name__}, not a string; "
                            "pass record.text() or '' for a record without text.")
    return [first_characters(t)[0] for t in texts]


def first_characters(text: str, limit: int = MAX_TEXT_CHARS) -> tuple[str, str | None]:
    """``(text, note)``: ``text`` cut to its first ``limit`` characters, and a sentence saying so
    (None when it was short enough)."""
    if len(text) <= limit:
        return text, None
    return text[:limit], f"Only the first {limit:,} characters of the {len(text):,} were used."


def reads_first_characters(place_texts):
    """Wrap ``place_texts(target, texts, **options) -> [dict per text]`` so each text is cut by
    :func:`first_characters` first and each result carries its ``note`` (None when not cut)."""
    @wraps(place_texts)
    def wrapper(target, texts, *args, **options):
        cut = [first_characters(t) if isinstance(t, str) else (t, None) for t in texts]
        results = place_texts(target, [t for t, _ in cut], *args, **options)
        return [dict(result, note=note) for result, (_, note) in zip(results, cut)]
    return wrapper


def encode_in_batches(texts: list[str], encode_all: Callable[[list[str]], np.ndarray], dim: int,
                      *, batch_size: int, progress: Progress | None) -> np.ndarray:
    """Run ``encode_all`` over ``texts``, reporting progress per batch when asked.

    Without ``progress`` the whole list goes to the model at once (the model batches and
    length-sorts it itself, which is fastest). With ``progress``, texts are sorted by length
    first so each batch holds similar lengths (little padding), and restored to input order.
    """
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    if progress is None:
        return l2_normalise(encode_all(texts))
    order = np.argsort([-len(t) for t in texts], kind="stable")
    out = np.empty((len(texts), dim), dtype=np.float32)
    for start in range(0, len(texts), batch_size):
        idx = order[start:start + batch_size]
        out[idx] = l2_normalise(encode_all([texts[i] for i in idx]))
        progress(len(idx))
    return out


_TOKEN = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """Deterministic, dependency-free test double: hashed words and character n-grams.

    Each lower-cased word and each character n-gram of the text (spaces collapsed) adds +1
    or -1 to one of ``dim`` buckets chosen by a stable hash (blake2b, so the vectors are the
    same in every process, unlike Python's ``hash``). Texts that share words and n-grams
    get similar vectors, and Chinese works through its character n-grams, which is enough
    for flow tests. It knows nothing about meaning: use a real model to judge quality.
    """

    name = "hashing"

    def __init__(self, dim: int = 256, *, ngram: int = 3):
        self.dim = dim
        self.ngram = ngram

    @property
    def version(self) -> str:
        return f"hashing-blake2b-v1/dim={self.dim}/ngram={self.ngram}"

    def _features(self, text: str) -> list[str]:
        text = " ".join(text.lower().split())
        words = _TOKEN.findall(text)
        grams = [text[i:i + self.ngram] for i in range(max(len(text) - self.ngram + 1, 0))]
        return ["w:" + w for w in words] + ["c:" + g for g in grams]

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for feature in self._features(text):
            h = int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")
            v[h % self.dim] += 1.0 if (h >> 63) else -1.0
        return v

    def encode(self, texts: list[str], *, batch_size: int = 64,
               progress: Progress | None = None) -> np.ndarray:
        texts = check_texts(texts)
        return encode_in_batches(texts, lambda batch: np.stack([self._vector(t) for t in batch]),
                                 self.dim, batch_size=batch_size, progress=progress)
