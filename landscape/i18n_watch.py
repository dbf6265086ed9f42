"""The What's new page's words (新动态), in English and Chinese; merged into
``landscape.i18n.STRINGS`` (kept apart so i18n.py stays readable)."""
from __future__ import annotations

#: the kinds of ``changes.parquet`` (``landscape.analyse.changes.KINDS``) as a reader names them
_KINDS = {"new_filings": ("New filings", "新增申请"), "new_entrant": ("New entrants", "新进入者"),
          "surge": ("Surges", "激增"), "near_white_space": ("Near white spaces", "空白点附近"),
          "rival_move": ("Watched rival", "关注对象动向"), "legal_change": ("Legal-status changes", "法律状态变化"),
          "drift": ("Drift", "偏离")}
_COLUMNS = {"kind": ("Kind", "类型"), "area": ("Area", "领域"), "group": ("Applicant group", "申请人集团"),
            "count": ("Patents", "件数"), "text": ("What changed", "变化"), "id": ("Patent", "专利"),
            "title": ("Title", "名称"), "applicant": ("Applicant", "申请人"), "year": ("Year", "年份"),
            "far": ("Far from every area", "远离各领域")}

WATCH_STRINGS: dict[str, dict[str, str]] = {
    "page.whats_new": {"en": "What's new", "zh": "新动态"},
    "whats_new.title": {"en": "What's new", "zh": "新动态"},
    "whats_new.never": {"en": "This map has never been watched: nothing has been added since it was built. Place "
                              "new exports on it with `landscape watch`, then reload this page:",
                        "zh": "本地图尚未追踪更新：建成后没有加入新专利。请用 `landscape watch` 把新的导出文件放到地图上，"
                              "然后刷新本页："},
    "whats_new.summary": {"en": "Version {version} added **{added}** patents from {files} files ({at}); changes "
                                "since {since}.",
                          "zh": "版本 {version} 于 {at} 从 {files} 个文件加入 **{added}** 件专利；以下为自 {since} 以来的变化。"},
    "whats_new.drift": {"en": "{share} of the new patents lie far from every area (the map's own patents: {own}); "
                              "{regions} new dense regions.",
                        "zh": "新专利中 {share} 远离所有领域（地图原有专利为 {own}）；新的密集区 {regions} 个。"},
    "whats_new.rebuild": {"en": "Many new patents do not fit the map's areas: a rebuild (`landscape update --rebuild`) "
                                "would find areas that fit them.",
                          "zh": "较多新专利与现有领域不符：重建地图（`landscape update --rebuild`）可得到与之相符的领域。"},
    "whats_new.kinds": {"en": "Kinds of change", "zh": "变化类型"},
    "whats_new.areas": {"en": "Areas", "zh": "领域"},
    "whats_new.changes": {"en": "Changes", "zh": "变化"},
    "whats_new.none": {"en": "No change of these kinds in these areas.", "zh": "所选领域中没有这些类型的变化。"},
    "whats_new.new_patents": {"en": "New patents ({n})", "zh": "新专利（{n} 件）"},
    "whats_new.versions": {"en": "Versions of this map", "zh": "地图版本"},
}
WATCH_STRINGS.update({f"whats_new.kind.{k}": {"en": en, "zh": zh} for k, (en, zh) in _KINDS.items()})
WATCH_STRINGS.update({f"whats_new.col.{k}": {"en": en, "zh": zh} for k, (en, zh) in _COLUMNS.items()})
