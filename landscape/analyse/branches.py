"""Figures per branch of a map's technology breakdown: size, growth, who files, how
concentrated, how much is home, which map areas a branch spans. Tables in, tables out.

A map bundle stores them next to ``breakdown.parquet`` (``landscape breakdown`` writes both in
one version; ``landscape analyse`` recomputes them):

- ``branch_summary``: ``branch, parent`` ("" for level 1)``, level, name_en, name_zh, patents``
  (distinct patents assigned to the branch, any row of the breakdown)``, share`` (of the map's
  patents)``, recent, before`` (patents in the growth rule's two windows)``, growth`` (NaN when
  too few)``, trend`` (the growth rule's word: ``emerging`` … ``too few``)``, hhi, cr4, leading``
  (the three largest groups as ``"NAME (n)"``, ``"; "`` between them)``, home_share`` (share of the
  branch's patents with a home-country group among their applicants)``, areas`` (map areas
  holding at least 10 % of the branch's patents). One row per branch, in the breakdown's order.
- ``branch_years``: ``branch, year, patents`` (years without patents have no row).
- ``branch_areas``: ``branch, area, patents, share`` (of the branch's patents).
- ``branch_applicants``: ``branch, group, country, home, patents, share, rank``: the 20 largest
  groups of each branch.
- ``branch_alerts``: ``branch`` and the alerts table's own columns: the alerts of the map areas
  the branch spans (those in its ``areas``, the same 10 %), in the alerts table's order.
- ``branch_white_spaces``: ``branch``, the white-space table's own columns (``rank`` first) and
  ``patents_near``: the branch's patents among the white space's surrounding patents (its ring,
  :func:`landscape.analyse.white_space.surrounding_patents`); only white spaces with some, most
  first. Both are empty (same columns) on a map whose alerts or white spaces were not analysed
  yet; ``landscape analyse`` fills them.

Counting is that of :mod:`landscape.analyse.competitors` by corporate group: a patent counts
once for each distinct group among its applicants (groups, countries and home/foreign from the
``applicants`` table, :mod:`landscape.analyse.applicants`); patents without an applicant count
in ``patents`` but in no group. A group's ``share`` is of the branch's group counts (they add up
to 1, and the first four add up to ``cr4``); ``hhi`` (0–10,000, uncorrected, as the
concentration table's ``hhi``) and ``cr4`` are of the same counts. Growth is
:func:`landscape.rules.growth.growth` on the map's time window.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from landscape.analyse.alerts import ALERT_COLUMNS
from landscape.analyse.applicants import groups_table
from landscape.analyse.competitors import UNKNOWN, counted_pairs, cr, hhi
from landscape.analyse.white_space import COLUMNS as WHITE_SPACE_COLUMNS, surrounding_patents
from landscape.rules.growth import growth
from landscape.rules.years import TimeWindow

TABLES = ("branch_summary", "branch_years", "branch_areas", "branch_applicants", "branch_alerts",
          "branch_white_spaces")
SUMMARY_COLUMNS = ["branch", "parent", "level", "name_en", "name_zh", "patents", "share", "recent", "before",
                   "growth", "trend", "hhi", "cr4", "leading", "home_share", "areas"]
APPLICANT_COLUMNS = ["branch", "group", "country", "home", "patents", "share", "rank"]
BRANCH_ALERT_COLUMNS = ["branch", *ALERT_COLUMNS]
BRANCH_WHITE_SPACE_COLUMNS = ["branch", *WHITE_SPACE_COLUMNS, "patents_near"]
#: An area "holds" a branch when at least this share of the branch's patents lie in it.
AREA_SHARE = 0.10
TOP_GROUPS = 20
LEADING = 3


def branch_tables(points: pd.DataFrame, breakdown: pd.DataFrame, branches: pd.DataFrame, *,
                  applicants: pd.DataFrame, window: TimeWindow, alerts: pd.DataFrame | None = None,
                  white_spaces: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The branch tables of one map.

    Parameters
    ----------
    points : DataFrame
        The bundle's points (``id, area, year, country, applicant(s)``).
    breakdown : DataFrame
        ``breakdown.parquet`` (``id, branch, ...``; unassigned patents have ``branch`` "").
    branches : DataFrame
        The breakdown's branches (``id, parent, level, name_en, name_zh``), in its order.
    applicants : DataFrame
        The map's applicants table (:func:`landscape.analyse.applicants.applicants_table`).
    window : TimeWindow
        The map's time window (the growth windows end at its last complete year).
    alerts, white_spaces : DataFrame, optional
        The map's analysed alerts and white spaces; None (not analysed yet) gives empty
        ``branch_alerts`` / ``branch_white_spaces``.

    Returns
    -------
    dict of str to DataFrame
        ``branch_summary``, ``branch_years``, ``branch_areas``, ``branch_applicants``,
        ``branch_alerts``, ``branch_white_spaces``.
    """
    members = branch_members(points, breakdown)
    pairs, is_home = counted_pairs(points, by="group", applicants=applicants)
    pairs = members[["branch", "id"]].merge(pairs[["id", "applicant"]], on="id")
    pairs = pairs.rename(columns={"applicant": "group"})
    groups = _group_counts(pairs)
    home = pairs[pairs["group"].map(is_home).fillna(False).astype(bool)]
    home_patents = home.groupby("branch")["id"].nunique()
    years = _years(members)
    areas = _areas(members)
    summary = _summary(points, members, branches, groups, home_patents, areas, window)
    return {"branch_summary": summary, "branch_years": years, "branch_areas": areas,
            "branch_applicants": _top_groups(groups, applicants, is_home, branches),
            "branch_alerts": _alerts(areas, alerts, branches),
            "branch_white_spaces": _white_spaces(points, members, white_spaces, branches)}


