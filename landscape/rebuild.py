"""``landscape update --map NAME --rebuild``: a new version of a map, refitted on all its records,
whose areas keep the ids, colours and labels of the previous version's where they match.

The records are the points of the current version, by id (the original selection plus any
records watched in since). The map is built as ``landscape build`` builds it, with the model,
seed, counting unit and cut-off recorded in the manifest; its areas are then matched to the
previous version's (:mod:`landscape.analyse.matching`) and renumbered:

- a ``kept`` area takes its old area's id and colour; a ``split`` or ``new`` area gets a fresh
  id above the old version's largest, and a colour chosen around the kept ones;
- a kept area keeps its old label (in each language separately) while the label still
  describes it: at least two of the old label's parts (one, for a one-part label) are among
  the new area's top terms or its new label. Otherwise it takes its new label, and the
  matching table says so (``label_en``/``label_zh``: ``kept`` or ``changed``). Keeping a label
  only while its words still rank among the area's top terms stops a matched area from
  carrying a name that no longer says what is in it;

then every analysis is run again on the renumbered map, and the whole is published as one
new version (``version_note`` kind ``rebuild``, ``manifest.rebuild``, ``area_matching.parquet``).
A technology breakdown is carried over (the patents are the same); tables written by other
commands (``navigate``'s regions, ``watch``'s changes) are not, and the manifest names them.
"""
from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import numpy as np
import pandas as pd

from landscape.analyse.matching import area_centroids, match_areas, renumbering
from landscape.distinct_labels import SEPARATOR, extensions
from landscape.rules.names import unlabelled_name

#: Tables a rebuild writes itself (build + analyse), or carries over.
_CARRIED = ("breakdown",)


def label_still_fits(old_label, new_terms, new_label, lang: str) -> bool:
    """Whether a matched area keeps its old label in ``lang``: at least two of the old label's
    parts (all of a one-part label) are among the new area's terms or its new label's parts."""
    if not isinstance(old_label, str) or not old_label.strip():
        return False
    sep = SEPARATOR[lang].strip()
    parts = [p.strip() for p in old_label.split(sep) if p.strip()]
    now = {str(t).strip() for t in (list(new_terms) if new_terms is not None else [])}
    if isinstance(new_label, str):
        now |= {p.strip() for p in new_label.split(sep) if p.strip()}
    return sum(p in now for p in parts) >= min(2, len(parts))


def _renumber(values, remap: dict[int, int]) -> np.ndarray:
    values = np.asarray(values)
    return np.array([remap.get(int(v), int(v)) if v >= 0 else int(v) for v in values], dtype=values.dtype)


def _labels(clusters: pd.DataFrame, old: pd.DataFrame, kept: dict[int, int]) -> tuple[pd.DataFrame, dict]:
    """``clusters`` (renumbered) with old labels where they still fit; per area and language,
    ``kept``, ``changed`` or ``new``. A label another area now has is made distinct."""
    old = old.set_index("id")
    clusters = clusters.copy()
    verdict: dict[int, dict[str, str]] = {}
    for lang in ("en", "zh"):
        col, terms = f"label_{lang}", f"terms_{lang}"
        for k, r in clusters.iterrows():
            area = int(r["id"])
            if area not in kept:
                verdict.setdefault(area, {})[lang] = "new"
                continue
            before = old.at[area, col] if col in old.columns else None
            keep = label_still_fits(before, r.get(terms), r[col], lang)
            verdict.setdefault(area, {})[lang] = "kept" if keep else "changed"
            if keep:
                clusters.at[k, col] = before
        # A new label equal to a kept one is extended (the kept one stays as readers know it).
        taken = {clusters.at[k, col] for k in clusters.index if verdict[int(clusters.at[k, "id"])][lang] == "kept"}
        for k in clusters.index:
            area = int(clusters.at[k, "id"])
            label = clusters.at[k, col]
            if verdict[area][lang] == "kept" or label not in taken:
                continue
            codes = [c["code"] for c in (clusters.at[k, "top_codes"] if "top_codes" in clusters else []) or []]
            options = [f"{label}{SEPARATOR[lang]}{e}" for e in extensions(label, lang, clusters.at[k, terms], codes)]
            clusters.at[k, col] = next((o for o in options if o not in taken),
                                       f"{label} ({unlabelled_name(area, lang)})")
    return clusters, verdict


