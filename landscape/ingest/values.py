"""Counts and citation lists as exports write them, and the capped cell text other parsers share.

Pure functions, no I/O. A cell may hold anything a spreadsheet or a BigQuery dump can:
text of any length, a number, NaN, a list. Every function here returns None or an empty
list for what it cannot read and never raises, and each caps what it reads so a hostile
cell costs linear time at most. List literals written as text (``['A', 'B']``) are
:mod:`landscape.ingest.literals`' job; callers parse them first.
"""
from __future__ import annotations

import itertools
import numbers
import re

from landscape.ingest.normalize import _missing, _text

#: Characters of one cell that are read; the rest is ignored (no real field is longer).
MAX_CHARS = 100_000
#: Items of one list cell that are read.
MAX_ITEMS = 1_000
#: The largest count we believe: family sizes and citation counts are far below it.
MAX_COUNT = 10_000_000
#: Citations kept per cell; heavily cited patents have a few thousand.
MAX_IDS = 5_000


def cell_text(raw, *, limit: int = MAX_CHARS) -> str | None:
    """NFKC-normalised, stripped text of a scalar cell, at most ``limit`` characters.

    Numbers become their text (``12.0`` -> ``"12"``); bytes are decoded as UTF-8.
    None for a missing value (None, NaN, blank) and for containers (lists, dicts), which
    :func:`cell_items` reads.
    """
    if isinstance(raw, bytes):
        raw = raw[: limit * 4].decode("utf-8", errors="replace")
    if isinstance(raw, str):
        raw = raw[:limit]  # before NFKC, whose cost grows with the length
    elif not isinstance(raw, numbers.Number) or isinstance(raw, bool):
        return None
    try:
        if _missing(raw):
            return None
        text = _text(raw)[:limit]
    except (ValueError, TypeError, ArithmeticError):  # Decimal("sNaN") refuses comparison
        return None
    return text or None


def cell_items(raw, *, limit: int = MAX_ITEMS) -> list | None:
    """The items of a list cell (list, tuple, array), at most ``limit``; None for a scalar.

    Text is a scalar, also when it reads as a list literal: see :mod:`landscape.ingest.literals`.
    """
    if raw is None or isinstance(raw, (str, bytes, dict, numbers.Number)) or not hasattr(raw, "__iter__"):
        return None
    try:
        return list(itertools.islice(raw, limit))  # islice: a huge list is not copied whole
    except (TypeError, ValueError):  # a 0-d array is iterable in name only
        return None


# --------------------------------------------------------------------------- counts

# A whole number, optionally with thousands commas, a zero fraction ("12.0" from a
# spreadsheet) and a Chinese measure word ("12件").
_COUNT_RE = re.compile(r"\+?(\d{1,3}(?:,\d{3})+|\d+)(?:\.0*)?\s*(?:件|个|項|项|次|篇)?")


def count_value(raw) -> int | None:
    """A count (citations, family size, claims) from ``12``, ``12.0``, ``"1,234"``, ``"１２"``.

    None for missing or placeholder text (``—``, ``-``, ``N/A``), fractions, negatives,
    booleans and anything above ten million, which no patent count reaches.
    """
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, numbers.Integral):
        n = int(raw)
    elif isinstance(raw, numbers.Number):
        try:
            x = float(raw)
        except (TypeError, ValueError, OverflowError, ArithmeticError):
            return None
        if not x.is_integer():  # also NaN and infinities
            return None
        n = int(x)
    else:
        text = cell_text(raw, limit=64)  # longer text is no count
        m = _COUNT_RE.fullmatch(text) if text else None
        if not m:
            return None
        n = int(m.group(1).replace(",", ""))
    return n if 0 <= n <= MAX_COUNT else None


# --------------------------------------------------------------------------- citation lists

# A publication number as citation cells write it: office, an optional series (US D/RE/PP,
# JP S/H), digits (at least four, with thousands commas or a year slash), an optional kind
# code; separators may be a space or a dash (US-1234567-B2, US 2025/0100135 A1).
_PUB_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}[ -]?(?:(?:RE|PP|AI|[DHPSTX])[ -]?)?"
    r"(?:\d{1,3}(?:,\d{3}){2,}|\d{4,}(?:[/-]\d+)?)"
    r"(?:[ -]?[A-Z]\d?)?(?![A-Za-z0-9])"
)
# The keys under which BigQuery's citation records hold the number.
_ID_KEYS = ("publication_number", "number", "id")


def id_list(raw) -> list[str]:
    """Publication numbers in a citations cell, as written (stripped), first place kept.

    Reads delimited text (``US1234567B2; EP1234567A1``, newlines, ``;;``, a list literal's
    text), lists, and BigQuery citation records (``{'publication_number': ...}``). Anything that does not look like a publication number (non-patent literature)
    is skipped. Normalising the numbers is :func:`landscape.ingest.normalize.publication_number`'s
    job. At most 5,000 numbers.
    """
    texts: list[str] = []
    items = cell_items(raw, limit=MAX_IDS)
    if items is None:
        texts = [t for t in [cell_text(raw, limit=MAX_IDS * 40)] if t]
    else:
        for item in items:
            if isinstance(item, dict):
                item = next((item[k] for k in _ID_KEYS if isinstance(item.get(k), str)), None)
            text = cell_text(item, limit=200)
            if text:
                texts.append(text)
    out: list[str] = []
    seen: set[str] = set()
    for text in texts:
        for m in _PUB_RE.finditer(text):
            token = m.group().strip()
            if token not in seen:
                seen.add(token)
                out.append(token)
                if len(out) >= MAX_IDS:
                    return out
    return out
