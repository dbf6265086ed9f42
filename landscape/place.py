"""Where new text lands on a built map: its position, topic, area and nearest patents."""
from __future__ import annotations

import numpy as np
import pandas as pd

from landscape.embed.base import reads_first_characters
from landscape.maps import MapBundle


def embedder_of(model: dict):
    """The embedder a map was built with (the fitted one for TF-IDF, else by name)."""
    from landscape.embed.registry import get_embedder

    return model["embedder"] or get_embedder(model["model_name"])


@reads_first_characters  # a pasted book is cut to its start, and the result says so in 'note'
def place(bundle: MapBundle, texts: list[str], *, k: int = 10) -> list[dict]:
    """For each text: x, y, topic and area (a vote of its neighbours on the 5-d layout, as
    unassigned patents are given theirs) and the ``k`` most similar patents with their owners.
    """
    texts = [t.strip() for t in texts]
    if not texts or not all(texts):
        raise ValueError("give a description to place: some text in Chinese or English.")
    model = bundle.model()
    vectors = embedder_of(model).encode(texts)
    x5, xy = model["reducer"].transform(vectors)
    corpus = bundle.array("embeddings").astype(np.float32)
    sims = vectors @ corpus.T  # rows are L2-normalised: cosine similarity
    d5 = ((x5[:, None, :] - model["cluster_embedding"][None, :, :]) ** 2).sum(-1)
    points = bundle.points.set_index("id")
    out = []
    for i, text in enumerate(texts):
        near5 = np.argsort(d5[i])[:15]
        area = int(np.bincount(model["area"][near5]).argmax())
        topics = model["topic"][near5]
        topic = int(np.bincount(topics[topics >= 0]).argmax()) if (topics >= 0).any() else -1
        best = np.argsort(-sims[i], kind="stable")[:k]
        ids = model["ids"][best]
        nearest = pd.DataFrame({"id": ids, "similarity": sims[i][best].round(4),
                                "title": points.loc[ids, "title"].to_numpy(),
                                "applicant": points.loc[ids, "applicant"].to_numpy(),
                                "year": points.loc[ids, "year"].to_numpy(),
                                "area": points.loc[ids, "area"].to_numpy()})
        out.append({"text": text, "x": float(xy[i, 0]), "y": float(xy[i, 1]), "area": area, "topic": topic,
                    "nearest": nearest})
    return out
