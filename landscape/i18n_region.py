"""The Region page's words (区域定位), in English and Chinese; merged into
``landscape.i18n.STRINGS`` (kept apart so i18n.py stays readable)."""
from __future__ import annotations

_POSITIONS = {"strong": ("Strong", "优势"), "average": ("Average", "一般"), "weak": ("Weak", "薄弱"),
              "absent": ("Absent", "空白")}
_TYPES = {"enterprise": ("enterprise", "企业"), "university": ("university", "高校"),
          "institute": ("research institute", "科研院所"), "hospital": ("hospital", "医院"),
          "public": ("public body", "机关团体"), "individual": ("individual", "个人"), "unknown": ("not known", "未知")}
_LEVELS = {"world": ("World", "全球"), "country": ("Country", "国家"), "province": ("Province", "省级"),
           "city": ("City", "市级"), "district": ("District", "区县")}
_KINDS = {"strengthen": ("Strengthen", "巩固优势"), "cultivate": ("Cultivate", "培育发展"),
          "attract_firms": ("Attract firms", "引进企业"), "attract_talent": ("Attract talent", "引进人才"),
          "partner": ("Partner", "协同创新"), "portfolio": ("Portfolio", "专利布局")}
#: Fields whose coverage the navigation reports (``manifest.navigation.coverage``).
_FIELDS = {"inventors": ("Inventors", "发明人"), "citations": ("Citations", "被引证"),
           "claims": ("Claims count", "权利要求数"), "family": ("Family", "同族"),
           "family_size": ("Family size", "同族规模"), "legal_status": ("Legal status", "法律状态"),
           "legal_events": ("Legal events", "法律事件"), "address": ("Applicant address", "申请人地址"),
           "province": ("Applicant province", "申请人省份"), "city": ("Applicant city", "申请人城市"),
           "region": ("Applicant place", "申请人所在地"), "pct": ("PCT route", "PCT 途径"),
           "applicant_type": ("Applicant type", "申请人类型")}

