"""Who files where: applicant shares, concentration (HHI, CR4), growth, new entrants and
home vs foreign applicants, per technology area and year window.

Counting convention
-------------------
- Counts are by corporate group by default (``by="group"``; the group of each applicant comes
  from the applicants table, :mod:`landscape.analyse.applicants`), by applicant on request
  (``by="applicant"``). The ``applicant`` column of every output holds what was counted: the
  group's name when counting by group.
- A patent counts once for each of its normalised applicants (``applicants``; where that
  list is empty, ``applicant``), and by group once for each distinct group among them: two
  subsidiaries of one group on one patent count once for the group. A name repeated within
  one patent counts once. Co-filed patents therefore count for every co-applicant ("whole
  counting"), so an area's applicant counts can add up to more than its patents; shares are
  taken of that sum, so they add up to 1 in every area and window.
- Home and foreign come from the applicants table (the applicant's country from its data —
  nationality, address, priority country, first office — before its name; see
  :mod:`landscape.analyse.nationality`); a group is home when its home members hold more
  than half of its patents. Applicants whose country is not known are neither:
  ``home_share + foreign_share + unknown_origin_share == 1``.
- A patent with no applicant is counted as ``"(unknown)"``: reported (its row in
  :func:`applicant_shares`, ``n_unknown`` in :func:`concentration`) but left out of every
  share and concentration measure, because "unknown" is not one competitor.
- Areas are ``points["area"]``; ``area == -1`` (:data:`ALL_AREAS`) in every output table is
  the whole corpus. A patent whose area is missing or negative counts only there.
- Years are the map's years (filing years unless the map says otherwise); windows end at the
  map's last complete year (:mod:`landscape.rules.years`: the cut-off date less the
  publication lag); see :func:`windows`. Growth is :mod:`landscape.rules.growth`'s one measure.

Tables: :func:`competitors_table` (``competitors.parquet``, area x window x applicant) and
:func:`concentration_table` (``concentration.parquet``, area x window) — two tidy tables, not
one with a ``kind`` column, because the two kinds of row share almost no columns and an app
filters a tidy table with one condition and no nulls.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from landscape.analyse.nationality import record_applicants
from landscape.rules.growth import GrowthRules, growth_from_counts
from landscape.rules.years import last_complete_from_years

UNKNOWN = "(unknown)"
ALL_AREAS = -1
PERIODS = ("recent", "previous", "all")

#: What counts as one competitor: a corporate group (the default) or an applicant.
BY = ("group", "applicant")


@dataclass(frozen=True)
class Window:
    """A span of filing years: ``period`` (``recent``/``previous``/``all``), ``label`` (what
    tables show, e.g. ``"2020–2022"``), ``first`` and ``last`` year inclusive (``None`` for
    ``all``: no bound, and patents without a year count too)."""

    period: str
    label: str
    first: int | None = None
    last: int | None = None

    def mask(self, years) -> np.ndarray:
        """Boolean mask of the ``years`` that fall in the window."""
        years = pd.to_numeric(pd.Series(years), errors="coerce")
        if self.first is None:
            return np.ones(len(years), dtype=bool)
        return ((years >= self.first) & (years <= self.last)).fillna(False).to_numpy(dtype=bool)


def windows(years, *, last_complete: int | None = None, size: int = 3) -> dict[str, Window]:
    """The recent, previous and all-years windows.

    Parameters
    ----------
    years : array-like
        Filing years (missing values allowed).
    last_complete : int, optional
        Last complete year (the bundle's ``time_window``); default the rule of
        :func:`landscape.rules.years.last_complete_from_years` (the newest year minus two).
    size : int
        Years per window.

    Returns
    -------
    dict of str to Window
        ``{"recent": 2020–2022, "previous": 2017–2019, "all": all}`` for
        ``last_complete=2022``; only ``"all"`` when there is no year at all.
    """
    if size < 1:
        raise ValueError(f"window size must be at least 1 year, got {size}")
    out = {}
    if last_complete is None:
        last_complete = last_complete_from_years(years)
    if last_complete is not None:
        for period, end in (("recent", last_complete), ("previous", last_complete - size)):
            start = end - size + 1
            label = str(end) if size == 1 else f"{start}–{end}"
            out[period] = Window(period, label, start, end)
    out["all"] = Window("all", "all")
    return out


def applicant_patents(points: pd.DataFrame) -> pd.DataFrame:
    """One row per (patent, applicant): what every count in this module is made of.

    ``points`` needs ``id, area, year, country`` and ``applicants`` and/or ``applicant``.
    Returns ``id, area, year, country, applicant`` (+ ``province`` when the points have it),
    with :data:`UNKNOWN` for a patent without applicant (see the counting convention above).
    """
    missing = [c for c in ("id", "area", "year", "country") if c not in points]
    if "applicants" not in points and "applicant" not in points:
        missing.append("applicants (or applicant)")
    if missing:
        raise ValueError(f"the points table lacks {', '.join(missing)}; "
                         "pass a map bundle's points table (see landscape.analyse)")
    n = len(points)
    many = points["applicants"] if "applicants" in points else [None] * n
    first = points["applicant"] if "applicant" in points else [None] * n
    names = [record_applicants(m, f) or [UNKNOWN] for m, f in zip(many, first)]
    cols = ["id", "area", "year", "country"] + (["province"] if "province" in points else [])
    out = points[cols].reset_index(drop=True)
    out["area"] = pd.to_numeric(out["area"], errors="coerce").astype("Int64")
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    out["applicant"] = pd.Series(names, dtype=object)
    return out.explode("applicant", ignore_index=True)


def _with_all_areas(pairs: pd.DataFrame) -> pd.DataFrame:
    """Per-area rows plus a copy of every row as area -1, the whole corpus."""
    per_area = pairs[pairs["area"].fillna(-1) >= 0]
    return pd.concat([per_area, pairs.assign(area=ALL_AREAS)], ignore_index=True)


def _applicants(points: pd.DataFrame, home: str, cjk_names: bool, applicants) -> pd.DataFrame:
    """The applicants table given, else the one of these points."""
    if applicants is not None:
        return applicants
    from landscape.analyse.applicants import applicants_table

    return applicants_table(points, home=home, name_rules=cjk_names)


def _home_from_pairs(table: pd.DataFrame, by: str) -> pd.Series:
    """Home (True), foreign (False) or not known (NA) per counted name (applicant or group)."""
    from landscape.analyse.applicants import group_home

    if by == "group":
        return group_home(table).rename("is_home")
    return pd.Series(table["is_home"].to_numpy(), index=table["applicant"], dtype="boolean", name="is_home")


def _check_by(by: str) -> str:
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, got {by!r}")
    return by


def counted_pairs(points: pd.DataFrame, *, by: str = "group", home: str = "CN", cjk_names: bool = True,
                  applicants: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """The (patent, competitor) rows every count is made of, and who of them is home.

    Returns ``(pairs, is_home)``: :func:`applicant_patents` with ``applicant`` replaced by the
    group's name when ``by="group"`` (one row per patent and group), and a nullable boolean
    Series by that name (see the counting convention above).
    """
    table = _applicants(points, home, cjk_names, applicants)
    pairs = applicant_patents(points)
    if _check_by(by) == "group":
        group_of = dict(zip(table["applicant"], table["group"]))
        pairs["applicant"] = pairs["applicant"].map(lambda n: group_of.get(n, n))
        pairs = pairs.drop_duplicates(["id", "applicant"], ignore_index=True)
    return pairs, _home_from_pairs(table, by)


def home_applicants(points: pd.DataFrame, home: str = "CN", *, cjk_names: bool = True,
                    applicants: pd.DataFrame | None = None) -> pd.Series:
    """Which applicants are home (domestic) applicants.

    An applicant is home when its country (decided from its data before its name; see
    :mod:`landscape.analyse.nationality`) is the ``home`` office code, or — where ``home`` is
    a province such as ``"广东"`` — when its province starts with it (``"广东省"``).
    ``cjk_names=False`` leaves out the name rules, so an applicant the data says nothing
    about is not home. Foreign firms written in Chinese (通用电气公司) are foreign when any of
    their records carries a foreign nationality, address, priority or first office.

    Returns a boolean Series indexed by applicant name (without :data:`UNKNOWN`); an
    applicant whose country is not known is False.
    """
    table = _applicants(points, home, cjk_names, applicants)
    return _home_from_pairs(table, "applicant").fillna(False).astype(bool)


def hhi(counts) -> float:
    """Herfindahl–Hirschman index on 0–10,000: the sum of squared percentage shares.

    ``hhi([5, 3, 2]) == 3800`` (shares 50/30/20). NaN when there is nothing to count.
    """
    c = np.asarray(counts, dtype=float)
    total = c.sum()
    if total <= 0:
        return float("nan")
    return float(10_000 * np.sum((c / total) ** 2))


def hhi_corrected(counts) -> float:
    """HHI with the small-count correction, on 0–10,000.

    ``HHI* = (N·H − 1) / (N − 1)`` with ``H`` on the 0–1 scale and ``N`` the total count,
    clipped at 0. Shares estimated from ``N`` counted filings make ``H`` biased upwards by
    about ``(1 − H)/N`` — an area with 8 patents looks concentrated by chance — and ``HHI*``
    is the unbiased estimator (Simpson's index, ``Σ n_i(n_i − 1) / N(N − 1)``); see B. H.
    Hall (2005), "A note on the bias in Herfindahl-type measures based on count data",
    *Revue d'économie industrielle* 110. The alert rules use this one. NaN when ``N < 2``.
    """
    c = np.asarray(counts, dtype=float)
    total = c.sum()
    if total < 2:
        return float("nan")
    h = hhi(c) / 10_000
    return float(max(0.0, (total * h - 1) / (total - 1)) * 10_000)


def cr(counts, k: int = 4) -> float:
    """Concentration ratio: the share (0–1) held by the ``k`` largest applicants."""
    c = np.sort(np.asarray(counts, dtype=float))[::-1]
    total = c.sum()
    return float(c[:k].sum() / total) if total > 0 else float("nan")


def _shares(pairs: pd.DataFrame) -> pd.DataFrame:
    """area, applicant, count, share, rank of pairs that already carry area -1 rows."""
    known = pairs[pairs["applicant"] != UNKNOWN]
    counts = known.groupby(["area", "applicant"]).size().rename("count").reset_index()
    counts["share"] = counts["count"] / counts.groupby("area")["count"].transform("sum")
    counts["rank"] = (counts.groupby("area")["count"].rank(method="min", ascending=False)
                      .astype("Int64"))
    unknown = (pairs[pairs["applicant"] == UNKNOWN].groupby("area").size().rename("count")
               .reset_index().assign(applicant=UNKNOWN, share=np.nan, rank=pd.NA))
    out = pd.concat([counts, unknown], ignore_index=True) if len(unknown) else counts
    out["area"] = out["area"].astype("int64")
    out["count"] = out["count"].astype("int64")
    out["rank"] = out["rank"].astype("Int64")
    # Unknown last within its area; ties in count by name, so the order is reproducible.
    out["_u"] = out["applicant"] == UNKNOWN
    out = out.sort_values(["area", "_u", "count", "applicant"], ascending=[True, True, False, True])
    return out[["area", "applicant", "count", "share", "rank"]].reset_index(drop=True)


def applicant_shares(points: pd.DataFrame, *, window: Window | None = None, by: str = "group",
                     applicants: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each applicant's count, share and rank in each area.

    Parameters
    ----------
    points : DataFrame
        A bundle's points table.
    window : Window, optional
        Count only these years (see :func:`windows`); default every patent.
    by : {"group", "applicant"}
        Count corporate groups (default) or applicants; see the counting convention.
    applicants : DataFrame, optional
        The map's applicants table (:func:`landscape.analyse.applicants.applicants_table`,
        with the user's group overrides); default: built from ``points``.

    Returns
    -------
    DataFrame
        ``area, applicant, count, share, rank``; ``area == -1`` is the whole corpus. Shares
        (0–1) add up to 1 per area; rank 1 is the largest, ties share a rank. The
        :data:`UNKNOWN` row reports patents without an applicant, with no share or rank.
    """
    pairs, _ = counted_pairs(points, by=by, applicants=applicants)
    if window is not None:
        pairs = pairs[window.mask(pairs["year"])]
    return _shares(_with_all_areas(pairs))


_CONCENTRATION_COLUMNS = ["area", "n_patents", "n_unknown", "n_applicants", "n_counted", "hhi",
                          "hhi_corrected", "cr4", "top_applicant", "top_share", "home_share",
                          "foreign_share", "home_patents", "unknown_origin_share"]


def _concentration(pairs: pd.DataFrame, is_home: pd.Series) -> pd.DataFrame:
    """One concentration row per area of pairs that already carry area -1 rows."""
    rows = []
    for area, grp in pairs.groupby("area", sort=True):
        known = grp[grp["applicant"] != UNKNOWN]
        counts = known.groupby("applicant").size()
        counts = counts.sort_index().sort_values(ascending=False, kind="stable")
        total = int(counts.sum())
        origin = known["applicant"].map(is_home).astype("boolean")
        home = origin.fillna(False).to_numpy(dtype=bool)
        home_count = int(home.sum())  # one row per (patent, competitor): the home counts
        foreign_count = int((~origin.fillna(True)).sum())
        rows.append({
            "area": int(area),
            "n_patents": int(grp["id"].nunique()),
            "n_unknown": int(grp.loc[grp["applicant"] == UNKNOWN, "id"].nunique()),
            "n_applicants": int(len(counts)),
            "n_counted": total,
            "hhi": hhi(counts.to_numpy()),
            "hhi_corrected": hhi_corrected(counts.to_numpy()),
            "cr4": cr(counts.to_numpy(), 4),
            "top_applicant": counts.index[0] if total else None,
            "top_share": float(counts.iloc[0] / total) if total else float("nan"),
            "home_share": home_count / total if total else float("nan"),
            "foreign_share": foreign_count / total if total else float("nan"),
            "home_patents": int(known.loc[home, "id"].nunique()),
            "unknown_origin_share": (total - home_count - foreign_count) / total if total else float("nan"),
        })
    return pd.DataFrame(rows, columns=_CONCENTRATION_COLUMNS)


def concentration(points: pd.DataFrame, *, window: Window | None = None, home: str = "CN",
                  cjk_names: bool = True, by: str = "group",
                  applicants: pd.DataFrame | None = None) -> pd.DataFrame:
    """How concentrated each area's filings are, and how much of it is home vs foreign.

    Parameters
    ----------
    points : DataFrame
        A bundle's points table.
    window : Window, optional
        Count only these years; default every patent.
    home, cjk_names
        Who counts as a home applicant; see :func:`home_applicants` (decided on the whole
        corpus, not the window).
    by : {"group", "applicant"}
        Count corporate groups (default) or applicants; see the counting convention.
    applicants : DataFrame, optional
        The map's applicants table (:func:`landscape.analyse.applicants.applicants_table`,
        with the user's group overrides); default: built from ``points``.

    Returns
    -------
    DataFrame
        One row per area (``-1`` = whole corpus) with patents in the window:
        ``n_patents`` (all), ``n_unknown`` (without applicant), ``n_applicants`` (known),
        ``n_counted`` (applicant counts, the ``N`` of the correction), ``hhi`` (0–10,000),
        ``hhi_corrected`` (:func:`hhi_corrected`; what alerts use), ``cr4`` (0–1),
        ``top_applicant``, ``top_share``, ``home_share`` and ``foreign_share`` (of the
        applicant counts), ``home_patents`` (patents with a home applicant),
        ``unknown_origin_share`` (applicants of unknown country; the three shares add up to 1).
    """
    pairs, is_home = counted_pairs(points, by=by, home=home, cjk_names=cjk_names, applicants=applicants)
    if window is not None:
        pairs = pairs[window.mask(pairs["year"])]
    return _concentration(_with_all_areas(pairs), is_home)


_GROWTH_COLUMNS = ["area", "applicant", "recent", "previous", "change", "growth", "first_year",
                   "new_entrant"]


def _growth(pairs: pd.DataFrame, wins: dict[str, Window]) -> pd.DataFrame:
    known = _with_all_areas(pairs[pairs["applicant"] != UNKNOWN])
    if "recent" not in wins or known.empty:
        dtypes = ["int64", object, "int64", "int64", "int64", float, "Int64", bool]
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(_GROWTH_COLUMNS, dtypes)})
    recent, previous = wins["recent"], wins["previous"]
    g = known.assign(_r=recent.mask(known["year"]), _p=previous.mask(known["year"]))
    out = g.groupby(["area", "applicant"]).agg(recent=("_r", "sum"), previous=("_p", "sum"),
                                               first_year=("year", "min")).reset_index()
    out["area"] = out["area"].astype("int64")
    out["recent"] = out["recent"].astype("int64")
    out["previous"] = out["previous"].astype("int64")
    out["change"] = out["recent"] - out["previous"]
    spans = ((previous.first, previous.last), (recent.first, recent.last))
    rules = GrowthRules(window=recent.last - recent.first + 1)
    out["growth"] = [growth_from_counts(p, r, *spans, rules=rules).rate  # NaN when too few
                     for p, r in zip(out["previous"], out["recent"])]
    out["growth"] = out["growth"].astype(float)
    out["first_year"] = out["first_year"].astype("Int64")
    out["new_entrant"] = (out["first_year"].between(recent.first, recent.last)
                          .fillna(False).astype(bool))
    return out[_GROWTH_COLUMNS].sort_values(["area", "applicant"]).reset_index(drop=True)


