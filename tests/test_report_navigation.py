"""The navigation report (GB/T 39551.3): a map navigated by hand for a city has three parts in
order (industry direction, regional position, development path) in both languages, the region's
figures in the HTML and the PDF, its sheets in the workbook; a map not navigated is reported as
before, and ``--region`` on it says to run ``landscape navigate`` first."""
from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess

import pandas as pd
import pytest
from click.testing import CliRunner

from landscape.cli import main
from landscape.maps import read_bundle, update_bundle
from landscape.report import ReportError, report_html, write_report
from landscape.report.content import build_model
from landscape.report.excel import SHEETS, sheet_name
from landscape.report.nav_strings import NAV_STRINGS
from landscape.report.strings import column_name, tr
from test_report import POPPLER, SECTIONS, _squash, ws  # noqa: F401 - ws is the planted map's fixture

REGION = "汕头市"
CHAIN = [["world", "World"], ["country", "CN"], ["province", "广东省"], ["city", REGION]]
#: Each level's part of the world's patents in every area (hand-made, not a navigation's rule).
PART = {"world": 1.0, "country": 0.8, "province": 0.4, "city": 0.15}
NAVIGATION = {"region": {"name": REGION, "level": "city", "chain": CHAIN}, "at": "2025-03-01T10:00:00+00:00",
              "coverage": {"inventors": 0.62, "citations": 0.35, "claims": 0.9, "legal_status": 0.8},
              "value": {"weights": {"citations": 0.4, "family_size": 0.2, "claims": 0.2, "legal": 0.2},
                        "parts": ["citations", "family_size", "claims", "legal"]}}
PLACES = {"TOY": ("广东省", REGION, "龙湖区"), "LED": ("广东省", "深圳市", "南山区"), "MOULD": ("浙江省", "宁波市", "北仑区")}
STRONG_TEXT = {"en": "31 patents in Shantou, specialisation 1.84, world growth +12% a year; keep the lead.",
               "zh": "汕头 31 件，专业化指数 1.84，全球年均增长 +12%，巩固优势。"}


def _areas(bundle) -> list[int]:
    return [int(a) for a in bundle.points["area"].value_counts().index if a >= 0]


