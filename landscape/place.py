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
from landscape.embed.base import one_thread, reads_first_characters
from landscape.map_model import MapModel
from landscape.map_tables import as_list
from landscape.maps import MapBundle
from landscape.match_evidence import RerankSettings, evidence, query_language, rerank_order
from landscape.rules.text import language_of, record_texts
from landscape.units import application_groups

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


@dataclass(frozen=True, eq=False)
class SearchIndex:
    """What answering a description needs from a bundle, read once (the app keeps it with the
    loaded model): the map model, the patents' vectors as float32, and per map row its title and
    abstract, codes, language, application (``units.application_groups``, so the publications of
    one application on a map of publications give one row) and every publication of that
    application (the row's own list where the map merged them, ``documents.publications``)."""

    model: MapModel
    corpus: np.ndarray
    points: pd.DataFrame
    texts: np.ndarray
    codes: np.ndarray
    lang: np.ndarray
    publications: np.ndarray
    application: np.ndarray

    @classmethod
    def of(cls, bundle: MapBundle) -> "SearchIndex":
        model = bundle.model()
        corpus = bundle.array("embeddings")
        points = bundle.points.set_index("id").loc[model.ids].reset_index()
        docs = bundle.table("documents")
        if docs is None:  # a bundle without its documents table: titles only
            docs = points[["id", "title"]]
        else:
            docs = docs.drop_duplicates("id").set_index("id").reindex(model.ids).reset_index()
        texts = np.array(record_texts(docs), dtype=object)
        codes = np.empty(len(points), dtype=object)
        codes[:] = [as_list(c) for c in (points["codes"] if "codes" in points else [None] * len(points))]
        publications = np.empty(len(points), dtype=object)
        publications[:] = [as_list(p) or [pid] for pid, p in
                           zip(model.ids, docs["publications"] if "publications" in docs else [None] * len(docs))]
        linking = pd.DataFrame({"id": model.ids, "country": points.get("country"),
                                "application_number": docs.get("application_number")})
        application = application_groups(linking).to_numpy()
        members: dict[str, set] = {}
        for app, pubs in zip(application, publications):
            members.setdefault(app, set()).update(pubs)
        merged = np.empty(len(points), dtype=object)
        merged[:] = [sorted(members[app]) for app in application]
        return cls(model=model, corpus=None if corpus is None else np.asarray(corpus, dtype=np.float32),
                   points=points, texts=texts, codes=codes,
                   lang=np.array([language_of(v) for v in points.get("lang", [None] * len(points))]),
                   publications=merged, application=application)

    def rows(self, text: str, candidates: np.ndarray, similarity: np.ndarray, k: int,
             rerank: RerankSettings) -> pd.DataFrame:
        """The ``k`` best of the candidate rows (most similar first) for ``text``: re-ranked by the
        evidence the text gives, one row per application with all its publications."""
        ev = evidence(text, similarity, self.texts[candidates].tolist(), self.codes[candidates].tolist(), rerank)
        order = rerank_order(ev, similarity, self.lang[candidates] == query_language(text), rerank)
        apps = self.application[candidates[order]]
        first = order[np.sort(np.unique(apps, return_index=True)[1])][:k]
        rows = candidates[first]
        p = self.points.iloc[rows]
        return pd.DataFrame({"id": p["id"].to_numpy(), "similarity": similarity[first].round(4),
                             "title": p["title"].to_numpy(), "applicant": p["applicant"].to_numpy(),
                             "year": p["year"].to_numpy(), "area": p["area"].to_numpy(),
                             "score": ev.score[first].round(4),
                             "terms": [ev.terms[i] for i in first], "codes": [ev.codes[i] for i in first],
                             "publications": list(self.publications[rows])})


@reads_first_characters  # a pasted book is cut to its start, and the result says so in 'note'
def place(bundle: MapBundle, texts: list[str], *, k: int = 10, embedder=None, index: SearchIndex | None = None,
          rerank: RerankSettings = RerankSettings()) -> list[dict]:
    """For each text: x, y, topic and area, and the ``k`` best-matching patents with their owners.

    The patents are the ``rerank.candidates`` most similar ones, re-ranked by the terms and
    codes they share with the text (``landscape.match_evidence``; ``rerank.enabled=False`` keeps
    the similarity order), one row per application. Each row has its cosine ``similarity``, its
    ``score``, the shared ``terms`` and ``codes``, and its ``publications``.

    ``embedder`` and ``index`` are the map's embedder and :class:`SearchIndex` when the caller
    keeps them loaded (the app), else they are made from the bundle.
    """
    texts = [t.strip() for t in texts]
    if not texts or not all(texts):
        raise ValueError("give a description to place: some text in Chinese or English.")
    index = index or SearchIndex.of(bundle)
    embedder = embedder or index.model.embedder()
    with one_thread(len(texts)):  # a query is too small to share among threads (embed.base.FEW_TEXTS)
        vectors = embedder.encode(texts)
        spots = locate(index.model, index.corpus, vectors, nearest=max(k, rerank.candidates))
    out = []
    for i, text in enumerate(texts):
        nearest = index.rows(text, spots.nearest[i], spots.similarity[i], k, rerank)
        out.append({"text": text, "x": float(spots.shown_xy[i, 0]), "y": float(spots.shown_xy[i, 1]),
                    "area": int(spots.area[i]), "topic": int(spots.topic[i]), "nearest": nearest})
    return out
