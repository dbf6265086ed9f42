"""Watching a map: new exports placed on a built map as its next version, and what changed.

``watch`` composes the stages (no algorithm lives here): ingest the files into the store
(``pipeline.ingest``); keep the records whose counting unit (``landscape.units``) is not on the
map yet (a later publication of an application already there is not new, but its legal status
is read); embed them with the map's model (cached); place them with ``place.locate`` (the map
model's kept layouts and area rule); append them to the points, documents, embeddings and map
model with ``added_in`` = the new version and ``placed`` = True; run the map's analyses again
with the settings it was analysed with; measure drift (``landscape.drift``) and write what
changed (``landscape.analyse.changes``) as ``changes.parquet``. The new version is published
whole (``maps.new_version``, kind ``watch``); the previous one is kept under ``maps/.versions``.
Nothing new (the same files again) publishes nothing.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from landscape.drift import DriftSettings


class WatchError(Exception):
    """Watching cannot go on (no readable file, no such map or version). One sentence."""


@dataclass
class WatchResult:
    """What one watch did: the map, the version published (None when nothing changed), the
    version compared with, the patents added and the files read, drift and the changes."""

    name: str
    version: int | None
    since: str
    added: int
    already_on_map: int
    files: list[str]
    drift: dict = field(default_factory=dict)
    changes: pd.DataFrame | None = None
    placement: dict = field(default_factory=dict)
    ingest: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        counts = {} if self.changes is None else self.changes["kind"].value_counts().to_dict()
        return {"map": self.name, "version": self.version, "since": self.since, "added": self.added,
                "already_on_map": self.already_on_map, "files": self.files, "drift": self.drift,
                "placement": self.placement, "changes": {k: int(v) for k, v in counts.items()},
                "top_changes": [] if self.changes is None else
                self.changes.drop(columns=["figures"]).head(20).to_dict(orient="records")}


def _old_publications(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per publication on the map: ``id`` and the map row (``map_id``) it belongs to."""
    pubs = documents["publications"] if "publications" in documents else [None] * len(documents)
    rows = [(p, mid) for mid, ps in zip(documents["id"], pubs)
            for p in (list(ps) if ps is not None and len(ps) else [mid])]
    return pd.DataFrame(rows, columns=["id", "map_id"]).drop_duplicates("id")


