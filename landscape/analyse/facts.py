"""The facts a navigation reads about each patent of a map that the map itself does not keep:
inventors, citations, family size, claims, legal status and events, whether it was granted,
PCT filing, and where the
first applicant is (address, province, city, district).

A map's points are one row per counting unit (one application by default); the store keeps
every publication. :func:`map_facts` reads the publications each row stands for (the
``publications`` column of ``documents.parquet``, else the row's own id) and folds them into
one row, so a granted application counts its citations and claims once.

Forward citations come from two places, kept apart: ``cited_by_count`` as the export gave it
(the largest over the row's publications), and ``cited_in_store``, the number of other
records in the workspace whose reference lists (``cites``) name one of the row's
publications. The second only sees citing patents that were imported, and says so wherever
it is shown.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from landscape.map_tables import as_list

#: One row per map point, in the order of the points table.
FACT_COLUMNS = ["id", "inventors", "cited_by_count", "cited_in_store", "cites_count", "family_size",
                "claims_count", "legal_status", "legal_events", "granted", "doc_type", "kind", "country",
                "priority_country", "pct", "filing_date", "publication_date", "applicant_address",
                "province", "city", "district"]

_FIELDS = ("id", "inventors", "cited_by_count", "cites", "cites_count", "family_size", "claims_count",
           "legal_status", "legal_status_raw", "legal_events", "doc_type", "kind", "country", "priority_country",
           "filing_date", "publication_date", "applicant_address", "province", "city", "district")


def members_of(points: pd.DataFrame, documents: pd.DataFrame | None) -> pd.DataFrame:
    """``point`` (row of points) and ``id`` (publication) pairs: the publications each row stands for."""
    pubs = None
    if documents is not None and "publications" in documents:
        pubs = dict(zip(documents["id"], documents["publications"]))
    rows = []
    for i, pid in enumerate(points["id"].tolist()):
        members = as_list(pubs.get(pid)) if pubs else []
        for m in dict.fromkeys([pid, *members]):
            rows.append((i, m))
    return pd.DataFrame(rows, columns=["point", "id"])


def _first_present(values) -> object:
    for v in values:
        if v is not None and not (isinstance(v, float) and np.isnan(v)) and not (isinstance(v, str) and not v.strip()):
            return v
    return None


def _union(lists) -> list:
    return list(dict.fromkeys(x for lst in lists for x in as_list(lst) if x))


def _max_int(values) -> int | None:
    nums = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").dropna()
    return int(nums.max()) if len(nums) else None


def fold_facts(points: pd.DataFrame, members: pd.DataFrame, records: pd.DataFrame,
               cited_in_store: pd.Series | None = None) -> pd.DataFrame:
    """One row of :data:`FACT_COLUMNS` per point, from its publications' records.

    ``records`` holds store rows (columns of the patents table) for the publication ids in
    ``members``; ``cited_in_store`` counts, per publication id, the workspace records citing it.
    Publications are read newest first, so the legal status is the latest one written.
    """
    recs = records[[c for c in _FIELDS if c in records.columns]].copy()
    for col in _FIELDS:
        if col not in recs:
            recs[col] = None
    joined = members.merge(recs, on="id", how="left")
    if "publication_date" in joined:
        joined = joined.sort_values(["point", "publication_date"], ascending=[True, False], na_position="last")
    cited = cited_in_store if cited_in_store is not None else pd.Series(dtype="int64")
    joined["cited_in_store"] = joined["id"].map(cited).fillna(0).astype("int64")
    out = []
    for point, rows in joined.groupby("point", sort=True):
        events = _union(rows["legal_events"])
        ids = rows["id"].tolist()
        out.append({
            "point": point,
            "inventors": _union(rows["inventors"]),
            "cited_by_count": _max_int(rows["cited_by_count"]),
            "cited_in_store": int(rows["cited_in_store"].sum()),
            "cites_count": _max_int(list(rows["cites_count"]) + [len(_union(rows["cites"])) or None]),
            "family_size": _max_int(rows["family_size"]),
            "claims_count": _max_int(rows["claims_count"]),
            "legal_status": _first_present(rows["legal_status"]),
            "legal_events": events,
            "granted": _granted(rows["doc_type"], events, rows["legal_status"], rows["legal_status_raw"]),
            "doc_type": _best_doc_type(rows["doc_type"]),
            "kind": _first_present(rows["kind"]),
            "country": _first_present(rows["country"]),
            "priority_country": _first_present(rows["priority_country"]),
            # A PCT route shows as a WO publication of the application, a WO priority, or a
            # national-phase entry event.
            "pct": any(str(i).startswith("WO") for i in ids) or _first_present(rows["priority_country"]) == "WO"
            or "pct_national_phase" in events,
            "filing_date": _first_present(rows["filing_date"]),
            "publication_date": _first_present(rows["publication_date"]),
            **{c: _first_present(rows[c]) for c in ("applicant_address", "province", "city", "district")},
        })
    table = pd.DataFrame(out).set_index("point").reindex(range(len(points)))
    table.insert(0, "id", points["id"].to_numpy())
    for col in ("inventors", "legal_events"):
        table[col] = [v if isinstance(v, list) else [] for v in table[col]]
    table["pct"] = table["pct"].fillna(False).astype(bool)
    table["granted"] = table["granted"].fillna(False).astype(bool)
    table["cited_in_store"] = table["cited_in_store"].fillna(0).astype("int64")
    for col in ("cited_by_count", "cites_count", "family_size", "claims_count"):
        table[col] = table[col].astype("Int64")
    return table[FACT_COLUMNS].reset_index(drop=True)


#: Raw status words that mean "alive" without saying granted: Orbit and Derwent call pending
#: applications ALIVE, so their ``active`` is no proof of a grant.
_ALIVE_WORDS = ("alive",)


def _granted(doc_types, events: list, statuses, raw_statuses) -> bool:
    """Whether the application was granted: a grant publication, a ``granted`` legal event, or a
    status that means granted and in force (Lens ``ACTIVE``/``PATENTED``, CNIPA 有效 /
    专利权维持 normalise to ``active``; a pending application is never "in force"), except
    where the export's word is only "alive"."""
    if "grant" in set(doc_types.dropna()) or "granted" in events:
        return True
    status, raw = _first_present(statuses), _first_present(raw_statuses)
    return status == "active" and not any(w in str(raw or "").lower() for w in _ALIVE_WORDS)


