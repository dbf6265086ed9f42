"""The navigation report's region chapters (GB/T 39551.3 区域定位 and 发展路径), read from the
tables ``landscape navigate`` writes (docs/navigation.md): ``regions``, ``positioning``,
``region_applicants``, ``applicants``, ``inventors``, ``collaboration``, ``core_patents``,
``recommendations`` and ``manifest["navigation"]``. Nothing here counts a patent: rows are
selected, ordered and formatted; a map without navigation has none of these chapters.

Each chapter's body is a list of blocks (``Section.items``) the template lays out in order:
``head`` (a heading), ``paragraphs``, ``table`` (with ``cls``), ``figure`` (a name in the
figures), ``caption``, ``notes`` and ``lines`` (coloured one-line items).
"""
from __future__ import annotations

import pandas as pd

from landscape.present.positions import POSITION_COLOURS, POSITIONS  # the app's colours and order
from landscape.report.model import Section, Table, as_list, cut, growth_cell, num, pct, pick
from landscape.report.strings import tr

#: The bundle tables a navigation writes (besides the enriched ``applicants``).
NAV_TABLES = ("regions", "positioning", "region_applicants", "inventors", "collaboration", "core_patents",
              "recommendations")
#: Part 2 (区域定位) and part 3 (发展路径), in the report's order.
POSITION_SECTIONS = ("region", "innovators", "talent", "quality")
PATH_SECTIONS = ("path",)
KINDS = ("strengthen", "cultivate", "attract_firms", "attract_talent", "partner", "portfolio")
TOP_APPLICANTS = 10
LEADERS_PER_AREA = 3
TOP_INVENTORS = 15
TOP_PARTNERS = 15
CORE_PER_AREA = 3
CHART_ROWS = 30
ACADEMIC = {"university", "institute"}
FIRM = {"enterprise", "firm"}


# --------------------------------------------------------------------------- what the map has

def navigation_of(bundle) -> dict | None:
    """``manifest["navigation"]`` when the map was navigated (the notes and the ``regions``
    table both there); else None."""
    nav = bundle.manifest.get("navigation")
    if not isinstance(nav, dict) or not nav.get("region"):
        return None
    if bundle.files is not None:
        return nav if "regions.parquet" in bundle.files else None
    return nav if bundle.path is not None and (bundle.path / "regions.parquet").exists() else None


def region_refusal(bundle, region: str) -> str | None:
    """Why a report of ``bundle`` for ``region`` cannot be made (one sentence), or None when the
    map was navigated for that region."""
    nav = navigation_of(bundle)
    if nav is None:
        return (f"map {bundle.name!r} has not been navigated for a region; run `landscape navigate --map "
                f"{bundle.name} --region {region}` first, then make the report again.")
    have = str(nav["region"].get("name") or "")
    # 广州 and 广州市, 中国 and CN name one region: navigate records the names it answers to.
    names = {have, nav["region"].get("asked"), *(nav["region"].get("names") or [])}
    if region.strip() not in names:
        return (f"map {bundle.name!r} was navigated for {have}, not {region}; run `landscape navigate --map "
                f"{bundle.name} --region {region}` to navigate it for {region}, or make the report with "
                f"--region {have}.")
    return None


def region_title(nav: dict) -> str:
    return str(nav["region"].get("name") or "—")


def _level(level: str, lang: str) -> str:
    return tr(f"nav.level.{level}", lang) if level in ("world", "country", "province", "city", "district") else level


def _place(level: str, name, lang: str) -> str:
    """A place of the chain as the reader knows it (the world in words, CN as China)."""
    if level == "world":
        return tr("nav.level.world", lang)
    key = f"nav.country.{name}"
    return tr(key, lang) if level == "country" and tr(key, lang) != key else str(name)


def chain_text(nav: dict, lang: str) -> str:
    chain = nav["region"].get("chain") or []
    return tr("nav.chain_sep", lang).join(_place(lv, nm, lang) for lv, nm in chain)


