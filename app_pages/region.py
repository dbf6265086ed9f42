"""Region (区域定位): where a region stands in each technology area or branch of the map, how it
compares with the places above it, who leads inside and outside it, its core patents, its
co-applicant network and the development paths, from the tables ``landscape navigate`` wrote."""
import streamlit as st

from app_pages import common
from landscape import views
from landscape.i18n import t
from landscape.present.positions import POSITION_COLOURS, POSITIONS
from landscape.views import region as rg

lang = common.lang()
b = common.bundle(lang)
common.header(b, lang, "region.title")

nav = rg.navigation(b.manifest)
positioning = common.table(b, "positioning")


def choose_region(expanded: bool) -> None:
    """A form that navigates the map for another region (a new version) and reloads the page."""
    from landscape import actions
    from landscape.ingest.base import IngestError
    from landscape.maps import BundleError

    with st.expander(t("region.choose", lang), expanded=expanded):
        with st.form("rg_choose"):
            asked = st.text_input(t("region.choose_field", lang), key="rg_region_text",
                                  help=t("region.choose_help", lang), max_chars=60)
            go = st.form_submit_button(t("region.choose_run", lang))
        if go and asked.strip():
            try:
                with st.spinner(t("region.choose_running", lang, region=asked.strip())):
                    actions.navigate_region(common.workspace(), b.name, asked.strip())
            except (ValueError, BundleError, IngestError) as err:
                st.error(str(err))
                return
            st.rerun()


if nav is None or positioning is None:
    st.info(t("region.missing", lang))
    st.code(f"landscape navigate --map {b.name} --region REGION", language="bash")
    st.caption(t("region.missing_example", lang, map=b.name))
    choose_region(expanded=True)
    st.stop()
choose_region(expanded=False)


def show(df, basename: str, key: str, *, percents=(), signed=(), height: int = 420, sheet: str | None = None):
    """A table with headers in the page's language, fractions as percents, specialisation with
    two decimals, and its downloads (which keep the fractions)."""
    shown = views.localise(df, lang)
    view, config = common.percent_view(shown, [t(f"col.{c}", lang) for c in signed])
    view, more = common.percent_view(view, [t(f"col.{c}", lang) for c in percents], signed=False)
    if "specialisation" in df:
        more[t("col.specialisation", lang)] = st.column_config.NumberColumn(format="%.2f")
    st.dataframe(view, hide_index=True, width="stretch", height=min(38 + 35 * len(view), height),
                 column_config={**config, **more})
    common.downloads(shown, f"{b.name}-{basename}", lang, key, sheet=sheet)


# --------------------------------------------------------------------------- the region
chain = rg.region_chain(nav, lang)
st.subheader(chain[-1][1])
st.markdown(" → ".join(f"**{name}**" if i == len(chain) - 1 else name for i, (_, name) in enumerate(chain)))
if nav.get("at"):
    st.caption(t("region.at", lang, at=str(nav["at"])[:10], level=rg.level_name(chain[-1][0], lang)))
coverage = rg.coverage_rows(nav, lang)
if len(coverage):
    with st.expander(t("region.coverage", lang)):
        st.caption(t("region.coverage_help", lang))
        st.dataframe(views.localise(coverage, lang), hide_index=True, width="stretch")

levels = ["area", "branch"] if rg.has_branches(positioning) else ["area"]
level = st.radio(t("region.level_pick", lang), levels, key="rg_level", horizontal=True,
                 format_func=lambda v: t(f"region.by_{v}", lang)) if len(levels) > 1 else "area"
counts = rg.position_counts(positioning, level)
st.markdown(t(f"region.summary_{level}", lang, n=sum(counts.values())))
for column, position in zip(st.columns(len(POSITIONS)), POSITIONS):
    column.metric(rg.position_word(position, lang), counts[position])
    column.markdown(f"<div style='height:4px;background:{POSITION_COLOURS[position]}'></div>", unsafe_allow_html=True)

# --------------------------------------------------------------------------- specialisation
st.divider()
st.subheader(t("region.chart_title", lang))
st.caption(t("region.chart_help", lang))
bars = rg.specialisation_rows(positioning, b.clusters, b.manifest, lang, level)
st.plotly_chart(rg.specialisation_figure(bars, lang), key="rg_chart", config=common.chart_config(b, "specialisation"))
show(rg.positioning_table(positioning, b.clusters, b.manifest, lang, level), f"positioning-{level}", "rg_positioning",
     signed=["world_growth"], sheet=t("region.table_title", lang))