def _build_options(manifest: dict, show_progress: bool):
    from landscape.pipeline import BuildOptions
    from landscape.rules.years import parse_as_of

    model = manifest.get("model") or {}
    window = manifest.get("time_window") or {}
    as_of = parse_as_of(window["cutoff"]) if window.get("cutoff_source") == "as_of" and window.get("cutoff") else None
    # A map laid out in the English model's geometry was built with --model auto: take that path again.
    name = "auto" if (model.get("english_geometry") or {}).get("used") else model.get("name", "auto")
    return BuildOptions(model=name, seed=int(manifest.get("seed", 42)), unit=manifest.get("unit", "application"),
                        as_of=as_of, show_progress=show_progress)


def _analyse_options(manifest: dict):
    from landscape.pipeline import AnalyseOptions

    done = manifest.get("analysis") or {}
    rules = done.get("rules")
    rules = Path(rules) if rules and rules != "default" and Path(rules).exists() else None
    return AnalyseOptions(home=done.get("home", "CN"), by=done.get("by", "group"), watch=done.get("watch"),
                          rules=rules)


def rebuild(workspace: Path, name: str, *, add_ids: list[str] | None = None, show_progress: bool = True) -> dict:
    """Refit map ``name`` on all its records, match its areas to the current version's, and publish
    the result, analysed, as the next version. Returns ``manifest.rebuild`` with the matching
    table (``table``, final ids) and the bundle path (``bundle``).

    ``add_ids``: records of the store to add to the map's own (records not yet watched in:
    the label-stability bench adds 10 % more this way)."""
    from landscape import pipeline
    from landscape.maps import MapBundle, edit_manifest, maps_dir, new_version, read_bundle, read_folder, \
        write_files, write_tables
    from landscape.present.palette import area_colours

    t0 = time.perf_counter()
    old = read_bundle(workspace, name)
    ids = list(dict.fromkeys(old.points["id"].astype(str).tolist() + list(add_ids or [])))
    options = _build_options(old.manifest, show_progress)
    # The version's note is filled in below; new_version writes it (and the number) on publishing.
    note = {"kind": "rebuild"}
    with new_version(workspace, name, note=note) as folder:
        pipeline.build(workspace, name=name, ids=ids, options=options, folder=folder)
        draft = read_folder(folder, name, verify=False)
        built = time.perf_counter() - t0
        vectors = draft.array("embeddings")
        ids_new = draft.points["id"].astype(str)
        table = match_areas(old.points[["id", "area"]], draft.points[["id", "area"]],
                            area_centroids(old.points, ids_new, vectors),
                            area_centroids(draft.points, ids_new, vectors))
        remap = renumbering(table, old_max=int(old.clusters["id"].max()) if len(old.clusters) else -1)
        points, clusters, topics = draft.points.copy(), draft.clusters.copy(), draft.topics
        for col in ("cluster", "area"):
            points[col] = _renumber(points[col], remap)
        if "added_in" in old.points:  # when each patent entered the map survives the refit
            points = points.merge(old.points[["id", "added_in"]], on="id", how="left")
            points["placed"] = False
        clusters["id"] = _renumber(clusters["id"], remap)
        if topics is not None:
            topics = topics.copy()
            topics["area"] = _renumber(topics["area"], remap)
        kept = {int(remap[int(r.new_area)]): int(r.old_area) for r in table.itertuples() if r.status == "kept"}
        old_colours = area_colours(old.clusters)
        clusters["colour"] = [old_colours.get(a) if a in kept else None for a in clusters["id"].astype(int)]
        refit = clusters.copy()
        clusters, verdict = _labels(clusters, old.clusters, kept)
        colours = area_colours(clusters)
        clusters["colour"] = [colours[int(a)] for a in clusters["id"]]
        clusters = clusters.sort_values("id").reset_index(drop=True)
        model = draft.model()
        model = dataclasses.replace(model, area=_renumber(model.area, remap),
                                    topic_area=_renumber(model.topic_area, remap))
        write_files(folder, MapBundle(name=name, manifest=draft.manifest, points=points, clusters=clusters,
                                      topics=topics), model=model)
        matching = _final_table(table, remap, old.clusters, clusters, refit, verdict)
        carried = {t: old.table(t) for t in _CARRIED if old.table(t) is not None}
        write_tables(folder, {"area_matching": matching, **carried})
        keep = {k: old.manifest[k] for k in ("corpus", "title_en", "title_zh", "breakdown", "breakdown_quality")
                if k in old.manifest}
        edit_manifest(folder, keep)
        pipeline.analyse_draft(workspace, folder, name, _analyse_options(old.manifest))
        left_out = sorted(f[:-len(".parquet")] for f in (old.files or {}) if f.endswith(".parquet")
                          and not (folder / f).exists())
        summary = _summary(matching, old, points, len(old.points), left_out)
        summary["timings"] = {"build": round(built, 3), "total": round(time.perf_counter() - t0, 3)}
        edit_manifest(folder, {"rebuild": summary})
        note.update({"added": len(ids) - len(old.points), "files": [],
                     "from_version": int(old.manifest.get("version") or 1)})
    version = read_bundle(workspace, name).manifest.get("version")
    return {**summary, "version": version, "table": matching, "bundle": str(maps_dir(workspace) / name)}


