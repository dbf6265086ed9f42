"""``landscape navigate``: a map's regional navigation (专利导航, GB/T 39551 part 3), composed from
the analyses in ``landscape.analyse`` and published as a new version of the map.

The order: per-patent facts from the store (:mod:`landscape.analyse.facts`) → applicants with
their place and type (:mod:`landscape.analyse.applicants`, :mod:`landscape.analyse.places`) →
where each patent is (its first applicant's place) → the region's chain of levels → positioning
(:mod:`landscape.analyse.regions`) → innovators, collaboration and core patents
(:mod:`landscape.analyse.inventors`, :mod:`~landscape.analyse.network`,
:mod:`~landscape.analyse.value`) → the development path (:mod:`landscape.analyse.recommend`).
No algorithm lives here. The tables are described in ``docs/navigation.md``.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

#: The facts whose coverage the method section states (share of the map's patents having it).
COVERAGE_FIELDS = ("place", "type", "inventors", "legal_status", "citations", "family_size", "claims_count",
                   "doc_type")


def point_places(points: pd.DataFrame, applicants: pd.DataFrame) -> pd.DataFrame:
    """Where each patent is: its first applicant's country, province, city and district."""
    cols = ["country", "province", "city", "district"]
    table = applicants.drop_duplicates("applicant").set_index("applicant")
    table = table[[c for c in cols if c in table]].reindex(columns=cols)
    return table.reindex(points["applicant"].tolist()).reset_index(drop=True)


def coverage(facts: pd.DataFrame, places: pd.DataFrame, types: pd.Series) -> dict[str, float]:
    """Share of patents that have each navigation field (the method section says it)."""
    n = max(len(facts), 1)
    known = {
        "place": places["province"].notna() | places["country"].notna(),
        "type": types.notna() & types.ne("unknown"),
        "inventors": facts["inventors"].map(len) > 0,
        "legal_status": facts["legal_status"].notna() & facts["legal_status"].ne("unknown"),
        "citations": facts["cited_by_count"].notna() | (facts["cited_in_store"] > 0),
        "family_size": facts["family_size"].notna(),
        "claims_count": facts["claims_count"].notna(),
        "doc_type": facts["doc_type"].notna(),
    }
    return {k: round(float(v.sum()) / n, 4) for k, v in known.items()}


def region_names(region, asked: str) -> list[str]:
    """The names a region answers to (``report --region`` accepts any): as asked, official,
    short (广州 for 广州市), and a country's names in both languages (CN, China, 中国)."""
    from landscape.analyse.places import resolve_region

    names = {asked.strip(), region.name, str(region.code or "")}
    if region.level in ("province", "city", "district"):
        for cut in range(1, 4):  # 广州市 -> 广州; 内蒙古自治区 -> 内蒙古
            short = region.name[:-cut]
            if len(short) >= 2 and _answers(resolve_region, short, region.name):
                names.add(short)
    if region.level == "country":
        names.update({"中国", "China"} if region.name == "CN" else set())
    return sorted(n for n in names if n)


def _answers(resolve, text: str, name: str) -> bool:
    try:
        return resolve(text).name == name
    except ValueError:
        return False


def _names(bundle) -> dict:
    """("area", id) / ("branch", id) -> {"en", "zh"}: the names suggestions are written with."""
    from landscape.present.names import area_labels

    out = {}
    if len(bundle.clusters):
        en, zh = area_labels(bundle.clusters, "en"), area_labels(bundle.clusters, "zh")
        out.update({("area", a): {"en": en.get(a, str(a)), "zh": zh.get(a, str(a))} for a in en})
    for b in ((bundle.manifest.get("breakdown") or {}).get("taxonomy") or {}).get("branches") or []:
        out[("branch", b["id"])] = {"en": b.get("name_en") or b["id"], "zh": b.get("name_zh") or b["id"]}
    return out


