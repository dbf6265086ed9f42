"""发展路径 (development path): what a region could do, one line per suggestion, each generated
from the navigation's numbers and citing them.

Inputs are the navigation tables (docs/navigation.md): ``positioning`` (the region's position
per area and branch), ``region_applicants`` (leaders inside and outside the region),
``regions`` (counts and mixes per level), and, where present, the patents' applicants and
inventors. Nothing here counts patents again except the academic portfolios per area that a
partner line names (from points and the applicants table, by group, whole counting as
everywhere else).

The kinds, and when each fires (thresholds in :class:`PathRules`):

- ``attract_firms``: the region is weak or absent in an area whose world filings grow
  (status emerging or growing) → the leaders outside the region there;
- ``cultivate``: the region has applicants in a growing area but is not strong there → its own
  leaders there;
- ``strengthen``: the region is strong (specialised) in an area → keep it, naming its leaders;
  a cooling world trend is said beside it;
- ``attract_talent``: weak or absent in a growing area and the map has inventors → the most
  active inventors there who file for applicants outside the region;
- ``partner``: the region's firms in an area and universities or institutes with portfolios
  there (产学研) → who could work with whom;
- ``portfolio``: the region's patents in an area are far less often inventions (or less often
  in force) than the world's → build an invention portfolio.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landscape.map_tables import as_list

COLUMNS = ["kind", "area", "branch", "priority", "text_en", "text_zh", "figures"]
KINDS = ("strengthen", "cultivate", "attract_firms", "attract_talent", "partner", "portfolio")
GROWING = ("emerging", "growing")
ACADEMIC = ("university", "institute")


@dataclass(frozen=True)
class PathRules:
    """When a suggestion is made and how much it names."""

    #: suggestions of one kind at most (the strongest evidence first)
    per_kind: int = 5
    #: names quoted in one suggestion
    names: int = 3
    #: patents an academic group needs in an area to be named as a partner
    partner_min_patents: int = 2
    #: the region's invention share must trail the world's by this much (0.2 = 20 points) …
    portfolio_gap: float = 0.2
    #: … over at least this many of its patents in the area
    portfolio_min_patents: int = 5


def _pct(x: float, sign: bool = False) -> str:
    if x is None or pd.isna(x):
        return "—"
    return f"{x * 100:+.0f} %" if sign else f"{x * 100:.0f} %"


def _times(x: float) -> str:
    return "—" if x is None or pd.isna(x) else f"{x:.1f}×"


def _scope_of(row) -> tuple[str, object]:
    branch = row.get("branch")
    if isinstance(branch, str) and branch:
        return "branch", branch
    return "area", int(row["area"])


def _leaders(region_applicants: pd.DataFrame | None, scope: tuple, inside: bool, n: int) -> pd.DataFrame:
    if region_applicants is None or region_applicants.empty:
        return pd.DataFrame(columns=["group", "patents"])
    kind, key = scope
    t = region_applicants[region_applicants["inside"].astype(bool) == inside]
    if kind == "branch":
        t = t[(t["scope"] == "branch") & (t["branch"] == key)]
    else:
        t = t[(t["scope"] == "area") & (pd.to_numeric(t["area"], errors="coerce") == key)]
    return t.sort_values(["rank"]).head(n)


def _named(t: pd.DataFrame, lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    unit = "件" if lang == "zh" else ""
    return sep.join(f"{r['group']}（{int(r['patents'])}{unit}）" if lang == "zh" else f"{r['group']} ({int(r['patents'])})"
                    for _, r in t.iterrows())


def _academic_portfolios(points: pd.DataFrame | None, applicants: pd.DataFrame | None,
                         academic_groups: set | None = None) -> pd.DataFrame:
    """Patents per (area, academic group): universities and institutes, whole counting.

    ``academic_groups`` names the groups that may be partners (e.g. those of the region's
    country whose main member is a university or institute: a carmaker's research institute
    belongs to a firm's group and is not one); without it, every applicant typed university or
    institute counts under its group."""
    if points is None or applicants is None or applicants.empty:
        return pd.DataFrame(columns=["area", "group", "patents"])
    type_col = "type" if "type" in applicants else "kind"
    if academic_groups is not None:
        academic = applicants[applicants["group"].isin(academic_groups)]
    else:
        academic = applicants[applicants[type_col].isin(ACADEMIC)]
    to_group = dict(zip(academic["applicant"], academic["group"]))
    rows = [(int(area), to_group[name], i) for i, (area, names) in enumerate(zip(points["area"], points["applicants"]))
            for name in dict.fromkeys(as_list(names)) if name in to_group]
    if not rows:
        return pd.DataFrame(columns=["area", "group", "patents"])
    pairs = pd.DataFrame(rows, columns=["area", "group", "row"]).drop_duplicates()
    out = pairs.groupby(["area", "group"])["row"].nunique().rename("patents").reset_index()
    return out.sort_values(["area", "patents", "group"], ascending=[True, False, True])


def _talent(inventors: pd.DataFrame | None, area: int, inside_applicants: set, n: int) -> pd.DataFrame:
    """The most active inventors in ``area`` who file only for applicants outside the region."""
    if inventors is None or inventors.empty:
        return pd.DataFrame(columns=["inventor", "patents"])
    # Boolean arrays, not lists: an empty list would select no columns instead of no rows.
    in_area = inventors[np.array([area in {int(a) for a in as_list(v)} for v in inventors["areas"]], dtype=bool)]
    outside = in_area[np.array([not (set(as_list(a)) & inside_applicants) for a in in_area["applicants"]],
                               dtype=bool)]
    return outside.sort_values(["patents", "inventor"], ascending=[False, True]).head(n)


def _figures(**kw) -> str:
    def plain(v):
        if isinstance(v, (np.integer,)):
            return int(v)
        if isinstance(v, (np.floating, float)):
            return None if pd.isna(v) else round(float(v), 4)
        return v
    return json.dumps({k: plain(v) for k, v in kw.items()}, ensure_ascii=False)


def development_path(positioning: pd.DataFrame, region_applicants: pd.DataFrame | None,
                     regions: pd.DataFrame | None, *, region: str, level: str, names: dict,
                     points: pd.DataFrame | None = None, applicants: pd.DataFrame | None = None,
                     inventors: pd.DataFrame | None = None, inside_applicants: set | None = None,
                     academic_groups: set | None = None, rules: PathRules = PathRules()) -> pd.DataFrame:
    """The 发展路径 lines for one region (columns :data:`COLUMNS`), strongest evidence first.

    Parameters
    ----------
    positioning : DataFrame
        ``positioning.parquet``: ``area, branch, position, region_count, specialisation,
        world_growth, world_status, local_applicants``.
    region_applicants : DataFrame or None
        ``region_applicants.parquet`` (leaders inside and outside, per area and branch).
    regions : DataFrame or None
        ``regions.parquet``; the region's and the world's invention mix are read from it.
    region, level : str
        The chosen region's name and level (``city``, ``province``, ``country``…).
    names : dict
        ``("area", id)`` or ``("branch", id)`` -> ``{"en": name, "zh": name}``.
    points, applicants : DataFrame, optional
        For the academic portfolios a ``partner`` line names.
    inventors : DataFrame, optional
        ``inventors.parquet``, for ``attract_talent``.
    inside_applicants : set, optional
        Applicant names located in the region (inventors filing only for others are "outside").
    academic_groups : set, optional
        The groups a ``partner`` line may name (see :func:`_academic_portfolios`).
    """
    lines: list[dict] = []
    inside_applicants = inside_applicants or set()
    academic = _academic_portfolios(points, applicants, academic_groups)
    mix = _invention_mix(regions, region, level)

    def add(kind, scope, priority, en, zh, **figs):
        area = scope[1] if scope[0] == "area" else pd.NA
        branch = scope[1] if scope[0] == "branch" else None
        lines.append({"kind": kind, "area": area, "branch": branch, "priority": float(priority),
                      "text_en": en, "text_zh": zh, "figures": _figures(**figs)})

    for _, row in positioning.iterrows():
        scope = _scope_of(row)
        name = names.get(scope, {"en": str(scope[1]), "zh": str(scope[1])})
        pos, status = row["position"], row.get("world_status")
        g, spec = row.get("world_growth"), row.get("specialisation")
        count, local = int(row.get("region_count") or 0), int(row.get("local_applicants") or 0)
        growing = status in GROWING
        world_en = f"world {_pct(g, True)}/yr ({status})" if pd.notna(g) else "world growth not measurable (too few years)"
        world_zh = f"全球年均增长 {_pct(g, True)}" if pd.notna(g) else "全球增长无法测算（年份不足）"
        head_en = (f"{name['en']}: {world_en}, {region} {_times(spec)} specialisation, "
                   f"{count} patents from {local} local applicants")
        head_zh = (f"{name['zh']}：{world_zh}，{region}专业化指数 {_times(spec)}，"
                   f"本地专利 {count} 件、申请人 {local} 家")
        figs = dict(world_growth=g, world_status=status, specialisation=spec, region_count=count,
                    local_applicants=local)
        weight = (g if pd.notna(g) else 0.0)
        if pos in ("weak", "absent") and growing:
            outside = _leaders(region_applicants, scope, False, rules.names)
            if len(outside):
                add("attract_firms", scope, weight, f"{head_en} → candidate for attracting firms that lead it "
                    f"outside the region: {_named(outside, 'en')}.",
                    f"{head_zh} → 可考虑招引区外领先企业：{_named(outside, 'zh')}。",
                    **figs, leaders=outside["group"].tolist())
            talent = _talent(inventors, scope[1], inside_applicants, rules.names) if scope[0] == "area" else None
            if talent is not None and len(talent):
                who_en = ", ".join(f"{r['inventor']} ({int(r['patents'])})" for _, r in talent.iterrows())
                who_zh = "、".join(f"{r['inventor']}（{int(r['patents'])}件）" for _, r in talent.iterrows())
                add("attract_talent", scope, weight, f"{head_en} → most active inventors there, all filing for "
                    f"applicants outside the region: {who_en} (names can stand for several people).",
                    f"{head_zh} → 该领域最活跃的区外发明人：{who_zh}（同名可能为不同的人）。",
                    **figs, inventors=talent["inventor"].tolist())
        if pos in ("average", "weak") and growing and local > 0:
            own = _leaders(region_applicants, scope, True, rules.names)
            if len(own):
                add("cultivate", scope, weight + 0.5 * (spec if pd.notna(spec) else 0),
                    f"{head_en} → cultivate the region's own applicants there: {_named(own, 'en')}.",
                    f"{head_zh} → 重点培育本地申请人：{_named(own, 'zh')}。", **figs, local_leaders=own["group"].tolist())
        if pos == "strong":
            own = _leaders(region_applicants, scope, True, rules.names)
            trend_en = " The world trend is cooling: watch for a shrinking market." if status == "cooling" else ""
            trend_zh = "全球趋势降温，需关注市场收缩。" if status == "cooling" else ""
            add("strengthen", scope, (spec if pd.notna(spec) else 0),
                f"{head_en} → an existing strength: consolidate it (core patents, standards, portfolio depth)"
                + (f"; leaders {_named(own, 'en')}" if len(own) else "") + f".{trend_en}",
                f"{head_zh} → 已有优势，宜巩固（核心专利、标准、布局深度）"
                + (f"；本地龙头 {_named(own, 'zh')}" if len(own) else "") + f"。{trend_zh}",
                **figs, local_leaders=own["group"].tolist())
        if scope[0] == "area" and count > 0 and len(academic):
            partners = academic[academic["area"] == scope[1]]
            partners = partners[partners["patents"] >= rules.partner_min_patents].head(rules.names)
            own = _leaders(region_applicants, scope, True, rules.names)
            firms = own[own.get("type", pd.Series("enterprise", index=own.index)).isin(["enterprise", "firm"])] \
                if len(own) else own
            if len(partners) and len(firms):
                p_en = ", ".join(f"{r['group']} ({int(r['patents'])})" for _, r in partners.iterrows())
                p_zh = "、".join(f"{r['group']}（{int(r['patents'])}件）" for _, r in partners.iterrows())
                add("partner", scope, float(partners["patents"].sum()),
                    f"{head_en} → industry–university partners (产学研): the region's firms "
                    f"{_named(firms, 'en')} with {p_en}.",
                    f"{head_zh} → 产学研合作：本地企业 {_named(firms, 'zh')} 可与 {p_zh} 合作。",
                    **figs, partners=partners["group"].tolist(), firms=firms["group"].tolist())
        if scope[0] == "area" and scope[1] in mix:
            local_share, world_share, n = mix[scope[1]]
            if n >= rules.portfolio_min_patents and world_share - local_share >= rules.portfolio_gap:
                add("portfolio", scope, world_share - local_share,
                    f"{name['en']}: {_pct(local_share)} of {region}'s {n} patents are inventions against "
                    f"{_pct(world_share)} worldwide → build an invention portfolio (file inventions, not only "
                    "utility models or designs).",
                    f"{name['zh']}：{region} {n} 件专利中发明占 {_pct(local_share)}，全球为 {_pct(world_share)} "
                    "→ 加强发明专利布局（不止实用新型和外观设计）。",
                    invention_share=local_share, world_invention_share=world_share, region_count=n)
    out = pd.DataFrame(lines, columns=COLUMNS)
    if out.empty:
        return out.astype({"area": "Int64", "priority": "float64"})
    out["order"] = out["kind"].map({k: i for i, k in enumerate(KINDS)})
    out = (out.sort_values(["order", "priority"], ascending=[True, False]).groupby("kind", sort=False)
           .head(rules.per_kind).drop(columns="order").reset_index(drop=True))
    out["area"] = out["area"].astype("Int64")
    return out


def _invention_mix(regions: pd.DataFrame | None, region: str, level: str) -> dict:
    """area -> (the region's invention share, the world's, the region's count)."""
    if regions is None or regions.empty or "inventions" not in regions:
        return {}
    rows = regions[regions["area"].notna()]
    here = rows[(rows["level"] == level) & (rows["region"] == region)].set_index("area")
    world = rows[rows["level"] == "world"].set_index("area")
    out = {}
    for area, r in here.iterrows():
        if area in world.index and r["count"] > 0 and world.loc[area, "count"] > 0:
            out[int(area)] = (r["inventions"] / r["count"], world.loc[area, "inventions"] / world.loc[area, "count"],
                              int(r["count"]))
    return out
