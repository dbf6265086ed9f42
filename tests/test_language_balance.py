"""Language balance: the figures on hand-made maps whose answer is known, the manifest of a
built map, the line on the app's map page and in the report, in both languages."""
from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess

import numpy as np
import pytest

from landscape.analyse.language_balance import (SPLIT_AGREEMENT, cross_agreement, first_subclasses,
                                                language_balance, map_language_balance)
from landscape.present.balance import balance_text
from landscape.rules.text import text_type

SUBCLASSES = ["A63H", "H01L", "B29C", "B65B"]


def _patents(n=400, seed=0):
    """``n`` patents, half Chinese and half English, half with an abstract (independently of
    language), spread over four subclasses."""
    rng = np.random.default_rng(seed)
    sub = rng.choice(SUBCLASSES, n)
    lang = np.where(np.arange(n) % 2 == 0, "zh", "en")
    kind = np.where(rng.random(n) < 0.5, "title", "abstract")
    return sub, lang, kind, rng


def _by_subject(sub):
    return np.searchsorted(sorted(SUBCLASSES), sub)


def test_a_map_split_by_language_is_said_to_be_split():
    sub, lang, kind, _ = _patents()
    out = language_balance(np.where(lang == "zh", 0, 1), lang, kind, sub)
    assert out["language"]["ami"] == pytest.approx(1.0)
    assert out["language"]["agreement"] == 0.0
    assert out["language"]["one_sided_areas"] == 1.0
    assert out["language"]["verdict"] == "split"
    assert out["text_type"]["verdict"] == "mixed"  # text type is independent of the areas here
    assert out["verdict"] == "split by language" and out["warning"]
    assert out["language"]["counts"] == {"zh": 200, "en": 200}


def test_areas_that_follow_the_subject_are_mixed():
    sub, lang, kind, _ = _patents()
    out = language_balance(_by_subject(sub), lang, kind, sub)
    assert out["verdict"] == "mixed" and not out["warning"]
    assert abs(out["language"]["ami"]) < 0.05
    assert out["language"]["agreement"] == pytest.approx(1.0, abs=0.05)


def test_random_areas_are_mixed():
    sub, lang, kind, rng = _patents(seed=3)
    out = language_balance(rng.integers(0, 6, len(sub)), lang, kind, sub)
    assert out["language"]["verdict"] == out["text_type"]["verdict"] == "mixed"
    assert out["language"]["agreement"] > SPLIT_AGREEMENT


def test_a_text_type_split_is_told_apart_from_a_language_one():
    sub, lang, kind, _ = _patents()
    area = _by_subject(sub) + 4 * (kind == "title")
    out = language_balance(area, lang, kind, sub)
    assert out["text_type"]["verdict"] == "split" and out["text_type"]["agreement"] == 0.0
    assert out["language"]["verdict"] == "mixed"
    assert out["verdict"] == "split by text type" and out["warning"]


def test_language_that_only_follows_the_subject_is_no_split():
    """Chinese patents mostly on toys, English ones on LEDs: a high AMI, but patents of one
    subclass share areas whatever their language, so the map is not split by language."""
    rng = np.random.default_rng(1)
    sub = np.array(["A63H"] * 200 + ["H01L"] * 200)
    lang = np.where(rng.random(400) < np.where(sub == "A63H", 0.9, 0.1), "zh", "en")
    out = language_balance(_by_subject(sub), lang, ["abstract"] * 400, sub)
    assert out["language"]["ami"] > 0.3
    assert out["language"]["verdict"] == "mixed"


def test_language_and_text_type_that_go_together():
    """Every Chinese record a bare title, every English one with an abstract, and the areas
    keep them apart: both splits, said to be entangled."""
    sub, lang, _, _ = _patents()
    kind = np.where(lang == "zh", "title", "abstract")
    out = language_balance(np.where(lang == "zh", 0, 1), lang, kind, sub)
    assert out["verdict"] == "split by language and text type"
    assert out["language"]["agreement_controlled"] is None  # no like-for-like pairs to compare
    assert out["language_text_type_ami"] == pytest.approx(1.0)
    text = balance_text({"language_balance": out}, "en")
    assert text.warning and "go together" in text.verdict


def test_one_language_gives_no_warning():
    sub, _, kind, _ = _patents()
    lang = ["zh"] * len(sub)
    out = language_balance(np.zeros(len(sub), int), lang, ["title"] * len(sub), sub)
    assert out["language"]["verdict"] == out["text_type"]["verdict"] == "one"
    assert out["verdict"] == "one language" and not out["warning"]
    text = balance_text({"language_balance": out}, "zh")
    assert text.verdict is None and "中文 400" in text.mix


def test_a_few_records_of_another_language_are_not_compared():
    sub, _, kind, _ = _patents()
    lang = ["en"] * (len(sub) - 5) + ["ko"] * 5
    out = language_balance(np.where(np.arange(len(sub)) < len(sub) - 5, 0, 1), lang, kind, sub)
    assert out["language"]["verdict"] == "one" and out["language"]["counts"]["ko"] == 5


