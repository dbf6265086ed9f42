"""The Subscriptions page's words (订阅推送), in English and Chinese; merged into
``landscape.i18n.STRINGS`` (kept apart so i18n.py stays readable). A digest's own words are in
``landscape/push/strings.py``."""
from __future__ import annotations

PUSH_STRINGS: dict[str, dict[str, str]] = {
    "page.subscriptions": {"en": "Subscriptions", "zh": "订阅推送"},
    "subs.title": {"en": "Digest subscriptions", "zh": "专利动态订阅"},
    "subs.intro": {"en": "Firms that receive a digest of this map's news by e-mail: new patents matching their "
                         "applicants, rivals, keywords, codes, areas or branches. Saved to {file}; "
                         "`landscape digest --map {map} --send` sends them.",
                   "zh": "通过电子邮件接收本地图动态推送的企业：与其申请人、竞争对手、关键词、分类号、技术领域或技术分支相关的新专利。"
                         "保存在 {file}；运行 `landscape digest --map {map} --send` 发送。"},
    "subs.none": {"en": "No subscribers yet: add the first one below.", "zh": "尚无订阅者，请在下方添加。"},
    "subs.pick": {"en": "Subscriber", "zh": "订阅者"},
    "subs.none_chosen": {"en": "None chosen", "zh": "未选择"},
    "subs.new": {"en": "+ New subscriber", "zh": "+ 新增订阅者"},
    "subs.form": {"en": "Subscription", "zh": "订阅内容"},
    "subs.name": {"en": "Name (the firm)", "zh": "名称（企业）"},
    "subs.email": {"en": "E-mail", "zh": "电子邮箱"},
    "subs.lang": {"en": "Digest language", "zh": "推送语言"},
    "subs.applicants": {"en": "Own applicants or groups (comma-separated; part of a name is enough)",
                        "zh": "本单位申请人或集团（以逗号分隔；名称的一部分即可）"},
    "subs.rivals": {"en": "Rivals (comma-separated)", "zh": "竞争对手（以逗号分隔）"},
    "subs.keywords": {"en": "Keywords in titles and abstracts (comma-separated)", "zh": "标题与摘要关键词（以逗号分隔）"},
    "subs.codes": {"en": "IPC/CPC code prefixes (comma-separated, e.g. A63H33, B29C)",
                   "zh": "IPC/CPC 分类号前缀（以逗号分隔，例如 A63H33, B29C）"},
    "subs.areas": {"en": "Technology areas of this map", "zh": "本地图的技术领域"},
    "subs.branches": {"en": "Breakdown branches", "zh": "技术分支"},
    "subs.this_map": {"en": "Digests of this map only", "zh": "仅接收本地图的推送"},
    "subs.save": {"en": "Save", "zh": "保存"},
    "subs.delete": {"en": "Delete this subscriber", "zh": "删除该订阅者"},
    "subs.saved": {"en": "Saved {name}.", "zh": "已保存 {name}。"},
    "subs.deleted": {"en": "Deleted {name}.", "zh": "已删除 {name}。"},
    "subs.preview": {"en": "Preview of {name}'s digest", "zh": "{name} 的推送预览"},
    "subs.preview_text": {"en": "Plain-text part", "zh": "纯文本部分"},
    "subs.preview_missing": {"en": "No preview: {error}", "zh": "无法预览：{error}"},
    "subs.other_map": {"en": "{name} receives digests of map {map} only.", "zh": "{name} 仅接收地图 {map} 的推送。"},
    "col.sub_name": {"en": "Name", "zh": "名称"},
    "col.sub_email": {"en": "E-mail", "zh": "电子邮箱"},
    "col.sub_lang": {"en": "Language", "zh": "语言"},
    "col.sub_map": {"en": "Map", "zh": "地图"},
    "col.sub_follows": {"en": "Follows", "zh": "关注内容"},
}
