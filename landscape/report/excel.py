"""The report's tables as one Excel workbook: one sheet per bundle table, headers in the
report's language, list cells as text, frozen header row, filters and readable widths."""
from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd

from landscape.maps import MapBundle
from landscape.report.strings import column_name, tr

#: Sheet key -> (English name, Chinese name); the order is the workbook's.
SHEETS: dict[str, tuple[str, str]] = {
    "about": ("About", "说明"),
    "areas": ("Areas", "技术领域"),
    "topics": ("Topics", "细分主题"),
    "applicants": ("Applicant list", "申请人名录"),
    "competitors": ("Applicants", "申请人"),
    "concentration": ("Concentration", "集中度"),
    "alerts": ("Alerts", "风险预警"),
    "white_spaces": ("White spaces", "技术空白点"),
    "trend_summary": ("Area trends", "领域趋势"),
    "trends": ("Trends", "发展趋势"),
    "effects": ("Effects", "技术功效"),
    "gaps": ("Effect gaps", "功效空白"),
    "branch_summary": ("Branches", "技术分支"),
    "branch_applicants": ("Branch applicants", "分支申请人"),
    "branch_years": ("Branch years", "分支年度申请量"),
    "branch_areas": ("Branch areas", "分支所跨领域"),
    "branch_alerts": ("Branch alerts", "分支预警"),
    "branch_white_spaces": ("Branch white spaces", "分支周边空白点"),
    "breakdown_quality": ("Breakdown check", "分解查全查准"),
    # The regional navigation (landscape navigate); a map not navigated has none of these.
    "regions": ("Regions", "区域专利"),
    "positioning": ("Positioning", "区域定位"),
    "region_applicants": ("Region applicants", "区域内外申请人"),
    "core_patents": ("Core patents", "核心专利"),
    "collaboration": ("Collaboration", "合作申请"),
    "inventors": ("Inventors", "发明人"),
    "recommendations": ("Recommendations", "发展路径建议"),
}
#: The navigation's sheets, in the workbook's order.
_NAVIGATION = ("regions", "positioning", "region_applicants", "core_patents", "collaboration", "inventors",
               "recommendations")
#: Columns whose name means something else in another sheet: renamed for their header.
_RENAME = {"inventors": {"areas": "area_list"}, "collaboration": {"areas": "area_list"},
           "core_patents": {"value": "patent_value"}}
#: Sheets keyed by branch id: a name column in the report's language goes beside it.
_BRANCH_KEYED = ("branch_applicants", "branch_years", "branch_areas", "branch_alerts", "branch_white_spaces")
#: Geometry only a program redraws from; it makes unreadable cells.
_DROP = {"white_spaces": ["cell_ids", "grid"], "branch_white_spaces": ["cell_ids", "grid"]}
MAX_CELL = 32_000  # Excel holds at most 32,767 characters in a cell
#: Columns holding a 0-1 share or a growth rate: shown as percentages.
PERCENT = {"share", "top_share", "home_share", "foreign_share", "growth", "share_of_year", "share_of_area",
           "cr4", "ring_growth", "emptiness", "share_before", "share_recent", "unknown_origin_share",
           "precision", "precision_low", "precision_high", "recall", "recall_low", "recall_high",
           "grant_rate", "in_force_share", "invention_share", "world_growth"}
#: Columns of codes that read better as words: column -> string key prefix.
_WORDS = {"kind": "alert.kind.", "severity": "severity.", "period": "period.", "status": "trends.",
          "trend": "trends."}
#: Sheets whose columns of the same name hold other codes.
_SHEET_WORDS = {"applicants": {"kind": "applicant.kind.", "decided_by": "origin.rule.", "type": "nav.type.",
                              "region_from": "nav.from."},
                "regions": {"level": "nav.level.", "growth_status": "trends."},
                "positioning": {"position": "nav.position.", "world_status": "trends."},
                "region_applicants": {"type": "nav.type."},
                "collaboration": {"a_type": "nav.type.", "b_type": "nav.type."},
                "recommendations": {"kind": "nav.kind."}}


def sheet_name(key: str, lang: str) -> str:
    en, zh = SHEETS[key]
    return zh if lang == "zh" else en