def _type(code, lang: str) -> str:
    if not isinstance(code, str) or not code:
        return "—"
    text = tr(f"nav.type.{code}", lang)
    return code if text == f"nav.type.{code}" else text


def _subjects(ctx) -> dict:
    """Names of the branches of the map's breakdown, by id (the manifest's taxonomy)."""
    notes = ctx["bundle"].manifest.get("breakdown") or {}
    return {b["id"]: pick(b, "name", ctx["lang"]) or b["id"]
            for b in (notes.get("taxonomy") or {}).get("branches") or [] if "id" in b}


def _subject(r, ctx, data) -> tuple[str, str | None]:
    """(name, colour) of a row's area or branch: a branch by its name, an area by its label."""
    branch = r.get("branch")
    if isinstance(branch, str) and branch:
        return "◆ " + ctx.setdefault("_branches", _subjects(ctx)).get(branch, branch), None
    area = r.get("area")
    if area is None or pd.isna(area):
        return tr("trends.all", ctx["lang"]), None
    return ctx["labels"].get(int(area), str(area)), data["colours"].get(int(area))


def _no_branch(df: pd.DataFrame) -> pd.Series:
    return df["branch"].isna() if "branch" in df.columns else pd.Series(True, index=df.index)


def _totals(regions: pd.DataFrame) -> pd.DataFrame:
    """The rows for the whole map at each level (no area, no branch)."""
    return regions[regions["area"].isna() & _no_branch(regions)]


def _chain_rows(regions: pd.DataFrame, nav: dict) -> list[tuple[str, str, pd.Series | None]]:
    totals = _totals(regions)
    out = []
    for level, name in nav["region"].get("chain") or []:
        hit = totals[(totals["level"] == level) & (totals["region"].astype(str) == str(name))]
        if not len(hit) and level == "world":
            hit = totals[totals["level"] == "world"]
        out.append((level, name, hit.iloc[0] if len(hit) else None))
    return out


def _missing(ctx, table: str) -> str:
    return tr("nav.region.missing", ctx["lang"], table=table, name=ctx["bundle"].name,
              region=region_title(ctx["nav"]))


def _chapter(ctx, key: str, table: str) -> tuple[Section, pd.DataFrame | None]:
    """The chapter ``key`` and the table it is read from; the chapter says to navigate again
    when the table is missing."""
    s = Section(key, tr(f"sec.{key}", ctx["lang"]))
    df = ctx["tables"][table]
    if df is None:
        s.missing = _missing(ctx, table)
    return s, df


def _float(x, digits: int = 2) -> str:
    if x is None or (not isinstance(x, str) and pd.isna(x)):
        return "—"
    if isinstance(x, (bool,)) or str(type(x)).endswith("bool_'>"):
        return "✓" if x else "—"
    if isinstance(x, str):
        return x
    return f"{float(x):.{digits}f}"


# --------------------------------------------------------------------------- 区域产业定位

def region_section(ctx, data) -> Section:
    lang, nav = ctx["lang"], ctx["nav"]
    name = region_title(nav)
    s, regions = _chapter(ctx, "region", "regions")
    if regions is None:
        return s
    s.paragraphs.append(tr("nav.region.intro", lang, region=name, level=_level(nav["region"].get("level"), lang),
                           chain=chain_text(nav, lang)))
    chain = _chain_rows(regions, nav)
    world = chain[0][2] if chain and chain[0][2] is not None else None
    own = chain[-1][2] if chain else None
    if own is not None and world is not None:
        s.paragraphs.append(tr("nav.region.total", lang, region=name, n=int(own["count"]), world=int(world["count"]),
                               share=pct(own["share"], digits=1),
                               growth=growth_cell(own.get("growth"), own.get("growth_status"), lang)))
    rows = [[_level(lv, lang), _place(lv, nm, lang), num(r["count"]) if r is not None else "—",
             pct(r["share"], digits=1) if r is not None else "—",
             growth_cell(r.get("growth"), r.get("growth_status"), lang) if r is not None else "—"]
            for lv, nm, r in chain]
    s.items.append({"head": tr("nav.region.levels", lang), "table": Table(
        [tr(k, lang) for k in ("nav.col.level", "nav.col.region", "col.patents", "nav.col.share_map",
                               "col.growth")], rows, ["l", "l", "r", "r", "r"], ["16%", "30%", "18%", "18%", "18%"])})
    s.items.append(_by_area(ctx, data, regions, chain))
    s.items.extend(_positioning(ctx, data))
    return s