@pytest.mark.parametrize("case", ["empty", "unassigned", "no codes", "nan languages", "tiny"])
def test_edge_cases_never_crash(case):
    n = {"empty": 0, "tiny": 3}.get(case, 100)
    area = np.full(n, -1) if case == "unassigned" else np.arange(n) % 3
    lang = [np.nan, None, "", "zh-CN", "EN"] * (n // 5) + ["en"] * (n % 5)
    sub = [None] * n if case == "no codes" else ["A63H"] * n
    if case == "nan languages":
        lang = [float("nan")] * n
    out = language_balance(area, lang, ["title", "abstract"] * (n // 2) + ["title"] * (n % 2), sub)
    assert out["patents"] == n and out["verdict"] in ("mixed", "one language")
    assert balance_text({"language_balance": out}, "en") is not None


def test_agreement_is_counted_from_pairs():
    # Subclass A: zh,zh in area 0, en in area 0, en in area 1. Same-language pairs: (zh,zh) same
    # area, (en,en) not: 1/2. Cross pairs: 4, sharing an area: 2 -> 1/2. Ratio 1.
    import landscape.analyse.language_balance as lb

    old = lb.MIN_PAIRS
    lb.MIN_PAIRS = 1
    try:
        out = cross_agreement(["A"] * 4, ["zh", "zh", "en", "en"], [0, 0, 0, 1])
    finally:
        lb.MIN_PAIRS = old
    assert out == {"agreement": 1.0, "cross_pairs": 4, "same_pairs": 2}


def test_text_type_and_subclasses_from_records():
    assert text_type("Lamp", "An LED lamp with a heat sink and a phosphor layer.") == "abstract"
    assert text_type("一种灯具", None) == "title"
    assert text_type("一种灯具", "无") == "title"  # a placeholder is no abstract
    long_title = "A lamp with a heat sink and a phosphor layer, long"
    assert text_type(long_title, long_title) == "title"  # the title again is no abstract
    assert first_subclasses([["H01L33/64", "F21V29/00"], [], None, "a63h33/04", np.array(["B29C45/17"])]) == \
        ["H01L", None, None, "A63H", "B29C"]


# --------------------------------------------------------------- a built map, app and report

@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    """A planted map of three subjects in Chinese and English (the hashing embedder shares
    no words across languages, so it splits them), and a copy without the balance."""
    from test_report import _planted

    from landscape import pipeline
    from landscape.maps import update_bundle
    from landscape.store import Store

    ws = tmp_path_factory.mktemp("balance")
    src = ws / "planted.csv"
    src.write_text("planted")
    records = _planted()
    for r in records[::4]:
        r.abstract = None  # some title-only records
    with Store.open(ws) as store:
        store.import_source(src, "test", list(enumerate(records, start=2)))
    pipeline.build(ws, name="planted", ids=[r.id for r in records],
                   options=pipeline.BuildOptions(model="hashing", show_progress=False))
    shutil.copytree(ws / "maps" / "planted", ws / "maps" / "older")
    update_bundle(ws, "older", manifest={"language_balance": None})
    return ws


def test_the_manifest_of_a_built_map_carries_it(ws):
    from landscape.maps import read_bundle

    b = read_bundle(ws, "planted")
    balance = b.manifest["language_balance"]
    assert balance["language"]["counts"] == b.points["lang"].value_counts().to_dict()
    assert balance["patents"] == len(b.points)
    docs = b.table("documents")
    # The planted records without an abstract, and those whose abstract is a short placeholder.
    titles_only = sum(not isinstance(a, str) or len(a) < 30 for a in docs["abstract"])
    assert balance["text_type"]["counts"]["title"] == titles_only > int(docs["abstract"].isna().sum()) > 0
    assert balance == map_language_balance(b.points, b.table("documents"))
    assert balance["language"]["verdict"] in ("mixed", "split")


def test_analysing_an_older_map_adds_it(ws):
    from landscape import pipeline
    from landscape.maps import read_bundle

    shutil.copytree(ws / "maps" / "older", ws / "maps" / "reanalysed")
    assert read_bundle(ws, "reanalysed").manifest["language_balance"] is None
    pipeline.analyse(ws, "reanalysed")
    assert read_bundle(ws, "reanalysed").manifest["language_balance"] == \
        read_bundle(ws, "planted").manifest["language_balance"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_map_page_shows_it(ws, monkeypatch, lang):
    from test_app import run_app, texts

    from landscape.maps import read_bundle

    expected = balance_text(read_bundle(ws, "planted").manifest, lang)
    shown = texts(run_app(ws, monkeypatch, page="map", lang=lang))
    assert expected.mix in shown and expected.verdict in shown
    assert ("English" if lang == "en" else "英文") in expected.mix
    older = texts(run_app(ws, monkeypatch, page="map", lang=lang, map_name="older"))
    assert expected.mix not in older  # an older map opens, without the line


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_says_it(ws, lang):
    pytest.importorskip("weasyprint")
    from landscape.maps import read_bundle
    from landscape.report import report_html

    b = read_bundle(ws, "planted")
    expected = balance_text(b.manifest, lang)
    page = html_lib.unescape(report_html(b, lang))
    assert expected.mix in page and expected.verdict in page
    older = html_lib.unescape(report_html(read_bundle(ws, "older"), lang))
    assert expected.mix not in older


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")
def test_the_pdf_says_it(ws, tmp_path):
    pytest.importorskip("weasyprint")
    from landscape.maps import read_bundle
    from landscape.report import write_report

    out = write_report(ws, "planted", tmp_path / "report.pdf", lang="zh")
    text = _squash(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout)
    expected = balance_text(read_bundle(ws, "planted").manifest, "zh")
    assert _squash(expected.mix) in text
