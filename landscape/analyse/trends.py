"""Filing trends per technology area: yearly counts, growth (CAGR) and a plain-words status.

Two tables of a map bundle come from here:

- ``trends_table`` -> ``trends.parquet``: one row per area x year, long format, for charts.
  The whole corpus is the pseudo-area ``ALL_AREAS`` (-1) in the same ``area`` column, so a
  chart of "the industry" and of one area read the same columns. Points never carry area -1
  (that is ``cluster``'s "unassigned"; ``area`` always names a real area), so there is no clash.
- ``area_trend_summary``: one row per area with growth, momentum, a status ("emerging",
  "growing", "stable", "cooling", "too few") and one sentence in English and Chinese that a
  yearly industry report can quote as is.

The newest filing years are always incomplete: a patent is published about 18 months after
it is filed, so the last year and a half of filings is still mostly unpublished when the
data is exported. Every growth figure therefore stops at ``last_complete_year`` and the
incomplete years are flagged, never read as a decline.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

ALL_AREAS = -1
STATUSES = ("emerging", "growing", "stable", "cooling", "too few")

TRENDS_COLUMNS = ["area", "year", "count", "share_of_year", "incomplete", "cumulative", "in_window"]
SUMMARY_COLUMNS = ["area", "total", "missing_year", "first_year", "last_year", "peak_year",
                   "peak_count", "start_year", "end_year", "start_count", "end_count",
                   "window_count", "cagr", "share_earlier", "share_recent", "momentum", "status",
                   "summary_en", "summary_zh"]
# Year and count columns that are missing for some areas: nullable integers, not floats.
_NULLABLE_INT = ["first_year", "last_year", "peak_year", "start_year", "end_year",
                 "start_count", "end_count"]

_STATUS_ZH = {"emerging": "属新兴方向", "growing": "保持增长", "stable": "总体平稳",
              "cooling": "趋于降温", "too few": "数量太少，难以判断趋势"}


@dataclass(frozen=True)
class TrendRules:
    """Thresholds of the status rules (see ``area_trend_summary``); change them per report.

    ``cagr`` values are yearly growth rates (0.20 = 20% a year); ``momentum`` values are the
    area's share of recent filings over its share of earlier filings (1.3 = 30% more weight).
    """

    emerging_cagr: float = 0.20
    emerging_momentum: float = 1.3
    growing_cagr: float = 0.10
    cooling_cagr: float = -0.10
    cooling_momentum: float = 0.7
    min_count: int = 10


def last_complete_year(years, lag_years: int = 2) -> int | None:
    """The newest filing year whose filings are (nearly) all published.

    Patents are published about 18 months after filing, so at export time the newest year
    and a half of filings is mostly missing. Reading those years as a fall in activity is
    the classic mistake of patent trend charts; growth is measured up to this year only.

    Parameters
    ----------
    years : array-like of int or float, missing values allowed
        Filing years of the corpus.
    lag_years : int, default 2
        Years to drop from the newest one: 2 covers the 18-month publication delay plus
        the months an export lags behind publication. Use 1 for a corpus of applications
        exported with little delay, 3 for grants (examination adds years).

    Returns
    -------
    int or None
        ``max(years) - lag_years``, or None when no year is known.
    """
    y = _as_years(years if isinstance(years, pd.Series) else pd.Series(years))
    y = y[~np.isnan(y)]
    return int(y.max()) - int(lag_years) if len(y) else None


def trends_table(points: pd.DataFrame, clusters: pd.DataFrame | None = None, *,
                 window: int = 5, lag_years: int = 2) -> pd.DataFrame:
    """Filings per area and year, long format (the bundle's ``trends.parquet``).

    Parameters
    ----------
    points : DataFrame
        The bundle's points: ``area`` (>= 0) and ``year`` (may be missing) are used.
    clusters : DataFrame, optional
        The bundle's areas; when given, areas without any patent get rows of zeros and
        ``label_en`` / ``label_zh`` columns are added.
    window : int, default 5
        Years of growth measured by ``area_trend_summary``; marks those years ``in_window``.
    lag_years : int, default 2
        See ``last_complete_year``.

    Returns
    -------
    DataFrame
        One row per area x year for every year from the first to the last dated filing
        (zeros included so lines do not skip years), area ``ALL_AREAS`` (-1) first:
        ``area``, ``year``, ``count``, ``share_of_year`` (the area's share of that year's
        filings; NaN in a year without filings), ``incomplete`` (year after the last
        complete year), ``cumulative`` (filings up to and including the year),
        ``in_window`` (year inside the growth window). Records without a year are not in
        any row; ``attrs`` holds ``missing_year``, ``last_complete_year`` and the window.
    """
    counts, missing = _year_counts(points, clusters)
    last = _last_from_counts(counts, lag_years)
    start, end = _window(counts, last, window)
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
    out.attrs.update(missing_year=int(missing.sum()), last_complete_year=last,
                     window=int(window), lag_years=int(lag_years))
    return out


def area_trend_summary(points: pd.DataFrame, clusters: pd.DataFrame | None = None, *,
                       window: int = 5, lag_years: int = 2,
                       rules: TrendRules = TrendRules()) -> pd.DataFrame:
    """Growth, momentum and a status per area, with one quotable sentence in each language.

    The growth window runs from ``start_year = last_complete_year - window`` (not before the
    first year of the corpus) to ``end_year = last_complete_year``: ``window`` yearly steps,
    the usual reading of "5-year CAGR" (2016 -> 2021 is five steps).

    Growth is a smoothed CAGR, ``((end_count + 1) / (start_count + 1)) ** (1 / steps) - 1``:
    the +1 keeps an area that starts from zero finite and damps small counts, while for
    counts of a few dozen it is within about a point of the raw CAGR that a reader can
    compute from the two counts quoted in the sentence.

    Momentum compares the area's share of all filings in the recent half of the window (the
    last ``ceil((steps + 1) / 2)`` years) with its share in the earlier half; it is robust
    to one odd end year and corrects for growth of the whole industry. It is ``inf`` for an
    area with no earlier filings and NaN for one with none in the window.

    Status rules, first match wins (thresholds in ``rules``):

    - ``too few``: fewer than ``min_count`` (10) dated patents in the window, or fewer than
      three complete years in the corpus (two growth steps);
    - ``emerging``: CAGR >= 20% and momentum >= 1.3 (fast, and outgrowing the industry);
    - ``cooling``: CAGR <= -10% or momentum <= 0.7 (falling, or losing weight fast);
    - ``growing``: CAGR >= 10%;
    - ``stable``: everything else.

    Parameters
    ----------
    points, clusters, window, lag_years
        As in ``trends_table``.
    rules : TrendRules
        Status thresholds.

    Returns
    -------
    DataFrame
        One row per area, in area order: ``area``, (``label_en``, ``label_zh`` when clusters
        are given), ``total`` (all its patents, dated or not), ``missing_year``,
        ``first_year``, ``last_year``, ``peak_year`` (most filings, earliest on ties),
        ``peak_count``, ``start_year``, ``end_year``, ``start_count``, ``end_count``,
        ``window_count``, ``cagr``, ``share_earlier``, ``share_recent``, ``momentum``,
        ``status``, ``summary_en``, ``summary_zh``. ``attrs`` as in ``trends_table``.
    """
    counts, missing = _year_counts(points, clusters)
    last = _last_from_counts(counts, lag_years)
    start, end = _window(counts, last, window)
    labels = _labels(clusters) if clusters is not None else {}
    total_by_year = counts.sum(axis=0)
    if start is not None:
        steps = end - start
        recent_from = end - math.ceil((steps + 1) / 2) + 1
        earlier = [y for y in range(start, recent_from)]
        recent = [y for y in range(recent_from, end + 1)]
        earlier_total = total_by_year.reindex(earlier).sum()
        recent_total = total_by_year.reindex(recent).sum()
    rows = []
    for area, row in counts.iterrows():
        dated = row[row > 0]
        rec = {"area": int(area)}
        if clusters is not None:
            rec["label_en"], rec["label_zh"] = labels.get(int(area), ("", ""))
        rec.update(total=int(row.sum() + missing.get(area, 0)), missing_year=int(missing.get(area, 0)),
                   first_year=int(dated.index.min()) if len(dated) else None,
                   last_year=int(dated.index.max()) if len(dated) else None,
                   peak_year=int(row.idxmax()) if len(dated) else None,
                   peak_count=int(row.max()) if len(dated) else 0,
                   start_year=start, end_year=end)
        if start is None:
            rec.update(start_count=None, end_count=None, window_count=0, cagr=np.nan,
                       share_earlier=np.nan, share_recent=np.nan, momentum=np.nan)
        else:
            s, e = int(row[start]), int(row[end])
            se = row.reindex(earlier).sum() / earlier_total if earlier_total else np.nan
            sr = row.reindex(recent).sum() / recent_total if recent_total else np.nan
            rec.update(start_count=s, end_count=e, window_count=int(row.loc[start:end].sum()),
                       cagr=smoothed_cagr(s, e, end - start), share_earlier=se, share_recent=sr,
                       momentum=_ratio(sr, se))
        rec["status"] = _status(rec, steps_ok=start is not None and end - start >= 2, rules=rules)
        name_en, name_zh = _names(int(area), labels)
        rec["summary_en"], rec["summary_zh"] = _sentences(rec, name_en, name_zh, rules)
        rows.append(rec)
    columns = SUMMARY_COLUMNS[:1] + (["label_en", "label_zh"] if clusters is not None else []) \
        + SUMMARY_COLUMNS[1:]
    out = pd.DataFrame(rows, columns=columns)
    out[_NULLABLE_INT] = out[_NULLABLE_INT].astype("Int64")
    out.attrs.update(missing_year=int(missing.sum()), last_complete_year=last,
                     window=int(window), lag_years=int(lag_years))
    return out


def smoothed_cagr(start_count: int, end_count: int, steps: int) -> float:
    """Yearly growth from ``start_count`` to ``end_count`` over ``steps`` years, with +1 on both.

    Returns NaN when ``steps`` < 1.
    """
    if steps < 1:
        return float("nan")
    return float(((end_count + 1) / (start_count + 1)) ** (1 / steps) - 1)


# -- helpers -------------------------------------------------------------------------------

def _as_years(values: pd.Series) -> np.ndarray:
    """Years as floats with NaN for missing (accepts Int32 with <NA>, floats, objects)."""
    return pd.to_numeric(values, errors="coerce").astype("Float64").to_numpy(
        dtype=float, na_value=np.nan)


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


def _last_from_counts(counts: pd.DataFrame, lag_years: int) -> int | None:
    return int(counts.columns.max()) - int(lag_years) if len(counts.columns) else None


def _window(counts: pd.DataFrame, last: int | None, window: int) -> tuple[int | None, int | None]:
    """First and last year of the growth window, or (None, None) with no complete year."""
    if last is None or last < int(counts.columns.min()):
        return None, None
    return max(last - int(window), int(counts.columns.min())), last


def _ratio(recent: float, earlier: float) -> float:
    if np.isnan(recent) or np.isnan(earlier):
        return np.nan
    if earlier == 0:
        return np.inf if recent > 0 else np.nan
    return float(recent / earlier)


def _status(rec: dict, *, steps_ok: bool, rules: TrendRules) -> str:
    if not steps_ok or rec["window_count"] < rules.min_count:
        return "too few"
    cagr, momentum = rec["cagr"], rec["momentum"]
    # NaN momentum compares False everywhere: the status then rests on growth alone.
    if cagr >= rules.emerging_cagr and momentum >= rules.emerging_momentum:
        return "emerging"
    if cagr <= rules.cooling_cagr or momentum <= rules.cooling_momentum:
        return "cooling"
    if cagr >= rules.growing_cagr:
        return "growing"
    return "stable"


def _labels(clusters: pd.DataFrame) -> dict[int, tuple[str, str]]:
    out = {}
    for rec in clusters.to_dict("records"):
        en = rec.get("label_en") if isinstance(rec.get("label_en"), str) else ""
        zh = rec.get("label_zh") if isinstance(rec.get("label_zh"), str) else ""
        out[int(rec["id"])] = (en.strip(), zh.strip())
    return out


def _names(area: int, labels: dict[int, tuple[str, str]]) -> tuple[str, str]:
    """How the sentences name an area: its label, else its number."""
    en, zh = labels.get(area, ("", ""))
    name_en = f"'{en}'" if en else f"area {area}"
    name_zh = f"「{zh or en}」领域" if (zh or en) else f"{area} 号领域"
    return name_en, name_zh


def _sentences(rec: dict, name_en: str, name_zh: str, rules: TrendRules) -> tuple[str, str]:
    status, start, end = rec["status"], rec["start_year"], rec["end_year"]
    if start is None:
        return (f"No complete filing year for {name_en} yet; too few to call a trend.",
                f"{name_zh}尚无完整年度的申请数据，难以判断趋势。")
    if status == "too few":
        n = rec["window_count"]
        if n == 0:
            return (f"No filings in {name_en} from {start} to {end}; too few to call a trend.",
                    f"{name_zh} {start}–{end} 年没有申请，{_STATUS_ZH[status]}。")
        return (f"Only {n} filing{'s' if n != 1 else ''} in {name_en} from {start} to {end}; "
                "too few to call a trend.",
                f"{name_zh} {start}–{end} 年仅有 {n} 件申请，{_STATUS_ZH[status]}。")
    s, e, pct = rec["start_count"], rec["end_count"], round(abs(rec["cagr"]) * 100)
    if pct == 0:
        en = f"Filings in {name_en} held steady from {start} to {end} ({s} to {e})"
        zh = f"{name_zh} {start}–{end} 年申请量基本持平（{s} 件至 {e} 件）"
    elif rec["cagr"] > 0:
        en = f"Filings in {name_en} grew {pct}% a year from {start} to {end} ({s} to {e})"
        zh = f"{name_zh} {start}–{end} 年申请量年均增长 {pct}%（{s} 件增至 {e} 件）"
    else:
        en = f"Filings in {name_en} fell {pct}% a year from {start} to {end} ({s} to {e})"
        zh = f"{name_zh} {start}–{end} 年申请量年均下降 {pct}%（{s} 件降至 {e} 件）"
    if status == "cooling" and rec["cagr"] > rules.cooling_cagr:
        # Cooling by share alone reads oddly after "grew"; say which number fell.
        a, b = round(rec["share_earlier"] * 100), round(rec["share_recent"] * 100)
        return (f"{en}, but its share of all filings fell from {a}% to {b}%; cooling.",
                f"{zh}，但占全部申请的比例从 {a}% 降至 {b}%，{_STATUS_ZH[status]}。")
    return f"{en}; {status}.", f"{zh}，{_STATUS_ZH[status]}。"