def applicant_growth(points: pd.DataFrame, *, window_size: int = 3, last_complete: int | None = None,
                     by: str = "group", applicants: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each applicant's filings per area in the recent window against the previous one.

    Parameters
    ----------
    points : DataFrame
        A bundle's points table.
    window_size : int
        Years per window.
    last_complete : int, optional
        Last complete filing year; see :func:`windows`.
    by : {"group", "applicant"}
        Count corporate groups (default) or applicants; see the counting convention.
    applicants : DataFrame, optional
        The map's applicants table (:func:`landscape.analyse.applicants.applicants_table`,
        with the user's group overrides); default: built from ``points``.

    Returns
    -------
    DataFrame
        ``area`` (``-1`` = whole corpus), ``applicant``, ``recent`` and ``previous`` (counts),
        ``change`` (recent − previous), ``growth`` (yearly, :func:`landscape.rules.growth.growth`;
        NaN when the two windows hold too few), ``first_year`` (first filing in the area, any year), ``new_entrant`` (that
        first filing falls in the recent window). Empty when no patent has a year.
    """
    pairs, _ = counted_pairs(points, by=by, applicants=applicants)
    wins = windows(pairs["year"], last_complete=last_complete, size=window_size)
    return _growth(pairs, wins)


def competitors_table(points: pd.DataFrame, *, home: str = "CN", window_size: int = 3,
                      last_complete: int | None = None, cjk_names: bool = True, by: str = "group",
                      applicants: pd.DataFrame | None = None) -> pd.DataFrame:
    """The applicant table a map bundle stores as ``competitors.parquet``.

    Parameters
    ----------
    points : DataFrame
        A bundle's points table.
    home, cjk_names
        Who counts as a home applicant; see :func:`home_applicants`.
    window_size : int
        Years per window.
    last_complete : int, optional
        Last complete filing year; see :func:`windows`.
    by : {"group", "applicant"}
        Count corporate groups (default) or applicants; see the counting convention.
    applicants : DataFrame, optional
        The map's applicants table (:func:`landscape.analyse.applicants.applicants_table`,
        with the user's group overrides); default: built from ``points``.

    Returns
    -------
    DataFrame
        One row per area x window x applicant with patents there: ``area`` (``-1`` = whole
        corpus), ``window`` (label, e.g. ``"2020–2022"`` or ``"all"``), ``period``
        (``recent``/``previous``/``all``: filter on this), ``applicant``, ``count``,
        ``share``, ``rank``, ``growth``, ``new_entrant``, ``first_year``, ``is_home``.
        ``growth``, ``new_entrant`` and ``first_year`` describe the applicant in the area
        (see :func:`applicant_growth`) and repeat on each of its window rows. The
        :data:`UNKNOWN` rows have no share, rank or home status.
    """
    pairs, is_home = counted_pairs(points, by=by, home=home, cjk_names=cjk_names, applicants=applicants)
    wins = windows(pairs["year"], last_complete=last_complete, size=window_size)
    parts = [_shares(_with_all_areas(pairs[w.mask(pairs["year"])])).assign(window=w.label, period=p)
             for p, w in wins.items()]
    out = pd.concat(parts, ignore_index=True)
    growth = _growth(pairs, wins)[["area", "applicant", "growth", "new_entrant", "first_year"]]
    out = out.merge(growth, on=["area", "applicant"], how="left")
    out["new_entrant"] = out["new_entrant"].astype("boolean")
    out["first_year"] = out["first_year"].astype("Int64")
    out["growth"] = out["growth"].astype(float)
    out["is_home"] = out["applicant"].map(is_home).astype("boolean")
    # Stable: the windows stay in PERIODS order within an area, as they were concatenated.
    out = out.sort_values("area", kind="stable")
    cols = ["area", "window", "period", "applicant", "count", "share", "rank", "growth",
            "new_entrant", "first_year", "is_home"]
    return out[cols].reset_index(drop=True)


def concentration_table(points: pd.DataFrame, *, home: str = "CN", window_size: int = 3,
                        last_complete: int | None = None, cjk_names: bool = True, by: str = "group",
                        applicants: pd.DataFrame | None = None) -> pd.DataFrame:
    """The area table a map bundle stores as ``concentration.parquet``.

    Parameters are those of :func:`competitors_table`.

    Returns
    -------
    DataFrame
        :func:`concentration` for every window, with ``window``, ``period``,
        ``first_year`` and ``last_year`` (the window's years; null for ``"all"``) after
        ``area``. Alerts read ``hhi_corrected``; ``hhi`` is there for comparison with
        published figures, which are uncorrected.
    """
    pairs, is_home = counted_pairs(points, by=by, home=home, cjk_names=cjk_names, applicants=applicants)
    wins = windows(pairs["year"], last_complete=last_complete, size=window_size)
    parts = []
    for period, w in wins.items():
        part = _concentration(_with_all_areas(pairs[w.mask(pairs["year"])]), is_home)
        parts.append(part.assign(window=w.label, period=period, first_year=w.first, last_year=w.last))
    out = pd.concat(parts, ignore_index=True)
    for col in ("first_year", "last_year"):
        out[col] = out[col].astype("Int64")
    out = out.sort_values("area", kind="stable")
    cols = ["area", "window", "period", "first_year", "last_year"] + _CONCENTRATION_COLUMNS[1:]
    return out[cols].reset_index(drop=True)


def top_by_area(competitors: pd.DataFrame | None, n: int = 5) -> dict[int, list[dict]]:
    """Each area's leading applicants over all years as the analysis counted them (corporate
    groups by default), ``{area: [{"applicant", "count"}, ...]}``: what the areas table and the
    report show once a map is analysed (the build-time list counts names as written)."""
    if competitors is None or competitors.empty:
        return {}
    rows = competitors[(competitors["period"] == "all") & (competitors["area"] != ALL_AREAS)
                       & (competitors["applicant"] != UNKNOWN)]
    rows = rows.sort_values(["area", "count", "applicant"], ascending=[True, False, True])
    return {int(area): [{"applicant": a, "count": int(c)} for a, c in zip(g["applicant"], g["count"])][:n]
            for area, g in rows.groupby("area")}
