"""What changed on a map since its previous version: one row per item, each saying its numbers
in English and Chinese (``changes.parquet``, see docs/watch.md).

Kinds: ``new_filings`` (new patents per area), ``new_entrant`` (a group filing in an area for
the first time), ``surge`` (a surge alert, by the alert rule of :mod:`landscape.analyse.alerts`,
that the previous version did not have; an area whose growth status, by
:mod:`landscape.rules.growth`, rose to growing or emerging), ``near_white_space`` (a new patent
inside or near a white space), ``rival_move`` (the watched applicant's new patents per area),
``legal_change`` (a patent whose legal status changed) and ``drift`` (new patents far from
every area, :mod:`landscape.drift`). Pure: DataFrames in, a DataFrame out.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landscape.rules.names import in_sentence

CHANGE_COLUMNS = ["kind", "area", "branch", "id", "group", "count", "text_en", "text_zh", "figures", "since"]
KINDS = ("new_filings", "new_entrant", "surge", "near_white_space", "rival_move", "legal_change", "drift")
#: growth statuses in rising order: a move up to one of the last two is news
_RISING = {"too few": 0, "cooling": 0, "stable": 1, "growing": 2, "emerging": 3}


@dataclass(frozen=True)
class ChangeRules:
    """``entrant_min``: new patents a group needs in an area new to it to be named there (one
    is common: a watch of 5,469 Lens robotics records named 1,460 groups with one or more);
    ``near_factor``: a new patent within this many radii of a white space's centre is near it;
    ``ids_shown``: patents listed per row in ``figures``."""

    entrant_min: int = 2
    near_factor: float = 1.5
    ids_shown: int = 20


def _row(kind, since, text_en, text_zh, figures, *, area=None, branch=None, pid=None, group=None, count=1) -> dict:
    return {"kind": kind, "area": area, "branch": branch, "id": pid, "group": group, "count": int(count),
            "text_en": text_en, "text_zh": text_zh, "figures": json.dumps(figures, ensure_ascii=False, default=str),
            "since": str(since)}


def _patents(n: int) -> str:
    return f"{n} patent" if n == 1 else f"{n} patents"


def _namer(clusters: pd.DataFrame | None):
    labels = {} if clusters is None or "id" not in clusters else {
        int(i): (en, zh) for i, en, zh in zip(clusters["id"], clusters.get("label_en", [None] * len(clusters)),
                                              clusters.get("label_zh", [None] * len(clusters)))}

    def named(area) -> tuple[str, str]:
        en, zh = labels.get(int(area), (None, None))
        return in_sentence(int(area), en, "en"), in_sentence(int(area), zh, "zh")
    return named


def group_of(points: pd.DataFrame, applicants: pd.DataFrame | None) -> pd.Series:
    """Each point's competitor: its first applicant's corporate group (``applicants.parquet``),
    else the applicant itself; None without an applicant."""
    names = points["applicant"].where(points["applicant"].notna(), None)
    if applicants is None or not {"applicant", "group"} <= set(applicants.columns):
        return names
    groups = applicants.drop_duplicates("applicant").set_index("applicant")["group"]
    return names.map(groups).where(lambda s: s.notna(), names)


def new_filings(added: pd.DataFrame, total: pd.Series, named, since, rules: ChangeRules) -> list[dict]:
    out = []
    for area, rows in added.groupby("area", sort=True):
        n = len(rows)
        now = int(total.get(area, n))
        en, zh = named(area)
        ids = rows["id"].astype(str).tolist()[:rules.ids_shown]
        out.append(_row("new_filings", since, f"{_patents(n)} new in {en} (now {now}).",
                        f"{zh}新增 {n} 件专利（现共 {now} 件）。",
                        {"new": n, "total": now, "ids": ids}, area=int(area), count=n))
    return out


def branch_filings(breakdown: pd.DataFrame, added_ids, branch_names: dict, since,
                   rules: ChangeRules = ChangeRules()) -> pd.DataFrame:
    """``new_filings`` rows per breakdown branch: the added patents each branch received, and its
    size now (``breakdown.parquet`` of the new version; a patent counts in each of its branches).
    ``branch_names``: branch id -> (English name, Chinese name)."""
    added = set(map(str, added_ids))
    assigned = breakdown[breakdown["branch"].astype(str) != ""]
    total = assigned.groupby("branch")["id"].nunique()
    out = []
    for branch, rows in assigned[assigned["id"].astype(str).isin(added)].groupby("branch", sort=True):
        ids = rows["id"].astype(str).drop_duplicates().tolist()
        en, zh = branch_names.get(branch, (branch, branch))
        n, now = len(ids), int(total.get(branch, len(ids)))
        out.append(_row("new_filings", since, f"{_patents(n)} new in branch {en} (now {now}).",
                        f"分支{zh}新增 {n} 件专利（现共 {now} 件）。",
                        {"new": n, "total": now, "ids": ids[:rules.ids_shown]}, branch=str(branch), count=n))
    return pd.DataFrame(out, columns=CHANGE_COLUMNS)


def new_entrants(before: pd.DataFrame, added: pd.DataFrame, named, since, rules: ChangeRules) -> list[dict]:
    """Groups with new patents in an area where the previous version had none of theirs."""
    known = set(zip(before["area"].astype(int), before["group"].dropna().astype(str))) if len(before) else set()
    out = []
    for (area, group), rows in added.dropna(subset=["group"]).groupby(["area", "group"], sort=True):
        if (int(area), str(group)) in known or len(rows) < rules.entrant_min:
            continue
        en, zh = named(area)
        n = len(rows)
        ids = rows["id"].astype(str).tolist()[:rules.ids_shown]
        out.append(_row("new_entrant", since,
                        f"{group} files in {en} for the first time: {_patents(n)} ({', '.join(ids[:3])}).",
                        f"{group} 首次在{zh}申请：新增 {n} 件（{'、'.join(ids[:3])}）。",
                        {"new": n, "ids": ids}, area=int(area), group=str(group), count=n))
    return sorted(out, key=lambda r: -r["count"])


def surges(alerts_before: pd.DataFrame | None, alerts_after: pd.DataFrame | None,
           clusters_before: pd.DataFrame | None, clusters_after: pd.DataFrame | None, named, since) -> list[dict]:
    """Surge alerts the new version has and the previous one had not, and areas whose growth
    status rose to growing or emerging."""
    out = []
    if alerts_after is not None and len(alerts_after):
        old = set()
        if alerts_before is not None and len(alerts_before):
            s = alerts_before[alerts_before["kind"] == "surge"]
            old = set(zip(s["area"].astype(int), s["applicant"].astype(str)))
        for _, a in alerts_after[alerts_after["kind"] == "surge"].iterrows():
            if (int(a["area"]), str(a["applicant"])) in old:
                continue
            numbers = a["numbers"] if isinstance(a["numbers"], dict) else {}
            out.append(_row("surge", since, a["explanation_en"], a["explanation_zh"],
                            {**numbers, "ids": list(a["patent_ids"])}, area=int(a["area"]),
                            group=str(a["applicant"]), count=int(numbers.get("count", len(a["patent_ids"])))))
    if clusters_before is not None and clusters_after is not None and "trend" in clusters_after:
        was = dict(zip(clusters_before["id"].astype(int), clusters_before.get("trend", pd.Series(dtype=str))))
        for _, c in clusters_after.iterrows():
            old, new = was.get(int(c["id"])), c["trend"]
            if _RISING.get(new, 0) >= 2 and _RISING.get(new, 0) > _RISING.get(old, 0):
                en, zh = named(c["id"])
                rate = float(c["growth"]) if pd.notna(c.get("growth")) else float("nan")
                out.append(_row("surge", since,
                                f"{en[:1].upper() + en[1:]} is now {new} ({rate * 100:+.0f}% a year; it was {old}).",
                                f"{zh}增长状态升为{_STATUS_ZH.get(new, new)}（年增长 {rate * 100:+.0f}%；此前为"
                                f"{_STATUS_ZH.get(old, old)}）。",
                                {"status": new, "previous_status": old, "growth": rate}, area=int(c["id"]),
                                count=int(c.get("size", 0) or 0)))
    return out


_STATUS_ZH = {"emerging": "新兴", "growing": "增长", "stable": "平稳", "cooling": "降温", "too few": "数量过少"}


def near_white_spaces(added: pd.DataFrame, white_spaces: pd.DataFrame | None, since, rules: ChangeRules
                      ) -> list[dict]:
    """New patents inside a white space (its grid cells) or within ``near_factor`` radii of its centre."""
    if white_spaces is None or not len(white_spaces) or not len(added):
        return []
    from landscape.analyse.white_space import region_contains

    xy = added[["x", "y"]].to_numpy(dtype=float)
    out = []
    for _, w in white_spaces.iterrows():
        inside = region_contains(w.to_frame().T, xy) if "cell_ids" in w else np.zeros(len(xy), bool)
        dist = np.hypot(xy[:, 0] - float(w["x"]), xy[:, 1] - float(w["y"]))
        near = inside | (dist <= rules.near_factor * float(w["radius"]))
        for i in np.flatnonzero(near):
            r = added.iloc[i]
            where_en = "inside" if inside[i] else "near"
            where_zh = "内" if inside[i] else "附近"
            out.append(_row("near_white_space", since,
                            f"New patent {r['id']} ({r.get('title', '')}) lies {where_en} white space "
                            f"{int(w['rank'])}: {w.get('description_en', '')}",
                            f"新专利 {r['id']}（{r.get('title', '')}）位于空白点 {int(w['rank'])} {where_zh}："
                            f"{w.get('description_zh', '')}",
                            {"white_space": int(w["rank"]), "inside": bool(inside[i]),
                             "distance_in_radii": round(float(dist[i] / float(w["radius"])), 2)},
                            area=int(r["area"]), pid=str(r["id"]), group=r.get("group")))
    return out


def rival_moves(added: pd.DataFrame, watched: str | None, named, since, rules: ChangeRules) -> list[dict]:
    if not watched:
        return []
    mine = added[added["group"].astype(str).str.casefold() == watched.casefold()]
    out = []
    for area, rows in mine.groupby("area", sort=True):
        en, zh = named(area)
        n = len(rows)
        ids = rows["id"].astype(str).tolist()[:rules.ids_shown]
        out.append(_row("rival_move", since, f"Watched {watched} has {_patents(n)} new in {en} ({', '.join(ids[:3])}).",
                        f"关注对象 {watched} 在{zh}新增 {n} 件专利（{'、'.join(ids[:3])}）。",
                        {"new": n, "ids": ids}, area=int(area), group=watched, count=n))
    return out


def legal_changes(legal: pd.DataFrame | None, areas: pd.Series, since) -> list[dict]:
    """``legal``: ``id, before, after`` for patents whose legal status changed."""
    if legal is None or not len(legal):
        return []
    out = []
    for _, r in legal.iterrows():
        area = areas.get(r["id"])
        out.append(_row("legal_change", since, f"{r['id']}: legal status {r['before'] or 'unknown'} → {r['after']}.",
                        f"{r['id']}：法律状态由 {r['before'] or '未知'} 变为 {r['after']}。",
                        {"before": r["before"], "after": r["after"]},
                        area=None if area is None or pd.isna(area) else int(area), pid=str(r["id"])))
    return out


def drift_row(summary: dict | None, since) -> list[dict]:
    if not summary or not summary.get("new"):
        return []
    share, own, k = summary["share_far"], summary["share_far_map"], summary["new_dense_regions"]
    en = (f"{share:.0%} of the {summary['new']} new patents lie far from every area (the map's own patents: "
          f"{own:.0%}); {k} new dense regions among them.")
    zh = f"{summary['new']} 件新专利中 {share:.0%} 远离所有领域（地图原有专利为 {own:.0%}）；其中新的密集区 {k} 个。"
    if summary.get("suggest_rebuild"):
        en += " Consider `landscape update --rebuild`."
        zh += "建议运行 `landscape update --rebuild` 重建地图。"
    return [_row("drift", since, en, zh, {k: v for k, v in summary.items() if k != "regions"},
                 count=summary["far"])]


def what_changed(before: pd.DataFrame, after: pd.DataFrame, added_ids, *, since, clusters_before=None,
                 clusters_after=None, applicants=None, white_spaces=None, alerts_before=None, alerts_after=None,
                 legal=None, watched: str | None = None, drift: dict | None = None,
                 rules: ChangeRules = ChangeRules()) -> pd.DataFrame:
    """Every change between two versions of a map's points.

    Parameters
    ----------
    before, after : DataFrame
        The points of the previous and the new version (``id, area, applicant``; ``after``
        also ``x, y, title``).
    added_ids : list of str
        The patents the new version added.
    since : str
        What is compared with (``"v1"`` or a date), written in every row.
    applicants : DataFrame, optional
        The new version's ``applicants`` table: competitors counted by corporate group.
    legal : DataFrame, optional
        ``id, before, after``: legal statuses that changed.
    watched : str, optional
        The watched applicant's group (``analyse --watch``).
    drift : dict, optional
        :func:`landscape.drift.drift`'s summary.

    Returns
    -------
    DataFrame with :data:`CHANGE_COLUMNS`, by kind in :data:`KINDS` order.
    """
    named = _namer(clusters_after if clusters_after is not None else clusters_before)
    before = before.assign(group=group_of(before, applicants))
    after = after.assign(group=group_of(after, applicants))
    added = after[after["id"].isin(set(added_ids))]
    rows = (new_filings(added, after.groupby("area").size(), named, since, rules)
            + new_entrants(before, added, named, since, rules)
            + surges(alerts_before, alerts_after, clusters_before, clusters_after, named, since)
            + near_white_spaces(added, white_spaces, since, rules)
            + rival_moves(added, watched, named, since, rules)
            + legal_changes(legal, after.set_index("id")["area"], since)
            + drift_row(drift, since))
    out = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    out["area"] = out["area"].astype("Int64")
    out["count"] = out["count"].astype("int64")
    order = {k: i for i, k in enumerate(KINDS)}
    return out.sort_values("kind", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
