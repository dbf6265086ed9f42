"""Chinese province names from what exports write in their region columns.

CNIPA-style exports give the applicant's province as ``广东;44`` or the bare code ``44``
(the first two digits of the GB/T 2260 administrative-division code); others write the
name (``广东省``). The name is kept as written; a bare code becomes the short name.
"""
from __future__ import annotations

import re

#: GB/T 2260 province-level codes (first two digits) and the short names exports use.
PROVINCE_CODES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁", "22": "吉林",
    "23": "黑龙江", "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西",
    "37": "山东", "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
    "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃",
    "63": "青海", "64": "宁夏", "65": "新疆", "71": "台湾", "81": "香港", "82": "澳门",
}


def province_name(raw) -> str | None:
    """``广东;44`` -> ``广东``; ``44`` or ``440000`` -> ``广东``; ``广东省`` stays; None for nothing."""
    if raw is None:
        return None
    text = str(raw).strip()[:60]
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if not text:
        return None
    named = [p.strip() for p in re.split(r"[;；,，|/\s]+", text) if p.strip() and not p.strip().isdigit()]
    if named:
        return named[0]
    digits = re.sub(r"\D", "", text)
    return PROVINCE_CODES.get(digits[:2]) if len(digits) in (2, 4, 6) else None