def _by_area(ctx, data, regions: pd.DataFrame, chain) -> dict:
    lang = ctx["lang"]
    per = regions[regions["area"].notna() & _no_branch(regions)]
    cells = {(lv, str(nm)): per[(per["level"] == lv) & (per["region"].astype(str) == str(nm))].set_index("area")
             for lv, nm, _ in chain}
    if chain and chain[0][0] == "world" and not len(cells[("world", str(chain[0][1]))]):
        cells[("world", str(chain[0][1]))] = per[per["level"] == "world"].set_index("area")
    own, world = (chain[-1][:2], chain[0][:2]) if chain else (None, None)
    rows, colours = [], []
    for aid in (int(a) for a in ctx["areas"]["id"]):
        row = [ctx["labels"].get(aid, str(aid))]
        for lv, nm, _ in chain:
            got = cells[(lv, str(nm))]
            r = got.loc[aid] if aid in got.index else None
            row.append("0" if r is None else (num(r["count"]) if lv == "world" else
                                              f"{num(r['count'])} ({pct(r['share'])})"))
        for lv, nm in (own, world):
            got = cells[(lv, str(nm))]
            r = got.loc[aid] if aid in got.index else None
            row.append(growth_cell(r.get("growth"), r.get("growth_status"), lang) if r is not None else "—")
        rows.append(row)
        colours.append(data["colours"].get(aid))
    n = len(chain)
    first = 26 if n <= 4 else 22
    rest = (100 - first) / (n + 2)
    headers = [tr("col.area", lang), *(_place(lv, nm, lang) for lv, nm, _ in chain),
               tr("nav.col.region_growth", lang), tr("nav.col.world_growth", lang)]
    return {"head": tr("nav.region.by_area", lang), "notes": [tr("nav.region.by_area_note", lang)],
            "table": Table(headers, rows, ["l", *["r"] * (n + 2)], [f"{first}%", *[f"{rest:.1f}%"] * (n + 2)],
                           colours)}


