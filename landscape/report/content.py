"""The report model: what the report says, assembled from a map bundle's tables.

Nothing here computes an analysis. Numbers are selected, sorted and formatted from the
bundle's tables (``clusters``, ``points``, ``concentration``, ``competitors``, ``alerts``,
``white_spaces``, ``trends``, ``trend_summary``, ``effects``) and the highlights ``analyse``
picked out of them (``leading_applicants``, ``effect_gaps``, ``fastest_growing``); a part whose
table an older analysis did not write says to re-run it. Figures and templates read the model only.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pandas as pd

from landscape.actions import groups_of
from landscape.maps import MapBundle
from landscape.present.names import area_labels, code_title
from landscape.present.palette import area_colours
from landscape.report.model import (ReportModel, Section, Table, as_list, cut, growth_cell, num, other, pct, pick,
                                    status_key)
from landscape.report.breakdown import breakdown_section, has_breakdown
from landscape.report.navigation import (NAV_TABLES, POSITION_SECTIONS, chain_text, innovators_section,
                                         navigation_of, path_section, quality_section, region_section,
                                         region_title, talent_section)
from landscape.report.provenance import appendix_section, method_section
from landscape.present.highlights import leading_by_area, older_analysis
from landscape.report.strings import tr
from landscape.rules.growth import growth_rate
from landscape.rules.years import TimeWindow

#: The ``concentrated`` alert rule's default: fewer known-applicant patents in the recent
#: window make an HHI noise, so the summary does not name such an area as "most concentrated".
MIN_PATENTS_CONCENTRATION = 20
MAX_ALERTS = 40  # in the PDF; the Excel export has all of them
MAX_GAPS = 15
TOP_APPLICANTS = 15
SMALL_MULTIPLES = 6
MAX_EFFECT_ROWS = 20
CHART_YEARS = 20  # trend charts show at most the last this many years


# --------------------------------------------------------------------------- the model

def build_model(bundle: MapBundle, lang: str = "zh", *, date: dt.date | None = None,
                tables: dict | None = None) -> ReportModel:
    """The report of one map bundle in ``lang`` ("zh" or "en").

    Parameters
    ----------
    bundle : MapBundle
        A map read with ``landscape.maps.read_bundle``.
    lang : {"zh", "en"}
        The report's language.
    date : datetime.date, optional
        The report date (default today).
    tables : dict, optional
        Analysis tables already read (name -> DataFrame or None), to skip reading them again.

    Returns
    -------
    ReportModel
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown report language {lang!r}; use 'zh' or 'en'.")
    m = bundle.manifest
    names = ("white_spaces", "alerts", "trends", "effects", "competitors", "concentration", "applicants",
             "leading_applicants", "effect_gaps", "fastest_growing", "branch_summary", "branch_years", "branch_areas",
             "branch_alerts", "branch_white_spaces")
    nav = navigation_of(bundle)
    names += NAV_TABLES if nav is not None else ()
    tables = dict(tables or {})
    for n in names:
        if n not in tables:
            tables[n] = bundle.table(n)
    if "documents" not in tables:
        tables["documents"] = _document_sources(bundle)
    points, clusters = bundle.points, bundle.clusters
    labels = area_labels(clusters, lang) if len(clusters) else {}
    sizes = points["area"].value_counts()
    areas = clusters.assign(n=clusters["id"].map(sizes).fillna(0).astype(int)).sort_values(
        ["n", "id"], ascending=[False, True]) if len(clusters) else clusters.assign(n=[])
    industry = (m.get(f"title_{lang}") or m.get(f"title_{other(lang)}") or m.get("corpus") or bundle.name)
    corpus_title = m.get(f"title_{lang}") or m.get("title") or m.get("corpus") or bundle.name
    date = date or dt.date.today()
    date_s = date.isoformat() if lang == "en" else f"{date.year} 年 {date.month} 月 {date.day} 日"
    years = m.get("years") or [None, None]
    window = TimeWindow.from_manifest(m, years=points["year"])
    complete = window.last_complete_year
    trend_summary = _trend_summary(bundle)
    ctx = dict(bundle=bundle, lang=lang, tables=tables, labels=labels, areas=areas, sizes=sizes,
               industry=industry, years=years, complete=complete, trend_summary=trend_summary,
               window=window, basis=window.label(lang), cutoff=window.cutoff_text(lang),
               gaps=tables["effect_gaps"], nav=nav)
    title = (tr("title", lang, industry=industry) if nav is None else
             tr("nav.title", lang, region=region_title(nav), industry=industry))
    model = ReportModel(
        lang=lang, name=bundle.name, title=title, industry=industry,
        corpus_title=corpus_title, date=date_s, meta=_cover(ctx), summary=_summary(ctx), sections={},
        data={"labels": labels, "short_labels": area_labels(clusters, lang, short=True) if len(clusters) else {},
              "colours": area_colours(clusters), "complete": complete},
        subtitle=tr("subtitle" if nav is None else "nav.subtitle", lang))
    breakdown = [("breakdown", breakdown_section)] if has_breakdown(bundle) else []
    direction = [("map", _map), ("areas", _areas), *breakdown, ("applicants", _applicants), ("alerts", _alerts),
                 ("white_spaces", _white_spaces), ("effects", _effects)]
    position = [("region", region_section), ("innovators", innovators_section), ("talent", talent_section),
                ("quality", quality_section)] if nav is not None else []
    path = [("path", path_section)] if nav is not None else []
    for key, make in (("method", method_section), *direction, *position, *path, ("appendix", appendix_section)):
        model.sections[key] = make(ctx, model.data)
    if nav is not None:
        # GB/T 39551.3: the industry's direction, then the region's position, then its path.
        region = region_title(nav)
        model.parts = [(part, tr(f"part.{part}", lang), tr(f"part.{part}.intro", lang, region=region), keys)
                       for part, keys in (("direction", tuple(k for k, _ in direction)),
                                          ("position", POSITION_SECTIONS), ("path", tuple(k for k, _ in path)))]
    return model


