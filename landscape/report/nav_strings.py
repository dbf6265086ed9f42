"""The navigation report's words (GB/T 39551.3: industry direction, regional position,
development path) in Chinese and English; :mod:`landscape.report.strings` merges them into its
table, so ``tr`` finds them as it finds the rest (kept apart only to keep strings.py short)."""
from __future__ import annotations

NAV_STRINGS: dict[str, dict[str, str]] = {
    # --- cover and parts
    "nav.title": {"en": "{region}: {industry} — patent navigation report", "zh": "{region}{industry}产业专利导航报告"},
    "nav.subtitle": {"en": "Regional patent navigation (GB/T 39551.3)", "zh": "区域规划类专利导航（GB/T 39551.3）"},
    "nav.cover.region": {"en": "Region", "zh": "导航区域"},
    "part.direction": {"en": "Part 1 Industry direction", "zh": "一、产业发展方向"},
    "part.position": {"en": "Part 2 Regional position", "zh": "二、区域定位"},
    "part.path": {"en": "Part 3 Development path", "zh": "三、发展路径"},
    "part.direction.intro": {"en": "Where the industry's technology is going, worldwide: the map, its areas and "
                                   "trends, who leads, early warnings and white spaces.",
                             "zh": "产业技术的全球发展方向：专利地图、技术领域与趋势、主要申请人、风险预警与技术空白点。"},
    "part.position.intro": {"en": "Where {region} stands in that industry: its patents at each level, its strong "
                                  "and weak areas, its applicants, inventors, partnerships and core patents.",
                            "zh": "{region}在该产业中的位置：各层级专利概况、优势与薄弱领域、创新主体、发明人与产学研合作、核心专利。"},
    "part.path.intro": {"en": "What {region} could do next, area by area, each line with the figures it rests on.",
                        "zh": "{region}的发展路径建议，逐一列明其所依据的数字。"},
    # --- chapter titles
    "sec.region": {"en": "The region in the industry", "zh": "区域产业定位"},
    "sec.innovators": {"en": "The region's applicants", "zh": "区域创新主体"},
    "sec.talent": {"en": "Inventors and partnerships", "zh": "创新人才与产学研合作"},
    "sec.quality": {"en": "Patent quality and core patents", "zh": "专利质量与核心专利"},
    "sec.path": {"en": "Development path", "zh": "发展路径建议"},
    # --- levels and places
    "nav.level.world": {"en": "World", "zh": "全球"},
    "nav.level.country": {"en": "Country", "zh": "国家"},
    "nav.level.province": {"en": "Province", "zh": "省级"},
    "nav.level.city": {"en": "City", "zh": "市级"},
    "nav.level.district": {"en": "District", "zh": "区县级"},
    "nav.country.CN": {"en": "China", "zh": "中国"},
    "nav.chain_sep": {"en": " › ", "zh": " › "},
    # --- the region in the industry
    "nav.region.intro": {"en": "{region} ({level}) is placed in the chain {chain}. A patent belongs to the place of "
                               "its first applicant, as CNIPA's regional statistics count; shares are of all the "
                               "map's patents in the same area.",
                         "zh": "{region}（{level}）所处层级：{chain}。专利按第一申请人所在地归属（与国家知识产权局区域统计口径一致）；"
                               "占比均为占地图中同一技术领域全部专利的比例。"},
    "nav.region.total": {"en": "{region} holds {n:,} of the map's {world:,} patents ({share}); yearly growth {growth}.",
                         "zh": "{region}拥有地图中 {world:,} 件专利中的 {n:,} 件（占 {share}），年均增长率 {growth}。"},
    "nav.region.levels": {"en": "Patents at each level", "zh": "各层级专利概况"},
    "nav.region.by_area": {"en": "Technology areas at each level", "zh": "各层级的技术领域分布"},
    "nav.region.by_area_note": {"en": "Patents of each area at each level, with the level's share of the area's "
                                      "patents in brackets; growth: three complete years against the three before.",
                                "zh": "各层级在各技术领域的专利数，括号内为占该领域全部专利的比例；增长率为最近三个完整年度相对前三年的年均增长率。"},
    "nav.region.positioning": {"en": "Position per area and branch", "zh": "各技术领域与分支的区域定位"},
    "nav.region.pos_intro": {"en": "Specialisation index = (the region's patents in the area ÷ the region's patents) ÷ "
                                   "(all patents in the area ÷ all patents); 1.0 means as specialised as the whole map, "
                                   "above 1 more. The position (strong, average, weak, absent) weighs the region's "
                                   "patents, its specialisation and the area's growth worldwide; the last column gives "
                                   "the numbers behind it.",
                             "zh": "专利专业化指数 =（区域该领域专利数 ÷ 区域专利总数）÷（全部该领域专利数 ÷ 全部专利数）；"
                                   "1.0 表示与全图平均水平相当，大于 1 表示更集中于该领域。区域定位（优势、一般、薄弱、空白）"
                                   "综合区域专利数、专业化指数与该领域全球增长情况判定，末列给出所依据的数字。"},
    "nav.region.chart_caption": {"en": "Specialisation index of {region} per area (1.0 = as specialised as the whole "
                                       "map); colours give the position.",
                                 "zh": "{region}各技术领域的专利专业化指数（1.0 = 全图平均水平），颜色表示区域定位。"},
    "nav.region.missing": {"en": "The navigation tables of map '{name}' lack '{table}'; run `landscape navigate "
                                 "--map {name} --region {region}` again and make the report again.",
                           "zh": "地图“{name}”的导航数据缺少“{table}”表：请重新运行 `landscape navigate --map {name} "
                                 "--region {region}` 后重新生成报告。"},
    "nav.position.strong": {"en": "strong", "zh": "优势"},
    "nav.position.average": {"en": "average", "zh": "一般"},
    "nav.position.weak": {"en": "weak", "zh": "薄弱"},
    "nav.position.absent": {"en": "absent", "zh": "空白"},
    "nav.positions": {"en": "Areas and branches by position: {counts}.", "zh": "按区域定位统计的领域与分支：{counts}。"},
    # --- applicants
    "nav.app.inside": {"en": "Leading applicants of {region}", "zh": "{region}的主要申请人"},
    "nav.app.outside": {"en": "Leading applicants outside {region}", "zh": "{region}以外的主要申请人"},
    "nav.app.intro": {"en": "Applicants are counted as corporate groups (a firm with its subsidiaries); a group is "
                            "in {region} when its place is. Growth: three complete years against the three before; "
                            "invention share: the share of its patents that are invention applications.",
                      "zh": "申请人按集团（企业及其子公司）合并计数；集团所在地位于{region}即计为区域内申请人。"
                            "增长率为最近三个完整年度相对前三年的年均增长率；发明占比为其专利中发明专利申请的比例。"},
    "nav.app.per_area": {"en": "Leaders per area, inside and outside {region}", "zh": "各技术领域{region}内外的主要申请人"},
    "nav.app.types": {"en": "Applicants of {region} by type", "zh": "{region}申请人类型构成"},
    "nav.app.types_note": {"en": "An applicant's type comes from its name (rules for firms, universities, institutes, "
                                 "hospitals, public bodies and individuals). A patent with several applicants counts "
                                 "for each of them, so the patents add up to more than the region's patents.",
                           "zh": "申请人类型依据名称规则判定（企业、高校、科研院所、医院、机关团体、个人）。"
                                 "多个申请人共同申请的专利为每个申请人各计一次，因此合计大于区域专利数。"},
    "nav.app.none_inside": {"en": "No applicant of the map is in {region}.", "zh": "地图中没有位于{region}的申请人。"},
    "nav.type.enterprise": {"en": "enterprise", "zh": "企业"},
    "nav.type.firm": {"en": "enterprise", "zh": "企业"},
    "nav.type.university": {"en": "university", "zh": "高校"},
    "nav.type.institute": {"en": "research institute", "zh": "科研院所"},
    "nav.type.hospital": {"en": "hospital", "zh": "医院"},
    "nav.type.public": {"en": "public body", "zh": "机关团体"},
    "nav.type.government": {"en": "public body", "zh": "机关团体"},
    "nav.type.individual": {"en": "individual", "zh": "个人"},
    "nav.type.unknown": {"en": "not known", "zh": "未知"},
    # --- inventors and partnerships
    "nav.inv.head": {"en": "Most active inventors", "zh": "主要发明人"},
    "nav.inv.note": {"en": "Inventors are counted by name as written: two people of the same name count as one, and "
                           "one person written two ways counts as two. Names marked * appear with unrelated "
                           "applicants and may be several people; check them before acting on them.",
                     "zh": "发明人按署名统计：同名的不同发明人会被合并计数，同一发明人的不同写法会被分开计数。"
                           "标有 * 的姓名出现在互不相关的申请人名下，可能是多位同名发明人，使用前请核实。"},
    "nav.inv.none": {"en": "The map's records carry no inventors, so there is no inventor to show.",
                     "zh": "地图记录中没有发明人信息，无法列出发明人。"},
    "nav.inv.thin": {"en": "Only {share} of the map's patents name their inventors in the export, so this list "
                           "shows a small part of the people behind them.",
                     "zh": "导出数据中仅 {share} 的专利列有发明人，本表只反映其中一小部分人员。"},
    "nav.inv.region_all": {"en": "The inventors of {region}'s patents.", "zh": "{region}专利的发明人。"},
    "nav.collab.head": {"en": "Industry–university–research partners (产学研)", "zh": "产学研合作"},
    "nav.collab.intro": {"en": "Co-applicant links: two applicants on the same patents. {counts}.",
                         "zh": "共同申请关系：两个申请人共同申请专利即构成一条合作关系。{counts}。"},
    "nav.collab.intro_region": {"en": "Co-applicant links that involve an applicant located in {region}: two "
                                      "applicants on the same patents. {counts}.",
                                "zh": "涉及{region}申请人的共同申请关系：两个申请人共同申请专利即构成一条合作关系。{counts}。"},
    "nav.collab.count": {"en": "{kind} links: {n}", "zh": "{kind} {n} 对"},
    "nav.collab.none": {"en": "No firm files together with a university or research institute on this map.",
                        "zh": "本地图中没有企业与高校或科研院所共同申请的专利。"},
    "nav.collab.kind.academic": {"en": "firm–university/institute", "zh": "企业–高校/科研院所"},
    "nav.collab.kind.firm": {"en": "firm–firm", "zh": "企业–企业"},
    "nav.collab.kind.other": {"en": "other", "zh": "其他"},
    # --- quality and core patents
    "nav.q.intro": {"en": "Kinds, grants and legal status of the patents at each level, as the navigation counted "
                          "them; PCT: applications filed by the PCT route; citations: those the level's patents "
                          "received.",
                    "zh": "各层级专利的类型、授权与法律状态（按导航统计口径）；PCT 为经 PCT 途径提交的申请数；"
                          "被引次数为该层级专利被引用的次数。"},
    "nav.q.core": {"en": "Core patents per area", "zh": "各技术领域的核心专利"},
    "nav.ops.head": {"en": "Legal status and patent operations", "zh": "法律状态与专利运营"},
    "nav.ops.intro": {"en": "Patents by legal status, and patents with at least one transfer, licence, pledge, "
                            "litigation or invalidation event in the export, per level.",
                      "zh": "各层级按法律状态统计的专利数，以及导出数据中至少有一次转让、许可、质押、诉讼或无效事件的专利数。"},
    "nav.ops.none": {"en": "The export carries no legal status or legal events, so the status mix and patent "
                           "operations (transfers, licences, pledges, litigation, invalidation) cannot be shown.",
                     "zh": "导出数据没有法律状态或法律事件，无法给出法律状态构成与专利运营（转让、许可、质押、诉讼、无效）情况。"},
    "nav.ops.in_force": {"en": "In force", "zh": "有效"},
    "nav.ops.pending": {"en": "Pending", "zh": "审中"},
    "nav.ops.lapsed": {"en": "Lapsed", "zh": "失效"},
    "nav.ops.transfers": {"en": "Transfers", "zh": "转让"},
    "nav.ops.licences": {"en": "Licences", "zh": "许可"},
    "nav.ops.pledges": {"en": "Pledges", "zh": "质押"},
    "nav.ops.litigations": {"en": "Litigation", "zh": "诉讼"},
    "nav.ops.invalidations": {"en": "Invalidation", "zh": "无效"},
    "nav.q.agreement": {"en": "Check against the export's own citation counts: Spearman ρ = {rho} over {n} patents; "
                              "{overlap} of the {k} most cited are among the {k} highest-valued.",
                        "zh": "与导出数据自带被引次数的一致性：{n} 件专利的 Spearman ρ = {rho}；被引最多的 {k} 件中有 "
                              "{overlap} 件位列价值度前 {k}。"},
    "nav.q.no_agreement": {"en": "The export gives no citation counts of its own to check the score against.",
                           "zh": "导出数据没有自带的被引次数，无法据此核验价值度。"},
    "nav.q.thin_value": {"en": "This export carries no citations, family sizes or claim counts, so the score only "
                               "separates granted or in-force patents from the others: patents with equal values "
                               "are listed by publication number, not by merit. Import an export with citations "
                               "(e.g. Lens, Google Patents) and run `landscape navigate` again.",
                         "zh": "本数据没有被引次数、同族规模或权利要求数，价值度只能区分已授权/有效与否：价值度相同的"
                               "专利按公开号排列，并非按价值高低。请导入含引证信息的数据（如 Lens、Google Patents）后"
                               "重新运行 `landscape navigate`。"},
    "nav.q.value": {"en": "Value = {formula} (the weights the navigation recorded); parts the data allowed: "
                          "{parts}. The highest-valued {n} patents of each area are listed (all are in the Excel "
                          "export).",
                    "zh": "价值度 = {formula}（导航记录的权重）；数据可支持的指标：{parts}。"
                          "列出各技术领域价值度最高的 {n} 件专利（全部见 Excel 导出）。"},
    "nav.q.no_value": {"en": "The navigation did not record how the value was weighed.",
                       "zh": "导航结果未记录价值度的计算权重。"},
    "nav.q.none": {"en": "No core patent was found.", "zh": "未识别出核心专利。"},
    "nav.part.citations": {"en": "citations per year", "zh": "年均被引次数"},
    "nav.part.family_size": {"en": "family size", "zh": "同族数量"},
    "nav.part.claims": {"en": "claims", "zh": "权利要求数"},
    "nav.part.legal": {"en": "legal status", "zh": "法律状态"},
    "nav.part.granted": {"en": "granted", "zh": "是否授权"},
    "nav.legal.in_force": {"en": "in force", "zh": "有效"},
    "nav.legal.pending": {"en": "pending", "zh": "审中"},
    "nav.legal.lapsed": {"en": "lapsed", "zh": "失效"},
    "nav.legal.expired": {"en": "expired", "zh": "届满"},
    "nav.legal.withdrawn": {"en": "withdrawn", "zh": "撤回"},
    "nav.legal.rejected": {"en": "rejected", "zh": "驳回"},
    "nav.legal.invalidated": {"en": "invalidated", "zh": "无效宣告"},
    "nav.granted.yes": {"en": "granted", "zh": "已授权"},
    "nav.granted.no": {"en": "not granted", "zh": "未授权"},
    # --- development path
    "nav.path.intro": {"en": "The lines below are the navigation's recommendations for {region}, as the "
                             "recommendations table gives them; each cites the figures it rests on. They are "
                             "starting points for planning, to be weighed with what the region knows of itself.",
                       "zh": "以下为针对{region}的导航建议，内容取自建议数据表，每条均列明所依据的数字。"
                             "这些建议是规划的起点，需结合区域自身情况研判。"},
    "nav.path.none": {"en": "The navigation made no recommendation for {region}.", "zh": "导航未对{region}提出建议。"},
    "nav.kind.strengthen": {"en": "Strengthen the strong areas", "zh": "巩固优势产业"},
    "nav.kind.cultivate": {"en": "Cultivate growing areas", "zh": "培育新兴方向"},
    "nav.kind.attract_firms": {"en": "Attract and grow firms", "zh": "企业引进与培育"},
    "nav.kind.attract_talent": {"en": "Attract and train talent", "zh": "人才引进与培养"},
    "nav.kind.partner": {"en": "Partner with universities and institutes", "zh": "产学研协同创新"},
    "nav.kind.portfolio": {"en": "Build the patent portfolio", "zh": "专利布局与运营"},
    "nav.kind_intro.strengthen": {"en": "Areas where {region} is already strong.", "zh": "{region}已具优势的领域。"},
    "nav.kind_intro.cultivate": {"en": "Areas growing worldwide where {region} has applicants but no strength yet.",
                                 "zh": "全球增长、{region}已有申请人但尚未形成优势的领域。"},
    "nav.kind_intro.attract_firms": {"en": "Areas growing worldwide where {region} is weak or absent, and the firms "
                                           "outside it that lead them.",
                                     "zh": "全球增长较快而{region}薄弱或空白的领域，及其区域外领先企业。"},
    "nav.kind_intro.attract_talent": {"en": "Inventors active where the region is weak.",
                                      "zh": "在区域薄弱领域活跃的发明人。"},
    "nav.kind_intro.partner": {"en": "Universities and institutes to work with.", "zh": "可开展合作的高校与科研院所。"},
    "nav.kind_intro.portfolio": {"en": "Areas where {region}'s patents are far less often inventions than the "
                                       "world's.",
                                 "zh": "{region}专利中发明占比明显低于全球水平的领域。"},
    # --- data and method
    "m.nav": {"en": "Regional navigation", "zh": "区域导航方法"},
    "m.nav_text": {"en": "Navigated for {region} ({chain}) on {at}. A patent belongs to where its first applicant is, "
                         "as CNIPA's regional statistics count. An applicant's place comes from the export's region "
                         "columns, else its address, else place names in its name (administrative divisions to "
                         "2025-12-31); share of the applicants' patents decided each way: {places}. Applicant types "
                         "come from name rules: {types}. Growth compares the three complete years with the three "
                         "before; the specialisation index is defined in the chapter on the region.",
                   "zh": "导航区域：{region}（{chain}），导航时间 {at}。专利按第一申请人所在地归属，与国家知识产权局区域统计口径一致。"
                         "申请人所在地依次取自导出数据的地区字段、申请人地址、名称中的地名（行政区划数据截至 2025-12-31）；"
                         "按申请人专利数计的各判定依据占比：{places}。申请人类型依据名称规则判定：{types}。"
                         "增长率为最近三个完整年度相对前三年的年均增长率；专业化指数的定义见区域产业定位一章。"},
    "m.nav.coverage": {"en": "Share of the patents carrying each field the navigation reads:",
                       "zh": "导航所用各字段的覆盖率（含该字段的专利占比）："},
    "m.nav.low": {"en": "{field}: only {share} of the patents have it; figures that need it describe those patents only.",
                  "zh": "{field}：仅 {share} 的专利含有该字段，依赖该字段的数字仅反映这部分专利。"},
    "nav.from.column": {"en": "region columns", "zh": "地区字段"},
    "nav.from.address": {"en": "address", "zh": "地址"},
    "nav.from.name": {"en": "name", "zh": "名称中的地名"},
    "nav.from.country": {"en": "country only", "zh": "仅国别"},
    "nav.from.none": {"en": "not known", "zh": "无法判定"},
    "nav.field.inventors": {"en": "Inventors", "zh": "发明人"},
    "nav.field.citations": {"en": "Citations", "zh": "引证信息"},
    "nav.field.claims": {"en": "Claims", "zh": "权利要求数"},
    "nav.field.family": {"en": "Family", "zh": "同族信息"},
    "nav.field.family_size": {"en": "Family size", "zh": "同族数量"},
    "nav.field.legal_status": {"en": "Legal status", "zh": "法律状态"},
    "nav.field.legal_events": {"en": "Legal events", "zh": "法律事件"},
    "nav.field.pct": {"en": "PCT route", "zh": "PCT 途径"},
    "nav.field.address": {"en": "Applicant address", "zh": "申请人地址"},
    "nav.field.region": {"en": "Applicant region", "zh": "申请人地区"},
    "nav.field.place": {"en": "Applicant place decided", "zh": "申请人所在地（已判定）"},
    # --- table headers
    "nav.col.level": {"en": "Level", "zh": "层级"},
    "nav.col.region": {"en": "Region", "zh": "区域"},
    "nav.col.share_map": {"en": "Share of the map", "zh": "占全部专利比例"},
    "nav.col.subject": {"en": "Area or branch", "zh": "技术领域或分支"},
    "nav.col.region_patents": {"en": "Region's patents", "zh": "区域专利数"},
    "nav.col.specialisation": {"en": "Specialisation", "zh": "专业化指数"},
    "nav.col.world_growth": {"en": "World growth", "zh": "全球增长率"},
    "nav.col.region_growth": {"en": "Region growth", "zh": "区域增长率"},
    "nav.col.local_applicants": {"en": "Local applicants", "zh": "区域申请人数"},
    "nav.col.position": {"en": "Position", "zh": "区域定位"},
    "nav.col.reason": {"en": "Numbers behind it", "zh": "判定依据"},
    "nav.col.type": {"en": "Type", "zh": "类型"},
    "nav.col.where": {"en": "Where", "zh": "所在地"},
    "nav.col.invention_share": {"en": "Inventions", "zh": "发明占比"},
    "nav.col.inside": {"en": "Leaders in the region", "zh": "区域内主要申请人"},
    "nav.col.outside": {"en": "Leaders outside", "zh": "区域外主要申请人"},
    "nav.col.applicants": {"en": "Applicants", "zh": "申请人数"},
    "nav.col.patents": {"en": "Their patents", "zh": "涉及专利数"},
    "nav.col.inventor": {"en": "Inventor", "zh": "发明人"},
    "nav.col.inv_applicants": {"en": "With applicants", "zh": "所属申请人"},
    "nav.col.areas": {"en": "Areas", "zh": "技术领域"},
    "nav.col.years": {"en": "Years", "zh": "活跃年份"},
    "nav.col.firm": {"en": "Firm", "zh": "企业"},
    "nav.col.partner": {"en": "Partner", "zh": "合作方"},
    "nav.col.partner_type": {"en": "Partner type", "zh": "合作方类型"},
    "nav.col.joint": {"en": "Joint patents", "zh": "共同申请专利数"},
    "nav.col.inventions": {"en": "Inventions", "zh": "发明"},
    "nav.col.utility": {"en": "Utility models", "zh": "实用新型"},
    "nav.col.grant_rate": {"en": "Grant rate", "zh": "授权率"},
    "nav.col.in_force": {"en": "In force", "zh": "有效率"},
    "nav.col.pct": {"en": "PCT", "zh": "PCT"},
    "nav.col.citations": {"en": "Citations received", "zh": "被引次数"},
    "nav.col.value": {"en": "Value", "zh": "价值度"},
    "nav.col.cites_year": {"en": "Cited / year", "zh": "年均被引"},
    "nav.col.family": {"en": "Family", "zh": "同族"},
    "nav.col.claims": {"en": "Claims", "zh": "权项"},
    "nav.col.legal": {"en": "Legal status", "zh": "法律状态"},
    "nav.col.field": {"en": "Field", "zh": "字段"},
    "nav.col.coverage": {"en": "Patents with it", "zh": "覆盖率"},
}