def _positioning(ctx, data) -> list[dict]:
    lang, pos = ctx["lang"], ctx["tables"]["positioning"]
    name = region_title(ctx["nav"])
    if pos is None:
        return [{"head": tr("nav.region.positioning", lang), "missing": _missing(ctx, "positioning")}]
    order = {p: i for i, p in enumerate(POSITIONS)}
    pos = pos.assign(_o=pos["position"].map(order).fillna(len(order)),
                     _s=pd.to_numeric(pos["specialisation"], errors="coerce").fillna(-1)).sort_values(
        ["_o", "_s"], ascending=[True, False], kind="stable")
    rows, colours, classes, chart = [], [], [], []
    for _, r in pos.iterrows():
        label, colour = _subject(r, ctx, data)
        position = str(r["position"])
        # ``reason`` is English, ``reason_zh`` Chinese (landscape.analyse.regions.positioning_table).
        reason = next((r[k] for k in (("reason_zh", "reason") if lang == "zh" else ("reason",))
                       if isinstance(r.get(k), str) and r[k]), "")
        rows.append([label, num(r["region_count"]), _float(r["specialisation"]),
                     growth_cell(r.get("world_growth"), r.get("world_status"), lang), num(r.get("local_applicants")),
                     tr(f"nav.position.{position}", lang) if position in POSITIONS else position, cut(reason, 170)])
        colours.append(colour)
        classes.append(f"pos-{position}")
        chart.append({"label": label, "specialisation": r["specialisation"], "position": position})
    counts = pos["position"].value_counts()
    said = tr("list_sep", lang).join(f"{tr('nav.position.' + p, lang)} {int(counts[p])}" for p in POSITIONS
                                     if p in counts.index)
    table = Table([tr(k, lang) for k in ("nav.col.subject", "nav.col.region_patents", "nav.col.specialisation",
                                         "nav.col.world_growth", "nav.col.local_applicants", "nav.col.position",
                                         "nav.col.reason")],
                  rows, ["l", "r", "r", "r", "r", "l", "l"], ["23%", "10%", "11%", "10%", "11%", "9%", "26%"],
                  colours, classes)
    frame = pd.DataFrame(chart[:CHART_ROWS])
    if len(frame):
        data["specialisation"] = frame
        data["position_colours"] = POSITION_COLOURS
        data["position_words"] = {p: tr(f"nav.position.{p}", lang) for p in POSITIONS}
    return [{"head": tr("nav.region.positioning", lang),
             "paragraphs": [tr("nav.region.pos_intro", lang)] + ([tr("nav.positions", lang, counts=said)] if said else []),
             "figure": "specialisation" if len(frame) else None,
             "caption": tr("nav.region.chart_caption", lang, region=name),
             "table": table, "cls": "data positioning"}]


# --------------------------------------------------------------------------- 区域创新主体

def _where(r) -> str:
    parts = [str(r.get(k)) for k in ("province", "city") if isinstance(r.get(k), str) and r.get(k)]
    if parts:
        return " ".join(dict.fromkeys(parts))
    return str(r.get("country")) if isinstance(r.get("country"), str) else "—"


def innovators_section(ctx, data) -> Section:
    lang = ctx["lang"]
    name = region_title(ctx["nav"])
    s, ra = _chapter(ctx, "innovators", "region_applicants")
    if ra is None:
        return s
    s.paragraphs.append(tr("nav.app.intro", lang, region=name))
    whole = ra[ra["scope"] == "all"].sort_values("rank", kind="stable")
    headers = [tr(k, lang) for k in ("col.rank", "col.group", "nav.col.type", "nav.col.where", "col.patents",
                                     "col.growth", "nav.col.invention_share", "nav.col.areas")]

    def areas_of(r) -> str:  # the group's main areas, named (the table's `areas`, most patents first)
        return tr("list_sep", lang).join(data["short_labels"].get(int(a), str(a)) for a in as_list(r.get("areas"))[:2])

    for inside, key in ((True, "nav.app.inside"), (False, "nav.app.outside")):
        mine = whole[whole["inside"].astype(bool) == inside].head(TOP_APPLICANTS)
        rows = [[num(r["rank"]), cut(r["group"], 34), _type(r.get("type"), lang), cut(_where(r), 20),
                 num(r["patents"]), pct(r.get("growth"), sign=True), pct(r.get("invention_share")),
                 cut(areas_of(r), 40) or "—"]
                for _, r in mine.iterrows()]
        block = {"head": tr(key, lang, region=name),
                 "table": Table(headers, rows, ["r", "l", "l", "l", "r", "r", "r", "l"],
                                ["5%", "25%", "9%", "13%", "8%", "9%", "9%", "22%"])}
        if inside and not rows:
            block = {"head": block["head"], "paragraphs": [tr("nav.app.none_inside", lang, region=name)]}
        s.items.append(block)
    s.items.append(_leaders_per_area(ctx, data, ra))
    types = _types(ctx)
    if types is not None:
        s.items.append(types)
    return s


