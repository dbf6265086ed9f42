"""Importing exports into the workspace store, and the ids of what an import read.

``landscape.pipeline`` re-exports these names; the build's steps live there."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from landscape.ingest.base import EmptyFileError, IngestError
from landscape.ingest.detect import detect, expand
from landscape.store import ImportResult, Store, content_hash


@dataclass
class IngestReport:
    files: list[ImportResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    total_records: int = 0
    #: path -> publication numbers read from it, for files read whole this time (``ids_in`` reads
    #: the others: an export imported before is not read again by ``ingest``)
    read_ids: dict[str, list[str]] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        """True when anything could be read: the exit status depends on it."""
        return any(f.read - f.quarantined > 0 or f.status == "already imported" for f in self.files)

    def as_json(self) -> dict:
        return {"files": [f.as_json() for f in self.files], "skipped": self.skipped,
                "total_records": self.total_records}


def ingest(paths: list[Path], workspace: Path, *, fmt: str | None = None,
           columns: dict[str, str] | None = None, show_progress: bool = True,
           batch_size: int = 2000) -> IngestReport:
    """Import every export under ``paths`` into the workspace store.

    A file that cannot be read is reported and the next one is read: one bad file never
    stops an import, and nothing that was stored is lost.
    """
    sources, skipped = expand([Path(p) for p in paths])
    report = IngestReport(skipped=[str(p) for p in skipped])
    with Store.open(workspace) as store:
        for path in sources:
            result, ids = _ingest_one(store, path, fmt, columns, show_progress, batch_size)
            report.files.append(result)
            if ids is not None:
                report.read_ids[str(path)] = ids
        report.total_records = store.count()
    return report


def _ingest_one(store: Store, path: Path, fmt, columns, show_progress: bool,
                batch_size: int) -> tuple[ImportResult, list[str] | None]:
    """One file's import, and the publication numbers of its records when it was read whole."""
    from landscape.coverage import import_warnings
    from landscape.ingest.mapping_report import Tally, describe_mapping

    try:
        reader = detect(path, fmt, columns)
    except EmptyFileError as err:
        return ImportResult(path=str(path), format="unknown", status="empty", message=str(err)), None
    except IngestError as err:
        return ImportResult(path=str(path), format="unknown", status="failed", message=str(err)), None
    except Exception as err:  # noqa: BLE001 - a reader bug must not stop the other files
        return ImportResult(path=str(path), format="unknown", status="failed",
                            message=f"{path}: could not be read ({type(err).__name__}: {str(err)[:200]}); "
                                    "the other files were imported. Please report this file's layout."), None
    detected, mapped, missing = describe_mapping(reader)
    tally = Tally()
    bar = tqdm(desc=path.name[:40], unit=" rows", disable=not show_progress or None, leave=False)
    try:
        result = store.import_source(path, reader.name, tally.count(reader.read(path)), batch_size=batch_size,
                                     progress=bar.update, hash_=content_hash(path))
    except IngestError as err:
        result = ImportResult(path=str(path), format=reader.name, status="failed", message=str(err))
    except Exception as err:  # noqa: BLE001 - as above: report, keep what was committed, go on
        result = ImportResult(path=str(path), format=reader.name, status="failed",
                              message=f"{path}: reading stopped ({type(err).__name__}: {str(err)[:200]}); "
                                      "rows before it were kept. Please report this file's layout.")
    finally:
        bar.close()
    detected, mapped, missing = describe_mapping(reader)  # a reader may learn its layout as it reads
    result.format = reader.name
    result.detected, result.mapped, result.missing = detected, mapped, missing
    if result.status != "already imported" and mapped:
        result.warnings = import_warnings(mapped, tally.filled, tally.records) + tally.cut_warnings()
    # Read to the end this time: its ids are known without reading it again (build --input).
    return result, (tally.ids if result.status in ("done", "resumed") else None)


def ids_in(paths: list[Path], fmt: str | None = None, columns: dict | None = None) -> list[str]:
    """Publication numbers of the readable rows of some exports (to build a map of just them)."""
    from landscape.schema import PatentRecord

    sources, _ = expand([Path(p) for p in paths])
    ids = []
    for path in sources:
        try:
            reader = detect(path, fmt, columns)
            ids += [item.id for _, item in reader.read(path) if isinstance(item, PatentRecord)]
        except IngestError:
            continue  # the import already said why this file could not be read
    return usable_ids(ids)


def usable_ids(ids) -> list[str]:
    """Publication numbers, each once, in order; those that do not parse left out."""
    from landscape.ingest.normalize import publication_number

    return [i for i in dict.fromkeys(ids) if publication_number(i)]


def ids_read(report: IngestReport, paths: list[Path], fmt: str | None = None,
             columns: dict | None = None) -> list[str]:
    """The ids of ``paths`` (as :func:`ids_in`), taken from ``report`` for the files the import
    read whole, so a large export is parsed once; the others (imported before) are read again."""
    sources, _ = expand([Path(p) for p in paths])
    ids: list[str] = []
    for path in sources:
        got = report.read_ids.get(str(path))
        ids += got if got is not None else ids_in([path], fmt, columns)
    return usable_ids(ids)