def _document_sources(bundle: MapBundle) -> pd.DataFrame | None:
    """Only the ``sources`` column of the documents: abstracts are the bulk of that table."""
    path = bundle.path / "documents.parquet" if bundle.path is not None else None
    if path is None or not path.exists():
        return None
    try:
        return pd.read_parquet(path, columns=["sources"])
    except (KeyError, ValueError):  # an older bundle without the column
        return None


def _trend_summary(bundle: MapBundle) -> pd.DataFrame | None:
    """The trend summary ``analyse`` wrote (``trend_summary.parquet``); None before analysis.
    The report never computes a trend: what it prints is what the app shows."""
    return bundle.table("trend_summary") if len(bundle.clusters) else None


def _missing(ctx, table: str) -> str:
    return tr("missing", ctx["lang"], table=table, name=ctx["bundle"].name)


def _reanalyse(ctx, table: str) -> str | None:
    """"Re-run landscape analyse" where an older analysis did not write ``table``; else None."""
    if not older_analysis(ctx["bundle"].manifest, ctx["tables"].get(table)):
        return None
    return tr("reanalyse", ctx["lang"], table=table, name=ctx["bundle"].name)


def _cover(ctx) -> list[tuple[str, str]]:
    lang, m, (first, last) = ctx["lang"], ctx["bundle"].manifest, ctx["years"]
    out = [(tr("cover.corpus", lang), ctx["industry"] if m.get("corpus") else
            (m.get("title") or ctx["bundle"].name)),
           (tr("cover.map", lang), ctx["bundle"].name),
           (tr("cover.patents", lang), tr("cover.patents_value", lang, n=len(ctx["bundle"].points),
                                          areas=len(ctx["bundle"].clusters)))]
    if first is not None:
        out.append((tr("cover.range", lang), tr("cover.range_value", lang, first=first, last=last, basis=ctx["basis"],
                                                complete=ctx["complete"])))
    out.append((tr("cover.built", lang), str(m.get("built_at", ""))[:10]))
    if ctx["nav"] is not None:
        out.insert(0, (tr("nav.cover.region", lang), chain_text(ctx["nav"], lang)))
    return out


# --------------------------------------------------------------------------- summary

