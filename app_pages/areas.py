"""Technology areas: the table of areas; one area's terms, codes, applicants, yearly filings,
place on the map and patents."""
import streamlit as st

from app_pages import common
from landscape import views
from landscape.i18n import t
from landscape.present.highlights import leading_by_area, older_analysis
from landscape.rules.years import TimeWindow

lang = common.lang()
b = common.bundle(lang)
pts, clusters = b.points, b.clusters
labels = views.area_labels(clusters, lang)
window = TimeWindow.from_manifest(b.manifest, years=pts["year"])
last_complete = window.last_complete_year

common.header(b, lang, "areas.title")
common.language_balance(b, lang)
st.markdown(t("areas.intro", lang))

leading = common.table(b, "leading_applicants")
table = views.area_table(clusters, lang, pts, top=leading_by_area(leading))
if older_analysis(b.manifest, leading):
    st.caption(t("areas.reanalyse", lang, map=b.name))
shown = views.localise(table, lang)
view, pct = common.percent_view(shown, [t("col.growth", lang)])
st.dataframe(view, hide_index=True, width="stretch", height=min(38 + 35 * len(shown), 420),
             column_config={**pct,
                            t("col.label", lang): st.column_config.TextColumn(width="medium"),
                            t("col.terms", lang): st.column_config.TextColumn(width="medium"),
                            t("col.terms_other", lang): st.column_config.TextColumn(width="medium"),
                            t("col.size", lang): st.column_config.ProgressColumn(
                                format="%d", min_value=0, max_value=int(table["size"].max() or 1))})
common.downloads(shown, f"{b.name}-areas", lang, "areas", sheet=t("page.areas", lang))

st.divider()
area_ids = table["area_id"].tolist()
sizes = dict(zip(table["area_id"], table["size"]))
area = st.selectbox(t("areas.pick", lang), area_ids, key="area_pick",
                    format_func=lambda a: f"{labels.get(a, a)} · {sizes.get(a, 0):,}")
row = table.set_index("area_id").loc[area]
members = (pts["area"] == area).to_numpy()

st.subheader(labels.get(area, str(area)))
left, right = st.columns([2, 3])
with left:
    growth = row["growth"]
    st.markdown(f"**{t('col.size', lang)}:** {int(row['size']):,} · **{t('col.growth', lang)}:** "
                + (f"{growth:+.0%}" if growth is not None and growth == growth else row.get("trend") or "—"))
    st.markdown(f"**{t('col.terms', lang)}:** {row['terms'] or '—'}")
    st.markdown(f"**{t('col.terms_other', lang)}:** {row['terms_other'] or '—'}")
    st.markdown(f"**{t('col.top_codes', lang)}:** {row['top_codes'] or '—'}")
    st.markdown(f"**{t('col.top_applicants', lang)}:** {row['top_applicants'] or '—'}")
with right:
    counts = views.yearly_counts(pts[members])
    if len(counts):
        st.plotly_chart(views.year_bar_figure(counts, last_complete, lang, colour=views.area_colours(clusters)[area],
                                             basis=window.year_basis),
                        key="area_years", config=common.chart_config(b, f"area-{area}-years"))
        if last_complete is not None:
            st.caption(t("trends.incomplete_note", lang, year=last_complete))

if st.toggle(t("areas.on_map", lang), key="area_show_map"):
    st.plotly_chart(views.map_figure(pts, clusters, lang, highlight=members, height=480, labels_on=True),
                    key="area_map", config=common.chart_config(b, f"area-{area}"))

documents = common.table(b, "documents")
cl = clusters.set_index("id")
first = list(cl.loc[area, "representative_ids"]) if "representative_ids" in cl else []
patents = views.patents_table(pts, documents, mask=members, first=first)
st.subheader(t("areas.patents", lang, n=f"{len(patents):,}"))
st.caption(t("areas.patents_note", lang))
limit = 1000
shown_patents = views.localise(patents.head(limit), lang)
st.dataframe(shown_patents, hide_index=True, width="stretch", height=420,
             column_config={t("col.abstract", lang): st.column_config.TextColumn(width="large"),
                            t("col.title", lang): st.column_config.TextColumn(width="medium")})
if len(patents) > limit:
    st.caption(t("areas.more", lang, n=limit))
common.downloads(views.localise(patents, lang), f"{b.name}-area-{area}", lang, "area_patents")
