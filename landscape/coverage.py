"""Data coverage: which fields the records have, and what an absent field leaves empty.

One home for the sentences an import, a build, the app and the report show when an export
lacks applicants, codes, dates or text, so a missing field is said once, early, and the same
way everywhere, instead of surfacing later as an empty chart.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Need:
    """A field (or group of fields) an analysis needs, and what is empty without it."""

    key: str
    fields: tuple[str, ...]     # any of these filled counts
    label_en: str
    label_zh: str
    without_en: str
    without_zh: str
    #: warned about at import and build; the others are listed, not warned (most exports lack them)
    warn: bool = True


#: The fields the data-coverage table shows, in the order a patent analyst checks them.
NEEDS = (
    Need("abstract", ("abstract",), "Abstract", "摘要",
         "the map reads titles only, so its areas are coarser", "地图只能依据标题，技术领域划分较粗"),
    Need("applicants", ("applicants",), "Applicant", "申请人",
         "applicant shares, concentration and early warnings will be empty for these records",
         "这些专利的申请人排名、集中度与风险预警将为空"),
    Need("codes", ("ipc", "cpc"), "IPC/CPC codes", "IPC/CPC 分类号",
         "areas are labelled without codes, and industry corpora chosen by codes will not find these records",
         "技术领域标签不含分类号，按分类号定义的产业也无法选中这些专利"),
    Need("filing_date", ("filing_date", "priority_date"), "Filing or priority date", "申请日或优先权日",
         "trends count these records by publication year, about 18 months after filing",
         "趋势只能按公开年份统计（比申请晚约 18 个月）"),
    Need("dates", ("filing_date", "priority_date", "publication_date"), "Any date", "任一日期",
         "trends, growth and early warnings will be empty for these records",
         "这些专利的趋势、增长率与风险预警将为空"),
    Need("inventors", ("inventors",), "Inventors", "发明人",
         "inventor and talent analysis will be empty", "发明人与人才分析将为空", warn=False),
    Need("legal_status", ("legal_status",), "Legal status", "法律状态",
         "in-force shares and legal-status tables will be empty", "有效专利占比与法律状态统计将为空", warn=False),
    Need("application_number", ("application_number",), "Application number", "申请号",
         "publications of one application are linked by their numbers only",
         "同一申请的多次公开只能按公开号规则合并", warn=False),
)
_BY_KEY = {n.key: n for n in NEEDS}

#: Below this share of records, a need counts as missing and is warned about.
WARN_BELOW = 0.5


def _filled(series: pd.Series) -> pd.Series:
    def one(v) -> bool:
        if isinstance(v, str):
            return bool(v.strip())
        try:
            return len(v) > 0  # a list or an array
        except TypeError:
            return not pd.isna(v)  # None, NaN and NaT are missing; a date or a number is there

    return series.map(one)


def coverage_table(records: pd.DataFrame) -> pd.DataFrame:
    """Per need: how many records have it and their share (columns: key, label_en, label_zh,
    records, share, without_en, without_zh)."""
    n = len(records)
    rows = []
    for need in NEEDS:
        cols = [c for c in need.fields if c in records.columns]
        has = pd.Series(False, index=records.index)
        for c in cols:
            has |= _filled(records[c])
        count = int(has.sum())
        rows.append({"key": need.key, "label_en": need.label_en, "label_zh": need.label_zh, "records": count,
                     "share": count / n if n else 0.0, "without_en": need.without_en, "without_zh": need.without_zh})
    return pd.DataFrame(rows)


def coverage_warnings(table: pd.DataFrame, lang: str = "en", below: float = WARN_BELOW) -> list[str]:
    """One sentence per need that fewer than ``below`` of the records have."""
    out = []
    for r in table.itertuples():
        need = _BY_KEY[r.key]
        if r.share < below and need.warn:
            label = need.label_zh if lang == "zh" else need.label_en
            without = need.without_zh if lang == "zh" else need.without_en
            share = f"{r.share:.0%}"
            out.append(f"{label}：仅 {share} 的专利有此字段，{without}。" if lang == "zh"
                       else f"{label}: only {share} of the records have it; {without}.")
    return out


def import_warnings(mapped: dict[str, str], filled: dict[str, int], read: int) -> list[str]:
    """What an imported file leaves empty: needs with no column, and columns that gave nothing.

    ``mapped`` is field -> header, ``filled`` is field -> records with a value, ``read`` the
    records read. A column that was found but never parsed (codes in an unknown form, say)
    is the silent loss this exists to catch.
    """
    out = []
    for need in NEEDS:
        if not need.warn or (need.key == "dates" and any(f in mapped for f in need.fields)):
            continue
        columns = [mapped[f] for f in need.fields if f in mapped]
        if not columns:
            if need.key == "filing_date" and not any(f in mapped for f in _BY_KEY["dates"].fields):
                continue  # said once, by "dates"
            out.append(f"no {need.label_en.lower()} column: {need.without_en}.")
            continue
        got = sum(filled.get(f, 0) for f in need.fields)
        if read and got == 0:
            out.append(f"the column {columns[0]!r} ({need.label_en.lower()}) gave no readable value in any row: "
                       f"{need.without_en}.")
    return out