def _summary(ctx) -> list[str]:
    lang, b, tables = ctx["lang"], ctx["bundle"], ctx["tables"]
    first, last = ctx["years"]
    out = []
    one = tr("sum.count", lang, n=len(b.points), first=first or "?", last=last or "?", areas=len(b.clusters))
    conc = tables["concentration"]
    if conc is not None and len(conc):
        whole = conc[conc["area"] == -1].set_index("period")
        if {"recent", "previous"} <= set(whole.index) and whole.loc["previous", "n_patents"] > 0:
            r, p = int(whole.loc["recent", "n_patents"]), int(whole.loc["previous", "n_patents"])
            # The one growth measure (landscape.rules.growth), as every area's growth is read.
            change = growth_rate(p, r)
            word = (tr("sum.flat", lang) if abs(change) < 0.005 else
                    tr("sum.up" if change > 0 else "sum.down", lang, pct=pct(abs(change))))
            one += tr("sum.count_growth", lang, recent=whole.loc["recent", "window"], r=r,
                      previous=whole.loc["previous", "window"], p=p, change=word)
    out.append(one)
    areas = ctx["areas"]
    if len(areas):
        top = areas.iloc[0]
        two = tr("sum.largest", lang, label=ctx["labels"][int(top["id"])], n=int(top["n"]),
                 share=pct(top["n"] / max(len(b.points), 1)))
        ts = ctx["trend_summary"]
        best = tables["fastest_growing"]
        if ts is not None and best is not None and len(best):
            # The top of the same table the areas chapter prints (growth, emerging or growing).
            best = best.iloc[0]
            two += tr("sum.fastest", lang, label=ctx["labels"].get(int(best["area"]), best["area"]),
                      sentence=best[f"summary_{lang}"])
        out.append(two)
    if conc is None and tables["alerts"] is None and tables["white_spaces"] is None:
        out.append(tr("sum.not_analysed", lang, name=b.name))
        return out
    if conc is not None:
        rec = conc[(conc["period"] == "recent") & (conc["area"] != -1)
                   & ((conc["n_patents"] - conc["n_unknown"]) >= MIN_PATENTS_CONCENTRATION)]
        rec = rec[np.isfinite(rec["hhi_corrected"].astype(float))]
        if len(rec):
            r = rec.sort_values(["hhi_corrected", "area"], ascending=[False, True]).iloc[0]
            out.append(tr("sum.concentrated", lang, window=r["window"], label=ctx["labels"].get(int(r["area"]), r["area"]),
                          hhi=float(r["hhi_corrected"]), top=r["top_applicant"], share=pct(r["top_share"]),
                          cr4=pct(r["cr4"])))
        else:
            out.append(tr("sum.no_concentration", lang))
    alerts = tables["alerts"]
    if alerts is not None:
        out.append(tr("sum.alert", lang, n=len(alerts), text=pick(alerts.iloc[0], "explanation", lang))
                   if len(alerts) else tr("sum.no_alert", lang))
    ws, gaps = tables["white_spaces"], ctx["gaps"]
    if ws is not None:
        five = (tr("sum.white_space", lang, n=len(ws), text=pick(ws.iloc[0], "description", lang) + _stop(lang))
                if len(ws) else tr("sum.no_white_space", lang))
        if gaps is not None and len(gaps):
            five += tr("sum.gap", lang, text=pick(gaps.iloc[0], "description", lang))
        out.append(five)
    return out


def _stop(lang: str) -> str:
    return "。" if lang == "zh" else "."


# --------------------------------------------------------------------------- map

def _map(ctx, data) -> Section:
    lang, b = ctx["lang"], ctx["bundle"]
    ws = ctx["tables"]["white_spaces"]
    caption = tr("map.caption", lang) + (tr("map.caption_ws", lang) if ws is not None and len(ws) else "")
    s = Section("map", tr("sec.map", lang), paragraphs=[caption])
    s.items = [{"no": int(r["id"]), "label": ctx["labels"][int(r["id"])], "colour": data["colours"].get(int(r["id"])),
                "size": num(r["n"])} for _, r in ctx["areas"].iterrows()]
    data["points"] = b.points[["x", "y", "area", "cluster"]]
    data["clusters"] = b.clusters
    data["white_spaces"] = ws[["rank", "x", "y", "radius"]] if ws is not None and len(ws) else None
    return s


