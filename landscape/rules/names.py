"""The display name of an area or topic, in English or Chinese: one spelling everywhere.

An area's name is its label in the wanted language; an area without one is "Area 3" / "领域 3"
(a topic "Topic 3" / "主题 3"), and -1, the patents that belong to no area, is "Unassigned" /
"未归类". App pages, views, report, alerts, trends and white spaces all name areas through here.
"""
from __future__ import annotations

import math

UNASSIGNED = {"en": "Unassigned", "zh": "未归类"}
_KIND = {"area": {"en": "Area {n}", "zh": "领域 {n}"}, "topic": {"en": "Topic {n}", "zh": "主题 {n}"}}


def _lang(lang: str) -> str:
    return "zh" if str(lang).lower().startswith("zh") else "en"


def unlabelled_name(number: int, lang: str, kind: str = "area") -> str:
    """"Area 3" / "领域 3" ("Topic 3" / "主题 3"); "Unassigned" / "未归类" for a negative number."""
    if kind not in _KIND:
        raise ValueError(f"kind must be 'area' or 'topic', not {kind!r}.")
    number = int(number)
    return UNASSIGNED[_lang(lang)] if number < 0 else _KIND[kind][_lang(lang)].format(n=number)


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = str(value).strip()
    return value or None


def display_name(number: int, label, lang: str, kind: str = "area") -> str:
    """The name a reader sees: ``label`` where there is one, else :func:`unlabelled_name`."""
    if int(number) < 0:
        return UNASSIGNED[_lang(lang)]
    return _text(label) or unlabelled_name(number, lang, kind)


def names_of(clusters, lang: str, kind: str = "area") -> dict[int, str]:
    """Area (or topic) id -> display name in ``lang`` from a bundle's table (``id``, ``label_en``, ``label_zh``).

    The label in ``lang`` only: an area without one is "Area 3", never the other language's
    label. Only the table's areas are there; -1 is named by :func:`display_name`.
    """
    out: dict[int, str] = {}
    if clusters is None or not len(clusters):
        return out
    column = f"label_{_lang(lang)}"
    ids = clusters["id"] if "id" in clusters.columns else clusters["cluster"]
    labels = clusters[column] if column in clusters.columns else [None] * len(clusters)
    for number, label in zip(ids, labels):
        out[int(number)] = display_name(int(number), label, lang, kind)
    return out


def both_names(clusters) -> dict[int, tuple[str, str]]:
    """Area id -> (English name, Chinese name), each in its own language (see :func:`names_of`)."""
    en, zh = names_of(clusters, "en"), names_of(clusters, "zh")
    return {number: (en[number], zh[number]) for number in en}


def in_sentence(number: int, label, lang: str, kind: str = "area") -> str:
    """How a sentence names an area: "'robot / arm'" or "area 3"; "「机械手」领域" or "领域 3"."""
    label = _text(label) if int(number) >= 0 else UNASSIGNED[_lang(lang)]
    if _lang(lang) == "zh":
        word = "领域" if kind == "area" else "主题"
        return f"「{label}」{word}" if label else unlabelled_name(number, lang, kind)
    return f"'{label}'" if label else unlabelled_name(number, lang, kind).lower()
