"""The per-patent facts a navigation reads: publications of one application folded into one row."""
import datetime as dt

import pandas as pd

from landscape.analyse.facts import FACT_COLUMNS, fold_facts, members_of


def test_publications_of_one_application_fold_into_one_row():
    points = pd.DataFrame({"id": ["CN1B", "US2A"]})
    documents = pd.DataFrame({"id": ["CN1B", "US2A"], "publications": [["CN1A", "CN1B"], ["US2A", "WO3A1"]]})
    members = members_of(points, documents)
    assert members.groupby("point")["id"].apply(list).tolist() == [["CN1B", "CN1A"], ["US2A", "WO3A1"]]
    records = pd.DataFrame({
        "id": ["CN1A", "CN1B", "US2A", "WO3A1"],
        "inventors": [["张三"], ["张三", "李四"], ["Ann Lee"], []],
        "cited_by_count": [2, 5, None, None],
        "cites": [[], [], ["US9A"], []],
        "claims_count": [12, 8, None, None],
        "legal_status": ["pending", "active", None, None],
        "legal_events": [["published"], ["granted"], [], []],
        "doc_type": ["application", "grant", "application", "application"],
        "publication_date": [dt.date(2020, 1, 1), dt.date(2022, 1, 1), dt.date(2021, 1, 1), dt.date(2020, 6, 1)],
        "province": [None, "广东省", None, None],
    })
    cited = pd.Series({"CN1A": 1, "CN1B": 2})
    f = fold_facts(points, members, records, cited)
    assert f.columns.tolist() == FACT_COLUMNS
    cn, us = f.iloc[0], f.iloc[1]
    assert cn["inventors"] == ["张三", "李四"]
    assert cn["cited_by_count"] == 5 and cn["cited_in_store"] == 3 and cn["claims_count"] == 12
    assert cn["legal_status"] == "active"  # the latest publication's status
    assert cn["doc_type"] == "grant" and not cn["pct"] and cn["province"] == "广东省"
    assert us["pct"] and us["cites_count"] == 1 and us["cited_in_store"] == 0


def test_a_point_without_records_gets_empty_facts():
    points = pd.DataFrame({"id": ["X1"]})
    f = fold_facts(points, members_of(points, None), pd.DataFrame({"id": []}))
    assert f.loc[0, "inventors"] == [] and not f.loc[0, "pct"] and pd.isna(f.loc[0, "cited_by_count"])