# --------------------------------------------------------------------------- areas

def _codes(value, lang: str, n: int = 3) -> str:
    parts = []
    for i, item in enumerate(as_list(value)[:n]):
        code = item.get("code") if isinstance(item, dict) else str(item)
        share = item.get("share") if isinstance(item, dict) else None
        text = code
        if i == 0:
            title = code_title(code, lang)
            if title and title != code:
                text = f"{code} {cut(title, 28)}"
        parts.append(f"{text} ({pct(share)})" if share is not None else text)
    return "; ".join(parts)


def _applicants_cell(value, n: int = 3) -> str:
    parts = []
    for item in as_list(value)[:n]:
        if isinstance(item, dict):
            parts.append(f"{cut(item.get('applicant'), 28)} ({item.get('count')})")
        else:
            parts.append(cut(item, 28))
    return "; ".join(parts)


def _areas(ctx, data) -> Section:
    lang, areas, labels = ctx["lang"], ctx["areas"], ctx["labels"]
    ts = ctx["trend_summary"]
    s = Section("areas", tr("sec.areas", lang), paragraphs=[tr("areas.intro", lang, n=len(areas),
                                                                basis=ctx["basis"])])
    status = ts.set_index("area") if ts is not None else None
    top = leading_by_area(ctx["tables"].get("leading_applicants"))  # as analysed (by group); else as built
    rows, colours = [], []
    for _, r in areas.iterrows():
        aid = int(r["id"])
        # Growth and its word from the trend summary (else the areas table): one rule, one number.
        row = status.loc[aid] if status is not None and aid in status.index else r
        st = row.get("status", row.get("trend"))
        rows.append([str(aid), labels[aid], num(r["n"]), growth_cell(row.get("growth"), st, lang),
                     tr(f"trends.{status_key(st)}", lang) if isinstance(st, str) else "—",
                     _applicants_cell(top.get(aid, r.get("top_applicants"))), _codes(r.get("top_codes"), lang)])
        colours.append(data["colours"].get(aid))
    s.tables["areas"] = Table([tr(k, lang) for k in ("col.no", "col.area", "col.size", "col.growth", "col.trend",
                                                     "col.top_applicants", "col.top_codes")],
                              rows, ["r", "l", "r", "r", "l", "l", "l"],
                              ["6%", "21%", "8%", "8%", "10%", "25%", "22%"], colours)
    for table in ("leading_applicants", "fastest_growing"):
        if (note := _reanalyse(ctx, table)) is not None:
            s.notes.append(note)
    trends = ctx["tables"]["trends"]
    if trends is None:
        s.notes.append(_missing(ctx, "trends"))
    elif not len(trends):
        s.notes.append(tr("empty.trends", lang))
    else:
        years = trends["year"]
        start = max(int(years.min()), int(years.max()) - CHART_YEARS + 1)
        shown = trends[trends["year"] >= start]
        data["trends_total"] = shown[shown["area"] == -1][["year", "count", "incomplete"]]
        top = [int(a) for a in areas["id"].head(SMALL_MULTIPLES)]
        data["trends_areas"] = {a: shown[shown["area"] == a][["year", "count", "incomplete"]] for a in top}
        s.notes.append(tr("areas.total_caption", lang, complete=ctx["complete"], basis=ctx["basis"]))
        s.notes.append(tr("areas.small_caption", lang, n=len(top)))
        if start > int(years.min()):
            s.notes.append(tr("areas.since", lang, n=CHART_YEARS, year=start))
    if ts is not None:
        order = {int(a): i for i, a in enumerate(areas["id"])}
        ts = ts.assign(_o=ts["area"].map(order)).sort_values("_o")
        s.items = [{"label": labels.get(int(r["area"]), str(r["area"])), "colour": data["colours"].get(int(r["area"])),
                    "text": r[f"summary_{lang}"]} for _, r in ts.iterrows()]
    return s


# --------------------------------------------------------------------------- applicants