def _cell(value) -> object:
    """A value a spreadsheet can hold: lists, dicts and arrays become text."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, dict):
        if "applicant" in value and "count" in value:
            return f"{value['applicant']} ({value['count']})"
        if "code" in value:
            share = value.get("share")
            return f"{value['code']} ({share:.0%})" if isinstance(share, float) else str(value["code"])
        if "id" in value and "title" in value:
            return f"{value['id']} {value['title']}"
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (list, tuple)):
        text = "; ".join(str(_cell(v)) for v in value)
        return text[:MAX_CELL]
    if isinstance(value, str):
        return value[:MAX_CELL]
    return value


def _localise(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Headers in ``lang``; ``*_en``/``*_zh`` pairs keep the report's language first."""
    other = "en" if lang == "zh" else "zh"
    mark = {"zh": "（英文）", "en": " (Chinese)"}[lang]
    cols = list(df.columns)
    # The report's language first within each pair, so the Chinese label leads a Chinese sheet.
    ordered = []
    for c in cols:
        if c.endswith(f"_{other}") and c[:-3] + f"_{lang}" in cols:
            continue
        ordered.append(c)
        if c.endswith(f"_{lang}") and c[:-3] + f"_{other}" in cols:
            ordered.append(c[:-3] + f"_{other}")
    df = df[ordered]
    names = {c: column_name(c, lang) + (mark if c.endswith(f"_{other}") else "") for c in ordered}
    out = df.rename(columns=names)
    out.columns = _unique(list(out.columns))
    return out


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} {seen[n]}")
    return out


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or str(s.dtype) in ("str", "string"):
            out[col] = [_cell(v) for v in s]
        elif isinstance(s.dtype, pd.DatetimeTZDtype):
            out[col] = s.dt.tz_localize(None)
        elif str(s.dtype) in ("Int64", "Int32", "boolean"):
            out[col] = s.astype(object).where(s.notna(), None)
    return out


def _words(df: pd.DataFrame, lang: str, key: str | None = None) -> pd.DataFrame:
    """Codes such as ``foreign_dominance`` or ``recent`` in the report's language (a code
    without words stays as it is)."""
    out = df
    for col, prefix in {**_WORDS, **_SHEET_WORDS.get(key, {})}.items():
        if col in out.columns:
            out = out.copy() if out is df else out
            out[col] = [_word(prefix + str(v).replace(" ", "_"), v, lang) if isinstance(v, str) else v
                        for v in out[col]]
    home = {"applicants": "is_home", "branch_applicants": "home"}.get(key)
    if home is not None and home in out.columns:
        out = out.copy() if out is df else out
        # A group of unknown country is not home (branch_applicants) but not foreign either.
        known = out["country"].notna() if key == "branch_applicants" else pd.Series(True, index=out.index)
        out[home] = [None if v is None or pd.isna(v) or not k else tr("app.domestic" if v else "app.foreign", lang)
                     for v, k in zip(out[home], known)]
    return out


def _word(key: str, code: str, lang: str) -> str:
    text = tr(key, lang)
    return code if text == key else text


def sheet_tables(bundle: MapBundle) -> dict[str, pd.DataFrame | None]:
    """The tables that go into the workbook, by sheet key (None where the map lacks one)."""
    clusters = bundle.clusters.copy()
    if "id" in clusters:
        counts = bundle.points["area"].value_counts()
        clusters.insert(1, "patents", clusters["id"].map(counts).fillna(0).astype(int))
    tables = {"areas": clusters, "topics": bundle.topics, "applicants": bundle.table("applicants"),
              "competitors": bundle.table("competitors"), "concentration": bundle.table("concentration"),
              "alerts": bundle.table("alerts"), "white_spaces": bundle.table("white_spaces"),
              "trend_summary": bundle.table("trend_summary"), "trends": bundle.table("trends"), "effects": bundle.table("effects"),
              "gaps": bundle.table("effect_gaps"),
              # The technology breakdown's figures (a map without a breakdown has none).
              **{key: bundle.table(key) for key in ("branch_summary", *_BRANCH_KEYED)}}
    tables["breakdown_quality"] = _quality(bundle.manifest, tables["branch_summary"])
    for key in _NAVIGATION:
        df = bundle.table(key)
        tables[key] = df.rename(columns=_RENAME.get(key, {})) if df is not None else None
    for key, cols in _DROP.items():
        if tables.get(key) is not None:
            tables[key] = tables[key].drop(columns=[c for c in cols if c in tables[key].columns])
    return tables


def _quality(manifest: dict, summary: pd.DataFrame | None) -> pd.DataFrame | None:
    """Precision and recall per branch as ``landscape breakdown-score`` wrote them into the
    manifest; None when the breakdown was not checked."""
    from landscape.views.breakdown import QUALITY_COLUMNS, quality_figures

    figures = quality_figures(manifest)
    if summary is None or figures is None:
        return None
    rows = [{"branch": b.branch, "level": b.level, "name_en": b.name_en, "name_zh": b.name_zh,
             **{k: figures[b.branch].get(k) for k in QUALITY_COLUMNS[2:]}}
            for b in summary.itertuples(index=False) if isinstance(figures.get(b.branch), dict)]
    return pd.DataFrame(rows, columns=["branch", "level", "name_en", "name_zh", *QUALITY_COLUMNS[2:]])


