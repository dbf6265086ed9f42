"""The command line: a thin layer over :mod:`landscape.pipeline`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from landscape import pipeline
from landscape.ingest.base import IngestError
from landscape.ingest.detect import FORMATS

workspace_option = click.option(
    "--workspace", "-w", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Workspace folder (default: $LANDSCAPE_WORKSPACE, else ./workspace).")
column_option = click.option(
    "--column", "columns", multiple=True, metavar="FIELD=HEADER",
    help="Which header holds a field, where the name is not one the importer knows (id, title, abstract, "
         "applicants, inventors, ipc, cpc, filing_date, publication_date, application_number, title_en, "
         "abstract_zh, ...). Repeatable.")
def _as_of(ctx, param, value):
    from landscape.rules.years import parse_as_of

    try:
        return parse_as_of(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


as_of_option = click.option(
    "--as-of", "as_of", default=None, callback=_as_of, metavar="YYYY-MM-DD",
    help="The data's cut-off date (default: the latest publication date in the records); with the "
         "18-month publication lag it decides the last complete year.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
engine_option = click.option(
    "--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
    help="Where the embedding step runs: this process, or a Ray cluster as a Ray Data job (pip install -e "
         "'.[cluster]'; see docs/scale.md). The map steps run here either way.")
address_option = click.option(
    "--address", default=None, metavar="HOST:PORT",
    help="With --engine ray: the cluster's head (`ray start --head --port PORT`), or ray://HOST:PORT; "
         "default $RAY_ADDRESS (one of the two is needed).")


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="landscape")
def main():
    """Patent navigation: import exports, map technology areas, find white spaces and early warnings."""


def _parse_columns(pairs: tuple[str, ...]) -> dict[str, str]:
    columns = {}
    for pair in pairs:
        if "=" not in pair:
            _fail(f"--column takes FIELD=HEADER (e.g. --column id=PubNo), not {pair!r}.")
        fieldname, header = pair.split("=", 1)
        columns[fieldname.strip()] = header.strip()
    return columns


def _print_mapping(f) -> None:
    """Which header fed which field, and what the file leaves empty: said at import, not discovered later."""
    if not f.mapped:
        return
    click.echo(f"\n{Path(f.path).name}: read as {f.detected or f.format}")
    pairs = [f"{field} <- {header!r}" for field, header in f.mapped.items()]
    click.echo("  mapped: " + ", ".join(pairs))
    if f.missing:
        click.echo("  no column for: " + ", ".join(f.missing))
    for sentence in f.warnings:
        click.echo(f"  warning: {sentence}", err=True)


def _print_ingest(report: pipeline.IngestReport) -> None:
    rows = [(Path(f.path).name if len(f.path) > 50 else f.path, f.format, f.read, f.imported, f.merged,
             f.quarantined, f.status) for f in report.files]
    head = ("file", "format", "read", "imported", "merged", "quarantined", "status")
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    line = "  ".join("{:<%d}" % w if i < 2 else "{:>%d}" % w for i, w in enumerate(widths[:-1])) + "  {}"
    click.echo(line.format(*head))
    for r in rows:
        click.echo(line.format(*r))
    for f in report.files:
        if f.message:
            click.echo(f"\n{f.message}", err=True)
        _print_mapping(f)
    if report.skipped:
        click.echo(f"\nSkipped {len(report.skipped)} file(s) that are not exports: "
                   + ", ".join(Path(p).name for p in report.skipped[:8]), err=True)
    quarantined = sum(f.quarantined for f in report.files)
    if quarantined:
        click.echo(f"\n{quarantined} row(s) could not be read; see them with `landscape quarantine`.")
    click.echo(f"\n{report.total_records} records in the workspace.")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Read every file as this format instead of detecting it from the header.")
@column_option
@workspace_option
@json_option
def ingest(paths, fmt, columns, workspace, as_json):
    """Import patent exports (files or folders) into the workspace store."""
    try:
        report = pipeline.ingest(list(paths), pipeline.workspace_path(workspace), fmt=fmt,
                                 columns=_parse_columns(columns), show_progress=not as_json)
    except IngestError as err:
        _fail(str(err))
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        _print_ingest(report)
    if not report.usable:
        sys.exit(1)


@main.command()
@workspace_option
@json_option
def stats(workspace, as_json):
    """Counts by source, language, year, document type and industry."""
    from landscape.stats import workspace_stats
    from landscape.store import Store

    ws = pipeline.workspace_path(workspace)
    try:
        with Store.open(ws, read_only=True) as store:
            figures = workspace_stats(store, ws / "corpora")
    except IngestError as err:
        _fail(str(err))
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
        return
    click.echo(f"{figures['total']} records ({figures['with_abstract']} with an abstract, "
               f"{figures['quarantined']} rows in quarantine)")
    units = figures.get("by_unit") or {}
    if units:
        click.echo(f"{units['publication']} publications = {units['application']} applications = "
                   f"{units['family']} families (maps count by application unless built with --unit)")
    for key, title in (("by_source", "By source"), ("by_lang", "By language"), ("by_doc_type", "By document type"),
                       ("by_industry", "By industry"), ("by_year", "By year")):
        click.echo(f"\n{title}:")
        items = list(figures[key].items())
        if key == "by_year":
            click.echo("  " + "  ".join(f"{k}:{v}" for k, v in items))
        else:
            for k, v in items:
                click.echo(f"  {k:<24} {v:>8}")


@main.command()
@workspace_option
@json_option
def corpora(workspace, as_json):
    """The industry definitions (corpora/*.toml and the workspace's own) with matching record counts."""
    from landscape.corpora import count_by_corpus, load_corpora
    from landscape.store import STORE_FILE, Store

    ws = pipeline.workspace_path(workspace)
    try:
        defs = load_corpora(ws / "corpora")
    except ValueError as err:
        _fail(str(err))
    counts = {}
    if (ws / STORE_FILE).exists():
        with Store.open(ws, read_only=True) as store:
            counts = count_by_corpus(store.con, defs)
    if as_json:
        click.echo(json.dumps([{"name": c.name, "title_en": c.title_en, "title_zh": c.title_zh,
                                "records": counts.get(c.name), "path": str(c.path)} for c in defs],
                              ensure_ascii=False))
        return
    for c in defs:
        n = counts.get(c.name)
        click.echo(f"{c.name:<16} {'' if n is None else n:>8}  {c.title_en} / {c.title_zh}")
    if not counts:
        click.echo("\n(no store in this workspace yet: run `landscape ingest` to count records)")


@main.command()
@workspace_option
@json_option
@click.option("--limit", default=50, show_default=True, help="How many rows to show.")
def quarantine(workspace, as_json, limit):
    """Rows that could not be imported: file, row number and reason."""
    from landscape.store import Store

    try:
        with Store.open(pipeline.workspace_path(workspace), read_only=True) as store:
            df = store.quarantine()
    except IngestError as err:
        _fail(str(err))
    if as_json:
        click.echo(df.drop(columns=["quarantined_at"]).head(limit).to_json(orient="records", force_ascii=False))
        return
    if df.empty:
        click.echo("No rows in quarantine.")
        return
    for r in df.head(limit).itertuples():
        click.echo(f"{r.file}, row {r.row}: {r.reason}")
    if len(df) > limit:
        click.echo(f"... and {len(df) - limit} more (use --limit).")


@main.command()
@click.option("--corpus", default=None, help="An industry from `landscape corpora` (e.g. toys, led).")
@click.option("--input", "inputs", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Import these exports and map just their records (repeatable).")
@click.option("--name", default=None, help="The map's name (default: the corpus name, or the first input's name).")
@click.option("--model", type=click.Choice(["auto", "minilm", "use", "tfidf"]), default="auto", show_default=True,
              help="Embedding model; auto picks MiniLM for English-only corpora, else the multilingual USE, "
                   "laid out in MiniLM's geometry where 200+ records are English (--model use: USE's own).")
@click.option("--seed", default=42, show_default=True, help="Random seed: same input and seed give the same map.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Format of the --input files.")
@column_option
@click.option("--unit", type=click.Choice(["application", "family", "publication"]), default="application",
              show_default=True, help="What counts as one patent: an application (its A and B publications "
                                      "once), a family, or every publication.")
@click.option("--analyse/--no-analyse", "run_analysis", default=True, show_default=True,
              help="Run `landscape analyse` on the new map (white spaces, competitors, alerts, trends, effects).")
@click.option("--home", default="CN", show_default=True, help="Home office for home/foreign applicants (analysis).")
@as_of_option
@engine_option
@address_option
@workspace_option
@json_option
def build(corpus, inputs, name, model, seed, fmt, columns, unit, run_analysis, home, as_of, engine, address,
          workspace, as_json):
    """Build a technology map (embed, lay out, cluster, label) into WORKSPACE/maps/NAME."""
    ws = pipeline.workspace_path(workspace)
    try:
        ids = _selected_ids(corpus, inputs, fmt, columns, ws, as_json, address if engine == "ray" else None)
        name = name or corpus or Path(inputs[0]).stem
        # Built and analysed into one version, published once: never a map without its analyses.
        path = pipeline.build(ws, name=name, corpus=corpus, ids=ids,
                              options=pipeline.BuildOptions(model=model, seed=seed, unit=unit, as_of=as_of,
                                                            show_progress=not as_json, engine=engine,
                                                            address=address),
                              analysis=pipeline.AnalyseOptions(home=home) if run_analysis else None)
    except (IngestError, pipeline.BuildError, ValueError) as err:
        _fail(str(err))
    if as_json:
        from landscape.maps import read_bundle

        click.echo(json.dumps(read_bundle(ws, name).manifest, ensure_ascii=False))
    else:
        click.echo(str(path))


def _selected_ids(corpus, inputs, fmt, columns, ws: Path, as_json: bool, address: str | None = None):
    """For ``--input``: import the exports and return their ids; for ``--corpus``: None. A Ray
    cluster's ``address`` is tried first, so a wrong one fails before any work."""
    if bool(corpus) == bool(inputs):
        _fail("give either --corpus NAME or --input FILE (not both).")
    if address and address != "auto":
        from landscape.embed.ray_engine import RayEngineError, check_reachable

        try:
            check_reachable(address)
        except RayEngineError as err:
            _fail(str(err))
    if not inputs:
        return None
    columns = _parse_columns(columns)
    report = pipeline.ingest(list(inputs), ws, fmt=fmt, columns=columns, show_progress=not as_json)
    if not report.usable:
        _fail("nothing usable was read from " + ", ".join(map(str, inputs))
              + "".join(f"\n{f.message}" for f in report.files if f.message))
    if not as_json:
        for f in report.files:
            _print_mapping(f)
    return pipeline.ids_read(report, list(inputs), fmt, columns)


@main.command()
@click.option("--corpus", default=None, help="An industry from `landscape corpora` (e.g. toys, led).")
@click.option("--input", "inputs", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Import these exports and embed just their records (repeatable).")
@click.option("--model", type=click.Choice(["auto", "minilm", "use"]), default="auto", show_default=True,
              help="Embedding model, chosen as `build` chooses it.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Format of the --input files.")
@column_option
@click.option("--unit", type=click.Choice(["application", "family", "publication"]), default="application",
              show_default=True, help="What counts as one patent, as for `build`.")
@engine_option
@address_option
@workspace_option
@json_option
def embed(corpus, inputs, model, fmt, columns, unit, engine, address, workspace, as_json):
    """Embed a corpus into the workspace's embedding cache without building a map (a later
    `build` with the same model reads the vectors from the cache); resumable: run it again after
    an interruption and only what is missing is embedded."""
    ws = pipeline.workspace_path(workspace)
    try:
        ids = _selected_ids(corpus, inputs, fmt, columns, ws, as_json, address if engine == "ray" else None)
        stats = pipeline.embed(ws, corpus=corpus, ids=ids, options=pipeline.BuildOptions(
            model=model, unit=unit, show_progress=not as_json, engine=engine, address=address))
    except (IngestError, pipeline.BuildError, ValueError) as err:
        _fail(str(err))
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False))
        return
    where = (f" on {stats['chunks']} chunks, {stats['workers']} Ray workers on {stats['nodes']} nodes"
             if stats.get("engine") == "ray" and stats["chunks"] else "")
    click.echo(f"{stats['n_unique']:,} distinct texts with {stats['model']}: {stats['n_embedded']:,} embedded"
               f"{where}, {stats['n_cached']:,} already cached ({stats['seconds']:.1f} s).")


@main.command()
@click.option("--map", "map_name", required=True, help="The map to analyse.")
@click.option("--home", default="CN", show_default=True,
              help="Home patent office (or a province such as 广东) for home vs foreign applicants.")
@click.option("--rules", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A TOML file of alert thresholds, merged over the defaults.")
@click.option("--watch", default=None, help="An applicant to watch: alerts when rivals move into its strongest area.")
@click.option("--by", type=click.Choice(["group", "applicant"]), default="group", show_default=True,
              help="Count shares and concentration by corporate group or by applicant.")
@as_of_option
@workspace_option
@json_option
def analyse(map_name, home, rules, watch, by, as_of, workspace, as_json):
    """White spaces, competitor concentration and early warnings, trends and the technology-effect matrix."""
    from landscape.maps import BundleError

    ws = pipeline.workspace_path(workspace)
    try:
        tables = pipeline.analyse(ws, map_name, pipeline.AnalyseOptions(home=home, rules=rules, watch=watch,
                                                                           by=by, as_of=as_of))
    except (BundleError, ValueError) as err:
        _fail(str(err))
    if as_json:
        click.echo(json.dumps({k: len(v) for k, v in tables.items()}))
        return
    alerts = tables["alerts"]
    click.echo(f"{len(tables['white_spaces'])} white spaces, {len(alerts)} alerts, "
               f"{tables['trends'].loc[tables['trends']['area'] >= 0, 'area'].nunique() if len(tables['trends']) else 0} areas with trends.")
    for r in tables["white_spaces"].head(5).itertuples():
        click.echo(f"  white space #{r.rank}: {r.description_en}")
    for r in alerts.head(8).itertuples():
        click.echo(f"  [{r.severity}] {r.explanation_en}")


@main.command()
@click.option("--map", "map_name", required=True, help="The map to test.")
@click.option("--until", type=int, required=True, help="Map the records filed up to this year; test on the later ones.")
@click.option("--draws", default=200, show_default=True, help="Random regions drawn for the baseline.")
@click.option("--seed", default=42, show_default=True)
@workspace_option
@json_option
def backtest(map_name, until, draws, seed, workspace, as_json):
    """How many later patents fill the white spaces found on earlier ones, against random places."""
    from landscape.maps import BundleError

    try:
        r = pipeline.backtest(pipeline.workspace_path(workspace), map_name, until, draws=draws, seed=seed,
                              show_progress=not as_json)
    except (BundleError, pipeline.BuildError, ValueError) as err:
        _fail(str(err))
    if as_json:
        click.echo(json.dumps(r, default=str))
        return
    click.echo(f"Map {map_name!r} up to {until}: {r['early_records']} patents, {r['white_spaces']} white spaces.")
    click.echo(f"Later patents: {r['later_records']}; inside the white spaces: {r['inside']} "
               f"({r['fill_rate']:.2%}).")
    click.echo(f"Random regions of the same shapes: {r['random_mean']:.2%} ± {r['random_std']:.2%} "
               f"over {draws} draws -> ratio {r['ratio']:.2f} (z = {r['z']:.1f}).")


@main.command()
@click.option("--map", "map_name", required=True, help="The map to place the text on.")
@click.argument("text", required=False)
@click.option("--file", "text_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the description from a file instead.")
@click.option("-k", "k", default=10, show_default=True, help="How many nearest patents to list.")
@click.option("--rerank/--no-rerank", default=True, show_default=True,
              help="Re-rank the most similar patents by the words and IPC/CPC codes they share with the text.")
@workspace_option
@json_option
def place(map_name, text, text_file, k, rerank, workspace, as_json):
    """Where an invention (a description in Chinese or English) lands on a map, and who is near."""
    from landscape.maps import BundleError, read_bundle
    import pandas as pd

    from landscape.match_evidence import RerankSettings
    from landscape.place import place as place_text
    from landscape.views.spaces import nearest_white_space

    if text_file:
        text = text_file.read_text(encoding="utf-8")
    if not text or not text.strip():
        _fail("give the description as TEXT or with --file.")
    try:
        bundle = read_bundle(pipeline.workspace_path(workspace), map_name)
        (spot,) = place_text(bundle, [text], k=k, rerank=RerankSettings(enabled=rerank))
        white_space = nearest_white_space(bundle.table("white_spaces"), spot["x"], spot["y"])
    except (BundleError, ValueError) as err:
        _fail(str(err))
    areas = bundle.clusters.set_index("id")
    area = areas.loc[spot["area"]] if spot["area"] in areas.index else None
    if as_json:
        out = dict(spot, nearest=spot["nearest"].to_dict(orient="records"),
                   area_label_en=None if area is None else area["label_en"],
                   area_label_zh=None if area is None else area["label_zh"],
                   white_space=None if white_space is None else
                   {key: getattr(white_space[key], "item", lambda: white_space[key])() for key in ("rank", "x", "y", "distance", "description_en",
                                                          "description_zh") if key in white_space})
        click.echo(json.dumps(out, ensure_ascii=False, default=str))
        return
    if spot["note"]:
        click.echo(spot["note"])
    if area is not None:
        click.echo(f"Lands in area {spot['area']}: {area['label_en']} / {area['label_zh']}  "
                   f"(x={spot['x']:.2f}, y={spot['y']:.2f})")
    click.echo("Nearest patents:")
    for r in spot["nearest"].itertuples():
        click.echo(f"  {r.similarity:.2f}  {r.id:<16} {'' if pd.isna(r.year) else int(r.year):>5}  "
                   f"{(r.applicant if isinstance(r.applicant, str) else '')[:28]:<28}  {str(r.title)[:70]}")
        others = [p for p in r.publications if p != r.id]
        evidence = [f"also {', '.join(others)}"] * bool(others) + [f"words: {', '.join(r.terms[:5])}"] * bool(r.terms) \
            + [f"codes: {', '.join(r.codes)}"] * bool(r.codes)
        if evidence:
            click.echo(f"{'':24}{' · '.join(evidence)}")
    if white_space is not None:
        click.echo(f"Nearest white space: W{white_space.get('rank')}  {white_space.get('description_en') or ''}")


@main.command()
@click.option("--map", "map_name", required=True, help="The map to report on.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="The report's language.")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="FILE.pdf (the A4 report), FILE.html (one self-contained page) or FILE.xlsx (its tables).")
@click.option("--region", default=None,
              help="The region of a navigation report (专利导航): the map must have been navigated for it "
                   "(landscape navigate).")
@workspace_option
def report(map_name, lang, out_path, region, workspace):
    """The industry patent trend report (产业专利发展态势报告) of a map, as PDF, HTML or Excel; of a
    navigated map, the navigation report (专利导航报告) with the region's position and path."""
    from landscape.maps import BundleError
    from landscape.report import ReportError, write_report

    try:
        path = write_report(pipeline.workspace_path(workspace), map_name, out_path, lang=lang, region=region)
    except (BundleError, ReportError) as err:
        _fail(str(err))
    click.echo(f"Report of the map {map_name!r} ({lang}): {path}")


@main.command()
@click.option("--port", default=8501, show_default=True, help="Port to serve the app on.")
@click.option("--address", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 to share it on the local network).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="Language of the app (default: English, or $LANDSCAPE_LANG).")
@workspace_option
def app(port, address, lang, workspace):
    """Open the map app (Streamlit) on the workspace's maps."""
    import os
    import subprocess
    from importlib.util import find_spec

    if find_spec("streamlit") is None or find_spec("plotly") is None:
        _fail("the app needs Streamlit and Plotly: pip install -e '.[app]'")
    app_file = Path(__file__).resolve().parents[1] / "app.py"
    if not app_file.exists():
        _fail(f"{app_file} is missing: run `landscape app` from a checkout of the repository.")
    env = dict(os.environ, LANDSCAPE_WORKSPACE=str(pipeline.workspace_path(workspace).resolve()))
    if lang:
        env["LANDSCAPE_LANG"] = lang
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_file), "--server.headless", "true",
           "--server.address", address, "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    click.echo(f"The app is at http://{address}:{port}  (Ctrl+C stops it)")
    sys.exit(subprocess.call(cmd, env=env, cwd=app_file.parent))  # cwd: .streamlit/config.toml applies


@main.command("maps")
@workspace_option
@json_option
def maps_(workspace, as_json):
    """List the maps built in the workspace."""
    from landscape.maps import BundleError, list_bundles, read_bundle

    ws = pipeline.workspace_path(workspace)
    rows = []
    for name in list_bundles(ws):
        try:
            m = read_bundle(ws, name).manifest
            rows.append({"name": name, "records": m.get("records"), "areas": m.get("areas"),
                         "topics": m.get("topics"), "model": m.get("model", {}).get("name"),
                         "built_at": m.get("built_at"), "corpus": m.get("corpus")})
        except BundleError as err:
            rows.append({"name": name, "error": str(err)})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        click.echo(f"No maps in {ws}; build one with `landscape build --corpus NAME`.")
    for r in rows:
        if "error" in r:
            click.echo(f"{r['name']:<20} BROKEN: {r['error']}")
        else:
            # A bundle written by a script may lack a figure: shown as "?", not a traceback.
            r = {k: "?" if v is None else v for k, v in r.items()}
            click.echo(f"{r['name']:<20} {r['records']:>7} patents  {r['areas']:>3} areas  {r['topics']:>4} topics  "
                       f"{r['model']:<7} {r['built_at']}")


@main.command()
@workspace_option
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The demo data folder (default: $LANDSCAPE_CORPORA, else ../shared/corpora).")
@click.option("--maps/--no-maps", default=True, show_default=True, help="Build the demo maps after importing.")
def demo(workspace, data, maps):
    """Import the demo corpora (real exports) and build their maps: every industry with enough records,
    the Chinese + English waste-heat abstracts and a Google Patents landscape."""
    from landscape.demo import run_demo

    try:
        run_demo(pipeline.workspace_path(workspace), data, echo=click.echo, build_maps=maps)
    except IngestError as err:
        _fail(str(err))


# The breakdown commands register themselves on ``main`` (imported last: they import from here).
from landscape import cli_breakdown, cli_navigate, cli_push, cli_update, cli_watch  # noqa: E402,F401


if __name__ == "__main__":
    # Run as ``python -m landscape.cli``, this file is ``__main__`` and the breakdown commands
    # registered on the imported ``landscape.cli``; start that one.
    from landscape.cli import main as registered
    registered()
