"""What the early-warning rules read, computed once per map: who files where, counted by
corporate group, in the recent and previous windows, and how an alert is scored.

Counting
--------
- The map's points hold one row per counting unit (one application by default, see
  :mod:`landscape.units`), so counting rows counts units; every figure says which unit.
- Applicants count by **group**: the applicants table (``applicants.parquet``: ``applicant,
  group, kind, country, is_home, decided_by, count``) names each applicant's group; an
  applicant without a group, or missing from the table, is its own group. A patent counts
  once per group, however many of the group's firms filed it (a parent and its subsidiary
  co-filing is one filing of the group).
- Home/foreign is the group's, as :func:`landscape.analyse.competitors.counted_pairs` decides
  it (the status of most of its members' patents: a foreign group's local subsidiary does not
  make it domestic; NA, neither home nor foreign, where no member's country is known).
  Without a table (old bundles) each applicant is its own group, with the home/foreign
  status competitors gives it.
- A group is an **individual** when every member is ``kind == "individual"``; a filing burst
  is **utility-model only** when every one of the group's filings in question is a utility
  model (``doc_type``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landscape.analyse.competitors import UNKNOWN, Window, applicant_patents, counted_pairs
from landscape.rules.growth import change

SEVERITIES = ("high", "medium", "low")

#: The counting unit in a sentence: ``(en, zh)``.
UNIT_WORDS = {"application": ("counted by application", "按申请计"),
              "family": ("counted by patent family", "按专利族计"),
              "publication": ("counted by publication", "按公开文本计")}


def _is_utility_model(doc_type) -> bool:
    return isinstance(doc_type, str) and doc_type.strip().casefold().replace(" ", "_") == "utility_model"


def group_filings(points: pd.DataFrame, applicants: pd.DataFrame | None, *, home: str,
                  cjk_names: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(filings, groups)``: one row per (patent, group) in a technology area (``id, area,
    year, group, utility_model``), and one row per group (``is_home``: True, False or NA when
    not known; ``individual``; ``members``: its applicants on the map)."""
    by = "applicant" if applicants is None else "group"
    pairs, is_home = counted_pairs(points, by=by, home=home, cjk_names=cjk_names, applicants=applicants)
    pairs = pairs[(pairs["applicant"] != UNKNOWN) & (pairs["area"].fillna(-1) >= 0).to_numpy(bool)]
    pairs = pairs.rename(columns={"applicant": "group"})
    doc = points.set_index(points["id"].astype(str))["doc_type"] if "doc_type" in points else None
    pairs["utility_model"] = (pairs["id"].astype(str).map(doc).map(_is_utility_model).to_numpy(bool)
                              if doc is not None else False)
    names = pd.Index(pairs["group"].unique(), name="group")
    groups = pd.DataFrame({"is_home": is_home.reindex(names).astype("boolean")}, index=names)
    groups["individual"] = False
    groups["members"] = [[g] for g in names]
    if applicants is not None and len(applicants):
        on_map = set(applicant_patents(points)["applicant"])
        table = applicants[applicants["applicant"].isin(on_map)]
        kinds = table.assign(individual=table["kind"].astype("string").eq("individual").fillna(False))
        by_group = kinds.groupby("group").agg(individual=("individual", "all"),
                                              members=("applicant", lambda s: sorted(set(map(str, s)))))
        hit = names.intersection(by_group.index)
        groups.loc[hit, "individual"] = by_group.loc[hit, "individual"].to_numpy(bool)
        groups.loc[hit, "members"] = pd.Series(by_group.loc[hit, "members"].to_list(), index=hit)
    return pairs[["id", "area", "year", "group", "utility_model"]].reset_index(drop=True), groups


def group_of(name: str, applicants: pd.DataFrame | None) -> str:
    """The group of applicant ``name`` in an applicants table (``name`` itself without one)."""
    if applicants is None or applicants.empty:
        return name
    hit = applicants[applicants["applicant"].astype(str).str.casefold() == str(name).casefold()]
    if hit.empty or not isinstance(hit["group"].iloc[0], str) or not hit["group"].iloc[0].strip():
        return name
    return str(hit["group"].iloc[0])


