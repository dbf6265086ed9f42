"""Technology breakdown (技术分解): the analyst's branches with their patents (a sunburst and a
table), one branch's patents on the map with its yearly counts, applicants and areas, its
precision and recall, and the check itself: draw a sample, mark it, score it into the map."""
import streamlit as st

from app_pages import common
from landscape import actions, views
from landscape.breakdown.bundle import bundle_branches
from landscape.i18n import t
from landscape.maps import BundleError
from landscape.rules.years import TimeWindow
from landscape.views import breakdown as bd

lang = common.lang()
b = common.bundle(lang)
pts = b.points
common.header(b, lang, "breakdown.title")

breakdown = common.table(b, "breakdown")
try:
    branches = bundle_branches(b)
except BundleError:
    branches = None
if branches is None or breakdown is None:
    st.info(t("breakdown.missing", lang))
    st.code(f"landscape breakdown --map {b.name} --taxonomy corpora/breakdowns/….toml", language="bash")
    st.stop()

st.markdown(t("breakdown.intro", lang))
tree = bd.branch_tree(branches, breakdown, lang)
unassigned = bd.unassigned_count(breakdown)
notes = (b.manifest.get("breakdown") or {}).get("taxonomy") or {}
st.markdown(t("breakdown.summary", lang, name=notes.get(f"name_{lang}") or notes.get("name_en") or "",
              branches=len(tree), assigned=int(breakdown["id"].nunique()) - unassigned, unassigned=unassigned))

left, right = st.columns([1, 1])
with left:
    clicked = st.plotly_chart(bd.sunburst_figure(tree, lang), key="bd_sunburst", on_select="rerun",
                              selection_mode="points", config=common.chart_config(b, "breakdown"))
    st.caption(t("breakdown.click", lang))
# A click on a slice chooses that branch below, once per click (the click stays in the chart's
# state, and the list may be changed after it).
picked = next((p.get("id") for p in (clicked.selection.points if clicked else []) if p.get("id") in set(tree["id"])),
              None)
if picked != st.session_state.get("bd_clicked"):
    st.session_state["bd_clicked"] = picked
    if picked:
        st.session_state["bd_branch"] = picked
summary = common.table(b, "branch_summary")
with right:
    st.subheader(t("breakdown.branches", lang))
    if summary is not None:
        overview = bd.summary_table(summary, tree)
    else:
        overview = tree.assign(name=[bd.INDENT * (lvl - 1) + n for lvl, n in zip(tree["level"], tree["name"])])[
            ["name", "level", "patents"]]
    overview = bd.localise_branch_table(overview, lang)
    view, pct = common.percent_view(overview, [t("bd.col.growth", lang)])
    view, shares = common.percent_view(view, [t("bd.col.share", lang), t("bd.col.home_share", lang)], signed=False)
    st.dataframe(view, hide_index=True, width="stretch", height=min(38 + 35 * len(view), 460),
                 column_config={**pct, **shares})
    common.downloads(overview, f"{b.name}-breakdown", lang, "bd_branches", sheet=t("page.breakdown", lang))
if summary is None:
    st.caption(t("breakdown.rerun", lang, map=b.name))

# --------------------------------------------------------------------------- one branch
st.divider()
# The last choice, "" (unassigned), lists the patents in no branch: what the breakdown missed, or left out.
branch = st.selectbox(t("breakdown.pick", lang), tree["id"].tolist() + [""], key="bd_branch",
                      format_func=lambda x: bd.branch_label(tree, x) if x else
                      t("breakdown.unassigned", lang, n=unassigned))
members = bd.branch_mask(pts, breakdown, branch)
if branch:
    st.subheader(tree.set_index("id").at[branch, "name"])
    st.markdown(tree.set_index("id").at[branch, "description"])
else:
    st.subheader(t("breakdown.unassigned", lang, n=unassigned))
    st.markdown(t("breakdown.unassigned_help", lang))
