"""A record's text: what the map embeds, the labels count and the effects are found in.

One rule: title + abstract joined by ". ", the title alone where there is no abstract. Where an
export carries translations (``translations`` = ``{field: {lang: text}}``, a JSON string in the
store), :func:`text_in` gives the version in a wanted language: the record's own text when it is
in that language, else the translated title and abstract, else nothing.
"""
from __future__ import annotations

import json

import pandas as pd


def record_text(title, abstract) -> str:
    """Title + abstract (the title alone where there is no abstract; "" with neither)."""
    parts = [p.strip() for p in (title, abstract) if isinstance(p, str) and p.strip()]
    return ". ".join(parts)


def _column(records: pd.DataFrame, name: str) -> list:
    return records[name].tolist() if name in records.columns else [None] * len(records)


def record_texts(records: pd.DataFrame) -> list[str]:
    """:func:`record_text` of every row of ``records`` (``title``, ``abstract``; either may be missing)."""
    return [record_text(t, a) for t, a in zip(_column(records, "title"), _column(records, "abstract"))]


def translations_of(value) -> dict:
    """A record's translations as ``{field: {lang: text}}`` whether stored as JSON or as a dict."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def language_code(lang) -> str | None:
    """A record's language as a two-letter code (``"zh-CN"`` -> ``"zh"``, ``"EN"`` -> ``"en"``);
    None where the record has none."""
    if not isinstance(lang, str) or not lang.strip():
        return None
    return lang.strip().lower()[:2]


def language_of(lang) -> str:
    """``"en"``, ``"zh"`` or ``"other"`` from a record's ``lang`` (``"zh-CN"``, ``"EN"``, None...)."""
    code = language_code(lang)
    return code if code in ("en", "zh") else "other"


#: An abstract shorter than this (characters, trimmed) does not count as one: exports fill the
#: field with placeholders ("无", "-", "n/a") and a real abstract, even a Chinese one, is longer.
MIN_ABSTRACT_CHARS = 30
TITLE_ONLY, WITH_ABSTRACT = "title", "abstract"


def text_type(title, abstract) -> str:
    """``"abstract"`` where the record has a real abstract (not a placeholder, not its title
    again), else ``"title"``: what its text on the map is made of."""
    text = abstract.strip() if isinstance(abstract, str) else ""
    same = isinstance(title, str) and text == title.strip()
    return WITH_ABSTRACT if len(text) >= MIN_ABSTRACT_CHARS and not same else TITLE_ONLY


def text_types(records: pd.DataFrame) -> list[str]:
    """:func:`text_type` of every row of ``records``."""
    return [text_type(t, a) for t, a in zip(_column(records, "title"), _column(records, "abstract"))]


def text_in(title, abstract, lang_of_record, translations, lang: str) -> str:
    """The record's text in ``lang``: its own where written in it, else its translation, else ""."""
    if language_of(lang_of_record) == lang:
        return record_text(title, abstract)
    versions = translations_of(translations)
    return record_text((versions.get("title") or {}).get(lang), (versions.get("abstract") or {}).get(lang))


def texts_in(records: pd.DataFrame, lang: str) -> list[str]:
    """:func:`text_in` for every row of ``records``: one text per record, "" where none is in ``lang``."""
    return [text_in(*row, lang) for row in zip(_column(records, "title"), _column(records, "abstract"),
                                               _column(records, "lang"), _column(records, "translations"))]
