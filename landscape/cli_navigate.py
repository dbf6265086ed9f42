"""``landscape navigate``: regional positioning tables into a map (registered on
:func:`landscape.cli.main`; kept apart so the main command file stays readable)."""
from __future__ import annotations

import json

import click
import pandas as pd

from landscape import pipeline
from landscape.cli import _fail, json_option, main, workspace_option

_POSITION_WORDS = {"strong": ("strong", "优势"), "average": ("average", "一般"), "weak": ("weak", "薄弱"),
                   "absent": ("absent", "空白")}


@main.command()
@click.option("--map", "map_name", required=True, help="The map to navigate.")
@click.option("--region", required=True,
              help="Any region: a city (汕头市, 汕头), district (澄海区), province (广东省), or country (CN, 中国, US).")
@click.option("--province", default=None, help="The province, where a city or district name is ambiguous.")
@click.option("--home", default=None, help="Home office for home/foreign applicants (default: as analysed).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the printed summary.")
@workspace_option
@json_option
def navigate(map_name, region, province, home, lang, workspace, as_json):
    """Regional navigation (专利导航): where a region stands in the map's technology (world → country →
    province → region), its innovators, collaboration, core patents and a development path, written into
    the map as a new version. `landscape report --region` and the app's Region page show it."""
    from landscape.ingest.base import IngestError
    from landscape.maps import BundleError
    from landscape.navigation import navigate as run

    ws = pipeline.workspace_path(workspace)
    try:
        out = run(ws, map_name, region, province=province, home=home)
    except (BundleError, IngestError, ValueError) as err:
        _fail(str(err))
    note = out["navigation"]
    if as_json:
        click.echo(json.dumps({"navigation": note, "tables": {k: len(v) for k, v in out.items()
                                                             if isinstance(v, pd.DataFrame)}},
                              ensure_ascii=False, default=str))
        return
    zh = lang == "zh"
    regions = out["regions"]
    totals = regions[regions["area"].isna() & regions["branch"].isna()]
    chain = " → ".join(f"{name} {int(totals.loc[totals['region'] == name, 'count'].sum()):,}"
                       for _, name in note["region"]["chain"])
    click.echo(("区域链（专利数，按第一申请人）：" if zh else "Chain (patents, by first applicant): ") + chain)
    if note["patents_in_region"] == 0:
        share = note["coverage"].get("place", 0)
        click.echo(f"注意：本地图没有第一申请人位于{region}的专利；仅 {share:.0%} 的专利能确定申请人所在地（导出数据可能没有申请人或地址）。"
                   if zh else f"Note: no patent of this map has its first applicant in {region}; the place is known for "
                   f"only {share:.0%} of the patents (the export may carry no applicants or addresses).")
    words = ", ".join(f"{_POSITION_WORDS.get(k, (k, k))[1 if zh else 0]} {v}" for k, v in note["positions"].items())
    click.echo(("各领域/分支定位：" if zh else "Position per area/branch: ") + words)
    cov = ", ".join(f"{k} {v:.0%}" for k, v in note["coverage"].items())
    click.echo(("字段覆盖率：" if zh else "Field coverage: ") + cov)
    path = out["recommendations"]
    click.echo(("发展路径（" if zh else "Development path (") + f"{len(path)}" + ("条）：" if zh else " lines):"))
    for text in path[f"text_{lang}"].head(8):
        click.echo(f"  - {text}")
    click.echo(("已写入地图；报告：" if zh else "Written into the map; report: ")
               + f"landscape report --map {map_name} --region {region} --lang {lang} --out {map_name}-navigation.pdf")
