"""The technology-effect matrix: lexicon matching, traps, user lexicons and planted gaps.

All sentences here are made up for the tests.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landscape.analyse.effects import (GAP_COLUMNS, MATRIX_COLUMNS, Effect, candidate_gaps,
                                       effect_hits, effect_matrix, load_lexicon)

LEXICON = load_lexicon()

# One made-up English and one made-up Chinese sentence per built-in effect; each should
# signal that effect and no other.
SENTENCES = {
    "cost": ("The holder can be produced at low cost.", "该支架可降低生产成本。"),
    "efficiency": ("The sorting line works more efficiently.", "显著提高了分拣效率。"),
    "safety": ("The guard makes the toy safer for children.", "提高了儿童使用时的安全性。"),
    "security": ("Messages are encrypted before upload.", "上传前对数据加密，保证数据安全。"),
    "durability": ("The hinge has a long service life.", "延长了铰链的使用寿命。"),
    "precision": ("The cutter is accurately positioned.", "提高了切割定位精度。"),
    "energy": ("The lamp reduces power consumption.", "该灯具节能效果好。"),
    "environment": ("The shell is made of biodegradable resin.", "外壳采用可降解材料，绿色环保。"),
    "comfort": ("The handle is comfortable to hold.", "手柄握持舒适。"),
    "compact": ("The pump is compact.", "该泵结构紧凑。"),
    "weight": ("A lightweight frame for a pram.", "车架重量轻。"),
    "simplicity": ("The bracket is easy to install.", "该支架结构简单。"),
    "speed": ("The clamp allows rapid mould changes.", "可实现快速换模。"),
    "stability": ("The base keeps the stand stable.", "底座使支架更加稳固。"),
    "quality": ("Improves the surface quality of the film.", "提高了薄膜的表面品质。"),
    "automation": ("The feeder is fully automated.", "实现了自动上料。"),
    "noise": ("The fan runs quietly.", "风扇运行噪音低。"),
    "heat": ("Fins improve heat dissipation.", "翅片提高散热效果。"),
}


def hits_of(text: str, lexicon=LEXICON) -> set[str]:
    docs = pd.DataFrame({"id": ["X1"], "title": [text], "abstract": [None]})
    return set(effect_hits(docs, lexicon)["effect"])


def test_builtin_lexicon_is_complete():
    keys = [e.key for e in LEXICON]
    assert len(keys) >= 12 and len(set(keys)) == len(keys)
    assert set(keys) == set(SENTENCES)
    for e in LEXICON:
        assert e.label_en and e.label_zh and e.terms_en and e.terms_zh
        assert not any(t.isascii() for t in e.terms_zh)


@pytest.mark.parametrize("key", sorted(SENTENCES))
def test_each_effect_matches_english_and_chinese(key):
    en, zh = SENTENCES[key]
    assert hits_of(en) == {key}
    assert hits_of(zh) == {key}


@pytest.mark.parametrize("text, effect", [
    ("Reduced costs of moulding.", "cost"),
    ("A cost-effective clip.", "cost"),
    ("LOW COST LAMP", "cost"),
    ("现有支架成本高。", "cost"),
    ("采用ＬＥＤ光源，成本低。", "cost"),           # full-width letters and text
    ("The socket is unsafe when wet.", "safety"),    # naming the problem counts
    ("存在不安全因素。", "safety"),
    ("信息安全模块，且使用安全。", "safety"),          # 安全 outside the excluded phrase
    ("Existing dryers are inefficient.", "efficiency"),
    ("A miniaturised sensor.", "compact"),
    ("This simplifies assembly.", "simplicity"),
    ("The door closes quickly.", "speed"),
    ("A noise-free gear.", "noise"),
    ("采用LED光源的节能灯。", "energy"),
])
def test_inflections_and_problem_statements_match(text, effect):
    assert effect in hits_of(text)


@pytest.mark.parametrize("text, effect", [
    ("A costume for a doll.", "cost"),
    ("The accostable robot.", "cost"),
    ("A screw fastener for the housing.", "speed"),
    ("A speed sensor on the wheel.", "speed"),
    ("设有速度传感器。", "speed"),
    ("本发明涉及一种信息安全系统。", "safety"),        # data security is its own effect
    ("按质量份计，包括聚丙烯80份。", "quality"),         # 质量 as mass
    ("质量分数为5%的溶液。", "quality"),
    ("车架质量轻。", "quality"),                     # light, not quality
    ("含有热稳定剂的聚氯乙烯组合物。", "stability"),   # a stabiliser ingredient
    ("绿色LED芯片。", "environment"),                # green as a colour
    ("Light emission of the LED chip.", "environment"),
    ("Controlled from a smartphone app.", "automation"),
    ("通过智能手机控制。", "automation"),
    ("支架安装方便。", "comfort"),                    # easy installation is simplicity
])
def test_traps_do_not_match(text, effect):
    assert effect not in hits_of(text)


def test_traps_land_on_the_right_effect():
    assert hits_of("本发明涉及一种信息安全系统。") == {"security"}
    assert hits_of("车架质量轻。") == {"weight"}
    assert hits_of("支架安装方便。") == {"simplicity"}


def test_hits_report_the_matched_text_and_skip_empty_documents():
    docs = pd.DataFrame({"id": ["A", "B", "C"], "title": ["Cheaper parts", None, "壳体"],
                         "abstract": [None, "It is Cost-Effective.", None]})
    hits = effect_hits(docs)
    assert list(hits["id"]) == ["A", "B"]
    assert list(hits["term"]) == ["Cheaper", "Cost-Effective"]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(sorted(SENTENCES)), min_size=1, max_size=4))
def test_matching_ignores_case_and_finds_every_planted_effect(keys):
    text = " ".join(SENTENCES[k][0] for k in keys)
    assert hits_of(text) == set(keys) == hits_of(text.upper())


# -- user lexicons ------------------------------------------------------------------------

USER_TOML = """
drop = ["quality"]

