"""Embedding backends by name, and the ``--model auto`` choice.

``models/registry.toml`` documents the same models for people (package, licence, measured
speed); a test keeps the two lists equal.
"""
from __future__ import annotations

import importlib

from landscape.embed.base import Embedder

#: name -> (module, class); modules are imported only when that backend is asked for.
BACKENDS: dict[str, tuple[str, str]] = {
    "minilm": ("landscape.embed.minilm", "MiniLMEmbedder"),
    "use": ("landscape.embed.use", "USEEmbedder"),
    "tfidf": ("landscape.embed.tfidf", "TfidfEmbedder"),
    "hashing": ("landscape.embed.base", "HashingEmbedder"),
}

#: Share of English texts at or above which the English-only model is chosen.
ENGLISH_ONLY_SHARE = 0.95


def get_embedder(name: str, **options) -> Embedder:
    """A new embedder by registry name; ``options`` go to its constructor.

    Raises
    ------
    ValueError
        For an unknown name.
    landscape.embed.base.BackendMissing
        When the backend's package is not installed (the message names the pip extra).
    """
    try:
        module, cls = BACKENDS[name]
    except KeyError:
        raise ValueError(f"Unknown embedding model {name!r}; choose one of: "
                         f"{', '.join(BACKENDS)} (or auto).") from None
    return getattr(importlib.import_module(module), cls)(**options)


def choose_model(langs: dict[str, int]) -> tuple[str, str]:
    """The model for ``--model auto`` from the corpus's language counts, and why.

    Parameters
    ----------
    langs : dict
        Number of texts per language code (``{"en": 950, "zh": 50}``); unknown languages
        may be counted under any key (``None``, ``"und"``) and count as not English.

    Returns
    -------
    (name, reason)
        ``"minilm"`` when at least 95% of the texts are English, else ``"use"`` (multilingual,
        Chinese and English in one space); ``reason`` is one sentence for the manifest.
    """
    counts = {(k or "unknown"): int(v) for k, v in langs.items() if v}
    total = sum(counts.values())
    if total <= 0:
        raise ValueError("No texts to embed, so no model can be chosen; select a corpus with records.")
    share_en = counts.get("en", 0) / total
    mix = ", ".join(f"{lang} {n / total:.0%}" for lang, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    if share_en >= ENGLISH_ONLY_SHARE:
        return "minilm", (f"{share_en:.1%} of the {total:,} texts are English ({mix}), so the English "
                          "model all-MiniLM-L6-v2 was chosen.")
    return "use", (f"Only {share_en:.1%} of the {total:,} texts are English ({mix}), so the multilingual "
                   "Universal Sentence Encoder was chosen (Chinese and English land in one space).")
