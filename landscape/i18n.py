"""Every word the app shows, in English and Chinese: ``t(key, lang, **fmt)``.

Keys are ``<page or part>.<name>``; ``col.<name>`` are table headers (see
``landscape.views.localise``). A test checks that every key has both languages and that every
key the app uses exists.
"""
from __future__ import annotations

import os

from landscape.i18n_bigmap import BIGMAP_STRINGS
from landscape.i18n_push import PUSH_STRINGS
from landscape.i18n_region import REGION_STRINGS
from landscape.i18n_watch import WATCH_STRINGS
from landscape.rules.names import UNASSIGNED

LANGS = {"zh": "中文", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    # --- navigation and shared parts
    "page.welcome": {"en": "Welcome", "zh": "欢迎"},
    "page.map": {"en": "Map", "zh": "专利地图"},
    "page.areas": {"en": "Technology areas", "zh": "技术领域"},
    "page.white_spaces": {"en": "White spaces", "zh": "技术空白点"},
    "page.alerts": {"en": "Early warnings", "zh": "风险预警"},
    "page.trends": {"en": "Trends", "zh": "发展趋势"},
    "page.invention": {"en": "My invention", "zh": "我的发明"},
    "page.applicants": {"en": "Applicants", "zh": "申请人"},
    "side.map": {"en": "Map", "zh": "地图"},
    "common.all": {"en": "All", "zh": "全部"},
    "common.unknown": {"en": "(unknown)", "zh": "（未知）"},
    "header.caption": {"en": "{map} · {n:,} patents · {areas} technology areas · {basis}s {first}–{last} "
                             "(data to {cutoff}) · built {built}",
                       "zh": "{map} · {n:,} 件专利 · {areas} 个技术领域 · {basis} {first}–{last}（数据截至 {cutoff}）· 生成于 {built}"},
    "dl.excel": {"en": "Excel", "zh": "下载 Excel"},
    "dl.csv": {"en": "CSV", "zh": "下载 CSV"},
    "bundle.broken": {"en": "The map “{name}” cannot be read: {error}",
                      "zh": "无法读取地图“{name}”：{error}"},
    "bundle.broken_hint": {"en": "Rebuild it with `landscape build` (same corpus and name), or choose another map in the sidebar.",
                           "zh": "请用 `landscape build`（相同的产业与名称）重新生成该地图，或在侧边栏选择其他地图。"},
    "bundle.none_chosen": {"en": "no map is chosen.", "zh": "未选择地图。"},
    "bundle.table_broken": {"en": "The table “{table}” of this map is damaged ({error}); run `landscape analyse` again.",
                            "zh": "该地图的“{table}”表已损坏（{error}）；请重新运行 `landscape analyse`。"},
    # --- welcome (no maps yet)
    "welcome.title": {"en": "Patent landscape", "zh": "专利导航"},
    "welcome.intro": {"en": "Import patent exports, map them into technology areas, and find white spaces, "
                            "early warnings and trends.",
                      "zh": "导入专利检索导出文件，将其绘制为技术领域地图，发现技术空白点、竞争预警与发展趋势。"},
    "welcome.no_maps": {"en": "There are no maps yet in the workspace {workspace}.",
                        "zh": "工作区 {workspace} 中还没有地图。"},
    "welcome.demo": {"en": "**Try the demo**: import the demo exports and build their maps (a few minutes):",
                     "zh": "**试用演示数据**：导入演示导出文件并生成地图（需要几分钟）："},
    "welcome.own": {"en": "**Or use your own exports** (Lens, CNKI, PatSnap / CNIPA / incoPat, Google Patents, ...):",
                    "zh": "**或使用自己的导出文件**（Lens、CNKI、智慧芽 / 国知局 / incoPat、Google Patents 等）："},
    "welcome.elsewhere": {"en": "Then reload this page. To open a workspace in another folder:",
                          "zh": "完成后刷新本页。如需打开其他文件夹中的工作区："},
    # --- map
    "map.title": {"en": "Patent map", "zh": "专利地图"},
    "map.filters": {"en": "Filters", "zh": "筛选"},
    "map.years": {"en": "{basis}s", "zh": "{basis}"},
    "map.applicants": {"en": "Applicants (portfolio overlay)", "zh": "申请人（专利组合叠加）"},
    "map.applicants_ph": {"en": "Highlight applicants…", "zh": "选择要突出显示的申请人…"},
    "map.applicants_help": {"en": "The selected applicants' patents keep their colours; all others fade to grey.",
                            "zh": "所选申请人的专利保持原有颜色，其他专利显示为浅灰色。"},
    "map.only_selected": {"en": "Show only the selected applicants", "zh": "仅显示所选申请人"},
    "map.countries": {"en": "Countries / offices", "zh": "国家 / 受理局"},
    "map.codes": {"en": "IPC / CPC prefix", "zh": "IPC / CPC 分类号前缀"},
    "map.codes_help": {"en": "One or more code prefixes, separated by commas, e.g. A63H33, B29C.",
                       "zh": "一个或多个分类号前缀，以逗号分隔，例如 A63H33, B29C。"},
    "map.areas": {"en": "Technology areas", "zh": "技术领域"},
    "map.doc_types": {"en": "Document types", "zh": "文献类型"},
    "map.show_white_spaces": {"en": "Show white spaces", "zh": "显示技术空白点"},
    "map.showing": {"en": "Showing **{shown}** of {total} patents", "zh": "显示 **{shown}** / {total} 件专利"},
    "map.highlighted": {"en": "**{n}** of the selected applicants", "zh": "所选申请人 **{n}** 件"},
    "map.nothing": {"en": "No patent matches these filters; widen them in the sidebar.",
                    "zh": "没有符合筛选条件的专利，请在侧边栏放宽条件。"},
    "map.how_to": {"en": "Hover a point to read the patent. Drag to pan, scroll to zoom, double-click to reset; "
                         "use the box or lasso tool (top right) to list the patents of a region, and the camera "
                         "icon to save the map as PNG.",
                   "zh": "将鼠标悬停在点上可查看专利。拖动平移，滚轮缩放，双击复位；用右上角的框选或套索工具列出某一区域的专利，"
                         "用相机图标将地图保存为 PNG。"},
    "map.selected": {"en": "{n} patents in the selected region", "zh": "所选区域内的 {n} 件专利"},
    "map.download_shown": {"en": "Download the {n} patents shown", "zh": "下载当前显示的 {n} 件专利"},
    "map.unassigned": dict(UNASSIGNED),  # the one spelling, landscape.rules.names
    "map.area": {"en": "Area", "zh": "领域"},
    "map.others": {"en": "Other applicants", "zh": "其他申请人"},
    "map.white_spaces": {"en": "White spaces", "zh": "技术空白点"},
    # --- areas
    "areas.title": {"en": "Technology areas", "zh": "技术领域"},
    "areas.intro": {"en": "Each area is a group of patents with similar text. Labels are the area's most "
                          "distinctive terms; growth is the yearly rate from the three complete years before to the last three.",
                    "zh": "每个技术领域是一组文本相近的专利。名称取自该领域最具区分度的词语；增长率为最近三个完整年度相对之前三年的年均增长率。"},
    "areas.growth_help": {"en": "Yearly growth from the 3 complete years before to the last 3: "
                                "((recent + 1) / (before + 1))^(1/3) − 1; empty when the two hold fewer than 10 patents.",
                          "zh": "最近 3 个完整年度相对之前 3 年的年均增长率：((近期 + 1) / (前期 + 1))^(1/3) − 1；"
                                "两期合计不足 10 件时不计算。"},
    "areas.reanalyse": {"en": "Leading applicants are as named at build time: re-run `landscape analyse --map "
                                "{map}` to count them by group.",
                         "zh": "主要申请人为建图时的名称：重新运行 `landscape analyse --map {map}` 即按集团统计。"},
    "areas.pick": {"en": "Read an area", "zh": "查看技术领域"},
    "areas.on_map": {"en": "Show the area on the map", "zh": "在地图上显示该领域"},
    "areas.patents": {"en": "Its {n} patents", "zh": "该领域的 {n} 件专利"},
    "areas.patents_note": {"en": "Representative patents first, then the newest.", "zh": "代表性专利在前，其余按时间从新到旧排列。"},
    "areas.more": {"en": "The first {n} are listed; download the table for all of them.",
                   "zh": "仅列出前 {n} 件；如需全部，请下载表格。"},
    # --- white spaces
    "ws.title": {"en": "White spaces", "zh": "技术空白点"},
    "ws.intro": {"en": "Places on the map where patents are few but the surroundings are busy, ranked by how "
                       "much activity surrounds them and how fast it grows. They are candidates to examine, "
                       "not proof of an opportunity.",
                 "zh": "地图上专利稀少、但周边技术活跃的位置，按周边活跃度及其增长排序。它们是值得研判的候选方向，并不等于确定的机会。"},
    "ws.missing": {"en": "This map has no white-space analysis yet. Run:",
                   "zh": "该地图尚未进行技术空白点分析。请运行："},
    "ws.none": {"en": "Analysed: no white space on this map (no region is sparse enough with busy surroundings).",
                "zh": "已分析：该地图没有技术空白点（没有周边活跃而自身足够稀疏的区域）。"},
    "ws.pick": {"en": "Look at a white space", "zh": "查看技术空白点"},
    "ws.one": {"en": "White space W{rank}", "zh": "空白点 W{rank}"},
    "ws.neighbours": {"en": "Around it: the nearest patents of each neighbouring area",
                      "zh": "周边：各相邻技术领域中距离最近的专利"},
    # --- alerts
    "alerts.title": {"en": "Early warnings", "zh": "风险预警"},
    "alerts.intro": {"en": "Rules over the applicants of each area: concentration, foreign dominance, surges, "
                           "new entrants and rivals moving in. Each alert says why it fired, with the numbers "
                           "and the patents behind it.",
                     "zh": "基于各技术领域申请人的预警规则：集中度、国外申请人主导、申请激增、新进入者以及竞争对手进入。"
                           "每条预警都说明触发原因，并列出相关数据与专利。"},
    "alerts.settings": {"en": "Change the thresholds", "zh": "调整预警阈值"},
    "alerts.home": {"en": "Home office or province", "zh": "本国受理局或省份"},
    "alerts.home_help": {"en": "Applicants filing mostly here count as domestic (e.g. CN, or a province such as 广东).",
                         "zh": "主要在此申请的申请人视为国内申请人（如 CN，或省份如“广东”）。"},
    "alerts.watch": {"en": "Watch an applicant", "zh": "关注的申请人"},
    "alerts.watch_none": {"en": "(nobody)", "zh": "（不设置）"},
    "alerts.watch_help": {"en": "Warns when a rival grows fast or enters the area where this applicant files most.",
                          "zh": "当竞争对手在该申请人最主要的技术领域快速增长或新进入时发出预警。"},
    "alerts.live": {"en": "Alerts computed with the thresholds above.", "zh": "以上方阈值计算的预警结果。"},
    "alerts.stored": {"en": "The alerts `landscape analyse` stored with this map, with the settings above.",
                      "zh": "`landscape analyse` 以上方设置保存在地图中的预警结果。"},
    "alerts.bad_settings": {"en": "These settings cannot be used: {error}", "zh": "该设置无法使用：{error}"},
    "alerts.missing": {"en": "This map has no alerts yet. Run:", "zh": "该地图尚无预警结果。请运行："},
    "alerts.count": {"en": "Alerts", "zh": "预警总数"},
    "alerts.none": {"en": "No alert fires with these thresholds.", "zh": "在当前阈值下没有触发任何预警。"},
    "alerts.pick": {"en": "Read an alert", "zh": "查看预警详情"},
    "alerts.patents": {"en": "The {n} patents behind it:", "zh": "相关专利 {n} 件："},
    "severity.high": {"en": "High", "zh": "高"},
    "severity.medium": {"en": "Medium", "zh": "中"},
    "severity.low": {"en": "Low", "zh": "低"},
    "alert.kind.concentrated": {"en": "Concentration", "zh": "集中度升高"},
    "alert.kind.foreign_dominance": {"en": "Foreign dominance", "zh": "国外申请人主导"},
    "alert.kind.surge": {"en": "Surge", "zh": "申请激增"},
    "alert.kind.new_entrant": {"en": "New entrant", "zh": "新进入者"},
    "alert.kind.rival_moves_in": {"en": "Rival moves in", "zh": "竞争对手进入"},
    "alert.kind.rival_strengthens": {"en": "Rival strengthens", "zh": "竞争对手加强"},
    "rule.ranking": {"en": "Ranking (score and severity)", "zh": "排序（得分与严重程度）"},
    "rule.key.mass_full": {"en": "Area patents for full weight", "zh": "满权重所需领域专利数"},
    "rule.key.growth_full": {"en": "Growth for full weight (1.0 = +100%)", "zh": "满权重所需增长率（1.0 即 +100%）"},
    "rule.key.share_full": {"en": "Share for full weight (0–1)", "zh": "满权重所需占比（0–1）"},
    "rule.key.weight_growth": {"en": "Weight of growth", "zh": "增长权重"},
    "rule.key.weight_foreign": {"en": "Weight of foreignness", "zh": "国外权重"},
    "rule.key.high_min": {"en": "Score for high", "zh": "高级所需得分"},
    "rule.key.medium_min": {"en": "Score for medium", "zh": "中级所需得分"},
    "rule.key.individual_max": {"en": "Individuals at most", "zh": "个人申请人最高级别"},
    "rule.key.utility_model_only_max": {"en": "Utility-model-only at most", "zh": "仅实用新型最高级别"},
    "rule.key.areas": {"en": "Watched firm's strongest areas", "zh": "关注企业的主要领域数"},
    "rule.key.before_share_max": {"en": "Share before under (0–1)", "zh": "此前占比低于（0–1）"},
    "rule.key.strengthening": {"en": "Report rivals strengthening", "zh": "报告竞争对手加强"},
    "rule.windows": {"en": "Time windows", "zh": "时间窗口"},
    "rule.concentrated": {"en": "Concentration", "zh": "集中度升高"},
    "rule.foreign_dominance": {"en": "Foreign dominance", "zh": "国外申请人主导"},
    "rule.surge": {"en": "Surge", "zh": "申请激增"},
    "rule.new_entrant": {"en": "New entrant", "zh": "新进入者"},
    "rule.rival_moves_in": {"en": "Rival moves in (needs a watched applicant)", "zh": "竞争对手进入（需设置关注的申请人）"},
    "rule.key.size": {"en": "Years per window", "zh": "每个窗口的年数"},
    "rule.key.enabled": {"en": "On", "zh": "启用"},
    "rule.key.severity": {"en": "Severity", "zh": "严重程度"},
    "rule.key.hhi_min": {"en": "Corrected HHI at least", "zh": "修正 HHI 不低于"},
    "rule.key.rise_min": {"en": "HHI rise at least", "zh": "HHI 上升不低于"},
    "rule.key.min_patents": {"en": "Area patents in the window at least", "zh": "窗口内领域专利数不少于"},
    "rule.key.share_min": {"en": "Applicant share at least (0–1)", "zh": "申请人占比不低于（0–1）"},
    "rule.key.home_share_min": {"en": "Domestic share at least (0–1)", "zh": "国内申请人占比不低于（0–1）"},
    "rule.key.home_patents_min": {"en": "Domestic patents at least", "zh": "国内申请人专利数不少于"},
    "rule.key.growth_min": {"en": "Growth at least (1.5 = +150%)", "zh": "增长率不低于（1.5 即 +150%）"},
    "rule.key.min_count": {"en": "Filings at least", "zh": "申请量不少于"},
    "rule.key.change_min": {"en": "More patents, at least", "zh": "专利增加数不少于"},
    "rule.key.entrant_min_count": {"en": "New entrant's filings at least", "zh": "新进入者申请量不少于"},
    # --- where an applicant comes from: the rule that decided its country (analyse/nationality.py)
    "origin.rule.applicant_country": {"en": "the applicant's nationality in the export",
                                      "zh": "导出数据中的申请人国别"},
    "origin.rule.address": {"en": "the applicant's address or province", "zh": "申请人地址或所在省份"},
    "origin.rule.priority_country": {"en": "the priority country of its patents", "zh": "其专利的优先权国家"},
    "origin.rule.first_office": {"en": "the office of its families' first filing", "zh": "同族最早申请的受理局"},
    "origin.rule.name": {"en": "its name only (script, legal form, place name)",
                         "zh": "仅依据名称（文字、公司类型、地名）"},
    "origin.rule.unknown": {"en": "not known", "zh": "无法判断"},
    "applicant.kind.firm": {"en": "firm", "zh": "企业"},
    "applicant.kind.university": {"en": "university", "zh": "高校"},
    "applicant.kind.institute": {"en": "research institute", "zh": "科研院所"},
    "applicant.kind.individual": {"en": "individual", "zh": "个人"},
    "applicant.kind.hospital": {"en": "hospital", "zh": "医院"},
    "applicant.kind.government": {"en": "government body", "zh": "机关团体"},
    "applicant.kind.unknown": {"en": "not known", "zh": "未知"},
    # --- trends
    "trends.title": {"en": "Trends", "zh": "发展趋势"},
    "trends.intro": {"en": "Years are {basis}s. The data run to {cutoff}; patents are published about {lag} months "
                           "after filing, so years after {year} are still incomplete: they are shaded and left out of growth.",
                     "zh": "年份按{basis}统计。数据截至 {cutoff}；专利通常在申请约 {lag} 个月后才公开，因此 {year} 年之后的数据尚不完整："
                           "这些年份以灰色标出，且不计入增长率。"},
    "trends.intro_publication": {"en": "Years are publication years (most patents of this export carry no filing "
                                       "date). The data run to {cutoff}, so years after {year} are incomplete: they "
                                       "are shaded and left out of growth.",
                                 "zh": "年份按公开年统计（该导入数据的多数专利没有申请日）。数据截至 {cutoff}，因此 {year} 年之后的数据尚不完整："
                                       "这些年份以灰色标出，且不计入增长率。"},
    "trends.no_years": {"en": "The patents of this map have no dates, so there is no trend to show.",
                        "zh": "该地图中的专利没有日期，无法显示趋势。"},
    "trends.missing": {"en": "This map's trends have not been analysed yet. Run:",
                       "zh": "该地图尚未进行趋势分析。请运行："},
    "trends.areas": {"en": "Areas", "zh": "技术领域"},
    "trends.kind": {"en": "Chart", "zh": "图表"},
    "trends.lines": {"en": "Lines", "zh": "折线"},
    "trends.stacked": {"en": "Stacked", "zh": "堆叠"},
    "trends.filings": {"en": "Filings", "zh": "申请量"},
    "trends.incomplete": {"en": "incomplete", "zh": "数据不完整"},
    "trends.incomplete_note": {"en": "Years after {year} are incomplete (publication lag).",
                               "zh": "{year} 年之后的数据尚不完整（公开滞后）。"},
    "trends.total": {"en": "All {n} patents by {basis}", "zh": "全部 {n} 件专利（按{basis}）"},
    "trends.emerging_cooling": {"en": "Emerging and cooling areas", "zh": "新兴与降温领域"},
    "trends.emerging": {"en": "Emerging", "zh": "新兴"},
    "trends.emerging_growing": {"en": "Emerging and growing", "zh": "新兴与增长领域"},
    "trends.window": {"en": "Growth: the yearly rate from {before} to {recent} (complete years only); the trend "
                            "word is read from that figure.",
                      "zh": "增长率：{before} 年至 {recent} 年的年均增长率（仅含完整年度）；趋势由该数字判断。"},
    "trends.growing": {"en": "Growing", "zh": "增长"},
    "trends.stable": {"en": "Stable", "zh": "平稳"},
    "trends.cooling": {"en": "Cooling", "zh": "降温"},
    "trends.cooling_areas": {"en": "Cooling", "zh": "降温领域"},
    "trends.too_few": {"en": "Too few to tell", "zh": "数量太少"},
    "trends.none": {"en": "None.", "zh": "无。"},
    "trends.all": {"en": "All areas", "zh": "全部技术领域"},
    # --- my invention
    "inv.title": {"en": "Where does my invention land?", "zh": "我的发明位于何处？"},
    "inv.intro": {"en": "Paste a description of an invention (a title and abstract, in Chinese or English). "
                        "It is placed on the map the way the patents were: you see its technology area, the "
                        "most similar patents and who owns them, and the nearest white space.",
                  "zh": "粘贴一段发明描述（标题和摘要，中文或英文均可）。系统会按照与专利相同的方式将其放到地图上："
                        "显示其所属技术领域、最相近的专利及其权利人，以及最近的技术空白点。"},
    "inv.text": {"en": "Description of the invention", "zh": "发明描述"},
    "inv.placeholder": {"en": "e.g. A magnetic building block toy whose bricks snap together…",
                        "zh": "例如：一种磁性拼插积木玩具，积木块之间通过磁铁相互吸合……"},
    "inv.go": {"en": "Place it on the map", "zh": "放到地图上"},
    "inv.empty": {"en": "Write a description first.", "zh": "请先输入发明描述。"},
    "inv.cut": {"en": "Only the first {n} characters of the description were used: the box takes no more.",
                "zh": "仅按描述的前 {n} 个字符定位：输入框最多接受这么多字符。"},
    "inv.placing": {"en": "Placing it on the map…", "zh": "正在定位……"},
    "inv.loading": {"en": "Loading the map's model…", "zh": "正在加载地图的模型……"},
    "inv.failed": {"en": "The text could not be placed on this map ({error}). Rebuild the map with this version.",
                   "zh": "无法将该文本定位到此地图（{error}）。请用当前版本重新生成地图。"},
    "inv.lands": {"en": "It lands in the area **{area}**.", "zh": "该发明位于技术领域 **{area}**。"},
    "inv.star": {"en": "Your invention", "zh": "您的发明"},
    "inv.nearest": {"en": "The most similar patents", "zh": "最相近的专利"},
    "inv.owners": {"en": "Their owners", "zh": "相近专利的权利人"},
    "inv.white_space": {"en": "The nearest white space", "zh": "最近的技术空白点"},
    "inv.no_white_spaces": {"en": "This map has no white-space analysis yet; run `landscape analyse --map {name}`.",
                            "zh": "该地图尚未进行技术空白点分析；请运行 `landscape analyse --map {name}`。"},
    "inv.distance": {"en": "{pct} of the map's span away", "zh": "距离约为地图跨度的 {pct}"},
    # --- table headers
    "col.area_id": {"en": "Area no.", "zh": "领域编号"},
    "col.cov_field": {"en": "Field", "zh": "字段"},
    "col.cov_records": {"en": "Patents with it", "zh": "有此字段的专利数"},
    "col.cov_share": {"en": "Share (%)", "zh": "占比（%）"},
    "col.cov_without": {"en": "Without it", "zh": "缺失的影响"},
    "coverage.title": {"en": "Data coverage", "zh": "数据完整性"},
    "coverage.caption": {"en": "Which fields the patents of this map have, as imported from the exports.",
                         "zh": "本地图专利在导入时各字段的完整程度。"},
    "unit.application": {"en": "Counted by application: the {publications} publications are {n} applications "
                               "(an application's A and B publications count once).",
                         "zh": "按申请计数：{publications} 件公开文本合并为 {n} 件申请（同一申请的 A、B 公开只计一次）。"},
    "unit.family": {"en": "Counted by patent family: the {publications} publications are {n} families.",
                    "zh": "按专利族计数：{publications} 件公开文本合并为 {n} 个同族。"},
    "unit.publication": {"en": "Counted by publication: each of the {n} publications counts once.",
                         "zh": "按公开文本计数：{n} 件公开文本各计一次。"},
    # --- language balance (landscape.present.balance; the app's map page and the report)
    "balance.mix": {"en": "Languages: {langs}; texts: {title} title only · {abstract} title + abstract.",
                    "zh": "语言构成：{langs}；文本：仅标题 {title} 件 · 标题+摘要 {abstract} 件。"},
    "balance.fig.language": {"en": "language and area AMI {ami}, cross-language agreement {agreement}, "
                                   "{one_sided} of areas ≥ 90 % one language",
                             "zh": "语言与领域的 AMI {ami}，跨语言一致性 {agreement}，{one_sided} 的领域 90% 以上为同一语言"},
    "balance.fig.text_type": {"en": "text type and area AMI {ami}, title/abstract agreement {agreement}, "
                                    "{one_sided} of areas ≥ 90 % one text type",
                              "zh": "文本类型与领域的 AMI {ami}，标题/摘要一致性 {agreement}，{one_sided} 的领域 90% 以上为同一文本类型"},
    "balance.sep": {"en": "; ", "zh": "；"},
    "balance.what.language": {"en": "Languages", "zh": "各语言"},
    "balance.what.text_type": {"en": "Title-only and full records", "zh": "仅有标题与有摘要的专利"},
    "balance.what.both": {"en": "Languages and text types", "zh": "各语言与各文本类型"},
    "balance.mixed": {"en": "{what} mix well within the technology areas ({figures}; an agreement of 1 means patents "
                            "of the same IPC subclass share an area as often across the divide as within it).",
                      "zh": "{what}在各技术领域中混合良好（{figures}；一致性为 1 表示同一 IPC 小类的专利无论是否跨越该差异，"
                            "落在同一领域的机会相同）。"},
    "balance.split_language": {"en": "This map splits by language: patents on the same subject in different languages "
                                     "land in different areas ({figures}). Areas partly show the language a record is "
                                     "written in, not only its technology; compare areas with care. Import a translation "
                                     "column (titles and abstracts in one language), or build one map per language.",
                               "zh": "本地图按语言分开：同一主题、不同语言的专利落在不同的技术领域（{figures}）。领域在一定程度上"
                                     "反映的是文本的语言而非技术本身，比较领域时请注意。可导入译文列（统一语言的标题和摘要），"
                                     "或按语言分别生成地图。"},
    "balance.split_text_type": {"en": "This map splits by text type: patents with only a title and those with an "
                                      "abstract land in different areas ({figures}). Title-only records gather together "
                                      "whatever their subject; compare areas with care. Import the abstracts of those "
                                      "records, or read the areas knowing that short titles cluster on their own.",
                                "zh": "本地图按文本类型分开：仅有标题的专利与有摘要的专利落在不同的技术领域（{figures}）。"
                                      "仅有标题的记录无论主题都会聚在一起，比较领域时请注意。请导入这些记录的摘要，"
                                      "或在解读领域时考虑到短标题会自成一类。"},
    "balance.split_both": {"en": "This map splits by language and by text type: patents on the same subject land in "
                                 "different areas depending on their language and on whether they have an abstract "
                                 "({figures}). {together}Compare areas with care. Import the abstracts (or a translation "
                                 "column) of the title-only records, or read the areas knowing that such records "
                                 "cluster on their own.",
                           "zh": "本地图同时按语言和文本类型分开：同一主题的专利因语言不同、是否有摘要而落在不同的技术领域"
                                 "（{figures}）。{together}比较领域时请注意。请导入仅有标题记录的摘要（或译文列），"
                                 "或在解读领域时考虑到这类记录会自成一类。"},
    "balance.together": {"en": "Here the two go together (the records of one language mostly have only a title), so "
                               "which of them keeps the patents apart cannot be told. ",
                         "zh": "本地图中二者高度重合（某一语言的记录大多只有标题），无法区分是哪一因素造成的分开。"},
    "col.label": {"en": "Area", "zh": "技术领域"},
    "col.terms": {"en": "Terms", "zh": "关键词"},
    "col.terms_other": {"en": "Chinese terms", "zh": "英文关键词"},
    "col.size": {"en": "Patents", "zh": "专利数"},
    "col.growth": {"en": "Yearly growth", "zh": "年均增长率"},
    "col.first_year": {"en": "First year", "zh": "起始年份"},
    "col.last_year": {"en": "Last year", "zh": "最近年份"},
    "col.top_applicants": {"en": "Top applicants", "zh": "主要申请人"},
    "col.top_codes": {"en": "Top IPC/CPC codes", "zh": "主要 IPC/CPC 分类"},
    "col.id": {"en": "Publication no.", "zh": "公开号"},
    "col.title": {"en": "Title", "zh": "标题"},
    "col.abstract": {"en": "Abstract", "zh": "摘要"},
    "col.applicant": {"en": "Applicant", "zh": "申请人"},
    "col.date": {"en": "Filing date", "zh": "申请日"},
    "col.year": {"en": "Year", "zh": "年份"},
    "col.country": {"en": "Office", "zh": "受理局"},
    "col.rank": {"en": "Rank", "zh": "排名"},
    "col.description": {"en": "Description", "zh": "描述"},
    "col.score": {"en": "Score", "zh": "得分"},
    "col.radius": {"en": "Radius", "zh": "半径"},
    "col.patents_inside": {"en": "Patents inside", "zh": "区域内专利数"},
    "col.patents_near": {"en": "Branch patents around it", "zh": "周边本分支专利数"},
    "col.expected_inside": {"en": "Expected from surroundings", "zh": "按周边密度预期数"},
    "col.ring_patents": {"en": "Patents around", "zh": "周边专利数"},
    "col.ring_growth": {"en": "Growth around", "zh": "周边增长率"},
    "col.emptiness": {"en": "Emptiness", "zh": "空缺程度"},
    "col.p_value": {"en": "p-value", "zh": "p 值"},
    "col.neighbours": {"en": "Neighbouring areas", "zh": "相邻技术领域"},
    "col.confirmed_5d": {"en": "Confirmed in 5-d", "zh": "高维空间确认"},
    "col.distance": {"en": "Distance", "zh": "距离"},
    "col.x": {"en": "x", "zh": "x"},
    "col.y": {"en": "y", "zh": "y"},
    "col.kind": {"en": "Kind", "zh": "类型"},
    "col.severity": {"en": "Severity", "zh": "严重程度"},
    "col.area": {"en": "Area", "zh": "技术领域"},
    "col.value": {"en": "Value", "zh": "数值"},
    "col.threshold": {"en": "Threshold", "zh": "阈值"},
    "col.explanation": {"en": "Why", "zh": "原因"},
    "col.patents": {"en": "Patents", "zh": "专利数"},
    "col.group": {"en": "Group", "zh": "集团"},
    "col.members": {"en": "Applicant names", "zh": "申请人名称数"},
    "col.nationality": {"en": "Country", "zh": "国别"},
    "col.origin": {"en": "Domestic / foreign", "zh": "国内/国外"},
    "col.decided_by": {"en": "Country decided by", "zh": "国别判断依据"},
    "applicants.title": {"en": "Applicants and corporate groups", "zh": "申请人与集团"},
    "applicants.intro": {"en": "Every count on this map is by corporate group: the subsidiaries of one group "
                                "count as one (name rules, corrected by the workspace's applicant_groups.toml). "
                                "An applicant's country comes from the export's data where it has any "
                                "(nationality, address, priority country, first filing office) and only "
                                "failing that from its name; the list says which rule decided.",
                         "zh": "本地图的各项统计均按集团计：同一集团的子公司合并为一个集团（依据名称规则，可在工作区的 "
                               "applicant_groups.toml 中修正）。申请人的国别优先取自导出数据（国别、地址、优先权国家、"
                               "首次申请受理局），均缺失时才依据名称判断；下表列出每个申请人的判断依据。"},
    "applicants.missing": {"en": "No applicants table yet: run `landscape analyse --map {map}`.",
                           "zh": "尚无申请人表：请运行 `landscape analyse --map {map}`。"},
    "applicants.none": {"en": "Analysed: these patents name no applicant.", "zh": "已分析：这些专利均无申请人。"},
    "applicants.groups": {"en": "Groups", "zh": "集团"},
    "applicants.all": {"en": "All {n:,} applicant names", "zh": "全部 {n:,} 个申请人名称"},
    "applicants.domestic": {"en": "domestic", "zh": "国内"},
    "applicants.foreign": {"en": "foreign", "zh": "国外"},
    "applicants.edit": {"en": "Correct the groups", "zh": "修正集团归属"},
    "applicants.edit_help": {"en": "Put applicants into one group, or keep an applicant apart from the group the "
                                   "rules gave it. Corrections are saved to {file}; the map's figures use them "
                                   "after the next `landscape analyse --map {map}`.",
                             "zh": "将若干申请人归入同一集团，或将某申请人从规则给出的集团中分出。修正保存在 {file}；"
                                   "再次运行 `landscape analyse --map {map}` 后，本地图的统计即按修正计算。"},
    "applicants.merge_names": {"en": "Applicants to put in one group", "zh": "归入同一集团的申请人"},
    "applicants.merge_group": {"en": "Group name", "zh": "集团名称"},
    "applicants.merge": {"en": "Save as one group", "zh": "保存为同一集团"},
    "applicants.separate_names": {"en": "Applicants to keep on their own", "zh": "单独计数的申请人"},
    "applicants.separate": {"en": "Save as separate", "zh": "保存为单独申请人"},
    "applicants.saved": {"en": "Saved to {file}. Run `landscape analyse --map {map}` to count by the corrected groups.",
                         "zh": "已保存至 {file}。运行 `landscape analyse --map {map}` 后按修正后的集团统计。"},
    "applicants.bad_file": {"en": "The corrections file cannot be used: {error}", "zh": "修正文件无法使用：{error}"},
    "applicants.preview": {"en": "Groups with the saved corrections (preview, not yet in the map's figures)",
                           "zh": "按已保存修正的集团（预览，尚未计入本地图统计）"},
    "col.trend": {"en": "Trend", "zh": "趋势"},
    "col.start_year": {"en": "From", "zh": "起始年"},
    "col.end_year": {"en": "To", "zh": "截止年"},
    "col.start_count": {"en": "Filings then", "zh": "起始年申请量"},
    "col.end_count": {"en": "Filings now", "zh": "截止年申请量"},
    "col.window_count": {"en": "Filings in window", "zh": "窗口内申请量"},
    "col.recent": {"en": "Last 3 complete years", "zh": "最近 3 个完整年度"},
    "col.before": {"en": "3 years before", "zh": "之前 3 年"},
    "col.recent_window": {"en": "Recent years", "zh": "近期年份"},
    "col.before_window": {"en": "Earlier years", "zh": "前期年份"},

    "col.summary": {"en": "In words", "zh": "说明"},
    "col.similarity": {"en": "Similarity", "zh": "相似度"},
    "col.why": {"en": "Why it matched", "zh": "匹配依据"},
    "col.publications": {"en": "Publications", "zh": "公开文本"},
    "col.score": {"en": "Score", "zh": "综合得分"},
    "why.similarity": {"en": "similar meaning {value}", "zh": "语义相似度 {value}"},
    "why.terms": {"en": "shared words: {terms}", "zh": "共同词语：{terms}"},
    "why.codes": {"en": "shared codes: {codes}", "zh": "共同分类号：{codes}"},
    "inv.ranking": {"en": "Ranked by similarity of meaning, then by the words and IPC/CPC codes (e.g. A63H33/04) "
                          "your description shares with each patent; one row per application.",
                    "zh": "先按语义相似度排序，再参考描述与各专利共有的词语和 IPC/CPC 分类号（如 A63H33/04）；"
                          "同一申请的多个公开文本合为一行。"},
    "page.breakdown": {"en": "Breakdown", "zh": "技术分解"},
    "breakdown.title": {"en": "Technology breakdown", "zh": "技术分解"},
    "breakdown.intro": {"en": "The analyst's own breakdown of the technology into branches (levels 1–3); every "
                               "patent is assigned to the branches it belongs to, or to none. A patent can be in "
                               "several branches, and a branch's patents include its sub-branches'.",
                        "zh": "由分析人员定义的技术分解（一至三级分支）；每件专利归入其所属的分支，或不归入任何分支。"
                              "一件专利可属于多个分支，上级分支的专利包含其下级分支的专利。"},
    "breakdown.missing": {"en": "This map has no technology breakdown yet. Make one with a breakdown file "
                                 "(the shipped ones are in corpora/breakdowns/), then reload this page:",
                          "zh": "本地图尚无技术分解。请用技术分解文件（自带的在 corpora/breakdowns/ 中）生成，然后刷新本页："},
    "breakdown.summary": {"en": "“{name}”: {branches} branches · {assigned:,} patents in at least one branch · "
                                 "{unassigned:,} in none",
                          "zh": "“{name}”：{branches} 个分支 · {assigned:,} 件专利至少归入一个分支 · {unassigned:,} 件未归入"},
    "breakdown.click": {"en": "Click a branch to read it below; the centre goes back up a level.",
                        "zh": "点击某一分支可在下方查看；点击中心返回上一级。"},
    "breakdown.branches": {"en": "Branches", "zh": "技术分支"},
    "breakdown.pick": {"en": "Read a branch", "zh": "查看技术分支"},
    "breakdown.on_map": {"en": "Its {n:,} patents on the map (in colour; the others grey)",
                         "zh": "该分支的 {n:,} 件专利在地图上的位置（彩色显示，其余为灰色）"},
    "breakdown.unassigned": {"en": "In no branch · {n:,}", "zh": "未归入任何分支 · {n:,}"},
    "breakdown.unassigned_help": {"en": "Patents the breakdown put in no branch: outside its scope, or missed by it "
                                        "(the check's recall rows estimate how many were missed).",
                                  "zh": "未归入任何分支的专利：不在本分解范围内，或被遗漏（核查中的查全率样本可估计遗漏多少）。"},
    "breakdown.others": {"en": "Other patents", "zh": "其他专利"},
    "breakdown.none_here": {"en": "No patent of the map is assigned to this branch.",
                            "zh": "本地图没有专利归入该分支。"},
    "breakdown.years": {"en": "Patents per year", "zh": "逐年专利数"},
    "breakdown.applicants": {"en": "Leading applicants", "zh": "主要申请人"},
    "breakdown.areas": {"en": "Technology areas it spans", "zh": "涉及的技术领域"},
    "breakdown.alerts": {"en": "Alerts in this branch", "zh": "本分支的预警"},
    "breakdown.alerts_help": {"en": "The alerts of the map areas holding at least 10 % of the branch's patents.",
                              "zh": "占本分支专利至少 10% 的技术领域中的预警。"},
    "breakdown.white_spaces": {"en": "White spaces near this branch", "zh": "本分支附近的空白点"},
    "breakdown.white_spaces_help": {
        "en": "White spaces whose surroundings (the ring their activity is measured on) hold some of the "
              "branch's patents, most first.",
        "zh": "周边（衡量其活跃度的环带）含有本分支专利的空白点，按数量从多到少排列。"},
    "breakdown.not_analysed": {
        "en": "Alerts and white spaces per branch come with the analysis: run `landscape analyse --map {map}`.",
        "zh": "各分支的预警与空白点随分析生成：请运行 `landscape analyse --map {map}`。"},
    "breakdown.rerun": {"en": "Per-branch figures (yearly counts, applicants, areas) are not in this map yet: re-run "
                               "`landscape breakdown --map {map} --taxonomy FILE`.",
                        "zh": "本地图尚无分支统计（逐年数量、申请人、技术领域）：请重新运行 "
                              "`landscape breakdown --map {map} --taxonomy FILE`。"},
    "breakdown.patents": {"en": "Its patents", "zh": "该分支的专利"},
    "breakdown.quality": {"en": "Precision and recall (查准率 / 查全率)", "zh": "查准率与查全率"},
    "breakdown.quality_note": {"en": "From {marked:,} marked rows of {file}; intervals at {confidence:.0%}. Recall is "
                                      "estimated for level-1 branches only.",
                               "zh": "依据 {file} 中已标注的 {marked:,} 行计算；区间置信度 {confidence:.0%}。"
                                     "查全率仅对一级分支估计。"},
    "breakdown.not_checked": {"en": "The breakdown has not been checked yet: draw a sample below, mark it and score it.",
                              "zh": "该技术分解尚未核查：请在下方抽取样本、标注并计算。"},
    "breakdown.check": {"en": "Check the breakdown (draw, mark, score)", "zh": "核查技术分解（抽样、标注、计算）"},
    "breakdown.check_help": {"en": "A seeded random sample per branch: patents assigned to it (for precision) and "
                                    "patents not assigned to it (for recall, level-1 branches). In 'correct', mark "
                                    "y if the patent belongs to the row's branch, n if not; leave it empty when "
                                    "unsure. The sheet is kept at {file}; it can also be marked in Excel.",
                             "zh": "按分支随机抽样（固定随机种子）：归入该分支的专利（用于查准率）和未归入的专利（用于一级分支的"
                                   "查全率）。在“correct”列中，专利属于该行分支填 y，不属于填 n，不确定时留空。"
                                   "样本表保存在 {file}，也可以用 Excel 标注。"},
    "breakdown.per_branch": {"en": "Patents per branch (precision)", "zh": "每个分支抽取的专利数（查准率）"},
    "breakdown.not_assigned": {"en": "Patents not in the branch (recall)", "zh": "未归入分支的抽样数（查全率）"},
    "breakdown.seed": {"en": "Random seed", "zh": "随机种子"},
    "breakdown.draw": {"en": "Draw a new sample", "zh": "抽取新样本"},
    "breakdown.drawn": {"en": "{n:,} rows drawn and saved to {file}.", "zh": "已抽取 {n:,} 行，保存至 {file}。"},
    "breakdown.kept": {"en": "The earlier sheet, with its marks, is kept as {file}.",
                       "zh": "之前的样本表（含标注）已另存为 {file}。"},
    "breakdown.sheet": {"en": "The sample ({marked:,} of {n:,} rows marked)",
                        "zh": "样本（共 {n:,} 行，已标注 {marked:,} 行）"},
    "breakdown.save": {"en": "Save the marks", "zh": "保存标注"},
    "breakdown.saved": {"en": "Marks saved to {file}.", "zh": "标注已保存至 {file}。"},
    "breakdown.score": {"en": "Score and write into the map", "zh": "计算并写入地图"},
    "breakdown.scored": {"en": "Scored {marked:,} marked rows; the figures are in the map.",
                         "zh": "已依据 {marked:,} 行标注计算，结果已写入地图。"},
    "breakdown.bad_sheet": {"en": "The sheet cannot be used: {error}", "zh": "样本表无法使用：{error}"},
    "bd.col.name": {"en": "Branch", "zh": "技术分支"},
    "bd.col.level": {"en": "Level", "zh": "级别"},
    "bd.col.patents": {"en": "Patents", "zh": "专利数"},
    "bd.col.share": {"en": "Share", "zh": "占比"},
    "bd.col.recent": {"en": "Last 3 complete years", "zh": "最近 3 个完整年度"},
    "bd.col.before": {"en": "3 years before", "zh": "之前 3 年"},
    "bd.col.growth": {"en": "Yearly growth", "zh": "年均增长率"},
    "bd.col.trend": {"en": "Trend", "zh": "趋势"},
    "bd.col.hhi": {"en": "HHI", "zh": "HHI 集中度"},
    "bd.col.cr4": {"en": "CR4", "zh": "CR4 集中度"},
    "bd.col.leading": {"en": "Leading applicants", "zh": "主要申请人"},
    "bd.col.home_share": {"en": "Domestic share", "zh": "国内申请人占比"},
    "bd.col.areas": {"en": "Areas", "zh": "技术领域"},
    "bd.col.year": {"en": "Year", "zh": "年份"},
    "bd.col.group": {"en": "Group", "zh": "集团"},
    "bd.col.country": {"en": "Country", "zh": "国别"},
    "bd.col.home": {"en": "Domestic", "zh": "国内"},
    "bd.col.rank": {"en": "Rank", "zh": "排名"},
    "bd.col.area": {"en": "Area", "zh": "技术领域"},
    "bd.col.marked": {"en": "Marked (precision)", "zh": "已标注（查准率）"},
    "bd.col.precision": {"en": "Precision", "zh": "查准率"},
    "bd.col.precision_low": {"en": "Precision from", "zh": "查准率下限"},
    "bd.col.precision_high": {"en": "Precision to", "zh": "查准率上限"},
    "bd.col.recall_marked": {"en": "Marked (recall)", "zh": "已标注（查全率）"},
    "bd.col.recall": {"en": "Recall", "zh": "查全率"},
    "bd.col.recall_low": {"en": "Recall from", "zh": "查全率下限"},
    "bd.col.recall_high": {"en": "Recall to", "zh": "查全率上限"},
}


