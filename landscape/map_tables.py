"""The tables of a map bundle, assembled from the stages' outputs (no algorithms here
beyond counting): points, documents, areas (``clusters``) and topics."""
from __future__ import annotations

import hashlib
from collections import Counter

import numpy as np
import pandas as pd

from landscape.embed.base import text_hash
from landscape.rules.growth import growth
from landscape.rules.years import last_complete_from_years

def input_hash(records: pd.DataFrame, texts: list[str]) -> str:
    """One hash of the ids and texts a map was built from (same input, same hash)."""
    h = hashlib.sha256()
    for pid, text in zip(records["id"], texts):
        h.update(f"{pid}\t{text_hash(text)}\n".encode())
    return h.hexdigest()


def as_list(values) -> list:
    """A list cell as a Python list (DuckDB and Parquet hand back numpy arrays, None or NaN for
    missing; a lone string is a one-item list)."""
    if values is None or isinstance(values, float):
        return []
    if isinstance(values, str):
        return [values]
    return list(values)


def _first(values) -> str | None:
    values = as_list(values)
    return values[0] if values else None


def points_table(records: pd.DataFrame, xy: np.ndarray, clustering) -> pd.DataFrame:
    """One row per patent: where it lies on the map and what it belongs to."""
    codes = [list(dict.fromkeys(as_list(i) + as_list(c))) for i, c in zip(records["ipc"], records["cpc"])]
    return pd.DataFrame({
        "id": records["id"].to_numpy(),
        "title": records["title"].fillna("").to_numpy(),
        "x": xy[:, 0].astype(np.float32),
        "y": xy[:, 1].astype(np.float32),
        "cluster": clustering.cluster,
        "area": clustering.area,
        "topic": clustering.topic,
        "year": records["year"].astype("Int32").to_numpy(),
        "applicant": [_first(a) for a in records["applicants_norm"]],
        "applicants": [as_list(a) for a in records["applicants_norm"]],
        "country": records["country"].to_numpy(),
        "lang": records["lang"].to_numpy(),
        "doc_type": records["doc_type"].to_numpy(),
        "codes": codes,
        **_origin_evidence(records),
    })


def _origin_evidence(records: pd.DataFrame) -> dict[str, list]:
    """What says where each applicant comes from (read by ``landscape.analyse.nationality``):
    the names as written (legal forms), the applicants' countries, the first applicant's
    address, province and city, the priority country and the family's first office."""
    def column(name: str) -> list:
        return records[name].tolist() if name in records else [None] * len(records)

    def text(name: str) -> list:
        return [v if isinstance(v, str) and v.strip() else None for v in column(name)]

    return {"applicants_written": [as_list(a) for a in column("applicants")],
            "applicant_countries": [as_list(a) for a in column("applicant_countries")],
            **{name: text(name) for name in ("applicant_address", "province", "city", "priority_country",
                                             "first_office")}}


def documents_table(records: pd.DataFrame) -> pd.DataFrame:
    """What a reader of the map needs to read a patent (the app shows it; the store stays closed),
    with, where the records have them, the application number and the publications a row
    stands for (``units.one_per_unit``: an application's A and B publications are one row)."""
    cols = ["id", "title", "abstract", "applicants", "country", "filing_date", "priority_date",
            "publication_date", "ipc", "cpc", "doc_type", "legal_status", "lang", "sources"]
    out = records[cols + [c for c in ("application_number", "publications") if c in records.columns]].copy()
    for c in ("applicants", "ipc", "cpc", "sources", "publications"):
        if c in out:
            out[c] = [as_list(v) for v in out[c]]
    return out


def group_table(labels: pd.DataFrame, points: pd.DataFrame, key: str, n_applicants: int = 5, *,
                last_complete: int | None = None) -> pd.DataFrame:
    """Labels plus size, years, growth and top applicants for each area or topic (``key``).

    ``growth`` and ``trend`` are :func:`landscape.rules.growth.growth` of the members' years
    up to ``last_complete`` (the map's time window): the yearly growth (NaN when too few)
    and the status read from it. An area's growth counts its patents as every analysis does
    (``points["area"]``: with the unassigned patents nearest to it), so it is the trend
    summary's figure to the digit.
    """
    counted = "area" if key == "cluster" and "area" in points else key
    known = points["year"].dropna()
    if last_complete is None:
        last_complete = last_complete_from_years(known)
    first_year = int(known.min()) if len(known) else None
    # Rows of each group found once (groupby), from the few columns read here: a boolean mask
    # over the whole table per group is O(patents x groups), which grows with the square of
    # the map (300k patents, 502 topics: 2.4 s -> 0.6 s, same table; a 1M map has thousands).
    slim = points[list(dict.fromkeys([key, counted, "year", "applicant", "x", "y"]))]
    none = np.array([], dtype=np.int64)
    member_rows = slim.groupby(key, sort=False).indices
    counted_rows = member_rows if counted == key else slim.groupby(counted, sort=False).indices
    rows = []
    for _, lab in labels.iterrows():
        members = slim.iloc[member_rows.get(lab["cluster"], none)]
        apps = Counter(a for a in members["applicant"] if isinstance(a, str) and a)
        years = members["year"].dropna()
        rows.append({
            "id": int(lab["cluster"]),
            **_growth_columns(growth(slim["year"].iloc[counted_rows.get(lab["cluster"], none)], last_complete,
                                     first_year=first_year)),
            "first_year": int(years.min()) if len(years) else None,
            "last_year": int(years.max()) if len(years) else None,
            "top_applicants": [{"applicant": a, "count": c} for a, c in
                               sorted(apps.items(), key=lambda kv: (-kv[1], kv[0]))[:n_applicants]],
            "x": float(members["x"].median()) if len(members) else None,
            "y": float(members["y"].median()) if len(members) else None,
        })
    extra = pd.DataFrame(rows)
    out = labels.rename(columns={"cluster": "id"}).merge(extra, on="id")
    return out


def _growth_columns(g) -> dict:
    return {"growth": g.rate, "trend": g.status}