#: Excel headers of the navigation tables' columns (those the report's table does not name yet).
NAV_COLUMNS: dict[str, tuple[str, str]] = {
    "region": ("Region", "区域"), "district": ("District", "区县"), "type": ("Applicant type", "申请人类型"),
    "growth_status": ("Growth status", "增长状态"), "specialisation": ("Specialisation", "专业化指数"),
    "inventions": ("Inventions", "发明"), "utility_models": ("Utility models", "实用新型"), "designs": ("Designs", "外观设计"),
    "granted": ("Granted", "授权"), "grant_rate": ("Grant rate", "授权率"), "in_force_share": ("In force", "有效率"),
    "pct": ("PCT", "PCT"), "citations": ("Citations received", "被引次数"), "position": ("Position", "区域定位"),
    "region_count": ("Region's patents", "区域专利数"), "world_growth": ("World growth", "全球增长率"),
    "world_status": ("World trend", "全球趋势"), "local_applicants": ("Local applicants", "区域申请人数"),
    "reason": ("Numbers behind it", "判定依据"), "scope": ("Scope", "范围"), "inside": ("In the region", "区域内"),
    "invention_share": ("Invention share", "发明占比"), "inventor": ("Inventor", "发明人"),
    "applicants": ("Applicants", "申请人"), "moves": ("Moves between applicants", "变换申请人次数"),
    "ambiguous": ("Name may be several people", "可能同名"), "a": ("Applicant A", "申请人 A"),
    "b": ("Applicant B", "申请人 B"), "a_type": ("Type of A", "A 类型"), "b_type": ("Type of B", "B 类型"),
    "community": ("Community", "合作社群"), "rank_in_area": ("Rank in area", "领域内排名"),
    "citations_per_year": ("Cited per year", "年均被引"), "family_size": ("Family size", "同族数量"),
    "claims": ("Claims", "权利要求数"), "legal": ("Legal status", "法律状态"), "text": ("Recommendation", "建议"),
    "region_from": ("Place decided by", "所在地判定依据"), "type_from": ("Type decided by", "类型判定依据"),
}