def branch_members(points: pd.DataFrame, breakdown: pd.DataFrame) -> pd.DataFrame:
    """One row per (branch, patent on the map): ``branch, id, area, year``.

    Unassigned rows (``branch`` "") are left out; a patent listed twice in one branch is one
    row; a patent in several branches has a row in each. What every per-branch count reads."""
    assigned = breakdown.loc[breakdown["branch"].astype(str) != "", ["branch", "id"]].astype({"id": str})
    assigned = assigned.drop_duplicates()
    on_map = points[["id", "area", "year"]].astype({"id": str}).drop_duplicates("id")
    out = assigned.merge(on_map, on="id")
    out["area"] = pd.to_numeric(out["area"], errors="coerce").astype("Int64")
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    return out


def _group_counts(pairs: pd.DataFrame) -> pd.DataFrame:
    """``branch, group, patents, share, rank`` of the known groups, largest first per branch."""
    known = pairs[pairs["group"] != UNKNOWN]
    out = known.groupby(["branch", "group"]).size().rename("patents").reset_index()
    out["share"] = out["patents"] / out.groupby("branch")["patents"].transform("sum")
    out["rank"] = out.groupby("branch")["patents"].rank(method="min", ascending=False).astype("int64")
    out = out.sort_values(["branch", "patents", "group"], ascending=[True, False, True])
    return out.astype({"patents": "int64"}).reset_index(drop=True)


def _years(members: pd.DataFrame) -> pd.DataFrame:
    dated = members[members["year"].notna()]
    out = dated.groupby(["branch", "year"]).size().rename("patents").reset_index()
    return out.astype({"year": "int64", "patents": "int64"})


def _areas(members: pd.DataFrame) -> pd.DataFrame:
    placed = members[members["area"].notna() & (members["area"] >= 0)]
    out = placed.groupby(["branch", "area"]).size().rename("patents").reset_index()
    size = members.groupby("branch")["id"].nunique()
    out["share"] = out["patents"] / out["branch"].map(size)
    out = out.astype({"area": "int64", "patents": "int64", "share": float})
    return out.sort_values(["branch", "patents", "area"], ascending=[True, False, True]).reset_index(drop=True)


def _summary(points, members, branches, groups, home_patents, areas, window: TimeWindow) -> pd.DataFrame:
    n_map = int(points["id"].astype(str).nunique())
    size = members.groupby("branch")["id"].nunique()
    held = areas[areas["share"] >= AREA_SHARE].groupby("branch").size()
    rows = []
    for b in branches.itertuples(index=False):
        n = int(size.get(b.id, 0))
        mine = groups[groups["branch"] == b.id]
        counts = mine["patents"].to_numpy()
        g = growth(members.loc[members["branch"] == b.id, "year"], window.last_complete_year,
                   first_year=window.first_year)
        rows.append({
            "branch": b.id, "parent": b.parent if isinstance(b.parent, str) else "", "level": int(b.level),
            "name_en": b.name_en, "name_zh": b.name_zh, "patents": n, "share": n / n_map if n_map else np.nan,
            "recent": g.recent, "before": g.before, "growth": g.rate, "trend": g.status,
            "hhi": hhi(counts), "cr4": cr(counts, 4),
            "leading": "; ".join(f"{name} ({c})" for name, c in zip(mine["group"].iloc[:LEADING], counts[:LEADING])),
            "home_share": int(home_patents.get(b.id, 0)) / n if n else np.nan,
            "areas": int(held.get(b.id, 0))})
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    return out.astype({"level": "int64", "patents": "int64", "recent": "int64", "before": "int64",
                       "areas": "int64", "share": float, "growth": float, "hhi": float, "cr4": float,
                       "home_share": float})


