"""The industry report: PDF in both languages (sections, numbers, embedded fonts), the Excel
export against the bundle's tables, a self-contained HTML file, and missing or empty analyses."""
from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess

import numpy as np
import pytest

from landscape import pipeline
from landscape.maps import read_bundle, update_bundle
from landscape.report import ReportError, report_html, write_report
from landscape.report.excel import SHEETS, sheet_name, sheet_tables
from landscape.report.strings import column_name, tr
from landscape.schema import PatentRecord
from landscape.store import Store

pytest.importorskip("weasyprint")
pytest.importorskip("matplotlib")
POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")
SECTIONS = ("summary", "method", "map", "areas", "applicants", "alerts", "white_spaces", "effects", "appendix")

# Three planted technologies with their own words (ours, not patent text), in two languages.
_THEMES = {
    "toy": (["building block", "magnet", "snap fit", "toy brick", "child", "stacking", "low cost"],
            ["积木", "磁铁", "拼插", "玩具", "儿童", "堆叠"], "A63H33/04"),
    "led": (["light emitting diode", "heat sink", "lamp", "luminous flux", "phosphor", "energy saving"],
            ["发光二极管", "散热器", "灯具", "光通量", "荧光粉", "路灯"], "H01L33/64"),
    "mould": (["injection mould", "polymer melt", "cavity", "resin", "cooling channel", "safety"],
              ["注塑模具", "熔体", "型腔", "树脂", "冷却水道", "顶针"], "B29C45/17"),
}
NEWCO = "NEWCO LIGHTING"


def _record(rng, pid, theme, year, applicant, country, chinese):
    en, zh, code = _THEMES[theme]
    if chinese:
        title = "一种" + "".join(rng.choice(zh, size=3))
        abstract = "本装置包括" + "、".join(rng.choice(zh, size=4)) + "。"
    else:
        title = " ".join(rng.choice(en, size=4)).capitalize()
        abstract = "A device with " + ", ".join(rng.choice(en, size=5)) + "."
    return PatentRecord(id=pid, title=title, abstract=abstract, lang="zh" if chinese else "en", ipc=[code],
                        applicants=[applicant], applicants_norm=[applicant], country=country,
                        year_hint=year, source=f"planted#{pid}")


