"""A patent value score anyone can recompute by hand, and each area's core patents.

The formula
-----------
Each part is put on a 0–1 scale inside the map, so units do not matter, then the parts are
added with weights (:class:`ValueWeights`)::

    value = Σ weight(part) × score(part) / Σ weight(parts used)

=====================  ======  ==========================================================
part                   weight  score
=====================  ======  ==========================================================
citations per year     0.40    percentile in the map of forward citations ÷ years since
                               filing (the filing year counts as one year)
family size            0.20    percentile in the map of the family size
claims                 0.15    percentile in the map of the number of claims
legal status           0.15    active 1, pending 0.5, inactive 0
granted                0.10    1 for a grant (or a utility model or design: registered
                               rights, though unexamined), 0 for an application
=====================  ======  ==========================================================

- A **percentile** is the share of the map's other patents with a smaller value, ties
  counting half: the least cited patent gets 0, the most cited 1, and a part where every
  patent is equal gives everyone 0.5.
- A patent without a value for a part, or with an ``unknown`` legal status, scores 0.5 on
  it: neutral, neither raised nor lowered.
- A part the export does not carry (fewer than :data:`MIN_COVERAGE` of the patents have it)
  is left out and the other weights are renormalised to sum to 1; :func:`value_formula`
  says which parts were used, with which weights, and it goes into
  ``manifest.navigation.value``.
- **Citations**: ``cited_by_count`` as the export gives it, where at least
  :data:`MIN_COVERAGE` of the patents have it; else ``cited_in_store``, the citing records
  imported into the workspace, which sees only those (the formula names the source), used
  only where at least :data:`MIN_COVERAGE` of the map's own patents carry reference lists;
  else none. The two are never mixed in one map, since they count different things.

The score ranks patents within one map; it is not a price, and it favours what the export
shows (an export without citations ranks on the other parts only).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

#: Columns of ``core_patents.parquet`` (and of :func:`value_scores`).
COLUMNS = ["id", "area", "value", "rank_in_area", "citations_per_year", "family_size", "claims",
           "legal", "granted"]
#: The share of a map's patents that must carry a part for it to be used.
MIN_COVERAGE = 0.2
#: The score of each legal status; any other (``unknown``, missing) is neutral.
LEGAL_SCORES = {"active": 1.0, "pending": 0.5, "inactive": 0.0}
#: Document types that are registered rights.
GRANTED_TYPES = ("grant", "utility_model", "design")
NEUTRAL = 0.5


@dataclass(frozen=True)
class ValueWeights:
    """The weight of each part of the value score (renormalised over the parts used)."""

    citations: float = 0.40
    family_size: float = 0.20
    claims: float = 0.15
    legal: float = 0.15
    granted: float = 0.10


def _coverage(values: pd.Series) -> float:
    return float(values.notna().mean()) if len(values) else 0.0


def citation_source(facts: pd.DataFrame, *, min_coverage: float = MIN_COVERAGE) -> str | None:
    """Which citation count the score reads: ``cited_by_count``, ``cited_in_store`` or None."""
    if "cited_by_count" in facts and _coverage(pd.to_numeric(facts["cited_by_count"], errors="coerce")) >= min_coverage:
        return "cited_by_count"
    # Counting citations among imported records means something only where the map's own
    # records carry their reference lists: the citation network is then observed inside the map.
    # A few stray citing records (another export's references) would otherwise weigh 40 %.
    with_refs = pd.to_numeric(facts["cites_count"], errors="coerce").fillna(0) > 0 if "cites_count" in facts else None
    if "cited_in_store" in facts and with_refs is not None and float(with_refs.mean()) >= min_coverage \
            and (pd.to_numeric(facts["cited_in_store"], errors="coerce").fillna(0) > 0).any():
        return "cited_in_store"
    return None


def _raw_parts(facts: pd.DataFrame, years: pd.Series, as_of_year: int, source: str | None) -> pd.DataFrame:
    """The parts as a reader sees them (citations per year, counts, status words, granted)."""
    n = len(facts)
    nan = pd.Series(np.nan, index=facts.index)
    cites = pd.to_numeric(facts[source], errors="coerce") if source else nan
    age = (as_of_year - years + 1).clip(lower=1)
    legal = facts["legal_status"] if "legal_status" in facts else pd.Series([None] * n, index=facts.index)
    doc = facts["doc_type"] if "doc_type" in facts else pd.Series([None] * n, index=facts.index)
    # An invention counts as granted as the facts decide it (a grant publication, a granted event,
    # a status meaning in force); utility models and designs are registered rights.
    decided = facts["granted"] if "granted" in facts else pd.Series(False, index=facts.index)
    granted = pd.array([None if not isinstance(d, str) or not d else (d in GRANTED_TYPES or bool(g))
                        for d, g in zip(doc, decided)], dtype="boolean")
    return pd.DataFrame({
        "citations_per_year": (cites / age).astype(float),
        "family_size": pd.to_numeric(facts["family_size"], errors="coerce").astype("Int64") if "family_size" in facts
        else pd.array([pd.NA] * n, dtype="Int64"),
        "claims": pd.to_numeric(facts["claims_count"], errors="coerce").astype("Int64") if "claims_count" in facts
        else pd.array([pd.NA] * n, dtype="Int64"),
        "legal": [v if isinstance(v, str) and v else None for v in legal],
        "granted": granted,
    }, index=facts.index)


def _parts_used(raw: pd.DataFrame, source: str | None, min_coverage: float) -> list[str]:
    used = []
    if source is not None:
        used.append("citations")
    for part, column in (("family_size", "family_size"), ("claims", "claims")):
        if _coverage(raw[column]) >= min_coverage:
            used.append(part)
    if raw["legal"].isin(list(LEGAL_SCORES)).mean() >= min_coverage:
        used.append("legal")
    if _coverage(raw["granted"]) >= min_coverage:
        used.append("granted")
    return used


def percentile(values: pd.Series) -> pd.Series:
    """The share of the other patents with a smaller value, ties counting half (0–1); missing
    values stay missing. One value alone, or all equal, is 0.5."""
    x = pd.to_numeric(values, errors="coerce").astype(float)
    n = int(x.notna().sum())
    if n <= 1:
        return pd.Series(np.where(x.notna(), NEUTRAL, np.nan), index=values.index)
    return (x.rank(method="average") - 1) / (n - 1)


def _formula(used: list[str], source: str | None, weights: ValueWeights) -> dict:
    total = sum(getattr(weights, p) for p in used)
    return {
        "parts": used,
        "weights": {p: round(getattr(weights, p) / total, 6) for p in used} if total else {},
        "default_weights": asdict(weights),
        "left_out": [p for p in asdict(weights) if p not in used],
        "citations": source,
        "legal_scores": dict(LEGAL_SCORES),
        "granted_types": list(GRANTED_TYPES),
        "missing_value": NEUTRAL,
        "min_coverage": MIN_COVERAGE,
        "scale": "percentile within the map (ties count half); legal and granted as scored",
    }


def value_formula(facts: pd.DataFrame | None = None, *, weights: ValueWeights = ValueWeights(),
                  min_coverage: float = MIN_COVERAGE) -> dict:
    """The formula as data, for ``manifest.navigation.value``.

    Without ``facts``: every part with its default weight. With a map's facts: the parts
    that map carries, their renormalised weights, the parts left out and the citation
    source — the same decision :func:`value_scores` makes (it stores this dict in the
    returned table's ``attrs["formula"]``).
    """
    if facts is None:
        return _formula(list(asdict(weights)), "cited_by_count", weights)
    source = citation_source(facts, min_coverage=min_coverage)
    raw = _raw_parts(facts, pd.Series(0.0, index=facts.index), 0, source)
    return _formula(_parts_used(raw, source, min_coverage), source, weights)


def _years(points: pd.DataFrame, facts: pd.DataFrame) -> pd.Series:
    """The filing year of each patent: the filing date where the facts have one, else the
    map's year (:mod:`landscape.rules.years`)."""
    filed = pd.to_datetime(facts["filing_date"], errors="coerce").dt.year if "filing_date" in facts \
        else pd.Series(np.nan, index=facts.index)
    mapped = pd.to_numeric(points["year"], errors="coerce") if "year" in points \
        else pd.Series(np.nan, index=points.index)
    return pd.Series(filed.to_numpy(dtype=float), index=facts.index).fillna(
        pd.Series(mapped.to_numpy(dtype=float), index=facts.index))


def value_scores(points: pd.DataFrame, facts: pd.DataFrame, *, as_of_year: int,
                 weights: ValueWeights = ValueWeights(), min_coverage: float = MIN_COVERAGE) -> pd.DataFrame:
    """The value score of every patent of a map and its rank within its area.

    Parameters
    ----------
    points : DataFrame
        The map's points: ``id``, ``area``, ``year``.
    facts : DataFrame
        :func:`landscape.analyse.facts.map_facts` for the same points, in the same order.
    as_of_year : int
        The year citations are counted up to (the cut-off date's year,
        :mod:`landscape.rules.years`): a patent filed that year has had one year to be cited.
    weights : ValueWeights
    min_coverage : float
        The share of patents that must carry a part for it to be used.

    Returns
    -------
    DataFrame
        :data:`COLUMNS`, in the points' order: ``value`` (0–1), ``rank_in_area`` (1 = the
        area's highest value; ties by id), and the parts as read (``legal`` the status word,
        ``granted`` True/False/NA). ``attrs["formula"]`` is :func:`value_formula`'s dict.
    """
    if len(points) != len(facts):
        raise ValueError(f"facts has {len(facts)} rows and points {len(points)}: pass the facts "
                         "map_facts made for these points, one row per point in the same order.")
    facts = facts.reset_index(drop=True)
    source = citation_source(facts, min_coverage=min_coverage)
    raw = _raw_parts(facts, _years(points, facts), int(as_of_year), source)
    used = _parts_used(raw, source, min_coverage)
    formula = _formula(used, source, weights)
    scored = {
        "citations": percentile(raw["citations_per_year"]),
        "family_size": percentile(raw["family_size"]),
        "claims": percentile(raw["claims"]),
        "legal": raw["legal"].map(LEGAL_SCORES).astype(float),
        "granted": raw["granted"].astype("Float64").astype(float),
    }
    value = pd.Series(0.0, index=facts.index)
    for part, w in formula["weights"].items():
        value += w * scored[part].fillna(NEUTRAL)
    out = raw.copy()
    out.insert(0, "id", points["id"].to_numpy())
    out.insert(1, "area", pd.to_numeric(points["area"], errors="coerce").fillna(-1).astype("int64").to_numpy()
               if "area" in points else -1)
    out.insert(2, "value", value.round(6) if used else np.nan)
    order = out.sort_values(["area", "value", "id"], ascending=[True, False, True], kind="stable")
    out.loc[order.index, "rank_in_area"] = order.groupby("area").cumcount().to_numpy() + 1
    out["rank_in_area"] = out["rank_in_area"].astype("int64")
    out = out[COLUMNS]
    out.attrs["formula"] = formula
    return out


def core_patents(scores: pd.DataFrame, per_area: int = 5) -> pd.DataFrame:
    """The ``per_area`` highest-valued patents of each area (unassigned patents, area -1, are
    no area's core), by area then rank: the rows of ``core_patents.parquet``."""
    top = scores[(scores["area"] >= 0) & (scores["rank_in_area"] <= per_area)]
    return top.sort_values(["area", "rank_in_area"]).reset_index(drop=True)[COLUMNS]


def _spearman(a: pd.Series, b: pd.Series) -> float | None:
    ra, rb = a.rank(method="average"), b.rank(method="average")
    if ra.std() == 0 or rb.std() == 0:
        return None
    return float(np.corrcoef(ra, rb)[0, 1])


def citation_agreement(scores: pd.DataFrame, facts: pd.DataFrame, *, top_k: int = 20) -> dict:
    """How far the value ranking agrees with the export's own forward-citation counts.

    Over the patents whose export gives ``cited_by_count``: ``spearman``, the rank
    correlation of ``value`` with that count, and ``top_k_overlap``, the share of the ``k``
    most cited patents that are also among the ``k`` highest valued (ties by id). When the
    score itself reads ``cited_by_count`` the two are not independent: agreement shows the
    list does not contradict the export, not that the score is right. Without counts in the
    export, ``n`` is 0 and the figures are None.
    """
    counts = pd.to_numeric(facts.reset_index(drop=True)["cited_by_count"], errors="coerce") \
        if "cited_by_count" in facts else pd.Series(np.nan, index=range(len(scores)))
    have = counts.notna().to_numpy() & scores["value"].notna().to_numpy()
    n = int(have.sum())
    out = {"citations": "cited_by_count", "n": n, "spearman": None, "top_k": 0, "top_k_overlap": None}
    if n < 2:
        return out
    frame = pd.DataFrame({"id": scores["id"].to_numpy()[have], "value": scores["value"].to_numpy()[have],
                          "cited": counts.to_numpy()[have]})
    k = min(top_k, n)
    by_value = set(frame.sort_values(["value", "id"], ascending=[False, True]).head(k)["id"])
    by_cited = set(frame.sort_values(["cited", "id"], ascending=[False, True]).head(k)["id"])
    out.update(spearman=_spearman(frame["value"], frame["cited"]), top_k=k,
               top_k_overlap=len(by_value & by_cited) / k)
    return out
