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


def import_demo_data(workspace: Path, data: Path | None = None, echo: Callable[[str], None] = print) -> Path:
    """Import every demo export; returns the raw data folder."""
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
    return raw


#: Maps built besides the industries: (name, how to select, title). Selections are SQL on
#: the patents table, so they follow the store, not file names.
DEMO_MAPS = (
    ("waste-heat-zh-en",
     "list_contains(formats, 'abstract-lines') AND lang IN ('zh', 'en') AND coalesce(abstract, '') <> ''",
     "Waste-heat recovery, Chinese and English abstracts (Google Patents)"),
    ("orbit-satellite", "len(list_filter(sources, lambda s: starts_with(s, 'orbit_satellite.csv#'))) > 0",
     "Orbit and satellite technology landscape (Google Patents)"),
)


def demo_jobs(workspace: Path, echo: Callable[[str], None] = print) -> list[tuple[str, dict]]:
    """The demo's maps as (name, selection) for ``pipeline.build``: every industry with enough
    records, largest first, then the landscapes above."""
    from landscape.corpora import count_by_corpus, load_corpora
    from landscape.store import Store

    with Store.open(workspace) as store:
        counts = count_by_corpus(store.con, load_corpora(workspace / "corpora"))
        selections = {name: [r[0] for r in store.con.execute(f"SELECT id FROM patents WHERE {where} ORDER BY id")
                             .fetchall()] for name, where, _ in DEMO_MAPS}
    jobs = [(name, {"corpus": name}) for name, n in sorted(counts.items(), key=lambda kv: -kv[1])
            if n >= pipeline.MIN_RECORDS]
    jobs += [(name, {"ids": selections[name]}) for name, _, _ in DEMO_MAPS]
    skipped = [name for name, n in counts.items() if n < pipeline.MIN_RECORDS]
    if skipped:
        echo(f"Not enough records for a map of: {', '.join(skipped)} (fewer than {pipeline.MIN_RECORDS}).")
    return jobs


def run_demo(workspace: Path, data: Path | None = None, echo: Callable[[str], None] = print,
             build_maps: bool = True, options: "pipeline.BuildOptions | None" = None,
             reports: bool = True) -> list[str]:
    """Import the demo exports, then build and analyse a map for every industry with enough
    records and the two landscapes above, and write their reports. Returns the names of the
    maps built."""
    import_demo_data(workspace, data, echo)
    if not build_maps:
        return []
    built = []
    for name, selection in demo_jobs(workspace, echo):
        echo(f"\nBuilding the map {name!r}")
        try:
            pipeline.build(workspace, name=name, **selection, **({"options": options} if options else {}),
                           analysis=pipeline.AnalyseOptions())
            built.append(name)
            break_down(workspace, name, selection.get("corpus"), echo)
            navigate(workspace, name, DEMO_REGION, echo)
        except pipeline.BuildError as err:
            echo(f"  not built: {err}")
    if reports:
        write_demo_reports(workspace, built, echo)
    echo(f"\nWorkspace: {workspace} ({len(built)} maps: {', '.join(built)})")
    return built


#: The region the demo navigates every map for: the province of the city whose plan this tool
#: serves (汕头市 itself is absent from the demo data; the CNKI export is mostly Guangdong's).
DEMO_REGION = "广东省"


def navigate(workspace: Path, name: str, region: str, echo: Callable[[str], None] = print) -> dict | None:
    """The map's regional navigation for ``region`` (``landscape navigate``); None when it cannot
    be made (the reason is said in one line)."""
    from landscape.maps import BundleError
    from landscape.navigation import navigate as run

    try:
        note = run(workspace, name, region)["navigation"]
    except (BundleError, ValueError) as err:
        echo(f"  no navigation: {err}")
        return None
    except Exception as err:  # noqa: BLE001 - one map's navigation must not stop the demo
        echo(f"  no navigation ({type(err).__name__}: {str(err)[:200]}); the map itself is built.")
        return None
    echo(f"  navigation for {region}: {note['patents_in_region']:,} patents there, positions "
         + ", ".join(f"{k} {v}" for k, v in note["positions"].items()))
    return note


#: The shipped technology breakdowns, one per industry corpus of the same name.
BREAKDOWNS = Path(__file__).resolve().parent.parent / "corpora" / "breakdowns"


def break_down(workspace: Path, name: str, corpus: str | None,
               echo: Callable[[str], None] = print) -> dict | None:
    """Map ``name`` of an industry ``corpus`` gets that industry's shipped breakdown (landscapes
    have none). Returns the breakdown's notes, or None."""
    from landscape.breakdown import TaxonomyError
    from landscape.maps import BundleError

    taxonomy = BREAKDOWNS / f"{corpus}.toml"
    if corpus is None or not taxonomy.exists():
        return None
    try:
        _, table, notes, _, _ = pipeline.breakdown(workspace, name, taxonomy)
    except (TaxonomyError, BundleError, ValueError) as err:
        echo(f"  no breakdown: {err}")
        return None
    echo(f"  breakdown {taxonomy.name}: {notes['patents'] - notes['unassigned']:,} patents in its branches, "
         f"{notes['unassigned']:,} unassigned")
    return notes


def write_demo_reports(workspace: Path, names: list[str], echo: Callable[[str], None] = print,
                       langs: tuple[str, ...] = ("zh", "en"), out_dir: Path | None = None) -> list[Path]:
    """A PDF report per map and language in ``WORKSPACE/reports/<map>-<lang>.pdf``; stops with one
    line when the report extra (Jinja2, WeasyPrint, matplotlib) is not installed."""
    from landscape.maps import BundleError
    from landscape.report import ReportError, write_report

    out_dir = out_dir or Path(workspace) / "reports"
    written = []
    for name in names:
        for lang in langs:
            try:
                written.append(write_report(workspace, name, out_dir / f"{name}-{lang}.pdf", lang=lang))
            except ReportError as err:  # a missing optional package: no point trying the others
                echo(f"No reports: {err}")
                return written
            except BundleError as err:
                echo(f"  no report for {name!r}: {err}")
                break
            echo(f"  report: {written[-1]}")
    return written
