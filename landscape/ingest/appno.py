"""Application numbers in one form, so the publications of one application can be linked.

Exports write the same application as ``CN202310123456.7`` (PatSnap, incoPat), ``CN 202310123456 A``
(Lens), ``CN-202310123456-A`` (Google BigQuery), ``ZL202310123456.7`` (a granted Chinese patent's
number), ``US 17/123,456``, ``EP20123456.7``, ``PCT/CN2020/123456``, ``JP2020-123456``. The form
kept is office + digits, without the check digit and without an application kind letter:
``CN202310123456``, ``US17123456``, ``EP20123456``, ``PCTCN2020123456``, ``JP2020123456``.
"""
from __future__ import annotations

import re
import unicodedata

_MAX_CHARS = 60  # a real application number is under 30 characters
_PCT = re.compile(r"PCT\s*/?\s*([A-Z]{2})\s*(\d{2}|\d{4})\s*/\s*(\d{1,7})")
_KIND_AT_END = re.compile(r"[\s\-]+[A-Z]\d?$")
_CHECK_DIGIT = re.compile(r"\.\s*[\dX]$")


def application_number(raw, *, country: str | None = None) -> str | None:
    """``CN202310123456.7`` -> ``CN202310123456``; None when ``raw`` holds no application number.

    ``country`` is the office to assume where the text has none (``202310123456.7``).
    """
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, float):
        if raw != raw or not raw.is_integer():
            return None
        raw = int(raw)
    s = unicodedata.normalize("NFKC", str(raw)).upper().strip()
    if not s or len(s) > _MAX_CHARS or not any(c.isdigit() for c in s):
        return None
    m = _PCT.search(s)
    if m:
        cc, year, number = m.groups()
        if len(year) == 2:
            year = ("19" if int(year) > 50 else "20") + year
        return f"PCT{cc}{year}{int(number):06d}"
    if s.startswith("ZL"):
        s = "CN" + s[2:]  # a Chinese patent number is its application number
    s = _CHECK_DIGIT.sub("", _KIND_AT_END.sub("", s))
    m = re.match(r"([A-Z]{2})(?![A-Z])", s)
    if m:
        cc, rest = m.group(1), s[2:]
    else:
        cc, rest = (country or "").upper()[:2], s
    body = re.sub(r"[^0-9A-Z]", "", rest)
    if cc == "CN" and (len(body) in (9, 13) or body.endswith("X")):
        body = body[:-1]  # the check digit written without its dot
    if not cc.isalpha() or len(cc) != 2 or not re.fullmatch(r"[0-9A-Z]{4,20}", body) \
            or not re.search(r"\d{4}", body):
        return None
    return cc + body
