"""What changed between two versions of a map (landscape.analyse.changes), on tiny tables."""
from __future__ import annotations

import json

import pandas as pd

from landscape.analyse.changes import CHANGE_COLUMNS, what_changed
from landscape.drift import drift

import numpy as np

CLUSTERS = pd.DataFrame({"id": [0, 1], "label_en": ["brick / magnet", "lamp / diode"],
                         "label_zh": ["积木", "灯"], "trend": ["stable", "stable"], "growth": [0.0, 0.0],
                         "size": [3, 2]})
BEFORE = pd.DataFrame({"id": ["A1", "A2", "A3", "B1", "B2"], "area": [0, 0, 0, 1, 1],
                       "applicant": ["TOYCO", "TOYCO", "RIVAL", "LAMPCO", None],
                       "x": [0.0] * 5, "y": [0.0] * 5, "title": ["t"] * 5})
ADDED = pd.DataFrame({"id": ["N1", "N2", "N3"], "area": [1, 1, 0], "applicant": ["TOYCO", "TOYCO", "RIVAL"],
                      "x": [5.0, 5.1, 0.0], "y": [5.0, 5.0, 0.0], "title": ["new lamp", "new lamp 2", "brick"]})
AFTER = pd.concat([BEFORE, ADDED], ignore_index=True)


def changes(**kw):
    return what_changed(BEFORE, AFTER, ADDED["id"], since="v1", clusters_before=CLUSTERS,
                        clusters_after=CLUSTERS, **kw)


def test_new_filings_and_a_new_entrant_in_both_languages():
    c = changes()
    assert list(c.columns) == CHANGE_COLUMNS
    filings = c[c["kind"] == "new_filings"].set_index("area")["count"].to_dict()
    assert filings == {0: 1, 1: 2}
    (entrant,) = c[c["kind"] == "new_entrant"].itertuples()
    assert (entrant.group, entrant.area, entrant.count) == ("TOYCO", 1, 2)
    assert "TOYCO files in 'lamp / diode' for the first time: 2 patents" in entrant.text_en
    assert "TOYCO 首次在「灯」领域申请：新增 2 件" in entrant.text_zh
    assert json.loads(entrant.figures)["ids"] == ["N1", "N2"]
    assert set(c["since"]) == {"v1"}


def test_groups_count_applicants_together():
    groups = pd.DataFrame({"applicant": ["TOYCO", "RIVAL", "LAMPCO"], "group": ["TOY GROUP", "TOY GROUP", "LAMPCO"]})
    c = changes(applicants=groups)
    assert set(c.loc[c["kind"] == "new_entrant", "group"]) == {"TOY GROUP"}


def test_rival_legal_white_space_surge_and_drift_rows():
    white = pd.DataFrame({"rank": [1], "x": [5.0], "y": [5.0], "radius": [0.5], "description_en": ["between"],
                          "description_zh": ["之间"]})
    legal = pd.DataFrame({"id": ["A1"], "before": ["pending"], "after": ["active"]})
    alerts = pd.DataFrame({"kind": ["surge"], "area": [1], "applicant": ["TOYCO"],
                           "numbers": [{"count": 2, "previous_count": 0}], "explanation_en": ["TOYCO surged"],
                           "explanation_zh": ["TOYCO 激增"], "patent_ids": [["N1", "N2"]]})
    risen = CLUSTERS.assign(trend=["stable", "emerging"], growth=[0.0, 0.4])
    summary, _ = drift(np.random.default_rng(0).normal(size=(40, 5)), np.repeat([0, 1], 20), np.full((3, 5), 9.0))
    c = what_changed(BEFORE, AFTER, ADDED["id"], since="2026-11-01", clusters_before=CLUSTERS,
                     clusters_after=risen, white_spaces=white, legal=legal, watched="RIVAL",
                     alerts_before=alerts.iloc[:0], alerts_after=alerts, drift=summary)
    kinds = c["kind"].value_counts().to_dict()
    assert kinds == {"new_filings": 2, "new_entrant": 1, "surge": 2, "near_white_space": 2, "rival_move": 1,
                     "legal_change": 1, "drift": 1}
    assert set(c.loc[c["kind"] == "near_white_space", "id"]) == {"N1", "N2"}
    assert "is now emerging (+40% a year" in c.loc[(c["kind"] == "surge") & c["group"].isna(), "text_en"].iloc[0]
    (d,) = c[c["kind"] == "drift"].itertuples()
    assert d.count == 3 and "100% of the 3 new patents" in d.text_en and "update --rebuild" in d.text_en
    # an alert the previous version already had is no news
    again = what_changed(BEFORE, AFTER, ADDED["id"], since="v1", alerts_before=alerts, alerts_after=alerts)
    assert "surge" not in set(again["kind"])


def test_nothing_added_nothing_changed():
    c = what_changed(BEFORE, BEFORE, [], since="v1")
    assert c.empty and list(c.columns) == CHANGE_COLUMNS
