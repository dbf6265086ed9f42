"""What the breakdown page shows, computed from a breakdown table and its branches (the pure
functions of ``landscape.views.breakdown``), on small hand-written tables."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from landscape.views import breakdown as bd

BRANCHES = pd.DataFrame({
    "id": ["a", "a1", "a2", "b"], "parent": [None, "a", "a", None], "level": [1, 2, 2, 1],
    "name_en": ["Alpha", "Alpha one", "Alpha two", "Beta"], "name_zh": ["甲", "甲一", "甲二", "乙"],
    "description_en": ["A.", "A1.", "A2.", "B."], "description_zh": ["甲。", "甲一。", "甲二。", "乙。"]})
# P1 in a and a1; P2 in a, a1 and a2; P3 in a only; P4 in b (and a); P5 in none.
BREAKDOWN = pd.DataFrame(
    [("P1", "a", 1), ("P1", "a1", 2), ("P2", "a", 1), ("P2", "a1", 2), ("P2", "a2", 2), ("P3", "a", 1),
     ("P4", "b", 1), ("P4", "a", 1), ("P5", "", 0)], columns=["id", "branch", "level"]).assign(score=1.0, best=True)


def test_the_tree_counts_distinct_patents_and_a_rings_own_ones():
    tree = bd.branch_tree(BRANCHES, BREAKDOWN, "zh")
    assert tree["name"].tolist() == ["甲", "甲一", "甲二", "乙"]
    assert dict(zip(tree["id"], tree["patents"])) == {"a": 4, "a1": 2, "a2": 1, "b": 1}
    # a's own: in a but in neither a1 nor a2 (P3, P4); a patent in two sub-branches counts in both.
    assert dict(zip(tree["id"], tree["own"])) == {"a": 2, "a1": 2, "a2": 1, "b": 1}
    assert bd.unassigned_count(BREAKDOWN) == 1
    assert bd.branch_label(tree, "a1") == f"{bd.INDENT}甲一 · 2"


def test_a_branchs_mask_and_the_unassigned_ones():
    points = pd.DataFrame({"id": ["P5", "P4", "P3", "P2", "P1", "P6"]})
    assert bd.branch_mask(points, BREAKDOWN, "a1").tolist() == [False, False, False, True, True, False]
    assert bd.branch_mask(points, BREAKDOWN, "").tolist() == [True, False, False, False, False, False]


def test_quality_figures_per_branch_from_the_manifest():
    tree = bd.branch_tree(BRANCHES, BREAKDOWN, "en")
    assert bd.quality_table({}, tree) is None
    manifest = {"breakdown_quality": {"branches": {
        "a": {"level": 1, "marked": 10, "precision": 0.8, "precision_low": 0.49, "precision_high": 0.94,
              "recall_marked": 20, "recall": 0.7, "recall_low": 0.4, "recall_high": 0.9},
        "a1": {"level": 2, "marked": 0, "precision": None, "precision_low": None, "precision_high": None,
               "recall_marked": 0, "recall": None, "recall_low": None, "recall_high": None}}}}
    table = bd.quality_table(manifest, tree)
    assert table["name"].tolist() == ["Alpha", bd.INDENT + "Alpha one"]
    assert table.loc[0, "precision"] == 0.8 and math.isnan(table.loc[1, "recall"])
    assert list(bd.localise_branch_table(table, "zh").columns[:4]) == ["技术分支", "级别", "已标注（查准率）", "查准率"]


def test_the_sunburst_sizes_by_own_patents_and_hovers_all_of_them():
    fig = bd.sunburst_figure(bd.branch_tree(BRANCHES, BREAKDOWN, "en"), "en")
    trace = fig.data[0]
    assert list(trace.values) == [2, 2, 1, 1] and list(trace.customdata) == [4, 2, 1, 1]
    assert list(trace.parents) == ["", "a", "a", ""] and trace.branchvalues == "remainder"
    assert np.all(np.asarray(trace.values) <= np.asarray(trace.customdata))