def _leaders_per_area(ctx, data, ra: pd.DataFrame) -> dict:
    lang, name = ctx["lang"], region_title(ctx["nav"])
    per = ra[ra["scope"] == "area"]
    rows, colours = [], []
    for aid in (int(a) for a in ctx["areas"]["id"]):
        mine = per[per["area"] == aid].sort_values("rank", kind="stable")
        if not len(mine):
            continue
        cells = []
        for inside in (True, False):
            top = mine[mine["inside"].astype(bool) == inside].head(LEADERS_PER_AREA)
            cells.append(tr("list_sep", lang).join(f"{cut(r['group'], 28)} ({num(r['patents'])})"
                                                   for _, r in top.iterrows()) or "—")
        rows.append([ctx["labels"].get(aid, str(aid)), *cells])
        colours.append(data["colours"].get(aid))
    return {"head": tr("nav.app.per_area", lang, region=name),
            "table": Table([tr("col.area", lang), tr("nav.col.inside", lang), tr("nav.col.outside", lang)], rows,
                           ["l", "l", "l"], ["26%", "37%", "37%"], colours)}


def _in_region(applicants: pd.DataFrame, nav: dict) -> pd.DataFrame | None:
    """The applicants whose place is the region (its level's column holds its name)."""
    level, name = nav["region"].get("level"), nav["region"].get("name")
    column = level if level in ("province", "city", "district") else "country"
    if column not in applicants.columns:
        return None
    return applicants[applicants[column].astype(str) == str(name)]


def _types(ctx) -> dict | None:
    lang, name = ctx["lang"], region_title(ctx["nav"])
    who = ctx["tables"].get("applicants")
    if who is None or "type" not in who.columns:
        return None
    mine = _in_region(who, ctx["nav"])
    if mine is None or not len(mine):
        return None
    by = mine.assign(type=mine["type"].fillna("unknown")).groupby("type").agg(
        applicants=("applicant", "size"), patents=("count", "sum")).sort_values(
        ["patents", "applicants"], ascending=False)
    total = max(int(by["patents"].sum()), 1)
    rows = [[_type(t, lang), num(r["applicants"]), num(r["patents"]), pct(r["patents"] / total)]
            for t, r in by.iterrows()]
    return {"head": tr("nav.app.types", lang, region=name), "notes": [tr("nav.app.types_note", lang)],
            "table": Table([tr(k, lang) for k in ("nav.col.type", "nav.col.applicants", "nav.col.patents",
                                                  "col.share")], rows, ["l", "r", "r", "r"],
                           ["40%", "20%", "20%", "20%"])}


# --------------------------------------------------------------------------- 创新人才与产学研

def talent_section(ctx, data) -> Section:
    lang, name = ctx["lang"], region_title(ctx["nav"])
    s = Section("talent", tr("sec.talent", lang))
    inventors, links = ctx["tables"]["inventors"], ctx["tables"]["collaboration"]
    if inventors is None or not len(inventors):
        s.items.append({"head": tr("nav.inv.head", lang), "paragraphs": [tr("nav.inv.none", lang)]})
    else:
        s.items.append(_inventors(ctx, inventors, name))
    if links is None:
        s.items.append({"head": tr("nav.collab.head", lang), "missing": _missing(ctx, "collaboration")})
    else:
        s.items.append(_partners(ctx, links))
    return s