def _alerts(areas: pd.DataFrame, alerts: pd.DataFrame | None, branches: pd.DataFrame) -> pd.DataFrame:
    """The alerts of the areas each branch spans, in the alerts table's own order per branch."""
    if alerts is None or alerts.empty:
        return pd.DataFrame(columns=BRANCH_ALERT_COLUMNS)
    held = areas.loc[areas["share"] >= AREA_SHARE, ["branch", "area"]].rename(columns={"area": "_a"})
    ranked = alerts.reset_index(drop=True).assign(_r=np.arange(len(alerts)))
    ranked["_a"] = pd.to_numeric(ranked["area"], errors="coerce")  # whole-map alerts (no area) span no branch
    out = held.astype({"_a": float}).merge(ranked, on="_a")
    order = {bid: i for i, bid in enumerate(branches["id"])}
    out = out.assign(_o=out["branch"].map(order)).sort_values(["_o", "_r"], kind="stable")
    return out[BRANCH_ALERT_COLUMNS].reset_index(drop=True)


def _white_spaces(points: pd.DataFrame, members: pd.DataFrame, white_spaces: pd.DataFrame | None,
                  branches: pd.DataFrame) -> pd.DataFrame:
    """Per branch, the white spaces whose surroundings hold some of its patents, most first."""
    if white_spaces is None or white_spaces.empty:
        return pd.DataFrame(columns=BRANCH_WHITE_SPACE_COLUMNS)
    ids = points["id"].astype(str).to_numpy()
    near = surrounding_patents(white_spaces, points[["x", "y"]].to_numpy(dtype=float))
    rows = []
    for b in branches["id"]:
        mine = set(members.loc[members["branch"] == b, "id"])
        counts = [len(mine & set(ids[ring])) for ring in near]
        for i in np.argsort([-c for c in counts], kind="stable"):  # ties: the white spaces' own rank
            if counts[i] > 0:
                rows.append({"branch": b, **white_spaces.iloc[i].to_dict(), "patents_near": counts[i]})
    out = pd.DataFrame(rows, columns=BRANCH_WHITE_SPACE_COLUMNS)
    return out.astype({"patents_near": "int64", "rank": "int64"})


def _top_groups(groups: pd.DataFrame, applicants: pd.DataFrame, is_home: pd.Series,
                branches: pd.DataFrame) -> pd.DataFrame:
    country = groups_table(applicants).set_index("group")["country"]
    order = {bid: i for i, bid in enumerate(branches["id"])}
    top = groups.groupby("branch", sort=False).head(TOP_GROUPS).copy()
    top["country"] = top["group"].map(country).astype(object)
    top["country"] = top["country"].where(top["country"].notna(), None)
    # A group whose country is not known is not home: it counts in no home share either.
    top["home"] = top["group"].map(is_home).fillna(False).astype(bool)
    top = top.assign(_o=top["branch"].map(order)).sort_values(["_o", "rank", "group"], kind="stable")
    return top[APPLICANT_COLUMNS].reset_index(drop=True)


def bundle_branch_tables(bundle, breakdown: pd.DataFrame | None = None, branches: pd.DataFrame | None = None, *,
                         applicants: pd.DataFrame | None = None, home: str | None = None,
                         overrides=None, alerts: pd.DataFrame | None = None,
                         white_spaces: pd.DataFrame | None = None) -> tuple[dict[str, pd.DataFrame], str]:
    """:func:`branch_tables` of a map bundle (a published one or a version being written).

    ``breakdown`` and ``branches`` default to the bundle's (``breakdown.parquet`` and the
    manifest's ``breakdown.taxonomy.branches``). Groups come from ``applicants``, else the
    bundle's ``applicants`` table, else they are decided here as ``landscape analyse`` decides
    them (:func:`landscape.analyse.applicants.applicants_table` with ``home`` — default the
    analysed home, else CN — and the workspace's group ``overrides``). ``alerts`` and
    ``white_spaces`` default to the bundle's analysed ones (none before ``landscape analyse``).

    Returns ``(tables, source)``: ``source`` is ``"given"``, ``"analysed"`` or ``"decided here"``.
    """
    from landscape.analyse.applicants import applicants_table

    if breakdown is None:
        breakdown = bundle.table("breakdown")
    if branches is None:
        listed = ((bundle.manifest.get("breakdown") or {}).get("taxonomy") or {}).get("branches") or []
        branches = pd.DataFrame(listed, columns=["id", "parent", "level", "name_en", "name_zh"])
    source = "given"
    if applicants is None:
        applicants, source = bundle.table("applicants"), "analysed"
    if applicants is None:
        analysed = (bundle.manifest.get("analysis") or {}).get("home")
        applicants = applicants_table(bundle.points, home=home or analysed or "CN", overrides=overrides)
        source = "decided here"
    alerts = bundle.table("alerts") if alerts is None else alerts
    white_spaces = bundle.table("white_spaces") if white_spaces is None else white_spaces
    window = TimeWindow.from_manifest(bundle.manifest, years=bundle.points["year"])
    return branch_tables(bundle.points, breakdown, branches, applicants=applicants, window=window,
                         alerts=alerts, white_spaces=white_spaces), source
