"""TF-IDF + truncated SVD (latent semantic analysis): a light backend fitted on the corpus itself.

Unlike the pretrained models it must be fitted first (``fit(texts)`` then ``encode``). Its
fitted state is plain arrays (``state()``; ``from_state`` rebuilds it), so a map bundle keeps
it as data and places new text on the same map later. Chinese
text (any text with CJK characters) is segmented into words with jieba; English is split on
letters. Chinese and English words share nothing, so the two languages do not align: this
backend is for corpora in one language, or for when no model package is installed.
"""
from __future__ import annotations

import hashlib
import logging
import re

import numpy as np

from landscape.embed.base import Progress, check_texts, encode_in_batches, package_version

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[^\W_]{2,}", re.UNICODE)
_WORD_TOKEN = re.compile(r"^[^\W_]+$", re.UNICODE)

# Boilerplate that every patent abstract uses; it says nothing about the technology.
_STOP_EN = frozenset("""
a about above according after again all also an and any are as at be been being below between both
but by can comprise comprises comprising configured could disclosed does each either embodiment
embodiments first for from further has have having herein if in include includes including into is
it its least may more most no not of on one or other over plurality present provide provided
provides said second some such than that the their then there thereby therein thereof these they
this those through to under up upon used using via was were when where wherein whereby which while
with within without invention method methods apparatus system systems device devices
""".split())
_STOP_ZH = frozenset("""
的 和 与 及 或 在 为 是 了 对 将 由 上 下 等 并 于 从 至 所 个 有 该 其 一 中 内 外 被 把 以 及其 之 而
本发明 发明 本实用新型 实用新型 一种 所述 其中 以及 通过 包括 进行 可以 具有 用于 实现 提供 采用 使得 使
涉及 领域 技术 公开 属于 能够 一个 多个 以上 以下 相对 设置 设有 位于 方法 装置 系统
""".split())


class NotFittedError(RuntimeError, AttributeError):
    """The TF-IDF embedder was used before ``fit`` (an AttributeError too, so ``hasattr`` works)."""


def _jieba():
    import jieba

    # jieba logs "Building prefix dict ..." on first use; a quiet library keeps it to itself.
    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokenize(text: str) -> list[str]:
    """Lower-cased words of ``text``: jieba segmentation where it has CJK characters.

    Drops digits, punctuation, one-letter Latin tokens and patent boilerplate in both
    languages ("comprising", "本发明", "所述" ...). Single Chinese characters are kept
    unless they are function words, because many (灯, 泵, 阀) name a thing.
    """
    text = text.lower()
    if not _CJK.search(text):
        return [w for w in _LATIN_WORD.findall(text) if w not in _STOP_EN and not w.isdigit()]
    tokens = []
    for token in _jieba().lcut(text):
        if not _WORD_TOKEN.match(token) or token.isdigit():
            continue
        if _CJK.search(token):
            if token not in _STOP_ZH:
                tokens.append(token)
        elif len(token) >= 2 and token not in _STOP_EN:
            tokens.append(token)
    return tokens


