"""Subscriptions (订阅推送): the firms that get a digest of the map's news by e-mail; list, add,
edit and delete them (saved to WORKSPACE/subscriptions.toml) and preview one's digest."""
import streamlit as st

from app_pages import common
from landscape.i18n import t
from landscape.push import subscriptions as S
from landscape.views import subscriptions as vs

lang = common.lang()
b = common.bundle(lang)
ws = common.workspace()
common.header(b, lang, "subs.title")
st.caption(t("subs.intro", lang, file=S.subscriptions_path(ws), map=b.name))

try:
    subs = S.read_subscriptions(ws)
except S.SubscriptionError as err:
    st.error(str(err))
    st.stop()

if subs:
    st.dataframe(vs.subscriber_table(subs, lang), hide_index=True, width="stretch")
else:
    st.info(t("subs.none", lang))
for message in st.session_state.pop("subs_done", []):
    st.success(message)

names = [s.name for s in subs]
if "subs_pick_next" in st.session_state:  # after a save or a delete: show the one saved, or a new form
    st.session_state["subs_pick"] = st.session_state.pop("subs_pick_next")
if st.session_state.get("subs_pick") not in [None, *names]:
    st.session_state["subs_pick"] = None
choice = st.selectbox(t("subs.pick", lang), [None, *names], key="subs_pick",
                      format_func=lambda v: t("subs.new", lang) if v is None else v)
current = next((s for s in subs if s.name == choice), None)
start = vs.form_values(current, b.name)
areas = vs.area_options(b.clusters, lang)
branches = vs.branch_options(b.manifest, lang)
k = f"_{names.index(choice)}" if choice in names else "_new"  # each subscriber's form starts from their values

with st.form(key=f"subs_form_{choice}"):
    st.subheader(t("subs.form", lang))
    left, right = st.columns(2)
    values = {"name": left.text_input(t("subs.name", lang), start["name"], key=f"subs_name{k}", max_chars=200),
              "email": right.text_input(t("subs.email", lang), start["email"], key=f"subs_email{k}", max_chars=254)}
    values["lang"] = st.radio(t("subs.lang", lang), ["zh", "en"], index=["zh", "en"].index(start["lang"]),
                              horizontal=True, key=f"subs_lang{k}", format_func=lambda v: t(f"langname.{v}", lang))
    for f in vs.TEXT_FIELDS:
        values[f] = st.text_input(t(f"subs.{f}", lang), start[f], key=f"subs_{f}{k}", max_chars=2000)
    values["areas"] = st.multiselect(t("subs.areas", lang), list(areas), default=[a for a in start["areas"] if a in areas],
                                     format_func=areas.get, key=f"subs_areas{k}", placeholder=t("subs.none_chosen", lang))
    if branches:
        values["branches"] = st.multiselect(t("subs.branches", lang), list(branches), format_func=branches.get,
                                            placeholder=t("subs.none_chosen", lang),
                                            default=[x for x in start["branches"] if x in branches], key=f"subs_branches{k}")
    values["this_map"] = st.checkbox(t("subs.this_map", lang), start["this_map"], key=f"subs_this_map{k}")
    saved = st.form_submit_button(t("subs.save", lang), type="primary", key="subs_save")

if saved:
    try:
        sub = vs.save_form(ws, values, map_name=b.name, areas=list(areas), branches=list(branches) or None,
                           old_name=current.name if current else None)
    except S.SubscriptionError as err:
        st.error(str(err))
    else:
        st.session_state["subs_done"] = [t("subs.saved", lang, name=sub.name)]
        st.session_state["subs_pick_next"] = sub.name
        st.rerun()

if current is not None:
    if current.map and current.map != b.name:
        st.caption(t("subs.other_map", lang, name=current.name, map=current.map))
    if st.button(t("subs.delete", lang), key="subs_delete", icon=":material/delete:"):
        S.remove_subscriber(ws, current.name)
        st.session_state["subs_done"] = [t("subs.deleted", lang, name=current.name)]
        st.session_state["subs_pick_next"] = None
        st.rerun()
    st.divider()
    st.subheader(t("subs.preview", lang, name=current.name))
    try:
        html, text = vs.preview(b, current)
    except vs.DigestError as err:
        st.info(t("subs.preview_missing", lang, error=str(err)))
    else:
        st.html(html)
        with st.expander(t("subs.preview_text", lang)):
            st.code(text, language=None)
