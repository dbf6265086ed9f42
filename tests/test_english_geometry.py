"""A mixed-language map laid out in the English model's geometry (landscape.embed.borrow): the
ridge mapping is fitted on the map's English records, checked on held-out ones, and refused
when there are too few English records or the mapping does not predict."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest

from landscape.embed.base import HashingEmbedder, l2_normalise
from landscape.embed.borrow import MIN_COSINE, MIN_ENGLISH, centre_languages, english_geometry, fit_mapping

WORDS = "brick magnet wheel lamp diode mould resin cavity gear motor sensor robot arm toy car drone".split()


def texts(n: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(WORDS, size=6)) + f" {i}" for i in range(n)]


class RandomEmbedder:
    """Vectors that have nothing to do with the text's words (seeded by its hash)."""

    name, version, dim = "random", "random-v1", 32

    def encode(self, batch, batch_size: int = 64):
        return l2_normalise(np.stack([np.random.default_rng(int(hashlib.sha1(t.encode()).hexdigest()[:8], 16))
                                      .normal(size=32) for t in batch]).astype(np.float32))


def test_a_linear_relation_is_recovered_and_noise_is_not():
    rng = np.random.default_rng(1)
    source = rng.normal(size=(400, 40))
    target = source @ rng.normal(size=(40, 16)) + 0.05 * rng.normal(size=(400, 16))
    _, fit = fit_mapping(source, target)
    assert fit["held_out_cosine"] > 0.95 and fit["fitted_on"] + fit["held_out"] == 400
    _, noise = fit_mapping(source, rng.normal(size=(400, 16)))
    assert noise["held_out_cosine"] < MIN_COSINE


def test_the_map_is_mapped_into_the_english_space_when_the_fit_holds():
    # Hashed 128-d vectors fold onto hashed 64-d ones (same hash, bucket mod 64): a linear relation.
    all_texts = texts(600)
    langs = ["en"] * 400 + ["zh"] * 200
    vectors = HashingEmbedder(dim=128).encode(all_texts)
    english = HashingEmbedder(dim=64)
    mapped, note = english_geometry(vectors, all_texts, langs, english_embedder=english)
    assert note["used"] and note["from"] == "hashing" and note["held_out_cosine"] >= MIN_COSINE
    assert mapped.shape == (600, 64)
    assert np.allclose(np.linalg.norm(mapped, axis=1), 1.0, atol=1e-5)
    # Every record, the non-English ones too, lands near its English-model vector.
    truth = english.encode(all_texts)
    assert np.sum(mapped * truth, axis=1).mean() > 0.9


def test_a_language_offset_does_not_follow_the_records_into_the_english_space():
    # Chinese records sit around a point of their own (as USE puts each language): the same
    # texts' vectors shifted by one offset. Centred per language, they land on the English
    # model's vectors of the same texts, like the English records do.
    all_texts = texts(600)
    langs = np.array(["en"] * 400 + ["zh"] * 200)
    vectors = HashingEmbedder(dim=128).encode(all_texts)
    offset = np.random.default_rng(3).normal(size=128).astype(np.float32)
    vectors[langs == "zh"] = l2_normalise(vectors[langs == "zh"] + offset / np.linalg.norm(offset))
    english = HashingEmbedder(dim=64)
    mapped, note = english_geometry(vectors, all_texts, langs, english_embedder=english)
    assert note["used"] and note["centred_per_language"] == {"en": 400, "zh": 200}
    truth = english.encode(all_texts)
    zh = langs == "zh"
    assert np.sum(mapped[zh] * truth[zh], axis=1).mean() > 0.95  # uncentred: 0.70


def test_rare_languages_are_centred_on_the_mean_of_all():
    vectors = HashingEmbedder(dim=32).encode(texts(100))
    langs = ["en"] * 60 + ["zh"] * 35 + ["it"] * 4 + [None]
    centred, own = centre_languages(vectors, langs)
    assert own == {"en": 60, "zh": 35}
    assert np.allclose(np.linalg.norm(centred, axis=1), 1.0, atol=1e-5)
    # the English rows' mean direction is gone; the rare rows moved by the mean of all rows
    assert np.linalg.norm(centred[:60].mean(axis=0)) < 0.2
    expected = l2_normalise(vectors[95:] - vectors.mean(axis=0))
    assert np.allclose(centred[95:], expected, atol=1e-5)


@pytest.mark.parametrize("langs, why", [
    (["en"] * (MIN_ENGLISH - 1) + ["zh"] * 300, "English records"),
    (["en"] * 300, "every record is English"),
])
def test_too_little_or_only_english_keeps_the_maps_own_vectors(langs, why):
    all_texts = texts(len(langs))
    vectors = HashingEmbedder(dim=128).encode(all_texts)
    mapped, note = english_geometry(vectors, all_texts, langs, english_embedder=HashingEmbedder(dim=64))
    assert mapped is None and not note["used"] and why in note["why"]


def test_a_mapping_that_does_not_predict_is_refused():
    all_texts = texts(500)
    langs = ["en"] * 300 + ["zh"] * 200
    vectors = HashingEmbedder(dim=128).encode(all_texts)
    mapped, note = english_geometry(vectors, all_texts, langs, english_embedder=RandomEmbedder())
    assert mapped is None and not note["used"] and note["held_out_cosine"] < MIN_COSINE
    assert "cosine" in note["why"]
