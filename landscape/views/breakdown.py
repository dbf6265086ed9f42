"""The technology breakdown, shown: its branch tree with patent counts, a sunburst, a branch's
patents on the map and the precision / recall figures. Computed from the bundle's
``breakdown.parquet`` and the branches in its manifest (``bundle_branches``); the per-branch
tables of ``landscape breakdown`` (branch_summary, branch_years, ...) are displayed as written.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from landscape.i18n import t

#: A full-width space: indents a branch under its parent in a list, in either language.
INDENT = "\u3000\u3000"


def branch_tree(branches: pd.DataFrame, breakdown: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per branch, in the breakdown's order: ``id, parent, level, name, description,
    patents`` (distinct patents assigned to it), ``own`` (of those, the ones in none of its
    sub-branches), names in ``lang``."""
    counts = breakdown[breakdown["branch"] != ""].groupby("branch")["id"].nunique()
    other = "zh" if lang == "en" else "en"
    out = pd.DataFrame({
        "id": branches["id"].astype(str),
        "parent": branches["parent"].fillna("").astype(str),
        "level": branches["level"].astype(int),
        "name": branches[f"name_{lang}"].fillna(branches[f"name_{other}"]).astype(str),
        "description": branches[f"description_{lang}"].fillna(branches[f"description_{other}"]).astype(str),
    })
    out["patents"] = out["id"].map(counts).fillna(0).astype(int)
    # Patents in the branch but in none of its sub-branches: the sunburst's own share of a ring,
    # so a parent's ring is not drawn twice the size of what it holds.
    by_branch = breakdown[breakdown["branch"] != ""].groupby("branch")["id"].agg(set)
    children = out.groupby("parent")["id"].agg(list)
    out["own"] = [len(by_branch.get(b, set()) - set().union(*(by_branch.get(c, set()) for c in children.get(b, []))))
                  for b in out["id"]]
    return out


def unassigned_count(breakdown: pd.DataFrame) -> int:
    """Patents in no branch (their one row has an empty branch)."""
    assigned = set(breakdown.loc[breakdown["branch"] != "", "id"])
    return int(breakdown.loc[~breakdown["id"].isin(assigned), "id"].nunique())


def branch_label(tree: pd.DataFrame, branch: str) -> str:
    """The branch's name indented by its level, with its patent count, for a selectbox."""
    row = tree.set_index("id").loc[branch]
    return f"{INDENT * (int(row['level']) - 1)}{row['name']} · {int(row['patents']):,}"


def branch_mask(points: pd.DataFrame, breakdown: pd.DataFrame, branch: str) -> np.ndarray:
    """Which of the map's patents are assigned to ``branch``."""
    members = set(breakdown.loc[breakdown["branch"] == branch, "id"].astype(str))
    return points["id"].astype(str).isin(members).to_numpy()


def sunburst_figure(tree: pd.DataFrame, lang: str, height: int = 520):
    """The branch tree as a sunburst: a branch's slice is its sub-branches' slices and its
    patents in none of them (a patent in two sub-branches counts in both); hover gives its
    patents."""
    import plotly.graph_objects as go

    fig = go.Figure(go.Sunburst(
        ids=tree["id"], parents=tree["parent"], labels=tree["name"], values=tree["own"],
        branchvalues="remainder", customdata=tree["patents"],
        hovertemplate="%{label}<br>" + t("col.patents", lang) + ": %{customdata:,}<extra></extra>"))
    fig.update_layout(height=height, margin=dict(l=0, r=0, t=10, b=0))
    return fig


QUALITY_COLUMNS = ("name", "level", "marked", "precision", "precision_low", "precision_high",
                   "recall_marked", "recall", "recall_low", "recall_high")


def quality_figures(manifest: dict) -> dict | None:
    """``{branch id: {precision, precision_low, …}}`` as ``landscape breakdown-score`` wrote it
    into the manifest's ``breakdown_quality``; None when the breakdown was not checked."""
    figures = (manifest.get("breakdown_quality") or {}).get("branches")
    return figures if isinstance(figures, dict) else None


def quality_table(manifest: dict, tree: pd.DataFrame) -> pd.DataFrame | None:
    """Precision and recall with their intervals per branch (:func:`quality_figures`), each
    branch named and indented; None when not scored."""
    figures = quality_figures(manifest)
    if figures is None:
        return None
    rows = []
    for branch in tree.itertuples(index=False):
        got = figures.get(branch.id)
        if isinstance(got, dict):
            rows.append({"name": INDENT * (int(branch.level) - 1) + branch.name, "level": branch.level,
                         **{k: got.get(k) for k in QUALITY_COLUMNS[2:]}})
    out = pd.DataFrame(rows, columns=list(QUALITY_COLUMNS))
    for column in QUALITY_COLUMNS[3:]:
        out[column] = pd.to_numeric(out[column], errors="coerce")
    return out


def localise_branch_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Headers in ``lang`` (``bd.col.<name>`` keys; a column without a key keeps its name)."""
    from landscape.i18n import STRINGS

    return df.rename(columns={c: t(f"bd.col.{c}", lang) for c in df.columns if f"bd.col.{c}" in STRINGS})


def summary_table(summary: pd.DataFrame, tree: pd.DataFrame) -> pd.DataFrame:
    """``branch_summary`` (as ``landscape breakdown`` wrote it) in the breakdown's order, each
    branch named in the app's language (the tree's names) and indented by level."""
    names = {r.id: INDENT * (int(r.level) - 1) + r.name for r in tree.itertuples(index=False)}
    order = {b: i for i, b in enumerate(tree["id"])}
    out = summary[summary["branch"].isin(names)].copy()
    out = out.iloc[np.argsort([order[b] for b in out["branch"]], kind="stable")]
    out.insert(0, "name", out["branch"].map(names))
    return out.drop(columns=[c for c in ("branch", "parent", "name_en", "name_zh") if c in out]).reset_index(drop=True)


def branch_white_spaces_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One branch's ``branch_white_spaces`` rows to read: rank, description in ``lang``, the
    branch's patents around it, patents inside and score."""
    from landscape.views.figures import white_space_descriptions

    out = pd.DataFrame({"rank": rows["rank"].to_numpy(), "description": white_space_descriptions(rows, lang)})
    for col in ("patents_near", "patents_inside", "score"):
        out[col] = rows[col].to_numpy()
    return out


def branch_rows(table: pd.DataFrame | None, branch: str, sort: str | None = None) -> pd.DataFrame | None:
    """One branch's rows of a per-branch table (branch_years, branch_areas, branch_applicants),
    without the branch column; None when the map has no such table."""
    if table is None or "branch" not in table:
        return None
    out = table[table["branch"] == branch].drop(columns="branch")
    if sort and sort in out:
        out = out.sort_values(sort, kind="stable")
    return out.reset_index(drop=True)
