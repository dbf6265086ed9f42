"""Every patent of a map into the branches of a breakdown, with a score, or explicitly unassigned.

How a patent gets a branch (each part can be switched off in :class:`AssignSettings`):

1. **Rules**: one of its codes is in the branch (score 1), or its text has the branch's
   keywords (score 0.5 for one, 0.75 for two, ...). A patent can be in several branches.
2. **Examples** (few-shot, an analyst's ``id, branch`` file) keep exactly their given branches.
3. **Similarity**, where no rule or example placed the patent among a set of sibling branches:
   the sibling its vector is most similar to, if similar enough. Similarity to a branch is
   the mean of standardised similarities to the branch's prototypes: its description
   (zero-shot), the mean vector of its examples (few-shot; or a logistic regression on them)
   and the mean vector of the patents the rules put in it. By default (measured best) the
   descriptions and rule centroids are used without examples, the examples alone with them.
   Each similarity is standardised per branch over the map (a z-score), so a branch whose
   description is close to everything does not take everything.
4. **Hierarchy**: a child implies its parent; children are only tried for patents in the parent.

Thresholds are chosen on the data: a branch's similarity threshold keeps ``keep_share`` of the
patents known to be in it (rule hits and examples). A branch with fewer than ``min_known``
known patents uses the threshold pooled over its level; with none known at all the threshold
is 0, i.e. more similar than the map's average patent. Scores: at the threshold a similarity
gives 0.5, so an assigned branch always scores at least 0.5 and a rule hit on codes 1.0.
"""
from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from landscape.breakdown import signals
from landscape.breakdown.taxonomy import Taxonomy

TABLE_COLUMNS = ("id", "branch", "level", "score", "best")


@dataclass(frozen=True)
class AssignSettings:
    """Which evidence counts. The defaults are the best combinations measured by bench/breakdown.py
    (bench/RESULTS.md): without examples, rules + descriptions + the mean vectors of the rule hits;
    with examples, rules + the examples' mean vectors alone (the descriptions and rule hits then
    made it worse on both test sets). ``None`` means that choice; True or False forces it."""

    codes: bool = True
    keywords: bool = True
    zero_shot: bool | None = None       # similarity to the branch descriptions
    few_shot: bool = True               # learn from the examples, when examples are given
    few_shot_model: str = "centroid"    # "centroid": similarity to their mean vector; "logistic": a classifier
    rule_centroids: bool | None = None  # similarity to the mean vector of the patents the rules found
    keep_share: float = 0.95
    min_known: int = 5


