"""The words of big maps (a density picture instead of a million points), in English and
Chinese; merged into ``landscape.i18n.STRINGS``."""
from __future__ import annotations

BIGMAP_STRINGS: dict[str, dict[str, str]] = {
    "bigmap.all_points": {"en": "all **{n}** drawn as points", "zh": "全部 **{n}** 件以点显示"},
    "bigmap.split": {"en": "**{points}** drawn as points, {density} as a density picture",
                     "zh": "**{points}** 件以点显示，其余 {density} 件以密度图显示"},
    "bigmap.density_only": {"en": "drawn as a density picture (points when at most {limit} are in view)",
                            "zh": "以密度图显示（视图中不超过 {limit} 件时逐点显示）"},
    "bigmap.cell": {"en": "<b>{n} patents</b><br>Mostly: {area}", "zh": "<b>{n} 件专利</b><br>主要领域：{area}"},
    "bigmap.zoom": {"en": "Close up", "zh": "局部放大"},
    "bigmap.whole": {"en": "Whole map", "zh": "全图"},
    "bigmap.reset": {"en": "Back to the whole map", "zh": "回到全图"},
    "bigmap.how_to": {
        "en": "A big map: each pixel of the picture is coloured by the area most of its patents belong to, darker "
              "where there are more; hover it for the count. Patents are drawn one by one once at most {limit} are "
              "in view: pick a close-up above, draw a box on the picture (box tool, top right) or narrow the "
              "filters. Then hover a point to read the patent, and box or lasso points to list them.",
        "zh": "大型地图：图中每个像素按其中多数专利所属的领域着色，专利越多颜色越深；鼠标悬停可查看件数。"
              "视图中专利不超过 {limit} 件时逐点显示：可在上方选择局部放大、用右上角的框选工具在图上框出区域，或收窄筛选条件。"
              "之后悬停在点上可查看专利，框选或套索可列出这些专利。"},
}
