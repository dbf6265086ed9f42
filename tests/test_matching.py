"""Matching a rebuilt map's areas to the previous version's: hand-made areas with known answers."""
import numpy as np
import pandas as pd

from landscape.analyse.matching import area_centroids, match_areas, renumbering


def points(groups: dict[int, range]) -> pd.DataFrame:
    return pd.DataFrame([{"id": f"P{i}", "area": a} for a, ids in groups.items() for i in ids])


def centroids(groups: dict[int, range]) -> dict[int, np.ndarray]:
    # Patent i lies at (i, 0): an area's centroid is its members' mean position.
    return {a: np.array([np.mean(list(ids)), 0.0]) for a, ids in groups.items()}


def by_status(table: pd.DataFrame) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for r in table.itertuples():
        out.setdefault(r.status, []).append((None if pd.isna(r.new_area) else int(r.new_area),
                                             None if pd.isna(r.old_area) else int(r.old_area)))
    return out


def test_renumbered_areas_are_matched_back():
    old = {0: range(0, 40), 1: range(40, 70), 2: range(70, 90)}
    new = {2: range(0, 42), 0: range(42, 70), 1: range(70, 95)}  # renumbered, a few patents moved or added
    table = match_areas(points(old), points(new), centroids(old), centroids(new))
    assert by_status(table) == {"kept": [(0, 1), (1, 2), (2, 0)]}
    assert renumbering(table, old_max=2) == {0: 1, 1: 2, 2: 0}
    kept = table.set_index("new_area")
    assert kept.loc[2, "shared"] == 40 and kept.loc[0, "shared"] == 28
    assert np.isclose(kept.loc[2, "jaccard"], 40 / 42)


def test_a_split_keeps_the_bigger_part_and_names_the_other():
    old = {0: range(0, 100), 1: range(100, 150)}
    new = {0: range(0, 60), 1: range(60, 100), 2: range(100, 150)}
    table = match_areas(points(old), points(new), centroids(old), centroids(new))
    assert by_status(table) == {"kept": [(0, 0), (2, 1)], "split": [(1, 0)]}
    assert renumbering(table, old_max=1) == {0: 0, 2: 1, 1: 2}


def test_a_merge_and_a_vanished_and_a_new_area():
    old = {0: range(0, 50), 1: range(50, 80), 2: range(80, 100), 3: range(100, 130)}
    # 0 and 1 merge into new 0; old 2's patents scatter; old 3 stays; new 2 is made of new patents
    # plus a few of old 2's.
    new = {0: list(range(0, 80)) + list(range(80, 88)), 1: list(range(100, 130)) + list(range(88, 94)),
           2: list(range(94, 100)) + list(range(200, 230))}
    table = match_areas(points(old), points(new), centroids(old), centroids(new))
    assert by_status(table) == {"kept": [(0, 0), (1, 3)], "new": [(2, None)], "merged": [(0, 1)],
                                "vanished": [(None, 2)]}
    assert renumbering(table, old_max=3) == {0: 0, 1: 3, 2: 4}


def test_centroid_distance_breaks_ties():
    # Old 0 and 1 each hold half of new 0's patents: the nearer centroid is matched.
    old = {0: range(0, 10), 1: range(10, 20)}
    new = {0: range(0, 20)}
    near_1 = {0: np.array([5.0, 0.0]), 1: np.array([15.0, 0.0])}
    table = match_areas(points(old), points(new), near_1, {0: np.array([14.0, 0.0])})
    assert by_status(table) == {"kept": [(0, 1)], "merged": [(0, 0)]}


def test_deterministic_and_area_centroids():
    rng = np.random.default_rng(0)
    ids = pd.Series([f"P{i}" for i in range(60)])
    vectors = rng.normal(size=(60, 4))
    old = pd.DataFrame({"id": ids, "area": rng.integers(0, 4, 60)})
    new = pd.DataFrame({"id": ids[::-1].to_numpy(), "area": rng.integers(0, 5, 60)})
    c_old, c_new = area_centroids(old, ids, vectors), area_centroids(new, ids, vectors)
    assert np.allclose(c_old[0], vectors[(old["area"] == 0).to_numpy()].mean(axis=0))
    first = match_areas(old, new, c_old, c_new)
    pd.testing.assert_frame_equal(first, match_areas(old.sample(frac=1, random_state=1), new, c_old, c_new))
    assert sorted(first.loc[first["status"].isin(["kept", "split", "new"]), "new_area"]) == [0, 1, 2, 3, 4]
    assert sorted(first.loc[first["status"].isin(["kept", "merged", "vanished"]), "old_area"]) == [0, 1, 2, 3]