def _planted(per_theme=70, seed=0):
    rng = np.random.default_rng(seed)
    recs = []
    for t, theme in enumerate(_THEMES):
        for i in range(per_theme):
            applicant = f"{theme.upper()} MAKER {i % 3 + 1}"
            recs.append(_record(rng, f"CN{1000000 + 1000 * t + i}A", theme, 2008 + i % 14, applicant, "CN",
                                chinese=i % 3 == 0))
    # A foreign newcomer in the LED area during the recent window: a new-entrant alert.
    for i in range(9):
        recs.append(_record(rng, f"US{9000000 + i}B2", "led", 2017 + i % 3, NEWCO, "US", chinese=False))
    return recs


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    ws = tmp_path_factory.mktemp("report")
    src = ws / "planted.csv"
    src.write_text("planted")
    with Store.open(ws) as store:
        store.import_source(src, "test", list(enumerate(_planted(), start=2)))
        ids = [r[0] for r in store.con.execute("SELECT id FROM patents ORDER BY id").fetchall()]
    pipeline.build(ws, name="planted", ids=ids,
                   options=pipeline.BuildOptions(model="hashing", show_progress=False))
    pipeline.analyse(ws, "planted")
    maps = ws / "maps"
    # The same map before analysis, and with analyses that found nothing.
    shutil.copytree(maps / "planted", maps / "bare")
    update_bundle(ws, "bare", remove=("white_spaces", "alerts", "trends", "trend_summary", "effects", "competitors",
                                      "concentration", "leading_applicants", "effect_gaps", "fastest_growing",
                                      "groups"))
    shutil.copytree(maps / "planted", maps / "quiet")
    b = read_bundle(ws, "planted")
    update_bundle(ws, "quiet", tables={name: b.table(name).iloc[:0] for name in ("white_spaces", "alerts")})
    return ws


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdffonts) not installed")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_has_every_section_the_numbers_and_embedded_fonts(ws, tmp_path, lang):
    out = write_report(ws, "planted", tmp_path / f"report-{lang}.pdf", lang=lang)
    assert out.read_bytes()[:5] == b"%PDF-"
    text = _squash(subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                                  check=True).stdout)
    for key in SECTIONS:
        assert _squash(tr(f"sec.{key}", lang)) in text, key
    b = read_bundle(ws, "planted")
    assert f"{len(b.points):,}" in text  # the patent count
    largest = b.points["area"].value_counts()
    assert f"{int(largest.iloc[0]):,}" in text  # the largest area's size
    alerts = b.table("alerts")
    assert len(alerts) and NEWCO in set(alerts["applicant"])  # the planted newcomer fired
    assert _squash(alerts["applicant"].iloc[0]) in text
    assert _squash(NEWCO) in text
    title = b.manifest.get(f"title_{lang}")  # None for a map of ids: the title names the map
    assert _squash(tr("title", lang, industry=title or "planted")) in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, "the PDF has no fonts"
    for row in rows:
        # Columns: name, type (may hold spaces), encoding, emb, sub, uni, object id, generation.
        assert row.split()[-5] == "yes", f"font not embedded: {row}"
    if lang == "zh":
        assert "Noto" in fonts and "CJK" in fonts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_excel_has_a_sheet_per_table_that_matches_the_bundle(ws, tmp_path, lang):
    openpyxl = pytest.importorskip("openpyxl")
    out = write_report(ws, "planted", tmp_path / f"tables-{lang}.xlsx", lang=lang)
    book = openpyxl.load_workbook(out, read_only=False)
    b = read_bundle(ws, "planted")
    tables = sheet_tables(b)
    assert book.sheetnames == [sheet_name(k, lang) for k in SHEETS if k == "about" or tables[k] is not None]
    assert tables["branch_summary"] is None  # no breakdown: no branch sheets (tests/test_report_breakdown.py)
    for key, df in tables.items():
        if df is None:
            continue
        sheet = book[sheet_name(key, lang)]
        assert sheet.max_row == len(df) + 1, key  # a header row, then one row per table row
        assert sheet.freeze_panes == "A2", key
        assert sheet.column_dimensions["A"].width >= 8
    areas = book[sheet_name("areas", lang)]
    headers = [c.value for c in areas[1]]
    assert column_name("patents", lang) in headers and column_name(f"label_{lang}", lang) in headers
    ids = [row[0] for row in areas.iter_rows(min_row=2, values_only=True)]
    assert ids == b.clusters["id"].tolist()
    patents = [row[headers.index(column_name("patents", lang))] for row in areas.iter_rows(min_row=2, values_only=True)]
    assert sum(patents) == len(b.points)
    comp = book[sheet_name("competitors", lang)]
    head = [c.value for c in comp[1]]
    assert column_name("applicant", lang) in head
    assert NEWCO in {row[head.index(column_name("applicant", lang))] for row in comp.iter_rows(min_row=2, values_only=True)}
    alerts = book[sheet_name("alerts", lang)]
    head = [c.value for c in alerts[1]]
    explanations = [row[head.index(column_name(f"explanation_{lang}", lang))]
                    for row in alerts.iter_rows(min_row=2, values_only=True)]
    assert explanations == b.table("alerts")[f"explanation_{lang}"].tolist()


def test_html_is_one_self_contained_file(ws):
    b = read_bundle(ws, "planted")
    html = report_html(b, "en")
    assert "http://" not in html and "https://" not in html
    sources = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", html)
    assert sources, "no figure or link at all"
    for s in sources:
        assert s.startswith(("data:image/png;base64,", "#")), s
    assert html.count("data:image/png;base64,") >= 4  # map, trends, applicants, effects
    assert "<link" not in html and "@import" not in html


def test_missing_analysis_says_to_run_landscape_analyse(ws, tmp_path):
    b = read_bundle(ws, "bare")
    for lang in ("zh", "en"):
        html = html_lib.unescape(report_html(b, lang))
        assert "landscape analyse --map bare" in html
        assert tr("missing", lang, table="alerts", name="bare") in html
    out = write_report(ws, "bare", tmp_path / "bare.xlsx", lang="en")
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(out)
    assert sheet_name("alerts", "en") not in book.sheetnames
    assert sheet_name("areas", "en") in book.sheetnames


