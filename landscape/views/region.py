"""A region's patent navigation (区域定位), shown: where the region stands in each technology area
or branch, how it compares with its country, province and the world, who leads inside and
outside it, its core patents, who works with whom, and what to do next.

Reads the tables ``landscape navigate`` writes (``docs/navigation.md``: ``positioning``,
``regions``, ``region_applicants``, ``applicants``, ``collaboration``, ``inventors``,
``core_patents``, ``recommendations``) and ``manifest["navigation"]``. Pure functions: the
``*_table`` / ``*_rows`` functions return DataFrames in the display language, the ``*_figure``
functions draw them; ``app_pages/region.py`` only lays them out.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from landscape.i18n import t
from landscape.map_tables import as_list
from landscape.present.names import area_labels
from landscape.present.positions import APPLICANT_TYPES, LEVELS, POSITION_COLOURS, POSITIONS, TYPE_COLOURS
from landscape.schema import LEGAL_STATUSES
from landscape.views.tables import _trend_word

#: The figures a seeded layout needs: the same links draw the same graph.
LAYOUT_SEED = 7
#: Links drawn at most (the strongest); the table below the graph lists them all.
MAX_LINKS = 80


# --------------------------------------------------------------------------- the region itself

def navigation(manifest: dict) -> dict | None:
    """``manifest["navigation"]`` when ``landscape navigate`` wrote one naming a region, else None."""
    nav = manifest.get("navigation")
    if not isinstance(nav, dict) or not isinstance(nav.get("region"), dict) or not nav["region"].get("name"):
        return None
    return nav


def place_name(level: str, name, lang: str) -> str:
    """A place as the page names it: the world and China in ``lang``, other places as written."""
    if level == "world":
        return t("region.world", lang)
    if level == "country" and str(name).strip().upper() in ("CN", "CHINA", "中国"):
        return t("region.china", lang)
    return "" if name is None or (isinstance(name, float) and math.isnan(name)) else str(name)


def region_chain(nav: dict, lang: str) -> list[tuple[str, str]]:
    """``[(level, name), ...]`` from the world down to the region (全球 → 中国 → 广东省 → 汕头市)."""
    region = nav["region"]
    chain = [(str(level), name) for level, name in (as_list(region.get("chain")) or [])]
    if not chain or chain[-1][1] != region["name"]:
        chain.append((str(region.get("level") or ""), region["name"]))
    if chain[0][0] != "world":
        chain.insert(0, ("world", "world"))
    return [(level, place_name(level, name, lang)) for level, name in chain]


def level_name(level: str, lang: str) -> str:
    return t(f"region.level.{level}", lang) if level in LEVELS else str(level)


def coverage_rows(nav: dict, lang: str) -> pd.DataFrame:
    """The share of patents with each field the navigation reads (``nav["coverage"]``)."""
    cover = nav.get("coverage") if isinstance(nav.get("coverage"), dict) else {}
    cover = {f: v for f, v in cover.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    return pd.DataFrame({"cov_field": [t(f"region.field.{f}", lang) if f"region.field.{f}" in _keys() else f
                                       for f in cover],
                         "cov_share": [round(100 * float(v), 1) for v in cover.values()]})


def _keys() -> set:
    from landscape.i18n import STRINGS

    return set(STRINGS)


# --------------------------------------------------------------------------- areas and branches

def branch_names(manifest: dict, lang: str) -> dict[str, str]:
    """Branch id -> name in ``lang`` from the breakdown written into the manifest."""
    other = "zh" if lang == "en" else "en"
    branches = ((manifest.get("breakdown") or {}).get("taxonomy") or {}).get("branches") or []
    return {str(b["id"]): b.get(f"name_{lang}") or b.get(f"name_{other}") or str(b["id"])
            for b in branches if isinstance(b, dict) and "id" in b}


def _is_branch(df: pd.DataFrame) -> pd.Series:
    if "branch" not in df:
        return pd.Series(False, index=df.index)
    return df["branch"].map(lambda v: isinstance(v, str) and v != "")


def subject_rows(df: pd.DataFrame, level: str) -> pd.DataFrame:
    """A table's rows of one kind: ``level="area"`` its area rows, ``"branch"`` its branch rows
    (never the whole-map rows, which have neither)."""
    branch = _is_branch(df)
    if level == "branch":
        return df[branch]
    area = pd.to_numeric(df["area"], errors="coerce").notna() if "area" in df else pd.Series(False, index=df.index)
    return df[area & ~branch]


def has_branches(positioning: pd.DataFrame) -> bool:
    return bool(_is_branch(positioning).any())


def subject_label(row, level: str, areas: dict[int, str], branches: dict[str, str]) -> str:
    if level == "branch":
        return branches.get(str(row["branch"]), str(row["branch"]))
    return areas.get(int(row["area"]), str(row["area"]))


def subject_choices(positioning: pd.DataFrame, level: str, clusters: pd.DataFrame, manifest: dict,
                    lang: str) -> dict:
    """``{area id or branch id: name}`` in the positioning's order, for a selectbox."""
    areas, branches = area_labels(clusters, lang), branch_names(manifest, lang)
    rows = subject_rows(positioning, level)
    key = "branch" if level == "branch" else "area"
    return {(str(r[key]) if level == "branch" else int(r[key])): subject_label(r, level, areas, branches)
            for _, r in rows.iterrows()}


