"""From a row's raw values (already named by canonical field) to a PatentRecord.

Every reader ends here, so the rules for what makes a row unreadable, how each kind of
cell is parsed (columns.toml's ``parse``) and where unmapped columns go are written once.
A row is refused only when its publication number cannot be read; any other cell that
does not parse is kept raw in ``extra`` with a warning, because losing the whole patent
over one bad cell would be worse.
"""
from __future__ import annotations

import math
import re

from landscape.ingest import normalize as nz
from landscape.ingest.appno import application_number
from landscape.ingest.base import MAX_CELL_CHARS, RowError
from landscape.ingest.columns import TEXT_FIELDS, ColumnMap, column_table
from landscape.ingest.countries import country_code
from landscape.ingest.legal import legal_events, legal_status
from landscape.ingest.literals import parse_list
from landscape.ingest.parties import split_parties
from landscape.ingest.regions import province_name
from landscape.ingest.values import count_value, id_list
from landscape.schema import DOC_TYPES, PatentRecord

# A publication number after normalisation: two office letters, then letters and digits with
# at least four digits in a row (US D123456S1, RE45678E, IN2015DN03871A, CN116510786B).
_VALID_ID = re.compile(r"^[A-Z]{2}(?=[A-Z0-9]*\d{4})[A-Z0-9]{4,24}$")
# A whole publication number inside a cell that holds several (Espacenet, Orbit, family lists).
_ONE_NUMBER = re.compile(r"^[A-Z]{2}[\dA-Z\-/]*\d{5}")


# What the exports write in a "document type" column, mapped to ours.
_DOC_TYPE_WORDS = {
    "granted patent": "grant", "patent": "grant", "grant": "grant", "发明授权": "grant", "授权": "grant",
    "patent application": "application", "application": "application", "amended application": "application",
    "发明申请": "application", "发明公开": "application", "发明": "application", "发明专利": "application",
    "utility model": "utility_model", "实用新型": "utility_model",
    "design right": "design", "design": "design", "外观设计": "design",
}

# The language a publication office writes its text in, to choose among translations.
_OFFICE_LANG = {"CN": "zh", "TW": "zh", "HK": "zh", "MO": "zh", "JP": "ja", "KR": "ko", "DE": "de",
                "AT": "de", "FR": "fr", "RU": "ru", "ES": "es"}


def is_blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, (list, tuple, dict)):
        return not value
    return isinstance(value, str) and not value.strip()


def _cut(value, warnings: list[str], name: str):
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        warnings.append(f"{name} cut to {MAX_CELL_CHARS:,} characters (it had {len(value):,})")
        return value[:MAX_CELL_CHARS]
    return value


def text_value(value) -> str | None:
    if is_blank(value):
        return None
    if isinstance(value, (list, tuple, dict)):
        return None
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


# numpy prints arrays without commas: "['A' 'B']", "[{...}\n {...}]" (a BigQuery client
# DataFrame written to CSV); putting the commas back makes them list literals.
_NUMPY_GAPS = ((re.compile(r"\}\s+\{"), "}, {"), (re.compile(r"'\s+'"), "', '"), (re.compile(r'"\s+"'), '", "'))


def list_value(value):
    """A list cell: a real list, a list literal as BigQuery/pandas exports write it, or text."""
    if isinstance(value, str):
        s = value.strip()
        if s.startswith("[") and s.endswith("]"):
            parsed = parse_list(s)
            if parsed is None and len(s) <= MAX_CELL_CHARS:
                for gap, comma in _NUMPY_GAPS:
                    s = gap.sub(comma, s)
                parsed = parse_list(s)
            if parsed is not None:
                return parsed
    return value


