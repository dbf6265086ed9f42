"""``landscape update --map NAME --rebuild``: a new version of a map, its areas matched to the
previous version's (issue 15), registered on :func:`landscape.cli.main`."""
from __future__ import annotations

import json

import click

from landscape import pipeline
from landscape.cli import _fail, json_option, main, workspace_option

_STATUS = {"kept": "kept / 保留", "split": "split off / 拆分", "new": "new / 新增", "merged": "merged / 合并",
           "vanished": "vanished / 消失"}


@main.command()
@click.option("--map", "map_name", required=True, help="The map to update.")
@click.option("--rebuild", is_flag=True,
              help="Refit the map on all its records (those watched in too); matched areas keep their id, "
                   "colour and, while it still fits, their label.")
@workspace_option
@json_option
def update(map_name, rebuild, workspace, as_json):
    """A new version of a map. With --rebuild: refitted on all its records, its areas matched to the
    previous version's; prints the areas kept, split, merged, new and vanished, in English and Chinese."""
    from landscape.embed.base import BackendMissing
    from landscape.maps import BundleError
    from landscape.rebuild import rebuild as rebuild_map

    if not rebuild:
        _fail("say what to update: --rebuild refits the map on all its records "
              "(new records are placed with `landscape watch`).")
    ws = pipeline.workspace_path(workspace)
    try:
        result = rebuild_map(ws, map_name, show_progress=not as_json)
    except (BundleError, BackendMissing, pipeline.BuildError, ValueError) as err:
        _fail(str(err))
    table = result.pop("table")
    if as_json:
        rows = json.loads(table.to_json(orient="records", force_ascii=False))
        click.echo(json.dumps({**result, "areas_matched": rows}, ensure_ascii=False, default=str))
        return
    counts = result["areas"]
    click.echo(f"Map {map_name!r} rebuilt as version {result['version']} ({result['records']:,} patents): "
               + ", ".join(f"{counts[s]} {_STATUS[s]}" for s in _STATUS) + ".")
    click.echo(f"{result['same_area_share']:.0%} of the patents are in an area of the same number / "
               f"{result['same_area_share']:.0%} 的专利仍在同一编号的领域")
    for status in _STATUS:
        rows = table[table["status"] == status]
        if len(rows):
            click.echo(f"\n{_STATUS[status]}:")
        for r in rows.itertuples():
            click.echo("  " + _line(r))
    if result["not_carried"]:
        click.echo(f"\nNot carried over (run those commands again) / 未沿用: {', '.join(result['not_carried'])}")
    click.echo(result["bundle"])


def _name(number, en, zh) -> str:
    from landscape.rules.names import display_name

    return f"{display_name(int(number), en, 'en')} / {display_name(int(number), zh, 'zh')}"


def _line(r) -> str:
    if r.status == "vanished":
        return f"area {int(r.old_area)}: {_name(r.old_area, r.old_label_en, r.old_label_zh)}"
    now = f"area {int(r.area)}: {_name(r.area, r.label_en, r.label_zh)}"
    if r.status == "new":
        return now
    if r.status == "merged":
        return (f"area {int(r.old_area)}: {_name(r.old_area, r.old_label_en, r.old_label_zh)} -> "
                f"into {now} ({r.shared} patents)")
    if r.status == "split":
        return f"{now} <- from area {int(r.old_area)} ({r.shared} patents)"
    changed = [lang for lang in ("en", "zh") if getattr(r, f"label_{lang}_kept") == "changed"]
    was = (f"  (label was / 原名称: {_name(r.old_area, r.old_label_en, r.old_label_zh)})" if changed else "")
    return f"{now}  Jaccard {r.jaccard:.2f}{was}"
