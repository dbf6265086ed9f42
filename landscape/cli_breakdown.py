"""The breakdown commands (技术分解): ``breakdown``, ``breakdown-sample`` and ``breakdown-score``,
registered on :func:`landscape.cli.main` (kept apart so the main command file stays readable)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from landscape import pipeline
from landscape.cli import _fail, json_option, main, workspace_option


@main.command()
@click.option("--map", "map_name", required=True, help="The map whose patents are assigned.")
@click.option("--taxonomy", "taxonomy_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The breakdown (TOML; shipped ones are in corpora/breakdowns/).")
@click.option("--examples", "examples_file", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="A CSV or Excel file with columns id and branch: hand-labelled patents (few-shot); they keep "
                   "their given branch.")
@click.option("--out", "out_path", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the table (id, branch, level, score, best) to this Parquet file.")
@workspace_option
@json_option
def breakdown(map_name, taxonomy_file, examples_file, out_path, workspace, as_json):
    """Technology breakdown (技术分解): every patent of a map into the branches of a breakdown, or unassigned,
    written into the map as breakdown.parquet (a new version). Prints patents per branch."""
    from landscape.breakdown import TaxonomyError
    from landscape.embed.base import BackendMissing
    from landscape.maps import BundleError

    ws = pipeline.workspace_path(workspace)
    try:
        taxonomy, table, notes, groups_from, path = pipeline.breakdown(ws, map_name, taxonomy_file, examples_file)
        path = path / "breakdown.parquet"
        if out_path is not None:
            _write_parquet(table, out_path)
    except (TaxonomyError, BundleError, BackendMissing, ValueError) as err:
        _fail(str(err))
    counts = table[table["branch"] != ""].groupby("branch")["id"].nunique()
    if as_json:
        click.echo(json.dumps({"counts": {b: int(counts.get(b, 0)) for b in taxonomy.ids()},
                               "unassigned": notes["unassigned"], "notes": notes, "bundle": str(path),
                               "groups": groups_from,
                               "out": str(out_path or "")}, ensure_ascii=False, default=str))
        return
    click.echo(f"{taxonomy.name_en} / {taxonomy.name_zh}: {notes['patents']} patents of map {map_name!r}")
    for b in taxonomy.branches:
        click.echo(f"{'  ' * b.level}{b.name_en} / {b.name_zh}  {int(counts.get(b.id, 0))}")
    click.echo(f"  unassigned / 未分配  {notes['unassigned']}")
    click.echo(f"Written into the map: {path}, with the figures per branch (branch_summary, branch_years, "
               f"branch_areas, branch_applicants; {_GROUPS_FROM[groups_from]}).")
    if out_path is not None:
        click.echo(f"Table also written to {out_path}")


_GROUPS_FROM = {"analysed": "corporate groups as analysed / 企业集团取自 analyse 结果",
                "decided here": "corporate groups decided as `landscape analyse` does; run it to store them / "
                                "企业集团按 analyse 的规则判定，运行 landscape analyse 以保存"}


def _write_parquet(table, out_path: Path) -> None:
    try:
        table.to_parquet(out_path, index=False)
    except OSError as err:
        _fail(f"{out_path}: cannot write the table ({err.strerror or err}).")


@main.command("breakdown-sample")
@click.option("--map", "map_name", required=True, help="The map whose breakdown is checked.")
@click.option("--per-branch", default=20, show_default=True, type=click.IntRange(0),
              help="Patents drawn from those assigned to each branch (for precision).")
@click.option("--unassigned", "not_assigned", default=50, show_default=True, type=click.IntRange(0),
              help="Patents drawn from those NOT assigned to each level-1 branch (for recall).")
@click.option("--seed", default=42, show_default=True, help="Random seed: the same seed draws the same sample.")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The Excel file (.xlsx) for the analyst to mark.")
@workspace_option
def breakdown_sample(map_name, per_branch, not_assigned, seed, out_path, workspace):
    """A stratified random sample of a map's breakdown to mark right or wrong (查准率/查全率 check)."""
    from landscape.breakdown.check import breakdown_sha256, check_rows
    from landscape.breakdown.check_sheet import workbook_bytes
    from landscape.maps import BundleError, read_bundle

    try:
        bundle = read_bundle(pipeline.workspace_path(workspace), map_name)
        rows = check_rows(bundle, per_branch=per_branch, not_assigned=not_assigned, seed=seed)
        out_path.write_bytes(workbook_bytes(rows, breakdown_sha256(bundle)))
    except BundleError as err:
        _fail(str(err))
    except OSError as err:
        _fail(f"{out_path}: cannot write the sample ({err.strerror or err}).")
    drawn = rows["why"].value_counts()
    click.echo(f"{len(rows)} rows ({drawn.get('precision', 0)} for precision, {drawn.get('recall', 0)} for recall) "
               f"written to {out_path}; mark the column 'correct', then run "
               f"`landscape breakdown-score --map {map_name} --checked {out_path}`.")


def _display_width(text: str) -> int:
    """Columns a terminal gives ``text``: Chinese characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _display_width(text))


def _share(value, low, high) -> str:
    import math

    return "-" if value is None or math.isnan(value) else f"{value:.0%} [{low:.0%}, {high:.0%}]"


@main.command("breakdown-score")
@click.option("--map", "map_name", required=True, help="The map whose breakdown was checked.")
@click.option("--checked", "checked", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The sample from breakdown-sample, with the column 'correct' marked.")
@workspace_option
@json_option
def breakdown_score(map_name, checked, workspace, as_json):
    """Precision and estimated recall per branch, with 95 % intervals, from a marked sample; written into the map."""
    from landscape.breakdown.check import publish_scores
    from landscape.breakdown.check_sheet import CheckSheetError
    from landscape.maps import BundleError, read_bundle

    ws = pipeline.workspace_path(workspace)
    try:
        scores, notes = publish_scores(ws, map_name, checked)
        bundle = read_bundle(ws, map_name)
    except (BundleError, CheckSheetError) as err:
        _fail(str(err))
    if as_json:
        click.echo(json.dumps(notes, ensure_ascii=False))
        return
    names = {b["id"]: f"{'  ' * (b['level'] - 1)}{b['name_en']} / {b['name_zh']}"
             for b in bundle.manifest["breakdown"]["taxonomy"]["branches"]}
    width = max(map(_display_width, names.values()))
    click.echo(f"{notes['marked']} of {notes['rows']} rows marked in {checked}; 95 % intervals.")
    click.echo(f"{_pad('branch', width)}  {'marked':>6}  {_pad('precision 查准率', 20)}  {'marked':>6}  "
               "recall 查全率 (level 1)")
    for r in scores.itertuples():
        click.echo(f"{_pad(names[r.branch], width)}  {r.marked:>6}  "
                   f"{_pad(_share(r.precision, r.precision_low, r.precision_high), 20)}  "
                   f"{r.recall_marked if r.level == 1 else '':>6}  {_share(r.recall, r.recall_low, r.recall_high)}")
    click.echo(f"Written into the map {map_name!r} (manifest: breakdown_quality).")
