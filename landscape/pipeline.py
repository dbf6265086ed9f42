"""The order of the stages. Each stage lives in its own module; this file only composes them."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from landscape.ingest.base import EmptyFileError, IngestError
from landscape.ingest.detect import detect, expand
from landscape.store import ImportResult, Store, content_hash


def workspace_path(workspace: str | Path | None) -> Path:
    """``--workspace``, else ``$LANDSCAPE_WORKSPACE``, else ``./workspace``."""
    return Path(workspace or os.environ.get("LANDSCAPE_WORKSPACE") or "workspace")


@dataclass
class IngestReport:
    files: list[ImportResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    total_records: int = 0

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
    """Import every export under ``paths`` into the workspace store."""
    sources, skipped = expand([Path(p) for p in paths])
    report = IngestReport(skipped=[str(p) for p in skipped])
    with Store.open(workspace) as store:
        for path in sources:
            try:
                reader = detect(path, fmt, columns)
            except EmptyFileError as err:
                report.files.append(ImportResult(path=str(path), format="unknown", status="empty",
                                                 message=str(err)))
                continue
            except IngestError as err:
                report.files.append(ImportResult(path=str(path), format="unknown", status="failed",
                                                 message=str(err)))
                continue
            bar = tqdm(desc=path.name[:40], unit=" rows", disable=not show_progress or None, leave=False)
            try:
                result = store.import_source(path, reader.name, reader.read(path), batch_size=batch_size,
                                             progress=bar.update, hash_=content_hash(path))
            except IngestError as err:
                result = ImportResult(path=str(path), format=reader.name, status="failed", message=str(err))
            finally:
                bar.close()
            report.files.append(result)
        report.total_records = store.count()
    return report
