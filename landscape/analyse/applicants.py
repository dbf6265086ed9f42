"""The applicants table: who each applicant is (group, kind, country, home or foreign, which
rule decided the country) and how much it files. A map bundle stores it as
``applicants.parquet``; competitors, alerts, the report and the Excel export read home/foreign
and groups from it, so the answer is decided once.

Counting: ``count`` is the number of the map's patents (rows of points, one per application
by default) that name the applicant; a patent with several applicants counts once for each
("whole counting", as in :mod:`landscape.analyse.competitors`).
"""
from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from landscape.analyse.nationality import applicant_nationality, record_applicants

COLUMNS = ["applicant", "group", "kind", "type", "country", "is_home", "decided_by", "count", "first_year",
           "last_year", "province", "city", "district", "region_from", "type_from", "in_force_share",
           "citations"]
#: The first applicant's place as exports give it: in the points, or in the navigation's facts.
_PLACE_FIELDS = ("applicant_address", "province", "city", "district")
_COUNTRY = re.compile(r"[A-Za-z]{2}")


def _per_applicant(points: pd.DataFrame) -> pd.DataFrame:
    """One row per (record, applicant): ``applicant, year, first`` (first-named applicant)."""
    many = points["applicants"].tolist() if "applicants" in points else [None] * len(points)
    one = points["applicant"].tolist() if "applicant" in points else [None] * len(points)
    names = [record_applicants(m, o) for m, o in zip(many, one)]
    rows = pd.DataFrame({"applicant": names, "row": np.arange(len(points))}).explode("applicant")
    rows = rows[rows["applicant"].notna()]
    rows["first"] = ~rows["row"].duplicated()
    years = pd.to_numeric(points["year"], errors="coerce") if "year" in points else pd.Series(np.nan, index=points.index)
    rows["year"] = years.to_numpy()[rows["row"].to_numpy(dtype=int)]
    return rows


def _most_common(rows: pd.DataFrame, points: pd.DataFrame, column: str) -> pd.Series:
    """The most frequent value of a first-applicant field (province, city) per applicant."""
    if column not in points:
        return pd.Series(dtype=object)
    values = points[column].to_numpy()[rows["row"].to_numpy(dtype=int)]
    known = rows.assign(value=values)[rows["first"].to_numpy()]
    known = known[known["value"].notna() & (known["value"].astype(str).str.strip() != "")]
    if known.empty:
        return pd.Series(dtype=object)
    counts = known.groupby(["applicant", "value"]).size().rename("n").reset_index()
    counts = counts.sort_values(["applicant", "n", "value"], ascending=[True, False, True])
    return counts.drop_duplicates("applicant").set_index("applicant")["value"]


def is_home_country(country: pd.Series, province: pd.Series, home: str) -> pd.Series:
    """Home (True), foreign (False) or not known (NA) for a ``home`` office or province.

    ``home`` is a two-letter code (``CN``) compared with the country, or a province
    (``广东``) compared with the start of the province (``广东省``): an applicant of another
    country is then foreign, one of the home country with no province not known. Hong Kong,
    Macao and Taiwan have their own codes (HK, MO, TW), so with ``home="CN"`` they are not
    domestic, as CNIPA's statistics count them apart (国外及港澳台).
    """
    country = country.astype("string").str.upper()
    if _COUNTRY.fullmatch(home):
        return country.eq(home.upper()).astype("boolean")
    in_province = province.astype("string").str.strip().str.startswith(home).astype("boolean")
    return in_province.mask(country.notna() & country.ne("CN"), False)


