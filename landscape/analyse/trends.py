"""Filing trends per technology area: yearly counts, growth and a plain-words status.

Two tables of a map bundle come from here (``pipeline.analyse`` writes both):

- ``trends_table`` -> ``trends.parquet``: one row per area x year, long format, for charts.
  The whole corpus is the pseudo-area ``ALL_AREAS`` (-1) in the same ``area`` column, so a
  chart of "the industry" and of one area read the same columns. Points never carry area -1
  (that is ``cluster``'s "unassigned"; ``area`` always names a real area), so there is no clash.
- ``area_trend_summary`` -> ``trend_summary.parquet``: one row per area with its counts in
  the two growth windows, the growth, the status ("emerging", "growing", "stable",
  "cooling", "too few") and one sentence in English and Chinese that a yearly industry report
  can quote as is. The app and the report read this table; they never compute a trend.

Growth and status come from :mod:`landscape.rules.growth` (one measure, and the status read
from that number); which years are complete from :mod:`landscape.rules.years` (the cut-off
date and the publication lag). Incomplete years are flagged, never read as a decline.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from landscape.rules.growth import STATUSES, TOO_FEW, GrowthRules, growth_from_counts, window_label, windows
from landscape.rules.names import in_sentence
from landscape.rules.years import basis_words, last_complete_from_years

ALL_AREAS = -1
__all__ = ["ALL_AREAS", "STATUSES", "GrowthRules", "area_trend_summary", "trends_table"]

TRENDS_COLUMNS = ["area", "year", "count", "share_of_year", "incomplete", "cumulative", "in_window"]
SUMMARY_COLUMNS = ["area", "total", "missing_year", "first_year", "last_year", "peak_year",
                   "peak_count", "before_window", "recent_window", "before", "recent", "growth",
                   "status", "share_before", "share_recent", "year_basis", "summary_en", "summary_zh"]
# Year and count columns that are missing for some areas: nullable integers, not floats.
_NULLABLE_INT = ["first_year", "last_year", "peak_year"]

_STATUS_ZH = {"emerging": "属新兴方向", "growing": "保持增长", "stable": "总体平稳",
              "cooling": "趋于降温", "too few": "数量太少，难以判断趋势"}


def trends_table(points: pd.DataFrame, clusters: pd.DataFrame | None = None, *,
                 last_complete: int | None = None, rules: GrowthRules = GrowthRules()) -> pd.DataFrame:
    """Filings per area and year, long format (the bundle's ``trends.parquet``).

    Parameters
    ----------
    points : DataFrame
        The bundle's points: ``area`` (>= 0) and ``year`` (may be missing) are used.
    clusters : DataFrame, optional
        The bundle's areas; when given, areas without any patent get rows of zeros and
        ``label_en`` / ``label_zh`` columns are added.
    last_complete : int, optional
        The map's last complete year (``manifest["time_window"]``); without it, the rule of
        :func:`landscape.rules.years.last_complete_from_years`.
    rules : GrowthRules
        Its ``window`` marks the years of the two growth windows ``in_window``.

    Returns
    -------
    DataFrame
        One row per area x year for every year from the first to the last dated filing
        (zeros included so lines do not skip years), area ``ALL_AREAS`` (-1) first:
        ``area``, ``year``, ``count``, ``share_of_year`` (the area's share of that year's
        filings; NaN in a year without filings), ``incomplete`` (year after the last
        complete year), ``cumulative`` (filings up to and including the year),
        ``in_window`` (year inside the growth windows). Records without a year are not in
        any row; ``attrs`` holds ``missing_year`` and ``last_complete_year``.
    """
    counts, missing = _year_counts(points, clusters)
    last = _last(points, last_complete)
    start, end = (last - 2 * rules.window + 1, last) if last is not None else (None, None)
    total = counts.sum(axis=0)
    table = pd.concat([pd.DataFrame([total], index=[ALL_AREAS]), counts])
    rows = []
    for area, row in table.iterrows():
        years = row.index.to_numpy(dtype=int)
        share = np.where(total.to_numpy() > 0, row.to_numpy() / np.maximum(total.to_numpy(), 1), np.nan)
        rows.append(pd.DataFrame({
            "area": int(area), "year": years, "count": row.to_numpy(dtype=int),
            "share_of_year": share,
            "incomplete": years > last if last is not None else np.zeros(len(years), bool),
            "cumulative": np.cumsum(row.to_numpy(dtype=int)),
            "in_window": (years >= start) & (years <= end) if start is not None
            else np.zeros(len(years), bool),
        }))
    out = pd.concat(rows, ignore_index=True) if rows and len(counts.columns) else \
        pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            TRENDS_COLUMNS, ["int64", "int64", "int64", "float64", "bool", "int64", "bool"])})
    if clusters is not None:
        labels = _labels(clusters)
        out["label_en"] = [labels.get(a, ("", ""))[0] if a != ALL_AREAS else "All areas" for a in out["area"]]
        out["label_zh"] = [labels.get(a, ("", ""))[1] if a != ALL_AREAS else "全部领域" for a in out["area"]]
    out.attrs.update(missing_year=int(missing.sum()), last_complete_year=last)
    return out


def area_trend_summary(points: pd.DataFrame, clusters: pd.DataFrame | None = None, *,
                       last_complete: int | None = None, first_year: int | None = None,
                       year_basis: str = "filing", rules: GrowthRules = GrowthRules()) -> pd.DataFrame:
    """Counts in the two growth windows, growth, status and a quotable sentence per area.

    Growth and status are :func:`landscape.rules.growth.growth_from_counts` of the area's
    patents in the earlier and the recent window (``rules.window`` years each, the recent
    one ending at the last complete year): the status is read from the growth shown, so
    the two can never disagree, and an area with too few patents says "too few" with no
    growth figure (NaN).

    Parameters
    ----------
    points, clusters, last_complete
        As in ``trends_table``.
    first_year : int, optional
        The map's first year; default the first year of ``points``. When the earlier
        window starts before it, every area is "too few" (the data cannot say what came
        before).
    year_basis : str
        ``filing`` / ``priority`` / ``publication`` (:mod:`landscape.rules.years`): the
        sentences name the years by it.
    rules : GrowthRules
        The window and the status thresholds.

    Returns
    -------
    DataFrame
        One row per area, in area order: ``area``, (``label_en``, ``label_zh`` when clusters
        are given), ``total`` (all its patents, dated or not), ``missing_year``,
        ``first_year``, ``last_year``, ``peak_year`` (most filings, earliest on ties),
        ``peak_count``, ``before_window`` and ``recent_window`` (e.g. ``"2016–2018"``),
        ``before``, ``recent`` (patents in each), ``growth`` (yearly; NaN when too few),
        ``status``, ``share_before`` and ``share_recent`` (the area's share of all dated
        patents in each window), ``year_basis``, ``summary_en``, ``summary_zh``. ``attrs``
        holds ``missing_year``, ``last_complete_year`` and ``window``.
    """
    counts, missing = _year_counts(points, clusters)
    last = _last(points, last_complete)
    if first_year is None and len(counts.columns):
        first_year = int(counts.columns.min())
    labels = _labels(clusters) if clusters is not None else {}
    totals = counts.sum(axis=0)
    rows = []
    for area, row in counts.iterrows():
        dated = row[row > 0]
        rec = {"area": int(area)}
        if clusters is not None:
            rec["label_en"], rec["label_zh"] = labels.get(int(area), ("", ""))
        g = _growth(row, last, first_year, rules)
        rec.update(total=int(row.sum() + missing.get(area, 0)), missing_year=int(missing.get(area, 0)),
                   first_year=int(dated.index.min()) if len(dated) else None,
                   last_year=int(dated.index.max()) if len(dated) else None,
                   peak_year=int(row.idxmax()) if len(dated) else None,
                   peak_count=int(row.max()) if len(dated) else 0,
                   before_window=window_label(g.before_years), recent_window=window_label(g.recent_years),
                   before=g.before, recent=g.recent, growth=g.rate, status=g.status,
                   share_before=_share(g.before, totals, g.before_years),
                   share_recent=_share(g.recent, totals, g.recent_years), year_basis=year_basis)
        name_en, name_zh = _names(int(area), labels)
        rec["summary_en"], rec["summary_zh"] = _sentences(rec, name_en, name_zh)
        rows.append(rec)
    columns = SUMMARY_COLUMNS[:1] + (["label_en", "label_zh"] if clusters is not None else []) \
        + SUMMARY_COLUMNS[1:]
    out = pd.DataFrame(rows, columns=columns)
    out[_NULLABLE_INT] = out[_NULLABLE_INT].astype("Int64")
    out["growth"] = out["growth"].astype(float)
    out.attrs.update(missing_year=int(missing.sum()), last_complete_year=last, window=int(rules.window))
    return out


def fastest_growing(summary: pd.DataFrame) -> pd.Series | None:
    """The row the report calls the fastest-growing area: the top of ``summary`` sorted as
    shown (growth, then area), among areas whose status is emerging or growing."""
    ok = summary[summary["status"].isin(["emerging", "growing"])]
    if not len(ok):
        return None
    return ok.sort_values(["growth", "area"], ascending=[False, True]).iloc[0]


# -- helpers -------------------------------------------------------------------------------

def _as_years(values: pd.Series) -> np.ndarray:
    """Years as floats with NaN for missing (accepts Int32 with <NA>, floats, objects)."""
    return pd.to_numeric(values, errors="coerce").astype("Float64").to_numpy(
        dtype=float, na_value=np.nan)


def _last(points: pd.DataFrame, last_complete: int | None) -> int | None:
    return int(last_complete) if last_complete is not None else last_complete_from_years(points["year"])


def _growth(row: pd.Series, last: int | None, first_year: int | None, rules: GrowthRules):
    before_years, recent_years = windows(last, rules)
    if before_years is None:
        return growth_from_counts(0, 0, None, None, rules=rules)
    before = int(row[(row.index >= before_years[0]) & (row.index <= before_years[1])].sum())
    recent = int(row[(row.index >= recent_years[0]) & (row.index <= recent_years[1])].sum())
    return growth_from_counts(before, recent, before_years, recent_years, first_year=first_year, rules=rules)


def _share(count: int, totals: pd.Series, span) -> float:
    if span is None:
        return np.nan
    whole = totals[(totals.index >= span[0]) & (totals.index <= span[1])].sum()
    return float(count / whole) if whole else np.nan


def _year_counts(points: pd.DataFrame, clusters: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.Series]:
    """(areas x years count matrix over the full year range, undated patents per area)."""
    areas = pd.to_numeric(points["area"], errors="coerce")
    if areas.isna().any() or (areas < 0).any():
        raise ValueError("points has rows without a technology area (area missing or < 0); "
                         "pass the bundle's 'area' column, not 'cluster'")
    areas = areas.astype(int).to_numpy()
    years = _as_years(points["year"])
    known = sorted(set(areas.tolist()) | (set(int(i) for i in clusters["id"]) if clusters is not None else set()))
    dated = ~np.isnan(years)
    missing = pd.Series(areas[~dated]).value_counts().reindex(known, fill_value=0)
    cols = range(int(years[dated].min()), int(years[dated].max()) + 1) if dated.any() else []
    counts = (pd.crosstab(areas[dated], years[dated].astype(int)) if dated.any()
              else pd.DataFrame(index=pd.Index([], dtype=int)))
    counts = counts.reindex(index=known, columns=list(cols), fill_value=0).astype(int)
    return counts, missing


def _labels(clusters: pd.DataFrame) -> dict[int, tuple[str, str]]:
    out = {}
    for rec in clusters.to_dict("records"):
        en = rec.get("label_en") if isinstance(rec.get("label_en"), str) else ""
        zh = rec.get("label_zh") if isinstance(rec.get("label_zh"), str) else ""
        out[int(rec["id"])] = (en.strip(), zh.strip())
    return out


def _names(area: int, labels: dict[int, tuple[str, str]]) -> tuple[str, str]:
    """How the sentences name an area (:func:`landscape.rules.names.in_sentence`)."""
    en, zh = labels.get(area, ("", ""))
    return in_sentence(area, en, "en"), in_sentence(area, zh, "zh")


def _sentences(rec: dict, name_en: str, name_zh: str) -> tuple[str, str]:
    status, before_w, recent_w = rec["status"], rec["before_window"], rec["recent_window"]
    basis_en, basis_zh = basis_words(rec["year_basis"], "en"), basis_words(rec["year_basis"], "zh")
    if not recent_w:
        return (f"No complete {basis_en} for {name_en} yet; too few to call a trend.",
                f"{name_zh}尚无完整{basis_zh}度的数据，难以判断趋势。")
    b, r = rec["before"], rec["recent"]
    counts_en = f"{r} patents in {recent_w} against {b} in {before_w} ({basis_en}s)"
    counts_zh = f"{recent_w} 年 {r} 件，{before_w} 年 {b} 件（按{basis_zh}）"
    if status == TOO_FEW:
        return (f"{name_en}: {counts_en}; too few to call a trend.",
                f"{name_zh}：{counts_zh}，{_STATUS_ZH[status]}。")
    pct = round(abs(rec["growth"]) * 100)
    if pct == 0:
        en, zh = "flat", "基本持平"
    elif rec["growth"] > 0:
        en, zh = f"up {pct}% a year", f"年均增长 {pct}%"
    else:
        en, zh = f"down {pct}% a year", f"年均下降 {pct}%"
    return (f"{name_en}: {counts_en}, {en}; {status}.",
            f"{name_zh}：{counts_zh}，{zh}，{_STATUS_ZH[status]}。")