def area_mass(points: pd.DataFrame, window: Window) -> pd.Series:
    """Patents (units) per area in ``window``, with or without a known applicant."""
    area = pd.to_numeric(points["area"], errors="coerce")
    inside = window.mask(points["year"]) & (area.fillna(-1) >= 0).to_numpy(bool)
    return area[inside].astype(int).value_counts().sort_index()


def group_counts(filings: pd.DataFrame, recent: Window, previous: Window, last: int) -> pd.DataFrame:
    """Per (area, group): filings in the recent and previous windows, in the last complete
    year and the one before, utility models among them, and the first year in the area."""
    f = filings.assign(recent=recent.mask(filings["year"]), previous=previous.mask(filings["year"]),
                       last=(filings["year"] == last).fillna(False).to_numpy(bool),
                       before=(filings["year"] == last - 1).fillna(False).to_numpy(bool))
    f["recent_um"] = f["recent"] & f["utility_model"]
    f["last_um"] = f["last"] & f["utility_model"]
    out = f.groupby(["area", "group"]).agg(
        recent=("recent", "sum"), previous=("previous", "sum"), last=("last", "sum"),
        before=("before", "sum"), recent_um=("recent_um", "sum"), last_um=("last_um", "sum"),
        first_year=("year", "min"), total=("id", "size")).reset_index()
    out["area"] = out["area"].astype(int)
    # Shares of the area's group counts in each window (whole counting: they add up to 1).
    for col in ("recent", "previous"):
        out[f"{col}_share"] = out[col] / out.groupby("area")[col].transform("sum").where(lambda s: s > 0)
    return out


# The change between windows is the shared rule's (not a second growth definition).
growth_of = change


@dataclass(frozen=True)
class Ranking:
    """How an alert's score and severity are worked out (the ``[ranking]`` rule table)."""

    mass_full: float
    share_full: float
    growth_full: float
    weight_growth: float
    weight_foreign: float
    high_min: float
    medium_min: float
    individual_max: str
    utility_model_only_max: str

    def score(self, mass: int, share: float, growth: float, foreign: float) -> float:
        """0–100: ``100 × m × s × (1 − wg − wf + wg·g + wf·foreign)``.

        ``m = min(1, ln(1 + mass) / ln(1 + mass_full))`` (patents in the area in the recent
        window: a small area can never score high), ``s = min(1, share / share_full)`` (a
        group with a sliver of an area scores little however fast it grows),
        ``g = clip(growth / growth_full, 0, 1)`` (from nothing counts as full growth),
        ``foreign`` in 0–1; ``wg + wf`` is at most 1.
        """
        m = min(1.0, math.log1p(max(mass, 0)) / math.log1p(self.mass_full)) if self.mass_full > 0 else 1.0
        s = min(1.0, max(0.0, share) / self.share_full) if self.share_full > 0 else 1.0
        if np.isnan(growth):
            g = 1.0
        else:
            g = min(1.0, max(0.0, growth / self.growth_full)) if self.growth_full > 0 else 0.0
        wg, wf = max(0.0, self.weight_growth), max(0.0, self.weight_foreign)
        if wg + wf > 1:
            wg, wf = wg / (wg + wf), wf / (wg + wf)
        return float(round(100 * m * s * (1 - wg - wf + wg * g + wf * foreign), 1))

    def severity(self, score: float, ceiling: str, *, individual: bool = False,
                 utility_model_only: bool = False) -> str:
        """The score's severity, no higher than the rule's ``ceiling`` nor the caps for
        individuals and utility-model-only filings."""
        level = "high" if score >= self.high_min else "medium" if score >= self.medium_min else "low"
        caps = [ceiling] + ([self.individual_max] if individual else []) + (
            [self.utility_model_only_max] if utility_model_only else [])
        return max([level, *caps], key=SEVERITIES.index)
