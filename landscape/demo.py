"""The demo: the real exports in ``../shared/corpora`` imported into one workspace."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from landscape import pipeline
from landscape.ingest.base import IngestError

# (path under raw/, --format, --column map). None: detected from the header.
DEMO_SOURCES = (
    ("lens-physical-ai-robotics", None, None),
    ("cnki-sysu-cn-export", None, None),
    ("uspto-random-sample-pygrams", None, None),
    ("gpatents-landscapes-teamlab", None, None),
    ("patentsview-nvidia-portfolio", None, None),
    ("gpatents-waste-heat-multilingual", None, None),
    # Titles and IPC subclasses only, in no standard layout: read with a column map.
    ("cn-ipc-titles-lxingy3", "generic",
     {"id": "publication_numbers", "title": "patent_title", "ipc": "true_subclasses_all"}),
)


def demo_data_dir(data: Path | None = None) -> Path:
    """``--data``, else ``$LANDSCAPE_CORPORA``, else ``../shared/corpora`` from the project root."""
    if data:
        return Path(data)
    if os.environ.get("LANDSCAPE_CORPORA"):
        return Path(os.environ["LANDSCAPE_CORPORA"])
    return Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def run_demo(workspace: Path, data: Path | None = None, echo: Callable[[str], None] = print) -> None:
    raw = demo_data_dir(data) / "raw"
    if not raw.is_dir():
        raise IngestError(f"{raw}: demo data not found; set $LANDSCAPE_CORPORA to the shared corpora folder.")
    for folder, fmt, columns in DEMO_SOURCES:
        path = raw / folder
        if not path.exists():
            echo(f"(skipping {folder}: not in {raw})")
            continue
        report = pipeline.ingest([path], workspace, fmt=fmt, columns=columns)
        done = sum(f.read for f in report.files)
        quarantined = sum(f.quarantined for f in report.files)
        failed = [f for f in report.files if f.status == "failed"]
        empty = sum(f.status == "empty" for f in report.files)
        echo(f"{folder}: {len(report.files)} file(s), {done} rows read, {quarantined} quarantined"
             + (f", {empty} empty file(s)" if empty else "") + (f", {len(failed)} failed" if failed else ""))
        for f in failed:
            echo(f"  {f.message}")
    echo(f"\nWorkspace: {workspace}")
