"""A mixed-language map laid out in the English model's geometry (landscape.embed.borrow): the
ridge mapping is fitted on the map's English records, checked on held-out ones, and refused
when there are too few English records or the mapping does not predict."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest

from landscape.embed.base import HashingEmbedder, l2_normalise
from landscape.embed.borrow import (MIN_COSINE, MIN_ENGLISH, SHARED_CONTENT, apply_turns, centre_languages,
                                    content_overlap, describe, english_geometry, fit_mapping, fit_turns)

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
    mapped, note, _ = english_geometry(vectors, all_texts, langs, english_embedder=english)
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
    mapped, note, _ = english_geometry(vectors, all_texts, langs, english_embedder=english)
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


@pytest.mark.parametrize("seed", [0, 4])
def test_a_language_turned_away_from_english_is_turned_back_without_codes(seed):
    # Eight subjects written in two languages; the Chinese side is the same cloud turned a
    # little (as USE's languages differ beyond their means). Centring alone puts many Chinese
    # records nearer another subject's English records; the turn, fitted on mutual nearest
    # neighbours only, puts them back, and leaves English alone.
    rng = np.random.default_rng(seed)
    d, k = 128, 8
    subject = np.r_[np.arange(400) % k, np.arange(200) % k]
    langs = np.array(["en"] * 400 + ["zh"] * 200)
    zh = langs == "zh"
    x = rng.normal(size=(k, d))[subject] + 0.7 * rng.normal(size=(600, d))
    q, r = np.linalg.qr(np.eye(d) + 0.2 * rng.normal(size=(d, d)))
    x[zh] = x[zh] @ (q * np.sign(np.diag(r))) + 2.0
    centred, own = centre_languages(l2_normalise(x.astype(np.float32)), langs)
    turns, pairs = fit_turns(centred, langs, own)
    turned = apply_turns(centred.copy(), langs, turns)
    english = l2_normalise(np.stack([centred[~zh & (subject == s)].mean(axis=0) for s in range(k)]))

    def right(v):
        return ((v[zh] @ english.T).argmax(axis=1) == subject[zh]).mean()

    assert right(centred) < 0.9 and right(turned) >= 0.97, (right(centred), right(turned))
    assert pairs["zh"] >= 10 and set(pairs) == {"zh"}
    assert np.allclose(turned[~zh], centred[~zh], atol=1e-6)
    assert np.allclose(np.linalg.norm(turned, axis=1), 1.0, atol=1e-5)


def test_without_english_nothing_is_turned():
    vectors = HashingEmbedder(dim=32).encode(texts(100))
    centred, own = centre_languages(vectors, ["zh"] * 60 + ["ko"] * 40)
    turns, pairs = fit_turns(centred, ["zh"] * 60 + ["ko"] * 40, own)
    turned = apply_turns(centred.copy(), ["zh"] * 60 + ["ko"] * 40, turns)
    assert pairs == {} and np.allclose(turned, centred, atol=1e-6)


def _two_languages(shared: bool, seed: int = 0):
    """600 vectors of eight subjects (400 English, 200 Chinese with an offset of their own):
    the Chinese ones on the same subjects as the English, or on four others."""
    rng = np.random.default_rng(seed)
    langs = np.array(["en"] * 400 + ["zh"] * 200)
    chinese = np.arange(200) % 8 if shared else 4 + np.arange(200) % 4
    subject = np.r_[np.arange(400) % (8 if shared else 4), chinese]
    x = rng.normal(size=(8, 128))[subject] + 0.7 * rng.normal(size=(600, 128))
    x[langs == "zh"] += 2.0
    return l2_normalise(x.astype(np.float32)), langs, subject


def test_languages_writing_about_other_subjects_are_not_pulled_together():
    # Centring and turning assume both languages cover the same subjects. Chinese records on
    # four subjects the English ones never mention must keep their own places on the map.
    shared, langs, _ = _two_languages(shared=True)
    apart, _, subject = _two_languages(shared=False)
    assert content_overlap(centre_languages(shared, langs)[0], langs) > 0.9
    assert content_overlap(centre_languages(apart, langs)[0], langs) < 0.5 < SHARED_CONTENT
    english = HashingEmbedder(dim=64)
    all_texts = texts(600)
    _, note, _ = english_geometry(shared, all_texts, langs, english_embedder=english)
    assert note["aligned"] and note["centred_per_language"] == {"en": 400, "zh": 200}
    mapped, note, _ = english_geometry(apart, all_texts, langs, english_embedder=english)
    assert not note["aligned"] and note["content_overlap"] < SHARED_CONTENT
    assert note["centred_per_language"] == {} and note["turned_onto_english"] == {}
    # the manifest says why
    said = describe({**note, "used": True, "fitted_on": 300, "held_out_cosine": 0.6})
    assert "not alike enough to align" in said and f"{note['content_overlap']:.2f}" in said
    aligned = describe({"used": True, "aligned": True, "turned_onto_english": {"zh": 180}, "fitted_on": 300,
                        "held_out_cosine": 0.6})
    assert "zh (180 pairs) turned onto English" in aligned


def test_an_export_translating_nearly_every_record_is_laid_out_by_the_english_text():
    # Chinese records whose export carries an English translation are laid out by the English
    # model's vector of that translation; the one record without English text is mapped.
    own = texts(400, seed=1)
    english_version = texts(400, seed=2)
    langs = ["en"] * 100 + ["zh"] * 300
    english_texts = own[:100] + english_version[100:399] + [""]
    vectors = HashingEmbedder(dim=128).encode(own)
    english = HashingEmbedder(dim=64)
    mapped, note, layout_text = english_geometry(vectors, own, langs, english_embedder=english,
                                                 english_texts=english_texts)
    assert note["used"] and note["pivot"] and note["translated"] == 299 and note["mapped"] == 1
    assert list(layout_text[:100]) == ["own"] * 100 and layout_text[150] == "translation" and layout_text[-1] == "mapped"
    assert np.allclose(mapped[100:399], english.encode(english_version[100:399]), atol=1e-5)
    assert np.allclose(mapped[:100], english.encode(own[:100]), atol=1e-5)


def test_translations_below_the_pivot_share_only_feed_the_mapping():
    own = texts(400, seed=1)
    langs = ["en"] * 250 + ["zh"] * 150
    english_texts = own[:250] + own[250:300] + [""] * 100  # 300 of 400 have English text: 75 %
    vectors = HashingEmbedder(dim=128).encode(own)
    mapped, note, layout_text = english_geometry(vectors, own, langs, english_embedder=HashingEmbedder(dim=64),
                                                 english_texts=english_texts)
    assert note["used"] and not note.get("pivot") and note["fitted_on"] + note["held_out"] == 300
    assert set(layout_text) == {"mapped"}


@pytest.mark.parametrize("langs, why", [
    (["en"] * (MIN_ENGLISH - 1) + ["zh"] * 300, "have English text"),
    (["en"] * 300, "every record is English"),
])
def test_too_little_or_only_english_keeps_the_maps_own_vectors(langs, why):
    all_texts = texts(len(langs))
    vectors = HashingEmbedder(dim=128).encode(all_texts)
    mapped, note, _ = english_geometry(vectors, all_texts, langs, english_embedder=HashingEmbedder(dim=64))
    assert mapped is None and not note["used"] and why in note["why"]


def test_a_mapping_that_does_not_predict_is_refused():
    all_texts = texts(500)
    langs = ["en"] * 300 + ["zh"] * 200
    vectors = HashingEmbedder(dim=128).encode(all_texts)
    mapped, note, _ = english_geometry(vectors, all_texts, langs, english_embedder=RandomEmbedder())
    assert mapped is None and not note["used"] and note["held_out_cosine"] < MIN_COSINE
    assert "cosine" in note["why"]


ZH_EN = {"玩具": "toy", "积木": "building block", "磁铁": "magnet", "车轮": "wheel", "灯": "lamp", "二极管": "diode",
         "模具": "mould", "树脂": "resin", "齿轮": "gear", "电机": "motor", "传感器": "sensor", "机器人": "robot"}


@pytest.mark.slow
def test_a_translated_chinese_export_is_laid_out_by_its_english_text(tmp_path):
    # A PatSnap-style export: Chinese title and abstract with the tool's English translations.
    # `build --model auto` embeds the Chinese text with USE and lays the map out by MiniLM's
    # vectors of the translations, saying so in the manifest and per point.
    import csv
    import json

    import pandas as pd

    from landscape import pipeline

    rng = np.random.default_rng(5)
    path = tmp_path / "patsnap.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["公开(公告)号", "标题", "摘要", "标题(译)(English)", "摘要(译)(English)", "申请日"])
        for i in range(MIN_ENGLISH + 20):
            words = list(rng.choice(list(ZH_EN), size=4, replace=False))
            en = [ZH_EN[x] for x in words]
            w.writerow([f"CN1{i:08d}A", f"一种{words[0]}与{words[1]}的装置",
                        f"本发明公开了一种{'、'.join(words)}组合装置，包括{words[2]}和{words[3]}，结构简单。",
                        f"Device with {en[0]} and {en[1]}",
                        f"A combined device of {', '.join(en)}, comprising a {en[2]} and a {en[3]}.", "2021-03-04"])
    ws = tmp_path / "ws"
    pipeline.ingest([path], ws, show_progress=False)
    ids = pipeline.ids_in([path])
    pipeline.build(ws, name="translated", ids=ids, options=pipeline.BuildOptions(model="auto", show_progress=False))
    manifest = json.loads((ws / "maps" / "translated" / "manifest.json").read_text())
    geometry = manifest["model"]["english_geometry"]
    assert manifest["model"]["name"] == "use"
    assert geometry["pivot"] and geometry["translated"] == len(ids) and geometry["mapped"] == 0
    assert "English translation the export carries" in manifest["model"]["reason"]
    points = pd.read_parquet(ws / "maps" / "translated" / "points.parquet")
    assert set(points["layout_text"]) == {"translation"} and set(points["lang"]) == {"zh"}