def _inventors(ctx, inventors: pd.DataFrame, name: str) -> dict:
    lang = ctx["lang"]
    mine = inventors
    where = inventors.get("region")
    if where is not None and where.dtype == bool:
        mine = inventors[where]
    elif where is not None and where.notna().any():
        mine = inventors[where.astype(str) == name]
    mine = mine.sort_values(["patents", "inventor"], ascending=[False, True], kind="stable").head(TOP_INVENTORS)
    rows = []
    for _, r in mine.iterrows():
        who = str(r["inventor"]) + (" *" if bool(r.get("ambiguous")) else "")
        applicants = tr("list_sep", lang).join(cut(a, 26) for a in as_list(r.get("applicants"))[:2])
        areas = tr("list_sep", lang).join(ctx["labels"].get(int(a), str(a)) for a in as_list(r.get("areas"))[:2]
                                          if pd.notna(a))
        years = "–".join(str(int(y)) if y is not None and pd.notna(y) else "?"
                         for y in (r.get("first_year"), r.get("last_year")))
        rows.append([who, num(r["patents"]), applicants or "—", cut(areas, 60) or "—", years])
    share = (ctx["nav"].get("coverage") or {}).get("inventors")
    intro = tr("nav.inv.region_all", lang, region=name)
    if isinstance(share, (int, float)) and share < 0.5:  # say how thin the evidence is
        intro += ("" if lang == "zh" else " ") + tr("nav.inv.thin", lang, share=pct(share))
    return {"head": tr("nav.inv.head", lang), "paragraphs": [intro],
            "table": Table([tr(k, lang) for k in ("nav.col.inventor", "col.patents", "nav.col.inv_applicants",
                                                  "nav.col.areas", "nav.col.years")],
                           rows, ["l", "r", "l", "l", "r"], ["16%", "9%", "33%", "30%", "12%"]),
            "notes": [tr("nav.inv.note", lang)]}


def _pair(r) -> tuple[str, str, str] | None:
    """(firm, partner, partner type) of a firm–university/institute link, else None."""
    a, b = str(r.get("a_type") or ""), str(r.get("b_type") or "")
    if a in FIRM and b in ACADEMIC:
        return r["a"], r["b"], b
    if b in FIRM and a in ACADEMIC:
        return r["b"], r["a"], a
    return None


def _family(r) -> str:
    if _pair(r) is not None:
        return "academic"
    return "firm" if {str(r.get("a_type")), str(r.get("b_type"))} <= FIRM else "other"


def _partners(ctx, links: pd.DataFrame) -> dict:
    lang = ctx["lang"]
    # Links that involve the region's own applicants (navigate marks each side); the whole map's
    # network is in the Excel export and the app.
    region_only = {"a_inside", "b_inside"} <= set(links.columns)
    if region_only:
        links = links[links["a_inside"].astype(bool) | links["b_inside"].astype(bool)]
    families = links.apply(_family, axis=1) if len(links) else pd.Series([], dtype=str)
    counts = families.value_counts()
    said = tr("list_sep", lang).join(tr("nav.collab.count", lang, kind=tr(f"nav.collab.kind.{k}", lang),
                                        n=int(counts[k])) for k in ("academic", "firm", "other") if k in counts.index)
    academic = links[families == "academic"].sort_values("patents", ascending=False, kind="stable")
    rows = []
    for _, r in academic.head(TOP_PARTNERS).iterrows():
        firm, partner, kind = _pair(r)
        areas = tr("list_sep", lang).join(ctx["labels"].get(int(a), str(a)) for a in as_list(r.get("areas"))[:2]
                                          if pd.notna(a))
        rows.append([cut(firm, 34), cut(partner, 34), _type(kind, lang), num(r["patents"]), cut(areas, 50) or "—"])
    block = {"head": tr("nav.collab.head", lang),
             "paragraphs": [tr("nav.collab.intro_region" if region_only else "nav.collab.intro", lang,
                               counts=said or "0", region=region_title(ctx["nav"]))]}
    if rows:
        block["table"] = Table([tr(k, lang) for k in ("nav.col.firm", "nav.col.partner", "nav.col.partner_type",
                                                      "nav.col.joint", "nav.col.areas")],
                               rows, ["l", "l", "l", "r", "l"], ["26%", "26%", "12%", "10%", "26%"])
    else:
        block["paragraphs"].append(tr("nav.collab.none", lang))
    return block


# --------------------------------------------------------------------------- 专利质量与核心专利

_OPERATIONS = ("in_force", "pending", "lapsed", "transfers", "licences", "pledges", "litigations", "invalidations")