st.markdown(f"**{t('bd.col.patents', lang)}:** {int(members.sum()):,}")
if members.any():
    st.caption(t("breakdown.on_map", lang, n=int(members.sum())))
    st.plotly_chart(views.map_figure(pts, b.clusters, lang, highlight=members, height=520,
                                     others=t("breakdown.others", lang)),
                    key="bd_map", config=common.chart_config(b, f"breakdown-{branch}"))
else:
    st.info(t("breakdown.none_here", lang))

years = bd.branch_rows(common.table(b, "branch_years"), branch, sort="year")
applicants = bd.branch_rows(common.table(b, "branch_applicants"), branch, sort="rank")
areas = bd.branch_rows(common.table(b, "branch_areas"), branch)
if summary is not None and years is None and applicants is None and areas is None:
    st.caption(t("breakdown.rerun", lang, map=b.name))  # (without any, it is said once above)
if years is not None and len(years):
    st.markdown(f"**{t('breakdown.years', lang)}**")
    window = TimeWindow.from_manifest(b.manifest, years=pts["year"])
    st.plotly_chart(views.year_bar_figure(years.rename(columns={"patents": "count"}), window.last_complete_year,
                                          lang, basis=window.year_basis),
                    key="bd_years", config=common.chart_config(b, f"breakdown-{branch}-years"))
if applicants is not None and len(applicants):
    st.markdown(f"**{t('breakdown.applicants', lang)}**")
    shown = bd.localise_branch_table(applicants, lang)
    view, pct = common.percent_view(shown, [t("bd.col.share", lang)], signed=False)
    st.dataframe(view, hide_index=True, width="stretch", height=min(38 + 35 * len(view), 360), column_config=pct)
    common.downloads(shown, f"{b.name}-breakdown-{branch}-applicants", lang, "bd_applicants")
if areas is not None and len(areas):
    st.markdown(f"**{t('breakdown.areas', lang)}**")
    labels = views.area_labels(b.clusters, lang)
    named = areas.assign(area=[labels.get(a, str(a)) for a in areas["area"]])
    shown = bd.localise_branch_table(named, lang)
    view, pct = common.percent_view(shown, [t("bd.col.share", lang)], signed=False)
    st.dataframe(view, hide_index=True, width="stretch", height=min(38 + 35 * len(view), 360), column_config=pct)
    common.downloads(shown, f"{b.name}-breakdown-{branch}-areas", lang, "bd_areas")

branch_alerts = bd.branch_rows(common.table(b, "branch_alerts"), branch)
near = bd.branch_rows(common.table(b, "branch_white_spaces"), branch)
if branch and common.table(b, "alerts") is None and common.table(b, "white_spaces") is None:
    st.caption(t("breakdown.not_analysed", lang, map=b.name))
if branch_alerts is not None and len(branch_alerts):
    st.markdown(f"**{t('breakdown.alerts', lang)}** ({len(branch_alerts)})")
    st.caption(t("breakdown.alerts_help", lang))
    shown = views.localise(views.alerts_table(branch_alerts, b.clusters, lang), lang)
    st.dataframe(shown, hide_index=True, width="stretch", height=min(38 + 35 * len(shown), 360))
    common.downloads(shown, f"{b.name}-breakdown-{branch}-alerts", lang, "bd_alerts")
if near is not None and len(near):
    st.markdown(f"**{t('breakdown.white_spaces', lang)}**")
    st.caption(t("breakdown.white_spaces_help", lang))
    shown = views.localise(bd.branch_white_spaces_table(near, lang), lang)
    st.dataframe(shown, hide_index=True, width="stretch", height=min(38 + 35 * len(shown), 360))
    common.downloads(shown, f"{b.name}-breakdown-{branch}-white-spaces", lang, "bd_white_spaces")

with st.expander(t("breakdown.patents", lang) + f" ({int(members.sum()):,})"):
    patents = views.localise(views.patents_table(pts, None, mask=members), lang)
    st.dataframe(patents.head(1000), hide_index=True, width="stretch", height=360)
    common.downloads(patents, f"{b.name}-breakdown-{branch}-patents", lang, "bd_patents")