class TfidfEmbedder:
    """TF-IDF (sublinear tf) followed by truncated SVD, unit-length rows.

    Parameters
    ----------
    n_components : int
        Wanted dimension; fewer when the corpus is too small (see ``dim`` after ``fit``).
    random_state : int
        Seed of the randomized SVD: the same texts and seed give the same vectors.
    min_df, max_df : int, float or None
        Passed to ``TfidfVectorizer``; ``None`` picks by corpus size (rare terms are kept
        in small corpora, terms in more than half the texts dropped in large ones).
    max_features : int
        Vocabulary cap, the most frequent terms.
    """

    name = "tfidf"
    #: Not kept in the embedding cache: encoding (~10k texts/s) is faster than writing the
    #: vectors to the store (4.7k/s measured, bench/RESULTS.md), and every refit on a changed
    #: corpus makes a new version anyway, so cached vectors would seldom be read again.
    worth_caching = False

    def __init__(self, n_components: int = 256, *, random_state: int = 0, min_df=None, max_df=None,
                 max_features: int = 100_000):
        self.n_components = n_components
        self.random_state = random_state
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features

    def fit(self, texts: list[str]) -> "TfidfEmbedder":
        """Learn the vocabulary, idf weights and SVD basis from ``texts``."""
        package_version("scikit-learn", "tfidf")
        package_version("jieba", "tfidf")
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = check_texts(texts)
        n = len(texts)
        min_df = self.min_df if self.min_df is not None else (2 if n >= 200 else 1)
        max_df = self.max_df if self.max_df is not None else (0.5 if n >= 50 else 1.0)
        vectorizer = TfidfVectorizer(analyzer=tokenize, sublinear_tf=True, min_df=min_df, max_df=max_df,
                                     max_features=self.max_features, dtype=np.float32)
        try:
            X = vectorizer.fit_transform(texts)
        except ValueError as err:  # sklearn: "empty vocabulary" / "no terms remain"
            raise ValueError(f"TF-IDF found no usable words in the {n} texts ({err}); "
                             "check that the corpus has titles or abstracts.") from None
        k = min(self.n_components, X.shape[0] - 1, X.shape[1] - 1)
        if k < 2:
            raise ValueError(f"TF-IDF needs at least 3 texts and 3 distinct words to fit; got {X.shape[0]} "
                             f"texts and {X.shape[1]} words. Use a larger corpus or another --model.")
        svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=5, random_state=self.random_state)
        svd.fit(X)
        svd.components_ = svd.components_.astype(np.float32)
        self.vectorizer_ = vectorizer
        self.svd_ = svd
        self.fit_hash_ = self._state_hash()
        return self

    def state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """The fitted state as (settings, arrays): plain JSON values and numeric/unicode arrays,
        enough for ``from_state`` to give the same vectors without pickling sklearn objects."""
        self._check_fitted()
        vec = self.vectorizer_
        vocab = sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])
        settings = {"n_components": self.n_components, "random_state": self.random_state,
                    "min_df": self.min_df, "max_df": self.max_df, "max_features": self.max_features}
        arrays = {"vocabulary": np.array([term for term, _ in vocab], dtype=str),
                  "idf": np.asarray(vec.idf_),
                  "components": np.asarray(self.svd_.components_, dtype=np.float32)}
        return settings, arrays

    @classmethod
    def from_state(cls, settings: dict, arrays: dict[str, np.ndarray]) -> "TfidfEmbedder":
        """The embedder ``state()`` was taken from, rebuilt from its arrays."""
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        vocabulary = [str(term) for term in arrays["vocabulary"]]
        components = np.asarray(arrays["components"], dtype=np.float32)
        if components.ndim != 2 or components.shape[1] != len(vocabulary) or len(arrays["idf"]) != len(vocabulary):
            raise ValueError(f"TF-IDF state does not fit together ({len(vocabulary)} words, idf of "
                             f"{len(arrays['idf'])}, SVD basis of shape {components.shape})")
        emb = cls(**settings)
        # A fixed vocabulary: transform needs no fit; tokens, weighting and dtype as in ``fit``.
        vectorizer = TfidfVectorizer(analyzer=tokenize, sublinear_tf=True, dtype=np.float32,
                                     vocabulary={term: i for i, term in enumerate(vocabulary)})
        vectorizer._validate_vocabulary()
        vectorizer.idf_ = np.asarray(arrays["idf"])
        svd = TruncatedSVD(n_components=components.shape[0])
        svd.components_ = components
        svd.n_features_in_ = components.shape[1]
        emb.vectorizer_ = vectorizer
        emb.svd_ = svd
        emb.fit_hash_ = emb._state_hash()
        return emb

    def _state_hash(self) -> str:
        h = hashlib.sha256()
        vocab = sorted(self.vectorizer_.vocabulary_.items(), key=lambda kv: kv[1])
        h.update("\n".join(term for term, _ in vocab).encode("utf-8"))
        h.update(np.ascontiguousarray(self.vectorizer_.idf_, dtype=np.float32).tobytes())
        h.update(np.ascontiguousarray(self.svd_.components_).tobytes())
        return h.hexdigest()[:16]

    def _check_fitted(self):
        if not hasattr(self, "svd_"):
            raise NotFittedError("This TF-IDF embedder is not fitted yet; call fit(texts) on the corpus first.")

    @property
    def dim(self) -> int:
        self._check_fitted()
        return int(self.svd_.n_components)

    @property
    def version(self) -> str:
        # The fit hash covers vocabulary, idf and SVD basis, so vectors from another fit
        # (another corpus, seed or dimension) are never taken from the cache.
        self._check_fitted()
        return (f"tfidf-lsa/scikit-learn=={package_version('scikit-learn', 'tfidf')}"
                f"/jieba=={package_version('jieba', 'tfidf')}/dim={self.dim}/fit={self.fit_hash_}")

    def encode(self, texts: list[str], *, batch_size: int = 64,
               progress: Progress | None = None) -> np.ndarray:
        """Place ``texts`` in the fitted space; a text with no known word gets a zero row."""
        self._check_fitted()
        texts = check_texts(texts)
        return encode_in_batches(texts, lambda batch: self.svd_.transform(self.vectorizer_.transform(batch)),
                                 self.dim, batch_size=batch_size, progress=progress)

    def fit_encode(self, texts: list[str], **kwargs) -> np.ndarray:
        """``fit(texts).encode(texts)``."""
        return self.fit(texts).encode(texts, **kwargs)
