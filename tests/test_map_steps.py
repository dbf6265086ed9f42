"""The map's steps on their own: exact neighbours, the reducer's transform, topic splitting."""
from __future__ import annotations

import pickle

import numpy as np

from landscape.cluster import ClusterSettings, cluster_map
from landscape.reduce import ExactNeighbours, Reducer, ReduceSettings


def _blobs(n_per=80, dims=24, groups=4, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 1, (groups, dims))
    X = np.concatenate([c + rng.normal(0, 0.15, (n_per, dims)) for c in centres]).astype(np.float32)
    return X, np.repeat(np.arange(groups), n_per), centres


def test_exact_neighbours_are_the_true_cosine_neighbours():
    from sklearn.neighbors import NearestNeighbors

    X, _, _ = _blobs()
    idx, dist = ExactNeighbours(X).query(X, 10)
    truth_d, truth_i = NearestNeighbors(n_neighbors=10, metric="cosine", algorithm="brute").fit(X).kneighbors(X)
    assert (idx[:, 0] == np.arange(len(X))).all()  # each point is its own nearest
    np.testing.assert_allclose(dist, truth_d, atol=1e-5)
    # Same neighbour sets (order may differ only between equal distances).
    assert np.mean([set(a) == set(b) for a, b in zip(idx, truth_i)]) > 0.99
    assert (np.diff(dist, axis=1) >= -1e-6).all()  # sorted nearest first


def test_exact_neighbours_work_in_blocks():
    X, _, _ = _blobs(n_per=60)
    index = ExactNeighbours(X)
    whole = index.query(X, 7)
    index.block = 17  # many small blocks, last one partial
    parts = index.query(X, 7)
    np.testing.assert_array_equal(whole[0], parts[0])


def test_fitted_reducer_places_new_text_after_a_pickle_round_trip():
    X, group, centres = _blobs()
    reducer = Reducer(ReduceSettings(seed=7)).fit(X)
    assert "knn" in reducer.timings_
    again = pickle.loads(pickle.dumps(reducer))
    rng = np.random.default_rng(1)
    new = (centres + rng.normal(0, 0.15, centres.shape)).astype(np.float32)
    x5, xy = again.transform(new)
    assert x5.shape == (4, 5) and xy.shape == (4, 2)
    # Each new point lands nearer its own group's centre on the map than any other group's.
    map_centres = np.stack([reducer.map_embedding_[group == g].mean(axis=0) for g in range(4)])
    nearest = np.argmin(((xy[:, None, :] - map_centres[None]) ** 2).sum(-1), axis=1)
    assert list(nearest) == [0, 1, 2, 3]


def _one_giant_topic(seed=3):
    """Four sub-groups packed close together (45 % of the points) beside six separate groups."""
    rng = np.random.default_rng(seed)
    parts = []
    for c in range(4):
        centre = np.zeros(5)
        centre[c] = 0.5
        parts.append(centre + rng.normal(0, 0.15, (110, 5)))
    for c in range(6):
        centre = np.zeros(5)
        centre[c % 5], centre[(c + 1) % 5] = 12 + 3 * c, -8
        parts.append(centre + rng.normal(0, 0.3, (90, 5)))
    X5 = np.concatenate(parts).astype(np.float32)
    return X5, np.concatenate([X5, rng.normal(0, 0.01, (len(X5), 3))], axis=1).astype(np.float32)


def test_a_topic_holding_a_quarter_of_the_map_is_split():
    X5, E = _one_giant_topic()
    unsplit = cluster_map(X5, E, ClusterSettings(max_topic_share=1.0))
    assert np.bincount(unsplit.topic[unsplit.topic >= 0]).max() / len(X5) > 0.4  # the giant exists
    split = cluster_map(X5, E)
    assert np.bincount(split.topic[split.topic >= 0]).max() / len(X5) <= 0.25
    assert any("split a topic" in note for note in split.notes)


def test_same_layout_same_topics():
    X5, E = _one_giant_topic(seed=5)
    first, second = cluster_map(X5, E), cluster_map(X5, E)
    np.testing.assert_array_equal(first.topic, second.topic)
    np.testing.assert_array_equal(first.area, second.area)


def test_exact_neighbours_agree_with_and_without_torch(monkeypatch):
    import pytest

    torch = pytest.importorskip("torch")
    X, _, _ = _blobs(n_per=50)
    from landscape import reduce as lr

    monkeypatch.setattr(lr, "_torch_if_worth_it", lambda pairs: None)
    plain = ExactNeighbours(X).query(X, 9)
    monkeypatch.setattr(lr, "_torch_if_worth_it", lambda pairs: torch)
    fast = ExactNeighbours(X).query(X, 9)
    np.testing.assert_array_equal(plain[0][:, 0], fast[0][:, 0])
    np.testing.assert_allclose(plain[1], fast[1], atol=1e-6)