def test_empty_analyses_say_nothing_was_found(ws):
    b = read_bundle(ws, "quiet")
    for lang in ("zh", "en"):
        html = html_lib.unescape(report_html(b, lang))
        assert tr("empty.white_spaces", lang) in html
        assert tr("empty.alerts", lang, rules=tr("ap.default", lang)) in html
        assert tr("sum.no_white_space", lang) in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_growth_in_the_report_is_the_analysed_table(ws, lang):
    from growth_checks import assert_growth_consistent

    from landscape.analyse.trends import fastest_growing
    from landscape.report.content import build_model
    from landscape.rules.years import basis_words

    b = read_bundle(ws, "planted")
    assert_growth_consistent(b)
    summary = b.table("trend_summary").set_index("area")
    model = build_model(b, lang)
    table = model.sections["areas"].tables["areas"]
    growth_col, trend_col = table.headers.index(tr("col.growth", lang)), table.headers.index(tr("col.trend", lang))
    for row in table.rows:
        area = summary.loc[int(row[0])]
        # The trend word beside each growth is the table's; a growth is never shown without one.
        assert row[trend_col] == tr(f"trends.{area['status'].replace(' ', '_')}", lang)
        if area["status"] == "too few":
            assert row[growth_col] == tr("trends.too_few", lang)
        else:
            assert row[growth_col].rstrip("%").lstrip("+").lstrip("-").isdigit()
    best = fastest_growing(summary.reset_index())
    text = " ".join(model.summary)
    if best is not None:
        # "The fastest-growing area" is the top of the printed table, with the table's sentence.
        assert best[f"summary_{lang}"] in text
    assert basis_words("filing", lang) in " ".join(v for _, v in model.meta)


def test_unknown_format_or_language_is_refused(ws, tmp_path):
    with pytest.raises(ReportError, match=r"\.pdf, \.html or \.xlsx"):
        write_report(ws, "planted", tmp_path / "report.docx")
    with pytest.raises(ReportError, match="zh or en"):
        write_report(ws, "planted", tmp_path / "report.pdf", lang="fr")


def test_analyse_writes_the_highlights_the_report_shows(ws):
    """The highlight tables are the analyses' own picks from the tables beside them, and the
    report prints them (the leading applicants of each area, the thinnest effect cell)."""
    import pandas as pd

    from landscape.analyse.applicants import groups_table
    from landscape.analyse.competitors import top_by_area
    from landscape.analyse.effects import candidate_gaps
    from landscape.analyse.trends import fastest_growing
    from landscape.present.highlights import leading_by_area
    from landscape.report.content import build_model

    b = read_bundle(ws, "planted")
    assert leading_by_area(b.table("leading_applicants")) == top_by_area(b.table("competitors"))
    gaps = b.table("effect_gaps")
    expected = candidate_gaps(b.table("effects"))
    assert gaps[["area", "effect", "count"]].equals(expected[["area", "effect", "count"]])
    best, row = b.table("fastest_growing"), fastest_growing(b.table("trend_summary"))
    assert (len(best) == 0) == (row is None)
    if row is not None:
        assert int(best.iloc[0]["area"]) == int(row["area"])
    pd.testing.assert_frame_equal(b.table("groups"), groups_table(b.table("applicants")), check_dtype=False)
    model = build_model(b, "en")
    areas = model.sections["areas"].tables["areas"]
    col = areas.headers.index(tr("col.top_applicants", "en"))
    top = top_by_area(b.table("competitors"))
    for row in areas.rows:
        leader = top.get(int(row[0]))
        if leader:
            assert row[col].startswith(f"{leader[0]['applicant']} ({leader[0]['count']})")


def test_a_map_analysed_before_the_highlights_says_to_reanalyse(ws):
    """A bundle whose analysis predates a highlight table: that part says to re-run
    `landscape analyse` (the report computes nothing in its place)."""
    from landscape.report.content import build_model

    maps = ws / "maps"
    shutil.rmtree(maps / "older", ignore_errors=True)
    shutil.copytree(maps / "planted", maps / "older")
    update_bundle(ws, "older", remove=("leading_applicants", "effect_gaps", "fastest_growing", "groups"))
    b = read_bundle(ws, "older")
    model = build_model(b, "en")
    notes = " ".join(model.sections["areas"].notes + model.sections["effects"].notes)
    for table in ("leading_applicants", "fastest_growing", "effect_gaps"):
        assert tr("reanalyse", "en", table=table, name="older") in notes
    assert "gaps" not in model.sections["effects"].tables
    assert "fastest-growing" not in " ".join(model.summary)
    assert sheet_tables(b)["gaps"] is None