def localized(value) -> dict[str, str]:
    """A text cell as {language: text}: BigQuery's ``[{'text': …, 'language': 'en'}]`` gives one
    entry per language; plain text gives {"": text}."""
    value = list_value(value) if isinstance(value, str) and value.lstrip().startswith("[{") else value
    if isinstance(value, (list, tuple)):
        out: dict[str, str] = {}
        for item in value:
            if isinstance(item, dict):
                text = text_value(item.get("text") or item.get("value"))
                lang = str(item.get("language") or item.get("lang") or "").lower()[:8]
                if text and lang not in out:
                    out[lang] = text
            elif text_value(item):
                out.setdefault("", text_value(item))
        return out
    text = text_value(value)
    return {"": text} if text else {}


def office_code(value) -> str | None:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return country_code(text_value(value))


def doc_type_from_words(value) -> str | None:
    text = text_value(value)
    if text is None:
        return None
    return _DOC_TYPE_WORDS.get(text.lower())


# Espacenet adds the offices that gave a CPC code: "A63H33/046 (EP, US)".
_OFFICES_AFTER_CODE = re.compile(r"\(\s*[A-Z]{2}(?:\s*,\s*[A-Z]{2})*\s*\)")


def _codes(value) -> list[str]:
    value = list_value(value)
    if isinstance(value, (list, tuple)):  # BigQuery: [{'code': 'A63H33/04', 'first': True, ...}]
        value = [(v.get("code") if isinstance(v, dict) else v) for v in value]
    elif isinstance(value, str) and "(" in value:
        value = _OFFICES_AFTER_CODE.sub(" ", value[:MAX_CELL_CHARS])
    return [] if is_blank(value) else nz.classification_codes(value)


def _publication_numbers(value) -> list[str]:
    return [p for p in (nz.publication_number(v) for v in id_list(list_value(value))) if p and _VALID_ID.match(p)]


def _id_cell(raw) -> tuple[str | None, list[str]]:
    """(the publication number, other numbers in the same cell): Espacenet and Orbit put a whole
    family's numbers in one cell; the first is the record's."""
    text = str(raw).strip()[:2000]
    pieces = [p for p in re.split(r"[;,|\n\r\t]+|\s{2,}", text) if p.strip()]
    if not pieces:
        return None, []
    if len(pieces) == 1:
        words = text.split()
        if len(words) > 1 and sum(bool(_ONE_NUMBER.match(w.upper())) for w in words) >= 2:
            pieces = words
    return pieces[0].strip(), [p.strip() for p in pieces[1:]]


def _first(values: dict, name: str):
    """The first non-blank of a field's candidate cells (a field may have several columns)."""
    value = values.get(name)
    if isinstance(value, _Candidates):
        return next((v for v in value if not is_blank(v)), None)
    return value


class _Candidates(list):
    """The cells of every column feeding one field, best column first."""