def _operations(regions: pd.DataFrame, nav: dict, lang: str) -> list[dict]:
    """The legal-status mix and patent operations (转让、许可、质押、诉讼、无效) per level, where the
    export carries legal status or events; nothing when it carries neither."""
    present = [c for c in _OPERATIONS if c in regions]
    rows = [(lv, nm, r) for lv, nm, r in _chain_rows(regions, nav) if r is not None]
    if not present or not any(int(r.get(c) or 0) for _, _, r in rows for c in present):
        return [{"paragraphs": [tr("nav.ops.none", lang)]}]
    table = Table([tr("nav.col.region", lang), *[tr(f"nav.ops.{c}", lang) for c in present]],
                  [[_place(lv, nm, lang), *[num(r.get(c)) for c in present]] for lv, nm, r in rows],
                  ["l", *["r"] * len(present)])
    return [{"head": tr("nav.ops.head", lang), "paragraphs": [tr("nav.ops.intro", lang)], "table": table}]


def quality_section(ctx, data) -> Section:
    lang, nav = ctx["lang"], ctx["nav"]
    s = Section("quality", tr("sec.quality", lang))
    regions = ctx["tables"]["regions"]
    if regions is not None:
        rows = []
        for lv, nm, r in _chain_rows(regions, nav):
            if r is None:
                continue
            rows.append([_place(lv, nm, lang), num(r["count"]), num(r.get("inventions")), num(r.get("utility_models")),
                         pct(r.get("grant_rate")), pct(r.get("in_force_share")), num(r.get("pct")),
                         num(r.get("citations"))])
        s.items.append({"paragraphs": [tr("nav.q.intro", lang)], "table": Table(
            [tr(k, lang) for k in ("nav.col.region", "col.patents", "nav.col.inventions", "nav.col.utility",
                                   "nav.col.grant_rate", "nav.col.in_force", "nav.col.pct", "nav.col.citations")],
            rows, ["l", *["r"] * 7], ["20%", "11%", "11%", "12%", "11%", "11%", "10%", "14%"])})
        s.items.extend(_operations(regions, nav, lang))
    core = ctx["tables"]["core_patents"]
    if core is None:
        s.items.append({"head": tr("nav.q.core", lang), "missing": _missing(ctx, "core_patents")})
        return s
    block = {"head": tr("nav.q.core", lang), "paragraphs": [value_formula(nav, lang)]}
    titles = ctx["bundle"].points.set_index("id")["title"] if "title" in ctx["bundle"].points else pd.Series(dtype=str)
    titles = titles[~titles.index.duplicated()]
    rows, colours, classes = [], [], []
    for aid in (int(a) for a in ctx["areas"]["id"]):
        mine = core[core["area"] == aid].sort_values("rank_in_area", kind="stable").head(CORE_PER_AREA)
        for i, (_, r) in enumerate(mine.iterrows()):
            # The area once, on its first row: the rows below it are its.
            rows.append([ctx["labels"].get(aid, str(aid)) if i == 0 else "", num(r["rank_in_area"]), str(r["id"]),
                         cut(titles.get(r["id"], ""), 60), _float(r["value"]), _float(r.get("citations_per_year"), 1),
                         num(r.get("family_size")), num(r.get("claims")), _legal(r, lang)])
            colours.append(data["colours"].get(aid) if i == 0 else None)
            classes.append("first" if i == 0 else "more")
    if rows:
        block["table"] = Table([tr(k, lang) for k in ("col.area", "col.rank", "col.id", "col.title", "nav.col.value",
                                                      "nav.col.cites_year", "nav.col.family", "nav.col.claims",
                                                      "nav.col.legal")],
                               rows, ["l", "r", "l", "l", "r", "r", "r", "r", "l"],
                               ["18%", "5%", "13%", "27%", "7%", "7%", "6%", "6%", "11%"], colours, classes)
        block["cls"] = "data grouped"
    else:
        block["paragraphs"].append(tr("nav.q.none", lang))
    s.items.append(block)
    return s