def navigation_tables(bundle) -> dict[str, pd.DataFrame]:
    """The tables ``landscape navigate`` writes (docs/navigation.md), made by hand from the map."""
    sizes = bundle.points["area"].value_counts()
    areas = _areas(bundle)
    rows = []
    for level, name in CHAIN:
        total = 0
        for i, a in enumerate(areas):
            n = int(round(int(sizes[a]) * PART[level] * (1 + 0.5 * (i == 0 and level == "city"))))
            total += n
            rows.append({"level": level, "region": name, "area": a, "branch": None, "count": n,
                         "share": n / int(sizes[a]), "growth": 0.12 if level == "world" else 0.05 * (i + 1),
                         "growth_status": "growing", "specialisation": 1.84 if i == 0 else 0.62,
                         "inventions": n // 2, "utility_models": n - n // 2, "designs": 0, "granted": n // 3,
                         "grant_rate": 0.71, "in_force_share": 0.64, "pct": n // 10, "citations": 3 * n})
        rows.append({"level": level, "region": name, "area": None, "branch": None, "count": total,
                     "share": total / len(bundle.points), "growth": 0.09, "growth_status": "growing",
                     "specialisation": 1.0, "inventions": total // 2, "utility_models": total - total // 2,
                     "designs": 0, "granted": total // 3, "grant_rate": 0.68, "in_force_share": 0.61,
                     "pct": total // 10, "citations": 3 * total})
    regions = pd.DataFrame(rows).astype({"area": "Int64"})
    positions = ["strong", "weak", "absent"] + ["average"] * len(areas)
    positioning = pd.DataFrame({
        "area": pd.array(areas, dtype="Int64"), "branch": [None] * len(areas), "position": positions[:len(areas)],
        "region_count": [31, 4, 0, *[5] * (len(areas) - 3)][:len(areas)],
        "specialisation": [1.84, 0.37, 0.0, *[1.0] * (len(areas) - 3)][:len(areas)],
        "world_growth": [0.12, 0.21, 0.3, *[0.0] * (len(areas) - 3)][:len(areas)],
        "world_status": ["growing"] * len(areas), "local_applicants": [3, 1, 0, *[1] * (len(areas) - 3)][:len(areas)],
        "reason": ["31 patents, SI 1.84", "4 patents, SI 0.37", "0 patents", *["SI 1.00"] * (len(areas) - 3)][:len(areas)]})
    leaders = []
    for scope, area in (("all", None), *(("area", a) for a in areas)):
        for inside, groups in ((True, ["TOY MAKER 1", "TOY MAKER 2"]), (False, ["LED MAKER 1", "NEWCO LIGHTING"])):
            for rank, group in enumerate(groups, start=1):
                province, city, _ = PLACES.get(group.split()[0], (None, None, None))
                leaders.append({"scope": scope, "area": area, "branch": None, "inside": inside, "rank": rank,
                                "group": group, "type": "enterprise", "country": "US" if "NEWCO" in group else "CN",
                                "province": province, "city": city, "patents": 23 - 5 * rank, "growth": 0.1,
                                "invention_share": 0.55})
    region_applicants = pd.DataFrame(leaders).astype({"area": "Int64"})
    inventors = pd.DataFrame({"inventor": ["张伟", "李娜", "王芳"], "patents": [17, 9, 6],
                              "applicants": [["TOY MAKER 1", "TOY MAKER 2"], ["TOY MAKER 1"], ["汕头大学"]],
                              "areas": [[areas[0]], [areas[0]], [areas[-1]]], "first_year": [2010, 2012, 2015],
                              "last_year": [2021, 2020, 2019], "moves": [1, 0, 0], "ambiguous": [True, False, False],
                              "region": [REGION] * 3})
    collaboration = pd.DataFrame({"a": ["TOY MAKER 1", "TOY MAKER 2"], "b": ["汕头大学", "TOY MAKER 3"],
                                  "patents": [7, 2], "a_type": ["enterprise", "enterprise"],
                                  "b_type": ["university", "enterprise"], "kind": ["firm–university", "firm–firm"],
                                  "community": [0, 0], "areas": [[areas[0]], [areas[0]]]})
    core = []
    for a in areas:
        ids = bundle.points.loc[bundle.points["area"] == a, "id"].head(4).tolist()
        for rank, pid in enumerate(ids, start=1):
            core.append({"id": pid, "area": a, "value": 0.9 - 0.1 * rank, "rank_in_area": rank,
                         "citations_per_year": 2.5, "family_size": 4, "claims": 12, "legal": "in force",
                         "granted": True})
    recommendations = pd.DataFrame({
        "kind": ["strengthen", "cultivate", "attract_firms", "partner", "portfolio"],
        "area": pd.array([areas[0], areas[1], areas[1], areas[0], None], dtype="Int64"),
        "branch": [None] * 5,
        "text_en": [STRONG_TEXT["en"], "Grows 21% a year worldwide; Shantou holds 4 patents (SI 0.37).",
                    "LED MAKER 1 leads with 18 patents outside the region.",
                    "TOY MAKER 1 and 汕头大学 share 7 patents; extend the link.",
                    "Keep the 12 core patents in force."],
        "text_zh": [STRONG_TEXT["zh"], "全球年均增长 21%，汕头仅 4 件（专业化指数 0.37）。",
                    "区域外的 LED MAKER 1 拥有 18 件，居首位。", "TOY MAKER 1 与汕头大学共同申请 7 件，可深化合作。",
                    "维持 12 件核心专利的有效性。"]})
    applicants = bundle.table("applicants").copy()
    first = applicants["applicant"].str.split().str[0]
    for i, col in enumerate(("province", "city", "district")):
        applicants[col] = [PLACES.get(f, (None, None, None))[i] for f in first]
    applicants["type"] = "enterprise"
    applicants["region_from"] = ["address" if f == "TOY" else "name" for f in first]
    applicants["type_from"] = "name rules"
    return {"regions": regions, "positioning": positioning, "region_applicants": region_applicants,
            "inventors": inventors, "collaboration": collaboration, "core_patents": pd.DataFrame(core),
            "recommendations": recommendations, "applicants": applicants}


def navigate_by_hand(workspace, source: str, name: str) -> None:
    shutil.rmtree(workspace / "maps" / name, ignore_errors=True)
    shutil.copytree(workspace / "maps" / source, workspace / "maps" / name)
    update_bundle(workspace, name, tables=navigation_tables(read_bundle(workspace, name)),
                  manifest={"navigation": NAVIGATION})


@pytest.fixture(scope="module")
def navigated(ws):  # noqa: F811
    navigate_by_hand(ws, "planted", "navigated")
    return ws


def _text(html: str) -> str:
    return _squash(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))


PARTS = ("part.direction", "part.position", "part.path")
NAV_SECTIONS = ("region", "innovators", "talent", "quality", "path")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_model_has_the_three_parts_in_order(navigated, lang):
    model = build_model(read_bundle(navigated, "navigated"), lang)
    assert [p[1] for p in model.parts] == [tr(k, lang) for k in PARTS]
    direction, position, path = (p[3] for p in model.parts)
    assert direction[0] == "map" and "effects" in direction
    assert position == ("region", "innovators", "talent", "quality") and path == ("path",)
    keys = list(model.sections)
    # The sections run in the parts' order, the method before them and the appendix after.
    order = [keys.index(k) for k in (*direction, *position, *path)]
    assert order == sorted(order) and keys[0] == "method" and keys[-1] == "appendix"
    assert REGION in model.title
    text = _text(report_html(read_bundle(navigated, "navigated"), lang))
    at = [text.index(_squash(tr(k, lang))) for k in PARTS]
    assert at == sorted(at)
    # Each part heading sits above its first chapter (after the table of contents).
    body = text[text.index(_squash(tr("sum.intro", lang, industry=model.industry))):]
    assert [body.index(_squash(tr(k, lang))) for k in PARTS] == sorted(body.index(_squash(tr(k, lang))) for k in PARTS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_region_figures_are_in_the_html(navigated, lang):
    bundle = read_bundle(navigated, "navigated")
    tables = navigation_tables(read_bundle(navigated, "planted"))
    text = _text(report_html(bundle, lang))
    regions = tables["regions"]
    own = regions[(regions["level"] == "city") & regions["area"].isna()].iloc[0]
    assert _squash(tr("nav.region.total", lang, region=REGION, n=int(own["count"]), world=len(bundle.points),
                      share=f"{own['share'] * 100:.1f}%", growth="+9%")) in text
    assert "1.84" in text and _squash(tr("nav.position.strong", lang)) in text
    assert _squash(STRONG_TEXT[lang]) in text  # the recommendation as the table says it
    assert _squash(tr("nav.kind.strengthen", lang)) in text and _squash(tr("nav.kind.partner", lang)) in text
    assert "张伟*" in text and _squash(tr("nav.inv.note", lang)) in text  # the ambiguous name, honestly marked
    assert "汕头大学" in text and _squash(tr("nav.type.university", lang)) in text
    assert "0.4×" in text.replace(" ", "")  # the value formula, stated
    core = tables["core_patents"]
    assert core["id"].iloc[0] in text
    # The method: coverage of each navigation field, with the thin one said in words.
    assert _squash(tr("m.nav", lang)) in text and "35%" in text and "62%" in text
    assert _squash(tr("m.nav.low", lang, field=tr("nav.field.citations", lang), share="35%")) in text
    for key in NAV_SECTIONS:
        assert _squash(tr(f"sec.{key}", lang)) in text, key


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) not installed")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_has_the_parts_and_the_region(navigated, tmp_path, lang):
    out = write_report(navigated, "navigated", tmp_path / f"nav-{lang}.pdf", lang=lang, region=REGION)
    text = _squash(subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                                  check=True).stdout)
    for key in PARTS:
        assert _squash(tr(key, lang)) in text, key
    assert REGION in text and "1.84" in text
    for key in (*SECTIONS[1:], *NAV_SECTIONS):
        assert _squash(tr(f"sec.{key}", lang)) in text, key


def test_a_map_without_navigation_is_reported_as_before(navigated):
    for lang in ("zh", "en"):
        model = build_model(read_bundle(navigated, "planted"), lang)
        assert model.parts == [] and not set(NAV_SECTIONS) & set(model.sections)
        assert model.title == tr("title", lang, industry=model.industry)
        text = _text(report_html(read_bundle(navigated, "planted"), lang))
        for key in PARTS:
            assert _squash(tr(key, lang)) not in text


def test_a_navigation_missing_a_table_says_to_navigate_again(navigated):
    shutil.rmtree(navigated / "maps" / "partial", ignore_errors=True)
    shutil.copytree(navigated / "maps" / "navigated", navigated / "maps" / "partial")
    update_bundle(navigated, "partial", remove=("positioning", "region_applicants", "core_patents", "recommendations",
                                                "collaboration"),
                  tables={"inventors": navigation_tables(read_bundle(navigated, "planted"))["inventors"].iloc[:0]})
    for lang in ("zh", "en"):
        text = _text(report_html(read_bundle(navigated, "partial"), lang))
        for table in ("positioning", "region_applicants", "core_patents", "recommendations", "collaboration"):
            assert _squash(tr("nav.region.missing", lang, table=table, name="partial", region=REGION)) in text
        assert _squash(tr("nav.inv.none", lang)) in text
        assert _squash(tr("part.path", lang)) in text


def test_region_option_needs_a_map_navigated_for_that_region(navigated, tmp_path):
    with pytest.raises(ReportError, match="landscape navigate --map planted --region 汕头市"):
        write_report(navigated, "planted", tmp_path / "r.pdf", region=REGION)
    with pytest.raises(ReportError, match="navigated for 汕头市, not 潮州市"):
        write_report(navigated, "navigated", tmp_path / "r.html", region="潮州市")
    result = CliRunner().invoke(main, ["report", "--map", "planted", "--region", REGION, "--out",
                                       str(tmp_path / "r.pdf"), "--workspace", str(navigated)])
    assert result.exit_code != 0 and "landscape navigate" in result.output
    assert len([line for line in result.output.strip().splitlines() if line.strip()]) == 1
    ok = CliRunner().invoke(main, ["report", "--map", "navigated", "--region", REGION, "--lang", "en", "--out",
                                   str(tmp_path / "r.html"), "--workspace", str(navigated)])
    assert ok.exit_code == 0, ok.output


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_excel_has_the_navigation_sheets(navigated, tmp_path, lang):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(write_report(navigated, "navigated", tmp_path / f"n-{lang}.xlsx", lang=lang))
    tables = navigation_tables(read_bundle(navigated, "planted"))
    keys = ("regions", "positioning", "region_applicants", "core_patents", "collaboration", "inventors",
            "recommendations")
    for key in keys:
        sheet = book[sheet_name(key, lang)]
        assert sheet.max_row == len(tables[key]) + 1, key
    head = [c.value for c in book[sheet_name("positioning", lang)][1]]
    assert column_name("specialisation", lang) in head and column_name("position", lang) in head
    positions = [r[head.index(column_name("position", lang))]
                 for r in book[sheet_name("positioning", lang)].iter_rows(min_row=2, values_only=True)]
    assert positions[0] == tr("nav.position.strong", lang)
    head = [c.value for c in book[sheet_name("recommendations", lang)][1]]
    texts = [r[head.index(column_name(f"text_{lang}", lang))]
             for r in book[sheet_name("recommendations", lang)].iter_rows(min_row=2, values_only=True)]
    assert texts[0] == STRONG_TEXT[lang]
    plain = openpyxl.load_workbook(write_report(navigated, "planted", tmp_path / f"p-{lang}.xlsx", lang=lang))
    assert not {sheet_name(k, lang) for k in keys} & set(plain.sheetnames)
    assert list(SHEETS)[-len(keys):] == list(keys)


def test_every_navigation_sentence_has_both_languages():
    for key, entry in NAV_STRINGS.items():
        assert set(entry) == {"en", "zh"}, key
        assert entry["en"].strip() and entry["zh"].strip(), key
        assert set(re.findall(r"{(\w+)", entry["en"])) == set(re.findall(r"{(\w+)", entry["zh"])), key


def test_operations_table_shows_the_status_mix_and_events_per_level():
    from landscape.report.navigation import _operations

    nav = {"region": {"name": "汕头市", "level": "city", "chain": [["world", "world"], ["city", "汕头市"]]}}
    regions = pd.DataFrame({"level": ["world", "city"], "region": ["world", "汕头市"], "area": pd.array([pd.NA, pd.NA], dtype="Int64"),
                            "branch": [None, None], "count": [100, 10], "in_force": [60, 4], "pending": [20, 3],
                            "lapsed": [20, 3], "transfers": [7, 2], "licences": [1, 0], "pledges": [3, 1],
                            "litigations": [0, 0], "invalidations": [1, 0]})
    (block,) = _operations(regions, nav, "zh")
    assert block["table"].headers[:4] == ["区域", "有效", "审中", "失效"] and "转让" in block["table"].headers
    assert block["table"].rows[1][0] == "汕头市" and block["table"].rows[1][4] == "2"
    # An export without legal data: one sentence, no empty table.
    bare = regions.assign(**{c: 0 for c in ("in_force", "pending", "lapsed", "transfers", "licences", "pledges",
                                            "litigations", "invalidations")})
    assert "table" not in _operations(bare, nav, "en")[0]


def test_the_value_sentence_reports_the_check_against_the_exports_citations():
    from landscape.report.navigation import value_formula

    nav = {"value": {"weights": {"citations": 0.6, "legal": 0.4}, "parts": ["citations", "legal"],
                     "agreement": {"citations": "cited_by_count", "n": 120, "spearman": 0.8312, "top_k": 20,
                                   "top_k_overlap": 0.75}}}
    assert "ρ = 0.83 over 120 patents; 15 of the 20" in value_formula(nav, "en")
    nav["value"]["agreement"] = {"citations": "cited_by_count", "n": 0, "spearman": None}
    assert "无法据此核验" in value_formula(nav, "zh")
