"""The report of a map with a technology breakdown: its chapter in both languages with the numbers
of branch_summary, the method chapter's breakdown part (with and without checked precision and
recall), the Excel sheets; a map without breakdown has no chapter."""
from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess

import pandas as pd
import pytest
from click.testing import CliRunner

from landscape.cli import main
from landscape.maps import read_bundle
from landscape.report import report_html, write_report
from landscape.report.excel import sheet_name
from landscape.report.model import pct
from landscape.report.strings import column_name, tr
from test_breakdown_quality import marked_copy
from test_report import POPPLER, _squash, ws  # noqa: F401 - ws is the planted map's fixture

TAXONOMY = '''name_en = "Planted industry"
name_zh = "种植产业"
[[branch]]
id = "toys"
name_en = "Toy bricks"
name_zh = "玩具积木"
description_en = "Building blocks, magnets and toy bricks for children."
description_zh = "儿童积木、磁铁与拼插玩具。"
codes = ["A63H33/04"]
[[branch]]
id = "magnet-bricks"
parent = "toys"
name_en = "Magnetic bricks"
name_zh = "磁力积木"
description_en = "Toy bricks held together by magnets."
description_zh = "以磁铁连接的积木。"
keywords_en = ["magnet"]
keywords_zh = ["磁铁"]
codes = ["A63H33/04"]
[[branch]]
id = "led"
name_en = "LED lighting"
name_zh = "LED 照明"
description_en = "Light emitting diodes, lamps and heat sinks."
description_zh = "发光二极管、灯具与散热器。"
codes = ["H01L33/64"]
[[branch]]
id = "mould"
name_en = "Injection moulds"
name_zh = "注塑模具"
description_en = "Injection moulds, cavities and cooling channels for resin."
description_zh = "注塑模具、型腔与冷却水道。"
codes = ["B29C45/17"]
'''


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def branched(ws):  # noqa: F811
    """The planted map (analysed) with a breakdown of its three planted technologies."""
    shutil.copytree(ws / "maps" / "planted", ws / "maps" / "branched")
    tax = ws / "planted.toml"
    tax.write_text(TAXONOMY, encoding="utf-8")
    run("breakdown", "--map", "branched", "--taxonomy", tax, "--workspace", ws)
    return ws


def _pdf_text(path) -> str:
    return _squash(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                  check=True).stdout)


def _text(html: str) -> str:
    return _squash(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) not installed")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_chapter_shows_the_branch_figures_and_a_map_without_breakdown_has_none(branched, tmp_path, lang):
    bundle = read_bundle(branched, "branched")
    summary = bundle.table("branch_summary")
    assert (summary["patents"] > 0).all()
    text = _pdf_text(write_report(branched, "branched", tmp_path / f"b-{lang}.pdf", lang=lang))
    assert _squash(tr("sec.breakdown", lang)) in text
    for r in summary.itertuples():
        name = getattr(r, f"name_{lang}")
        # Each branch's row: its name, patents and share of the map (level 2 indented, same row).
        assert _squash(f"{name}{r.patents}{pct(r.share, digits=1)}") in text, name
        assert _squash(f"{int(round(r.hhi)):,}/{pct(r.cr4)}") in text
        if r.level == 1:
            first = r.leading.split("; ")[0]
            assert _squash(first) in text
            assert _squash(f"{r.patents}") in text and _squash(pct(r.home_share)) in text
    led = summary.set_index("branch").loc["led"]
    assert _squash(pct(led["growth"], sign=True)) in text and led["trend"] != "too few"
    # The method chapter: the taxonomy, how it was assigned, and that nothing was checked yet.
    assert _squash(tr("m.breakdown", lang)) in text
    assert _squash("planted.toml") in text
    assert _squash(tr("m.bd.no_quality", lang)) in text
    plain = _pdf_text(write_report(branched, "planted", tmp_path / f"p-{lang}.pdf", lang=lang))
    assert _squash(tr("sec.breakdown", lang)) not in plain
    assert _squash(tr("m.bd.no_quality", lang)) not in plain


