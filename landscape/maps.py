"""The map bundle: one built landscape on disk, read by the app, reports and analyses.

``WORKSPACE/maps/<name>/`` holds ``manifest.json``, ``points.parquet``, ``clusters.parquet``,
``topics.parquet``, ``documents.parquet`` (what the app shows of each patent),
``embeddings.npy`` (the patents' vectors in float16, for nearest-patent search),
``model.json`` + ``model.npz`` (the map model, see map_model.py, so new text can be placed on
the same map) and the analysis tables. A bundle holds data only: one carrying a pickle is
refused unopened. A version is written whole into a temporary folder and published with
renames (``landscape.publish``), so a reader never sees half a bundle and a failed or killed
run leaves the previous version in place. Each version is numbered (``manifest.version``, with
``manifest.version_note``: what made it, when, what was added from which files); the one it
replaces is kept, read-only, in ``WORKSPACE/maps/.versions/<name>/v<N>/`` (``versions``,
``read_version``). The manifest lists every file with its size and
SHA-256, checked on every read: a bundle changed after it was written is refused.
"""
from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from landscape.publish import (VERSIONS, archive, extra_files, file_problem, files_of, fresh, kill_point,
                               link_files, settle, settle_all, temporary_folder)
from landscape.publish import publish as publish_folder

from landscape.map_model import MODEL_ARRAYS, MODEL_JSON, MapModel, ModelFileError

BUNDLE_VERSION = 2  # 2: the model as model.json + model.npz instead of model.pkl; file hashes
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
    #: the manifest's ``{file: {sha256, bytes}}`` when read with checks; None for a draft
    files: dict | None = None
    _model: MapModel | None = field(default=None, init=False, repr=False, compare=False)

    def table(self, name: str) -> pd.DataFrame | None:
        """An analysis table written next to the bundle (white_spaces, alerts, trends, ...)."""
        path = self._file(f"{name}.parquet")
        return None if path is None else pd.read_parquet(path)

    def array(self, name: str) -> np.ndarray | None:
        """A numpy array stored with the bundle (``embeddings``: the patents' vectors, float16)."""
        path = self._file(f"{name}.npy")
        return None if path is None else np.load(path, allow_pickle=False)

    def model(self) -> MapModel:
        """The map model (layouts, topics, areas, embedder state) for placing new text; read once,
        after its files are checked against the manifest."""
        if self._model is None:
            for rel in (MODEL_JSON, MODEL_ARRAYS):
                self._file(rel, required=True)
            try:
                self._model = MapModel.load(self.path)
            except ModelFileError as err:
                raise BundleError(f"{self.path}: the map model is damaged: {err}; rebuild the map.") from None
        return self._model

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