def applicants_table(points: pd.DataFrame, *, home: str = "CN", overrides: Mapping | None = None,
                     name_rules: bool = True, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every applicant on the map with its group, kind, country and count.

    Parameters
    ----------
    points : DataFrame
        A map bundle's points table.
    home : str
        The home office (``CN``) or province (``广东``).
    overrides : Mapping, optional
        The user's applicant → group corrections
        (:func:`landscape.analyse.groups.load_group_overrides`).
    name_rules : bool
        Let names decide the country where the data says nothing; see
        :func:`landscape.analyse.nationality.applicant_nationality`.
    facts : DataFrame, optional
        :func:`landscape.analyse.facts.map_facts` for these points (one row per point, same
        order): its first-applicant address and region columns replace the points' own, and
        it gives ``in_force_share`` and ``citations``.

    Returns
    -------
    DataFrame
        :data:`COLUMNS`, largest count first (ties by name). ``is_home`` is NA where the
        country is not known. ``type`` is :func:`landscape.analyse.places.applicant_type` and
        ``type_from`` the rule that decided it. ``province``, ``city``, ``district`` and
        ``region_from`` are :func:`landscape.analyse.places.applicant_place` of the name, the
        country and the most frequent address and region columns given where the applicant is
        named first (exports give them for the first applicant). ``in_force_share``: the share
        of its patents whose legal status is ``active`` among those with a known status;
        ``citations``: the forward citations of its patents (the export's count where it gave
        one, else the workspace records citing them); both NA without ``facts``.
    """
    from landscape.analyse.places import applicant_place, applicant_type_rule
    from landscape.analyse.groups import applicant_groups, applicant_kind

    if home is None or not str(home).strip():
        raise ValueError("home must be an office code such as CN or a province such as 广东")
    rows = _per_applicant(points)
    stats = rows.groupby("applicant").agg(count=("row", "nunique"), first_year=("year", "min"),
                                          last_year=("year", "max"))
    out = applicant_nationality(points, name_rules=name_rules).set_index("applicant").join(stats)
    names = out.index.tolist()
    groups = applicant_groups(names, overrides or {})
    out["group"] = [groups.get(n, n) for n in names]
    out["kind"] = [applicant_kind(n) for n in names]
    rules = [applicant_type_rule(n) for n in names]
    out["type"], out["type_from"] = [r[0] for r in rules], [r[1] for r in rules]
    evidence = facts if facts is not None else points
    given = {f: pd.Series(_most_common(rows, evidence, f), dtype=object).reindex(out.index) for f in _PLACE_FIELDS}
    given = {f: v.where(v.notna(), None) for f, v in given.items()}
    places = pd.DataFrame([applicant_place(n, address=given["applicant_address"][n], province=given["province"][n],
                                           city=given["city"][n], district=given["district"][n], country=c)
                           for n, c in zip(names, out["country"])], index=out.index,
                          columns=["country", "province", "city", "district", "region_from"])
    for col in ("province", "city", "district", "region_from"):
        out[col] = places[col]
    out["in_force_share"], out["citations"] = _facts_figures(rows, facts, out.index)
    if not _COUNTRY.fullmatch(home) and "province" not in points:
        raise ValueError(f"home {home!r} is not a two-letter office code and the points have no "
                         "province column; pass an office code such as CN")
    out["is_home"] = is_home_country(out["country"], out["province"], home).to_numpy()
    out = out.reset_index()
    out["count"] = out["count"].fillna(0).astype("int64")
    for col in ("first_year", "last_year"):
        out[col] = out[col].round().astype("Int64")
    for col in ("country", "province", "city", "district", "region_from"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    out = out.sort_values(["count", "applicant"], ascending=[False, True])
    return out[COLUMNS].reset_index(drop=True)


def _facts_figures(rows: pd.DataFrame, facts: pd.DataFrame | None, index: pd.Index) -> tuple[pd.Series, pd.Series]:
    """Per applicant, the in-force share and citations of its patents (NA without facts)."""
    if facts is None:
        return pd.Series(pd.NA, index=index, dtype="Float64"), pd.Series(pd.NA, index=index, dtype="Int64")
    status = facts["legal_status"].to_numpy(dtype=object)
    given = pd.to_numeric(facts["cited_by_count"], errors="coerce")
    cited = given.fillna(pd.to_numeric(facts["cited_in_store"], errors="coerce")).to_numpy()
    per = rows.drop_duplicates(["applicant", "row"])
    at = per["row"].to_numpy(dtype=int)
    per = per.assign(known=[s in ("active", "pending", "inactive") for s in status[at]],
                     active=status[at] == "active", cited=cited[at])
    sums = per.groupby("applicant").agg(known=("known", "sum"), active=("active", "sum"),
                                        cited=("cited", lambda c: c.sum(min_count=1)))
    share = (sums["active"] / sums["known"].where(sums["known"] > 0)).astype("Float64")
    return share.reindex(index), sums["cited"].round().astype("Int64").reindex(index)


def group_home(table: pd.DataFrame) -> pd.Series:
    """Home (True), foreign (False) or not known (NA) per group: the status that covers most of
    the group's patents among its members whose status is known."""
    known = table[table["is_home"].notna()]
    if known.empty:
        return pd.Series(pd.NA, index=pd.Index(table["group"].unique(), name="group"), dtype="boolean")
    weight = known.assign(home=known["count"].where(known["is_home"].astype(bool), 0))
    sums = weight.groupby("group")[["home", "count"]].sum()
    out = (sums["home"] * 2 > sums["count"]).astype("boolean")
    return out.reindex(pd.Index(table["group"].unique(), name="group"))


GROUP_COLUMNS = ["group", "patents", "members", "country", "is_home"]


def groups_table(applicants: pd.DataFrame | None) -> pd.DataFrame:
    """One row per corporate group, most patents first: its patents (in the map's unit), how many
    applicant names it joins, its country (that of its member with most patents whose country is
    known) and home/foreign status (:func:`group_home`). What the Applicants page lists."""
    if applicants is None or applicants.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(GROUP_COLUMNS, (
            "object", "int64", "int64", "object", "boolean"))})
    home = group_home(applicants)
    # Ties between members broken by name, so the same table always gives the same country.
    country = (applicants.sort_values(["count", "applicant"], ascending=[False, True]).dropna(subset=["country"])
               .drop_duplicates("group").set_index("group")["country"])
    out = (applicants.groupby("group").agg(patents=("count", "sum"), members=("applicant", "nunique"))
           .reset_index().sort_values(["patents", "group"], ascending=[False, True]))
    out["country"] = out["group"].map(country)
    out["is_home"] = out["group"].map(home).astype("boolean")
    return out[GROUP_COLUMNS].reset_index(drop=True)