def _applicants(ctx, data) -> Section:
    lang, tables, labels = ctx["lang"], ctx["tables"], ctx["labels"]
    s = Section("applicants", tr("sec.applicants", lang))
    comp, conc = tables["competitors"], tables["concentration"]
    home = (ctx["bundle"].manifest.get("analysis") or {}).get("home", "CN")
    if comp is None or conc is None:
        s.missing = _missing(ctx, "competitors" if comp is None else "concentration")
        return s
    whole = comp[(comp["area"] == -1) & (comp["applicant"] != "(unknown)")]
    all_years = whole[whole["period"] == "all"].sort_values(["count", "applicant"], ascending=[False, True])
    top = all_years.head(TOP_APPLICANTS)
    recent = whole[whole["period"] == "recent"].set_index("applicant")
    recent_label = recent["window"].iloc[0] if len(recent) else ""
    who = tables.get("applicants")
    by_group = ((ctx["bundle"].manifest.get("analysis") or {}).get("by") or "group") == "group"
    # The words follow what was counted: corporate groups (the default) or applicants as named.
    g = (lambda key: key + "_group") if by_group else (lambda key: key)
    col = {"col.applicant": "col.group", "col.applicants": "col.groups", "col.top_applicant": "col.top_group"} \
        if by_group else {}
    groups = groups_of(ctx["bundle"]) if who is not None and by_group else None
    if groups is not None:  # each group's country and member names as analysed
        country_of = groups.dropna(subset=["country"]).set_index("group")["country"].to_dict()
        members = groups.set_index("group")["members"].to_dict()
    else:
        country_of = dict(zip(who["applicant"], who["country"])) if who is not None else {}
        members = {}
    rows = []
    for _, r in top.iterrows():
        home_flag = r.get("is_home")
        origin = "—" if home_flag is pd.NA or home_flag is None else tr("app.domestic" if home_flag else "app.foreign", lang)
        if origin != "—" and isinstance(country_of.get(r["applicant"]), str):
            origin += f" ({country_of[r['applicant']]})"
        name = cut(r["applicant"], 40)
        if members.get(r["applicant"], 1) > 1:
            name = tr("app.members", lang, name=name, n=members[r["applicant"]])
        rows.append([num(r["rank"]), name, num(r["count"]), pct(r["share"], digits=1),
                     num(recent.loc[r["applicant"], "count"]) if r["applicant"] in recent.index else "0",
                     pct(r["growth"], sign=True), origin])
    recent_head = tr("col.recent", lang) + (f" {recent_label}" if recent_label else "")
    s.headings["top"] = tr(g("app.top"), lang)
    s.tables["top"] = Table([tr("col.rank", lang), tr(col.get("col.applicant", "col.applicant"), lang),
                             tr("col.patents", lang),
                             tr("col.share", lang), recent_head, tr("col.growth", lang), tr("col.origin", lang)],
                            rows, ["r", "l", "r", "r", "r", "r", "l"])
    data["top_applicants"] = pd.DataFrame({"applicant": top["applicant"].astype(str).to_numpy(),
                                           "count": top["count"].astype(int).to_numpy(),
                                           "is_home": top["is_home"].fillna(False).astype(bool).to_numpy()})
    data["home"] = home
    s.notes.append(tr(g("app.top_caption"), lang, n=len(top), home=home))
    w = conc[conc["area"] == -1].set_index("period")
    if {"recent", "previous"} <= set(w.index):
        s.paragraphs.append(tr(g("app.home_foreign"), lang, home=home, home_share=pct(w.loc["recent", "home_share"]),
                               recent=w.loc["recent", "window"], previous=w.loc["previous", "window"],
                               home_prev=pct(w.loc["previous", "home_share"]),
                               foreign_share=pct(w.loc["recent", "foreign_share"])))
        unknown = w.loc["recent"].get("unknown_origin_share")
        if isinstance(unknown, float) and unknown > 0:
            s.paragraphs.append(tr("app.origin_unknown", lang, share=pct(unknown), recent=w.loc["recent", "window"]))
    if who is not None and len(who) and who["count"].sum() > 0:
        s.paragraphs.append(_origin_rules(who, lang))
    per = conc[(conc["period"] == "recent") & (conc["area"] != -1)]
    if not len(per):
        per = conc[(conc["period"] == "all") & (conc["area"] != -1)]
    s.notes.append(tr("app.concentration", lang, window=per["window"].iloc[0] if len(per) else ""))
    s.notes.append(tr(g("app.concentration_intro"), lang))
    per = per.sort_values(["hhi_corrected", "area"], ascending=[False, True], na_position="last")
    rows, colours = [], []
    for _, r in per.iterrows():
        aid = int(r["area"])
        rows.append([labels.get(aid, str(aid)), num(r["n_patents"]), num(r["n_applicants"]), num(r["hhi"]),
                     num(r["hhi_corrected"]), pct(r["cr4"]), cut(r["top_applicant"] or "—", 30),
                     pct(r["top_share"]), pct(r["home_share"])])
        colours.append(data["colours"].get(aid))
    s.tables["concentration"] = Table(
        [tr(col.get(k, k), lang) for k in ("col.area", "col.patents", "col.applicants", "col.hhi",
                                           "col.hhi_corrected", "col.cr4", "col.top_applicant", "col.top_share",
                                           "col.home_share")],
        rows, ["l", "r", "r", "r", "r", "r", "l", "r", "r"],
        ["24%", "8%", "9%", "7%", "9%", "7%", "18%", "9%", "9%"], colours)
    if not rows:
        s.empty = tr("empty.concentration", lang)
    return s