def _legal(r, lang: str) -> str:
    legal = r.get("legal")
    granted = r.get("granted")
    words = [] if not isinstance(legal, str) or not legal else [_legal_word(legal, lang)]
    if granted is not None and not pd.isna(granted) and not isinstance(granted, (float,)):
        words.append(tr("nav.granted.yes" if bool(granted) else "nav.granted.no", lang))
    elif not words and legal is not None and not pd.isna(legal):
        words.append(_float(legal))
    return tr("list_sep", lang).join(words) or "—"


def _legal_word(code: str, lang: str) -> str:
    key = "nav.legal." + code.strip().lower().replace(" ", "_")
    text = tr(key, lang)
    return code if text == key else text


def value_formula(nav: dict, lang: str) -> str:
    """The value formula in words, from ``manifest.navigation.value`` (weights and parts used)."""
    value = nav.get("value") or {}
    weights = value.get("weights") or {}
    if not weights:
        return tr("nav.q.no_value", lang)

    def word(part):
        text = tr(f"nav.part.{part}", lang)
        return part if text == f"nav.part.{part}" else text

    formula = " + ".join(f"{float(w):g} × {word(p)}" for p, w in weights.items())
    parts = value.get("parts") or value.get("parts_used") or list(weights)
    used = tr("list_sep", lang).join(word(p) for p in parts)
    text = tr("nav.q.value", lang, formula=formula, parts=used, n=CORE_PER_AREA)
    # Status alone cannot rank patents: say so rather than print a list of ties as "core patents".
    if not set(parts) & {"citations", "family_size", "claims"}:
        text += ("" if lang == "zh" else " ") + tr("nav.q.thin_value", lang)
    check = value.get("agreement") or {}
    if check.get("n"):  # the check against the export's own citation counts
        text += ("" if lang == "zh" else " ") + tr(
            "nav.q.agreement", lang, rho=f"{float(check['spearman']):.2f}" if check.get("spearman") is not None else "—",
            n=num(check["n"]), k=num(check.get("top_k") or 0),
            overlap=num(round(float(check.get("top_k_overlap") or 0) * int(check.get("top_k") or 0))))
    elif check:
        text += ("" if lang == "zh" else " ") + tr("nav.q.no_agreement", lang)
    return text


# --------------------------------------------------------------------------- 发展路径

def path_section(ctx, data) -> Section:
    lang, name = ctx["lang"], region_title(ctx["nav"])
    s, recs = _chapter(ctx, "path", "recommendations")
    if recs is None:
        return s
    s.paragraphs.append(tr("nav.path.intro", lang, region=name))
    if not len(recs):
        s.empty = tr("nav.path.none", lang, region=name)
        return s
    kinds = [k for k in KINDS if (recs["kind"] == k).any()]
    kinds += [k for k in dict.fromkeys(recs["kind"]) if k not in KINDS]
    for kind in kinds:
        lines = []
        for _, r in recs[recs["kind"] == kind].iterrows():
            label, colour = _subject(r, ctx, data) if (pd.notna(r.get("area")) or isinstance(r.get("branch"), str)) \
                else ("", None)
            text = pick(r, "text", lang)
            # The line names its subject first (it also stands alone, in the CLI); the label shows it.
            name = label.removeprefix("◆ ")  # a branch's label carries its marker
            for sep in ("：", ": "):
                if name and text.startswith(name + sep):
                    text = text[len(name) + len(sep):]
            lines.append({"label": label, "colour": colour, "text": text})
        head = tr(f"nav.kind.{kind}", lang)
        intro = tr(f"nav.kind_intro.{kind}", lang, region=name)
        s.items.append({"head": kind if head == f"nav.kind.{kind}" else head,
                        "paragraphs": [] if intro == f"nav.kind_intro.{kind}" else [intro], "lines": lines})
    return s