def test_checked_precision_and_recall_appear_in_the_method_chapter(branched, tmp_path):
    check = tmp_path / "check.xlsx"
    run("breakdown-sample", "--map", "branched", "--per-branch", 5, "--unassigned", 5, "--seed", 1, "--out", check,
        "--workspace", branched)
    # The analyst's rule: an LED patent is right in the LED branch only; every other row is right.
    marked = marked_copy(check, tmp_path / "marked.xlsx",
                         lambda r: "y" if (r["branch"] == "led") == ("LED" in str(r["applicant"])) else "n")
    run("breakdown-score", "--map", "branched", "--checked", marked, "--workspace", branched)
    bundle = read_bundle(branched, "branched")
    quality = bundle.manifest["breakdown_quality"]["branches"]
    for lang in ("en", "zh"):
        text = _text(report_html(bundle, lang))
        assert _squash(tr("m.bd.no_quality", lang)) not in text
        assert _squash(tr("col.precision", lang)) in text and "marked.xlsx" in text
        for bid in ("led", "mould", "toys"):
            f = quality[bid]
            interval = f"{pct(f['precision'])}[{pct(f['precision_low'])},{pct(f['precision_high'])}]"
            assert interval in text, (bid, interval)
            assert f"{pct(f['recall'])}[{pct(f['recall_low'])},{pct(f['recall_high'])}]" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_excel_has_the_branch_sheets(branched, tmp_path, lang):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(write_report(branched, "branched", tmp_path / f"b-{lang}.xlsx", lang=lang))
    bundle = read_bundle(branched, "branched")
    for key in ("branch_summary", "branch_applicants"):
        table = bundle.table(key)
        sheet = book[sheet_name(key, lang)]
        assert sheet.max_row == len(table) + 1
        head = [c.value for c in sheet[1]]
        assert column_name("branch", lang) in head and column_name("patents", lang) in head
        got = [row[head.index(column_name("patents", lang))] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert got == table["patents"].tolist()
    # Every per-branch table has its sheet, row for row, each row naming its branch in the language.
    names = bundle.table("branch_summary").set_index("branch")[f"name_{lang}"]
    for key in ("branch_years", "branch_areas", "branch_alerts", "branch_white_spaces"):
        table = bundle.table(key)
        sheet = book[sheet_name(key, lang)]
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == len(table) + 1, key
        head = list(rows[0])
        assert [r[head.index(column_name("branch", lang))] for r in rows[1:]] == table["branch"].tolist()
        assert [r[head.index(column_name("name", lang))] for r in rows[1:]] == names.loc[table["branch"]].tolist()
        assert "grid" not in head and "cell_ids" not in head  # geometry for programs, unreadable in a cell
    assert len(bundle.table("branch_years")) and len(bundle.table("branch_areas"))
    # The checked precision and recall, as breakdown-score wrote them; no sheet when unchecked.
    quality = (bundle.manifest.get("breakdown_quality") or {}).get("branches")
    if quality:
        rows = list(book[sheet_name("breakdown_quality", lang)].iter_rows(values_only=True))
        head = list(rows[0])
        got = {r[head.index(column_name("branch", lang))]: r[head.index(column_name("precision", lang))]
               for r in rows[1:]}
        assert got == {b: f["precision"] for b, f in quality.items()}
    else:
        assert sheet_name("breakdown_quality", lang) not in book.sheetnames
    plain = openpyxl.load_workbook(write_report(branched, "planted", tmp_path / f"p-{lang}.xlsx", lang=lang))
    assert not {sheet_name(k, lang) for k in ("branch_summary", "branch_years", "breakdown_quality")} & set(plain.sheetnames)
    assert isinstance(pd.read_excel(tmp_path / f"b-{lang}.xlsx", sheet_name=sheet_name("branch_summary", lang)),
                      pd.DataFrame)


def test_the_method_names_the_examples_file_only_when_there_is_one(branched, tmp_path):
    bundle = read_bundle(branched, "branched")
    for lang in ("en", "zh"):
        assert {"en": "hand-labelledpatents", "zh": "件人工标注的专利"}[lang] not in _text(report_html(bundle, lang))
    shutil.copytree(branched / "maps" / "planted", branched / "maps" / "examples")
    ids = bundle.points["id"].head(2).tolist()
    examples = tmp_path / "labelled.csv"
    examples.write_text(f"id,branch\n{ids[0]},led\n{ids[1]},mould\n", encoding="utf-8")
    run("breakdown", "--map", "examples", "--taxonomy", branched / "planted.toml", "--examples", examples,
        "--workspace", branched)
    with_examples = read_bundle(branched, "examples")
    for lang in ("en", "zh"):
        said = _squash(tr("m.bd.examples", lang, n=2, file="labelled.csv"))
        assert said in _text(report_html(with_examples, lang))


def test_a_breakdown_without_branch_figures_says_how_to_make_them(branched):
    from landscape.maps import update_bundle

    shutil.copytree(branched / "maps" / "branched", branched / "maps" / "older")
    update_bundle(branched, "older", remove=("branch_summary", "branch_years", "branch_areas", "branch_applicants"))
    for lang in ("en", "zh"):
        text = _text(report_html(read_bundle(branched, "older"), lang))
        assert _squash(tr("sec.breakdown", lang)) in text
        assert _squash(tr("bd.missing", lang, name="older")) in text


def test_excel_has_the_checked_precision_and_recall(branched, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    shutil.copytree(branched / "maps" / "branched", branched / "maps" / "checked")
    check = tmp_path / "check.xlsx"
    run("breakdown-sample", "--map", "checked", "--per-branch", 4, "--unassigned", 4, "--seed", 2, "--out", check,
        "--workspace", branched)
    marked = marked_copy(check, tmp_path / "marked.xlsx", lambda r: "y" if r["branch"] != "mould" else "n")
    run("breakdown-score", "--map", "checked", "--checked", marked, "--workspace", branched)
    quality = read_bundle(branched, "checked").manifest["breakdown_quality"]["branches"]
    for lang in ("zh", "en"):
        rows = list(openpyxl.load_workbook(write_report(branched, "checked", tmp_path / f"c-{lang}.xlsx", lang=lang))[
            sheet_name("breakdown_quality", lang)].iter_rows(values_only=True))
        head = list(rows[0])
        got = {r[head.index(column_name("branch", lang))]: (r[head.index(column_name("precision", lang))],
                                                            r[head.index(column_name("recall_high", lang))])
               for r in rows[1:]}
        assert got == {b: (f["precision"], f["recall_high"]) for b, f in quality.items()}
        assert got["mould"][0] == 0.0 and got["led"][0] == 1.0