# --------------------------------------------------------------------------- precision and recall
st.divider()
st.subheader(t("breakdown.quality", lang))
quality = bd.quality_table(b.manifest, tree)
if quality is None:
    st.info(t("breakdown.not_checked", lang))
else:
    checked = b.manifest["breakdown_quality"]
    st.caption(t("breakdown.quality_note", lang, marked=int(checked.get("marked") or 0),
                 file=checked.get("checked_file", ""), confidence=float(checked.get("confidence") or 0.95)))
    shown = bd.localise_branch_table(quality, lang)
    view, pct = common.percent_view(shown, [t(f"bd.col.{c}", lang) for c in bd.QUALITY_COLUMNS[3:]
                                            if not c.endswith("marked")], signed=False)
    st.dataframe(view, hide_index=True, width="stretch", height=min(38 + 35 * len(view), 460), column_config=pct)
    common.downloads(shown, f"{b.name}-breakdown-quality", lang, "bd_quality")

ws = common.workspace()
sheet = actions.breakdown_check_file(ws, b.name)
with st.expander(t("breakdown.check", lang), expanded=quality is None):
    st.caption(t("breakdown.check_help", lang, file=sheet))
    with st.form("bd_draw", border=False):
        cols = st.columns(3)
        per_branch = cols[0].number_input(t("breakdown.per_branch", lang), 1, 500, 20, key="bd_per_branch")
        not_assigned = cols[1].number_input(t("breakdown.not_assigned", lang), 0, 2000, 50, key="bd_not_assigned")
        seed = cols[2].number_input(t("breakdown.seed", lang), 0, 2**31 - 1, 42, key="bd_seed")
        draw = st.form_submit_button(t("breakdown.draw", lang))
    try:
        if draw:
            rows, _, kept = actions.new_breakdown_check(ws, b, per_branch=int(per_branch),
                                                        not_assigned=int(not_assigned), seed=int(seed))
            st.session_state.pop("bd_marks", None)  # the editor starts from the new sheet
            st.success(t("breakdown.drawn", lang, n=len(rows), file=sheet))
            if kept is not None:
                st.info(t("breakdown.kept", lang, file=kept))
        rows, drawn_from = actions.load_breakdown_check(sheet) if sheet.exists() else (None, None)
    except (BundleError, actions.CheckSheetError, OSError) as err:
        st.error(t("breakdown.bad_sheet", lang, error=str(err)))
        rows, drawn_from = None, None
    if rows is not None:
        marked = int(rows["correct"].map(lambda v: v not in (None, "")).sum())
        st.markdown(t("breakdown.sheet", lang, marked=marked, n=len(rows)))
        rows["correct"] = rows["correct"].map(lambda v: "" if v is None else str(v))
        edited = st.data_editor(
            rows, key="bd_marks", hide_index=True, width="stretch", height=420,
            column_order=("correct", f"branch_{lang}", "why", "id", "title", "abstract", "codes", "applicant", "year"),
            disabled=[c for c in rows.columns if c != "correct"],
            column_config={"correct": st.column_config.TextColumn(help="y / n", width="small"),
                           "abstract": st.column_config.TextColumn(width="large")})
        buttons = st.container(horizontal=True)
        save = buttons.button(t("breakdown.save", lang), key="bd_save")
        score = buttons.button(t("breakdown.score", lang), key="bd_score", type="primary")
        try:
            if save or score:
                actions.save_breakdown_check(sheet, edited, drawn_from)
                st.session_state.pop("bd_marks", None)
                st.success(t("breakdown.saved", lang, file=sheet))
            if score:
                _, figures = actions.score_breakdown_check(ws, b.name, sheet)
                st.success(t("breakdown.scored", lang, marked=figures["marked"]))
                st.rerun()
        except (BundleError, actions.CheckSheetError, OSError) as err:
            st.error(t("breakdown.bad_sheet", lang, error=str(err)))