def split_new(stored: pd.DataFrame, on_map: pd.DataFrame, candidates: set, unit: str
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(new, known)``: the candidate records whose unit has no publication on the map, and the
    candidates of units already there with the map row they belong to (``map_id``).

    ``stored``: the store's rows of the map's publications and of the candidates; ``on_map``:
    ``_old_publications``.
    """
    from landscape.units import unit_key

    stored = stored.drop_duplicates("id").reset_index(drop=True)
    keys = unit_key(stored, unit)
    where = dict(zip(on_map["id"], on_map["map_id"]))
    old = stored["id"].isin(where)
    key_row = {k: where[i] for k, i in zip(keys[old], stored.loc[old, "id"])}
    cand = stored["id"].isin(candidates)
    is_new = cand & ~keys.isin(key_row)
    known = stored[cand & ~is_new].assign(map_id=[key_row[k] for k in keys[cand & ~is_new]])
    return stored[is_new].reset_index(drop=True), known.reset_index(drop=True)


def legal_status_changes(known: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``id, before, after`` for map rows whose legal status in the newest known publication of
    their unit differs from the map's."""
    if not len(known) or "legal_status" not in known:
        return pd.DataFrame(columns=["id", "before", "after"])
    latest = (known.dropna(subset=["legal_status"])
              .sort_values(["map_id", "publication_date"], na_position="first").groupby("map_id").tail(1))
    was = documents.drop_duplicates("id").set_index("id")["legal_status"]
    rows = [(mid, was.get(mid), s) for mid, s in zip(latest["map_id"], latest["legal_status"])
            if str(s).strip() and str(s) != str(was.get(mid))]
    return pd.DataFrame(rows, columns=["id", "before", "after"])


def _refreshed_groups(table: pd.DataFrame | None, points: pd.DataFrame, key: str, last_complete) -> pd.DataFrame | None:
    """An areas (or topics) table with size, years, growth and top applicants counted again over
    ``points``; labels kept (``map_tables.group_table``)."""
    from landscape import map_tables as mt

    if table is None:
        return None
    labels = table.rename(columns={"id": "cluster"}).drop(
        columns=["growth", "trend", "first_year", "last_year", "top_applicants", "x", "y"], errors="ignore")
    area = labels.pop("area") if "area" in labels else None
    labels["size"] = labels["cluster"].map(points.groupby(key).size()).fillna(0).astype(int)
    out = mt.group_table(labels, points, key, last_complete=last_complete)
    if area is not None:
        out["area"] = area.to_numpy()
    return out


def _analyse_options(manifest: dict):
    from landscape.pipeline import AnalyseOptions

    done = manifest.get("analysis")
    if not isinstance(done, dict):
        return None
    rules = done.get("rules")
    rules = Path(rules) if rules and rules != "default" and Path(rules).exists() else None
    return AnalyseOptions(home=done.get("home") or "CN", rules=rules, watch=done.get("watch"),
                          by=done.get("by") or "group")


def _compared_with(workspace: Path, name: str, current, since: dt.date | None):
    """The version changes are counted from: the current one, or with ``since`` the last version
    published before that date."""
    from landscape.maps import read_version, versions

    if since is None:
        return current, f"v{current.manifest.get('version', 1)}"
    earlier = [v for v in versions(workspace, name) if v["at"] and str(v["at"])[:10] < since.isoformat()]
    if not earlier:
        raise WatchError(f"map {name!r} has no version published before {since}; give a later --since.")
    return read_version(workspace, name, earlier[-1]["version"]), since.isoformat()


def watch(workspace: Path, name: str, paths: list[Path], *, since: dt.date | None = None,
          drift_settings: DriftSettings = DriftSettings(), show_progress: bool = False) -> WatchResult:
    """Place the new records of ``paths`` on map ``name`` and publish them as its next version.

    Returns a :class:`WatchResult`; with nothing new and no legal-status change nothing is
    published (``version`` None), so running it again on the same files is harmless.
    """
    from landscape.maps import read_bundle
    from landscape.pipeline import ids_read, ingest

    t0 = time.perf_counter()
    read_bundle(workspace, name)  # a missing or damaged map stops here, before any import
    report = ingest([Path(p) for p in paths], workspace, show_progress=show_progress)
    if not report.usable:
        raise WatchError("none of the given files could be read as a patent export "
                         f"({'; '.join(f.message or f.status for f in report.files) or 'no files found'}).")
    result = watch_records(workspace, name, ids_read(report, [Path(p) for p in paths]),
                           files=[f.path for f in report.files],
                           since=since, drift_settings=drift_settings, started=t0)
    return replace(result, ingest=report.as_json())


def watch_records(workspace: Path, name: str, ids: list[str], *, files: list[str] = (),
                  since: dt.date | None = None, drift_settings: DriftSettings = DriftSettings(),
                  started: float | None = None) -> WatchResult:
    """``watch`` for records already in the store (their publication numbers ``ids``), read
    from ``files``: the records not on map ``name`` placed on it as its next version."""
    from landscape import map_tables as mt
    from landscape.analyse.changes import branch_filings, what_changed
    from landscape.analyse.nationality import first_offices
    from landscape.drift import drift
    from landscape.embed.cache import EmbeddingCache, embed_texts
    from landscape.maps import edit_manifest, new_version, read_bundle, read_folder, write_tables
    from landscape.pipeline import _analyse_into, select_records
    from landscape.place import locate
    from landscape.publish import fresh
    from landscape.rules.text import record_texts
    from landscape.rules.years import TimeWindow, data_cutoff, record_years
    from landscape.store import Store
    from landscape.units import one_per_unit

    t0 = started if started is not None else time.perf_counter()
    files = list(files)
    bundle = read_bundle(workspace, name)
    unit = bundle.manifest.get("unit") or "application"
    documents = bundle.table("documents")
    on_map = _old_publications(documents)
    candidates = set(ids)
    with Store.open(workspace) as store:
        stored, _ = select_records(store, ids=sorted(candidates | set(on_map["id"])))
    new, known = split_new(stored, on_map, candidates, unit)
    legal = legal_status_changes(known, documents)
    before, since_label = _compared_with(workspace, name, bundle, since)
    result = WatchResult(name=name, version=None, since=since_label, added=0,
                         already_on_map=int(known["map_id"].nunique()) if len(known) else 0, files=files)
    if not len(new) and not len(legal):
        return result

    window = TimeWindow.from_manifest(bundle.manifest, years=bundle.points["year"])
    if len(new):
        new["year"] = record_years(new, window.year_basis)
        new["first_office"] = first_offices(new)
        new = one_per_unit(new, unit)
        new = new[~new["id"].isin(set(bundle.points["id"]))].reset_index(drop=True)
    model = bundle.model()
    number = int(bundle.manifest.get("version") or 1) + 1
    t = time.perf_counter()
    if len(new):
        with Store.open(workspace) as store:
            vectors, _ = embed_texts(record_texts(new), model.embedder(), EmbeddingCache(store.con))
        spots = locate(model, bundle.array("embeddings"), vectors)
        placed = mt.points_table(new, spots.xy, SimpleNamespace(
            cluster=np.where(spots.topic >= 0, model.topic_area[np.maximum(spots.topic, 0)], -1).astype(np.int32),
            area=spots.area, topic=spots.topic))
        placed["added_in"], placed["placed"] = number, True
        report_drift, far = drift(model.cluster_embedding, np.where(model.topic >= 0, model.area, -1), spots.x5,
                                  settings=drift_settings)
        placed["far"] = far
    else:
        vectors, placed, report_drift = np.zeros((0, 1), np.float32), bundle.points.iloc[:0], {}
    seconds = time.perf_counter() - t

    points = bundle.points.copy()
    if "added_in" not in points:
        points["added_in"], points["placed"] = pd.array([pd.NA] * len(points), dtype="Int32"), False
    if "far" not in points:
        points["far"] = False
    points = pd.concat([points, placed], ignore_index=True)
    points["added_in"] = points["added_in"].astype("Int32")
    points["placed"] = points["placed"].astype(bool)
    points["far"] = points["far"].astype(bool)
    docs = documents.copy()
    if len(legal):
        docs.loc[docs["id"].isin(legal["id"]), "legal_status"] = docs["id"].map(
            dict(zip(legal["id"], legal["after"])))
    docs = pd.concat([docs, mt.documents_table(new)], ignore_index=True) if len(new) else docs
    cutoff, source = data_cutoff(docs)
    if cutoff is not None and (window.cutoff is None or cutoff.isoformat() > window.cutoff):
        window = replace(window.with_cutoff(cutoff), cutoff_source=source)
    window = window.with_years(points["year"])
    last = window.last_complete_year
    if len(new):
        model = replace(model, ids=np.concatenate([model.ids, new["id"].to_numpy(dtype=str)]),
                        cluster_embedding=np.vstack([model.cluster_embedding, spots.x5]),
                        map_embedding=np.vstack([model.map_embedding, spots.xy]),
                        topic=np.concatenate([model.topic, spots.topic]),
                        area=np.concatenate([model.area, spots.area]))
    embeddings = np.vstack([bundle.array("embeddings"), vectors.astype(np.float16)]) if len(new) else None
    placement = {"model": bundle.manifest.get("model", {}).get("name"), "rule": "place.locate",
                 "neighbours": int(model.neighbours), "seconds": round(seconds, 3),
                 "seconds_per_1000": round(1000 * seconds / len(new), 3) if len(new) else None}
    options = _analyse_options(bundle.manifest)
    note = {"kind": "watch", "added": int(len(new)), "files": files}
    with new_version(workspace, name, from_current=True, note=note) as folder:
        points.to_parquet(fresh(folder / "points.parquet"), index=False)
        tables = {"documents": docs, "clusters": _refreshed_groups(bundle.clusters, points, "cluster", last),
                  "topics": _refreshed_groups(bundle.topics, points, "topic", last)}
        write_tables(folder, {k: v for k, v in tables.items() if v is not None})
        if embeddings is not None:
            np.save(fresh(folder / "embeddings.npy"), embeddings)
            for rel in ("model.json", "model.npz"):
                fresh(folder / rel)
            model.save(folder)
        edit_manifest(folder, {"records": int(len(points)),
                               "publications": int(bundle.manifest.get("publications") or 0) + int(
                                   sum(len(p) for p in new.get("publications", [[i] for i in new["id"]]))),
                               "time_window": window.to_manifest(), "last_complete_year": last,
                               "years": [window.first_year, window.last_year]})
        branches_note = _assign_branches(folder, name, bundle, placed["id"].tolist()) if len(new) else None
        if options is not None:
            _analyse_into(workspace, folder, name, options)
        after = read_folder(folder, name, verify=False)
        changes = what_changed(before.points, after.points, placed["id"].tolist(), since=since_label,
                               clusters_before=before.clusters, clusters_after=after.clusters,
                               applicants=after.table("applicants"), white_spaces=after.table("white_spaces"),
                               alerts_before=before.table("alerts"), alerts_after=after.table("alerts"),
                               legal=legal, watched=_watched_group(after, options), drift=report_drift)
        if branches_note == "assigned":
            names = {b["id"]: (b.get("name_en") or b["id"], b.get("name_zh") or b["id"])
                     for b in after.manifest["breakdown"]["taxonomy"]["branches"]}
            more = branch_filings(after.table("breakdown"), placed["id"].tolist(), names, since_label)
            changes = pd.concat([changes, more], ignore_index=True) if len(more) else changes
        write_tables(folder, {"changes": changes})
        edit_manifest(folder, {"watch": {
            "since_version": int(before.manifest.get("version") or 1), "since": since_label,
            "added": int(len(new)), "already_on_map": result.already_on_map, "files": files,
            "drift": report_drift, "placement": placement, "legal_changes": int(len(legal)),
            "branches": branches_note,
            "seconds": round(time.perf_counter() - t0, 3)}})
    return replace(result, version=number, added=int(len(new)), drift=report_drift, changes=changes,
                   placement=placement)


def _assign_branches(folder: Path, name: str, bundle, new_ids: list[str]) -> str | None:
    """The new patents' breakdown branches, by the breakdown the map carries (its TOML file, read
    again), the old patents' kept as they were: ``"assigned"``, a sentence saying why not, or None
    for a map without a breakdown."""
    from landscape.breakdown import TaxonomyError, breakdown_table, load_taxonomy
    from landscape.maps import BundleError, read_folder, write_tables

    old = bundle.table("breakdown")
    if old is None:
        return None
    file = ((bundle.manifest.get("breakdown") or {}).get("taxonomy") or {}).get("file")
    if not file or not Path(file).exists():
        return (f"new patents have no breakdown branch: the breakdown file {file or '(not recorded)'} is gone; "
                "run `landscape breakdown` again")
    try:
        table, _ = breakdown_table(read_folder(folder, name, verify=False), load_taxonomy(file))
    except (TaxonomyError, BundleError, ValueError) as err:
        return f"new patents have no breakdown branch ({err}); run `landscape breakdown` again"
    new = table[table["id"].astype(str).isin(set(map(str, new_ids)))]
    write_tables(folder, {"breakdown": pd.concat([old, new], ignore_index=True)})
    return "assigned"


def _watched_group(bundle, options) -> str | None:
    """The group of the applicant the map's analysis watches (``analyse --watch``), as the
    alerts name it."""
    if options is None or not options.watch:
        return None
    applicants = bundle.table("applicants")
    if applicants is not None and {"applicant", "group"} <= set(applicants.columns):
        wanted = options.watch.strip().casefold()
        hit = applicants[(applicants["applicant"].astype(str).str.casefold() == wanted)
                         | (applicants["group"].astype(str).str.casefold() == wanted)]
        if len(hit):
            return str(hit["group"].iloc[0])
    return options.watch