[cost]
label_en = "Cheaper"
terms_en = ["thrifty"]

[waterproof]
label_en = "Waterproofing"
label_zh = "防水"
terms_en = ["waterproof", "water-resistant"]
terms_zh = ["防水"]

[noise]
replace = true
label_en = "Silence"
label_zh = "静音"
terms_zh = ["静音"]
"""


def test_user_lexicon_extends_and_overrides(tmp_path):
    path = tmp_path / "my_effects.toml"
    path.write_text(USER_TOML, encoding="utf-8")
    lex = load_lexicon(path)
    by_key = {e.key: e for e in lex}
    assert "quality" not in by_key and "waterproof" in by_key
    assert [e.key for e in lex][-1] == "waterproof"
    assert by_key["cost"].label_en == "Cheaper" and by_key["cost"].label_zh == "降低成本"
    assert hits_of("A thrifty design.", lex) == {"cost"}
    assert hits_of("It costs less.", lex) == {"cost"}            # built-in terms kept
    assert hits_of("A Water-Resistant case.", lex) == {"waterproof"}
    assert hits_of("外壳防水。", lex) == {"waterproof"}
    assert hits_of("The fan is noisy.", lex) == set()           # replaced whole
    assert hits_of("风扇静音。", lex) == {"noise"}


def test_user_lexicon_can_start_empty(tmp_path):
    path = tmp_path / "only_mine.toml"
    path.write_text('extend = false\n[grip]\nlabel_en = "Grip"\nlabel_zh = "防滑"\n'
                    'terms_zh = ["防滑"]\n', encoding="utf-8")
    assert [e.key for e in load_lexicon(path)] == ["grip"]


@pytest.mark.parametrize("text, message", [
    ("[cost\nterms_en = [", "invalid TOML"),
    ('[grip]\nterms_en = ["grip"]\n', "label_en"),
    ('[grip]\nlabel_en = "Grip"\nlabel_zh = "防滑"\nterms_zh = ["grip"]\n', "plain ASCII"),
    ('[cost]\nterm_en = ["cheap"]\n', "unknown field"),
    ('drop = ["nothing"]\n', "unknown effect"),
    ('[grip]\nlabel_en = "Grip"\nlabel_zh = "防滑"\n', "at least one term"),
    ('colour = "red"\n', "not an effect table"),
])
def test_bad_lexicon_is_a_clear_error_naming_the_file(tmp_path, text, message):
    path = tmp_path / "broken_lexicon.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as err:
        load_lexicon(path)
    assert "broken_lexicon.toml" in str(err.value)


def test_missing_lexicon_file_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="nowhere.toml"):
        load_lexicon(tmp_path / "nowhere.toml")


# -- the matrix and its gaps -----------------------------------------------------------------

FILLER = ["A made-up device with a housing and a bracket.", "一种虚构的装置，包括壳体和支架。"]
PHRASES = {
    "cost": ["It can be made at low cost.", "降低了成本。"],
    "safety": ["It is safer to use.", "使用安全。"],
    "energy": ["It saves energy.", "节能。"],
    "noise": ["It runs quietly.", "噪音小。"],
}
# Share of patents mentioning each effect, per area. Area 0 is big and never mentions energy,
# which the other areas mention half the time: the planted gap. Area 3 is the proportional
# control; area 4 lacks energy too but is too small for that to mean anything.
RATES = {
    0: (150, {"cost": 0.4, "safety": 0.4, "energy": 0.0, "noise": 0.2}),
    1: (80, {"cost": 0.4, "safety": 0.4, "energy": 0.5, "noise": 0.2}),
    2: (80, {"cost": 0.4, "safety": 0.4, "energy": 0.5, "noise": 0.2}),
    3: (60, {"cost": 0.4, "safety": 0.4, "energy": 0.5, "noise": 0.2}),
    4: (4, {"cost": 0.5, "safety": 0.5, "energy": 0.0, "noise": 0.0}),
}
AREAS = pd.DataFrame({"id": [0, 1, 2, 3, 4],
                      "label_en": ["LED / lamp", "Driver", "Housing", "Optics", "Misc"],
                      "label_zh": ["LED/灯具", "驱动", "外壳", "光学", "其他"]})


def planted_corpus(seed: int = 3):
    rng = np.random.default_rng(seed)
    points, docs = [], []
    for area, (n, rates) in RATES.items():
        for i in range(n):
            lang = int(rng.integers(2))
            parts = [FILLER[lang]] + [PHRASES[e][lang] for e, p in rates.items() if rng.random() < p]
            pid = f"CN{area}{i:04d}U"
            points.append((pid, area, int(rng.integers(2012, 2024)), f"Made-up title {i}"))
            docs.append((pid, parts[0], " ".join(parts[1:])))
    return (pd.DataFrame(points, columns=["id", "area", "year", "title"]),
            pd.DataFrame(docs, columns=["id", "title", "abstract"]))


@pytest.fixture(scope="module")
def corpus():
    return planted_corpus()


@pytest.fixture(scope="module")
def matrix(corpus):
    points, docs = corpus
    return effect_matrix(points, docs, AREAS, max_ids=5)


def test_matrix_has_every_area_and_effect(matrix, corpus):
    points, _ = corpus
    assert list(matrix.columns) == MATRIX_COLUMNS
    assert len(matrix) == 5 * len(LEXICON)
    energy = matrix.set_index(["area", "effect"]).loc[(0, "energy")]
    assert energy["count"] == 0 and energy["patent_ids"] == []
    cost = matrix.set_index(["area", "effect"]).loc[(1, "cost")]
    assert cost["share_of_area"] == pytest.approx(cost["count"] / 80)
    assert len(cost["patent_ids"]) == 5                     # capped
    years = points.set_index("id").loc[cost["patent_ids"], "year"]
    assert list(years) == sorted(years, reverse=True)        # newest first
    assert cost["effect_label_zh"] == "降低成本" and cost["area_label_en"] == "Driver"
    assert 0 < matrix.attrs["coverage"] <= 1


def test_planted_gap_is_found_and_control_is_not(matrix):
    gaps = candidate_gaps(matrix)
    assert list(gaps.columns) == GAP_COLUMNS
    cells = list(zip(gaps["area"], gaps["effect"]))
    assert cells[0] == (0, "energy")                         # largest shortfall first
    assert not any(a == 3 for a, _ in cells)                 # proportional control
    assert (4, "energy") not in cells                        # too small to expect anything
    assert (0, "cost") not in cells and (0, "noise") not in cells
    assert (gaps["shortfall"].diff().dropna() <= 0).all()


def test_gap_expected_count_and_sentences(matrix):
    gap = candidate_gaps(matrix).iloc[0]
    row = matrix.loc[matrix["area"] == 0, "count"].sum()
    col = matrix.loc[matrix["effect"] == "energy", "count"].sum()
    expected = row * col / matrix["count"].sum()
    assert gap["expected"] == pytest.approx(expected) and gap["shortfall"] == pytest.approx(expected)
    assert gap["description_en"] == (
        f"No patent in 'LED / lamp' mentions energy saving (about {expected:.0f} expected "
        "from the area's size and how common the effect is).")
    assert gap["description_zh"] == f"「LED/灯具」领域没有专利提到节能（按规模预期约 {expected:.0f} 件）。"


def test_thin_but_not_empty_cell_is_described_as_few():
    points, docs = planted_corpus()
    docs = docs.copy()
    for i in points.index[points["area"] == 0][:2]:          # docs are row-aligned with points
        docs.at[i, "abstract"] += " It saves energy."
    gaps = candidate_gaps(effect_matrix(points, docs, AREAS))
    gap = gaps.set_index(["area", "effect"]).loc[(0, "energy")]
    assert gap["count"] == 2 and len(gap["patent_ids"]) == 2
    assert gap["description_en"].startswith("Few patents in 'LED / lamp' mention energy saving (2 vs about ")
    assert gap["description_zh"].startswith("「LED/灯具」领域提到节能的专利很少（2 件，按规模预期约 ")


def test_missing_documents_fall_back_to_point_titles():
    points = pd.DataFrame({"id": ["A", "B"], "area": [0, 0], "year": [2020, None],
                           "title": ["A cheap clip", "A lamp"]})
    docs = pd.DataFrame({"id": ["B"], "title": ["A lamp"], "abstract": ["It is safe."]})
    m = effect_matrix(points, docs).set_index("effect")
    assert m.loc["cost", "patent_ids"] == ["A"] and m.loc["safety", "patent_ids"] == ["B"]
    assert m["area_label_en"].isna().all()
    gaps_text = candidate_gaps(pd.DataFrame(columns=MATRIX_COLUMNS))
    assert gaps_text.empty and list(gaps_text.columns) == GAP_COLUMNS


def test_custom_effect_objects_work_directly():
    lex = (Effect("grip", "Grip", "防滑", terms_en=("non-slip",), terms_zh=("防滑",)),)
    docs = pd.DataFrame({"id": [1, 2], "title": ["A non slip mat", "防滑垫"], "abstract": [None, None]})
    assert list(effect_hits(docs, lex)["id"]) == [1, 2]
