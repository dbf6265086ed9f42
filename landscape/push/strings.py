"""The words of a digest and its e-mail, in English and Chinese (kept with the push package: the
app's words are in ``landscape/i18n*.py``)."""
from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "subject": {"en": "[Landscape] {map}: {n} new patents for {name} (version {version})",
                "zh": "【专利导航】{map}：{name} 关注的新专利 {n} 件（第 {version} 版）"},
    "subject_nothing": {"en": "[Landscape] {map}: nothing new for {name} (version {version})",
                        "zh": "【专利导航】{map}：{name} 本期无新动态（第 {version} 版）"},
    "title": {"en": "Patent digest for {name}", "zh": "{name} 专利动态推送"},
    "intro": {"en": "Map {map}, version {version} (compared with {since}), made {date}.",
              "zh": "地图 {map}，第 {version} 版（对比 {since}），生成于 {date}。"},
    "since_version": {"en": "version {v}", "zh": "第 {v} 版"},
    "since_date": {"en": "patents published or filed since {d}", "zh": "{d} 以来公开或申请的专利"},
    "since_first": {"en": "the patents the map was built with", "zh": "建图时的专利"},
    "interests": {"en": "You follow: {what}.", "zh": "您关注：{what}。"},
    "interests_none": {"en": "You follow nothing in particular yet: only the map's news is listed.",
                       "zh": "您尚未设置关注内容，仅列出地图的整体动态。"},
    "i.applicants": {"en": "applicants {v}", "zh": "申请人 {v}"},
    "i.rivals": {"en": "rivals {v}", "zh": "竞争对手 {v}"},
    "i.keywords": {"en": "keywords {v}", "zh": "关键词 {v}"},
    "i.codes": {"en": "codes {v}", "zh": "分类号 {v}"},
    "i.areas": {"en": "areas {v}", "zh": "技术领域 {v}"},
    "i.branches": {"en": "branches {v}", "zh": "技术分支 {v}"},
    "nothing_new": {"en": "Nothing new for you in this version: no new patent, entrant or surge touches what you follow.",
                    "zh": "本期没有与您关注内容相关的新专利、新进入者或申请激增。"},
    "patents": {"en": "New patents for you ({n})", "zh": "与您相关的新专利（{n} 件）"},
    "patents_more": {"en": "The first {shown} of {n} are listed.", "zh": "仅列出前 {shown} 件（共 {n} 件）。"},
    "col.id": {"en": "Publication", "zh": "公开号"},
    "col.title": {"en": "Title", "zh": "标题"},
    "col.applicant": {"en": "Applicant", "zh": "申请人"},
    "col.date": {"en": "Date", "zh": "日期"},
    "col.area": {"en": "Area", "zh": "技术领域"},
    "col.why": {"en": "Why it is here", "zh": "推送原因"},
    "rivals": {"en": "Rivals' moves", "zh": "竞争对手动向"},
    "changes": {"en": "What changed where you look", "zh": "您关注领域的新变化"},
    "alerts": {"en": "Early warnings touching your areas", "zh": "涉及您关注领域的风险预警"},
    "white_spaces": {"en": "White spaces near your areas", "zh": "您关注领域附近的技术空白点"},
    "white_space": {"en": "W{rank}: {text}", "zh": "空白点 W{rank}：{text}"},
    "footer": {"en": "Sent by landscape for {name} ({email}). Ids are stable: quote them to find an item in the app "
                     "(map {map}, version {version}). To change or stop this digest, ask the sender to edit your "
                     "subscription.",
               "zh": "本邮件由 landscape 为 {name}（{email}）生成。编号固定不变，可据此在应用中查找（地图 {map}，第 {version} 版）。"
                     "如需修改或退订，请联系发送方修改您的订阅。"},
    # why a patent is listed
    "why.applicant": {"en": "applicant {name} (you follow “{term}”)", "zh": "申请人 {name}（关注“{term}”）"},
    "why.rival": {"en": "rival {name} (you watch “{term}”)", "zh": "竞争对手 {name}（关注“{term}”）"},
    "why.keyword": {"en": "keyword “{term}” in the title or abstract", "zh": "标题或摘要含关键词“{term}”"},
    "why.code": {"en": "code {code} (you follow {term})", "zh": "分类号 {code}（关注 {term}）"},
    "why.area": {"en": "in {area}", "zh": "位于{area}"},
    "why.branch": {"en": "in branch {branch}", "zh": "属于技术分支「{branch}」"},
    # kinds of change (docs/watch.md)
    "kind.new_filings": {"en": "New filings", "zh": "新申请"},
    "kind.new_entrant": {"en": "New entrant", "zh": "新进入者"},
    "kind.surge": {"en": "Surge", "zh": "申请激增"},
    "kind.near_white_space": {"en": "Near a white space", "zh": "靠近空白点"},
    "kind.rival_move": {"en": "Rival's move", "zh": "竞争对手动向"},
    "kind.legal_change": {"en": "Legal status change", "zh": "法律状态变化"},
    "kind.drift": {"en": "Map drift", "zh": "地图漂移"},
    "kind.other": {"en": "Change", "zh": "变化"},
    "severity.high": {"en": "High", "zh": "高"},
    "severity.medium": {"en": "Medium", "zh": "中"},
    "severity.low": {"en": "Low", "zh": "低"},
}


def word(key: str, lang: str, **values) -> str:
    """The text of ``key`` in ``lang`` (zh or en), with ``values`` filled in."""
    entry = WORDS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def severity_word(severity: str, lang: str) -> str:
    key = f"severity.{str(severity).lower()}"
    return word(key, lang) if key in WORDS else str(severity or "")


def kind_word(kind: str, lang: str) -> str:
    return word(f"kind.{kind}" if f"kind.{kind}" in WORDS else "kind.other", lang)
