"""Above ReduceSettings.sample_above the layouts are fitted on a sample and the rest placed."""
from __future__ import annotations

import numpy as np

from landscape.cluster import ClusterSettings, cluster_map, cluster_sampled, vote
from landscape.reduce import Reducer, ReduceSettings


def _blobs(n_per=150, dims=24, groups=4, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(groups, dims)) * 4
    X = np.concatenate([c + rng.normal(size=(n_per, dims)) for c in centres]).astype(np.float32)
    return X, np.repeat(np.arange(groups), n_per)


def test_sample_fit_is_taken_above_the_threshold_and_places_every_point():
    X, truth = _blobs()
    reducer = Reducer(ReduceSettings(sample_above=300, sample_size=200, seed=1)).fit(X)
    assert reducer.sample_size_ == 200
    assert "place_rest" in reducer.timings_
    for coords, dims in ((reducer.cluster_embedding_, 5), (reducer.map_embedding_, 2)):
        assert coords.shape == (len(X), dims)
        assert np.isfinite(coords).all()
    assert len(reducer.sample_rows_) == 200 and len(reducer.rest_rows_) == len(X) - 200
    clustering = cluster_sampled(reducer.cluster_embedding_, X, reducer.sample_rows_, reducer.rest_rows_,
                                 reducer.rest_neighbours_, ClusterSettings(min_cluster_size=20))
    assert clustering.params["clustered_on"] == 200
    assert (clustering.area >= 0).all()  # every point, sampled or placed, has an area
    # Placed points land with their own blob: each blob's points share one area.
    agree = [np.bincount(clustering.area[truth == g]).max() / (truth == g).sum() for g in range(4)]
    assert min(agree) > 0.9


def test_below_the_threshold_everything_is_fitted():
    X, _ = _blobs(n_per=50)
    reducer = Reducer(ReduceSettings(sample_above=300, sample_size=100)).fit(X)
    assert reducer.sample_size_ is None and "place_rest" not in reducer.timings_


def test_sample_fit_is_deterministic():
    X, _ = _blobs(n_per=100)
    s = ReduceSettings(sample_above=200, sample_size=150, seed=3)
    a, b = Reducer(s).fit(X), Reducer(s).fit(X)
    np.testing.assert_allclose(a.map_embedding_, b.map_embedding_, atol=1e-5)


def test_vote_takes_the_most_common_label_lowest_on_ties():
    rows = np.array([[2, 2, 1, 1, -1], [3, -1, -1, -1, -1], [-1, -1, -1, -1, -1], [0, 4, 4, 4, 0]])
    assert vote(rows, 2).tolist() == [1, -1, -1, 4]
    assert vote(rows, 1).tolist() == [1, 3, -1, 4]


def test_duplicated_vectors_follow_their_sampled_twin():
    X, _ = _blobs(n_per=100)
    X = np.concatenate([X, X[:50]])  # 50 exact duplicates
    reducer = Reducer(ReduceSettings(sample_above=200, sample_size=150, seed=0)).fit(X)
    np.testing.assert_array_equal(reducer.map_embedding_[-50:], reducer.map_embedding_[:50])
    assert len(reducer.sample_rows_) + len(reducer.rest_rows_) == len(X)
    assert reducer.rest_neighbours_.max() < len(reducer.sample_rows_)
    clustering = cluster_sampled(reducer.cluster_embedding_, X, reducer.sample_rows_, reducer.rest_rows_,
                                 reducer.rest_neighbours_, ClusterSettings())
    assert (clustering.area >= 0).all()