def _named_branches(df: pd.DataFrame, summary: pd.DataFrame | None) -> pd.DataFrame:
    """``df`` with the branch's names beside its id (an analyst reads 遥控车辆, not toys.rc)."""
    if summary is None or "branch" not in df.columns or "name_en" in df.columns:
        return df
    names = summary.set_index("branch")[["name_en", "name_zh"]]
    at = list(df.columns).index("branch") + 1
    out = df.copy()
    for i, col in enumerate(("name_en", "name_zh")):
        out.insert(at + i, col, out["branch"].map(names[col]))
    return out


def _named_areas(df: pd.DataFrame, bundle: MapBundle, lang: str) -> pd.DataFrame:
    """``df`` with the area's label beside its number (navigation sheets list areas by number)."""
    from landscape.present.names import area_labels

    if "area" not in df.columns or "area_label" in df.columns or not len(bundle.clusters):
        return df
    labels = area_labels(bundle.clusters, lang)
    out = df.copy()
    out.insert(list(df.columns).index("area") + 1, "area_label",
               [labels.get(int(a)) if a is not None and pd.notna(a) else None for a in df["area"]])
    return out


def _about(bundle: MapBundle, lang: str, tables: dict) -> pd.DataFrame:
    m = bundle.manifest
    industry = m.get(f"title_{lang}") or m.get("title_en") or m.get("corpus") or bundle.name
    rows = [(tr("cover.map", lang), bundle.name), (tr("cover.corpus", lang), industry),
            (tr("cover.patents", lang), len(bundle.points)),
            (tr("cover.range", lang), "–".join(map(str, m.get("years") or []))),
            *_window_rows(bundle, lang),
            (tr("ap.built_at", lang), str(m.get("built_at", "")))]
    for key, df in tables.items():
        # An analysed map lacking a table was analysed before that table was written.
        note = len(df) if df is not None else tr("reanalyse" if m.get("analysis") else "missing", lang, table=key,
                                                 name=bundle.name)
        rows.append((sheet_name(key, lang), note))
    return pd.DataFrame(rows, columns=[tr("ap.key", lang), tr("ap.value", lang)])


def _window_rows(bundle: MapBundle, lang: str) -> list[tuple[str, object]]:
    """What the years mean: their basis, the data's cut-off and the last complete year."""
    from landscape.rules.years import TimeWindow

    w = TimeWindow.from_manifest(bundle.manifest, years=bundle.points["year"])
    return [(tr("m.years", lang), w.label(lang)), (tr("ap.cutoff", lang), w.cutoff_text(lang)),
            (tr("ap.last_complete", lang), w.last_complete_year if w.last_complete_year is not None else "—")]


def _width(text) -> int:
    text = str(text)
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def workbook(bundle: MapBundle, lang: str = "zh") -> bytes:
    """The workbook's bytes (xlsxwriter). Sheets of tables the map lacks are left out and
    the About sheet says which ones and why."""
    tables = sheet_tables(bundle)
    for key in _BRANCH_KEYED:
        if tables.get(key) is not None:
            tables[key] = _named_branches(tables[key], tables.get("branch_summary"))
    for key in _NAVIGATION:
        if tables.get(key) is not None:
            tables[key] = _named_areas(_named_branches(tables[key], tables.get("branch_summary")), bundle, lang)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as writer:
        book = writer.book
        head = book.add_format({"bold": True, "bg_color": "#1f4e79", "font_color": "white", "text_wrap": True,
                                "valign": "top", "font_name": "Microsoft YaHei"})
        percent = book.add_format({"num_format": "0.0%"})
        sheets = {"about": _about(bundle, lang, tables), **tables}
        for key, df in sheets.items():
            if df is None:
                continue
            source = list(df.columns)
            flat = _localise(_words(_flat(df), lang, key), lang) if key != "about" else df
            columns = {column_name(c, lang): c for c in source}
            name = sheet_name(key, lang)
            flat.to_excel(writer, sheet_name=name, index=False)
            ws = writer.sheets[name]
            for i, col in enumerate(flat.columns):
                ws.write(0, i, col, head)
                sample = flat[col].head(300).tolist()
                longest = max([_width(col)] + [_width(v) for v in sample if v is not None])
                is_pct = columns.get(col) in PERCENT
                ws.set_column(i, i, min(max(8, longest + 2), 60) if not is_pct else max(8, _width(col) + 2),
                              percent if is_pct else None)
            ws.freeze_panes(1, 0)
            if len(flat):
                ws.autofilter(0, 0, len(flat), max(len(flat.columns) - 1, 0))
    return buf.getvalue()