def build_record(values: dict, *, source: str, extra: dict | None = None,
                 translations: dict | None = None) -> PatentRecord | RowError:
    """Turn ``values`` (canonical field -> raw cell) into a record, or say why the row cannot be read.

    ``translations`` is {field: {language: raw text}} from translated or language-labelled
    columns; where the original text is missing, the translation in the office's language
    (else English, else Chinese) stands in for it.
    """
    extra = {k: v for k, v in (extra or {}).items() if not is_blank(v)}
    warnings: list[str] = []
    raw_id = _first(values, "id")
    if is_blank(raw_id):
        return RowError("no publication number")
    raw_id, other_numbers = _id_cell(raw_id)
    if raw_id is None:
        return RowError("no publication number")
    kind_in = text_value(_first(values, "kind"))
    country_in = office_code(_first(values, "country"))
    pub = nz.publication_number(raw_id, country=country_in, kind=kind_in)
    if pub is None or not _VALID_ID.match(pub):
        return RowError(f"publication number {raw_id[:60]!r} is not a patent number")
    country, number, kind = nz.split_publication_number(pub)
    country = country or country_in
    kind = kind or kind_in

    dates = {}
    for name in ("filing_date", "priority_date", "publication_date"):
        raw = _first(values, name)
        if isinstance(raw, (list, tuple)):  # several priority dates: the earliest counts
            raw = min((r for r in raw if not is_blank(r)), default=None, key=str)
        if isinstance(raw, str) and "\n" in raw.strip():  # one date per family member (Espacenet, Orbit)
            raw = raw.strip().splitlines()[0]
        if raw in (0, "0"):  # BigQuery writes 0 for "no date"
            raw = None
        try:
            dates[name] = nz.parse_date(raw)
        except (ValueError, TypeError, OverflowError):
            dates[name] = None
            extra[f"{name}_raw"] = str(raw)[:200]
            warnings.append(f"{name} {str(raw)[:40]!r} is not a date")

    texts = {name: _text_versions(values, (translations or {}).get(name, {}), name, warnings)
             for name in TEXT_FIELDS}
    office_lang = _OFFICE_LANG.get(country or "", "en")
    chosen = {name: _choose_text(versions, office_lang) for name, versions in texts.items()}
    # Versions are kept where there is a choice: a field given in one language only has none.
    kept_translations = {name: {lang: text for lang, text in versions.items() if lang}
                         for name, versions in texts.items() if len(versions) > 1}
    kept_translations = {k: v for k, v in kept_translations.items() if v}

    parties = split_parties(list_value(_first(values, "applicants")))
    applicants = [p.name for p in parties]
    countries = _countries(_first(values, "applicant_countries")) or [p.country for p in parties if p.country]
    owners = [p.name for p in split_parties(list_value(_first(values, "current_owners")))]
    inventors = [p.name for p in split_parties(list_value(_first(values, "inventors")))]

    ipc = _codes(_first(values, "ipc_main"))  # the main code first
    ipc += [c for c in _codes(_first(values, "ipc")) if c not in ipc]
    cpc = _codes(_first(values, "cpc"))

    family_id = text_value(_first(values, "family_id"))
    members = _publication_numbers(_first(values, "family_members")) + \
        [p for p in (nz.publication_number(n) for n in other_numbers) if p and _VALID_ID.match(p)]
    if family_id is None and members:
        # A family written as its members: the smallest member number names it, the same
        # for every member of the family.
        family_id = "members:" + min(set(members) | {pub})
    if members:
        extra["family_members"] = sorted(set(members) - {pub})[:500]
    family_size = count_value(_first(values, "family_size"))

    status_raw = text_value(_first(values, "legal_status"))
    events_raw = text_value(_first(values, "legal_events"))
    status = legal_status(status_raw) if status_raw else (legal_status(events_raw) if events_raw else None)

    doc_type = doc_type_from_words(_first(values, "doc_type")) or nz.doc_type(country, kind)
    if doc_type == "other" and kind is None and country == "US" and number.isdigit() and len(number) <= 8:
        # US applications carry 11-digit numbers (2005/0123456); a short plain number is a grant.
        doc_type = "grant"
    if doc_type not in DOC_TYPES:
        doc_type = "other"
    raw_doc_type = text_value(_first(values, "doc_type"))
    if raw_doc_type and doc_type_from_words(raw_doc_type) is None:
        extra.setdefault("document_type", raw_doc_type)
    grant_date = _first(values, "grant_date")
    if not is_blank(grant_date):
        extra.setdefault("grant_date", str(grant_date)[:40])
    province = province_name(_first(values, "province"))
    year_hint = _year(_first(values, "year_hint"))
    if warnings:
        extra["warnings"] = warnings
    title, abstract = chosen["title"], chosen["abstract"]
    return PatentRecord(
        id=pub,
        title=title,
        abstract=abstract,
        lang=nz.detect_language(abstract or title),
        translations=kept_translations,
        application_number=application_number(_first(values, "application_number"), country=country),
        family_id=family_id[:100] if family_id else None,
        family_size=family_size,
        applicants=applicants,
        applicants_norm=[nz.applicant_name(a) for a in applicants],
        applicant_countries=countries,
        current_owners=owners,
        applicant_address=_short_text(_first(values, "applicant_address"), 500),
        province=province,
        city=_short_text(_first(values, "city"), 60),
        district=_short_text(_first(values, "district"), 60),
        inventors=inventors,
        agency=_short_text(_first(values, "agency"), 200),
        country=country,
        priority_country=_priority_country(_first(values, "priority_country")),
        kind=kind,
        doc_type=doc_type,
        legal_status=status,
        legal_status_raw=status_raw[:500] if status_raw else None,
        legal_events=legal_events(events_raw) if events_raw else [],
        legal_events_raw=events_raw[:2000] if events_raw else None,
        cited_by_count=count_value(_first(values, "cited_by_count")),
        cites_count=count_value(_first(values, "cites_count")),
        cited_by=_publication_numbers(_first(values, "cited_by")),
        cites=_publication_numbers(_first(values, "cites")),
        claims_count=count_value(_first(values, "claims_count")),
        ipc=ipc,
        cpc=cpc,
        year_hint=year_hint,
        source=source,
        extra=extra,
        **dates,
    )


