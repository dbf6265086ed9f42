"""What's new (新动态): what the last `landscape watch` added to the map and what changed, by
kind, with filters by area; the new patents listed; a map never watched says so."""
import streamlit as st

from app_pages import common
from landscape.i18n import t
from landscape.rules.names import names_of
from landscape.views import changes as ch

lang = common.lang()
b = common.bundle(lang)
common.header(b, lang, "whats_new.title")

changes = common.table(b, "changes")
if not ch.watched(b.manifest) or changes is None:
    st.info(t("whats_new.never", lang))
    st.code(f"landscape watch --map {b.name} new_exports/", language="bash")
    st.stop()

st.markdown(ch.summary_text(b.manifest, lang))
drift = ch.drift_text(b.manifest, lang)
if drift is not None:
    st.caption(drift[0])
    if drift[1]:
        st.warning(t("whats_new.rebuild", lang), icon=":material/autorenew:")

names = names_of(b.clusters, lang)
present = ch.kinds_present(changes)
left, right = st.columns(2)
with left:
    kinds = st.multiselect(t("whats_new.kinds", lang), present, default=present, placeholder=t("common.all", lang),
                           format_func=lambda k: ch.kind_label(k, lang), key="wn_kinds")
with right:
    area_ids = sorted(int(a) for a in changes["area"].dropna().unique())
    areas = st.multiselect(t("whats_new.areas", lang), area_ids, default=[], placeholder=t("common.all", lang),
                           format_func=lambda a: ch.area_label(a, names, lang), key="wn_areas")
chosen_areas = areas or None

st.subheader(t("whats_new.changes", lang))
view = ch.changes_table(changes, lang, names, kinds=kinds, areas=chosen_areas)
if view.empty:
    st.info(t("whats_new.none", lang))
else:
    st.dataframe(view, hide_index=True, width="stretch")

patents = ch.new_patents(b.points, int(b.manifest.get("version", 0)), lang, names, areas=chosen_areas)
st.subheader(t("whats_new.new_patents", lang, n=len(patents)))
if len(patents):
    st.dataframe(patents, hide_index=True, width="stretch")