def _zscore(sim: np.ndarray) -> np.ndarray:
    if not len(sim):
        return sim
    with warnings.catch_warnings():  # a branch with no prototype is an all-NaN column: it stays NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(sim, axis=0, keepdims=True)
        std = np.nanstd(sim, axis=0, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (sim - mean) / np.where(std > 0, std, 1.0)


def _up(taxonomy: Taxonomy, marks: np.ndarray) -> np.ndarray:
    """A child implies its parent: marks copied up to every ancestor."""
    col = {b: j for j, b in enumerate(taxonomy.ids())}
    out = marks.copy()
    for b in sorted(taxonomy.branches, key=lambda b: -b.level):
        if b.parent is not None:
            out[:, col[b.parent]] |= out[:, col[b.id]]
    return out


def _thresholds(taxonomy: Taxonomy, z: np.ndarray, known: np.ndarray, s: AssignSettings) -> list[dict]:
    """Per branch, the similarity (z) that keeps ``keep_share`` of its known patents, and where it came from."""
    q = 1.0 - s.keep_share
    levels = np.array([b.level for b in taxonomy.branches])

    def finite(values: np.ndarray) -> np.ndarray:
        return values[np.isfinite(values)]

    pooled = {level: finite(np.concatenate([z[known[:, j], j] for j in np.flatnonzero(levels == level)]))
              for level in set(levels.tolist())}
    out = []
    for j, b in enumerate(taxonomy.branches):
        own = finite(z[known[:, j], j])
        if len(own) >= s.min_known:
            out.append({"z": float(np.quantile(own, q)), "from": "its known patents", "known": len(own)})
        elif len(pooled[b.level]) >= s.min_known:
            out.append({"z": float(np.quantile(pooled[b.level], q)), "from": f"known patents of level {b.level}",
                        "known": len(own)})
        else:
            out.append({"z": 0.0, "from": "no known patents: above the map's average", "known": len(own)})
    return out


def assign(ids, texts: list[str], codes: list, vectors: np.ndarray, taxonomy: Taxonomy, embedder=None,
           examples: dict[str, list[str]] | None = None, settings: AssignSettings = AssignSettings()
           ) -> tuple[pd.DataFrame, dict]:
    """Assign patents to branches.

    Parameters
    ----------
    ids, texts, codes : sequences, one item per patent
        Publication ids, title + abstract texts, and each patent's list of IPC/CPC codes.
    vectors : ndarray (patents x dim)
        The patents' unit-length vectors from the map's embedder.
    embedder : Embedder, optional
        The same embedder, to embed the branch descriptions (needed for zero-shot).
    examples : dict, optional
        ``{patent id: [branch ids]}`` from an analyst (see :func:`read_examples`).

    Returns
    -------
    (table, notes)
        One row per patent x assigned branch (``id, branch, level, score, best``; an unassigned
        patent has one row with ``branch`` "" and level 0) and what was done, for the manifest.
    """
    s = settings
    ids = [str(i) for i in ids]
    vectors = np.asarray(vectors, dtype=np.float32)
    rule_score, veto = _rules(taxonomy, texts, codes, s)
    rule_hit = _up(taxonomy, rule_score > 0)
    given = _given(taxonomy, ids, examples)
    z, parts = _similarity(taxonomy, vectors, embedder, rule_hit, given, s)
    z = np.where(veto, np.nan, z)
    thresholds = _thresholds(taxonomy, z, rule_hit | given, s)
    t = np.array([th["z"] for th in thresholds])
    with np.errstate(invalid="ignore", over="ignore"):
        sim_score = 1.0 / (1.0 + np.exp(-2.0 * (z - t)))
    assigned, score = _place(taxonomy, rule_score, z, t, sim_score)
    # The examples keep exactly their given branches.
    fixed = given.any(axis=1)
    assigned[fixed] = given[fixed]
    score[fixed] = np.where(given[fixed], 1.0, 0.0)

    table = _table(ids, taxonomy, assigned, score, z)
    notes = {
        "settings": asdict(s),
        "similarity": parts,
        "thresholds": {b.id: {**th, "z": round(th["z"], 4)} for b, th in zip(taxonomy.branches, thresholds)},
        "rule_hits": {b.id: int(rule_hit[:, j].sum()) for j, b in enumerate(taxonomy.branches)},
        "examples": int(fixed.sum()),
        "patents": len(ids),
        "unassigned": int((~assigned.any(axis=1)).sum()),
    }
    return table, notes


def _rules(taxonomy: Taxonomy, texts, codes, s: AssignSettings) -> tuple[np.ndarray, np.ndarray]:
    """Rule scores (code 1.0; keywords 0.5, 0.75, ...) and where a branch is vetoed for similarity."""
    n, B = len(texts), len(taxonomy.branches)
    code_hit = signals.code_hits(taxonomy, codes) if s.codes else np.zeros((n, B), bool)
    code_veto = signals.code_vetoes(taxonomy, codes)
    if s.keywords or any(b.exclude_keywords for b in taxonomy.branches):
        kw_count, kw_veto = signals.keyword_counts(taxonomy, texts)
    else:
        kw_count, kw_veto = np.zeros((n, B), np.int16), np.zeros((n, B), bool)
    kw_score = np.where(code_veto, 0.0, 1.0 - 0.5 ** kw_count) if s.keywords else np.zeros((n, B))
    rule_score = np.where(kw_veto, 0.0, np.maximum(code_hit.astype(float), kw_score))
    return rule_score, kw_veto | (code_veto & ~code_hit)


def _given(taxonomy: Taxonomy, ids: list[str], examples) -> np.ndarray:
    given = np.zeros((len(ids), len(taxonomy.branches)), bool)
    row = {pid: i for i, pid in enumerate(ids)}
    col = {b: j for j, b in enumerate(taxonomy.ids())}
    for pid, bids in (examples or {}).items():
        for bid in bids if pid in row else ():
            given[row[pid], col[bid]] = True
    return _up(taxonomy, given)


def _similarity(taxonomy: Taxonomy, vectors, embedder, rule_hit, given, s: AssignSettings):
    """patents x branches: the mean of the standardised similarities to each prototype; what was used."""
    use_zero_shot = s.zero_shot if s.zero_shot is not None else not given.any()
    use_rule_centroids = s.rule_centroids if s.rule_centroids is not None else not given.any()
    sims, parts = [], []
    if use_zero_shot and embedder is not None:
        sims.append(_zscore(signals.description_similarity(vectors, taxonomy, embedder)))
        parts.append("zero-shot: branch descriptions")
    if s.few_shot and given.any() and s.few_shot_model == "logistic":
        sims.append(_zscore(signals.logistic_similarity(vectors, given)))
        parts.append("few-shot: logistic regression on the examples")
    elif s.few_shot and given.any():
        sims.append(_zscore(signals.centroid_similarity(vectors, given)))
        parts.append("few-shot: mean vector of each branch's examples")
    if use_rule_centroids and rule_hit.any():
        sims.append(_zscore(signals.centroid_similarity(vectors, rule_hit, s.min_known)))
        parts.append("mean vector of the patents the rules put in each branch")
    if not sims:
        return np.full(rule_hit.shape, np.nan), parts
    stack = np.stack(sims)
    finite = np.isfinite(stack)
    mean = np.where(finite, stack, 0.0).sum(0) / np.maximum(finite.sum(0), 1)
    return np.where(finite.any(0), mean, np.nan), parts


def _place(taxonomy: Taxonomy, rule_score, z, t, sim_score) -> tuple[np.ndarray, np.ndarray]:
    """Rule hits, then top-down per set of siblings the most similar branch where it passes its
    threshold and the rules placed the patent in none of them; a child implies its parent."""
    branches = taxonomy.branches
    n = len(rule_score)
    col = {b: j for j, b in enumerate(taxonomy.ids())}
    assigned = _up(taxonomy, rule_score > 0)
    score = np.where(rule_score > 0, rule_score, 0.0)
    for level in range(1, taxonomy.depth + 1):
        for parent in dict.fromkeys(b.parent for b in branches if b.level == level):
            cols = np.array([j for j, b in enumerate(branches) if b.level == level and b.parent == parent])
            eligible = np.ones(n, bool) if parent is None else assigned[:, col[parent]].copy()
            eligible &= ~assigned[:, cols].any(axis=1)
            best = cols[np.where(np.isfinite(z[:, cols]), z[:, cols], -np.inf).argmax(axis=1)]
            take = eligible & (z[np.arange(n), best] >= t[best])
            assigned[take, best[take]] = True
            score[take, best[take]] = sim_score[take, best[take]]
    # A child lifts its parent's score to its own.
    for b in sorted(branches, key=lambda b: -b.level):
        if b.parent is not None:
            j, p = col[b.id], col[b.parent]
            lift = assigned[:, j]
            score[lift, p] = np.maximum(score[lift, p], score[lift, j])
    return _up(taxonomy, assigned), score


def _table(ids, taxonomy: Taxonomy, assigned, score, z) -> pd.DataFrame:
    levels = np.array([b.level for b in taxonomy.branches])
    rank = np.where(assigned, score + 1e-6 * np.nan_to_num(np.tanh(z), nan=-1.0), -np.inf)
    best = np.zeros_like(assigned)
    for level in np.unique(levels):
        cols = np.flatnonzero(levels == level)
        top = cols[rank[:, cols].argmax(axis=1)]
        has = assigned[:, cols].any(axis=1)
        best[np.flatnonzero(has), top[has]] = True
    pi, bj = np.nonzero(assigned)
    bids = np.array(taxonomy.ids(), dtype=object)
    table = pd.DataFrame({"id": np.array(ids, dtype=object)[pi], "branch": bids[bj], "level": levels[bj],
                          "score": np.round(score[pi, bj], 4), "best": best[pi, bj]})
    none = np.flatnonzero(~assigned.any(axis=1))
    unassigned = pd.DataFrame({"id": np.array(ids, dtype=object)[none], "branch": "", "level": 0,
                               "score": 0.0, "best": False})
    table = pd.concat([table, unassigned], ignore_index=True) if len(unassigned) else table
    order = {pid: i for i, pid in enumerate(ids)}
    table = table.sort_values(["id", "level", "score"], key=lambda c: c.map(order) if c.name == "id" else c,
                              ascending=[True, True, False], kind="stable").reset_index(drop=True)
    return table.astype({"level": "int8", "score": "float32", "best": "bool"})[list(TABLE_COLUMNS)]
