"""My invention: paste a description, see where it lands on the map, the nearest patents and
their owners, and the nearest white space."""
import numpy as np
import pandas as pd
import streamlit as st

from app_pages import common
from landscape import views
from landscape.embed.base import MAX_TEXT_CHARS
from landscape.i18n import t
from landscape.place import place

lang = common.lang()
b = common.bundle(lang)
pts, clusters = b.points, b.clusters
labels = views.area_labels(clusters, lang)
common.header(b, lang, "inv.title")
st.markdown(t("inv.intro", lang))

with st.form("inv_form", border=False):
    # The box takes what the models can read (MAX_TEXT_CHARS, about ten pages); Streamlit cuts a
    # longer paste in the browser and again on the server, so a pasted book never reaches a model.
    text = st.text_area(t("inv.text", lang), key="inv_text", height=150, placeholder=t("inv.placeholder", lang),
                        max_chars=MAX_TEXT_CHARS)
    go = st.form_submit_button(t("inv.go", lang), type="primary", icon=":material/my_location:")

# The map's vectors and model are loaded while the description is being typed, not after the
# click: that takes seconds (a MiniLM model 6-30 s on the busy 2-core machine), a query then
# a fraction of one (bench/invention.py).
try:
    with st.spinner(t("inv.loading", lang)):
        loaded, load_error = common.placer(str(common.workspace()), b.name, common.bundle_stamp(b.path)), None
except Exception as err:  # a missing model package or a damaged model: said when the button is pressed
    loaded, load_error = None, err

if go:
    if not (text or "").strip():
        st.warning(t("inv.empty", lang))
    else:
        try:
            if load_error is not None:
                raise load_error
            placing, embedder, index = loaded
            with st.spinner(t("inv.placing", lang)):
                (spot,) = place(placing, [text.strip()], k=15, embedder=embedder, index=index)
            # A full box means the paste was probably longer and was cut: say which part was used.
            cut = len(text) >= MAX_TEXT_CHARS or bool(spot.get("note"))
            st.session_state["inv_result"] = {"map": b.name, "spot": spot, "cut": cut}
        except Exception as err:  # a missing model package or a damaged model: say so, keep the page
            st.error(t("inv.failed", lang, error=f"{type(err).__name__}: {err}"))

result = st.session_state.get("inv_result")
if not result or result.get("map") != b.name:
    st.stop()

spot = result["spot"]
area = int(spot["area"])
ws = common.table(b, "white_spaces")
nearest_ws = views.nearest_white_space(ws, spot["x"], spot["y"])
span = float(np.hypot(np.ptp(pts["x"].to_numpy(float)), np.ptp(pts["y"].to_numpy(float)))) or 1.0

st.success(t("inv.lands", lang, area=labels.get(area, t("map.unassigned", lang))))
if result.get("cut"):
    st.info(t("inv.cut", lang, n=f"{MAX_TEXT_CHARS:,}"))
fig = views.map_figure(pts, clusters, lang, white_spaces=ws,
                       star={"x": spot["x"], "y": spot["y"], "label": t("inv.star", lang),
                             "hover": views.short_label(spot["text"], 80)})
st.plotly_chart(fig, key="inv_map", config=common.chart_config(b, "my-invention"))

left, right = st.columns([3, 2])
with left:
    st.subheader(t("inv.nearest", lang))
    st.caption(t("inv.ranking", lang))
    near = spot["nearest"].copy()
    near["area"] = near["area"].map(lambda a: labels.get(int(a), t("map.unassigned", lang)))
    near["why"] = views.match_reasons(near, lang)
    if "publications" in near:  # an application's A and B publications are one row
        near["publications"] = [", ".join(views.as_list(p)) for p in near["publications"]]
    near = near.drop(columns=[c for c in ("score", "terms", "codes") if c in near])
    st.dataframe(views.localise(near, lang), hide_index=True, width="stretch",
                 column_config={t("col.similarity", lang): st.column_config.ProgressColumn(
                     format="%.2f", min_value=0.0, max_value=1.0)})
    common.downloads(views.localise(near, lang), f"{b.name}-nearest", lang, "nearest")
with right:
    st.subheader(t("inv.owners", lang))
    owners = near["applicant"].fillna(t("common.unknown", lang)).value_counts().rename_axis("applicant").reset_index(name="patents")
    st.dataframe(views.localise(owners, lang), hide_index=True, width="stretch")
    st.subheader(t("inv.white_space", lang))
    if nearest_ws is None:
        st.info(t("inv.no_white_spaces", lang, name=b.name))
    else:
        desc = views.white_space_descriptions(pd.DataFrame([nearest_ws]), lang)[0]
        st.markdown(f"**{t('ws.one', lang, rank=int(nearest_ws.get('rank', 1)))}** · "
                    + t("inv.distance", lang, pct=f"{nearest_ws['distance'] / span:.0%}"))
        st.write(desc or "—")
