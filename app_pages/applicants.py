"""Applicants: the corporate groups every figure counts, each applicant's country and the rule
that decided it, and an editor for the groups (saved to WORKSPACE/applicant_groups.toml, used
by the next `landscape analyse`)."""
import streamlit as st

from app_pages import common
from landscape import actions, views
from landscape.i18n import t
from landscape.views.applicants import applicant_list, group_summary

lang = common.lang()
b = common.bundle(lang)
common.header(b, lang, "applicants.title")
st.markdown(t("applicants.intro", lang))

applicants = common.table(b, "applicants")
if applicants is None:
    st.info(t("applicants.missing", lang, map=b.name))
    st.stop()
if applicants.empty:
    st.success(t("applicants.none", lang))
    st.stop()

st.subheader(t("applicants.groups", lang))
groups = views.localise(group_summary(actions.groups_of(b), lang), lang)
st.dataframe(groups, hide_index=True, width="stretch", height=min(38 + 35 * len(groups), 420))
common.downloads(groups, f"{b.name}-groups", lang, "groups", sheet=t("applicants.groups", lang))

names = views.localise(applicant_list(applicants, lang), lang)
with st.expander(t("applicants.all", lang, n=len(names))):
    st.dataframe(names, hide_index=True, width="stretch", height=min(38 + 35 * len(names), 420))
    common.downloads(names, f"{b.name}-applicants", lang, "applicants", sheet=t("page.applicants", lang))

ws = common.workspace()
file = ws / actions.OVERRIDES_FILE
with st.expander(t("applicants.edit", lang)):
    st.caption(t("applicants.edit_help", lang, file=file, map=b.name))
    choices = applicants.sort_values(["count", "applicant"], ascending=[False, True])["applicant"].tolist()
    with st.form("merge_groups", border=False):
        merge = st.multiselect(t("applicants.merge_names", lang), choices, key="grp_merge")
        group = st.text_input(t("applicants.merge_group", lang), key="grp_name", max_chars=200)
        merged = st.form_submit_button(t("applicants.merge", lang))
    with st.form("separate_groups", border=False):
        apart = st.multiselect(t("applicants.separate_names", lang), choices, key="grp_apart")
        separated = st.form_submit_button(t("applicants.separate", lang))
    try:
        if merged and merge and group.strip():
            actions.save_group_overrides(ws, merge={group.strip(): merge})
            st.success(t("applicants.saved", lang, file=file, map=b.name))
        if separated and apart:
            actions.save_group_overrides(ws, separate=apart)
            st.success(t("applicants.saved", lang, file=file, map=b.name))
        overrides = actions.load_group_overrides(ws)
    except (OSError, ValueError) as err:
        st.error(t("applicants.bad_file", lang, error=str(err)))
        overrides = {}
    if overrides:
        preview = actions.preview_groups(b, overrides)
        st.caption(t("applicants.preview", lang))
        st.dataframe(views.localise(group_summary(preview, lang), lang), hide_index=True, width="stretch",
                     height=min(38 + 35 * len(preview), 420))
