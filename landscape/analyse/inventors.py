"""Inventors: who invents in a map, with whom they file, whether they moved, and their teams.

Pure functions over a map's points (one row per counting unit) and the per-patent facts of
:func:`landscape.analyse.facts.map_facts` (the ``inventors`` column). Nothing here reads the
store; a map whose export has no inventors gives empty tables.

Names
-----
An inventor is counted by a comparable form of the name (:func:`inventor_key`): full-width
letters folded (NFKC), runs of spaces as one, case ignored and full stops dropped, so
``J. SMITH``, ``j smith`` and ``Ｊ．Ｓｍｉｔｈ`` are one name. Chinese names are kept as written
(only the spaces an export puts between the characters, ``王 伟``, are dropped); the table
shows the spelling the map uses most. Name order is not touched: ``Smith, John`` and
``John Smith`` stay two names, because turning them round would need to know which word is
the family name.

A name is not a person
----------------------
Exports carry names, not inventor identities. :func:`inventors_table` flags a name as
``ambiguous`` with a heuristic, not a proof: the name's patents are joined into groups when
two of them share an applicant (as named, not its group) or a co-inventor (a person tends to
keep an employer or a team); when at least two of these groups work in areas the other never touches, the name
probably stands for several people (a common name such as 王伟 or ``J. Smith``). It misses
two namesakes at one employer in one area, and it flags one person who changed employer
and field and took no co-inventor along. The counts of an ambiguous name add up several
people's work; read them as a name's, not a person's.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from landscape.analyse.nationality import record_applicants
from landscape.map_tables import as_list
from landscape.rules.growth import windows

#: Columns of ``inventors.parquet`` (docs/navigation.md), then ``recent``.
COLUMNS = ["inventor", "patents", "applicants", "areas", "first_year", "last_year", "moves",
           "ambiguous", "region", "recent"]
#: Columns of :func:`inventor_teams`.
TEAM_COLUMNS = ["team", "size", "patents", "lead_applicant", "areas", "members"]
#: How many applicants (and team members) a row lists, most frequent first.
TOP = 5
#: The seed of the community search: the same map gives the same teams.
SEED = 0

_HAN = "\u3400-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{_HAN}]")
_HAN_SPACE_RE = re.compile(f"(?<=[{_HAN}·]) +(?=[{_HAN}·])")


def _clean(name) -> str:
    """NFKC text, one space between words; ``""`` for a missing name."""
    if name is None or (isinstance(name, float) and np.isnan(name)):
        return ""
    text = " ".join(unicodedata.normalize("NFKC", str(name)).split())
    return _HAN_SPACE_RE.sub("", text)


def inventor_key(name) -> str:
    """The comparable form of an inventor's name (see the module's notes): ``""`` when empty."""
    text = _clean(name)
    if _HAN_RE.search(text):
        return text
    return " ".join(text.replace(".", " ").casefold().split())


def areas_by_count(values) -> list[int]:
    """Area ids by how many patents are in each (most first, then by id); unassigned (-1) left out."""
    counts = Counter(int(a) for a in values if pd.notna(a) and int(a) >= 0)
    return [a for a, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _top(counter: Counter, n: int = TOP) -> list[str]:
    return [k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def patent_applicants(points: pd.DataFrame, groups: Mapping | None = None) -> list[list[str]]:
    """Each patent's distinct applicants (first first), as groups where ``groups`` maps names to them."""
    many = points["applicants"].tolist() if "applicants" in points else [None] * len(points)
    one = points["applicant"].tolist() if "applicant" in points else [None] * len(points)
    out = []
    for m, o in zip(many, one):
        names = record_applicants(m, o)
        out.append(list(dict.fromkeys(groups.get(x, x) for x in names)) if groups else names)
    return out


def _patent_region(points: pd.DataFrame) -> list[str | None]:
    """Where each patent is, as finely as the points say: city, else province, else country
    (the first applicant's place, as the map counts it)."""
    out: list[str | None] = [None] * len(points)
    for col in ("country", "province", "city"):  # finer columns overwrite coarser ones
        if col in points:
            for i, v in enumerate(points[col].tolist()):
                if isinstance(v, str) and v.strip():
                    out[i] = v.strip()
    return out