def _growth_text(growth, status, lang: str) -> str:
    if growth is not None and not (isinstance(growth, float) and math.isnan(growth)) and pd.notna(growth):
        return f"{float(growth):+.0%}"
    return _trend_word(status, lang) or "–"


def position_word(position, lang: str) -> str:
    return t(f"region.position.{position}", lang) if position in POSITIONS else str(position or "")


def position_counts(positioning: pd.DataFrame, level: str) -> dict[str, int]:
    """How many areas (or branches) the region is strong, average, weak and absent in."""
    got = subject_rows(positioning, level)["position"].value_counts()
    return {p: int(got.get(p, 0)) for p in POSITIONS}


def _reasons(rows: pd.DataFrame, lang: str):
    """The reason in ``lang`` (``reason_zh`` in Chinese where the table has it; ``reason`` is English)."""
    column = "reason_zh" if lang == "zh" and "reason_zh" in rows else "reason"
    return rows[column].fillna("").astype(str).to_numpy() if column in rows else ""


def positioning_table(positioning: pd.DataFrame, clusters: pd.DataFrame, manifest: dict, lang: str,
                      level: str = "area") -> pd.DataFrame:
    """The region's position in each area (or branch), most specialised first: name, position
    and world trend in ``lang``, the region's patents, specialisation, world growth (fraction),
    local applicants and the reason in numbers. Headers are ``col.*`` names (``localise``)."""
    rows = subject_rows(positioning, level)
    areas, branches = area_labels(clusters, lang), branch_names(manifest, lang)
    out = pd.DataFrame({
        "branch" if level == "branch" else "area": [subject_label(r, level, areas, branches) for _, r in rows.iterrows()],
        "position": [position_word(p, lang) for p in rows["position"]],
        "region_count": rows["region_count"].to_numpy(),
        "specialisation": pd.to_numeric(rows["specialisation"], errors="coerce").round(2).to_numpy(),
        "world_growth": pd.to_numeric(rows["world_growth"], errors="coerce").to_numpy(),
        "world_status": [_trend_word(s, lang) or "" for s in rows.get("world_status", [None] * len(rows))],
        "local_applicants": rows["local_applicants"].to_numpy() if "local_applicants" in rows else None,
        "reason": _reasons(rows, lang),
    })
    order = np.lexsort((-out["region_count"].fillna(0).to_numpy(), -out["specialisation"].fillna(0).to_numpy()))
    return out.iloc[order].reset_index(drop=True)


def specialisation_rows(positioning: pd.DataFrame, clusters: pd.DataFrame, manifest: dict, lang: str,
                        level: str = "area") -> pd.DataFrame:
    """What the specialisation chart draws, one row per area (or branch), least specialised
    first (Plotly draws the first bar at the bottom): ``name, position, specialisation,
    region_count, growth`` (the world's growth as text)."""
    rows = subject_rows(positioning, level)
    areas, branches = area_labels(clusters, lang), branch_names(manifest, lang)
    status = rows["world_status"] if "world_status" in rows else pd.Series(None, index=rows.index)
    out = pd.DataFrame({
        "name": [subject_label(r, level, areas, branches) for _, r in rows.iterrows()],
        "position": rows["position"].astype(str).to_numpy(),
        "specialisation": pd.to_numeric(rows["specialisation"], errors="coerce").fillna(0.0).to_numpy(),
        "region_count": pd.to_numeric(rows["region_count"], errors="coerce").fillna(0).astype(int).to_numpy(),
        "growth": [_growth_text(g, s, lang) for g, s in zip(rows["world_growth"], status)],
    })
    order = np.lexsort((out["region_count"].to_numpy(), out["specialisation"].to_numpy()))
    return out.iloc[order].reset_index(drop=True)