#: Names of the languages exports carry, for a map's language mix (``langname.<code>``).
_LANGUAGE_NAMES = {"zh": ("Chinese", "中文"), "en": ("English", "英文"), "ko": ("Korean", "韩文"),
                   "ja": ("Japanese", "日文"), "de": ("German", "德文"), "fr": ("French", "法文"),
                   "ru": ("Russian", "俄文"), "es": ("Spanish", "西班牙文")}
STRINGS.update({f"langname.{code}": {"en": en, "zh": zh} for code, (en, zh) in _LANGUAGE_NAMES.items()})
STRINGS.update(REGION_STRINGS)  # the Region page's words (landscape/i18n_region.py)
STRINGS.update(PUSH_STRINGS)  # the Subscriptions page's words (landscape/i18n_push.py)
STRINGS.update(WATCH_STRINGS)  # the What's new page's words (landscape/i18n_watch.py)
STRINGS.update(BIGMAP_STRINGS)  # big maps' density picture (landscape/i18n_bigmap.py)


def default_lang() -> str:
    """English unless ``LANDSCAPE_LANG=zh``."""
    return "zh" if os.environ.get("LANDSCAPE_LANG", "").lower().startswith("zh") else "en"


def t(key: str, lang: str, **fmt) -> str:
    """The text of ``key`` in ``lang`` (English where a language is missing), formatted with ``fmt``.

    An unknown key comes back as the key itself, so a slip shows on screen instead of crashing
    a page; the test suite checks that no used key is unknown.
    """
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**fmt) if fmt else text