def _authorship(points: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """One row per (patent, inventor key): ``point, key, written``; a name listed twice on one
    patent counts once."""
    rows = []
    for i, names in enumerate(facts["inventors"].tolist()):
        seen = set()
        for name in as_list(names):
            key = inventor_key(name)
            if key and key not in seen:
                seen.add(key)
                rows.append((i, key, _clean(name)))
    return pd.DataFrame(rows, columns=["point", "key", "written"])


def _check(points: pd.DataFrame, facts: pd.DataFrame) -> None:
    if len(points) != len(facts):
        raise ValueError(f"facts has {len(facts)} rows and points {len(points)}: pass the facts "
                         "map_facts made for these points, one row per point in the same order.")


def _moves(years: np.ndarray, firsts: list[str | None]) -> int:
    """Changes of employer, read as the first applicant the name files under most in each year.

    Taking one applicant a year (ties: the one seen the year before, then by name) keeps a
    year of filings split between two first applicants from counting as moves to and fro; a
    return to an earlier applicant is a move again.
    """
    by_year: dict[int, Counter] = {}
    for y, f in zip(years, firsts):
        if f is not None and not np.isnan(y):
            by_year.setdefault(int(y), Counter())[f] += 1
    moves, previous = 0, None
    for year in sorted(by_year):
        counts = by_year[year]
        best = max(counts.values())
        top = sorted(k for k, v in counts.items() if v == best)
        current = previous if previous in top else top[0]
        if previous is not None and current != previous:
            moves += 1
        previous = current
    return moves


def _ambiguous(patents: list[int], applicants: list[list[str]], coauthors: dict[int, set],
               area: np.ndarray) -> bool:
    """The heuristic of the module's notes: groups of the name's patents joined by a shared
    applicant or co-inventor; several people when two groups' areas do not overlap."""
    if len(patents) < 2:
        return False
    parent = list(range(len(patents)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[tuple[str, str], int] = {}
    for j, p in enumerate(patents):
        for tag in [("a", a) for a in applicants[p]] + [("i", c) for c in coauthors.get(p, ())]:
            if tag in seen:
                parent[root(j)] = root(seen[tag])
            else:
                seen[tag] = j
    groups: dict[int, set] = {}
    for j, p in enumerate(patents):
        groups.setdefault(root(j), set()).update([int(area[p])] if area[p] >= 0 else [])
    areas = [a for a in groups.values() if a]
    return any(areas[i].isdisjoint(areas[j]) for i in range(len(areas)) for j in range(i + 1, len(areas)))


def inventors_table(points: pd.DataFrame, facts: pd.DataFrame, *, last_complete: int | None = None,
                    groups: Mapping[str, str] | None = None, places=None) -> pd.DataFrame:
    """One row per inventor name: patents, applicants, areas, years, moves and the ambiguity flag.

    Parameters
    ----------
    points : DataFrame
        The map's points: ``id``, ``area``, ``year``, ``applicants`` (list, first applicant
        first) or ``applicant``, and where present ``country``/``province``/``city``.
    facts : DataFrame
        :func:`landscape.analyse.facts.map_facts` for the same points, in the same order
        (its ``inventors`` column is read).
    last_complete : int, optional
        The map's last complete year (:mod:`landscape.rules.years`); with it, ``recent`` is
        the name's patents in the recent growth window (:func:`landscape.rules.growth.windows`),
        the talent a region can still attract. Without it ``recent`` is missing.
    groups : mapping, optional
        Applicant name -> group (``applicants.parquet``'s ``applicant`` and ``group``): an
        inventor then files with groups, and moving between two members of one group (a
        university and its hospital) is not a move. ``ambiguous`` always reads the names.
    places : sequence, optional
        Each patent's place as the navigation names its region (``广州市`` at city level, ``CN``
        at country level), so ``region`` can be compared with the region; default the finest of
        the points' country, province and city.

    Returns
    -------
    DataFrame
        :data:`COLUMNS`, most patents first (then by name). ``patents`` counts the map's
        patents naming the inventor; ``applicants`` the top :data:`TOP` they file with
        (any position on the patent); ``areas`` area ids, most patents first; ``moves`` the
        changes of first applicant over the years (:func:`_moves`); ``ambiguous`` the
        heuristic of the module's notes; ``region`` where most of their patents are.
    """
    _check(points, facts)
    authors = _authorship(points, facts)
    if authors.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    applicants = patent_applicants(points, groups)
    # Ambiguity reads the applicants as named even when groups are given: with groups, one
    # large university (and its hospitals) would join every namesake it employs into one.
    named = patent_applicants(points, None) if groups else applicants
    regions = [p if isinstance(p, str) and p else None for p in places] if places is not None \
        else _patent_region(points)
    years = pd.to_numeric(points["year"], errors="coerce").to_numpy(dtype=float) if "year" in points \
        else np.full(len(points), np.nan)
    area = pd.to_numeric(points["area"], errors="coerce").fillna(-1).to_numpy(dtype=int) if "area" in points \
        else np.full(len(points), -1)
    _, recent_years = windows(last_complete)
    coauthors: dict[int, list[str]] = authors.groupby("point")["key"].agg(list).to_dict()

    rows = []
    for key, part in authors.groupby("key", sort=True):
        pts = part["point"].tolist()
        ys = years[pts]
        filed_with = Counter(a for p in pts for a in applicants[p])
        place = Counter(regions[p] for p in pts if regions[p])
        others = {p: set(coauthors[p]) - {key} for p in pts}
        rows.append({
            "inventor": _top(Counter(part["written"]), 1)[0],
            "patents": len(pts),
            "applicants": _top(filed_with),
            "areas": areas_by_count(area[pts]),
            "first_year": int(np.nanmin(ys)) if np.isfinite(ys).any() else None,
            "last_year": int(np.nanmax(ys)) if np.isfinite(ys).any() else None,
            "moves": _moves(ys, [applicants[p][0] if applicants[p] else None for p in pts]),
            "ambiguous": _ambiguous(pts, named, others, area),
            "region": _top(place, 1)[0] if place else None,
            "recent": int(((ys >= recent_years[0]) & (ys <= recent_years[1])).sum()) if recent_years else None,
        })
    table = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("first_year", "last_year", "recent"):
        table[col] = table[col].astype("Int64")
    return table.sort_values(["patents", "inventor"], ascending=[False, True], kind="stable").reset_index(drop=True)


def coinventor_graph(points: pd.DataFrame, facts: pd.DataFrame) -> nx.Graph:
    """Inventor keys as nodes (``patents``: how many patents name them), an edge between two
    names on one patent (``weight``: how many patents they share). Built in sorted order so
    the community search sees the same graph every time."""
    _check(points, facts)
    authors = _authorship(points, facts)
    g = nx.Graph()
    if authors.empty:
        return g
    g.add_nodes_from((k, {"patents": int(n)}) for k, n in sorted(authors["key"].value_counts().items()))
    weights: Counter = Counter()
    for names in authors.groupby("point")["key"].agg(sorted):
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                weights[(a, b)] += 1
    g.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items()))
    return g


def inventor_teams(points: pd.DataFrame, facts: pd.DataFrame, *, groups: Mapping[str, str] | None = None,
                   seed: int = SEED) -> pd.DataFrame:
    """Teams: communities of the co-inventor graph (Louvain, weighted by shared patents, seeded).

    Parameters
    ----------
    points, facts : DataFrame
        As for :func:`inventors_table`.
    groups : mapping, optional
        Applicant name -> group, for ``lead_applicant``.
    seed : int
        Seed of :func:`networkx.community.louvain_communities`; the same map and seed give
        the same teams.

    Returns
    -------
    DataFrame
        :data:`TEAM_COLUMNS`, one row per community of two or more names (an inventor who
        never shares a patent is no team), largest first: ``team`` (0, 1, … in that order),
        ``size`` (names), ``patents`` (patents naming any member), ``lead_applicant`` (the
        first applicant of most of those patents), ``areas`` (area ids, most patents first),
        ``members`` (the :data:`TOP` names with most patents, as spelt most often).
    """
    g = coinventor_graph(points, facts)
    if g.number_of_edges() == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in TEAM_COLUMNS})
    communities = nx.community.louvain_communities(g, weight="weight", seed=seed)
    authors = _authorship(points, facts)
    spelling = authors.groupby("key")["written"].agg(lambda s: _top(Counter(s), 1)[0]).to_dict()
    points_of = authors.groupby("key")["point"].agg(list).to_dict()
    applicants = patent_applicants(points, groups)
    area = pd.to_numeric(points["area"], errors="coerce").fillna(-1).to_numpy(dtype=int) if "area" in points \
        else np.full(len(points), -1)
    rows = []
    for members in communities:
        if len(members) < 2:
            continue
        pts = sorted({p for m in members for p in points_of[m]})
        firsts = Counter(applicants[p][0] for p in pts if applicants[p])
        ranked = sorted(members, key=lambda m: (-g.nodes[m]["patents"], m))
        rows.append({"size": len(members), "patents": len(pts),
                     "lead_applicant": _top(firsts, 1)[0] if firsts else None,
                     "areas": areas_by_count(area[pts]), "members": [spelling[m] for m in ranked[:TOP]],
                     "_first": ranked[0]})
    table = pd.DataFrame(rows).sort_values(["size", "patents", "_first"], ascending=[False, False, True])
    table.insert(0, "team", np.arange(len(table)))
    return table[TEAM_COLUMNS].reset_index(drop=True)