def specialisation_figure(rows: pd.DataFrame, lang: str, *, height: int | None = None):
    """Horizontal bars of the specialisation index (:func:`specialisation_rows`), one colour per
    position, a dashed line at 1.0 (as specialised as the whole map)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    hover = ("%{y}<br>" + t("region.hover.specialisation", lang) + ": %{x:.2f}<br>"
             + t("region.hover.region_count", lang) + ": %{customdata[0]:,}<br>"
             + t("region.hover.world_growth", lang) + ": %{customdata[1]}<extra>%{meta}</extra>")
    for position in POSITIONS:
        part = rows[rows["position"] == position]
        if part.empty:
            continue
        word = position_word(position, lang)
        fig.add_trace(go.Bar(
            x=part["specialisation"], y=part["name"], orientation="h", name=word, meta=word,
            marker_color=POSITION_COLOURS[position], customdata=np.stack([part["region_count"], part["growth"]], axis=1),
            text=[f"{v:.2f}" for v in part["specialisation"]], textposition="outside", cliponaxis=False,
            hovertemplate=hover))
    fig.add_vline(x=1.0, line_dash="dash", line_color="#444")
    fig.update_layout(
        height=height or max(260, 110 + 30 * len(rows)), barmode="overlay", bargap=0.25,
        margin=dict(l=10, r=40, t=40, b=40), legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
        xaxis=dict(title=t("region.chart.x", lang), rangemode="tozero", zeroline=True, zerolinecolor="#bbb"),
        yaxis=dict(categoryorder="array", categoryarray=rows["name"].tolist(), automargin=True))
    return fig


# --------------------------------------------------------------------------- the levels compared

def level_comparison(regions: pd.DataFrame, nav: dict, lang: str, *, area=None, branch=None) -> pd.DataFrame:
    """The region and the places above it, widest first (world → country → province → city):
    patents, share of the world's, growth (fraction), trend and specialisation in one area, one
    branch, or (neither given) all the map's patents."""
    region = nav["region"]
    named = {str(level): name for level, name in as_list(region.get("chain"))}
    named.setdefault(str(region.get("level")), region["name"])
    if branch:
        subject = regions[_is_branch(regions) & (regions["branch"] == branch)]
    elif area is not None:
        subject = regions[(pd.to_numeric(regions["area"], errors="coerce") == int(area)) & ~_is_branch(regions)]
    else:
        subject = regions[pd.to_numeric(regions["area"], errors="coerce").isna() & ~_is_branch(regions)]
    rows = []
    for level in LEVELS:
        here = subject[subject["level"] == level]
        if level in named and level != "world":
            here = here[here["region"].astype(str) == str(named[level])]
        elif level != "world":
            continue  # a level the chain does not pass through (a district below a city region)
        for r in here.head(1).to_dict("records"):
            rows.append({"level": level_name(level, lang), "region": place_name(level, r.get("region"), lang),
                         "patents": r.get("count"), "share": r.get("share"), "growth": r.get("growth"),
                         "trend": _trend_word(r.get("growth_status"), lang) or "",
                         "specialisation": None if pd.isna(r.get("specialisation")) else round(float(r["specialisation"]), 2)})
    return pd.DataFrame(rows, columns=["level", "region", "patents", "share", "growth", "trend", "specialisation"])


# --------------------------------------------------------------------------- applicants

def type_word(kind, lang: str) -> str:
    kind = kind if kind in APPLICANT_TYPES else "unknown"
    return t(f"region.type.{kind}", lang)


LEADER_COLUMNS = ["rank", "group", "type", "nationality", "province", "city", "patents", "growth", "invention_share"]


