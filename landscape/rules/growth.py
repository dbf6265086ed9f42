"""Growth: one measure of how fast filings grow, and the status word read from that number.

Every growth figure of the program (areas, topics, trends, white spaces' surroundings,
applicants) comes from :func:`growth_rate`, and every trend word from :func:`growth_status`
applied to that same rate, so "cooling" can never stand beside a positive growth.

The measure
-----------
Filings in the last ``window`` (3) complete years are compared with the ``window`` years
before them; the ratio is turned into a yearly rate over the ``window`` years between the
two windows' centres, with one added to each count::

    growth = ((recent + 1) / (before + 1)) ** (1 / window) - 1

Three-year sums instead of two single years keep one odd year from deciding; the +1 keeps an
area that starts from nothing finite (and positive) and damps tiny counts. For counts of a
few dozen it is within a point of the plain yearly rate a reader computes from the two
counts quoted beside it.

The status (first match wins; thresholds in :class:`GrowthRules`)
------------------------------------------------------------------
- ``too few``: fewer than ``min_count`` (10) patents in the two windows together, or the
  data do not reach back to the first year of the earlier window; the growth is then not
  shown (NaN), the words "too few" are;
- ``emerging``: growth >= +20 % a year;
- ``growing``: growth >= +10 % a year;
- ``cooling``: growth <= -10 % a year;
- ``stable``: in between.

The rate is compared as it is shown, rounded to a whole percent.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

STATUSES = ("emerging", "growing", "stable", "cooling", "too few")
TOO_FEW = "too few"


@dataclass(frozen=True)
class GrowthRules:
    """Window and thresholds of the growth status; rates are yearly (0.20 = +20 % a year)."""

    window: int = 3
    min_count: int = 10
    emerging: float = 0.20
    growing: float = 0.10
    cooling: float = -0.10


@dataclass(frozen=True)
class Growth:
    """One area's (or applicant's, or region's) growth: the counts, the rate and its word.

    ``before_years`` and ``recent_years`` are (first, last) inclusive, or None without a
    complete year. ``rate`` is NaN exactly when ``status`` is ``"too few"``.
    """

    before: int
    recent: int
    rate: float
    status: str
    before_years: tuple[int, int] | None
    recent_years: tuple[int, int] | None


def growth_rate(before: int, recent: int, window: int = GrowthRules.window) -> float:
    """``((recent + 1) / (before + 1)) ** (1 / window) - 1``: the yearly growth between two
    windows of ``window`` years (see the module's docstring)."""
    if window < 1:
        raise ValueError(f"a growth window is at least one year, got {window}")
    return float(((recent + 1) / (before + 1)) ** (1 / window) - 1)


def change(recent: int, previous: int) -> float:
    """The plain change between two counts, ``recent / previous - 1`` (NaN from nothing): what
    a sentence says beside both counts ("16 against 11, +45 %"). It is not the yearly growth
    above and never decides a trend word; alert rules use it for a jump between windows."""
    return recent / previous - 1 if previous > 0 else float("nan")


def growth_status(rate: float, *, rules: GrowthRules = GrowthRules()) -> str:
    """The word for a growth rate; NaN (too little data to measure) is ``"too few"``."""
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return TOO_FEW
    # Compared as shown, in whole percent: "-10 % a year" is never "stable" beside a -10 % rule.
    rate = round(rate * 100) / 100
    if rate >= rules.emerging:
        return "emerging"
    if rate >= rules.growing:
        return "growing"
    if rate <= rules.cooling:
        return "cooling"
    return "stable"


def windows(last_complete: int | None, rules: GrowthRules = GrowthRules()):
    """((first, last) of the earlier window, (first, last) of the recent one), or (None, None)."""
    if last_complete is None:
        return None, None
    w = int(rules.window)
    return (last_complete - 2 * w + 1, last_complete - w), (last_complete - w + 1, last_complete)


def growth(years, last_complete: int | None, *, first_year: int | None = None,
           rules: GrowthRules = GrowthRules()) -> Growth:
    """The growth of a set of patents given their years (one year per patent).

    Parameters
    ----------
    years : array-like
        One year per patent (missing values allowed; they count nowhere).
    last_complete : int or None
        The map's last complete year (:mod:`landscape.rules.years`).
    first_year : int, optional
        The first year of the whole map's data: when the earlier window starts before it,
        the data cannot say what came before, and the status is ``"too few"``.
    rules : GrowthRules
    """
    before_years, recent_years = windows(last_complete, rules)
    if before_years is None:
        return Growth(0, 0, float("nan"), TOO_FEW, None, None)
    y = pd.to_numeric(pd.Series(years), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    before = int(((y >= before_years[0]) & (y <= before_years[1])).sum())
    recent = int(((y >= recent_years[0]) & (y <= recent_years[1])).sum())
    return growth_from_counts(before, recent, before_years, recent_years, first_year=first_year, rules=rules)


def growth_from_counts(before: int, recent: int, before_years, recent_years, *,
                       first_year: int | None = None, rules: GrowthRules = GrowthRules()) -> Growth:
    """As :func:`growth`, from the two windows' counts."""
    short = first_year is not None and before_years is not None and first_year > before_years[0]
    if before_years is None or short or before + recent < rules.min_count:
        rate = float("nan")
    else:
        rate = growth_rate(before, recent, rules.window)
    return Growth(int(before), int(recent), rate, growth_status(rate, rules=rules),
                  tuple(before_years) if before_years else None, tuple(recent_years) if recent_years else None)


def window_label(span: tuple[int, int] | None) -> str:
    """``"2019–2021"`` (``"2021"`` for a one-year window); ``""`` for None."""
    if span is None:
        return ""
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"
