"""Every word of the report in Chinese and English: ``tr(key, lang, **fmt)``.

The app's own strings (``landscape.i18n``) are the fallback, so alert kinds, severities and
trend statuses read the same in the app and in the report.
"""
from __future__ import annotations

from landscape.report.nav_strings import NAV_COLUMNS, NAV_STRINGS

LANGS = ("zh", "en")

S: dict[str, dict[str, str]] = {
    # --- cover and running header
    "title": {"en": "{industry} — industry patent trend report", "zh": "{industry}产业专利发展态势报告"},
    "subtitle": {"en": "Patent landscape and navigation", "zh": "专利导航与产业专利分析"},
    "cover.map": {"en": "Map", "zh": "地图"},
    "cover.corpus": {"en": "Corpus", "zh": "专利集合"},
    "cover.date": {"en": "Report date", "zh": "报告日期"},
    "cover.range": {"en": "Years", "zh": "年份"},
    "cover.range_value": {"en": "{first}–{last}, {basis}s (complete to {complete})",
                          "zh": "{first}–{last} 年（按{basis}，完整数据截至 {complete} 年）"},
    "cover.patents": {"en": "Patents", "zh": "专利数量"},
    "cover.patents_value": {"en": "{n:,} patents in {areas} technology areas", "zh": "{n:,} 件，{areas} 个技术领域"},
    "cover.built": {"en": "Map built", "zh": "地图生成时间"},
    "cover.made_by": {"en": "Made with landscape, an open patent navigation tool. Every figure in this report "
                            "comes from the map's tables; nothing was edited by hand.",
                      "zh": "本报告由开源专利导航工具 landscape 生成。报告中的全部数字均取自地图数据表，未经人工改动。"},
    "toc": {"en": "Contents", "zh": "目录"},
    # --- section titles
    "sec.summary": {"en": "Summary", "zh": "摘要"},
    "sec.method": {"en": "Data and method", "zh": "数据与方法"},
    "sec.map": {"en": "The landscape map", "zh": "专利地图"},
    "sec.areas": {"en": "Technology areas", "zh": "技术领域"},
    "sec.applicants": {"en": "Applicants and concentration", "zh": "申请人与集中度"},
    "sec.alerts": {"en": "Early warnings", "zh": "风险预警"},
    "sec.white_spaces": {"en": "White spaces", "zh": "技术空白点"},
    "sec.effects": {"en": "Technology-effect matrix", "zh": "技术功效矩阵"},
    "sec.appendix": {"en": "Appendix: parameters and provenance", "zh": "附录：参数与数据来源"},
    # --- summary sentences
    "sum.intro": {"en": "Five things to know about {industry}:", "zh": "关于{industry}，需要了解的五点："},
    "sum.count": {"en": "The map holds {n:,} patents filed {first}–{last}, in {areas} technology areas.",
                  "zh": "本地图共收录 {first}–{last} 年申请的专利 {n:,} 件，划分为 {areas} 个技术领域。"},
    "sum.count_growth": {"en": " Filings in {recent} ({r:,}) against {previous} ({p:,}): {change}.",
                         "zh": "{recent} 年申请 {r:,} 件，{previous} 年 {p:,} 件，{change}。"},
    "sum.up": {"en": "up {pct} a year", "zh": "年均增长 {pct}"},
    "sum.down": {"en": "down {pct} a year", "zh": "年均下降 {pct}"},
    "sum.flat": {"en": "level", "zh": "基本持平"},
    "sum.largest": {"en": "The largest area is '{label}' with {n:,} patents ({share} of the map).",
                    "zh": "规模最大的技术领域是「{label}」，共 {n:,} 件，占全部专利的 {share}。"},
    "sum.fastest": {"en": " The fastest-growing area: {sentence}", "zh": "增长最快的领域：{sentence}"},
    "sum.concentrated": {"en": "The most concentrated area in {window} is '{label}': corrected HHI {hhi:,.0f}; "
                               "{top} leads with {share} of its filings and the top four hold {cr4}.",
                         "zh": "{window} 年集中度最高的技术领域是「{label}」：修正 HHI 为 {hhi:,.0f}；"
                               "{top} 以 {share} 的申请量居首，前四名合计占 {cr4}。"},
    "sum.no_concentration": {"en": "No area has enough recent filings to judge its concentration.",
                             "zh": "没有技术领域的近期申请量足以判断集中度。"},
    "sum.alert": {"en": "Top early warning ({n} in all): {text}", "zh": "首要预警（共 {n} 条）：{text}"},
    "sum.no_alert": {"en": "No early-warning rule fired with the default thresholds.",
                     "zh": "在默认阈值下没有触发任何预警规则。"},
    "sum.white_space": {"en": "Top white space ({n} found): {text}", "zh": "首要技术空白点（共 {n} 个）：{text}"},
    "sum.no_white_space": {"en": "No white space passed the tests on this map.",
                           "zh": "本地图中没有通过检验的技术空白点。"},
    "sum.gap": {"en": " Thinnest cell of the technology-effect matrix: {text}",
                "zh": "技术功效矩阵中最薄弱的单元：{text}"},
    "sum.not_analysed": {"en": "Concentration, early warnings and white spaces are missing: the map has not "
                               "been analysed (run `landscape analyse --map {name}`).",
                         "zh": "缺少集中度、预警与空白点结果：该地图尚未分析（请运行 `landscape analyse --map {name}`）。"},
    # --- missing and empty
    "missing": {"en": "This part needs the table '{table}', which this map does not have: the map has not "
                      "been analysed. Run `landscape analyse --map {name}` and make the report again.",
                "zh": "本部分需要“{table}”数据表，而该地图尚无此表：地图尚未分析。请运行 "
                      "`landscape analyse --map {name}` 后重新生成报告。"},
    "reanalyse": {"en": "This part needs the table '{table}', which the analysis of this map did not write yet: "
                        "re-run `landscape analyse --map {name}` and make the report again.",
                  "zh": "本部分需要“{table}”数据表，该地图此前的分析尚未生成此表：请重新运行 "
                        "`landscape analyse --map {name}` 后重新生成报告。"},
    "empty.alerts": {"en": "No early-warning rule fired (thresholds: {rules}).",
                     "zh": "没有触发任何预警规则（阈值：{rules}）。"},
    "empty.white_spaces": {"en": "No white space passed the tests: no empty region between active areas was "
                                 "both unlikely by chance and confirmed in the space the areas were found in.",
                           "zh": "没有通过检验的技术空白点：未发现既非偶然、又在聚类空间中得到确认的、位于活跃领域之间的空白区域。"},
    "empty.gaps": {"en": "No cell of the matrix is much thinner than its area's size and the effect's frequency predict.",
                   "zh": "矩阵中没有明显低于按领域规模与功效常见程度预期的单元。"},
    "empty.effects": {"en": "No patent mentions any effect of the lexicon.", "zh": "没有专利提及功效词表中的任何功效。"},
    "empty.trends": {"en": "The patents of this map have no dates, so no year to count them in.",
                     "zh": "该地图中的专利没有日期，无法按年份统计。"},
    "empty.concentration": {"en": "No area has patents with known applicants.", "zh": "没有技术领域含有已知申请人的专利。"},
    # --- data and method
    "m.sources": {"en": "Sources", "zh": "数据来源"},
    "m.sources_text": {"en": "{n:,} records read from {files} export file(s):", "zh": "共 {n:,} 条记录，来自 {files} 个导出文件："},
    "m.sources_unknown": {"en": "The map does not record its source files.", "zh": "地图未记录其来源文件。"},
    "m.file_rows": {"en": "{file}: {n:,} records", "zh": "{file}：{n:,} 条"},
    "m.more_files": {"en": "… and {n} more files", "zh": "……另有 {n} 个文件"},
    "m.counts": {"en": "Counts", "zh": "数量"},
    "m.unit": {"en": "Counting unit", "zh": "计数单位"},
    "m.counts_text": {"en": "{n:,} patents; {areas} technology areas and {topics} finer topics; {unassigned} of the "
                            "patents were not clearly in one area and were given to the nearest one.",
                      "zh": "专利 {n:,} 件；技术领域 {areas} 个，细分主题 {topics} 个；{unassigned} 的专利不明确属于某一领域，已归入最近的领域。"},
    "m.languages": {"en": "Languages: {langs}.", "zh": "语言：{langs}。"},
    "m.balance": {"en": "Language balance", "zh": "语言构成与混合程度"},
    "m.years": {"en": "Years", "zh": "年份"},
    "ap.cutoff": {"en": "Data to (cut-off date)", "zh": "数据截止日期"},
    "ap.last_complete": {"en": "Last complete year", "zh": "最近的完整年度"},
    "m.years_text": {"en": "{first}–{last}, counted by {basis} ({share} of the patents carry that date); "
                           "data to {cutoff}; the last complete year is {complete}.",
                     "zh": "{first}–{last} 年，按{basis}统计（{share} 的专利有该日期）；数据截至 {cutoff}；"
                           "最近的完整年度为 {complete} 年。"},
    "m.model": {"en": "Embedding model", "zh": "文本向量模型"},
    "m.model_text": {"en": "{name} ({dim} dimensions). Why: {reason}", "zh": "{name}（{dim} 维）。选择原因：{reason}"},
    "m.reason.use": {"en": "", "zh": "{total:,} 条文本中英文仅占 {share}，因此选用多语言 Universal Sentence Encoder"
                                      "（中文与英文文本映射到同一向量空间）。"},
    "m.reason.minilm": {"en": "", "zh": "{total:,} 条文本中英文占 {share}，因此选用英文模型 all-MiniLM-L6-v2。"},
    "m.how": {"en": "How the map is made", "zh": "地图的生成方法"},
    "m.how_text": {"en": "Each patent's title and abstract is turned into a vector by the model; UMAP lays the "
                         "vectors out in 5 dimensions (to find areas) and in 2 (to draw the map); HDBSCAN finds the "
                         "technology areas; each area is named by its most distinctive terms (class-based TF-IDF) "
                         "and its most frequent IPC/CPC codes. Same data, parameters and seed give the same map.",
                   "zh": "模型将每件专利的标题与摘要转换为向量；UMAP 将向量降至 5 维（用于划分领域）和 2 维（用于绘制地图）；"
                         "HDBSCAN 划分技术领域；每个领域以其最具区分度的词语（基于类别的 TF-IDF）及最常见的 IPC/CPC "
                         "分类号命名。相同的数据、参数与随机种子生成相同的地图。"},
    "m.params": {"en": "Parameters", "zh": "参数"},
    "m.limits": {"en": "What the map can and cannot say", "zh": "地图能说明什么、不能说明什么"},
    "m.limit.sample": {"en": "Coverage: the map shows only the {n:,} records that were imported — a sample of the "
                             "industry's patents, not all of them. Shares and rankings describe this sample.",
                       "zh": "覆盖范围：地图仅包含已导入的 {n:,} 条记录，是该产业专利的样本而非全部。文中的占比与排名均针对该样本。"},
    "m.limit.lag": {"en": "Publication lag: patents are published about {lag} months after filing, so with data to "
                          "{cutoff} filings after {complete} are incomplete. Those years are shaded in the charts and "
                          "left out of every growth figure.",
                    "zh": "公开滞后：专利通常在申请约 {lag} 个月后公开，数据截至 {cutoff}，因此 {complete} 年之后的申请数据尚不完整。"
                          "图中以灰色标出这些年份，且不计入任何增长率。"},
    "m.limit.lag_publication": {"en": "Publication years: most patents of this export carry no filing date, so years are "
                                      "publication years; with data to {cutoff}, years after {complete} are incomplete "
                                      "and left out of every growth figure.",
                                "zh": "按公开年统计：该导入数据的多数专利没有申请日，因此年份为公开年；数据截至 {cutoff}，"
                                      "{complete} 年之后的数据尚不完整，不计入任何增长率。"},
    "m.limit.labels": {"en": "Machine-made labels: area names are the terms and codes that set an area apart, "
                             "chosen by the program. Read them as hints and check the representative patents.",
                       "zh": "机器生成的名称：技术领域名称是程序选出的最具区分度的词语和分类号，仅供参考，请结合代表性专利判断。"},
    "m.limit.map": {"en": "Distances: near on the map means similar in wording; far apart on the map says little. "
                          "White spaces and effect gaps are candidates to examine, not proven opportunities.",
                    "zh": "距离：地图上相近表示文字表述相似；相距较远则说明不了太多。技术空白点与功效空白是值得研判的候选方向，并非确定的机会。"},
    "m.limit.names": {"en": "Applicants: names are normalised and a corporate group's subsidiaries are counted as one "
                            "group (name rules, corrected by the workspace's applicant_groups.toml). An applicant's "
                            "country comes from the export's data (applicant country, address, priority country, "
                            "first filing office) and only failing that from its name; the Excel export says which "
                            "rule decided for each applicant.",
                      "zh": "申请人：名称经过规范化处理，同一集团的子公司按集团合并计数（依据名称规则，可在工作区的 "
                            "applicant_groups.toml 中修正）。申请人的国别依次取自导出数据中的申请人国别、地址、优先权国家、"
                            "首次申请受理局，均缺失时才依据名称判断；Excel 导出中列明每个申请人的判断依据。"},
    # --- map
    "map.caption": {"en": "Each dot is a patent, coloured by technology area; the shading shows where patents are "
                          "dense. Faint dots were not clearly in one area and were given to the nearest one.",
                    "zh": "每个点代表一件专利，颜色表示技术领域；底色越深表示专利越密集。浅色点不明确属于某一领域，已归入最近的领域。"},
    "map.caption_ws": {"en": " Dashed circles are white spaces, numbered by rank (W1 is the first).",
                       "zh": "虚线圆圈为技术空白点，按排名编号（W1 为第一）。"},
    "map.no_labels": {"en": "Labels of small areas that had no room on the map: {areas}.",
                      "zh": "因位置不足未在图中标注的小领域：{areas}。"},
    # --- areas
    "areas.intro": {"en": "The {n} technology areas, largest first. Growth is the yearly rate from the three complete "
                          "{basis}s before to the last three, and the trend is read from that same figure "
                          "(emerging from +20 %, growing from +10 %, cooling from −10 % a year; too few below "
                          "10 patents).",
                    "zh": "共 {n} 个技术领域，按规模从大到小排列。增长率为最近三个完整{basis}度相对之前三年的年均增长率，"
                          "趋势由同一数字判断（年均 +20% 以上为新兴，+10% 以上为增长，−10% 以下为降温；不足 10 件为数量太少）。"},
    "areas.total_caption": {"en": "Patents per {basis}, all areas. Shaded years (after {complete}) are incomplete.",
                            "zh": "全部领域按{basis}统计的专利数量。灰色年份（{complete} 年之后）数据不完整。"},
    "areas.small_caption": {"en": "Filings per year in the {n} largest areas (same scale in each panel). Shaded years are incomplete.",
                            "zh": "规模最大的 {n} 个领域的年度申请量（各小图刻度相同）。灰色年份数据不完整。"},
    "areas.trend_sentences": {"en": "Trend of each area, in words", "zh": "各领域趋势说明"},
    "areas.since": {"en": "The charts show the last {n} years, from {year}.", "zh": "图表显示最近 {n} 年（自 {year} 年起）。"},
    # --- applicants
    "app.top": {"en": "Top applicants, all years", "zh": "主要申请人（全部年份）"},
    "app.top_caption": {"en": "The {n} applicants with most patents on the map; dark bars are domestic ({home}) applicants.",
                        "zh": "地图中专利最多的 {n} 个申请人；深色为国内（{home}）申请人。"},
    "app.home_foreign": {"en": "Domestic ({home}) applicants hold {home_share} of the filings in {recent} "
                               "({home_prev} in {previous}); foreign applicants {foreign_share}.",
                         "zh": "{recent} 年国内（{home}）申请人占申请量的 {home_share}（{previous} 年为 {home_prev}），"
                               "国外申请人占 {foreign_share}。"},
    "app.concentration": {"en": "Concentration per area, {window}", "zh": "各技术领域集中度（{window} 年）"},
    "app.concentration_intro": {"en": "HHI is the sum of squared shares (0–10,000; above 2,500 is highly concentrated); "
                                      "corrected HHI removes the bias of small counts; CR4 is the share of the four "
                                      "largest applicants.",
                                "zh": "HHI 为各申请人份额的平方和（0–10,000；高于 2,500 为高度集中）；修正 HHI 消除了小样本偏差；"
                                      "CR4 为前四名申请人的合计份额。"},
    # The same, where applicants count by corporate group (analyse's default).
    "app.top_group": {"en": "Top applicant groups, all years", "zh": "主要申请人集团（全部年份）"},
    "app.top_caption_group": {"en": "The {n} applicant groups (a firm with its subsidiaries) with most patents on "
                                    "the map; dark bars are domestic ({home}) groups.",
                              "zh": "地图中专利最多的 {n} 个申请人集团（企业及其子公司合并计）；深色为国内（{home}）集团。"},
    "app.home_foreign_group": {"en": "Domestic ({home}) groups hold {home_share} of the filings in {recent} "
                                     "({home_prev} in {previous}); foreign groups {foreign_share}.",
                               "zh": "{recent} 年国内（{home}）申请人集团占申请量的 {home_share}（{previous} 年为 "
                                     "{home_prev}），国外集团占 {foreign_share}。"},
    "app.concentration_intro_group": {"en": "Shares are of corporate groups (a firm with its subsidiaries). HHI is the "
                                            "sum of squared shares (0–10,000; above 2,500 is highly concentrated); "
                                            "corrected HHI removes the bias of small counts; CR4 is the share of the "
                                            "four largest groups.",
                                      "zh": "份额按申请人集团（企业及其子公司合并）计。HHI 为各集团份额的平方和（0–10,000；"
                                            "高于 2,500 为高度集中）；修正 HHI 消除了小样本偏差；CR4 为前四名集团的合计份额。"},
    "app.members": {"en": "{name} ({n} applicants)", "zh": "{name}（{n} 个申请人）"},
    "app.origin_rules": {"en": "An applicant's country is decided from its data before its name; share of the "
                               "applicant counts decided by {rules}.",
                         "zh": "申请人国别先依据数据、后依据名称判定，各依据所占申请人计数比例：{rules}。"},
    "app.origin_unknown": {"en": "The data does not say where the applicants of {share} of the {recent} filings come "
                                 "from (no nationality, address, priority or first filing, and a name that says nothing); "
                                 "they are counted neither domestic nor foreign.",
                           "zh": "{recent} 年有 {share} 的申请量，其申请人的国别无法从数据判断（无国籍、地址、优先权或首次申请信息，"
                                 "名称也无法说明），既不计入国内也不计入国外。"},
    "app.domestic": {"en": "domestic", "zh": "国内"},
    "app.foreign": {"en": "foreign", "zh": "国外"},
    # --- alerts
    "alerts.intro": {"en": "Rules over each area's applicants (thresholds: {rules}); each alert says why it fired. "
                           "{n} alerts: {by_kind}.",
                     "zh": "基于各技术领域申请人的预警规则（阈值：{rules}）；每条预警都说明触发原因。共 {n} 条：{by_kind}。"},
    "alerts.ranking": {"en": "Applicants are counted {by}, patents {unit}. Severity comes from a score of 0–100: the "
                             "area's size in the recent window, the share of it the group holds, its growth and whether "
                             "it is foreign (the [ranking] table of the rule file); alerts about individuals and about "
                             "filings that are all utility models are listed but never ranked above low.",
                       "zh": "申请人{by}统计，专利{unit}。严重程度由 0–100 的得分决定：近期窗口内领域规模、该集团所占份额、"
                             "其增长以及是否为国外申请人（规则文件的 [ranking] 部分）；个人申请人及全部为实用新型的申请"
                             "照常列出，但级别不高于“低”。"},
    "alerts.by.group": {"en": "by corporate group (a group's firms count as one)", "zh": "按集团（同一集团的企业合并）"},
    "alerts.by.applicant": {"en": "one by one (groups not merged)", "zh": "按单个申请人（不合并集团）"},
    "alerts.unit.application": {"en": "by application", "zh": "按申请"},
    "alerts.unit.family": {"en": "by patent family", "zh": "按专利族"},
    "alerts.unit.publication": {"en": "by publication", "zh": "按公开文本"},
    "alerts.watch": {"en": "Watching {watch}: its own group is never the subject of an alert, and rivals are "
                           "followed in its strongest areas.",
                     "zh": "关注 {watch}：不对其本集团发出预警，并跟踪竞争对手在其主要领域的动向。"},
    "alerts.more": {"en": "The first {shown} of {n} alerts are listed; the Excel export has all of them.",
                    "zh": "此处列出 {n} 条预警中的前 {shown} 条；Excel 导出文件包含全部预警。"},
    # --- white spaces
    "ws.intro": {"en": "Places on the map with few patents but busy surroundings, ranked by how many patents the "
                       "surroundings would lead one to expect there and how fast the surroundings grow.",
                 "zh": "地图上专利稀少、但周边技术活跃的位置，按周边密度预期的专利数及周边增长速度排序。"},
    "ws.one": {"en": "W{rank}", "zh": "W{rank}"},
    "ws.numbers": {"en": "{inside} patents inside where the surroundings suggest about {expected:.0f}; "
                         "{ring:,} patents around it (growth {growth} in the last three complete years).",
                   "zh": "区域内有 {inside} 件专利，按周边密度预期约 {expected:.0f} 件；周边共 {ring:,} 件专利"
                         "（最近三个完整年度增长率 {growth}）。"},
    "ws.neighbours": {"en": "Neighbouring areas: ", "zh": "相邻技术领域："},
    "ws.nearest": {"en": "Nearest patents of the neighbouring areas", "zh": "相邻领域中距离最近的专利"},
    # --- effects
    "fx.intro": {"en": "Technical effects (lower cost, safety, efficiency, …) found in the titles and abstracts with a "
                       "bilingual word list, counted per technology area. The colour is the share of the area's "
                       "patents that mention the effect; the number is the count. Boxed cells are candidate gaps.",
                 "zh": "利用中英文功效词表在标题与摘要中识别技术功效（降低成本、安全、效率等），按技术领域计数。"
                       "颜色表示该领域中提及该功效的专利比例，数字为专利数；加框单元为候选空白。"},
    "fx.gaps": {"en": "Candidate gaps", "zh": "候选空白"},
    "fx.gaps_intro": {"en": "Cells much thinner than the area's size and the effect's frequency predict.",
                      "zh": "明显低于按领域规模与功效常见程度预期的单元。"},
    "fx.rows_note": {"en": "The {n} largest areas are shown; the Excel export has all of them.",
                     "zh": "图中显示规模最大的 {n} 个领域；Excel 导出文件包含全部领域。"},
    # --- appendix
    "ap.provenance": {"en": "Provenance", "zh": "数据来源与生成记录"},
    "ap.params": {"en": "All parameters", "zh": "全部参数"},
    "ap.versions": {"en": "Package versions", "zh": "软件包版本"},
    "ap.timings": {"en": "Timings (seconds)", "zh": "耗时（秒）"},
    "ap.key": {"en": "Setting", "zh": "项目"},
    "ap.value": {"en": "Value", "zh": "取值"},
    "ap.corpus": {"en": "Corpus", "zh": "专利集合"},
    "ap.built_at": {"en": "Map built", "zh": "地图生成时间"},
    "ap.analysed_at": {"en": "Analysed", "zh": "分析时间"},
    "ap.not_analysed": {"en": "not analysed", "zh": "未分析"},
    "ap.rules": {"en": "Alert rules", "zh": "预警规则"},
    "ap.home": {"en": "Home office", "zh": "本国受理局"},
    "ap.watch": {"en": "Watched applicant", "zh": "关注的申请人"},
    "ap.input_hash": {"en": "Input hash", "zh": "输入数据哈希"},
    "ap.seed": {"en": "Seed", "zh": "随机种子"},
    "ap.model_version": {"en": "Model version", "zh": "模型版本"},
    "ap.default": {"en": "default", "zh": "默认"},
    "ap.report_made": {"en": "Report made", "zh": "报告生成时间"},
    # --- table headers
    "col.no": {"en": "No.", "zh": "编号"},
    "col.area": {"en": "Technology area", "zh": "技术领域"},
    "col.size": {"en": "Patents", "zh": "专利数"},
    "col.growth": {"en": "Yearly growth", "zh": "年均增长率"},
    "col.trend": {"en": "Trend", "zh": "趋势"},
    "col.top_applicants": {"en": "Top applicants", "zh": "主要申请人"},
    "col.top_codes": {"en": "Top codes", "zh": "主要分类号"},
    "col.rank": {"en": "Rank", "zh": "排名"},
    "col.applicant": {"en": "Applicant", "zh": "申请人"},
    "col.share": {"en": "Share", "zh": "占比"},
    "col.origin": {"en": "Origin", "zh": "国内/国外"},
    "col.recent": {"en": "Recent", "zh": "近期"},
    "col.patents": {"en": "Patents", "zh": "专利数"},
    "col.applicants": {"en": "Applicants", "zh": "申请人数"},
    "col.group": {"en": "Group", "zh": "申请人集团"},
    "col.groups": {"en": "Groups", "zh": "集团数"},
    "col.top_group": {"en": "Leading group", "zh": "第一集团"},
    "col.hhi": {"en": "HHI", "zh": "HHI"},
    "col.hhi_corrected": {"en": "Corr. HHI", "zh": "修正 HHI"},
    "col.cr4": {"en": "CR4", "zh": "CR4"},
    "col.top_applicant": {"en": "Leader", "zh": "第一申请人"},
    "col.top_share": {"en": "Leader's share", "zh": "第一申请人占比"},
    "col.home_share": {"en": "Domestic share", "zh": "国内占比"},
    "col.kind": {"en": "Kind", "zh": "类型"},
    "col.severity": {"en": "Severity", "zh": "等级"},
    "col.explanation": {"en": "Why", "zh": "原因"},
    "col.id": {"en": "Publication no.", "zh": "公开号"},
    "col.title": {"en": "Title", "zh": "标题"},
    "col.effect": {"en": "Effect", "zh": "功效"},
    "col.count": {"en": "Patents", "zh": "专利数"},
    "col.expected": {"en": "Expected", "zh": "预期数"},
    "col.description": {"en": "In words", "zh": "说明"},
    "period.recent": {"en": "recent", "zh": "近期"},
    "period.previous": {"en": "previous", "zh": "前期"},
    "period.all": {"en": "all years", "zh": "全部年份"},
    "all_areas": {"en": "All areas", "zh": "全部领域"},
    # --- technology breakdown (技术分解): its chapter and its part of "Data and method"
    "sec.breakdown": {"en": "Technology breakdown", "zh": "技术分解"},
    "bd.intro": {"en": "The map's patents in the branches of the breakdown '{name}' ({branches} branches in {levels} "
                       "levels): {assigned:,} of {total:,} patents ({share}) are in at least one branch, {unassigned:,} in "
                       "none. A patent can be in several branches, so the branches add up to more than the map.",
                 "zh": "按技术分解表「{name}」（{levels} 级，共 {branches} 个分支）划分本地图的专利：{total:,} 件中有 "
                       "{assigned:,} 件（{share}）归入至少一个分支，{unassigned:,} 件未归入任何分支。一件专利可属于多个分支，"
                       "因此各分支合计多于全部专利。"},
    "bd.how_to_read": {"en": "Growth is the yearly rate from the three complete years {recent} against the three before "
                             "({before}); groups are counted as in the applicants chapter; HHI (0–10,000) and CR4 are "
                             "of the groups' counts; the domestic share is the share of the branch's patents with a "
                             "{home} group among their applicants.",
                       "zh": "增长率为最近三个完整年份（{recent}）相对此前三年（{before}）的年均增长率；申请人按集团计数，"
                             "与“申请人与集中度”一章相同；HHI（0–10,000）与 CR4 按集团计数计算；国内占比为申请人中含"
                             "{home}集团的专利占该分支专利的比例。"},
    "bd.missing": {"en": "Map '{name}' has a breakdown but no figures per branch yet; run `landscape breakdown` or "
                         "`landscape analyse --map {name}` again.",
                   "zh": "地图「{name}」已有技术分解，但尚无分支统计；请重新运行 `landscape breakdown` 或 "
                         "`landscape analyse --map {name}`。"},
    "bd.deeper": {"en": "Branches of level 3 and below are in the Excel export (sheet Branches).",
                  "zh": "三级及以下分支见 Excel 导出（“技术分支”工作表）。"},
    "bd.chart_caption": {"en": "Patents per {basis} in each level-1 branch. Shaded years (after {complete}) are incomplete.",
                         "zh": "各一级分支每年的专利数（按{basis}）。阴影年份（{complete} 年之后）数据不完整。"},
    "bd.colon": {"en": ": ", "zh": "："},
    "bd.per_branch": {"en": "Level-1 branches in words", "zh": "一级分支说明"},
    "bd.branch_text": {"en": "{n:,} patents ({share} of the map); {recent_window}: {recent:,}, {before_window}: "
                             "{before:,}, {growth}. {leading} {concentration} Domestic groups ({home}) hold {home_share} "
                             "of its patents. {areas}{children}",
                       "zh": "共 {n:,} 件，占全部专利的 {share}；{recent_window} 年 {recent:,} 件，{before_window} 年 "
                             "{before:,} 件，{growth}。{leading}{concentration}国内（{home}）集团的专利占 {home_share}。"
                             "{areas}{children}"},
    "bd.growth": {"en": "{growth} a year ({trend})", "zh": "年均增长 {growth}（{trend}）"},
    "bd.no_growth": {"en": "too few to measure growth", "zh": "数量太少，不计算增长率"},
    "bd.leading": {"en": "Leading groups: {leading}.", "zh": "主要申请集团：{leading}。"},
    "bd.no_leading": {"en": "No applicant is known.", "zh": "无已知申请人。"},
    "bd.concentration": {"en": "HHI {hhi}, the four largest hold {cr4}.", "zh": "HHI 为 {hhi}，前四名合计占 {cr4}。"},
    "bd.areas": {"en": "It spans {n} map areas holding at least 10 % of it each; most of it lies in '{area}' ({share}).",
                 "zh": "分布于 {n} 个技术领域（各占该分支 10% 以上），最集中于「{area}」（{share}）。"},
    "bd.children": {"en": " Sub-branches: {children}.", "zh": "下级分支：{children}。"},
    "bd.watch": {"en": " Alerts in the areas it spans: {alerts}; {white_space}",
                 "zh": "所涉技术领域的预警：{alerts} 条；{white_space}"},
    "bd.white_space": {"en": "nearest white space: '{description}' (rank {rank}, {near:,} of its patents around it).",
                       "zh": "最近的空白点：「{description}」（排名第 {rank}，周边有本分支专利 {near:,} 件）。"},
    "bd.no_white_space": {"en": "no white space has its patents around it.", "zh": "没有空白点的周边含有本分支专利。"},
    "bd.empty": {"en": "No patent of the map is in this branch.", "zh": "本地图没有专利归入该分支。"},
    "col.branch": {"en": "Branch", "zh": "技术分支"},
    "col.leading_groups": {"en": "Leading groups", "zh": "主要申请集团"},
    "col.hhi_cr4": {"en": "HHI / CR4", "zh": "HHI / CR4"},
    "col.growth_trend": {"en": "Growth, trend", "zh": "增长率与趋势"},
    "col.precision": {"en": "Precision (95 % interval)", "zh": "查准率（95% 区间）"},
    "col.recall": {"en": "Recall (95 % interval)", "zh": "查全率（95% 区间）"},
    "col.marked": {"en": "Marked", "zh": "已标注"},
    "m.breakdown": {"en": "Technology breakdown", "zh": "技术分解"},
    "m.breakdown_text": {"en": "The analyst's breakdown '{name}' ({file}; {branches} branches in {levels} levels). "
                               "Patents were assigned by {evidence}; a child branch implies its parent. Each branch's "
                               "similarity threshold keeps {keep} of the patents known to be in it (rule hits and "
                               "examples): {thresholds}.{examples}",
                         "zh": "分析人员的技术分解表「{name}」（{file}；{levels} 级，共 {branches} 个分支）。专利按{evidence}"
                               "归入分支；下级分支的专利同时归入上级分支。每个分支的相似度阈值保留其已知专利（规则命中"
                               "与示例）的 {keep}：{thresholds}。{examples}"},
    "m.bd.examples": {"en": " {n} hand-labelled patents ({file}) kept their given branches.",
                      "zh": "{n} 件人工标注的专利（{file}）保留其给定分支。"},
    "m.bd.quality_head": {"en": "precision and recall", "zh": "查准率与查全率"},
    "m.bd.codes": {"en": "IPC/CPC codes", "zh": "IPC/CPC 分类号"},
    "m.bd.keywords": {"en": "keywords (Chinese segmented)", "zh": "关键词（中文分词）"},
    "m.bd.sim": {"en": "similarity of the patent's vector ({model}) to {parts}",
                 "zh": "专利向量（{model}）与{parts}的相似度"},
    "m.bd.part.zero-shot: branch descriptions": {"en": "the branch descriptions (zero-shot)", "zh": "分支描述（零样本）"},
    "m.bd.part.few-shot: logistic regression on the examples": {"en": "a logistic regression on the examples (few-shot)",
                                                                "zh": "基于示例的逻辑回归（少样本）"},
    "m.bd.part.few-shot: mean vector of each branch's examples": {"en": "the mean vector of each branch's examples (few-shot)",
                                                                  "zh": "各分支示例的平均向量（少样本）"},
    "m.bd.part.mean vector of the patents the rules put in each branch": {
        "en": "the mean vector of the patents the rules put in each branch", "zh": "规则归入各分支专利的平均向量"},
    "m.bd.from.own": {"en": "{n} from their own known patents", "zh": "{n} 个分支按自身已知专利确定"},
    "m.bd.from.level": {"en": "{n} from the known patents of their level", "zh": "{n} 个分支按同级已知专利确定"},
    "m.bd.from.none": {"en": "{n} without known patents (above the map's average)",
                       "zh": "{n} 个分支无已知专利（高于全图平均相似度）"},
    "m.bd.quality": {"en": "Precision and recall were checked on a stratified sample marked by an analyst ({file}, "
                           "{marked} of {rows} rows marked); 95 % Wilson intervals, recall for level-1 branches.",
                     "zh": "查准率与查全率由分析人员标注的分层抽样样本核验（{file}，{rows} 行中标注 {marked} 行）；"
                           "区间为 95% Wilson 区间，查全率仅针对一级分支。"},
    "m.bd.no_quality": {"en": "Precision and recall not yet checked: landscape breakdown-sample / breakdown-score.",
                        "zh": "查准率与查全率尚未核验：请运行 landscape breakdown-sample / breakdown-score。"},
    "na": {"en": "—", "zh": "—"},
    "list_sep": {"en": ", ", "zh": "、"},
    **NAV_STRINGS,
}

