"""``landscape watch``: new exports placed on a built map as its next version, with what changed,
registered on :func:`landscape.cli.main` (kept apart so the main command file stays readable)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from landscape import pipeline
from landscape.cli import _fail, json_option, main, workspace_option


def _since(ctx, param, value):
    from landscape.rules.years import parse_as_of

    try:
        return parse_as_of(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


@main.command()
@click.option("--map", "map_name", required=True, help="The map the new records are placed on.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--since", default=None, callback=_since, metavar="YYYY-MM-DD",
              help="Count changes since the last version published before this date (default: the previous "
                   "version).")
@click.option("--top", default=10, show_default=True, help="Changes printed.")
@workspace_option
@json_option
def watch(map_name, paths, since, top, workspace, as_json):
    """Place the new records of some exports on a built map without refitting it, as the map's next
    version (the previous one is kept), and say what changed: new filings, new entrants, surges, new
    patents near white spaces, a watched rival's moves, legal-status changes and drift. Running it
    again on the same files adds nothing."""
    from landscape.embed.base import BackendMissing
    from landscape.maps import BundleError
    from landscape.watch import WatchError, watch as run_watch

    ws = pipeline.workspace_path(workspace)
    try:
        result = run_watch(ws, map_name, list(paths), since=since)
    except (WatchError, BundleError, BackendMissing, ValueError) as err:
        _fail(str(err))
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, default=str))
        return
    if result.version is None:
        click.echo(f"Nothing new for map {map_name!r}: the {result.already_on_map} patents in these files are "
                   "already on it (no legal status changed); no version was published.")
        return
    click.echo(f"Map {map_name!r} version {result.version}: {result.added} new patents placed "
               f"({result.already_on_map} already on the map) from {len(result.files)} "
               f"file{'' if len(result.files) == 1 else 's'}; changes since "
               f"{result.since}.")
    d = result.drift
    if d:
        click.echo(f"Drift: {d['share_far']:.0%} of the new patents lie far from every area (the map's own: "
                   f"{d['share_far_map']:.0%}); {d['new_dense_regions']} new dense regions.")
        if d.get("suggest_rebuild"):
            click.echo(f"  Many new patents do not fit the map's areas: run `landscape update --map {map_name} "
                       "--rebuild` for a new version whose areas fit them.")
    changes = result.changes
    counts = changes["kind"].value_counts()
    click.echo("Changes: " + ", ".join(f"{k} {int(v)}" for k, v in counts.items()))
    shown = changes[~changes["kind"].isin(["new_filings", "drift"])].head(top)  # drift: said above
    for _, row in shown.iterrows():
        click.echo(f"  [{row['kind']}] {row['text_en']}")