REGION_STRINGS: dict[str, dict[str, str]] = {
    "page.region": {"en": "Region", "zh": "区域定位"},
    "region.title": {"en": "Regional patent navigation", "zh": "区域专利导航定位"},
    "region.choose": {"en": "Navigate a region", "zh": "选择导航区域"},
    "region.choose_field": {"en": "Region (a city, district, province or country)", "zh": "区域（市、区县、省或国家）"},
    "region.choose_help": {"en": "For example 汕头市, 澄海区, 广东省, 中国, US. The map gets a new version with this "
                                 "region's navigation.",
                           "zh": "例如 汕头市、澄海区、广东省、中国、US。地图将生成包含该区域导航的新版本。"},
    "region.choose_run": {"en": "Navigate", "zh": "开始导航"},
    "region.choose_running": {"en": "Navigating {region} …", "zh": "正在导航 {region} …"},
    "region.missing": {"en": "This map has no regional navigation yet. Run `landscape navigate` with the map and "
                             "the region (a city, province or country), then reload this page:",
                       "zh": "本地图尚无区域导航。请用地图名称和区域（市、省或国家）运行 `landscape navigate`，"
                             "然后刷新本页："},
    "region.missing_example": {"en": "For example: `landscape navigate --map {map} --region 汕头市`.",
                               "zh": "例如：`landscape navigate --map {map} --region 汕头市`。"},
    "region.world": {"en": "World", "zh": "全球"},
    "region.china": {"en": "China", "zh": "中国"},
    "region.at": {"en": "{level} level · navigation computed {at}", "zh": "{level}区域 · 导航计算于 {at}"},
    "region.coverage": {"en": "Data behind the navigation", "zh": "导航所用数据的完整度"},
    "region.coverage_help": {"en": "The share of the map's patents that have each field the navigation reads; "
                                   "figures built on a thin field are rough.",
                             "zh": "本地图专利中具备导航所用各字段的比例；字段覆盖率低时，相关数字仅供参考。"},
    "region.level_pick": {"en": "Position by", "zh": "定位口径"},
    "region.by_area": {"en": "Technology areas (map)", "zh": "技术领域（地图）"},
    "region.by_branch": {"en": "Technology branches (breakdown)", "zh": "技术分支（技术分解）"},
    "region.summary_area": {"en": "The region's position in the map's {n} technology areas:",
                            "zh": "本区域在本地图 {n} 个技术领域中的定位："},
    "region.summary_branch": {"en": "The region's position in the breakdown's {n} branches:",
                              "zh": "本区域在技术分解 {n} 个分支中的定位："},
    "region.chart_title": {"en": "Specialisation", "zh": "专业化程度"},
    "region.chart_help": {
        "en": "Specialisation index: the region's share of its patents in an area, divided by the whole map's "
              "share in that area. 1.0 (dashed line) = as specialised as the map; 2.0 = twice as much. Hover a bar "
              "for the region's patents and the area's growth worldwide.",
        "zh": "专业化指数：本区域某领域专利占本区域专利的比例，除以全部专利中该领域的比例。1.0（虚线）表示与整体相当，"
              "2.0 表示为整体的两倍。将鼠标悬停在条形上可查看本区域专利数与该领域的全球增长率。"},
    "region.chart.x": {"en": "Specialisation index", "zh": "专业化指数"},
    "region.hover.specialisation": {"en": "Specialisation", "zh": "专业化指数"},
    "region.hover.region_count": {"en": "Patents in the region", "zh": "本区域专利数"},
    "region.hover.world_growth": {"en": "Growth worldwide", "zh": "全球增长率"},
    "region.table_title": {"en": "Positioning", "zh": "定位"},
    "region.subject_pick": {"en": "Look at one area or branch", "zh": "查看单个领域或分支"},
    "region.subject_all": {"en": "All patents of the map", "zh": "本地图全部专利"},
    "region.compare_title": {"en": "From the world to the region", "zh": "从全球到本区域"},
    "region.compare_help": {"en": "Patents, share of the world's patents, yearly growth and specialisation at each "
                                  "level the region belongs to.",
                            "zh": "本区域所属各级行政区的专利数、占全球比例、年均增长率与专业化指数。"},
    "region.compare_none": {"en": "No figures for this choice.", "zh": "该选项没有数据。"},
    "region.table_missing": {"en": "The table “{table}” is not in this map: run `landscape navigate --map {map} "
                                   "--region …` again.",
                             "zh": "本地图没有“{table}”表：请重新运行 `landscape navigate --map {map} --region …`。"},
    "region.leaders_title": {"en": "Who leads", "zh": "创新主体"},
    "region.leaders_inside": {"en": "Top applicants in {region}", "zh": "{region}的主要申请人"},
    "region.leaders_outside": {"en": "Leaders outside {region}", "zh": "{region}以外的领先申请人"},
    "region.leaders_none": {"en": "None.", "zh": "无。"},
    "region.core_title": {"en": "Core patents", "zh": "核心专利"},
    "region.core_formula": {"en": "{formula}", "zh": "{formula}"},
    "region.core_none": {"en": "No core patents for this choice.", "zh": "该选项没有核心专利。"},
    "region.graph_title": {"en": "Who works with whom", "zh": "合作网络"},
    "region.graph_help": {"en": "Applicants that file patents together. Circle size = patents, colour = applicant "
                                "type, line width = patents filed together. Drag to pan, scroll to zoom, hover for "
                                "figures.",
                          "zh": "共同申请专利的申请人。圆圈大小表示专利数，颜色表示申请人类型，连线粗细表示共同申请的专利数。"
                                "拖动平移、滚轮缩放，悬停查看数字。"},
    "region.graph_inside_only": {"en": "Only links inside {region}", "zh": "仅显示{region}内部的合作"},
    "region.graph_no_branches": {"en": "The links are not split by branch in this map; all links are shown.",
                                 "zh": "本地图的合作关系未按分支划分，显示全部合作。"},
    "region.graph_none": {"en": "No co-applicant links for this choice.", "zh": "该选项下没有合作申请。"},
    "region.graph_top": {"en": "The {n} strongest of {total} links are drawn; the table lists them all.",
                         "zh": "图中显示 {total} 条合作中最强的 {n} 条；下表列出全部。"},
    "region.graph.link_hover": {"en": "{a} — {b}: {n} patents together", "zh": "{a} — {b}：共同申请 {n} 件"},
    "region.graph.patents": {"en": "Patents", "zh": "专利数"},
    "region.graph.links": {"en": "Partners", "zh": "合作方数"},
    "region.links_title": {"en": "Strongest links", "zh": "主要合作关系"},
    "region.inventors_title": {"en": "Inventors", "zh": "发明人"},
    "region.recs_title": {"en": "Development paths", "zh": "发展路径"},
    "region.rec_line": {"en": "{subject}: {text}", "zh": "{subject}：{text}"},
    "region.recs_none": {"en": "No development paths in this map.", "zh": "本地图没有发展路径建议。"},
    "col.branch": {"en": "Branch", "zh": "技术分支"},
    "col.subject": {"en": "Area or branch", "zh": "领域 / 分支"},
    "col.position": {"en": "Position", "zh": "定位"},
    "col.region_count": {"en": "Patents in the region", "zh": "本区域专利数"},
    "col.specialisation": {"en": "Specialisation", "zh": "专业化指数"},
    "col.world_growth": {"en": "Growth worldwide", "zh": "全球增长率"},
    "col.world_status": {"en": "Trend worldwide", "zh": "全球趋势"},
    "col.local_applicants": {"en": "Local applicants", "zh": "本地申请人数"},
    "col.reason": {"en": "Why", "zh": "依据"},
    "col.level": {"en": "Level", "zh": "层级"},
    "col.region": {"en": "Region", "zh": "区域"},
    "col.share": {"en": "Share of world", "zh": "占全球比例"},
    "col.type": {"en": "Type", "zh": "类型"},
    "col.province": {"en": "Province", "zh": "省份"},
    "col.city": {"en": "City", "zh": "城市"},
    "col.invention_share": {"en": "Invention share", "zh": "发明专利占比"},
    "col.inventor": {"en": "Inventor", "zh": "发明人"},
    "col.applicants": {"en": "Applicants", "zh": "申请人"},
    "col.areas": {"en": "Areas", "zh": "技术领域"},
    "col.moves": {"en": "Moves between applicants", "zh": "流动次数"},
    "col.rank_in_area": {"en": "Rank in area", "zh": "领域内排名"},
    "col.citations_per_year": {"en": "Citations a year", "zh": "年均被引次数"},
    "col.family_size": {"en": "Family size", "zh": "同族数"},
    "col.claims": {"en": "Claims", "zh": "权利要求数"},
    "col.legal": {"en": "Legal status", "zh": "法律状态"},
    "col.granted": {"en": "Granted", "zh": "已授权"},
    "col.applicant_a": {"en": "Applicant", "zh": "申请人"},
    "col.type_a": {"en": "Type", "zh": "类型"},
    "col.applicant_b": {"en": "Partner", "zh": "合作方"},
    "col.type_b": {"en": "Partner type", "zh": "合作方类型"},
    "col.shared_patents": {"en": "Patents together", "zh": "共同申请数"},
    "col.link_kind": {"en": "Link", "zh": "合作类型"},
}
REGION_STRINGS.update({f"region.position.{k}": {"en": en, "zh": zh} for k, (en, zh) in _POSITIONS.items()})
REGION_STRINGS.update({f"region.type.{k}": {"en": en, "zh": zh} for k, (en, zh) in _TYPES.items()})
REGION_STRINGS.update({f"region.level.{k}": {"en": en, "zh": zh} for k, (en, zh) in _LEVELS.items()})
REGION_STRINGS.update({f"region.kind.{k}": {"en": en, "zh": zh} for k, (en, zh) in _KINDS.items()})
REGION_STRINGS.update({f"region.legal.{k}": {"en": en, "zh": zh} for k, (en, zh) in {
    "active": ("in force", "有效"), "pending": ("pending", "审中"), "inactive": ("lapsed", "失效"),
    "unknown": ("not known", "未知")}.items()})
REGION_STRINGS.update({f"region.field.{k}": {"en": en, "zh": zh} for k, (en, zh) in _FIELDS.items()})