# --------------------------------------------------------------------------- one area or branch
st.divider()
choices = rg.subject_choices(positioning, level, b.clusters, b.manifest, lang)
subject = st.selectbox(t("region.subject_pick", lang), [None, *choices], key=f"rg_subject_{level}",
                       format_func=lambda v: t("region.subject_all", lang) if v is None else choices[v])
area = subject if level == "area" else None
branch = subject if level == "branch" else None
suffix = "" if subject is None else f"-{subject}"

regions = common.table(b, "regions")
st.subheader(t("region.compare_title", lang))
if regions is None:
    st.caption(t("region.table_missing", lang, table="regions", map=b.name))
else:
    compared = rg.level_comparison(regions, nav, lang, area=area, branch=branch)
    st.caption(t("region.compare_help", lang))
    if compared.empty:
        st.info(t("region.compare_none", lang))
    else:
        show(compared, f"levels{suffix}", "rg_levels", percents=["share"], signed=["growth"])

leaders = common.table(b, "region_applicants")
st.subheader(t("region.leaders_title", lang))
if leaders is None:
    st.caption(t("region.table_missing", lang, table="region_applicants", map=b.name))
else:
    for inside in (True, False):  # one above the other: applicants' names are long
        st.markdown(f"**{t('region.leaders_inside' if inside else 'region.leaders_outside', lang, region=chain[-1][1])}**")
        got = rg.leaders_table(leaders, inside=inside, lang=lang, area=area, branch=branch)
        if got.empty:
            st.caption(t("region.leaders_none", lang))
        else:
            show(got, f"leaders-{'inside' if inside else 'outside'}{suffix}", f"rg_leaders_{inside}",
                 percents=["invention_share"], signed=["growth"], height=390)

core = common.table(b, "core_patents")
st.subheader(t("region.core_title", lang))
if core is None:
    st.caption(t("region.table_missing", lang, table="core_patents", map=b.name))
else:
    formula = rg.value_formula(nav, lang)
    if formula:
        st.caption(t("region.core_formula", lang, formula=formula))
    ids = None
    if branch:
        breakdown = common.table(b, "breakdown")
        ids = breakdown.loc[breakdown["branch"] == branch, "id"] if breakdown is not None else None
    patents = rg.core_patents_table(core, b.points, b.clusters, lang, area=area, ids=ids)
    if patents.empty:
        st.caption(t("region.core_none", lang))
    else:
        show(patents.head(200), f"core-patents{suffix}", "rg_core", height=460)

# --------------------------------------------------------------------------- collaboration
collaboration = common.table(b, "collaboration")
applicants = common.table(b, "applicants")
st.divider()
st.subheader(t("region.graph_title", lang))
if collaboration is None:
    st.caption(t("region.table_missing", lang, table="collaboration", map=b.name))
else:
    st.caption(t("region.graph_help", lang))
    inside_only = st.toggle(t("region.graph_inside_only", lang, region=chain[-1][1]), key="rg_inside_only")
    if branch and "branches" not in collaboration:
        st.caption(t("region.graph_no_branches", lang))
    links = rg.collaboration_links(collaboration, area=area, branch=branch if "branches" in collaboration else None,
                                   inside=rg.inside_names(applicants, leaders, nav), inside_only=inside_only)
    if links.empty:
        st.info(t("region.graph_none", lang))
    else:
        if len(links) > rg.MAX_LINKS:
            st.caption(t("region.graph_top", lang, n=rg.MAX_LINKS, total=len(links)))
        st.plotly_chart(rg.collaboration_figure(links, lang, applicants=applicants), key="rg_graph",
                        config=common.chart_config(b, f"collaboration{suffix}"))
        st.markdown(f"**{t('region.links_title', lang)}**")
        show(rg.links_table(links, lang), f"collaboration{suffix}", "rg_links", height=390)

inventors = common.table(b, "inventors")
if inventors is not None and len(inventors):
    with st.expander(t("region.inventors_title", lang)):
        show(rg.inventors_table(inventors, nav, b.clusters, lang), "inventors", "rg_inventors")

# --------------------------------------------------------------------------- development paths
recommendations = common.table(b, "recommendations")
st.divider()
st.subheader(t("region.recs_title", lang))
if recommendations is None or recommendations.empty:
    st.caption(t("region.recs_none", lang))
else:
    recs = rg.recommendations_table(recommendations, b.clusters, b.manifest, lang)
    for kind, part in recs.groupby("kind", sort=False):
        st.markdown(f"**{kind}**")
        st.markdown("\n".join(f"- {t('region.rec_line', lang, subject=s, text=text) if s else text}"
                               for s, text in zip(part["subject"], part["text"])))
    common.downloads(views.localise(recs, lang), f"{b.name}-recommendations", lang, "rg_recs",
                     sheet=t("region.recs_title", lang))
