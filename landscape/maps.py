"""The map bundle: one built landscape on disk, read by the app, reports and analyses.

``WORKSPACE/maps/<name>/`` holds ``manifest.json``, ``points.parquet``, ``clusters.parquet``,
``topics.parquet``, ``documents.parquet`` (what the app shows of each patent),
``embeddings.npy`` (the patents' vectors in float16, for nearest-patent search),
``model.pkl`` (the fitted layouts and embedder settings, so new text can be placed on the
same map) and the analysis tables. A version is written whole into a temporary folder and
published with renames (``landscape.publish``), so a reader never sees half a bundle and a
failed or killed run leaves the previous version in place. The manifest lists every file with
its size and SHA-256, checked on every read: a bundle changed after it was written is refused.
"""
from __future__ import annotations

import json
import pickle
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from landscape.publish import (extra_files, file_problem, files_of, fresh, kill_point, link_files, settle,
                               settle_all, temporary_folder)
from landscape.publish import publish as publish_folder

BUNDLE_VERSION = 1
MANIFEST = "manifest.json"
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
    #: the manifest's ``{file: {sha256, bytes}}`` when read with checks; None for a draft
    files: dict | None = None

    def table(self, name: str) -> pd.DataFrame | None:
        """An analysis table written next to the bundle (white_spaces, alerts, trends, ...)."""
        path = self._file(f"{name}.parquet")
        return None if path is None else pd.read_parquet(path)

    def array(self, name: str) -> np.ndarray | None:
        """A numpy array stored with the bundle (``embeddings``: the patents' vectors, float16)."""
        path = self._file(f"{name}.npy")
        return None if path is None else np.load(path)

    def model(self):
        """The fitted models (reducer, clusterer, embedder settings) for placing new text."""
        with open(self._file("model.pkl", required=True), "rb") as f:
            return pickle.load(f)

    def _file(self, rel: str, required: bool = False) -> Path | None:
        """The path of one of the bundle's files, checked against the manifest read with it
        (hashed once per process); None when the bundle has no such file."""
        if self.path is None:
            return None
        known = (self.path / rel).exists() if self.files is None else rel in self.files
        if not known:
            if required:
                raise BundleError(f"map {self.name!r} has no {rel}; rebuild the map.")
            return None
        if self.files is not None and file_problem(self.path, rel, self.files[rel]):
            if _listed(self.path, rel) != self.files[rel]:
                raise BundleError(f"map {self.name!r} was published again while it was open; read it again.")
            _check_file(self.path, self.name, rel, self.files[rel])
        return self.path / rel


def _listed(path: Path, rel: str) -> dict | None:
    """What the manifest now on disk says of one file."""
    try:
        return json.loads((path / MANIFEST).read_text(encoding="utf-8")).get("files", {}).get(rel)
    except (OSError, ValueError, AttributeError):
        return None


def maps_dir(workspace: Path) -> Path:
    return Path(workspace) / "maps"


# ---------------------------------------------------------------- writing (into a draft folder)

def write_files(folder: Path, bundle: MapBundle, model=None, extra_tables: dict | None = None,
                arrays: dict | None = None) -> None:
    """Write ``bundle``'s tables, arrays, model and (draft) manifest into ``folder``, a version
    not yet published (see ``new_version``)."""
    missing = [c for c in POINTS_COLUMNS if c not in bundle.points.columns]
    if missing:
        raise BundleError(f"points table lacks columns {missing}")
    bundle.points.to_parquet(fresh(folder / "points.parquet"), index=False)
    kill_point("writing-tables")
    bundle.clusters.to_parquet(fresh(folder / "clusters.parquet"), index=False)
    if bundle.topics is not None:
        bundle.topics.to_parquet(fresh(folder / "topics.parquet"), index=False)
    for name, table in (extra_tables or {}).items():
        table.to_parquet(fresh(folder / f"{name}.parquet"), index=False)
    for name, array in (arrays or {}).items():
        np.save(fresh(folder / f"{name}.npy"), array)
    if model is not None:
        _write_model(folder, model)
    _write_manifest(folder, dict(bundle.manifest, bundle_version=BUNDLE_VERSION, name=bundle.name))


def _write_model(folder: Path, model) -> None:
    """The fitted layouts and embedder settings, so new text can be placed on the same map."""
    with open(fresh(folder / "model.pkl"), "wb") as f:
        pickle.dump(model, f, protocol=pickle.HIGHEST_PROTOCOL)


