"""White spaces on planted maps: a vacancy that must be found, edges and noise that must not.

The planted map is a 5 x 5 lattice of blobs (technology areas) with the centre blob
missing: the vacancy at (0, 0) sits between two large areas, "Alpha" on its left and
"Beta" on its right, and is closed above and below by smaller ones, so activity
surrounds it. Every label and title is invented.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from landscape.analyse.white_space import (COLUMNS, WhiteSpaceSettings, density_grid, fill_rate_backtest,
                                           find_white_spaces, region_contains)

VACANCY = np.array([0.0, 0.0])
ALPHA, BETA = 0, 1  # the two large areas left and right of the vacancy


def lattice(seed: int = 0):
    """Points, areas and blob centres of the planted map (the vacancy blob left out)."""
    rng = np.random.default_rng(seed)
    blobs = [((-2, 0), 900, 0.5), ((2, 0), 900, 0.5)]
    blobs += [((gx, gy), 300 if max(abs(gx), abs(gy)) == 2 else 200, 0.45)
              for gx in (-4, -2, 0, 2, 4) for gy in (-4, -2, 0, 2, 4)
              if (gx, gy) not in [(-2, 0), (2, 0), (0, 0)]]
    xy = np.vstack([rng.normal(centre, sd, (n, 2)) for centre, n, sd in blobs])
    area = np.repeat(np.arange(len(blobs)), [n for _, n, _ in blobs])
    return xy, area, [c for c, _, _ in blobs]


def points_table(xy, area, years=None, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "id": [f"XX{i:06d}A" for i in range(len(xy))],
        "title": [f"invented title {i}" for i in range(len(xy))],
        "x": xy[:, 0].astype(np.float32), "y": xy[:, 1].astype(np.float32),
        "cluster": area, "area": area,
        "year": pd.array(rng.integers(2008, 2024, len(xy)) if years is None else years, dtype="Int32"),
    })


def clusters_table(n_areas: int) -> pd.DataFrame:
    names = {ALPHA: ("Alpha gear", "阿尔法齿轮"), BETA: ("Beta sensor", "贝塔传感器")}
    rows = []
    for a in range(n_areas):
        en, zh = names.get(a, (f"Area {a}", f"领域{a}"))
        rows.append({"id": a, "label_en": en, "label_zh": zh,
                     "terms_en": [f"{en.split()[0].lower()}-term{i}" for i in range(5)],
                     "terms_zh": [f"{zh}词{i}" for i in range(5)],
                     "top_codes": [{"code": f"A{a:02d}B", "level": "subclass", "share": 0.5}]})
    return pd.DataFrame(rows)


def embedding_5d(xy, seed: int = 0):
    """The 2-d points plus three noise dimensions: holes in 2-d are holes in 5-d too."""
    return np.column_stack([xy, np.random.default_rng(seed + 1).normal(0, 0.3, (len(xy), 3))])


@pytest.fixture(scope="module")
def planted():
    xy, area, centres = lattice()
    points = points_table(xy, area)
    clusters = clusters_table(len(centres))
    x5 = embedding_5d(xy)
    return points, clusters, x5, find_white_spaces(points, clusters, x5)


def test_finds_the_planted_vacancy(planted):
    points, _, _, ws = planted
    assert list(ws.columns) == COLUMNS and len(ws) >= 1
    top = ws.iloc[0]
    assert np.hypot(top["x"] - VACANCY[0], top["y"] - VACANCY[1]) < 0.5
    assert set(top["neighbour_areas"][:2]) == {ALPHA, BETA}
    assert top["confirmed_5d"] and top["ratio_5d"] > 1.5
    assert top["emptiness"] > 0.8 and top["patents_inside"] < 0.2 * top["expected_inside"]
    assert top["ring_patents"] > 1000 and top["p_value"] < 1e-10
    assert top["x0"] < 0 < top["x1"] and top["y0"] < 0 < top["y1"]
    assert list(ws["rank"]) == list(range(1, len(ws) + 1))
    assert ws["score"].is_monotonic_decreasing
    # the rest are gaps between neighbouring blobs, far weaker than the planted vacancy
    assert (ws["score"].iloc[1:] < 0.2 * top["score"]).all()


def test_outer_edge_is_not_reported(planted):
    _, _, _, ws = planted
    # The outermost blob centres are at +-4; beyond +-4.75 lies only the empty edge.
    boxes = ws[["x0", "y0", "x1", "y1"]].to_numpy()
    assert np.abs(boxes).max() < 4.75


def test_a_single_blob_has_no_white_space():
    xy = np.random.default_rng(3).normal(0, 1, (3000, 2))
    settings = WhiteSpaceSettings(max_p_value=1.0)  # even without the significance filter
    ws = find_white_spaces(points_table(xy, np.zeros(len(xy), int)), clusters_table(1), settings=settings)
    assert ws.empty and list(ws.columns) == COLUMNS


@pytest.mark.parametrize("seed", range(4))
def test_uniform_control_raises_at_most_weak_white_spaces(planted, seed):
    """Threshold: on a featureless map nothing passes the default significance filter, and
    without it the strongest candidate scores under 5 % of the planted vacancy."""
    xy = np.random.default_rng(100 + seed).uniform(-5, 5, (6800, 2))
    points, clusters = points_table(xy, np.zeros(len(xy), int)), clusters_table(1)
    assert find_white_spaces(points, clusters).empty
    weak = find_white_spaces(points, clusters, settings=WhiteSpaceSettings(max_p_value=1.0))
    assert weak.empty or (weak["score"].max() < 0.05 * planted[3]["score"].iloc[0]
                          and weak["p_value"].min() > 0.001)


def test_hole_only_in_2d_is_dropped():
    xy, area, centres = lattice()
    points, clusters = points_table(xy, area), clusters_table(len(centres))
    x5 = embedding_5d(xy)
    # The blobs just above and below the vacancy lie, in 5-d, right in it: the 2-d hole is
    # a projection artefact there.
    above_below = np.isin(area, [centres.index((0, 2)), centres.index((0, -2))])
    x5[above_below, :2] = np.random.default_rng(9).normal(0, 0.45, (above_below.sum(), 2))
    near = lambda ws: np.hypot(ws["x"] - VACANCY[0], ws["y"] - VACANCY[1]) < 1.0  # noqa: E731
    kept = find_white_spaces(points, clusters, x5)
    assert not near(kept).any()
    unchecked = find_white_spaces(points, clusters, x5, settings=WhiteSpaceSettings(require_5d=False))
    hole = unchecked[near(unchecked)]
    assert len(hole) == 1 and not hole["confirmed_5d"].iloc[0] and hole["ratio_5d"].iloc[0] < 1.0
    # without a 5-d layout nothing is checked and nothing dropped
    plain = find_white_spaces(points, clusters)
    assert near(plain).any() and plain["confirmed_5d"].isna().all()


def test_descriptions_name_both_neighbours_in_both_languages(planted):
    _, clusters, _, ws = planted
    top = ws.iloc[0]
    first, second = (clusters.set_index("id").loc[a] for a in top["neighbour_areas"][:2])
    en, zh = top["description_en"], top["description_zh"]
    assert en.startswith(f"Between {first['label_en']} and {second['label_en']}: combining ")
    assert "alpha-term0" in en and "beta-term0" in en and "(A00B)" in en
    assert zh.startswith(f"介于「{first['label_zh']}」与「{second['label_zh']}」之间：")
    assert "阿尔法齿轮词0" in zh and "贝塔传感器词0" in zh


def test_nearest_patents_on_each_side(planted):
    points, _, _, ws = planted
    top = ws.iloc[0]
    nearest = top["nearest"]
    assert [n["area"] for n in nearest] == [top["neighbour_areas"][0]] * 3 + [top["neighbour_areas"][1]] * 3
    for a in top["neighbour_areas"][:2]:
        members = points[points["area"] == a]
        d = np.hypot(members["x"] - top["x"], members["y"] - top["y"])
        expected = members["id"].to_numpy()[np.argsort(d.to_numpy(), kind="stable")[:3]]
        got = [n for n in nearest if n["area"] == a]
        assert [n["id"] for n in got] == list(expected)
        assert all(n["title"].startswith("invented title") for n in got)
        assert [n["distance"] for n in got] == sorted(n["distance"] for n in got)


def test_region_contains_uses_the_cells(planted):
    points, _, _, ws = planted
    xy = points[["x", "y"]].to_numpy(dtype=float)
    inside = region_contains(ws.head(1), xy)
    assert inside.sum() == ws["patents_inside"].iloc[0]
    probes = np.array([[0.0, 0.0], [40.0, 40.0], [np.nan, 0.0]])
    assert region_contains(ws, probes).tolist() == [True, False, False]
    assert not region_contains(ws.iloc[:0], xy).any()


def test_parquet_round_trip_keeps_regions_usable(planted, tmp_path):
    points, _, _, ws = planted
    ws.to_parquet(tmp_path / "white_spaces.parquet", index=False)
    back = pd.read_parquet(tmp_path / "white_spaces.parquet")
    xy = points[["x", "y"]].to_numpy(dtype=float)
    assert (region_contains(back, xy) == region_contains(ws, xy)).all()
    grid = density_grid(xy)
    assert (fill_rate_backtest(back, grid, xy[:300], n_draws=20)
            == fill_rate_backtest(ws, grid, xy[:300], n_draws=20))


def test_ring_growth_follows_the_neighbours_years():
    xy, area, centres = lattice()
    clusters, x5 = clusters_table(len(centres)), embedding_5d(xy)
    # last complete year 2020 (newest 2022 minus the publication lag): recent = 2018-2020
    rising = np.where(np.arange(len(xy)) % 3 == 0, 2015, 2019)
    falling = np.where(np.arange(len(xy)) % 3 == 0, 2019, 2015)
    rising[0] = falling[0] = 2022
    up = find_white_spaces(points_table(xy, area, rising), clusters, x5).iloc[0]
    down = find_white_spaces(points_table(xy, area, falling), clusters, x5).iloc[0]
    # Twice the filings in three years is about +26 % a year; half, about -21 %.
    assert up["ring_growth"] > 0.2 and down["ring_growth"] < -0.15
    assert up["score"] > down["score"]
    assert (up["x"], up["y"], up["cells"]) == (down["x"], down["y"], down["cells"])
    no_years = find_white_spaces(points_table(xy, area).drop(columns="year"), clusters, x5).iloc[0]
    assert np.isnan(no_years["ring_growth"]) and no_years["score"] > 0


def test_backtest_vacancy_filled_later_beats_random_regions(planted):
    points, _, _, ws = planted
    grid = density_grid(points[["x", "y"]].to_numpy(dtype=float))
    later = np.random.default_rng(5).normal(VACANCY, 0.3, (200, 2))
    result = fill_rate_backtest(ws, grid, later)
    assert result["later"] == 200 and result["inside"] > 180
    assert result["fill_rate"] == result["inside"] / 200
    assert result["ratio"] > 3 and result["z"] > 2 and result["p_value"] < 0.05
    assert result["density_ratio"] > 10  # far beyond what the early map's density predicts


def test_backtest_later_points_like_the_map_fill_less_than_random(planted):
    """Same distribution as the early map: the empty white spaces catch fewer than random
    places of the active hull (the baseline is an average place, not an empty one)."""
    points, _, _, ws = planted
    grid = density_grid(points[["x", "y"]].to_numpy(dtype=float))
    later, _, _ = lattice(seed=7)
    result = fill_rate_backtest(ws, grid, later[::4])
    assert result["ratio"] < 0.5
    # against the early density the fill is near what it predicts, below it from the blur
    assert 0.3 < result["density_ratio"] < 1.2


@pytest.mark.parametrize("seed", range(3))
def test_backtest_is_calibrated_on_a_featureless_map(seed):
    """Where later points are spread like the active hull itself, the white spaces fill
    like random regions of the same shapes: ratio about 1, no significant z."""
    rng = np.random.default_rng(seed)
    early = rng.uniform(-5, 5, (4000, 2))
    grid = density_grid(early)
    # Regions taken from a planted map, put on this grid: shapes the real thing produces.
    xy, area, centres = lattice()
    shapes = find_white_spaces(points_table(xy, area), clusters_table(len(centres))).head(3)
    middle = np.argwhere(grid.active)[len(np.argwhere(grid.active)) // 2]
    cell_ids = []
    for cells, geometry in zip(shapes["cell_ids"], shapes["grid"]):
        ij = np.column_stack(np.divmod(np.asarray(cells), geometry["ny"]))
        ij = ij - ij.min(axis=0) + middle - 3 * len(cell_ids)
        cell_ids.append(list(ij[:, 0] * grid.ny + ij[:, 1]))
    regions = pd.DataFrame({"cell_ids": cell_ids, "grid": [grid.geometry()] * len(cell_ids)})
    later = rng.uniform(-5, 5, (3000, 2))
    result = fill_rate_backtest(regions, grid, later, seed=seed)
    assert 0.75 < result["ratio"] < 1.33 and abs(result["z"]) < 3


def test_deterministic_and_independent_of_row_order(planted):
    points, clusters, x5, ws = planted
    again = find_white_spaces(points, clusters, x5)
    pd.testing.assert_frame_equal(ws, again)
    order = np.random.default_rng(1).permutation(len(points))
    shuffled = find_white_spaces(points.iloc[order].reset_index(drop=True), clusters, x5[order])
    pd.testing.assert_frame_equal(ws[["x", "y", "cells", "patents_inside", "ring_patents", "score"]],
                                  shuffled[["x", "y", "cells", "patents_inside", "ring_patents", "score"]])
    grid = density_grid(points[["x", "y"]].to_numpy(dtype=float))
    later = points[["x", "y"]].to_numpy(dtype=float)[:500]
    assert fill_rate_backtest(ws, grid, later, seed=3) == fill_rate_backtest(ws, grid, later, seed=3)


def test_bad_input_says_what_to_pass(planted):
    points, clusters, x5, _ = planted
    with pytest.raises(ValueError, match="lacks columns"):
        find_white_spaces(points.drop(columns="area"), clusters)
    with pytest.raises(ValueError, match="row-aligned"):
        find_white_spaces(points, clusters, x5[:10])
    assert find_white_spaces(points.head(5), clusters).empty
    other = density_grid(np.random.default_rng(0).uniform(0, 1, (500, 2)))
    with pytest.raises(ValueError, match="same points"):
        fill_rate_backtest(planted[3], other, np.zeros((3, 2)))
