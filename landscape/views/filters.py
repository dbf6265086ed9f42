"""Filtering the map's points by year, applicant, office, code prefix, area and doc type."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd


# --------------------------------------------------------------------------- filters

@dataclass(frozen=True)
class PointFilter:
    """What the map page filters on; an empty tuple means "all"."""

    years: tuple[int, int] | None = None
    countries: tuple[str, ...] = ()
    code_prefixes: tuple[str, ...] = ()
    areas: tuple[int, ...] = ()
    doc_types: tuple[str, ...] = ()
    applicants: tuple[str, ...] = ()  # only used when the page hides everyone else


def _any_in_lists(column: pd.Series, test) -> np.ndarray:
    """For a column of lists: does any element of each row pass ``test`` (a vectorised predicate)?"""
    exploded = column.explode()
    hit = test(exploded.dropna().astype(str))
    out = np.zeros(len(column), dtype=bool)
    if len(hit):
        rows = hit[hit].index.unique()
        out[column.index.get_indexer(rows)] = True
    return out


def applicant_mask(points: pd.DataFrame, applicants) -> np.ndarray:
    """Patents where any of ``applicants`` is among the applicants (a portfolio, co-filings included)."""
    wanted = set(applicants)
    if not wanted:
        return np.zeros(len(points), dtype=bool)
    col = points["applicants"] if "applicants" in points else points["applicant"].map(lambda a: [a])
    return _any_in_lists(col.reset_index(drop=True), lambda s: s.isin(wanted))


def filter_mask(points: pd.DataFrame, f: PointFilter) -> np.ndarray:
    """Which patents pass the filter, as a boolean array row-aligned with ``points``."""
    mask = np.ones(len(points), dtype=bool)
    if f.years is not None:
        year = points["year"]
        mask &= (year >= f.years[0]).fillna(False).to_numpy(bool) & (year <= f.years[1]).fillna(False).to_numpy(bool)
    if f.countries:
        mask &= points["country"].isin(f.countries).to_numpy()
    if f.areas:
        mask &= points["area"].isin(f.areas).to_numpy()
    if f.doc_types and "doc_type" in points:
        mask &= points["doc_type"].isin(f.doc_types).to_numpy()
    if f.code_prefixes and "codes" in points:
        pattern = "^(?:" + "|".join(re.escape(p) for p in f.code_prefixes) + ")"
        codes = points["codes"].reset_index(drop=True)
        mask &= _any_in_lists(codes, lambda s: s.str.replace(" ", "").str.upper().str.contains(pattern))
    if f.applicants:
        mask &= applicant_mask(points, f.applicants)
    return mask


def top_applicants(points: pd.DataFrame, n: int = 200) -> list[str]:
    """The ``n`` applicants with most patents on the map (all applicants of a patent count)."""
    col = points["applicants"].explode() if "applicants" in points else points["applicant"]
    counts = col.dropna().astype(str).value_counts()
    return counts.index[:n].tolist()


def options(points: pd.DataFrame, column: str) -> list[str]:
    """The distinct values of a column, most frequent first (for a multiselect)."""
    if column not in points:
        return []
    return points[column].dropna().astype(str).value_counts().index.tolist()


def normalise_prefixes(text: str) -> tuple[str, ...]:
    """``"a63h 33, B29C"`` -> ``("A63H33", "B29C")``: what the IPC/CPC filter box matches."""
    return tuple(p.replace(" ", "").upper() for p in re.split(r"[,;，；\s]+(?=[A-Za-z])", text or "")
                 if p.strip())
