"""The map bundle: one built landscape on disk, read by the app, reports and analyses.

``WORKSPACE/maps/<name>/`` holds ``manifest.json``, ``points.parquet``, ``clusters.parquet``,
``topics.parquet``, ``documents.parquet`` (what the app shows of each patent),
``embeddings.npy`` (the patents' vectors in float16, for nearest-patent search) and
``model.json`` + ``model.npz`` (the map model, see map_model.py, so new text can be placed on
the same map). A bundle holds data only: one carrying a pickle is refused unopened.
A bundle is written into a temporary folder
next to its final place and renamed into place, so a reader never sees half a bundle and
a failed build leaves the previous bundle untouched.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from landscape.map_model import MapModel, ModelFileError

BUNDLE_VERSION = 2  # 2: the model as model.json + model.npz instead of model.pkl
MANIFEST = "manifest.json"
#: Files that can run code when loaded; a bundle carrying one is refused before anything is read.
CODE_FILE_SUFFIXES = (".pkl", ".pickle", ".joblib")
POINTS_COLUMNS = ("id", "title", "x", "y", "cluster", "area", "topic", "year", "applicant", "country")


class BundleError(Exception):
    """A bundle that is missing, broken or from an incompatible version. One sentence."""


@dataclass
class MapBundle:
    """A built map in memory: the tables plus the manifest."""

    name: str
    manifest: dict
    points: pd.DataFrame
    clusters: pd.DataFrame
    topics: pd.DataFrame | None = None
    path: Path | None = None
    _model: MapModel | None = field(default=None, init=False, repr=False, compare=False)

    def table(self, name: str) -> pd.DataFrame | None:
        """An analysis table written next to the bundle (white_spaces, alerts, trends, ...)."""
        if self.path is None or not (self.path / f"{name}.parquet").exists():
            return None
        return pd.read_parquet(self.path / f"{name}.parquet")

    def array(self, name: str) -> np.ndarray | None:
        """A numpy array stored with the bundle (``embeddings``: the patents' vectors, float16)."""
        if self.path is None or not (self.path / f"{name}.npy").exists():
            return None
        return np.load(self.path / f"{name}.npy")

    def model(self) -> MapModel:
        """The map model (layouts, topics, areas, embedder state) for placing new text; read once."""
        if self._model is None:
            try:
                self._model = MapModel.load(self.path)
            except ModelFileError as err:
                raise BundleError(f"{self.path}: the map model is damaged: {err}; rebuild the map.") from None
        return self._model


def maps_dir(workspace: Path) -> Path:
    return Path(workspace) / "maps"


def write_bundle(workspace: Path, bundle: MapBundle, model: MapModel | None = None, extra_tables: dict | None = None,
                 arrays: dict | None = None) -> Path:
    """Write ``bundle`` to ``WORKSPACE/maps/<name>/`` atomically; replaces an older bundle."""
    missing = [c for c in POINTS_COLUMNS if c not in bundle.points.columns]
    if missing:
        raise BundleError(f"points table lacks columns {missing}")
    root = maps_dir(workspace)
    root.mkdir(parents=True, exist_ok=True)
    final = root / bundle.name
    tmp = Path(tempfile.mkdtemp(prefix=f".{bundle.name}.", dir=root))
    try:
        bundle.points.to_parquet(tmp / "points.parquet", index=False)
        bundle.clusters.to_parquet(tmp / "clusters.parquet", index=False)
        if bundle.topics is not None:
            bundle.topics.to_parquet(tmp / "topics.parquet", index=False)
        for name, table in (extra_tables or {}).items():
            table.to_parquet(tmp / f"{name}.parquet", index=False)
        for name, array in (arrays or {}).items():
            np.save(tmp / f"{name}.npy", array)
        if model is not None:
            model.save(tmp)
        manifest = dict(bundle.manifest, bundle_version=BUNDLE_VERSION, name=bundle.name)
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, default=str),
                                    encoding="utf-8")
        os.chmod(tmp, 0o755)
        # Swap: move the old bundle aside, rename the new one in, then delete the old one.
        old = None
        if final.exists():
            old = root / f".{bundle.name}.old"
            shutil.rmtree(old, ignore_errors=True)
            final.rename(old)
        tmp.rename(final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def add_tables(workspace: Path, name: str, tables: dict[str, pd.DataFrame]) -> None:
    """Add analysis tables to an existing bundle (each file written then renamed)."""
    path = maps_dir(workspace) / name
    if not (path / MANIFEST).exists():
        raise BundleError(f"{path}: no map called {name!r}; build it first with `landscape build`.")
    for tname, table in tables.items():
        tmp = path / f".{tname}.parquet.tmp"
        table.to_parquet(tmp, index=False)
        tmp.replace(path / f"{tname}.parquet")


def update_manifest(workspace: Path, name: str, changes: dict) -> dict:
    """Merge ``changes`` into a bundle's manifest (written to a temporary file, then renamed)."""
    path = maps_dir(workspace) / name / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    tmp.replace(path)
    return manifest


def read_bundle(workspace: Path, name: str) -> MapBundle:
    """Read one bundle, with a clear error when it is missing, broken or too old."""
    path = maps_dir(workspace) / name
    if not (path / MANIFEST).exists():
        known = ", ".join(list_bundles(workspace)) or "none yet"
        raise BundleError(f"no map called {name!r} in {maps_dir(workspace)} (maps: {known}).")
    refuse_code_files(path, name)
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise BundleError(f"{path}: manifest.json is unreadable ({err}); rebuild the map.") from err
    if manifest.get("bundle_version") != BUNDLE_VERSION:
        raise BundleError(f"{path}: built by another version of landscape (bundle version "
                          f"{manifest.get('bundle_version')}, this one reads {BUNDLE_VERSION}); rebuild the map.")
    try:
        points = pd.read_parquet(path / "points.parquet")
        clusters = pd.read_parquet(path / "clusters.parquet")
        topics = pd.read_parquet(path / "topics.parquet") if (path / "topics.parquet").exists() else None
    except (OSError, ValueError) as err:
        raise BundleError(f"{path}: a table is missing or damaged ({err}); rebuild the map.") from err
    return MapBundle(name=name, manifest=manifest, points=points, clusters=clusters, topics=topics, path=path)


def refuse_code_files(path: Path, name: str) -> None:
    """Refuse a bundle that carries a file which could run code when loaded (a pickle), looking
    only at file names: bundles are shared, and loading one must never run someone's code."""
    found = sorted(p.name for p in path.rglob("*") if p.suffix.lower() in CODE_FILE_SUFFIXES)
    if not found:
        return
    try:  # JSON cannot run code: read it only to name the corpus in the advice
        corpus = json.loads((path / MANIFEST).read_text(encoding="utf-8")).get("corpus")
    except (OSError, ValueError, AttributeError):
        corpus = None
    source = f"--corpus {corpus}" if isinstance(corpus, str) and corpus else "--input FILES"
    raise BundleError(f"map {name!r} was saved by an older landscape with a model file that could run code "
                      f"({', '.join(found)}), so it was not opened; rebuild it with "
                      f"`landscape build {source} --name {name}`.")


def list_bundles(workspace: Path) -> list[str]:
    root = maps_dir(workspace)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if not p.name.startswith(".") and (p / MANIFEST).exists())
