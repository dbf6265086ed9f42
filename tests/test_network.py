"""Collaboration: co-applicant links between groups, typed, in seeded communities."""
import numpy as np
import pandas as pd
import pytest

from landscape.analyse.network import (COLUMNS, NODE_COLUMNS, collaboration_graph, collaboration_links, link_kind,
                                       network_summary)

APPLICANTS = pd.DataFrame({
    "applicant": ["HARBOUR UNIV", "HARBOUR UNIV HOSPITAL", "KELPWORKS", "TIDEGATE", "MARLIN LABS",
                  "ALDER MOTORS", "BIRCH GEARS", "CEDAR CASTINGS", "ANN ROWE"],
    "group": ["HARBOUR UNIV", "HARBOUR UNIV", "KELPWORKS", "TIDEGATE", "MARLIN LABS",
              "ALDER MOTORS", "BIRCH GEARS", "CEDAR CASTINGS", "ANN ROWE"],
    "kind": ["university", "hospital", "firm", "firm", "institute", "firm", "firm", "firm", "individual"],
    "count": [6, 1, 5, 1, 1, 3, 3, 2, 1],
})


def _points():
    rows = [
        # The planted university-firm collaboration: four joint patents, nobody else near them.
        ("U1", 0, ["HARBOUR UNIV", "KELPWORKS"]), ("U2", 0, ["KELPWORKS", "HARBOUR UNIV"]),
        ("U3", 1, ["HARBOUR UNIV", "KELPWORKS"]), ("U4", 0, ["HARBOUR UNIV HOSPITAL", "KELPWORKS"]),
        # A university and its own hospital: one group, no link.
        ("U5", 0, ["HARBOUR UNIV", "HARBOUR UNIV HOSPITAL"]),
        # A cluster of firms filing together, elsewhere.
        ("F1", 2, ["ALDER MOTORS", "BIRCH GEARS"]), ("F2", 2, ["ALDER MOTORS", "BIRCH GEARS", "CEDAR CASTINGS"]),
        ("F3", -1, ["BIRCH GEARS", "CEDAR CASTINGS"]), ("F4", 2, ["ALDER MOTORS", "ANN ROWE"]),
        # One firm-institute link, and patents with one applicant.
        ("T1", 3, ["TIDEGATE", "MARLIN LABS"]), ("S1", 0, ["KELPWORKS"]), ("S2", 2, ["ALDER MOTORS"]),
    ]
    return pd.DataFrame({"id": [r[0] for r in rows], "area": [r[1] for r in rows], "applicants": [r[2] for r in rows]})


def test_link_words_are_fixed_and_ordered():
    assert link_kind("university", "enterprise") == link_kind("enterprise", "university") == "firm–university"
    assert link_kind("hospital", "university") == "university–hospital"
    assert link_kind("public", "enterprise") == "firm–public"
    assert link_kind("odd", "individual") == "individual–unknown"


def test_a_planted_university_firm_collaboration_is_found_typed_and_alone():
    links = collaboration_links(_points(), APPLICANTS)
    assert list(links.columns) == COLUMNS
    top = links.iloc[0]
    assert (top["a"], top["b"], top["patents"]) == ("HARBOUR UNIV", "KELPWORKS", 4)  # hospital joins its university
    assert (top["a_type"], top["b_type"], top["kind"]) == ("university", "enterprise", "firm–university")
    assert top["areas"] == [0, 1]
    # Its community holds nobody else.
    community = links.loc[links["community"] == top["community"]]
    assert top["community"] >= 0 and len(community) == 1
    firms = links[links["a"].isin(["ALDER MOTORS", "BIRCH GEARS"])]
    assert set(firms["community"]) == {firms["community"].iloc[0]} and firms["community"].iloc[0] != top["community"]
    assert not ((links["a"] == "HARBOUR UNIV") & (links["b"] == "HARBOUR UNIV")).any()


def test_whole_counting_and_a_plain_groupby_agree():
    links = collaboration_links(_points(), APPLICANTS).set_index(["a", "b"])
    assert links.loc[("ALDER MOTORS", "BIRCH GEARS"), "patents"] == 2
    assert links.loc[("BIRCH GEARS", "CEDAR CASTINGS"), "patents"] == 2
    assert links.loc[("BIRCH GEARS", "CEDAR CASTINGS"), "areas"] == [2]  # the unassigned patent is in no area
    assert links.loc[("ALDER MOTORS", "ANN ROWE"), "kind"] == "firm–individual"
    assert links.loc[("MARLIN LABS", "TIDEGATE"), "kind"] == "firm–institute"
    assert int(links["patents"].sum()) == 4 + 1 + 3 + 1 + 1 + 1  # U1-U4; F1; F2's three pairs; F3; F4; T1


def test_a_type_column_wins_over_kind_and_summary_counts():
    applicants = APPLICANTS.assign(type=["university", "hospital", "enterprise", "public", "institute",
                                         "enterprise", "enterprise", "enterprise", "individual"])
    links = collaboration_links(_points(), applicants)
    assert links.set_index(["a", "b"]).loc[("MARLIN LABS", "TIDEGATE"), "kind"] == "institute–public"
    summary = network_summary(links)
    assert summary["nodes"] == 8 and summary["links"] == 6
    assert summary["firm_university_links"] == 1 and summary["firm_university_share"] == pytest.approx(1 / 6)
    assert summary["communities"] >= 3
    assert network_summary(links.iloc[0:0])["links"] == 0


def test_the_same_table_gives_the_same_communities():
    a, b = collaboration_links(_points(), APPLICANTS), collaboration_links(_points(), APPLICANTS)
    assert a.equals(b)


def test_the_graph_can_be_filtered_to_some_patents():
    points = _points()
    nodes, edges = collaboration_graph(points, APPLICANTS, points["area"].to_numpy() == 0)
    assert list(nodes.columns) == NODE_COLUMNS and list(edges.columns) == COLUMNS
    assert edges[["a", "b", "patents"]].values.tolist() == [["HARBOUR UNIV", "KELPWORKS", 3]]
    kelp = nodes.set_index("node").loc["KELPWORKS"]
    assert kelp["patents"] == 4 and kelp["type"] == "enterprise" and kelp["links"] == 1  # S1 counts in the size
    by_ids, _ = collaboration_graph(points, APPLICANTS, {"F1", "F2"})
    assert sorted(by_ids["node"]) == ["ALDER MOTORS", "BIRCH GEARS", "CEDAR CASTINGS"]
    empty_nodes, empty_edges = collaboration_graph(points, APPLICANTS, np.zeros(len(points), dtype=bool))
    assert empty_nodes.empty and empty_edges.empty
    with pytest.raises(ValueError, match="one True/False per point"):
        collaboration_graph(points, APPLICANTS, np.ones(3, dtype=bool))
