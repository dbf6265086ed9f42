"""The landscape: terrain of patent density, technology areas, white spaces, filters and a
portfolio overlay (selected applicants stand out, the others fade)."""
import numpy as np
import streamlit as st

from app_pages import common, map_zoom
from landscape import views
from landscape.i18n import t
from landscape.rules.years import TimeWindow, year_title

lang = common.lang()
b = common.bundle(lang)
pts = b.points
labels = views.area_labels(b.clusters, lang)
white_spaces = common.table(b, "white_spaces")
limit = views.points_limit()
big = len(pts) > limit  # past the limit: a density picture, points only close up or filtered
choices = map_zoom.map_choices(b)

common.header(b, lang, "map.title")
common.language_balance(b, lang)

with st.sidebar:
    st.subheader(t("map.filters", lang))
    years = pts["year"].dropna()
    year_range = None
    if len(years) and years.min() < years.max():
        lo, hi = int(years.min()), int(years.max())
        basis = TimeWindow.from_manifest(b.manifest, years=years).year_basis
        year_range = st.slider(t("map.years", lang, basis=year_title(basis, lang)), lo, hi, (lo, hi), key="f_years")
        if tuple(year_range) == (lo, hi):
            year_range = None  # the whole range: keep patents without a year too
    applicants = st.multiselect(t("map.applicants", lang), choices["applicants"], key="f_applicants",
                                placeholder=t("map.applicants_ph", lang), help=t("map.applicants_help", lang))
    only = st.checkbox(t("map.only_selected", lang), key="f_only", disabled=not applicants)
    countries = st.multiselect(t("map.countries", lang), choices["country"], key="f_countries",
                               placeholder=t("common.all", lang))
    codes = st.text_input(t("map.codes", lang), key="f_codes", placeholder="A63H33, B29C",
                          help=t("map.codes_help", lang), max_chars=500)  # ~50 code prefixes
    area_ids = [int(a) for a in b.clusters.sort_values("size", ascending=False)["id"]]
    areas = st.multiselect(t("map.areas", lang), area_ids, key="f_areas", placeholder=t("common.all", lang),
                           format_func=lambda a: labels.get(a, str(a)))
    doc_types = choices["doc_type"]
    chosen_types = st.multiselect(t("map.doc_types", lang), doc_types, key="f_doctypes",
                                  placeholder=t("common.all", lang)) if doc_types else []
    show_ws = st.checkbox(t("map.show_white_spaces", lang), value=True, key="f_ws",
                          disabled=white_spaces is None)

flt = views.PointFilter(years=tuple(year_range) if year_range else None, countries=tuple(countries),
                        code_prefixes=views.normalise_prefixes(codes), areas=tuple(areas),
                        doc_types=tuple(chosen_types), applicants=tuple(applicants) if only else ())
shown = views.filter_mask(pts, flt)
highlight = views.applicant_mask(pts, applicants) if applicants else None

n_shown = int(shown.sum())
summary = t("map.showing", lang, shown=f"{n_shown:,}", total=f"{len(pts):,}")
if highlight is not None:
    summary += " · " + t("map.highlighted", lang, n=f"{int((shown & highlight).sum()):,}")
zoom, focus = map_zoom.map_zoom(b, labels, lang) if big else (None, None)
if big:
    as_points, as_density = views.split_for_drawing(pts, shown, limit, view=zoom, highlight=highlight, focus=focus)
    summary += " · " + views.count_line(int(as_points.sum()), int(as_density.sum()) if as_density is not None else 0,
                                        lang, limit)
st.markdown(summary)
if n_shown == 0:
    st.warning(t("map.nothing", lang))

fig = views.map_figure(pts, b.clusters, lang, shown=shown, highlight=highlight, zoom=zoom, max_points=limit,
                       focus=focus, white_spaces=white_spaces if show_ws else None)
event = st.plotly_chart(fig, key=f"map_chart{st.session_state.get('f_view_n', '')}", on_select="rerun",
                        selection_mode=("box", "lasso"), config=common.chart_config(b, "map"))
if big and not as_points.any():
    map_zoom.zoom_to_box(event)  # a box drawn on the picture alone: a close-up (over points it lists them)
st.caption(t("bigmap.how_to" if big else "map.how_to", lang, limit=f"{limit:,}"))

common.coverage(b, lang)

selected = [p.get("customdata") for p in (event.selection.points if event else []) if p.get("customdata")]
documents = common.table(b, "documents")
if selected:
    st.subheader(t("map.selected", lang, n=len(selected)))
    table = views.localise(views.patents_table(pts, documents, ids=selected), lang)
    st.dataframe(table, hide_index=True, width="stretch", height=360)
    common.downloads(table, f"{b.name}-selected", lang, "selected")
else:
    with st.expander(t("map.download_shown", lang, n=f"{n_shown:,}")):
        common.downloads(lambda: views.localise(views.patents_table(pts, None, mask=shown), lang),
                         f"{b.name}-patents", lang, "shown")
