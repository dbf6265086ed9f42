"""The report's technology-breakdown chapter and its part of "Data and method", read from the
branch tables ``landscape breakdown`` / ``analyse`` write (``branch_summary``, ``branch_years``,
``branch_areas``) and the manifest's ``breakdown`` and ``breakdown_quality`` notes. A map
without a breakdown has no chapter; nothing here counts."""
from __future__ import annotations

import pandas as pd

from landscape.present.palette import branch_colours
from landscape.report.model import Section, Table, cut, growth_cell, num, pct, pick, status_key
from landscape.report.strings import tr
from landscape.rules.growth import window_label, windows

CHART_YEARS = 20
#: Branch levels the chapter's table shows (deeper ones are in the Excel export).
TABLE_LEVELS = 2


def has_breakdown(bundle) -> bool:
    """True when the map carries a technology breakdown (the table and its notes)."""
    if not bundle.manifest.get("breakdown"):
        return False
    if bundle.files is not None:
        return "breakdown.parquet" in bundle.files
    return bundle.path is not None and (bundle.path / "breakdown.parquet").exists()


def _name(notes: dict, lang: str) -> str:
    return pick(notes.get("taxonomy") or {}, "name", lang) or "—"


def breakdown_section(ctx, data) -> Section:
    """The chapter: the branch table, the level-1 branches' yearly counts (drawn from
    ``data["branch_years"]``), and a paragraph per level-1 branch."""
    lang, bundle = ctx["lang"], ctx["bundle"]
    s = Section("breakdown", tr("sec.breakdown", lang))
    summary = ctx["tables"].get("branch_summary")
    if summary is None:
        s.missing = tr("bd.missing", lang, name=bundle.name)
        return s
    notes = bundle.manifest.get("breakdown") or {}
    total = int(notes.get("patents") or len(bundle.points))
    unassigned = int(notes.get("unassigned") or 0)
    levels = int(summary["level"].max()) if len(summary) else 0
    s.paragraphs.append(tr("bd.intro", lang, name=_name(notes, lang), branches=len(summary), levels=levels,
                           assigned=total - unassigned, total=total, share=pct((total - unassigned) / max(total, 1)),
                           unassigned=unassigned))
    before, recent = windows(ctx["complete"])
    home = (bundle.manifest.get("analysis") or {}).get("home", "CN")
    s.paragraphs.append(tr("bd.how_to_read", lang, recent=window_label(recent) or "—",
                           before=window_label(before) or "—", home=home))
    level1 = summary[summary["level"] == 1]
    colours = branch_colours(level1["branch"])
    s.tables["branches"] = _table(summary, colours, lang)
    if levels > TABLE_LEVELS:
        s.notes.append(tr("bd.deeper", lang))
    years = ctx["tables"].get("branch_years")
    if years is not None and len(years):
        data["branch_years"] = _chart_series(years, level1, lang)
        data["branch_colours"] = colours
        s.headings["chart"] = tr("bd.chart_caption", lang, basis=ctx["basis"], complete=ctx["complete"])
    areas = ctx["tables"].get("branch_areas")
    for r in level1.itertuples(index=False):
        s.items.append({"name": pick(r._asdict(), "name", lang), "colour": colours.get(r.branch),
                        "text": _paragraph(r, summary, areas, ctx, home, (before, recent))})
    return s