def write_files(folder: Path, bundle: MapBundle, model: MapModel | None = None, extra_tables: dict | None = None,
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


def _write_model(folder: Path, model: MapModel) -> None:
    """The map model as data (model.json + model.npz), so new text can be placed on the same map."""
    for rel in (MODEL_JSON, MODEL_ARRAYS):
        fresh(folder / rel)  # never write through a hard link into a published version
    model.save(folder)


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
                publish: bool = True, note: dict | None = None) -> Iterator[Path]:
    """A folder for the next version of map ``name``, published whole when the block ends.

    ``from_current``: the folder starts as the current version (checked first). ``publish``
    off: a scratch version, deleted at the end and never seen by readers (backtest's trial map).
    ``note``: the version's ``version_note`` (``kind``, ``added``, ``files``; default kind
    ``build``, or ``update`` from the current version). The version it replaces is kept under
    ``maps/.versions/<name>/`` first. Another writer of the same map waits until this one is done.
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
        previous = _current_version(root / name)
        number = max([previous or 0] + [v for v, _ in _kept(workspace, name)]) + 1
        edit_manifest(folder, {"version": number, "version_note": {
            "kind": "update" if from_current else "build", "at": now_iso(), "added": 0, "files": [],
            **(note or {})}})
        # Sealed last: the hashes are of exactly what is published.
        edit_manifest(folder, {"files": files_of(folder, skip=MANIFEST, sync=True)})
        if previous is not None:
            archive(root / name, versions_dir(workspace, name) / f"v{previous}")
        publish_folder(folder, root / name)


def write_bundle(workspace: Path, bundle: MapBundle, model: MapModel | None = None, extra_tables: dict | None = None,
                 arrays: dict | None = None) -> Path:
    """Publish ``bundle`` as the new version of ``WORKSPACE/maps/<name>/``."""
    with new_version(workspace, bundle.name) as folder:
        write_files(folder, bundle, model=model, extra_tables=extra_tables, arrays=arrays)
    return maps_dir(workspace) / bundle.name


def update_bundle(workspace: Path, name: str, *, tables: dict[str, pd.DataFrame] | None = None,
                  remove: tuple[str, ...] = (), manifest: dict | None = None, note: dict | None = None) -> Path:
    """Publish a new version of map ``name``: the current one with ``tables`` added or replaced,
    the tables named in ``remove`` left out and ``manifest`` merged into its manifest
    (``note``: the version's note, see ``new_version``)."""
    with new_version(workspace, name, from_current=True, note=note) as folder:
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
    refuse_code_files(path, name)  # before anything else is opened
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


def refuse_code_files(path: Path, name: str) -> None:
    """Refuse a bundle that carries a file which could run code when loaded (a pickle), looking
    only at file names: bundles are shared, and loading one must never run someone's code."""
    found = sorted(p.name for p in path.rglob("*") if p.suffix.lower() in CODE_FILE_SUFFIXES)
    if not found:
        return
    try:  # JSON cannot run code: read it only to word the advice
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        corpus, version = manifest.get("corpus"), manifest.get("bundle_version")
    except (OSError, ValueError, AttributeError):
        corpus, version = None, None
    source = f"--corpus {corpus}" if isinstance(corpus, str) and corpus else "--input FILES"
    if isinstance(version, int) and version >= 2:  # this landscape never writes one: planted
        raise BundleError(f"map {name!r} carries {', '.join(found)}, a file that could run code and that "
                          "landscape never writes, so it was not opened; get the map again from its author "
                          f"or rebuild it with `landscape build {source} --name {name}`.")
    raise BundleError(f"map {name!r} was saved by an older landscape with a model file that could run code "
                      f"({', '.join(found)}), so it was not opened; rebuild it with "
                      f"`landscape build {source} --name {name}`.")


def list_bundles(workspace: Path) -> list[str]:
    """The published maps (never a version still being written)."""
    root = maps_dir(workspace)
    if not root.is_dir():
        return []
    settle_all(root)
    return sorted(p.name for p in root.iterdir() if not p.name.startswith(".") and (p / MANIFEST).exists())


# ---------------------------------------------------------------- versions

def versions_dir(workspace: Path, name: str) -> Path:
    """Where the earlier versions of map ``name`` are kept: ``maps/.versions/<name>/``."""
    return maps_dir(workspace) / VERSIONS / name


def now_iso() -> str:
    """Now, in UTC, as the manifests write it."""
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _current_version(path: Path) -> int | None:
    """The number of the version published in ``path`` (1 for a map written before versions were
    numbered), or None when there is none."""
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return 1  # unreadable: kept all the same, as the first
    number = manifest.get("version") if isinstance(manifest, dict) else None
    return int(number) if isinstance(number, int) and number > 0 else 1


def _kept(workspace: Path, name: str) -> list[tuple[int, Path]]:
    """``(number, folder)`` of the kept earlier versions of map ``name``, oldest first."""
    root = versions_dir(workspace, name)
    if not root.is_dir():
        return []
    out = [(int(p.name[1:]), p) for p in root.iterdir() if p.name[:1] == "v" and p.name[1:].isdigit()]
    return sorted(out)


def versions(workspace: Path, name: str) -> list[dict]:
    """Every version of map ``name``, oldest first: ``version``, ``current`` (the one the app
    shows), ``kind``, ``at``, ``added``, ``files``, ``records`` and ``path``."""
    rows = []
    current = maps_dir(workspace) / name
    listed = _kept(workspace, name) + ([(_current_version(current), current)] if (current / MANIFEST).exists()
                                       else [])
    for number, path in listed:
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {}
        note = manifest.get("version_note") or {}
        rows.append({"version": number, "current": path == current, "kind": note.get("kind", "build"),
                     "at": note.get("at", manifest.get("built_at")), "added": note.get("added", 0),
                     "files": note.get("files", []), "records": manifest.get("records"), "path": str(path)})
    if not rows:
        known = ", ".join(list_bundles(workspace)) or "none yet"
        raise BundleError(f"no map called {name!r} in {maps_dir(workspace)} (maps: {known}).")
    return rows


def read_version(workspace: Path, name: str, number: int) -> MapBundle:
    """Version ``number`` of map ``name`` (the current one or a kept one), every file checked."""
    current = maps_dir(workspace) / name
    if _current_version(current) == number:
        return read_bundle(workspace, name)
    path = versions_dir(workspace, name) / f"v{int(number)}"
    if not (path / MANIFEST).exists():
        have = ", ".join(str(v["version"]) for v in versions(workspace, name))
        raise BundleError(f"map {name!r} has no version {number} (versions: {have}).")
    return read_folder(path, name)