# Excel headers: the bundle's column names in both languages. A column without an entry
# keeps its name; ``*_en`` / ``*_zh`` columns appear once, in the report's language.
# ``size`` is the patents the clustering put in an area (without the unassigned ones shown
# nearest to it): not 核心专利 (key patents), which an analyst reads as the most valuable ones.
COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("Id", "编号"), "area": ("Area no.", "领域编号"), "area_label": ("Technology area", "技术领域"),
    "label": ("Label", "名称"), "terms": ("Terms", "关键词"), "size": ("Clustered patents", "聚类专利数"), "patents": ("Patents", "专利数"),
    "top_codes": ("Top IPC/CPC codes", "主要分类号"), "top_code_titles": ("Code titles", "分类号含义"),
    "representative_ids": ("Representative patents", "代表性专利"), "lang_mix": ("Languages", "语言构成"),
    "growth": ("Yearly growth", "年均增长率"), "first_year": ("First year", "起始年份"), "last_year": ("Last year", "最近年份"),
    "top_applicants": ("Top applicants", "主要申请人"), "x": ("x", "x"), "y": ("y", "y"),
    "window": ("Window", "时间窗口"), "period": ("Period", "时期"), "applicant": ("Applicant", "申请人"),
    "count": ("Patents", "专利数"), "share": ("Share", "占比"), "rank": ("Rank", "排名"),
    "new_entrant": ("New entrant", "新进入者"), "is_home": ("Domestic", "国内申请人"),
    "n_patents": ("Patents", "专利数"), "n_unknown": ("Without applicant", "无申请人专利数"),
    "n_applicants": ("Applicants", "申请人数"), "n_counted": ("Applicant counts", "申请人计数"),
    "hhi": ("HHI", "HHI"), "hhi_corrected": ("Corrected HHI", "修正 HHI"), "cr4": ("CR4", "CR4"),
    "top_applicant": ("Top applicant", "第一申请人"), "top_share": ("Top share", "第一申请人占比"),
    "home_share": ("Domestic share", "国内占比"), "foreign_share": ("Foreign share", "国外占比"),
    "home_patents": ("Domestic patents", "国内申请人专利数"), "kind": ("Kind", "类型"),
    "severity": ("Severity", "等级"), "value": ("Value", "数值"), "threshold": ("Threshold", "阈值"),
    "numbers": ("Numbers", "数据"), "explanation": ("Why", "原因"), "patent_ids": ("Patents", "相关专利"),
    "year": ("Year", "年份"), "share_of_year": ("Share of the year", "占当年比例"),
    "incomplete": ("Incomplete year", "数据不完整"), "cumulative": ("Cumulative", "累计"),
    "in_window": ("In growth window", "在增长窗口内"), "area_size": ("Area patents", "领域专利数"),
    "effect": ("Effect key", "功效代码"), "effect_label": ("Effect", "功效"),
    "share_of_area": ("Share of the area", "占领域比例"), "expected": ("Expected", "预期数"),
    "shortfall": ("Shortfall", "缺口"), "description": ("In words", "说明"), "radius": ("Radius", "半径"),
    "cells": ("Grid cells", "网格数"), "map_area": ("Map area", "地图面积"),
    "patents_inside": ("Patents inside", "区域内专利数"), "expected_inside": ("Expected inside", "预期专利数"),
    "ring_patents": ("Patents around", "周边专利数"), "ring_growth": ("Growth around", "周边增长率"),
    "emptiness": ("Emptiness", "空缺程度"), "p_value": ("p-value", "p 值"), "score": ("Score", "得分"),
    "neighbour_areas": ("Neighbouring areas", "相邻领域"), "neighbour_shares": ("Neighbour shares", "相邻领域占比"),
    "nearest": ("Nearest patents", "最近的专利"), "confirmed_5d": ("Confirmed in 5-d", "高维空间确认"),
    "ratio_5d": ("5-d sparseness ratio", "高维稀疏比"), "x0": ("x0", "x0"), "y0": ("y0", "y0"),
    "x1": ("x1", "x1"), "y1": ("y1", "y1"), "total": ("Total", "总数"), "missing_year": ("Without year", "无年份"),
    "peak_year": ("Peak year", "峰值年份"), "peak_count": ("Peak filings", "峰值申请量"),
    "before_window": ("Earlier years", "前期年份"), "recent_window": ("Recent years", "近期年份"),
    "before": ("Earlier patents", "前期专利数"), "recent": ("Recent patents", "近期专利数"),
    "share_before": ("Share earlier", "前期占比"), "share_recent": ("Share recent", "近期占比"),
    "status": ("Status", "状态"), "year_basis": ("Years counted by", "年份依据"),
    "summary": ("In words", "说明"),
    "group": ("Group", "所属集团"), "country": ("Country", "国别"), "decided_by": ("Country decided by", "国别判定依据"),
    "province": ("Province", "省份"), "city": ("City", "城市"),
    "unknown_origin_share": ("Origin unknown", "国别不明占比"),
    "branch": ("Branch", "技术分支"), "parent": ("Parent branch", "上级分支"), "level": ("Level", "层级"),
    "name": ("Name", "名称"), "trend": ("Trend", "趋势"), "leading": ("Leading groups", "主要申请集团"),
    "home": ("Domestic", "国内集团"), "areas": ("Areas holding ≥ 10 %", "占比≥10%的领域数"),
    "area_list": ("Areas", "技术领域"), "patent_value": ("Value", "价值度"),
    **NAV_COLUMNS,
}


def tr(key: str, lang: str, **fmt) -> str:
    """The text of ``key`` in ``lang``, formatted with ``fmt``.

    Keys not in this table are looked up in the app's strings (``landscape.i18n``); an unknown
    key comes back as itself so a slip shows in the report instead of crashing it.
    """
    entry = S.get(key)
    if entry is None:
        from landscape.i18n import STRINGS

        entry = STRINGS.get(key)
        if entry is None:
            return key
    text = entry.get(lang) or entry["en"]
    return text.format(**fmt) if fmt else text


def column_name(column: str, lang: str) -> str:
    """An Excel header for a bundle column (``label_zh`` -> ``名称``)."""
    base = column[:-3] if column.endswith(("_en", "_zh")) else column
    names = COLUMNS.get(base)
    if names:
        return names[0 if lang == "en" else 1]
    from landscape.i18n import STRINGS  # the app's own header for it (precision, patents_near…)

    for key in (f"bd.col.{base}", f"col.{base}"):
        if key in STRINGS:
            return tr(key, lang)
    return column
