"""Collaboration: which applicant groups file patents together (co-applicants), of what types,
and the communities they form.

Counting
--------
- A link joins two applicant **groups** (``applicants.parquet``'s ``group``; a name missing
  from the table is its own group) named on the same patent. Two applicants of one group (a
  university and its hospital) make no link.
- **Whole counting**: a patent with three groups counts once for each of its three pairs.
- ``areas``: the area ids of the pair's patents, most patents first; unassigned patents
  (area -1) are counted in ``patents`` but listed in no area.

Types and link words
--------------------
A group's type is the applicant type of docs/navigation.md (``enterprise``, ``university``,
``institute``, ``hospital``, ``public``, ``individual``, ``unknown``): the applicants table's
``type`` column, else its ``kind`` mapped by :func:`landscape.analyse.places.type_of_kind`; a group whose members
differ takes the type of the members with most patents. A link's ``kind`` names the two types
in the words of :data:`LINK_WORDS`, in the order of that table, joined by an en dash:
``firm–university``, ``firm–firm``, ``university–hospital``, ``firm–individual``, …

Communities
-----------
Louvain communities (:func:`networkx.community.louvain_communities`) of the graph of groups,
weighted by shared patents, with a fixed seed and nodes added in sorted order, so one table
gives one answer. Communities are numbered 0, 1, … from the most patents down; a link whose
two ends fall in different communities has community -1 (a bridge between them).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx
import numpy as np
import pandas as pd

from landscape.analyse.inventors import areas_by_count, patent_applicants
from landscape.analyse.places import type_of_kind

#: Columns of ``collaboration.parquet``.
COLUMNS = ["a", "b", "patents", "a_type", "b_type", "kind", "community", "areas"]
#: Columns of the nodes table of :func:`collaboration_graph`.
NODE_COLUMNS = ["node", "type", "patents", "links", "community"]
#: Applicant type -> the word a link's kind uses for it; the order of this table is the order
#: of the two words (``firm–university``, never ``university–firm``).
LINK_WORDS = {"enterprise": "firm", "university": "university", "institute": "institute",
              "hospital": "hospital", "public": "public", "individual": "individual",
              "unknown": "unknown"}
FIRM_UNIVERSITY = "firm–university"
SEED = 0


def link_kind(a_type: str, b_type: str) -> str:
    """The words of a link between two types, in :data:`LINK_WORDS` order: ``firm–university``."""
    order = list(LINK_WORDS)
    ends = sorted((t if t in LINK_WORDS else "unknown" for t in (a_type, b_type)), key=order.index)
    return "–".join(LINK_WORDS[t] for t in ends)


def group_types(applicants: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """(applicant -> group, group -> type) from an applicants table (see the module's notes)."""
    if applicants is None or not len(applicants):
        return {}, {}
    names = applicants["applicant"].astype(str)
    group = applicants["group"].where(applicants["group"].notna(), names).astype(str) \
        if "group" in applicants else names
    if "type" in applicants:
        types = applicants["type"]
    elif "kind" in applicants:
        types = applicants["kind"].map(type_of_kind)
    else:
        types = pd.Series(None, index=applicants.index)
    types = types.where(types.isin(list(LINK_WORDS)), "unknown")
    count = pd.to_numeric(applicants["count"], errors="coerce").fillna(0) if "count" in applicants \
        else pd.Series(1, index=applicants.index)
    weight = pd.DataFrame({"group": group, "type": types, "count": count}) \
        .groupby(["group", "type"], sort=True)["count"].sum().reset_index()
    # The type with most patents; ties go to the type listed first in LINK_WORDS.
    weight["order"] = weight["type"].map(list(LINK_WORDS).index)
    best = weight.sort_values(["group", "count", "order"], ascending=[True, False, True]).drop_duplicates("group")
    return dict(zip(names, group)), dict(zip(best["group"], best["type"]))


def _patent_groups(points: pd.DataFrame, to_group: dict[str, str]) -> list[list[str]]:
    """Each patent's distinct groups, sorted (so a pair is always written ``a`` < ``b``)."""
    return [sorted(names) for names in patent_applicants(points, to_group)]


def _communities(pairs: pd.DataFrame, seed: int) -> dict[str, int]:
    """Group -> community number (0 = most patents), from the links' weighted graph."""
    g = nx.Graph()
    g.add_nodes_from(sorted(set(pairs["a"]) | set(pairs["b"])))
    g.add_weighted_edges_from(pairs[["a", "b", "patents"]].itertuples(index=False, name=None))
    found = nx.community.louvain_communities(g, weight="patents", seed=seed)
    weight = {c: sum(d for _, d in g.degree(c, weight="patents")) for c in map(frozenset, found)}
    ranked = sorted(weight, key=lambda c: (-weight[c], min(c)))
    return {node: i for i, c in enumerate(ranked) for node in c}


def _links(points: pd.DataFrame, applicants: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, dict[str, int]]:
    """The links table and each group's community."""
    to_group, types = group_types(applicants)
    per_patent = _patent_groups(points, to_group)
    area = pd.to_numeric(points["area"], errors="coerce").fillna(-1).to_numpy(dtype=int) if "area" in points \
        else np.full(len(points), -1)
    pairs: dict[tuple[str, str], list[int]] = {}
    for i, groups in enumerate(per_patent):
        for j, a in enumerate(groups):
            for b in groups[j + 1:]:
                pairs.setdefault((a, b), []).append(i)
    if not pairs:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS}), {}
    links = pd.DataFrame([(a, b, len(rows), areas_by_count(area[rows])) for (a, b), rows in pairs.items()],
                         columns=["a", "b", "patents", "areas"])
    links["a_type"] = links["a"].map(types).fillna("unknown")
    links["b_type"] = links["b"].map(types).fillna("unknown")
    links["kind"] = [link_kind(x, y) for x, y in zip(links["a_type"], links["b_type"])]
    community = _communities(links, seed)
    ca, cb = links["a"].map(community), links["b"].map(community)
    links["community"] = np.where(ca == cb, ca, -1).astype("int64")
    links = links.sort_values(["patents", "a", "b"], ascending=[False, True, True], kind="stable")
    return links[COLUMNS].reset_index(drop=True), community