def _origin_rules(who: pd.DataFrame, lang: str) -> str:
    """How the applicants' countries were decided: each rule's share of the applicant counts."""
    shares = who.groupby("decided_by")["count"].sum() / who["count"].sum()
    order = ("applicant_country", "address", "priority_country", "first_office", "name", "unknown")
    parts = [f"{tr('origin.rule.' + rule, lang)} {pct(shares[rule])}" for rule in order if shares.get(rule, 0) > 0]
    return tr("app.origin_rules", lang, rules=tr("list_sep", lang).join(parts))


# --------------------------------------------------------------------------- alerts

def _alerts(ctx, data) -> Section:
    lang, labels = ctx["lang"], ctx["labels"]
    s = Section("alerts", tr("sec.alerts", lang))
    alerts = ctx["tables"]["alerts"]
    rules = _rules(ctx)
    if alerts is None:
        s.missing = _missing(ctx, "alerts")
        return s
    if not len(alerts):
        s.empty = tr("empty.alerts", lang, rules=rules)
        return s
    kinds = Counter(alerts["kind"])
    by_kind = tr("list_sep", lang).join(f"{tr('alert.kind.' + k, lang)} {n}" for k, n in kinds.most_common())
    s.paragraphs.append(tr("alerts.intro", lang, rules=rules, n=len(alerts), by_kind=by_kind))
    analysis = ctx["bundle"].manifest.get("analysis") or {}
    unit = ctx["bundle"].manifest.get("unit") or "application"
    s.paragraphs.append(tr("alerts.ranking", lang, by=tr(f"alerts.by.{analysis.get('by') or 'group'}", lang),
                           unit=tr(f"alerts.unit.{unit}", lang)))
    if analysis.get("watch"):
        s.paragraphs.append(tr("alerts.watch", lang, watch=analysis["watch"]))
    for i, (_, r) in enumerate(alerts.head(MAX_ALERTS).iterrows(), start=1):
        aid = int(r["area"]) if pd.notna(r["area"]) else None
        s.items.append({"no": i, "severity": str(r["severity"]),
                        "severity_text": tr(f"severity.{r['severity']}", lang),
                        "kind": tr(f"alert.kind.{r['kind']}", lang),
                        "area": labels.get(aid, pick(r, "area_label", lang)) if aid is not None else "",
                        "colour": data["colours"].get(aid) if aid is not None else None,
                        "applicant": str(r["applicant"]) if isinstance(r["applicant"], str) else "",
                        "text": pick(r, "explanation", lang),
                        "patents": ", ".join(as_list(r.get("patent_ids"))[:6])})
    if len(alerts) > MAX_ALERTS:
        s.notes.append(tr("alerts.more", lang, shown=MAX_ALERTS, n=len(alerts)))
    return s