def _text_versions(values: dict, translated: dict, name: str, warnings: list[str]) -> dict[str, str]:
    """Every version of a title or abstract: {"": original, "en": …, "zh": …}."""
    out: dict[str, str] = {}
    cells = values.get(name)
    for raw in cells if isinstance(cells, _Candidates) else [cells]:
        for lang, text in localized(_cut(raw, warnings, name)).items():
            out.setdefault(lang, text)
    for lang, raw in translated.items():
        text = text_value(_cut(raw, warnings, f"{name}_{lang}"))
        if text:
            out.setdefault(lang, text)
    return out


def _choose_text(versions: dict[str, str], office_lang: str) -> str | None:
    """The original where there is one; else the office's language, English, Chinese, any."""
    for lang in ("", office_lang, "en", "zh"):
        if versions.get(lang):
            return versions[lang]
    return next(iter(versions.values()), None)


def _countries(value) -> list[str]:
    value = list_value(value)
    items = value if isinstance(value, (list, tuple)) else re.split(r"[;；,，|\n]+", str(value or ""))
    out = []
    for item in items[:200]:
        if isinstance(item, dict):  # BigQuery priority_claim: the office is in the application number
            item = item.get("country_code") or item.get("code") or str(item.get("application_number") or "")[:2]
        code = country_code(text_value(item))
        if code:
            out.append(code)
    return out


def _priority_country(value) -> str | None:
    """The earliest priority's country: the first listed (exports list priorities oldest first)."""
    codes = _countries(value)
    return codes[0] if codes else None


def _short_text(value, limit: int) -> str | None:
    text = text_value(value)
    return text[:limit] if text else None


def _year(value) -> int | None:
    if is_blank(value):
        return None
    m = re.search(r"(1[89]\d\d|20\d\d|2100)", str(value)[:40])
    return int(m.group(1)) if m else None


def row_values(cmap: ColumnMap, cells) -> tuple[dict, dict, dict]:
    """(values, translations, extra) of one row under a column map.

    ``values`` holds every non-translated candidate cell per field (best first), so a
    field falls back to the next column where the best one is empty in this row.
    """
    get = (lambda i: cells[i] if i < len(cells) else None) if isinstance(cells, (list, tuple)) else cells.get
    values: dict = {}
    translations: dict = {}
    for name, cols in cmap.columns.items():
        # A title column that names its language (标题(译)(English), 英文名称) is one version
        # among several; build_record picks the text from them when there is no plain one.
        values[name] = _Candidates(get(c.index) for c in cols if c.lang is None)
        for c in cols:
            if c.lang:
                translations.setdefault(name, {}).setdefault(c.lang, get(c.index))
    extra = {label: get(i) for i, label in cmap.extra}
    return values, translations, extra


def known_fields() -> tuple[str, ...]:
    return tuple(column_table().fields)
