"""The value score: planted patents rank as the formula says, missing parts are left out with
the weights renormalised, and the same map always gives the same scores."""
import pandas as pd
import pytest

from landscape.analyse.value import (COLUMNS, ValueWeights, citation_agreement, core_patents, percentile,
                                     value_formula, value_scores)


def _map(rows):
    """(id, area, year, cited_by_count, family_size, claims, legal, doc_type) rows."""
    points = pd.DataFrame({"id": [r[0] for r in rows], "area": [r[1] for r in rows], "year": [r[2] for r in rows]})
    facts = pd.DataFrame({"id": points["id"], "cited_by_count": pd.array([r[3] for r in rows], dtype="Int64"),
                          "cited_in_store": [0] * len(rows),
                          "family_size": pd.array([r[4] for r in rows], dtype="Int64"),
                          "claims_count": pd.array([r[5] for r in rows], dtype="Int64"),
                          "legal_status": [r[6] for r in rows], "doc_type": [r[7] for r in rows],
                          "filing_date": [pd.NaT] * len(rows)})
    return points, facts


ROWS = [
    ("STAR", 0, 2016, 40, 9, 20, "active", "grant"),       # most cited, largest family, in force
    ("MID", 0, 2016, 10, 4, 12, "active", "grant"),
    ("LAPSED", 0, 2016, 10, 4, 12, "inactive", "grant"),  # MID's twin, but lapsed
    ("YOUNG", 0, 2022, 3, 2, 10, "pending", "application"),
    ("QUIET", 0, 2016, 0, 1, 5, "inactive", "application"),
    ("OTHER", 1, 2018, 5, 3, 9, "unknown", "grant"),
]


def test_planted_patents_rank_in_the_formulas_order():
    points, facts = _map(ROWS)
    scores = value_scores(points, facts, as_of_year=2025)
    assert list(scores.columns) == COLUMNS and scores["id"].tolist() == points["id"].tolist()
    area0 = scores[scores["area"] == 0].sort_values("rank_in_area")
    assert area0["id"].tolist() == ["STAR", "MID", "LAPSED", "YOUNG", "QUIET"]
    assert scores.set_index("id").loc["OTHER", "rank_in_area"] == 1
    star = scores.set_index("id").loc["STAR"]
    assert star["citations_per_year"] == pytest.approx(40 / 10)  # filed 2016, counted to 2025: ten years
    assert star["legal"] == "active" and bool(star["granted"]) and star["family_size"] == 9
    assert 0 <= scores["value"].min() and scores["value"].max() <= 1


def test_the_value_is_the_documented_weighted_sum():
    points, facts = _map(ROWS)
    scores = value_scores(points, facts, as_of_year=2025).set_index("id")
    # OTHER recomputed by hand from its parts.
    cpy = scores["citations_per_year"]
    expected = (0.40 * percentile(cpy)["OTHER"] + 0.20 * percentile(scores["family_size"])["OTHER"]
                + 0.15 * percentile(scores["claims"])["OTHER"] + 0.15 * 0.5 + 0.10 * 1.0)  # unknown status: neutral
    assert scores.loc["OTHER", "value"] == pytest.approx(expected, abs=1e-6)


def test_a_part_missing_from_the_export_is_left_out_and_weights_renormalised():
    points, facts = _map(ROWS)
    facts["family_size"] = pd.array([pd.NA] * len(facts), dtype="Int64")
    facts["claims_count"] = pd.array([pd.NA] * len(facts), dtype="Int64")
    scores = value_scores(points, facts, as_of_year=2025)
    formula = scores.attrs["formula"]
    assert formula["parts"] == ["citations", "legal", "granted"] and formula["left_out"] == ["family_size", "claims"]
    assert formula["weights"] == pytest.approx({"citations": 0.4 / 0.65, "legal": 0.15 / 0.65, "granted": 0.1 / 0.65})
    assert sum(formula["weights"].values()) == pytest.approx(1.0)
    assert formula == value_formula(facts)
    assert formula["citations"] == "cited_by_count"
    # Without any citation count the store's count is read, and said, but only where the map's
    # own records carry reference lists (the citation network is seen inside the map).
    facts["cited_by_count"] = pd.array([pd.NA] * len(facts), dtype="Int64")
    facts["cited_in_store"] = [2, 0, 0, 0, 0, 1]
    facts["cites_count"] = pd.array([pd.NA] * len(facts), dtype="Int64")
    assert value_formula(facts)["citations"] is None
    facts["cites_count"] = pd.array([3, 0, 4, 0, 0, 0], dtype="Int64")
    assert value_scores(points, facts, as_of_year=2025).attrs["formula"]["citations"] == "cited_in_store"
    facts["cited_in_store"] = 0
    assert value_formula(facts)["parts"] == ["legal", "granted"]


def test_the_default_formula_lists_every_part():
    formula = value_formula()
    assert formula["parts"] == ["citations", "family_size", "claims", "legal", "granted"]
    assert formula["weights"] == pytest.approx({"citations": 0.4, "family_size": 0.2, "claims": 0.15,
                                                "legal": 0.15, "granted": 0.1})
    only_citations = ValueWeights(citations=1, family_size=0, claims=0, legal=0, granted=0)
    assert value_formula(weights=only_citations)["weights"]["citations"] == 1


def test_percentiles_count_ties_half():
    p = percentile(pd.Series([0, 0, 5, None, 9]))
    assert p.tolist()[:3] == [pytest.approx(1 / 6), pytest.approx(1 / 6), pytest.approx(2 / 3)]
    assert pd.isna(p[3]) and p[4] == 1.0
    assert percentile(pd.Series([3, 3])).tolist() == [0.5, 0.5]


def test_core_patents_and_determinism():
    points, facts = _map(ROWS + [("LOOSE", -1, 2016, 99, 9, 30, "active", "grant")])
    a = value_scores(points, facts, as_of_year=2025)
    assert a.equals(value_scores(points, facts, as_of_year=2025))
    core = core_patents(a, per_area=2)
    assert core["id"].tolist() == ["STAR", "MID", "OTHER"] and list(core.columns) == COLUMNS


def test_agreement_with_the_exports_citation_counts():
    points, facts = _map(ROWS)
    scores = value_scores(points, facts, as_of_year=2025)
    agree = citation_agreement(scores, facts, top_k=2)
    assert agree["n"] == 6 and agree["spearman"] > 0.7
    assert agree["top_k"] == 2 and agree["top_k_overlap"] == 0.5  # STAR in both; MID/LAPSED tie on citations
    facts["cited_by_count"] = pd.array([pd.NA] * len(facts), dtype="Int64")
    assert citation_agreement(scores, facts) == {"citations": "cited_by_count", "n": 0, "spearman": None,
                                                 "top_k": 0, "top_k_overlap": None}


def test_points_and_facts_must_match():
    points, facts = _map(ROWS)
    with pytest.raises(ValueError, match="one row per point"):
        value_scores(points, facts.iloc[:2], as_of_year=2025)
