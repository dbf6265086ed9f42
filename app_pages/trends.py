"""Trends: patents per area and year, emerging and cooling areas; the incomplete recent years
(publication lag) are shaded and left out of growth. The page only reads what ``analyse``
wrote (``trends.parquet``, ``trend_summary.parquet``) and the map's time window: the growth,
its word and its sentence are the report's, to the digit."""
import numpy as np
import pandas as pd
import streamlit as st

from app_pages import common
from landscape import views
from landscape.i18n import t
from landscape.rules.years import TimeWindow

lang = common.lang()
b = common.bundle(lang)
pts, clusters = b.points, b.clusters
labels = views.area_labels(clusters, lang)
short = views.area_labels(clusters, lang, short=True)
common.header(b, lang, "trends.title")

if not pts["year"].notna().any():
    st.info(t("trends.no_years", lang))
    st.stop()
stored, summary = common.table(b, "trends"), common.table(b, "trend_summary")
if stored is None or summary is None:
    # Not analysed yet (the tables are absent), which is not the same as "no trend found".
    st.info(t("trends.missing", lang))
    st.code(f"landscape analyse --map {b.name} --workspace {common.workspace()}", language="bash")
    st.stop()

window = TimeWindow.from_manifest(b.manifest, years=pts["year"])
last_complete = window.last_complete_year
intro = "trends.intro_publication" if window.year_basis == "publication" else "trends.intro"
st.markdown(t(intro, lang, basis=window.label(lang), cutoff=window.cutoff_text(lang), lag=window.lag_months,
              year=last_complete))

counts = stored[stored["area"] >= 0][["area", "year", "count"]].astype(int)
by_recent = [int(a) for a in summary.sort_values(["recent", "area"], ascending=[False, True])["area"]]
all_areas = by_recent + [int(a) for a in clusters["id"] if int(a) not in by_recent]

c1, c2 = st.columns([4, 1])
chosen = c1.multiselect(t("trends.areas", lang), all_areas, default=by_recent[:6], key="tr_areas",
                        format_func=lambda a: short.get(a, str(a)))
kind = c2.radio(t("trends.kind", lang), ["lines", "stacked"], key="tr_kind", horizontal=True,
                format_func=lambda k: t(f"trends.{k}", lang))
st.plotly_chart(views.trend_lines_figure(counts, chosen, short, last_complete, lang, stacked=kind == "stacked",
                                         colours=views.area_colours(clusters), basis=window.year_basis),
                key="trend_lines", config=common.chart_config(b, "trends"))

total = stored[stored["area"] == -1][["year", "count"]].astype(int)
with st.expander(t("trends.total", lang, n=f"{len(pts):,}", basis=window.label(lang))):
    st.plotly_chart(views.year_bar_figure(total, last_complete, lang, basis=window.year_basis), key="trend_total",
                    config=common.chart_config(b, "filings"))


def _growth_text(growth, status: str) -> str:
    """The growth as shown in the report; "too few" in words where there is no figure."""
    if growth is None or pd.isna(growth):
        return t("trends.too_few", lang) if status == "too few" else "—"
    return f"{growth:+.0%}"


table = pd.DataFrame({
    "label": [labels.get(int(a), str(a)) for a in summary["area"]],
    "trend": [t(f"trends.{s.replace(' ', '_')}", lang) for s in summary["status"]],
    "growth": [_growth_text(g, s) for g, s in zip(summary["growth"], summary["status"])],
    "before_window": summary["before_window"].to_numpy(), "before": summary["before"].to_numpy(),
    "recent_window": summary["recent_window"].to_numpy(), "recent": summary["recent"].to_numpy(),
    "summary": summary[f"summary_{lang}"].to_numpy(),
})
config = {t("col.summary", lang): st.column_config.TextColumn(width="large")}
st.subheader(t("trends.emerging_cooling", lang))
if len(summary) and summary["recent_window"].astype(bool).any():
    first = summary.iloc[0]
    st.caption(t("trends.window", lang, before=first["before_window"], recent=first["recent_window"]))
compact = ["label", "growth", "before", "recent"]
statuses = summary["status"].to_numpy()
order = summary["growth"].fillna(0).to_numpy()
left, right = st.columns(2)
for column, wanted, title_key, sign in ((left, ("emerging", "growing"), "trends.emerging_growing", -1),
                                        (right, ("cooling",), "trends.cooling_areas", 1)):
    with column:
        st.markdown(f"**{t(title_key, lang)}**")
        # Fastest first on the left, steepest fall first on the right.
        picked = np.flatnonzero(np.isin(statuses, wanted))
        picked = picked[np.argsort(sign * order[picked], kind="stable")]
        if len(picked):
            st.dataframe(views.localise(table.iloc[picked][compact], lang), hide_index=True, width="stretch")
        else:
            st.write(t("trends.none", lang))

with st.expander(t("trends.all", lang)):
    shown = views.localise(table, lang)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
    common.downloads(views.localise(summary, lang), f"{b.name}-trends", lang, "trends", sheet=t("page.trends", lang))