def collaboration_links(points: pd.DataFrame, applicants: pd.DataFrame, *, seed: int = SEED) -> pd.DataFrame:
    """Co-applicant links between applicant groups (the counting of the module's notes).

    Parameters
    ----------
    points : DataFrame
        The map's points (or a subset of them): ``applicants`` (list) or ``applicant``, and
        ``area``.
    applicants : DataFrame
        The bundle's applicants table: ``applicant``, ``group``, and ``type`` or ``kind``
        (``count`` weighs a group's type when its members differ).
    seed : int
        Seed of the community search.

    Returns
    -------
    DataFrame
        :data:`COLUMNS`, one row per pair of groups (``a`` < ``b``), most patents first.
    """
    return _links(points, applicants, seed)[0]


def network_summary(links: pd.DataFrame) -> dict:
    """Headline figures of a links table: ``nodes`` (groups with a link), ``links``,
    ``communities`` (with at least one link inside), ``firm_university_links`` and
    ``firm_university_share`` (of links; 0.0 without links), ``patents_firm_university``
    (the patent count summed over those links, whole counting)."""
    n = len(links)
    fu = links[links["kind"] == FIRM_UNIVERSITY] if n else links
    return {
        "nodes": int(len(set(links["a"]) | set(links["b"]))) if n else 0,
        "links": int(n),
        "communities": int(links.loc[links["community"] >= 0, "community"].nunique()) if n else 0,
        "firm_university_links": int(len(fu)),
        "firm_university_share": float(len(fu) / n) if n else 0.0,
        "patents_firm_university": int(fu["patents"].sum()) if n else 0,
    }


def _selected(points: pd.DataFrame, mask) -> np.ndarray:
    """A boolean per point from a boolean mask or a collection of patent ids."""
    if mask is None:
        return np.ones(len(points), dtype=bool)
    if isinstance(mask, (pd.Series, np.ndarray)) and np.asarray(mask).dtype == bool:
        if len(mask) != len(points):
            raise ValueError(f"The mask has {len(mask)} values and the map {len(points)} points: "
                             "pass one True/False per point, or a set of patent ids.")
        return np.asarray(mask, dtype=bool)
    wanted = set(mask) if not isinstance(mask, str) else {mask}
    return points["id"].isin(wanted).to_numpy()


def collaboration_graph(points: pd.DataFrame, applicants: pd.DataFrame, mask: Iterable | np.ndarray | None = None,
                        *, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The collaboration graph of some of the map's patents, for the app's interactive graph.

    Parameters
    ----------
    points, applicants : DataFrame
        As for :func:`collaboration_links`.
    mask : boolean array, collection of patent ids, or None
        The patents to read (an area, a branch, a region); None reads them all.
    seed : int
        Seed of the community search, which runs on the selected patents' links only, so
        the communities are those of the graph shown.

    Returns
    -------
    (nodes, edges) : (DataFrame, DataFrame)
        ``nodes``: :data:`NODE_COLUMNS`, one row per group with a link among the selected
        patents; ``patents`` (the node's size) counts every selected patent naming the group,
        joint or not; ``links`` its number of partners. ``edges``: :data:`COLUMNS`.
    """
    chosen = points[_selected(points, mask)]
    edges, community = _links(chosen, applicants, seed)
    if edges.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in NODE_COLUMNS}), edges
    to_group, types = group_types(applicants)
    counts = Counter(g for groups in _patent_groups(chosen, to_group) for g in groups)
    ends = pd.concat([edges[["a", "b"]].set_axis(["node", "other"], axis=1),
                      edges[["b", "a"]].set_axis(["node", "other"], axis=1)])
    degree = ends.groupby("node")["other"].nunique()
    nodes = pd.DataFrame({"node": sorted(degree.index)})
    nodes["type"] = nodes["node"].map(types).fillna("unknown")
    nodes["patents"] = nodes["node"].map(counts).astype("int64")
    nodes["links"] = nodes["node"].map(degree).astype("int64")
    nodes["community"] = nodes["node"].map(community).astype("int64")
    nodes = nodes.sort_values(["patents", "node"], ascending=[False, True], kind="stable")
    return nodes[NODE_COLUMNS].reset_index(drop=True), edges
