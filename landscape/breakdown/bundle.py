"""The breakdown of a built map: its patents' texts, codes and vectors in, the breakdown table out."""
from __future__ import annotations

import numpy as np
import pandas as pd

from landscape.breakdown.assign import AssignSettings, assign
from landscape.breakdown.examples import read_examples
from landscape.breakdown.taxonomy import Taxonomy
from landscape.embed.base import l2_normalise
from landscape.map_tables import as_list
from landscape.maps import BundleError, MapBundle
from landscape.rules.text import record_texts


def map_embedder(bundle: MapBundle):
    """The embedder the map was built with (the map model's, TF-IDF rebuilt from its arrays), to
    embed the branch descriptions in the same space as the patents."""
    return bundle.model().embedder()


def breakdown_table(bundle: MapBundle, taxonomy: Taxonomy, examples=None, *,
                    settings: AssignSettings = AssignSettings(), embedder=None):
    """Assign the map's patents to the breakdown's branches.

    Parameters
    ----------
    bundle : MapBundle
        A built map (``read_bundle``): its points, documents and ``embeddings.npy``.
    taxonomy : Taxonomy
        From :func:`landscape.breakdown.load_taxonomy`.
    examples : path, optional
        A CSV or Excel file of ``id, branch`` rows (few-shot).
    embedder : Embedder, optional
        Defaults to the map's own embedder (its manifest names it).

    Returns
    -------
    (table, notes)
        The ``breakdown.parquet`` table and a dict for the manifest (settings, thresholds, counts).
    """
    points = bundle.points
    ids = points["id"].astype(str).tolist()
    vectors = bundle.array("embeddings")
    if vectors is None or len(vectors) != len(ids):
        raise BundleError(f"map {bundle.name!r} has no patent vectors matching its points; rebuild it with "
                          "`landscape build`.")
    documents = bundle.table("documents")
    if documents is not None:
        documents = documents.drop_duplicates("id").set_index("id").reindex(ids).reset_index()
        texts = record_texts(documents)
    else:
        texts = points["title"].fillna("").astype(str).tolist()
    codes = [as_list(c) for c in points["codes"]] if "codes" in points.columns else [[] for _ in ids]
    given, read = ({}, None) if examples is None else read_examples(examples, taxonomy, ids)
    embedder = embedder if embedder is not None else map_embedder(bundle)
    table, notes = assign(ids, texts, codes, l2_normalise(vectors.astype(np.float32)), taxonomy, embedder,
                          examples=given, settings=settings)
    notes = {"taxonomy": taxonomy_notes(taxonomy),
             "model": (bundle.manifest.get("model") or {}).get("name"), "examples_file": read, **notes}
    return table, notes


BRANCH_FIELDS = ("id", "parent", "level", "name_en", "name_zh", "description_en", "description_zh")


def taxonomy_notes(taxonomy: Taxonomy) -> dict:
    """The breakdown itself, for the manifest: readers of the bundle (app, report, the quality
    check) name and nest the branches from it, without the TOML file, which may have changed."""
    return {"name_en": taxonomy.name_en, "name_zh": taxonomy.name_zh,
            "file": str(taxonomy.path) if taxonomy.path else None, "levels": taxonomy.depth,
            "branches": [{key: getattr(b, key) for key in BRANCH_FIELDS} for b in taxonomy.branches]}


def bundle_branches(bundle: MapBundle) -> pd.DataFrame:
    """The branches of the breakdown written into ``bundle`` (``BRANCH_FIELDS`` columns, in the
    breakdown's order), or a one-sentence BundleError when the map has none."""
    notes = (bundle.manifest.get("breakdown") or {}).get("taxonomy") or {}
    branches = notes.get("branches")
    if "breakdown.parquet" not in (bundle.files or {}) or not isinstance(branches, list):
        raise BundleError(f"map {bundle.name!r} has no technology breakdown yet; run `landscape breakdown "
                          f"--map {bundle.name} --taxonomy FILE` first.")
    return pd.DataFrame(branches, columns=list(BRANCH_FIELDS))