def _best_doc_type(values) -> str | None:
    """A granted publication makes the row a grant; otherwise the first type written."""
    present = [v for v in values if isinstance(v, str) and v]
    for kind in ("grant", "utility_model", "design", "application"):
        if kind in present:
            return kind
    return present[0] if present else None


def map_facts(store, points: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`fold_facts` for a map's points, reading the publications from the workspace store.

    Parameters
    ----------
    store : landscape.store.Store
        The workspace the map was built from (opened read-only is enough).
    points, documents : DataFrame
        The bundle's points and documents tables.
    """
    members = members_of(points, documents)
    con = store.con
    ids = members["id"].unique().tolist()
    con.register("_facts_ids", pd.DataFrame({"id": ids}))
    try:
        records = con.execute("SELECT p.* FROM patents p JOIN _facts_ids USING (id)").df()
        # Citations received from any imported record: one row per (cited id, citing id).
        cited = con.execute(
            "SELECT c.cited AS id, count(DISTINCT c.citing) AS n FROM "
            "(SELECT id AS citing, unnest(cites) AS cited FROM patents WHERE len(cites) > 0) c "
            "JOIN _facts_ids f ON f.id = c.cited WHERE c.citing <> c.cited GROUP BY 1").df()
    finally:
        con.unregister("_facts_ids")
    return fold_facts(points, members, records, cited.set_index("id")["n"] if len(cited) else None)