def _table(summary: pd.DataFrame, colours: dict, lang: str) -> Table:
    rows, row_colours, classes = [], [], []
    for r in summary[summary["level"] <= TABLE_LEVELS].itertuples(index=False):
        # Level-1 rows, each followed by its children (the breakdown's order keeps them together).
        trend = tr(f"trends.{status_key(r.trend)}", lang)
        growth = growth_cell(r.growth, r.trend, lang)
        rows.append([pick(r._asdict(), "name", lang), num(r.patents), pct(r.share, digits=1),
                     growth if r.trend == "too few" else f"{growth} {trend}",
                     cut(r.leading.replace("; ", "、" if lang == "zh" else "; "), 70) or "—",
                     f"{num(r.hhi)} / {pct(r.cr4)}", pct(r.home_share)])
        row_colours.append(colours.get(r.branch))
        classes.append(f"level{int(r.level)}")
    headers = [tr(k, lang) for k in ("col.branch", "col.patents", "col.share", "col.growth_trend",
                                     "col.leading_groups", "col.hhi_cr4", "col.home_share")]
    return Table(headers, rows, ["l", "r", "r", "r", "l", "r", "r"],
                 ["22%", "8%", "7%", "14%", "29%", "11%", "9%"], row_colours, classes)


def _chart_series(years: pd.DataFrame, level1: pd.DataFrame, lang: str) -> dict:
    """Each level-1 branch's patents per year over the last :data:`CHART_YEARS` years of the
    branches, years without patents as 0: ``{branch: (name, DataFrame year, patents)}``."""
    last = int(years["year"].max())
    first = max(int(years["year"].min()), last - CHART_YEARS + 1)
    span = pd.RangeIndex(first, last + 1, name="year")
    out = {}
    for r in level1.itertuples(index=False):
        mine = years[years["branch"] == r.branch].set_index("year")["patents"]
        counts = mine.reindex(span, fill_value=0).rename("patents").reset_index()
        out[r.branch] = (pick(r._asdict(), "name", lang), counts)
    return out


def _paragraph(r, summary: pd.DataFrame, areas, ctx, home: str, spans) -> str:
    lang = ctx["lang"]
    if not r.patents:
        return tr("bd.empty", lang)
    before, recent = spans
    growth = (tr("bd.no_growth", lang) if r.trend == "too few" else
              tr("bd.growth", lang, growth=pct(r.growth, sign=True),
                 trend=tr(f"trends.{status_key(r.trend)}", lang).lower()))  # mid-sentence in English
    leading = (tr("bd.leading", lang, leading=r.leading.replace("; ", tr("list_sep", lang))) if r.leading
               else tr("bd.no_leading", lang))
    concentration = tr("bd.concentration", lang, hhi=num(r.hhi), cr4=pct(r.cr4)) if r.leading else ""
    where = ""
    mine = areas[areas["branch"] == r.branch] if areas is not None else pd.DataFrame()
    if len(mine):
        top = mine.iloc[0]
        where = tr("bd.areas", lang, n=int(r.areas), area=ctx["labels"].get(int(top["area"]), str(top["area"])),
                   share=pct(top["share"]))
    kids = summary[summary["parent"] == r.branch]
    children = tr("bd.children", lang, children=tr("list_sep", lang).join(
        f"{pick(k._asdict(), 'name', lang)} ({num(k.patents)})" for k in kids.itertuples(index=False))) \
        if len(kids) else ""
    return tr("bd.branch_text", lang, n=int(r.patents), share=pct(r.share, digits=1),
              recent_window=window_label(recent), recent=int(r.recent), before_window=window_label(before),
              before=int(r.before), growth=growth, leading=leading, concentration=concentration, home=home,
              home_share=pct(r.home_share), areas=where, children=children) + _watch(r.branch, ctx)


def _watch(branch: str, ctx) -> str:
    """How many alerts the branch's areas have and its nearest white space (the one whose
    surroundings hold most of its patents); nothing for a map analysed before these tables."""
    alerts, near = ctx["tables"].get("branch_alerts"), ctx["tables"].get("branch_white_spaces")
    if alerts is None or near is None:
        return ""
    lang = ctx["lang"]
    mine = near[near["branch"] == branch]
    if len(mine):
        top = mine.iloc[0]
        other = "zh" if lang == "en" else "en"
        white_space = tr("bd.white_space", lang, rank=int(top["rank"]), near=int(top["patents_near"]),
                         description=top[f"description_{lang}"] or top[f"description_{other}"])
    else:
        white_space = tr("bd.no_white_space", lang)
    return tr("bd.watch", lang, alerts=int((alerts["branch"] == branch).sum()), white_space=white_space)


