"""Regional positioning (专利导航, GB/T 39551 part 3): how a region's patents sit on the map
against the whole map's, area by area and branch by branch. DataFrames in, DataFrames out.

Where a patent is, is decided elsewhere (:mod:`landscape.analyse.places`: where its first
applicant is). Here a region is a boolean mask over the map's points, one per level of a region
chain, so these functions never parse a place. Three tables (columns in ``docs/navigation.md``):

- :func:`regions_table` (``regions.parquet``): per level and per area / branch, how many
  patents, their share and growth, the specialisation index, document types, grants, in-force
  share, PCT filings and citations;
- :func:`positioning_table` (``positioning.parquet``): strong, average, weak or absent per area
  and branch for one region, with the numbers that decided it (:class:`PositionRules`);
- :func:`region_applicants` (``region_applicants.parquet``): the region's largest applicant
  groups against the leaders outside it.

Definitions
-----------
- **Unit**: a row of points (one application by default, :mod:`landscape.units`).
- **share**: the region's patents in the area (branch) ÷ the map's patents in it.
- **specialisation**: (the region's patents in the area ÷ the region's patents) ÷ (the map's
  patents in the area ÷ the map's patents); 1.0 = as specialised as the whole map. It is 0 when
  the region has patents but none in the area, NaN when the region has no patents at all or the
  area none on the map (nothing to compare), and 1.0 on a level's total row. The reference is
  always the whole map, whatever level the region is at.
- **inventions**: ``doc_type`` application or grant; ``utility_models`` and ``designs`` likewise.
- **granted**: inventions granted, as :func:`landscape.analyse.facts.fold_facts` decides it (a
  grant publication, a ``granted`` event, or a status meaning granted and in force; not an
  Orbit/Derwent ``ALIVE``, which pending applications also get). Utility models and designs are
  registered without substantive examination (CNIPA), so they count in neither ``granted`` nor
  ``grant_rate``.
- **grant_rate**: granted ÷ decided inventions, among inventions whose legal data are known (a
  legal status ``active``, ``pending`` or ``inactive``, or any legal event): decided = granted,
  or ended without a grant (status ``inactive``, or a rejected, withdrawn or abandoned event).
  Pending applications are left out, since counting them would lower the rate of a young
  region; so are patents without legal data, since a source that gives none (a CNKI export)
  would otherwise show every grant and no refusal, 100 %. NaN when none is decided.
- **in_force_share**: legal status ``active`` ÷ patents whose status is known (``active``,
  ``pending``, ``inactive``); NaN when none is known.
- **pct**: patents that took the PCT route (:func:`landscape.analyse.facts.fold_facts`).
- **in_force**, **pending**, **lapsed**: patents by legal status (the status mix);
  **transfers**, **licences**, **pledges**, **litigations**, **invalidations**: patents with at
  least one such legal event (专利运营), where the export carries legal events.
- **citations**: forward citations, the export's ``cited_by_count`` where it gives one, else
  the workspace records citing the patent (``cited_in_store``).
- **growth**, **growth_status**: :func:`landscape.rules.growth.growth` on the patents' years.
- **Branches**: a patent counts in every branch it is assigned to; unassigned patents count
  in the totals only. Patents whose area is missing or negative count in the totals only.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landscape.analyse.branches import branch_members
from landscape.analyse.competitors import UNKNOWN, counted_pairs
from landscape.analyse.places import type_of_kind
from landscape.map_tables import as_list
from landscape.rules.growth import growth

LEVELS = ("world", "country", "province", "city", "district")
POSITIONS = ("strong", "average", "weak", "absent")
REGION_COLUMNS = ["level", "region", "area", "branch", "count", "share", "growth", "growth_status",
                  "specialisation", "inventions", "utility_models", "designs", "granted", "grant_rate",
                  "in_force_share", "pct", "citations", "in_force", "pending", "lapsed", "transfers", "licences",
                  "pledges", "litigations", "invalidations"]
#: Patent operations (专利运营) counted from legal events: column -> event (landscape.schema.LEGAL_EVENTS).
OPERATIONS = {"transfers": "transfer", "licences": "license", "pledges": "pledge", "litigations": "litigation",
              "invalidations": "invalidation"}
POSITION_COLUMNS = ["area", "branch", "position", "region_count", "specialisation", "world_growth",
                    "world_status", "local_applicants", "reason", "reason_zh"]
APPLICANT_COLUMNS = ["scope", "area", "branch", "inside", "rank", "group", "type", "country", "province",
                     "city", "patents", "growth", "invention_share", "areas"]

_INVENTIONS = ("application", "grant")
_ENDED = frozenset({"rejected", "withdrawn", "abandoned"})
_KNOWN_STATUS = ("active", "pending", "inactive")
# What a group of patents adds up; count, decided, in_force and status_known feed the ratios.
_SUMS = ["count", "inventions", "utility_models", "designs", "granted", "decided", "decided_granted",
         "in_force", "pending", "lapsed", "status_known", "pct", "citations", *OPERATIONS]


@dataclass(frozen=True)
class PositionRules:
    """When a region is strong, weak or absent in an area or branch.

    ``strong``: specialisation at least ``strong`` (1.25: a quarter more of the region's
    patents in the area than the map's share) and at least ``min_count`` (5) patents, so that
    two patents in a small area do not make a strength; ``weak``: specialisation below
    ``weak`` (0.8); ``absent``: no patents; otherwise ``average``.
    """

    strong: float = 1.25
    weak: float = 0.8
    min_count: int = 5


def patent_figures(points: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """One row per point with what :func:`regions_table` adds up (see the module's definitions).

    Parameters
    ----------
    points : DataFrame
        The bundle's points (``id, area, year``; ``doc_type`` where facts lack one).
    facts : DataFrame
        :func:`landscape.analyse.facts.map_facts` of the same points, in the same order.

    Returns
    -------
    DataFrame
        ``area`` (Int64), ``year`` and the integer columns ``count, inventions,
        utility_models, designs, granted, decided, decided_granted, in_force, status_known,
        pct, citations`` (0 or 1 each; citations a count).
    """
    if len(facts) != len(points) or \
            (facts["id"].astype(str).to_numpy() != points["id"].astype(str).to_numpy()).any():
        raise ValueError("facts are not those of these points; pass "
                         "landscape.analyse.facts.map_facts(store, points, documents) of the same points")
    doc = facts["doc_type"].to_numpy(dtype=object)
    if "doc_type" in points:
        doc = np.where(pd.isna(doc), points["doc_type"].to_numpy(dtype=object), doc)
    doc = pd.Series(doc, dtype=object)
    events = [set(as_list(e)) for e in facts["legal_events"]]
    status = facts["legal_status"].to_numpy(dtype=object)
    invention = doc.isin(_INVENTIONS).to_numpy()
    granted = invention & facts["granted"].fillna(False).to_numpy(dtype=bool)
    ended = (status == "inactive") | np.array([bool(e & _ENDED) for e in events], dtype=bool)
    status_known = pd.Series(status, dtype=object).isin(_KNOWN_STATUS).to_numpy()
    legal_known = status_known | np.array([bool(e) for e in events], dtype=bool)
    cited = pd.to_numeric(facts["cited_by_count"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    citations = np.where(np.isnan(cited), facts["cited_in_store"].fillna(0).to_numpy(dtype=float), cited)
    out = pd.DataFrame({
        "area": pd.to_numeric(points["area"], errors="coerce").astype("Int64").to_numpy(),
        "year": pd.to_numeric(points["year"], errors="coerce").to_numpy(dtype=float, na_value=np.nan),
        "count": 1,
        "inventions": invention,
        "utility_models": (doc == "utility_model").to_numpy(),
        "designs": (doc == "design").to_numpy(),
        "granted": granted,
        "decided": legal_known & (granted | (invention & ended)),
        "decided_granted": legal_known & granted,
        "in_force": status == "active",
        "pending": status == "pending",
        "lapsed": status == "inactive",
        "status_known": status_known,
        # Operations: patents with at least one such legal event (transferred twice counts once).
        **{col: np.array([event in e for e in events], dtype=bool) for col, event in OPERATIONS.items()},
        "pct": facts["pct"].fillna(False).to_numpy(dtype=bool),
        "citations": citations,
    })
    return out.astype({c: "int64" for c in _SUMS})


def regions_table(points: pd.DataFrame, facts: pd.DataFrame, levels: Sequence[tuple[str, str, object]], *,
                  breakdown: pd.DataFrame | None = None, branches=None, last_complete: int | None,
                  first_year: int | None = None) -> pd.DataFrame:
    """``regions.parquet``: a region chain's figures per area and branch, against the whole map.

    Parameters
    ----------
    points : DataFrame
        The bundle's points (``id, area, year``).
    facts : DataFrame
        :func:`landscape.analyse.facts.map_facts` of the same points, in the same order.
    levels : sequence of (level, region, mask)
        The region chain, e.g. ``[("world", "全球", all True), ("country", "CN", ...),
        ("province", "广东省", ...), ("city", "汕头市", ...)]``: ``level`` one of
        :data:`LEVELS`, ``region`` its name, ``mask`` a boolean array-like aligned with the
        points (True where the patent's first applicant is in the region; NA is False).
        Several regions may share a level.
    breakdown : DataFrame, optional
        ``breakdown.parquet`` (``id, branch, ...``); adds a row per branch.
    branches : DataFrame or sequence of str, optional
        The breakdown's branches (a table with ``id``, or the ids) in the order wanted; a
        branch without patents gets its row too. Default: the breakdown's branches in order.
    last_complete, first_year : int
        The map's last complete year and first year (:class:`landscape.rules.years.TimeWindow`).

    Returns
    -------
    DataFrame
        :data:`REGION_COLUMNS`; per level, the total row (``area`` NA, ``branch`` None) first,
        then one row per area of the map (ascending) and one per branch.
    """
    points = points.reset_index(drop=True)
    fig = patent_figures(points, facts)
    members = _branch_points(points, breakdown)
    areas = sorted(int(a) for a in fig["area"].dropna().unique() if a >= 0)
    order = _branch_order(members, branches) if breakdown is not None else []

    def figures(keep: np.ndarray) -> dict[str, pd.DataFrame]:
        f, m = fig[keep], members[keep[members["point"].to_numpy()]]
        return {"total": _grouped(f, np.zeros(len(f), dtype=int), [0], last_complete, first_year),
                "area": _grouped(f, f["area"].to_numpy(), areas, last_complete, first_year),
                "branch": _grouped(fig.iloc[m["point"].to_numpy()], m["branch"].to_numpy(), order,
                                   last_complete, first_year)}

    world = figures(np.ones(len(points), dtype=bool))
    world_total = len(points)
    blocks = []
    for level, region, mask in levels:
        if level not in LEVELS:
            raise ValueError(f"level {level!r} is not one of {', '.join(LEVELS)}")
        here = figures(_as_mask(mask, len(points), region))
        region_total = int(here["total"]["count"].iloc[0])
        for kind in ("total", "area", "branch"):
            block = here[kind].copy()
            w = world[kind]["count"].to_numpy(dtype=float)
            c = block["count"].to_numpy(dtype=float)
            with np.errstate(divide="ignore", invalid="ignore"):
                block["share"] = np.where(w > 0, c / w, np.nan)
                spec = (c / region_total) / (w / world_total) if region_total else np.full(len(c), np.nan)
            block["specialisation"] = np.where(w > 0, spec, np.nan)
            block["level"], block["region"] = level, region
            block["area"] = pd.array(block.index if kind == "area" else [pd.NA] * len(block), dtype="Int64")
            block["branch"] = list(block.index) if kind == "branch" else [None] * len(block)
            blocks.append(block.reset_index(drop=True))
    if not blocks:
        return _empty(REGION_COLUMNS)
    out = pd.concat(blocks, ignore_index=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["grant_rate"] = np.where(out["decided"] > 0, out["decided_granted"] / out["decided"], np.nan)
        out["in_force_share"] = np.where(out["status_known"] > 0, out["in_force"] / out["status_known"], np.nan)
    out["branch"] = out["branch"].astype(object)
    out = out.astype({"share": float, "specialisation": float, "growth": float, "grant_rate": float,
                      "in_force_share": float, "level": object, "region": object})
    return out[REGION_COLUMNS]


def _as_mask(mask, n: int, region: str) -> np.ndarray:
    values = pd.Series(mask).reset_index(drop=True)  # by position: masks follow the points' order
    if len(values) != n:
        raise ValueError(f"the mask of region {region!r} has {len(values)} values for {n} points; "
                         "pass one boolean per point, in the points' order")
    return values.astype("boolean").fillna(False).to_numpy(dtype=bool)


def _branch_points(points: pd.DataFrame, breakdown: pd.DataFrame | None) -> pd.DataFrame:
    """``branch, point`` (row of points) pairs of the breakdown, in the breakdown's order."""
    if breakdown is None:
        return pd.DataFrame({"branch": pd.Series(dtype=object), "point": pd.Series(dtype="int64")})
    members = branch_members(points, breakdown)
    return pd.DataFrame({"branch": members["branch"].to_numpy(dtype=object),
                         "point": members["id"].map(_rows_by_id(points)).to_numpy(dtype="int64")})


def _rows_by_id(points: pd.DataFrame) -> pd.Series:
    """The row of points of each id (the first, as :func:`branch_members` keeps the first)."""
    return pd.Series(np.arange(len(points)), index=points["id"].astype(str)).groupby(level=0).first()


def _branch_order(members: pd.DataFrame, branches) -> list:
    if branches is None:
        return list(dict.fromkeys(members["branch"]))
    ids = branches["id"] if isinstance(branches, pd.DataFrame) else branches
    return [b for b in ids if isinstance(b, str) and b]


def _grouped(fig: pd.DataFrame, keys: np.ndarray, index: list, last_complete, first_year) -> pd.DataFrame:
    """The sums and growth of ``fig`` per key, one row per key of ``index`` (zeros where none)."""
    sums = fig[_SUMS].groupby(keys).sum().reindex(index, fill_value=0).astype("int64")
    years = {k: y for k, y in fig["year"].groupby(keys)}
    grown = [growth(years.get(k, ()), last_complete, first_year=first_year) for k in index]
    sums["growth"] = [g.rate for g in grown]
    sums["growth_status"] = [g.status for g in grown]
    return sums


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def local_applicants(points: pd.DataFrame, inside_mask, *, breakdown: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many distinct first applicants (points' ``applicant``) the region has per area and branch.

    Returns
    -------
    DataFrame
        ``area`` (Int64, NA on branch rows), ``branch`` (None on area rows),
        ``local_applicants``; only areas and branches where the region has an applicant.
    """
    points = points.reset_index(drop=True)
    inside = _as_mask(inside_mask, len(points), "inside")
    names = points["applicant"].astype(object).where(points["applicant"].notna(), None)
    named = inside & names.map(lambda v: isinstance(v, str) and bool(v.strip())).to_numpy(dtype=bool)
    area = pd.to_numeric(points["area"], errors="coerce")
    here = pd.DataFrame({"area": area, "applicant": names})[named & (area >= 0).fillna(False).to_numpy()]
    by_area = here.groupby("area")["applicant"].nunique()
    members = _branch_points(points, breakdown)
    members = members[named[members["point"].to_numpy()]]
    by_branch = (members.assign(applicant=names.to_numpy()[members["point"].to_numpy()])
                 .groupby("branch", sort=False)["applicant"].nunique())
    return pd.DataFrame({
        "area": pd.array([*by_area.index.astype(int), *[pd.NA] * len(by_branch)], dtype="Int64"),
        "branch": pd.Series([*[None] * len(by_area), *by_branch.index], dtype=object),
        "local_applicants": np.array([*by_area, *by_branch], dtype="int64")})


def positioning_table(regions: pd.DataFrame, region_level: str, *, region: str | None = None,
                      local: pd.DataFrame | None = None, rules: PositionRules = PositionRules()) -> pd.DataFrame:
    """``positioning.parquet``: strong, average, weak or absent per area and branch for one region.

    Parameters
    ----------
    regions : DataFrame
        :func:`regions_table`, with its ``world`` level (the growth and shares compared with).
    region_level : str
        The level of the region positioned (``city`` for 汕头市).
    region : str, optional
        The region's name; needed only when several regions share the level.
    local : DataFrame, optional
        :func:`local_applicants` of the region (``area, branch, local_applicants``); without
        it ``local_applicants`` is NA.
    rules : PositionRules

    Returns
    -------
    DataFrame
        :data:`POSITION_COLUMNS`, one row per area then per branch, in the order of ``regions``.
    """
    world = regions[regions["level"] == "world"]
    if world.empty:
        raise ValueError("the regions table has no world level; pass levels starting with "
                         "(\"world\", name, every point) to regions_table")
    mine = regions[regions["level"] == region_level]
    if region is not None:
        mine = mine[mine["region"] == region]
    names = mine["region"].unique().tolist()
    if len(names) != 1:
        found = ", ".join(map(str, names)) or "none"
        raise ValueError(f"level {region_level!r} holds regions {found}; pass region= one of them")
    key = _item_key(mine)
    totals = mine[key == ""]
    region_total = int(totals["count"].iloc[0]) if len(totals) else 0
    world_key = _item_key(world)
    world_total = int(world.loc[world_key == "", "count"].iloc[0])
    world = world.set_index(world_key)
    items = mine[key != ""].assign(item=key[key != ""])
    local_n = pd.Series(dtype="Int64")
    if local is not None and len(local):
        local_n = pd.Series(local["local_applicants"].to_numpy(), index=_item_key(local))
    rows = []
    for row in items.itertuples(index=False):
        w = world.loc[row.item]
        count, spec = int(row.count), float(row.specialisation)
        position = _position(count, spec, rules)
        n_local = int(local_n.get(row.item, 0)) if local is not None else pd.NA
        rows.append({"area": row.area, "branch": row.branch, "position": position, "region_count": count,
                     "specialisation": spec, "world_growth": float(w["growth"]), "world_status": w["growth_status"],
                     "local_applicants": n_local,
                     **{key: _reason(position, count, spec, region_total, int(w["count"]), world_total,
                                     float(w["growth"]), w["growth_status"], n_local, rules, lang=lang)
                        for key, lang in (("reason", "en"), ("reason_zh", "zh"))}})
    out = pd.DataFrame(rows, columns=POSITION_COLUMNS)
    out["area"] = out["area"].astype("Int64")
    out["branch"] = out["branch"].astype(object)
    return out.astype({"region_count": "int64", "specialisation": float, "world_growth": float,
                       "local_applicants": "Int64"})


def _item_key(table: pd.DataFrame) -> pd.Series:
    """``"a3"`` for area 3, ``"b:x"`` for branch x, ``""`` for a total row: one key for both kinds."""
    area = pd.Series(table["area"]).astype("Int64")
    branch = table["branch"].astype(object)
    keys = [f"b:{b}" if isinstance(b, str) and b else (f"a{int(a)}" if pd.notna(a) else "")
            for a, b in zip(area, branch)]
    return pd.Series(keys, index=table.index, dtype=object)


def _position(count: int, spec: float, rules: PositionRules) -> str:
    if count == 0:
        return "absent"
    if spec >= rules.strong and count >= rules.min_count:
        return "strong"
    if spec < rules.weak:
        return "weak"
    return "average"


def _percent(x: float) -> str:
    return f"{100 * x:.1f} %"


_STATUS_ZH = {"emerging": "新兴", "growing": "增长", "stable": "平稳", "cooling": "降温", "too few": "数量太少"}


def _reason(position, count, spec, region_total, world_count, world_total, world_growth, world_status,
            n_local, rules: PositionRules, *, lang: str = "en") -> str:
    """One sentence with the numbers that decided the position (``lang`` en or zh)."""
    if lang == "zh":
        return _reason_zh(position, count, spec, region_total, world_count, world_total, world_growth,
                          world_status, n_local, rules)
    map_share = _percent(world_count / world_total) if world_total else "—"
    grown = f"{100 * world_growth:+.0f} % a year" if np.isfinite(world_growth) else "not measured"
    world = f"world growth {grown} ({world_status})"
    if position == "absent":
        return f"No patents of the region here, against {world_count} on the map ({map_share} of its patents); {world}."
    why = {"strong": f"strong from {rules.strong:g}", "weak": f"weak below {rules.weak:g}",
           "average": f"average between {rules.weak:g} and {rules.strong:g}"}[position]
    if position == "average" and spec >= rules.strong:
        why = f"average: strong needs {rules.min_count} patents"
    local = "" if n_local is pd.NA else f"; {n_local} local applicant{'s' if n_local != 1 else ''}"
    return (f"{count} patent{'s' if count != 1 else ''} here, {_percent(count / region_total)} of the region's "
            f"against {map_share} of the map's: specialisation {spec:.2f} ({why}); {world}{local}.")


def _reason_zh(position, count, spec, region_total, world_count, world_total, world_growth, world_status,
               n_local, rules: PositionRules) -> str:
    map_share = _percent(world_count / world_total) if world_total else "—"
    grown = f"{100 * world_growth:+.0f}%" if np.isfinite(world_growth) else "无法测算"
    world = f"全球年均增长 {grown}（{_STATUS_ZH.get(world_status, world_status)}）"
    if position == "absent":
        return f"本区域在此无专利，全图有 {world_count} 件（占 {map_share}）；{world}。"
    why = {"strong": f"不低于 {rules.strong:g} 为优势", "weak": f"低于 {rules.weak:g} 为薄弱",
           "average": f"介于 {rules.weak:g} 与 {rules.strong:g} 之间为一般"}[position]
    if position == "average" and spec >= rules.strong:
        why = f"一般：优势需至少 {rules.min_count} 件专利"
    local = "" if n_local is pd.NA else f"；本地申请人 {n_local} 家"
    return (f"本区域在此有 {count} 件，占本区域专利的 {_percent(count / region_total)}，全图为 {map_share}："
            f"专业化指数 {spec:.2f}（{why}）；{world}{local}。")


def region_applicants(points: pd.DataFrame, applicants: pd.DataFrame, inside_mask, *,
                      breakdown: pd.DataFrame | None = None, n: int = 10, last_complete: int | None,
                      first_year: int | None = None, inside_groups: set | None = None) -> pd.DataFrame:
    """``region_applicants.parquet``: the region's largest applicant groups and the leaders outside it.

    Groups are counted as :mod:`landscape.analyse.competitors` counts them (whole counting: a
    patent counts once for each distinct group among its applicants; patents without one
    count for none). With ``inside_groups``, a group is inside when it is located in the region
    (:func:`group_places`) and counts all its patents there, so a co-applicant from another
    city is never named as one of the region's own; without it, inside are the region's
    patents (``inside_mask``), outside the others, and a group filing both in and outside the
    region appears on both sides with each count.

    Parameters
    ----------
    points : DataFrame
        The bundle's points (``id, area, year, country, applicants``; ``doc_type`` for the
        invention share).
    applicants : DataFrame
        The bundle's applicants table (``applicant, group, count, country, province, city``
        and ``type``, else ``kind``).
    inside_mask : array-like of bool
        One per point: the patent is the region's.
    breakdown : DataFrame, optional
        ``breakdown.parquet``: adds the groups per branch.
    n : int
        Groups per scope and side.
    last_complete, first_year : int
        The map's growth window (:func:`landscape.rules.growth.growth`).

    Returns
    -------
    DataFrame
        :data:`APPLICANT_COLUMNS`: scope ``all``, then per area, then per branch; inside before
        outside; ``rank`` 1 = most patents (ties share a rank, listed by name).
        ``invention_share`` is of the group's patents in that scope and side.
    """
    points = points.reset_index(drop=True)
    inside = _as_mask(inside_mask, len(points), "inside")
    pairs, _ = counted_pairs(points, by="group", applicants=applicants)
    pairs = pairs[pairs["applicant"] != UNKNOWN].rename(columns={"applicant": "group"})
    at = pairs["id"].astype(str).map(_rows_by_id(points)).to_numpy(dtype="int64")
    doc = points["doc_type"] if "doc_type" in points else pd.Series(None, index=points.index, dtype=object)
    invention = np.where(doc.notna(), doc.isin(_INVENTIONS), np.nan)
    side = pairs["group"].isin(inside_groups).to_numpy() if inside_groups is not None else inside[at]
    pairs = pairs.assign(inside=side, invention=invention[at])
    scopes = [("all", pd.NA, None, pairs)]
    scopes += [("area", int(a), None, part) for a, part in pairs[pairs["area"] >= 0].groupby("area")]
    if breakdown is not None:
        members = branch_members(points, breakdown)
        in_branch = members[["branch", "id"]].merge(pairs.astype({"id": str}), on="id")
        scopes += [("branch", pd.NA, b, in_branch[in_branch["branch"] == b])
                   for b in dict.fromkeys(members["branch"])]
    about = group_places(applicants)
    about.index = about.index.astype(object)  # a map without applicants has an empty float index
    rows = []
    for scope, area, branch, part in scopes:
        for side in (True, False):
            top = _top_groups(part[part["inside"] == side], n, last_complete, first_year)
            top = top.assign(scope=scope, area=area, branch=branch, inside=side).astype({"group": object})
            rows.append(top.join(about, on="group"))
    out = pd.concat(rows, ignore_index=True) if rows else _empty(APPLICANT_COLUMNS)
    out["area"] = out["area"].astype("Int64")
    out["branch"] = out["branch"].astype(object)
    for col in ("type", "country", "province", "city"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out.astype({"rank": "int64", "patents": "int64", "growth": float, "invention_share": float,
                       "inside": bool})[APPLICANT_COLUMNS]


def _top_groups(pairs: pd.DataFrame, n: int, last_complete, first_year) -> pd.DataFrame:
    counts = (pairs.groupby("group").agg(patents=("id", "nunique"), invention_share=("invention", "mean"))
              .reset_index().sort_values(["patents", "group"], ascending=[False, True]))
    counts["rank"] = counts["patents"].rank(method="min", ascending=False).astype("int64")
    top = counts.head(n).reset_index(drop=True)
    years = {g: y for g, y in pairs[pairs["group"].isin(top["group"])].groupby("group")["year"]}
    top["growth"] = [growth(years[g], last_complete, first_year=first_year).rate for g in top["group"]]
    # Where each group files: its areas, most patents first (at most three).
    mine = pairs[pairs["group"].isin(top["group"]) & (pairs["area"] >= 0)].drop_duplicates(["group", "id"])
    areas = {g: part["area"].value_counts(sort=False).sort_index(kind="stable").sort_values(ascending=False,
                                                                                          kind="stable")
             for g, part in mine.groupby("group")}
    top["areas"] = [[int(a) for a in areas[g].index[:3]] if g in areas else [] for g in top["group"]]
    return top


def group_places(applicants: pd.DataFrame) -> pd.DataFrame:
    """Per group: type, country, province, city, district of its member with most patents where known
    (the rule by which :func:`landscape.analyse.applicants.groups_table` gives a country)."""
    table = applicants.copy()
    if "type" not in table:
        table["type"] = table["kind"].map(type_of_kind)
    table = table.sort_values(["count", "applicant"], ascending=[False, True])
    out = pd.DataFrame(index=pd.Index(table["group"].unique(), name="group"))
    for col in ("type", "country", "province", "city", "district"):
        if col not in table:
            out[col] = None
            continue
        out[col] = table.dropna(subset=[col]).drop_duplicates("group").set_index("group")[col]
    return out
