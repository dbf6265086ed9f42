"""How good a breakdown is, measured the way a patent navigation project reports it: precision
(查准率) and recall (查全率) per branch, from a seeded stratified sample an analyst marks.

The sample (:func:`draw_sample`) has two kinds of stratum per branch:

- ``precision``: patents assigned to the branch. Every patent assigned to it, not only those
  whose best branch it is: the breakdown is multi-label and a branch's counts (report, app)
  count every patent assigned to it, so its precision must be of those same patents; and the
  recall strata below must split the map into assigned / not assigned.
- ``recall`` (level-1 branches): patents NOT assigned to the branch, whether unassigned or in
  other branches. Marks here find the branch's patents the breakdown missed.

The analyst marks each drawn row: does the patent belong to the row's branch? From those marks
(:func:`score`), per branch, with ``N`` a stratum's size, ``n`` its marked rows and ``x`` its
rows marked yes (A: assigned, U: not assigned):

    precision = x_A / n_A
    true members found among the assigned   TP = N_A * x_A / n_A
    true members missed among the rest      FN = N_U * x_U / n_U
    recall    = TP / (TP + FN)

This is the stratified estimator of a total (each stratum's sample proportion scaled by its
size; Cochran, *Sampling Techniques*, 3rd ed., 1977, ch. 5), used for recall in the same way
as in e-discovery validation (Webber, "Approximate recall confidence intervals", ACM TOIS 31(1),
2013). Intervals: precision has the Wilson score interval; recall, a ratio of two estimated
totals, the simple stated bound of :func:`recall_interval`.
"""
from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd

PRECISION, RECALL = "precision", "recall"
SAMPLE_COLUMNS = ("sample_id", "branch", "id", "why", "stratum_size")
CONFIDENCE = 0.95