def _rules(ctx) -> str:
    rules = (ctx["bundle"].manifest.get("analysis") or {}).get("rules", "default")
    return tr("ap.default", ctx["lang"]) if rules == "default" else str(rules)


# --------------------------------------------------------------------------- white spaces

def _white_spaces(ctx, data) -> Section:
    lang, labels = ctx["lang"], ctx["labels"]
    s = Section("white_spaces", tr("sec.white_spaces", lang))
    ws = ctx["tables"]["white_spaces"]
    if ws is None:
        s.missing = _missing(ctx, "white_spaces")
        return s
    s.paragraphs.append(tr("ws.intro", lang))
    if not len(ws):
        s.empty = tr("empty.white_spaces", lang)
        return s
    for _, r in ws.iterrows():
        nearest = []
        for n in as_list(r.get("nearest")):
            aid = int(n.get("area")) if n.get("area") is not None else None
            nearest.append([str(n.get("id")), labels.get(aid, str(aid)), cut(n.get("title"), 110)])
        s.items.append({
            "rank": int(r["rank"]), "name": tr("ws.one", lang, rank=int(r["rank"])),
            "text": pick(r, "description", lang),
            "numbers": tr("ws.numbers", lang, inside=int(r["patents_inside"]), expected=float(r["expected_inside"]),
                          ring=int(r["ring_patents"]), growth=pct(r["ring_growth"], sign=True)),
            "neighbours": [(labels.get(int(a), str(a)), data["colours"].get(int(a))) for a in as_list(r.get("neighbour_areas"))],
            "nearest": Table([tr("col.id", lang), tr("col.area", lang), tr("col.title", lang)], nearest,
                             ["l", "l", "l"], ["20%", "25%", "55%"]),
        })
    return s


# --------------------------------------------------------------------------- effects

def _effects(ctx, data) -> Section:
    lang, labels = ctx["lang"], ctx["labels"]
    s = Section("effects", tr("sec.effects", lang))
    fx, gaps = ctx["tables"]["effects"], ctx["gaps"]
    if fx is None:
        s.missing = _missing(ctx, "effects")
        return s
    s.paragraphs.append(tr("fx.intro", lang))
    if not len(fx) or fx["count"].sum() == 0:
        s.empty = tr("empty.effects", lang)
        return s
    order = [int(a) for a in ctx["areas"]["id"] if int(a) in set(fx["area"].astype(int))]
    rows = order[:MAX_EFFECT_ROWS]
    if len(order) > MAX_EFFECT_ROWS:
        s.notes.append(tr("fx.rows_note", lang, n=MAX_EFFECT_ROWS))
    effects = list(dict.fromkeys(fx["effect"]))
    eff_labels = {e: pick(g.iloc[0], "effect_label", lang) for e, g in fx.groupby("effect", sort=False)}
    count = fx.pivot_table(index="area", columns="effect", values="count", aggfunc="first").reindex(
        index=rows, columns=effects)
    share = fx.pivot_table(index="area", columns="effect", values="share_of_area", aggfunc="first").reindex(
        index=rows, columns=effects)
    gap_cells = set() if gaps is None else {(int(a), e) for a, e in zip(gaps["area"], gaps["effect"])}
    data["effects"] = {"count": count, "share": share,
                       "row_labels": [f"{a}  {data['short_labels'].get(a, str(a))}" for a in rows],
                       "col_labels": [eff_labels[e] for e in effects], "gaps": gap_cells}
    if gaps is None:
        s.notes.append(_reanalyse(ctx, "effect_gaps") or _missing(ctx, "effect_gaps"))
        return s
    if not len(gaps):
        s.notes.append(tr("empty.gaps", lang))
        return s
    grows = [[labels.get(int(r["area"]), str(r["area"])), pick(r, "effect_label", lang), num(r["count"]),
              f"{float(r['expected']):.1f}", pick(r, "description", lang)] for _, r in gaps.head(MAX_GAPS).iterrows()]
    s.tables["gaps"] = Table([tr(k, lang) for k in ("col.area", "col.effect", "col.count", "col.expected",
                                                    "col.description")], grows, ["l", "l", "r", "r", "l"],
                             ["22%", "12%", "8%", "8%", "50%"])
    return s
