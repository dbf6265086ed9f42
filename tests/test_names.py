"""One home for an area's display name, a record's text and what a word is (issue 11)."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from landscape.rules.names import (UNASSIGNED, both_names, display_name, in_sentence, names_of,
                                   unlabelled_name)
from landscape.rules.text import language_of, record_text, record_texts, text_in, texts_in
from landscape.rules.words import STOP_WORDS_ZH, english_words, tokens_en, tokens_zh


def test_an_unlabelled_area_has_one_spelling_in_each_language():
    assert unlabelled_name(3, "en") == "Area 3" and unlabelled_name(3, "zh") == "领域 3"
    assert unlabelled_name(3, "zh-CN", kind="topic") == "主题 3" and unlabelled_name(3, "EN", "topic") == "Topic 3"
    assert unlabelled_name(-1, "en") == "Unassigned" and unlabelled_name(-1, "zh") == "未归类"
    with pytest.raises(ValueError, match="area' or 'topic"):
        unlabelled_name(1, "en", kind="cluster")


def test_display_name_is_the_label_else_the_number_never_the_other_language():
    assert display_name(2, " robot / arm ", "en") == "robot / arm"
    assert display_name(2, None, "zh") == display_name(2, float("nan"), "zh") == display_name(2, "  ", "zh") == "领域 2"
    assert display_name(-1, "anything", "zh") == UNASSIGNED["zh"]
    clusters = pd.DataFrame({"id": [0, 1], "label_en": ["lamp", None], "label_zh": [None, "灯具"]})
    assert names_of(clusters, "en") == {0: "lamp", 1: "Area 1"}
    assert names_of(clusters, "zh") == {0: "领域 0", 1: "灯具"}
    assert both_names(clusters) == {0: ("lamp", "领域 0"), 1: ("Area 1", "灯具")}
    assert names_of(None, "en") == {} and names_of(clusters.iloc[:0], "zh") == {}


def test_sentences_quote_a_label_and_name_an_unlabelled_area_by_number():
    assert in_sentence(1, "lamp", "en") == "'lamp'" and in_sentence(1, None, "en") == "area 1"
    assert in_sentence(1, "灯具", "zh") == "「灯具」领域" and in_sentence(1, "", "zh") == "领域 1"


def test_record_text_is_title_and_abstract_or_the_title_alone():
    assert record_text(" Lamp ", " A lamp. ") == "Lamp. A lamp."
    assert record_text("Lamp", None) == record_text("Lamp", float("nan")) == record_text("Lamp", "  ") == "Lamp"
    assert record_text(None, "A lamp.") == "A lamp." and record_text(None, None) == ""
    assert record_texts(pd.DataFrame({"title": ["a", None]})) == ["a", ""]  # no abstract column


def test_text_in_a_language_is_the_own_text_else_the_translation():
    translations = {"title": {"en": "LED lamp", "zh": "LED灯"}, "abstract": {"en": "A lamp with a heat sink."}}
    records = pd.DataFrame({"title": ["LED灯", "Lamp", "灯"], "abstract": ["一种灯。", None, None],
                            "lang": ["zh", "en", "zh"],
                            "translations": [json.dumps(translations, ensure_ascii=False), None, "not json"]})
    assert texts_in(records, "zh") == ["LED灯. 一种灯。", "", "灯"]
    assert texts_in(records, "en") == ["LED lamp. A lamp with a heat sink.", "Lamp", ""]
    assert text_in("T", "A", "en-US", translations, "en") == "T. A"  # its own text wins
    assert language_of("ZH-cn") == "zh" and language_of(None) == "other" and language_of("de") == "other"


def test_the_one_tokenizer_drops_claim_words_and_pronouns():
    assert english_words("LED-Lamp, 10mm") == ["led", "lamp", "10mm"]
    assert tokens_en("said claim 3 wherein they") == []
    assert {"权利", "要求", "它们", "所述", "其特征在于"} <= STOP_WORDS_ZH
    assert tokens_zh("根据权利要求1所述的装置，其特征在于，它们") == []


def test_effects_and_labels_split_english_words_alike():
    from landscape.analyse import effects

    assert effects._TOKEN.findall("led-lamp 10mm") == english_words("LED-lamp 10mm")
    assert effects._text("Lamp", "Cheap.") == record_text("Lamp", "Cheap.")


def test_every_subclass_with_a_chinese_name_has_a_short_english_one():
    from landscape.distinct_labels import code_label
    from landscape.ipc_titles import IPC_SHORT_EN, IPC_TITLES_ZH

    subclasses = {c for c in IPC_TITLES_ZH if len(c) == 4}
    assert subclasses == set(IPC_SHORT_EN)
    assert code_label("H01M", "en") == "Batteries and fuel cells"  # not WIPO's "Processes or Means, e.g. ..."
    assert len(set(IPC_SHORT_EN.values())) == len(IPC_SHORT_EN)


def test_map_labels_keep_the_code_where_the_bare_names_would_read_the_same():
    # Four G06F areas are all 电数字数据处理 in our table: on the map, without their codes, they
    # would look like one area four times.
    from landscape.present.names import area_labels

    clusters = pd.DataFrame({"id": [0, 1, 2], "label_en": ["a", "b", "c"],
                             "label_zh": ["G06F17 类（电数字数据处理）", "G06F1 类（电数字数据处理）", "A63H33 类（玩具）"],
                             "terms_zh": [[], [], []], "terms_en": [[], [], []], "top_codes": [[], [], []]})
    short = area_labels(clusters, "zh", short=True)
    assert short == {0: "G06F17 电数字数据处理", 1: "G06F1 电数字数据处理", 2: "玩具"}, short


def test_map_labels_that_shorten_alike_keep_all_their_terms():
    from landscape.present.names import area_labels

    clusters = pd.DataFrame({"id": [0, 1, 2], "label_zh": ["a", "b", "c"],
                             "label_en": ["machine learning / neural network / training",
                                          "machine learning / language model / automated",
                                          "robotic / grasping / learning"],
                             "terms_zh": [[], [], []], "terms_en": [[], [], []], "top_codes": [[], [], []]})
    short = area_labels(clusters, "en", short=True)
    assert short == {0: "machine learning / neural network / training",
                     1: "machine learning / language model / automated",
                     2: "robotic / grasping / learning"}, short
