"""Trends: filings per area and year, emerging and cooling areas; the incomplete recent years
(publication lag) are shaded and left out of growth."""
import importlib

import numpy as np
import pandas as pd
import streamlit as st

from app_pages import common
from landscape import views
from landscape.i18n import STRINGS, t

lang = common.lang()
b = common.bundle(lang)
pts, clusters = b.points, b.clusters
labels = views.area_labels(clusters, lang)
short = views.area_labels(clusters, lang, short=True)
common.header(b, lang, "trends.title")

years = pts["year"].dropna()
if not len(years):
    st.info(t("trends.no_years", lang))
    st.stop()
last_complete = b.manifest.get("last_complete_year")
if last_complete is None:
    last_complete = int(years.max()) - 2
st.markdown(t("trends.intro", lang, year=last_complete))

stored = common.table(b, "trends")
if stored is not None and {"area", "year", "count"} <= set(stored.columns):
    counts = stored[stored["area"] >= 0][["area", "year", "count"]].astype(int)
else:
    counts = views.yearly_counts(pts, by_area=True)

try:
    trends_mod = importlib.import_module("landscape.analyse.trends")
    summary = trends_mod.area_trend_summary(pts, clusters)
    status_col, growth_col = "status", "cagr"
except (ImportError, AttributeError, TypeError, ValueError):
    summary = views.trend_summary(pts, clusters, last_complete, lang)
    status_col, growth_col = "status", "growth"

recent = counts[counts["year"].between(last_complete - 2, last_complete)].groupby("area")["count"].sum()
by_recent = [int(a) for a in recent.sort_values(ascending=False).index if a >= 0]
all_areas = by_recent + [int(a) for a in clusters["id"] if int(a) not in by_recent]

c1, c2 = st.columns([4, 1])
chosen = c1.multiselect(t("trends.areas", lang), all_areas, default=by_recent[:6], key="tr_areas",
                        format_func=lambda a: short.get(a, str(a)))
kind = c2.radio(t("trends.kind", lang), ["lines", "stacked"], key="tr_kind", horizontal=True,
                format_func=lambda k: t(f"trends.{k}", lang))
st.plotly_chart(views.trend_lines_figure(counts, chosen, short, last_complete, lang, stacked=kind == "stacked",
                                             colours=views.area_colours(clusters)),
                key="trend_lines", config=common.chart_config(b, "trends"))

total = views.yearly_counts(pts)
with st.expander(t("trends.total", lang, n=f"{len(pts):,}")):
    st.plotly_chart(views.year_bar_figure(total, last_complete, lang), key="trend_total",
                    config=common.chart_config(b, "filings"))


def _display(df: pd.DataFrame) -> pd.DataFrame:
    other = "zh" if lang == "en" else "en"
    out = pd.DataFrame({"label": [labels.get(int(a), str(a)) for a in df["area" if "area" in df else "area_id"]]})
    out["trend"] = [t(f"trends.{s.replace(' ', '_')}", lang) if f"trends.{s.replace(' ', '_')}" in STRINGS else s
                    for s in df[status_col]]
    for col in ("start_year", "end_year", "start_count", "end_count", "window_count", "recent", "before"):
        if col in df:
            out[col] = df[col].to_numpy()
    out[growth_col] = df[growth_col].to_numpy()
    if "momentum" in df:
        out["momentum"] = df["momentum"].to_numpy()
    sentence = df.get(f"summary_{lang}", df.get(f"summary_{other}"))
    if sentence is not None:
        out["summary"] = sentence.to_numpy()
    return out


table = _display(summary)
pct = {}
pct[t("col.momentum", lang)] = st.column_config.NumberColumn(format="%.2f")
pct[t("col.summary", lang)] = st.column_config.TextColumn(width="large")
st.subheader(t("trends.emerging_cooling", lang))
if "start_year" in summary and summary["start_year"].notna().any():
    st.caption(t("trends.window", lang, first=int(summary["start_year"].dropna().iloc[0]),
                 last=int(summary["end_year"].dropna().iloc[0])))
compact = [c for c in ("label", growth_col, "start_count", "end_count", "recent", "before", "momentum") if c in table]
left, right = st.columns(2)
statuses = summary[status_col].to_numpy()
for column, wanted, title_key, ascending in ((left, ("emerging", "growing"), "trends.emerging_growing", False),
                                            (right, ("cooling",), "trends.cooling_areas", True)):
    with column:
        st.markdown(f"**{t(title_key, lang)}**")
        part = table[np.isin(statuses, wanted)].sort_values(growth_col, ascending=ascending)[compact]
        if len(part):
            view, growth_fmt = common.percent_view(views.localise(part, lang), [t(f"col.{growth_col}", lang)])
            st.dataframe(view, hide_index=True, width="stretch", column_config={**pct, **growth_fmt})
        else:
            st.write(t("trends.none", lang))

with st.expander(t("trends.all", lang)):
    shown = views.localise(table, lang)
    view, growth_fmt = common.percent_view(shown, [t(f"col.{growth_col}", lang)])
    st.dataframe(view, hide_index=True, width="stretch", column_config={**pct, **growth_fmt})
    common.downloads(shown, f"{b.name}-trends", lang, "trends", sheet=t("page.trends", lang))
