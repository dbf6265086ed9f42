"""Embedding stage: texts -> unit-length float32 vectors, cached in the workspace store.

    from landscape.embed import get_embedder, choose_model, EmbeddingCache, embed_texts
    vectors, stats = embed_texts(texts, get_embedder("minilm"), EmbeddingCache(store.con))

Backends (``minilm``, ``use``, ``tfidf``, ``hashing``) are imported only when asked for, so
importing this package loads no model library.
"""
from landscape.embed.base import BackendMissing, Embedder, HashingEmbedder, text_hash
from landscape.embed.cache import EmbeddingCache, embed_texts
from landscape.embed.registry import BACKENDS, choose_model, get_embedder

__all__ = ["BACKENDS", "BackendMissing", "Embedder", "EmbeddingCache", "HashingEmbedder", "choose_model",
           "embed_texts", "get_embedder", "text_hash"]
