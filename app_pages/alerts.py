"""Early warnings: alerts with the numbers and the patents behind them; the thresholds can be
changed here and the alerts are evaluated again (:func:`landscape.actions.evaluate_alerts`)."""
import json

import pandas as pd
import streamlit as st

from app_pages import common
from landscape import actions, views
from landscape.i18n import STRINGS as _known
from landscape.i18n import t

lang = common.lang()
b = common.bundle(lang)
pts, clusters = b.points, b.clusters
common.header(b, lang, "alerts.title")
st.markdown(t("alerts.intro", lang))

analysed = actions.alert_settings(b)
defaults = analysed["rules"] if analysed else actions.default_alert_rules()


@st.cache_data(show_spinner=False, max_entries=32)
def _evaluate(workspace_dir: str, name: str, stamp: tuple, rules_json: str, home: str, watch: str | None, by: str):
    # The very call `landscape analyse` makes, on the same bundle: same settings, same alerts.
    bundle = common.load_bundle(workspace_dir, name, stamp)
    return actions.evaluate_alerts(bundle, rules=json.loads(rules_json), home=home, watch=watch, by=by)


def _rule_widgets(defaults: dict) -> dict:
    """Number inputs, switches and severities for every rule, keyed ``rule_<rule>_<key>``."""
    rules: dict = {}
    names = list(defaults)
    cols = st.columns(3)
    for i, name in enumerate(names):
        with cols[i % 3].container(border=True):
            st.markdown(f"**{t(f'rule.{name}', lang)}**")
            if f"rule.{name}.help" in _known:
                st.caption(t(f"rule.{name}.help", lang))
            rules[name] = {}
            for key, value in defaults[name].items():
                wkey = f"rule_{name}_{key}"
                label = t(f"rule.key.{key}", lang) if f"rule.key.{key}" in _known else key
                if isinstance(value, bool):
                    rules[name][key] = st.checkbox(label, value=value, key=wkey)
                elif key in actions.SEVERITY_KEYS:
                    options = list(actions.SEVERITIES)
                    rules[name][key] = st.selectbox(label, options, index=options.index(value), key=wkey,
                                                    format_func=lambda s: t(f"severity.{s}", lang))
                elif isinstance(value, int):
                    rules[name][key] = int(st.number_input(label, value=value, step=1, key=wkey))
                elif isinstance(value, float):
                    step = 0.05 if abs(value) <= 5 else 10.0
                    rules[name][key] = float(st.number_input(label, value=value, step=step, key=wkey,
                                                             format="%.2f"))
    return rules

stored = common.table(b, "alerts")
with st.expander(t("alerts.settings", lang), expanded=False, icon=":material/tune:"):
    c1, c2 = st.columns(2)
    home = c1.text_input(t("alerts.home", lang), value=analysed["home"] if analysed else "CN", key="alert_home",
                         help=t("alerts.home_help", lang), max_chars=50)  # an office code or a province
    watched = analysed["watch"] if analysed else None
    names = views.top_applicants(pts, 300)
    options = [None] + ([watched] if watched and watched not in names else []) + names
    watch = c2.selectbox(t("alerts.watch", lang), options, index=options.index(watched), key="alert_watch",
                         format_func=lambda a: t("alerts.watch_none", lang) if a is None else a,
                         help=t("alerts.watch_help", lang))
    rules = _rule_widgets(defaults)
home = (home or "CN").strip()
by = analysed["by"] if analysed else "group"  # as the competitor tables were counted
if analysed is not None and stored is not None and {"home": home, "watch": watch, "by": by,
                                                    "rules": rules} == analysed:
    alerts = stored  # what `landscape analyse` wrote with these very settings
    st.caption(t("alerts.stored", lang))
else:
    try:
        alerts = _evaluate(str(common.workspace()), b.name, common.bundle_stamp(b.path),
                           json.dumps(rules, sort_keys=True), home, watch, by)
        st.caption(t("alerts.live", lang))
    except ValueError as err:
        st.error(t("alerts.bad_settings", lang, error=str(err)))
        alerts = stored

if alerts is None:
    st.info(t("alerts.missing", lang))
    st.code(f"landscape analyse --map {b.name} --workspace {common.workspace()}", language="bash")
    st.stop()

counts = alerts["severity"].value_counts() if "severity" in alerts else pd.Series(dtype=int)
cols = st.columns(4)
cols[0].metric(t("alerts.count", lang), len(alerts))
for col, sev in zip(cols[1:], ("high", "medium", "low")):
    col.metric(t(f"severity.{sev}", lang), int(counts.get(sev, 0)))

if not len(alerts):
    st.success(t("alerts.none", lang))
    st.stop()

table = views.alerts_table(alerts, clusters, lang)
table["kind"] = table["kind"].map(lambda k: t(f"alert.kind.{k}", lang) if f"alert.kind.{k}" in _known else k)
table["severity"] = table["severity"].map(lambda s: t(f"severity.{s}", lang) if f"severity.{s}" in _known else s)
shown = views.localise(table, lang)
st.dataframe(shown, hide_index=True, width="stretch", height=min(38 + 35 * len(shown), 420),
             column_config={t("col.explanation", lang): st.column_config.TextColumn(width="large"),
                            t("col.value", lang): st.column_config.NumberColumn(format="%.2f"),
                            t("col.threshold", lang): st.column_config.NumberColumn(format="%.2f")})
common.downloads(shown, f"{b.name}-alerts", lang, "alerts", sheet=t("page.alerts", lang))

st.divider()
pick = st.selectbox(t("alerts.pick", lang), list(range(len(table))), key="alert_pick",
                    format_func=lambda i: f"{i + 1}. {table['severity'].iloc[i]} · {table['kind'].iloc[i]} · "
                                          f"{table['area'].iloc[i] if 'area' in table else ''}"
                                          f"{' · ' + str(table['applicant'].iloc[i]) if 'applicant' in table else ''}")
row = alerts.iloc[pick]
st.markdown(f"**{table['explanation'].iloc[pick]}**")
ids = list(row["patent_ids"]) if "patent_ids" in alerts and row["patent_ids"] is not None else []
if ids:
    patents = views.patents_table(pts, common.table(b, "documents"), ids=ids)
    st.markdown(t("alerts.patents", lang, n=len(patents)))
    st.dataframe(views.localise(patents, lang), hide_index=True, width="stretch", height=360,
                 column_config={t("col.abstract", lang): st.column_config.TextColumn(width="large")})
