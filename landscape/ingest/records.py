"""From a row's raw values (already named by canonical field) to a PatentRecord.

Every reader ends here, so the rules for what makes a row unreadable, how lists are split
and where unmapped columns go are written once.
"""
from __future__ import annotations

import ast
import math
import re

from landscape.ingest import normalize as nz
from landscape.ingest.base import RowError
from landscape.schema import DOC_TYPES, PatentRecord

# A publication number after normalisation: two office letters, then letters and digits with
# at least four digits in a row (US D123456S1, RE45678E, IN2015DN03871A, CN116510786B).
_VALID_ID = re.compile(r"^[A-Z]{2}(?=[A-Z0-9]*\d{4})[A-Z0-9]{4,24}$")

# What the exports write in a "document type" column, mapped to ours.
_DOC_TYPE_WORDS = {
    "granted patent": "grant", "patent": "grant", "grant": "grant", "发明授权": "grant", "授权": "grant",
    "patent application": "application", "application": "application", "amended application": "application",
    "发明申请": "application", "发明公开": "application", "发明": "application",
    "utility model": "utility_model", "实用新型": "utility_model",
    "design right": "design", "design": "design", "外观设计": "design",
}

# Offices written in words by Chinese exports (受理局 / 公开国别).
_OFFICE_WORDS = {
    "中国": "CN", "中国国家知识产权局": "CN", "国家知识产权局": "CN", "美国": "US", "日本": "JP",
    "韩国": "KR", "德国": "DE", "法国": "FR", "英国": "GB", "欧洲专利局": "EP", "欧洲": "EP",
    "世界知识产权组织": "WO", "台湾": "TW", "中国台湾": "TW", "香港": "HK", "中国香港": "HK",
}


def is_blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def text_value(value) -> str | None:
    if is_blank(value):
        return None
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def list_value(value):
    """A list cell: a real list, a Python-literal list string (BigQuery exports), or delimited text."""
    if isinstance(value, str):
        s = value.strip()
        if s.startswith("[") and s.endswith("]"):
            try:
                parsed = ast.literal_eval(s)  # literals only: never eval
            except (ValueError, SyntaxError):
                return value
            if isinstance(parsed, (list, tuple)):
                return [_item_text(v) for v in parsed]
    return value


def _item_text(item) -> str:
    """BigQuery list-of-record cells: ``{'text': …, 'language': …}`` or ``{'name': …}``."""
    if isinstance(item, dict):
        return str(item.get("text") or item.get("name") or item.get("code") or "")
    return str(item)


def localized_text(value) -> str | None:
    """A text cell that may be a BigQuery localized list: the English entry, else the first."""
    if isinstance(value, str) and value.strip().startswith("[{"):
        try:
            items = ast.literal_eval(value.strip())
        except (ValueError, SyntaxError):
            return text_value(value)
        if isinstance(items, (list, tuple)) and items and all(isinstance(i, dict) for i in items):
            english = [i for i in items if i.get("language") == "en"]
            return text_value((english or list(items))[0].get("text"))
    return text_value(value)


def _cell_list(values: dict, field: str):
    value = values.get(field)
    return [] if is_blank(value) else list_value(value)


def office_code(value) -> str | None:
    text = text_value(value)
    if text is None:
        return None
    if re.fullmatch(r"[A-Za-z]{2}", text):
        return text.upper()
    return _OFFICE_WORDS.get(text)


def doc_type_from_words(value) -> str | None:
    text = text_value(value)
    if text is None:
        return None
    return _DOC_TYPE_WORDS.get(text.lower())


def build_record(values: dict, *, source: str, extra: dict | None = None) -> PatentRecord | RowError:
    """Turn ``values`` (canonical field -> raw cell) into a record, or say why the row cannot be read.

    A row needs a publication number that parses. Everything else is optional; a field
    that does not parse (a date like ``soon``) is kept raw in ``extra`` with a warning,
    because losing the whole patent over one bad cell would be worse.
    """
    extra = {k: v for k, v in (extra or {}).items() if not is_blank(v)}
    raw_id = values.get("id")
    if is_blank(raw_id):
        return RowError("no publication number")
    kind_in = text_value(values.get("kind"))
    country_in = office_code(values.get("country"))
    pub = nz.publication_number(str(raw_id).strip(), country=country_in, kind=kind_in)
    if pub is None or not _VALID_ID.match(pub):
        return RowError(f"publication number {str(raw_id).strip()[:60]!r} is not a patent number")
    country, number, kind = nz.split_publication_number(pub)
    country = country or country_in
    kind = kind or kind_in

    warnings: list[str] = []
    dates = {}
    for field in ("filing_date", "priority_date", "publication_date"):
        raw = values.get(field)
        try:
            dates[field] = nz.parse_date(raw)
        except ValueError:
            dates[field] = None
            extra[f"{field}_raw"] = str(raw)
            warnings.append(f"{field} {str(raw)[:40]!r} is not a date")

    title = localized_text(values.get("title"))
    abstract = localized_text(values.get("abstract"))
    applicants = nz.split_applicants(_cell_list(values, "applicants"))
    ipc = nz.classification_codes(_cell_list(values, "ipc_main"))  # the main code first
    ipc += [c for c in nz.classification_codes(_cell_list(values, "ipc")) if c not in ipc]
    cpc = nz.classification_codes(_cell_list(values, "cpc"))

    doc_type = doc_type_from_words(values.get("doc_type")) or nz.doc_type(country, kind)
    if doc_type == "other" and kind is None and country == "US" and number.isdigit() and len(number) <= 8:
        # US applications carry 11-digit numbers (2005/0123456); a short plain number is a grant.
        doc_type = "grant"
    if doc_type not in DOC_TYPES:
        doc_type = "other"
    year_hint = values.get("year_hint")
    if warnings:
        extra["warnings"] = warnings
    return PatentRecord(
        id=pub,
        title=title,
        abstract=abstract,
        lang=nz.detect_language(abstract or title),
        family_id=text_value(values.get("family_id")),
        applicants=applicants,
        applicants_norm=[nz.applicant_name(a) for a in applicants],
        country=country,
        kind=kind,
        doc_type=doc_type,
        legal_status=text_value(values.get("legal_status")),
        ipc=ipc,
        cpc=cpc,
        year_hint=int(year_hint) if not is_blank(year_hint) else None,
        source=source,
        extra=extra,
        **dates,
    )