# --------------------------------------------------------------------------- Data and method

def breakdown_method(bundle, lang: str) -> tuple[dict | None, Table | None]:
    """The method chapter's item on the breakdown (taxonomy, how patents were assigned, whether
    precision and recall were checked) and the table of those figures; (None, None) without one."""
    notes = bundle.manifest.get("breakdown")
    if not notes:
        return None, None
    taxonomy = notes.get("taxonomy") or {}
    branches = taxonomy.get("branches") or []
    settings = notes.get("settings") or {}
    evidence = [tr("m.bd.codes", lang)] if settings.get("codes", True) else []
    if settings.get("keywords", True):
        evidence.append(tr("m.bd.keywords", lang))
    parts = [tr(f"m.bd.part.{p}", lang) for p in notes.get("similarity") or []]
    if parts:
        evidence.append(tr("m.bd.sim", lang, model=notes.get("model") or "—", parts=tr("list_sep", lang).join(parts)))
    origins = [str(t.get("from", "")) for t in (notes.get("thresholds") or {}).values()]
    counted = {"own": sum(o == "its known patents" for o in origins),
               "level": sum(o.startswith("known patents of level") for o in origins),
               "none": sum(o.startswith("no known patents") for o in origins)}
    thresholds = tr("list_sep", lang).join(tr(f"m.bd.from.{k}", lang, n=n) for k, n in counted.items() if n) or "—"
    path = str(taxonomy.get("file") or "—").rsplit("/", 1)[-1]
    text = tr("m.breakdown_text", lang, name=_name(notes, lang), file=path, branches=len(branches),
              levels=taxonomy.get("levels") or "—", evidence=tr("list_sep", lang).join(evidence) or "—",
              keep=pct(settings.get("keep_share", float("nan"))), thresholds=thresholds,
              examples=_examples(notes, lang))
    quality = bundle.manifest.get("breakdown_quality")
    if not quality:
        return {"head": tr("m.breakdown", lang), "text": text, "list": [tr("m.bd.no_quality", lang)]}, None
    said = tr("m.bd.quality", lang, file=str(quality.get("checked_file") or "—").rsplit("/", 1)[-1],
              marked=quality.get("marked", 0), rows=quality.get("rows", 0))
    return {"head": tr("m.breakdown", lang), "text": text, "list": [said]}, _quality_table(branches, quality, lang)


def _examples(notes: dict, lang: str) -> str:
    """The sentence on the analyst's examples file (few-shot), or nothing without one."""
    n = int(notes.get("examples") or 0)
    if not n:
        return ""
    read = notes.get("examples_file") or {}
    name = str(read.get("file") or "—").rsplit("/", 1)[-1] if isinstance(read, dict) else "—"
    return tr("m.bd.examples", lang, n=n, file=name)


def _interval(value, low, high) -> str:
    if value is None:
        return "—"
    return f"{pct(value)} [{pct(low)}, {pct(high)}]"


def _quality_table(branches: list, quality: dict, lang: str) -> Table:
    figures = quality.get("branches") or {}
    rows, classes = [], []
    for b in branches:
        f = figures.get(b["id"])
        if f is None:
            continue
        rows.append([pick(b, "name", lang), num(f.get("marked")),
                     _interval(f.get("precision"), f.get("precision_low"), f.get("precision_high")),
                     num(f.get("recall_marked")) if b.get("level") == 1 else "",
                     _interval(f.get("recall"), f.get("recall_low"), f.get("recall_high"))
                     if b.get("level") == 1 else ""])
        classes.append(f"level{min(int(b.get('level') or 1), 3)}")
    headers = [tr(k, lang) for k in ("col.branch", "col.marked", "col.precision", "col.marked", "col.recall")]
    return Table(headers, rows, ["l", "r", "r", "r", "r"], ["30%", "10%", "25%", "10%", "25%"], None, classes)