def write_tables(folder: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Add (or replace) analysis tables in ``folder``, a version not yet published."""
    for name, table in tables.items():
        table.to_parquet(fresh(folder / f"{name}.parquet"), index=False)
        kill_point(f"analysis:{name}")


def edit_manifest(folder: Path, changes: dict) -> dict:
    """Merge ``changes`` into the manifest of ``folder``, a version not yet published."""
    manifest = dict(json.loads((folder / MANIFEST).read_text(encoding="utf-8")), **changes)
    _write_manifest(folder, manifest)
    return manifest


def _write_manifest(folder: Path, manifest: dict) -> None:
    (fresh(folder / MANIFEST)).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, default=str),
                                          encoding="utf-8")


@contextmanager
def new_version(workspace: Path, name: str, *, from_current: bool = False,
                publish: bool = True) -> Iterator[Path]:
    """A folder for the next version of map ``name``, published whole when the block ends.

    ``from_current``: the folder starts as the current version (checked first). ``publish``
    off: a scratch version, deleted at the end and never seen by readers (backtest's trial map).
    Another writer of the same map waits until this one is done.
    """
    root = maps_dir(workspace)
    with temporary_folder(root, name) as folder:
        if from_current:
            current = read_bundle(workspace, name)
            link_files(current.path, folder, list(current.files))
            _write_manifest(folder, {k: v for k, v in current.manifest.items() if k != "files"})
            kill_point("copied")
        yield folder
        if not publish:
            shutil.rmtree(folder, ignore_errors=True)
            return
        # Sealed last: the hashes are of exactly what is published.
        edit_manifest(folder, {"files": files_of(folder, skip=MANIFEST, sync=True)})
        publish_folder(folder, root / name)


def write_bundle(workspace: Path, bundle: MapBundle, model=None, extra_tables: dict | None = None,
                 arrays: dict | None = None) -> Path:
    """Publish ``bundle`` as the new version of ``WORKSPACE/maps/<name>/``."""
    with new_version(workspace, bundle.name) as folder:
        write_files(folder, bundle, model=model, extra_tables=extra_tables, arrays=arrays)
    return maps_dir(workspace) / bundle.name


def update_bundle(workspace: Path, name: str, *, tables: dict[str, pd.DataFrame] | None = None,
                  remove: tuple[str, ...] = (), manifest: dict | None = None) -> Path:
    """Publish a new version of map ``name``: the current one with ``tables`` added or replaced,
    the tables named in ``remove`` left out and ``manifest`` merged into its manifest."""
    with new_version(workspace, name, from_current=True) as folder:
        for table in remove:
            (folder / f"{table}.parquet").unlink(missing_ok=True)
        write_tables(folder, tables or {})
        edit_manifest(folder, manifest or {})
    return maps_dir(workspace) / name


# ---------------------------------------------------------------- reading

def read_bundle(workspace: Path, name: str) -> MapBundle:
    """Read one published bundle, every file checked against its manifest; a clear error when it
    is missing, changed, broken or too old."""
    root = maps_dir(workspace)
    path = root / name
    for attempt in range(3):
        if root.is_dir():
            settle(root, name)
        if not (path / MANIFEST).exists():
            known = ", ".join(list_bundles(workspace)) or "none yet"
            raise BundleError(f"no map called {name!r} in {root} (maps: {known}).")
        version = _inode(path)
        try:
            return read_folder(path, name)
        except (BundleError, OSError):
            # A writer swapped a new version in while this one was being read: read that one.
            if attempt == 2 or _inode(path) == version:
                raise
    raise AssertionError("unreachable")


def read_folder(path: Path, name: str, *, verify: bool = True) -> MapBundle:
    """Read the bundle in ``path``. ``verify`` off: a draft being written (no file hashes yet)."""
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise BundleError(f"{path}: manifest.json is unreadable ({err}); rebuild the map.") from err
    if manifest.get("bundle_version") != BUNDLE_VERSION:
        raise BundleError(f"{path}: built by another version of landscape (bundle version "
                          f"{manifest.get('bundle_version')}, this one reads {BUNDLE_VERSION}); rebuild the map.")
    files = None
    if verify:
        files = manifest.get("files")
        if not isinstance(files, dict):
            raise BundleError(f"map {name!r} ({path}) was built by an older landscape; rebuild the map.")
        for rel in sorted(files):
            _check_file(path, name, rel, files[rel])
        extra = extra_files(path, files, skip=MANIFEST)
        if extra:
            raise BundleError(f"map {name!r}: {extra[0]} was added after the map was written; "
                              "rebuild it or copy the map again.")
    try:
        points = pd.read_parquet(path / "points.parquet")
        clusters = pd.read_parquet(path / "clusters.parquet")
        topics = pd.read_parquet(path / "topics.parquet") if (path / "topics.parquet").exists() else None
    except (OSError, ValueError) as err:
        raise BundleError(f"{path}: a table is missing or damaged ({err}); rebuild the map.") from err
    return MapBundle(name=name, manifest=manifest, points=points, clusters=clusters, topics=topics, path=path,
                     files=files)


def _check_file(path: Path, name: str, rel: str, expected: dict) -> None:
    problem = file_problem(path, rel, expected)
    if problem:
        raise BundleError(f"map {name!r}: {rel} {problem} after the map was written; "
                          "rebuild it or copy the map again.")


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


def list_bundles(workspace: Path) -> list[str]:
    """The published maps (never a version still being written)."""
    root = maps_dir(workspace)
    if not root.is_dir():
        return []
    settle_all(root)
    return sorted(p.name for p in root.iterdir() if not p.name.startswith(".") and (p / MANIFEST).exists())
