"""What a person can do to a map from the app (or a script): evaluate the alerts again with
rules edited on the page, edit the corporate groups and preview them, draw, mark and score the
breakdown's check sample. One small layer between
the display (``app_pages/``, ``landscape/views/``, ``landscape/report/``), which only shows
tables, and the analyses (``landscape.analyse``), which compute them; ``landscape analyse``
runs the same functions, so the same settings give the same tables.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from landscape.analyse import alerts as _alerts
from landscape.analyse.applicants import applicants_table, groups_table
# The group edits live in one workspace file (``OVERRIDES_FILE``) that the next ``landscape
# analyse`` reads; reading and saving it are the analysis's own functions, offered here.
from landscape.analyse.groups import OVERRIDES_FILE, load_group_overrides, save_group_overrides  # noqa: F401
from landscape.breakdown import check as _check
from landscape.breakdown import check_sheet as _sheet
from landscape.maps import MapBundle

#: Severity names, most severe first, and the rule settings whose value is one.
SEVERITIES = _alerts.SEVERITIES
SEVERITY_KEYS = _alerts.SEVERITY_KEYS


# --------------------------------------------------------------------------- regional navigation

def navigate_region(workspace: Path, name: str, region: str) -> dict:
    """``landscape navigate --map NAME --region REGION`` from the app: the map's navigation for
    ``region``, published as its new version (the store is only read). A region the place rules
    cannot name raises ValueError with one sentence."""
    from landscape.navigation import navigate

    return navigate(workspace, name, region)["navigation"]


# --------------------------------------------------------------------------- alerts

def alert_settings(bundle: MapBundle) -> dict | None:
    """``{"home", "watch", "by", "rules"}`` the bundle's alerts were analysed with; None before
    any analysis (or one that did not record its rules)."""
    return _alerts.analysed_settings(bundle.manifest)


def default_alert_rules() -> dict:
    """The alert rules as shipped (every rule with all its settings)."""
    return _alerts.load_rules()


def evaluate_alerts(bundle: MapBundle, *, rules: dict, home: str, watch: str | None, by: str) -> pd.DataFrame:
    """The bundle's alerts under ``rules`` (the very call ``landscape analyse`` makes).

    Raises ``ValueError`` with one sentence for rules that do not make sense."""
    return _alerts.bundle_alerts(bundle, rules=rules, home=home, watch=watch, by=by)


# --------------------------------------------------------------------------- corporate groups

def preview_groups(bundle: MapBundle, overrides: dict[str, str]) -> pd.DataFrame:
    """The groups table the next ``landscape analyse`` would write with ``overrides``."""
    home = (bundle.manifest.get("analysis") or {}).get("home", "CN")
    return groups_table(applicants_table(bundle.points, home=home, overrides=overrides))


def groups_of(bundle: MapBundle) -> pd.DataFrame | None:
    """The bundle's groups table; for a bundle analysed before it was written, derived from its
    applicants table (the same function analyse runs); None before any analysis."""
    groups = bundle.table("groups")
    if groups is not None:
        return groups
    applicants = bundle.table("applicants")
    return None if applicants is None else groups_table(applicants)


# --------------------------------------------------------------------------- breakdown check

#: Where the app keeps a map's check sheet: ``WORKSPACE/breakdown_checks/NAME.xlsx``.
CHECKS_DIR = "breakdown_checks"
#: A sheet that cannot be read or scored: one sentence naming the file and row.
CheckSheetError = _sheet.CheckSheetError


def breakdown_check_file(workspace: Path, name: str) -> Path:
    """The check sheet of map ``name`` in the workspace (the patent store is never written)."""
    return Path(workspace) / CHECKS_DIR / f"{name}.xlsx"


def draw_breakdown_check(bundle: MapBundle, *, per_branch: int, not_assigned: int, seed: int) -> pd.DataFrame:
    """The sample rows ``landscape breakdown-sample`` draws with the same settings."""
    return _check.check_rows(bundle, per_branch=per_branch, not_assigned=not_assigned, seed=seed)


def new_breakdown_check(workspace: Path, bundle: MapBundle, *, per_branch: int, not_assigned: int,
                        seed: int) -> tuple[pd.DataFrame, Path, Path | None]:
    """Draw a sample and save it as the map's check sheet: ``(rows, sheet, kept)``. An earlier
    sheet with marks in it is never overwritten: it is renamed (``kept``, else None)."""
    rows = draw_breakdown_check(bundle, per_branch=per_branch, not_assigned=not_assigned, seed=seed)
    sheet = breakdown_check_file(workspace, bundle.name)
    kept = None
    if sheet.exists():
        try:
            earlier, _ = load_breakdown_check(sheet)
            marked = earlier["correct"].map(lambda v: v not in (None, "")).any()
        except CheckSheetError:
            marked = True  # not readable here: keep it for a person to look at
        if marked:
            stamp = pd.Timestamp.now().strftime("%Y%m%d-%H%M%S")
            kept = sheet.with_name(f"{sheet.stem}-{stamp}{sheet.suffix}")
            sheet.replace(kept)
    save_breakdown_check(sheet, rows, breakdown_source(bundle))
    return rows, sheet, kept


def save_breakdown_check(path: Path, rows: pd.DataFrame, drawn_from: str | None) -> Path:
    """Write the check sheet (the workbook ``breakdown-sample`` writes; ``drawn_from``: the
    breakdown's hash it was drawn from) to ``path``, replacing it whole."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    part.write_bytes(_sheet.workbook_bytes(rows, drawn_from))
    part.replace(path)
    return path


def breakdown_source(bundle: MapBundle) -> str | None:
    """Which breakdown the bundle holds (the hash a sample drawn now records)."""
    return _check.breakdown_sha256(bundle)


def load_breakdown_check(path: Path) -> tuple[pd.DataFrame, str | None]:
    """The saved check sheet's rows (marks as written) and the breakdown it was drawn from."""
    return _sheet.read_sheet(path)


def score_breakdown_check(workspace: Path, name: str, path: Path) -> tuple[pd.DataFrame, dict]:
    """Score the marked sheet and publish the figures into map ``name`` (``breakdown-score``)."""
    return _check.publish_scores(workspace, name, path)