def navigate(workspace: Path, name: str, region_text: str, *, province: str | None = None,
             home: str | None = None) -> dict:
    """Compute map ``name``'s navigation for ``region_text`` and publish it as a new version.

    Returns the tables by name plus ``"navigation"`` (the manifest note).
    """
    from landscape.analyse.applicants import applicants_table
    from landscape.analyse.facts import map_facts
    from landscape.analyse.groups import load_group_overrides
    from landscape.analyse.inventors import inventor_teams, inventors_table
    from landscape.analyse.network import collaboration_links, network_summary
    from landscape.analyse.places import in_region, region_chain, resolve_region
    from landscape.analyse.recommend import development_path
    from landscape.analyse.regions import group_places, local_applicants, positioning_table, region_applicants, regions_table
    from landscape.analyse.value import citation_agreement, core_patents, value_scores
    from landscape.maps import read_bundle, update_bundle
    from landscape.rules.years import TimeWindow
    from landscape.store import Store

    # A province narrows an ambiguous city or district name: "吉林省" + "朝阳区" is read as one place.
    region = resolve_region(f"{province}{region_text}" if province else region_text)
    bundle = read_bundle(workspace, name)
    points, documents = bundle.points, bundle.table("documents")
    window = TimeWindow.from_manifest(bundle.manifest, years=points["year"])
    last, first = window.last_complete_year, window.first_year
    with Store.open(workspace, read_only=True) as store:
        facts = map_facts(store, points, documents)
    analysed_home = home or (bundle.manifest.get("analysis") or {}).get("home") or "CN"
    applicants = applicants_table(points, home=analysed_home, overrides=load_group_overrides(workspace), facts=facts)
    places = point_places(points, applicants)
    chain = region_chain(region)
    levels = [(r.level, r.name, in_region(places, r)) for r in chain]
    inside = levels[-1][2]
    breakdown = bundle.table("breakdown")
    branches = pd.DataFrame(((bundle.manifest.get("breakdown") or {}).get("taxonomy") or {}).get("branches") or [])
    if breakdown is None or branches.empty:
        breakdown, branches = None, None
    regions = regions_table(points, facts, levels, breakdown=breakdown, branches=branches,
                            last_complete=last, first_year=first)
    positioning = positioning_table(regions, region.level, region=region.name,
                                    local=local_applicants(points, inside, breakdown=breakdown))
    # The region's own applicants are those located there, not every co-applicant of its patents.
    located = group_places(applicants)
    inside_groups = set(located.index[in_region(located.reset_index(drop=True), region).to_numpy()])
    leaders = region_applicants(points, applicants, inside, breakdown=breakdown, last_complete=last, first_year=first,
                                inside_groups=inside_groups)
    groups = dict(zip(applicants["applicant"], applicants["group"]))
    # An inventor's region is named at the chosen region's level, so the report and the page can
    # tell the region's own inventors from the others.
    level_place = places[region.level] if region.level in places else pd.Series("world", index=places.index)
    inventors = inventors_table(points, facts, last_complete=last, groups=groups, places=level_place.tolist())
    teams = inventor_teams(points, facts, groups=groups)
    links = collaboration_links(points, applicants)
    # Which side of each link is one of the region's own groups (the report keeps those links).
    links["a_inside"] = links["a"].isin(inside_groups)
    links["b_inside"] = links["b"].isin(inside_groups)
    # Citations per year are counted up to the data's cut-off, not to today.
    as_of = int(window.cutoff[:4]) if window.cutoff else (window.last_year or dt.date.today().year)
    scores = value_scores(points, facts, as_of_year=as_of)
    core = core_patents(scores)
    inside_names = set(applicants.loc[in_region(applicants, region), "applicant"])
    # 产学研 partners: universities and institutes (by their group's main member) of the region's
    # own country, where a firm there could reach them.
    academic = located[located["type"].isin(["university", "institute"])]
    if region.level != "world":
        academic = academic[academic["country"] == region.country]
    path = development_path(positioning, leaders, regions, region=region.name, level=region.level,
                            names=_names(bundle), points=points, applicants=applicants, inventors=inventors,
                            inside_applicants=inside_names, academic_groups=set(academic.index))
    types = applicants.set_index("applicant")["type"].reindex(points["applicant"].tolist()).reset_index(drop=True)
    note = {
        "region": {"name": region.name, "level": region.level, "code": region.code, "asked": region_text,
                   "names": region_names(region, region_text),
                   "chain": [[r.level, r.name] for r in chain]},
        "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "patents_in_region": int(inside.sum()),
        "counted_by": "first applicant",
        "coverage": coverage(facts, places, types),
        "value": {**scores.attrs.get("formula", {}), "agreement": citation_agreement(scores, facts)},
        "network": network_summary(links),
        "positions": positioning["position"].value_counts().to_dict(),
    }
    tables = {"applicants": applicants, "regions": regions, "positioning": positioning,
              "region_applicants": leaders, "inventors": inventors, "inventor_teams": teams,
              "collaboration": links, "core_patents": core, "patent_values": scores, "recommendations": path}
    update_bundle(workspace, name, tables=tables, manifest={"navigation": note})
    return {**tables, "navigation": note}