def wilson_interval(successes: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``successes / n`` (Wilson 1927); NaNs when n is 0.

    Chosen over the textbook p ± z·sqrt(p(1-p)/n) because samples per branch are small (about 20)
    and proportions near 1 are common: that interval collapses to [1, 1] at 20 of 20.
    """
    if n <= 0:
        return math.nan, math.nan
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    # At 0 of n and n of n the bound is exactly 0 or 1; rounding would leave 1e-17 off.
    return (0.0 if successes == 0 else max(0.0, centre - half)), (1.0 if successes == n else min(1.0, centre + half))


def recall_of(found_share: float, size_assigned: int, missed_share: float, size_rest: int) -> float:
    """TP / (TP + FN) with TP = size_assigned * found_share and FN = size_rest * missed_share
    (see the module's docstring); NaN when both are 0."""
    found, missed = size_assigned * found_share, size_rest * missed_share
    return found / (found + missed) if found + missed > 0 else math.nan


def recall_interval(n_assigned: int, x_assigned: int, size_assigned: int, n_rest: int, x_rest: int, size_rest: int,
                    confidence: float = CONFIDENCE) -> tuple[float, float]:
    """A conservative interval for the estimated recall.

    Recall rises with the share of true members among the assigned and falls with their share
    among the rest, so it lies between the values at the two shares' opposite bounds whenever
    both shares lie in their intervals. Each share gets a Wilson interval at sqrt(confidence)
    (97.5 % for 95 %); the two samples are independent, so both hold together with probability
    at least ``confidence``. Wider than a delta-method interval, but honest when the sample of
    the rest found no missed patent (0 of 50 still leaves some recall unproven).
    """
    each = math.sqrt(confidence)
    a_low, a_high = wilson_interval(x_assigned, n_assigned, each) if size_assigned else (0.0, 0.0)
    # Nothing outside the branch: nothing can be missed.
    r_low, r_high = wilson_interval(x_rest, n_rest, each) if size_rest else (0.0, 0.0)
    return (recall_of(a_low, size_assigned, r_high, size_rest), recall_of(a_high, size_assigned, r_low, size_rest))


# ---------------------------------------------------------------- drawing the sample

def _draw(ids: list[str], k: int, seed: int, stratum: int, kind: int) -> list[str]:
    """``k`` of ``ids`` at random (all when there are fewer), the same for the same seed.

    Each stratum has its own generator, seeded by (seed, stratum, kind), so a branch added to
    the breakdown does not change what is drawn for the others.
    """
    ids = sorted(ids)  # the table's row order must not change the draw
    if len(ids) <= k:
        return ids
    rng = np.random.default_rng([seed, stratum, kind])
    return [ids[i] for i in sorted(rng.choice(len(ids), size=k, replace=False))]


def draw_sample(table: pd.DataFrame, branches: pd.DataFrame, *, per_branch: int = 20, not_assigned: int = 50,
                seed: int = 42) -> pd.DataFrame:
    """A seeded stratified sample of a breakdown for an analyst to mark.

    Parameters
    ----------
    table : DataFrame
        ``breakdown.parquet`` (``id, branch, level, score, best``; "" for unassigned).
    branches : DataFrame
        The breakdown's branches (``id``, ``level``; see ``bundle_branches``).
    per_branch : int
        Patents drawn from those assigned to each branch (precision).
    not_assigned : int
        Patents drawn from those not assigned to each level-1 branch (recall).

    Returns
    -------
    DataFrame
        ``SAMPLE_COLUMNS``: one row per drawn (branch, patent), ``why`` "precision" or
        "recall", ``stratum_size`` the number of patents the row was drawn from.
    """
    every = sorted(set(table["id"].astype(str)))
    members = table[table["branch"] != ""].groupby("branch")["id"].agg(lambda s: set(s.astype(str)))
    rows = []
    for j, b in enumerate(branches.itertuples(index=False)):
        inside = members.get(b.id, set())
        strata = [(PRECISION, sorted(inside), per_branch)]
        if int(b.level) == 1:
            strata.append((RECALL, [i for i in every if i not in inside], not_assigned))
        for kind, (why, pool, k) in enumerate(strata):
            for pid in _draw(pool, k, seed, j, kind):
                rows.append((b.id, pid, why, len(pool)))
    sample = pd.DataFrame(rows, columns=list(SAMPLE_COLUMNS[1:]))
    sample.insert(0, "sample_id", np.arange(1, len(sample) + 1))
    return sample


# ---------------------------------------------------------------- scoring the marks

def score(marks: pd.DataFrame, branches: pd.DataFrame, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Precision and estimated recall per branch from marked sample rows.

    Parameters
    ----------
    marks : DataFrame
        ``SAMPLE_COLUMNS`` plus ``correct`` (True, False, or None where not marked yet).
    branches : DataFrame
        The breakdown's branches (``id``, ``level``), in the order to report them.

    Returns
    -------
    DataFrame
        One row per branch: ``branch, level, marked, correct, precision, precision_low,
        precision_high, recall_marked, missed, recall, recall_low, recall_high`` (NaN where
        there are no marks to estimate from; recall only for level-1 branches).
    """
    marked = marks[marks["correct"].notna()]
    rows = []
    for b in branches.itertuples(index=False):
        a = marked[(marked["branch"] == b.id) & (marked["why"] == PRECISION)]
        u = marked[(marked["branch"] == b.id) & (marked["why"] == RECALL)]
        n_a, x_a = len(a), int(a["correct"].astype(bool).sum())
        n_u, x_u = len(u), int(u["correct"].astype(bool).sum())
        size_a = _stratum_size(marks, b.id, PRECISION)
        size_u = _stratum_size(marks, b.id, RECALL)
        recall, recall_low, recall_high = math.nan, math.nan, math.nan
        # Estimable where both strata have marks; a stratum that was empty (size 0) needs none.
        if (n_a or not size_a) and (n_u or not size_u) and size_u is not None:
            recall = recall_of(x_a / n_a if n_a else 0.0, size_a, x_u / n_u if n_u else 0.0, size_u)
            recall_low, recall_high = recall_interval(n_a, x_a, size_a, n_u, x_u, size_u, confidence)
        low, high = wilson_interval(x_a, n_a, confidence)
        rows.append({"branch": b.id, "level": int(b.level), "marked": n_a, "correct": x_a,
                     "precision": x_a / n_a if n_a else math.nan, "precision_low": low, "precision_high": high,
                     "recall_marked": n_u, "missed": x_u, "recall": recall, "recall_low": recall_low,
                     "recall_high": recall_high})
    return pd.DataFrame(rows)


def _stratum_size(marks: pd.DataFrame, branch: str, why: str) -> int | None:
    """How many patents a stratum had (0 for a branch with no patents assigned, whose precision
    stratum drew nothing); None for a recall stratum not in the sample (deeper levels)."""
    sizes = marks.loc[(marks["branch"] == branch) & (marks["why"] == why), "stratum_size"]
    if len(sizes):
        return int(sizes.max())
    return 0 if why == PRECISION else None


def quality_notes(scores: pd.DataFrame, marks: pd.DataFrame, checked_file: str,
                  confidence: float = CONFIDENCE) -> dict:
    """The figures for the manifest (``breakdown_quality``), JSON-ready (NaN as null), so the
    report's method section can print them with how they were obtained."""
    def plain(value):
        if isinstance(value, (float, np.floating)):
            return None if math.isnan(value) else round(float(value), 4)
        return int(value) if isinstance(value, (int, np.integer)) else value

    return {
        "checked_file": checked_file,
        "rows": int(len(marks)),
        "marked": int(marks["correct"].notna().sum()),
        "confidence": confidence,
        "method": ("stratified sample per branch, marked by an analyst; precision = share marked correct among "
                   "sampled patents assigned to the branch, Wilson interval; recall (level-1 branches) = TP / "
                   "(TP + FN), TP and FN each a stratum's marked share times its size (stratified estimation, "
                   "Cochran 1977 ch. 5), interval from each share's Wilson interval at sqrt(confidence)"),
        "branches": {r["branch"]: {k: plain(v) for k, v in r.items() if k != "branch"}
                     for r in scores.to_dict(orient="records")},
    }