def _final_table(table: pd.DataFrame, remap: dict, old_clusters: pd.DataFrame, clusters: pd.DataFrame,
                 refit: pd.DataFrame, verdict: dict) -> pd.DataFrame:
    """The matching table in the published ids: ``area`` (the new version's id, NA for an old
    area that is gone), ``built_area`` (the refit's own number), the names before and after in
    both languages, the label the refit itself gave (``refit_label_en``/``_zh``) and whether
    each old label was kept."""
    out = table.rename(columns={"new_area": "built_area"}).copy()
    out.insert(0, "area", pd.array([remap.get(int(a)) if pd.notna(a) else None for a in out["built_area"]],
                                    dtype="Int64"))
    before = old_clusters.set_index("id")
    after, own = clusters.set_index("id"), refit.set_index("id")
    for lang in ("en", "zh"):
        col = f"label_{lang}"
        out[f"old_{col}"] = [before.at[int(a), col] if pd.notna(a) and col in before else None for a in out["old_area"]]
        out[col] = [after.at[int(a), col] if pd.notna(a) else None for a in out["area"]]
        out[f"refit_{col}"] = [own.at[int(a), col] if pd.notna(a) else None for a in out["area"]]
        out[f"label_{lang}_kept"] = [verdict.get(int(a), {}).get(lang) if pd.notna(a) else None for a in out["area"]]
    out["colour"] = [after.at[int(a), "colour"] if pd.notna(a) else None for a in out["area"]]
    return out


def _summary(matching: pd.DataFrame, old, points: pd.DataFrame, n_old: int, left_out: list[str]) -> dict:
    """``manifest.rebuild``: counts by status, labels kept or changed, and the share of the old
    version's patents that are in an area of the same id."""
    counts = matching["status"].value_counts()
    kept = matching[matching["status"] == "kept"]
    same = old.points[["id", "area"]].merge(points[["id", "area"]], on="id", suffixes=("_old", "_new"))
    return {
        "from_version": int(old.manifest.get("version") or 1),
        "records": int(len(points)),
        "areas": {s: int(counts.get(s, 0)) for s in ("kept", "split", "new", "merged", "vanished")},
        "labels": {lang: {v: int((kept[f"label_{lang}_kept"] == v).sum()) for v in ("kept", "changed")}
                   for lang in ("en", "zh")},
        "same_area_share": float((same["area_old"] == same["area_new"]).sum() / max(n_old, 1)),
        "matching": "optimal assignment on shared patents (Jaccard) and the distance of the areas' mean "
                    "embeddings in the new version's embedding space; see landscape.analyse.matching",
        "not_carried": left_out,
    }

