"""The report model's parts (tables, sections, the whole report) and how numbers are written."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from landscape.report.strings import tr


@dataclass
class Table:
    """A table ready to print: localised headers, formatted cells, per-column alignment."""

    headers: list[str]
    rows: list[list[str]]
    align: list[str]  # "l" or "r" per column
    widths: list[str] | None = None  # CSS widths per column, optional
    colours: list[str | None] | None = None  # a colour swatch for the first cell of each row
    row_classes: list[str] | None = None  # a CSS class per row (e.g. the level of a branch)


@dataclass
class Section:
    """One numbered part of the report. ``missing``: the table it needs is absent (not
    analysed); ``empty``: the table is there but has nothing to show."""

    key: str
    title: str
    missing: str | None = None
    empty: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    items: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)


@dataclass
class ReportModel:
    lang: str
    name: str
    title: str
    industry: str
    corpus_title: str
    date: str
    meta: list[tuple[str, str]]  # cover: label, value
    summary: list[str]
    sections: dict[str, Section]
    #: What the figures draw (selected rows of the bundle's tables, labels and colours).
    data: dict = field(default_factory=dict)
    #: The report's parts in order, each a heading over a run of sections:
    #: ``(key, title, intro, section keys)``; empty for a report without parts.
    parts: list[tuple[str, str, str, tuple[str, ...]]] = field(default_factory=list)
    #: The line above the title on the cover (default: the trend report's).
    subtitle: str = ""


# --------------------------------------------------------------------------- formatting

def num(x, lang: str = "en") -> str:
    """A count with thousands separators ("1,736"); a dash where there is none."""
    if x is None or (isinstance(x, float) and np.isnan(x)) or x is pd.NA:
        return tr("na", lang)
    return f"{int(round(float(x))):,}"


def pct(x, *, sign: bool = False, digits: int = 0) -> str:
    """A 0-1 share or growth as a percentage ("18%", "+5%" with ``sign``); a dash for NaN."""
    if x is None or x is pd.NA or not np.isfinite(float(x)):
        return "—"
    return f"{float(x) * 100:+.{digits}f}%" if sign else f"{float(x) * 100:.{digits}f}%"


def as_list(value) -> list:
    """A list cell as a list (parquet gives arrays; missing values come as None or NaN)."""
    if value is None or isinstance(value, float):
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def cut(text, n: int) -> str:
    """``text`` on one line, at most ``n`` characters (an ellipsis where cut)."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def other(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def pick(row, stem: str, lang: str) -> str:
    """``row[stem_lang]``, else the other language's, else ''."""
    for key in (f"{stem}_{lang}", f"{stem}_{other(lang)}"):
        value = row.get(key) if hasattr(row, "get") else None
        if isinstance(value, str) and value.strip():
            return value
    return ""


def status_key(status: str) -> str:
    """The string key of a growth status word (``"too few"`` -> ``"too_few"``)."""
    return {"too few": "too_few"}.get(status, status)


def growth_cell(growth, status, lang: str) -> str:
    """The growth as a signed percentage; "too few" in words where there is no figure."""
    if growth is None or pd.isna(growth):
        return tr("trends.too_few", lang) if status == "too few" else "—"
    return pct(growth, sign=True)
