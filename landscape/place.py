"""Where new text lands on a built map: its position, topic, area and nearest patents.

New text is placed by its nearest patents on the map (cosine similarity of embeddings), not
by refitting or replaying UMAP: its 5-d and 2-d positions are similarity-weighted means of
theirs, and its topic and area come from ``cluster.assign``, the neighbour vote unassigned
patents get when the map is built. The bundle then needs no fitted UMAP objects, only arrays
(bench/placement.py compares this with UMAP's ``transform``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from landscape.cluster import assign
from landscape.embed.base import reads_first_characters
from landscape.map_model import MapModel
from landscape.maps import MapBundle

#: rows of new text compared with the whole map at once (bounds memory: rows x patents floats)
_BATCH = 256


@dataclass(frozen=True)
class Placement:
    """Per new text: 5-d and 2-d position, topic (-1 none), area, the 2-d point to draw it at
    (among its area's patents), and its nearest map patents (row indices into the map, most
    similar first) with their cosine similarities."""

    x5: np.ndarray
    xy: np.ndarray
    shown_xy: np.ndarray
    topic: np.ndarray
    area: np.ndarray
    nearest: np.ndarray
    similarity: np.ndarray


def nearest_patents(vectors: np.ndarray, corpus: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and cosine similarities of each vector's ``k`` most similar corpus rows (rows are
    unit length), most similar first, ties by row order."""
    k = min(k, len(corpus))
    idx = np.empty((len(vectors), k), dtype=np.int64)
    sims = np.empty((len(vectors), k), dtype=np.float32)
    for start in range(0, len(vectors), _BATCH):
        s = vectors[start:start + _BATCH] @ corpus.T
        part = np.argpartition(-s, k - 1, axis=1)[:, :k] if k < s.shape[1] else np.tile(np.arange(k), (len(s), 1))
        part.sort(axis=1)  # row order first, so the stable sort below breaks ties by it
        order = np.argsort(-np.take_along_axis(s, part, axis=1), axis=1, kind="stable")
        idx[start:start + len(s)] = np.take_along_axis(part, order, axis=1)
        sims[start:start + len(s)] = np.take_along_axis(s, idx[start:start + len(s)], axis=1)
    return idx, sims


def locate(model: MapModel, corpus: np.ndarray, vectors: np.ndarray, *, nearest: int = 0) -> Placement:
    """Place embedded new text (``vectors``) on the map whose patents' vectors are ``corpus``.

    The 5-d and 2-d positions are means of the ``model.neighbours`` nearest patents' positions
    weighted by similarity; the topic and area follow (``cluster.assign``); ``shown_xy`` is the
    2-d mean over those of the neighbours in that area. ``nearest`` more patents (if larger)
    are returned for display.
    """
    if corpus is None or len(corpus) != len(model.ids):
        raise ValueError(f"the map has {len(model.ids)} patents but {0 if corpus is None else len(corpus)} "
                         "stored vectors (embeddings.npy); rebuild the map.")
    vectors = np.asarray(vectors, dtype=np.float32)
    corpus = np.asarray(corpus, dtype=np.float32)
    idx, sims = nearest_patents(vectors, corpus, max(model.neighbours, nearest))
    near, w = idx[:, :model.neighbours], np.clip(sims[:, :model.neighbours], 0.0, None)
    # A text with no word the map knows (a zero TF-IDF row) is like nothing: weigh all alike.
    w[w.sum(axis=1) <= 0] = 1.0
    w = w / w.sum(axis=1, keepdims=True)
    x5 = np.einsum("ik,ikd->id", w, model.cluster_embedding[near]).astype(np.float32)
    topic, area = assign(near, x5, model.topic, model.topic_area, model.cluster_embedding, share=model.vote_share)
    xy = np.einsum("ik,ikd->id", w, model.map_embedding[near]).astype(np.float32)
    # Drawn, the text sits among the neighbours of the area it was given: a mean over neighbours
    # from two areas can fall on a third (the star then showed another area's colour for 21 % of
    # held-out patents, 6 % this way; bench/placement.py). Counting where new patents fall (the
    # white-space backtest) keeps ``xy``: this pull towards an area's patents kept later patents
    # out of the vacancies between areas (fill 0.7-1.3 % vs 4-5 %, bench/RESULTS.md).
    inside = np.where(model.area[near] == area[:, None], w, 0.0)
    inside[inside.sum(axis=1) <= 0] = w[inside.sum(axis=1) <= 0]
    inside /= inside.sum(axis=1, keepdims=True)
    shown_xy = np.einsum("ik,ikd->id", inside, model.map_embedding[near]).astype(np.float32)
    return Placement(x5=x5, xy=xy, shown_xy=shown_xy, topic=topic, area=area, nearest=idx, similarity=sims)


@reads_first_characters  # a pasted book is cut to its start, and the result says so in 'note'
def place(bundle: MapBundle, texts: list[str], *, k: int = 10, embedder=None) -> list[dict]:
    """For each text: x, y, topic and area, and the ``k`` most similar patents with their owners.

    ``embedder`` is the map's embedder when the caller keeps one loaded (the app), else it is
    rebuilt from the bundle's model.
    """
    texts = [t.strip() for t in texts]
    if not texts or not all(texts):
        raise ValueError("give a description to place: some text in Chinese or English.")
    model = bundle.model()
    vectors = (embedder or model.embedder()).encode(texts)
    spots = locate(model, bundle.array("embeddings"), vectors, nearest=k)
    points = bundle.points.set_index("id")
    out = []
    for i, text in enumerate(texts):
        ids = model.ids[spots.nearest[i, :k]]
        nearest = pd.DataFrame({"id": ids, "similarity": spots.similarity[i, :k].round(4),
                                "title": points.loc[ids, "title"].to_numpy(),
                                "applicant": points.loc[ids, "applicant"].to_numpy(),
                                "year": points.loc[ids, "year"].to_numpy(),
                                "area": points.loc[ids, "area"].to_numpy()})
        out.append({"text": text, "x": float(spots.shown_xy[i, 0]), "y": float(spots.shown_xy[i, 1]),
                    "area": int(spots.area[i]), "topic": int(spots.topic[i]), "nearest": nearest})
    return out
