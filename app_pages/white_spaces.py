"""White spaces: places where patents are few but the surroundings are busy, ranked, each with
its description, the areas around it, the nearest patents on each side and a close-up map."""
import html

import pandas as pd
import streamlit as st

from app_pages import common
from landscape import views
from landscape.i18n import t

lang = common.lang()
b = common.bundle(lang)
pts, clusters = b.points, b.clusters

common.header(b, lang, "ws.title")
ws = common.table(b, "white_spaces")
if ws is None or not {"x", "y"} <= set(ws.columns):
    # No table: never analysed (or a table from before white spaces had places).
    st.info(t("ws.missing", lang))
    st.code(f"landscape analyse --map {b.name} --workspace {common.workspace()}", language="bash")
    st.stop()
if not len(ws):
    # Analysed, and none found: a finding, not a missing step.
    st.success(t("ws.none", lang))
    st.stop()

st.markdown(t("ws.intro", lang))
ws = views.rank_white_spaces(ws)
desc = views.white_space_descriptions(ws, lang)
labels = views.area_labels(clusters, lang)
listing = pd.DataFrame({"rank": ws["rank"].astype(int), "description": desc})
if "neighbour_areas" in ws:
    listing["neighbours"] = ["; ".join(labels.get(int(a), str(a)) for a in views.as_list(v))
                             for v in ws["neighbour_areas"]]
for col in ("score", "patents_inside", "expected_inside", "ring_patents", "ring_growth", "emptiness", "confirmed_5d"):
    if col in ws:
        listing[col] = ws[col].to_numpy()
shown = views.localise(listing, lang)
view, growth_fmt = common.percent_view(shown, [t("col.ring_growth", lang)])
view, empty_fmt = common.percent_view(view, [t("col.emptiness", lang)], signed=False)
st.dataframe(view, hide_index=True, width="stretch", height=min(38 + 35 * len(shown), 380),
             column_config={**growth_fmt, **empty_fmt,
                            t("col.description", lang): st.column_config.TextColumn(width="large"),
                            t("col.score", lang): st.column_config.NumberColumn(format="%.1f"),
                            t("col.expected_inside", lang): st.column_config.NumberColumn(format="%.1f")})
bulky = [c for c in ("grid", "cell_ids", "nearest", "description_en", "description_zh") if c in ws]
common.downloads(views.localise(listing.join(ws.drop(columns=[c for c in listing.columns if c in ws] + bulky)), lang),
                 f"{b.name}-white-spaces", lang, "white_spaces", sheet=t("page.white_spaces", lang))

st.divider()
rank = st.selectbox(t("ws.pick", lang), listing["rank"].tolist(), key="ws_pick",
                    format_func=lambda r: t("ws.one", lang, rank=r) + " · " + views.short_label(desc[r - 1] if
                                                                                              r - 1 < len(desc) else "", 70))
row = ws[ws["rank"] == rank].iloc[0].to_dict()
st.subheader(t("ws.one", lang, rank=rank))
other = "zh" if lang == "en" else "en"
st.markdown(views.white_space_descriptions(ws[ws["rank"] == rank], lang)[0] or "—")
if row.get(f"description_{other}"):
    st.caption(row[f"description_{other}"])

left, right = st.columns([3, 2])
with left:
    radius = row.get("radius") if pd.notna(row.get("radius", None)) else None
    zoom = views.zoom_box(float(row["x"]), float(row["y"]), radius, pts)
    st.plotly_chart(views.map_figure(pts, clusters, lang, white_spaces=ws, zoom=zoom, height=520),
                    key="ws_map", config=common.chart_config(b, f"white-space-{rank}"))
with right:
    around = views.white_space_surroundings(pts, clusters, row, lang)
    colours = views.area_colours(clusters)
    st.markdown(f"**{t('ws.neighbours', lang)}**")
    if len(around):
        for area, grp in around.groupby("area_id", sort=False):
            # The label comes from the bundle, which may come from elsewhere: escaped, never HTML.
            st.markdown(f"<span style='color:{colours.get(area, views.UNASSIGNED)}'>●</span> "
                        f"**{html.escape(str(grp['label'].iloc[0]))}**", unsafe_allow_html=True)
            st.dataframe(views.localise(grp[["id", "title", "applicant", "year", "distance"]], lang),
                         hide_index=True, width="stretch")
    else:
        st.write("—")
