"""The quality check of a map's breakdown, on the bundle: draw the sample sheet, score the marked one.

    rows = check_rows(read_bundle(ws, "toys"), per_branch=20)  # -> workbook_bytes(rows, breakdown_sha256(...))
    scores, notes = check_scores(read_bundle(ws, "toys"), "check.xlsx")  # -> update_bundle(..., breakdown_quality)
    scores, notes = publish_scores(ws, "toys", "check.xlsx")  # both: what `landscape breakdown-score` does
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from landscape.breakdown.bundle import bundle_branches
from landscape.breakdown.check_sheet import read_marks, sample_rows
from landscape.breakdown.quality import draw_sample, quality_notes, score
from landscape.corpora import show_path
from landscape.maps import MapBundle, read_bundle, update_bundle


def check_rows(bundle: MapBundle, *, per_branch: int = 20, not_assigned: int = 50, seed: int = 42) -> pd.DataFrame:
    """The check sheet's rows for the breakdown written into ``bundle`` (see ``quality.draw_sample``)."""
    branches = bundle_branches(bundle)
    sample = draw_sample(bundle.table("breakdown"), branches, per_branch=per_branch, not_assigned=not_assigned,
                         seed=seed)
    return sample_rows(sample, bundle.points, bundle.table("documents"), branches)


def breakdown_sha256(bundle: MapBundle) -> str | None:
    """Which breakdown the bundle holds: its breakdown.parquet's hash, as the manifest lists it."""
    return ((bundle.files or {}).get("breakdown.parquet") or {}).get("sha256")


def check_scores(bundle: MapBundle, checked) -> tuple[pd.DataFrame, dict]:
    """Precision and recall per branch from a marked check sheet, and the manifest's figures."""
    branches = bundle_branches(bundle)
    marks = read_marks(checked, branches["id"].tolist(), bundle.points["id"].astype(str), bundle.name,
                       breakdown_sha256(bundle))
    scores = score(marks, branches)
    return scores, quality_notes(scores, marks, show_path(Path(checked)))


def publish_scores(workspace: Path, name: str, checked) -> tuple[pd.DataFrame, dict]:
    """Score the marked sheet ``checked`` against map ``name`` and write the figures into its
    manifest (``breakdown_quality``, a new version of the map); the scores and the figures."""
    scores, notes = check_scores(read_bundle(workspace, name), checked)
    update_bundle(workspace, name, manifest={"breakdown_quality": notes})
    return scores, notes