def leaders_table(region_applicants: pd.DataFrame, *, inside: bool, lang: str, area=None, branch=None) -> pd.DataFrame:
    """The top applicants inside the region (``inside=True``) or the leaders outside it, in one
    area, one branch or overall, by rank; type in ``lang``."""
    df = region_applicants
    if branch:
        df = df[(df["scope"] == "branch") & (df["branch"] == branch)]
    elif area is not None:
        df = df[(df["scope"] == "area") & (pd.to_numeric(df["area"], errors="coerce") == int(area))]
    else:
        df = df[df["scope"] == "all"]
    df = df[df["inside"].fillna(False).astype(bool) == inside].sort_values("rank", kind="stable")
    out = df.rename(columns={"country": "nationality"}).reindex(columns=LEADER_COLUMNS)
    out["type"] = [type_word(k, lang) for k in df["type"]] if "type" in df else ""
    out["nationality"] = [place_name("country", c, lang) for c in out["nationality"]]
    out[["province", "city"]] = out[["province", "city"]].astype(object).where(out[["province", "city"]].notna(), "")
    if inside:
        out = out.drop(columns=["nationality"])
    return out.reset_index(drop=True)


def inventors_table(inventors: pd.DataFrame, nav: dict, clusters: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The region's inventors (where ``region`` names it, else all), most patents first, their
    areas named."""
    df = inventors
    if "region" in df and (df["region"].astype(str) == str(nav["region"]["name"])).any():
        df = df[df["region"].astype(str) == str(nav["region"]["name"])]
    labels = area_labels(clusters, lang)
    out = df.sort_values(["patents", "inventor"], ascending=[False, True]).reindex(
        columns=["inventor", "patents", "applicants", "areas", "first_year", "last_year", "moves"]).copy()
    out["areas"] = ["; ".join(labels.get(int(a), str(a)) for a in as_list(v)) for v in out["areas"]]
    out["applicants"] = ["; ".join(str(a) for a in as_list(v)) if not isinstance(v, (int, np.integer)) else v
                         for v in out["applicants"]]
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- core patents

CORE_COLUMNS = ["rank_in_area", "id", "title", "applicant", "area", "value", "citations_per_year", "family_size",
                "claims", "legal", "granted"]


def core_patents_table(core: pd.DataFrame, points: pd.DataFrame, clusters: pd.DataFrame, lang: str, *,
                       area=None, ids=None) -> pd.DataFrame:
    """Core patents by value, in one area (ranked in it) or all (highest value first), with
    their titles and applicants from the map; ``ids`` keeps only those patents (a branch's)."""
    df = core
    if area is not None:
        df = df[pd.to_numeric(df["area"], errors="coerce") == int(area)].sort_values("rank_in_area", kind="stable")
    else:
        df = df.sort_values("value", ascending=False, kind="stable")
    if ids is not None:
        df = df[df["id"].astype(str).isin(set(map(str, ids)))]
    info = points.drop_duplicates("id").set_index("id")
    labels = area_labels(clusters, lang)
    out = df.reindex(columns=CORE_COLUMNS).copy()
    out["title"] = out["id"].map(info["title"]) if "title" in info else ""
    out["applicant"] = out["id"].map(info["applicant"]) if "applicant" in info else ""
    out["area"] = [labels.get(int(a), str(a)) if pd.notna(a) else "" for a in df["area"]]
    out["value"] = pd.to_numeric(out["value"], errors="coerce").round(3)
    out["citations_per_year"] = pd.to_numeric(out["citations_per_year"], errors="coerce").round(2)
    out["legal"] = [t(f"region.legal.{v}", lang) if v in LEGAL_STATUSES else v for v in out["legal"]]
    if area is not None:
        out = out.drop(columns=["area"])  # the one chosen
    else:
        out = out.drop(columns=["rank_in_area"])
    return out.reset_index(drop=True)


def value_formula(nav: dict, lang: str) -> str | None:
    """The core-patent value's formula in words, with the warning where the export only lets it
    separate granted patents from the others: the report's sentence (one wording for both)."""
    from landscape.report.navigation import value_formula as in_words

    value = nav.get("value")
    if not isinstance(value, dict) or not value.get("weights"):
        return None
    return in_words(nav, lang)


# --------------------------------------------------------------------------- collaboration

def inside_names(applicants: pd.DataFrame | None, region_applicants: pd.DataFrame | None, nav: dict) -> set[str]:
    """The applicants and groups placed in the region (by its level's column of ``applicants``,
    and the ``inside`` rows of ``region_applicants``)."""
    region = nav["region"]
    level, name = str(region.get("level") or ""), str(region["name"])
    names: set[str] = set()
    if applicants is not None and level in applicants:
        here = applicants[applicants[level].astype(str) == name]
        for column in ("applicant", "group"):
            if column in here:
                names |= set(here[column].dropna().astype(str))
    if region_applicants is not None and "inside" in region_applicants:
        names |= set(region_applicants.loc[region_applicants["inside"].fillna(False).astype(bool), "group"]
                     .dropna().astype(str))
    return names


def collaboration_links(collaboration: pd.DataFrame, *, area=None, branch=None, inside: set[str] | None = None,
                        inside_only: bool = False) -> pd.DataFrame:
    """Co-applicant links, strongest first: those in one area (``areas`` lists it) or one
    branch (``branches``, where the table has it), and with ``inside_only`` only links whose
    both ends are in the region."""
    df = collaboration
    if area is not None:
        df = df[[int(area) in _numbers(v) for v in df["areas"]]]
    if branch:
        column = df["branches"] if "branches" in df else pd.Series([[]] * len(df), index=df.index)
        df = df[[branch in {str(b) for b in as_list(v)} for v in column]]
    if inside_only:
        inside = inside or set()
        df = df[df["a"].astype(str).isin(inside) & df["b"].astype(str).isin(inside)]
    return df.sort_values(["patents", "a", "b"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


def _numbers(value) -> set[int]:
    """The area ids of a list cell (a list, an array, or text such as ``"0;3"``)."""
    items = as_list(value)
    if len(items) == 1 and isinstance(items[0], str):
        items = items[0].replace(",", ";").split(";")
    out = set()
    for item in items:
        try:
            out.add(int(item))
        except (TypeError, ValueError):
            continue
    return out


def link_kind_word(kind, lang: str) -> str:
    """``firm–university`` -> 企业–高校 / enterprise–university, from the type words."""
    parts = str(kind or "").replace("-", "–").split("–")
    named = {"firm": "enterprise"}
    return "–".join(type_word(named.get(p, p), lang) for p in parts if p) or ""


def links_table(links: pd.DataFrame, lang: str, n: int | None = None) -> pd.DataFrame:
    """The links as a table: both applicants, their types, shared patents and the kind of link."""
    top = links if n is None else links.head(n)
    return pd.DataFrame({
        "applicant_a": top["a"].to_numpy(), "type_a": [type_word(k, lang) for k in top.get("a_type", [None] * len(top))],
        "applicant_b": top["b"].to_numpy(), "type_b": [type_word(k, lang) for k in top.get("b_type", [None] * len(top))],
        "shared_patents": top["patents"].to_numpy(),
        "link_kind": [link_kind_word(k, lang) for k in top.get("kind", [None] * len(top))]})


def graph_nodes(links: pd.DataFrame, applicants: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per applicant in ``links``: ``name, type, patents`` (its count in ``applicants``
    by applicant or group name, else the patents of its links), ``links``, ``shared``."""
    ends = pd.concat([links[["a", "a_type", "patents"]].set_axis(["name", "type", "shared"], axis=1),
                      links[["b", "b_type", "patents"]].set_axis(["name", "type", "shared"], axis=1)])
    nodes = ends.groupby("name", sort=True).agg(type=("type", "first"), links=("shared", "size"),
                                                shared=("shared", "sum")).reset_index()
    counts: dict[str, int] = {}
    if applicants is not None and "count" in applicants:
        for column in ("group", "applicant"):
            if column in applicants:
                counts.update(applicants.groupby(applicants[column].astype(str))["count"].sum().to_dict())
    nodes["patents"] = [int(counts.get(n, s)) for n, s in zip(nodes["name"], nodes["shared"])]
    return nodes


def graph_layout(links: pd.DataFrame, nodes: pd.DataFrame, seed: int = LAYOUT_SEED) -> dict[str, tuple[float, float]]:
    """Node -> (x, y): a spring layout weighted by shared patents, seeded (same links, same graph)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes["name"])
    for a, b, w in zip(links["a"], links["b"], links["patents"]):
        graph.add_edge(a, b, weight=float(w))
    pos = nx.spring_layout(graph, seed=seed, weight="weight", k=1.5 / math.sqrt(max(len(graph), 1)))
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def collaboration_figure(links: pd.DataFrame, lang: str, *, applicants: pd.DataFrame | None = None,
                         max_links: int = MAX_LINKS, labels: int = 15, height: int = 560):
    """The co-applicant network: node size = patents, colour = applicant type, line width =
    shared patents; the ``max_links`` strongest links, the ``labels`` biggest nodes named."""
    import plotly.graph_objects as go

    links = links.head(max_links)
    fig = go.Figure()
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), hovermode="closest",
                      xaxis=dict(visible=False), yaxis=dict(visible=False, scaleanchor="x"),
                      legend=dict(orientation="h", y=-0.02, x=0), plot_bgcolor="white")
    if links.empty:
        return fig
    nodes = graph_nodes(links, applicants)
    pos = graph_layout(links, nodes)
    top = links["patents"].max()
    # Plotly draws one width per trace: links in up to five width classes.
    widths = np.clip(np.ceil(5 * links["patents"] / top), 1, 5).astype(int)
    for width in sorted(set(widths)):
        part = links[widths == width]
        xs, ys = [], []
        for a, b in zip(part["a"], part["b"]):
            xs += [pos[a][0], pos[b][0], None]
            ys += [pos[a][1], pos[b][1], None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(width=0.8 + 1.6 * width, color="#9aa7b4"),
                                 hoverinfo="skip", showlegend=False, meta={"kind": "links"}))
    # Hover on a link: an invisible point at its middle.
    fig.add_trace(go.Scatter(
        x=[(pos[a][0] + pos[b][0]) / 2 for a, b in zip(links["a"], links["b"])],
        y=[(pos[a][1] + pos[b][1]) / 2 for a, b in zip(links["a"], links["b"])],
        mode="markers", marker=dict(size=8, opacity=0), showlegend=False, meta={"kind": "link_hover"},
        text=[t("region.graph.link_hover", lang, a=a, b=b, n=int(n))
              for a, b, n in zip(links["a"], links["b"], links["patents"])], hovertemplate="%{text}<extra></extra>"))
    biggest = set(nodes.nlargest(labels, "patents")["name"])
    scale = 40 / math.sqrt(max(nodes["patents"].max(), 1))
    for kind in APPLICANT_TYPES:
        part = nodes[[(k if k in APPLICANT_TYPES else "unknown") == kind for k in nodes["type"]]]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=[pos[n][0] for n in part["name"]], y=[pos[n][1] for n in part["name"]],
            mode="markers+text", name=type_word(kind, lang), meta={"kind": "nodes", "type": kind},
            marker=dict(size=[8 + scale * math.sqrt(p) for p in part["patents"]], color=TYPE_COLOURS[kind],
                        line=dict(width=1, color="white"), opacity=1.0),
            text=[n if n in biggest else "" for n in part["name"]], textposition="top center",
            textfont=dict(size=11), customdata=np.stack([part["name"], part["patents"], part["links"]], axis=1),
            hovertemplate=("%{customdata[0]}<br>" + type_word(kind, lang) + "<br>" + t("region.graph.patents", lang)
                           + ": %{customdata[1]:,}<br>" + t("region.graph.links", lang)
                           + ": %{customdata[2]}<extra></extra>")))
    return fig


# --------------------------------------------------------------------------- recommendations

def recommendations_table(recommendations: pd.DataFrame, clusters: pd.DataFrame, manifest: dict,
                          lang: str) -> pd.DataFrame:
    """The development paths (发展路径) in ``lang``: kind, the area or branch it is about, the
    sentence; in the order ``navigate`` wrote them."""
    areas, branches = area_labels(clusters, lang), branch_names(manifest, lang)
    other = "zh" if lang == "en" else "en"
    text = recommendations.get(f"text_{lang}")
    if text is None:
        text = recommendations.get(f"text_{other}")
    subjects = []
    for r in recommendations.to_dict("records"):
        branch, area = r.get("branch"), r.get("area")
        if isinstance(branch, str) and branch:
            subjects.append(branches.get(branch, branch))
        elif area is not None and pd.notna(area):
            subjects.append(areas.get(int(area), str(area)))
        else:
            subjects.append("")
    return pd.DataFrame({"kind": [t(f"region.kind.{k}", lang) if f"region.kind.{k}" in _keys() else str(k)
                                  for k in recommendations["kind"]],
                         "subject": subjects,
                         "text": (text.fillna("") if text is not None else pd.Series([""] * len(recommendations)))
                         .astype(str).to_numpy()})
