"""Normalisation of the fields every export writes differently.

Pure functions, no I/O: publication numbers, IPC/CPC codes, dates, applicant names,
language (:mod:`landscape.ingest.language`), document type. Readers call these; nothing else should parse these fields.

Every function takes any value a cell can hold and never raises anything but the documented
ValueError; each reads at most a field's natural length (a publication number, a code or a
date is never longer than :data:`MAX_FIELD_CHARS`) so a hostile cell costs linear time.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import numbers
import re
import unicodedata

from landscape.ingest.cells import _missing
# Language detection has a module of its own; readers call it as ``normalize.detect_language``.
from landscape.ingest.language import detect_language  # noqa: F401

#: Longest text read as one publication number, classification code or date. Real ones are
#: under 30 characters with their spaces, dashes and version; longer text is none of them.
MAX_FIELD_CHARS = 64
#: Longest applicant name normalised, and most words kept of it: real names are far shorter,
#: and legal-form stripping loops over the words.
MAX_NAME_CHARS = 500
MAX_NAME_WORDS = 64
# An integer this large (over 1,200 digits) is no field's value; str() refuses past 4,300.
_MAX_INT_BITS = 4000


def _text(value) -> str:
    """NFKC-normalised, stripped text; NFKC folds full-width digits/letters (CJK exports)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 10001996.0 read from a spreadsheet is the number 10001996
    if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def _field_text(value) -> str | None:
    """:func:`_text` of a short field, or None when it is longer than :data:`MAX_FIELD_CHARS`.

    The length is checked before NFKC too, whose cost grows with the text.
    """
    if isinstance(value, str):
        value = value.strip()
        if len(value) > MAX_FIELD_CHARS:
            return None
    s = _text(value)
    return s if len(s) <= MAX_FIELD_CHARS else None


def _shown(value) -> str:
    """A value as an error message quotes it: its repr, cut to 60 characters."""
    text = repr(value[:80] if isinstance(value, str) else value)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------- numbers

# Letters before the digits are country + series prefix (USD..., USRE..., JPH...). A lone
# letter is a prefix (D654321); two letters are a country unless a known US series.
_TWO_LETTER_PREFIXES = {"RE", "PP", "AI"}
_COMPACT_RE = re.compile(r"([A-Z]*)(\d+)([A-Z]\d?)?")
# Offices that put letters inside the number (India's IN2015DN03871A): country, an
# alphanumeric body holding at least four digits in a row, an optional kind code.
_LOOSE_RE = re.compile(r"([A-Z]{2})([A-Z0-9]*?\d{4}[A-Z0-9]*?)([A-Z]\d?)?")
# USPTO "US06836996-20050104": number, dash, publication date (8 digits).
_NUMBER_DATE_RE = re.compile(r"([A-Z]{2}[\s\-]*[A-Z]*\d+)-(\d{8})")
_US_PADDED_RE = re.compile(r"([A-Z]*)0*(\d+)")


def _upper_or_none(value) -> str | None:
    if _missing(value):
        return None
    s = _field_text(value)
    return s.upper() or None if s is not None else None


_OFFICE_RE = re.compile(r"[A-Z]{2}")
_KIND_RE = re.compile(r"[A-Z]\d?")


def _office_or_none(value) -> str | None:
    """A two-letter office code, or None (``country`` arguments that are not one are ignored)."""
    s = _upper_or_none(value)
    return s if s and _OFFICE_RE.fullmatch(s) else None


def _kind_or_none(value) -> str | None:
    """A kind code (``A``, ``B2``, ``S1``), or None."""
    s = _upper_or_none(value)
    return s if s and _KIND_RE.fullmatch(s) else None


def _is_yyyymmdd(digits: str) -> bool:
    try:
        return 1800 <= dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:])).year <= 2100
    except ValueError:
        return False


def _parse_compact(compact: str) -> tuple[str | None, str, str | None] | None:
    """(country, number, kind) of separator-free uppercase text, or None if not that shape."""
    m = _COMPACT_RE.fullmatch(compact)
    if not m:
        loose = _LOOSE_RE.fullmatch(compact)
        return loose.groups() if loose else None
    letters, digits, kind = m.groups()
    if len(letters) >= 3 or (len(letters) == 2 and letters not in _TWO_LETTER_PREFIXES):
        country, prefix = letters[:2], letters[2:]
    else:
        country, prefix = None, letters
    return country, prefix + digits, kind


def publication_number(raw, *, country: str | None = None, kind: str | None = None) -> str | None:
    """One form for every way a publication number is written: ``CC`` + number + kind code.

    ``US-7994462-B2`` -> ``US7994462B2``; ``US 2025/0100135 A1`` -> ``US20250100135A1``;
    ``WO 2025/062342 A1`` -> ``WO2025062342A1``; ``CN116510786B`` stays; ``US06836996-20050104``
    (number-date) -> ``US6836996``; ``10001996`` with country="US", kind="B2" -> ``US10001996B2``.
    Returns None when the text holds no publication number.

    ``country`` and ``kind`` only fill what the text lacks; the text wins where both say. A
    ``country`` that is not two letters, or a ``kind`` that is not a kind code (``B2``), is
    ignored. Text longer than :data:`MAX_FIELD_CHARS` is no publication number.
    """
    if _missing(raw):
        return None
    s = _field_text(raw)
    if s is None:
        return None
    s = s.upper()
    if not any(c.isdigit() for c in s):
        return None
    m = _NUMBER_DATE_RE.fullmatch(s)
    if m and _is_yyyymmdd(m.group(2)):
        s = m.group(1)  # the date is when it was published, not part of the number
    parts = _parse_compact(re.sub(r"[\W_]+", "", s))
    if parts is None:
        return None
    cc, number, kc = parts
    cc = cc or _office_or_none(country)
    kc = kc or _kind_or_none(kind)
    if cc == "US":
        # USPTO pads grant numbers to 8 characters (US06836996, D0654321); other sources
        # do not, and the id must match across sources. A number with letters inside
        # (US1234X5678) has no padding to remove.
        m = _US_PADDED_RE.fullmatch(number)
        if m:
            number = m.group(1) + m.group(2)
    return f"{cc or ''}{number}{kc or ''}"


def split_publication_number(pub: str) -> tuple[str | None, str, str | None]:
    """(country, number, kind) of a normalised publication number.

    ``US20250100135A1`` -> ``("US", "20250100135", "A1")``; ``USD654321S1`` ->
    ``("US", "D654321", "S1")``; ``US6836996`` -> ``("US", "6836996", None)``.
    Raises ValueError when ``pub`` is not a publication number.
    """
    norm = publication_number(pub)
    parts = _parse_compact(norm) if norm is not None else None
    if parts is None:
        raise ValueError(f"not a publication number: {_shown(pub)}")
    return parts


# --------------------------------------------------------------------------- IPC / CPC

_CODE_PREFIX_RE = re.compile(r"^(?:IPCR?|CPC|INT\.?\s*CL\.?)\s*\d*\s*[:：]?\s*")
_CODE_RE = re.compile(r"([A-HY])(?:(\d{2})(?:([A-Z])(?:\s*(\d{1,4})\s*/\s*(\d{1,6}))?)?)?")
_WIPO14_RE = re.compile(r"([A-HY]\d{2}[A-Z])(\d{4})(\d{6})")
# What may follow a code: the IPC version "(2006.01)" or "20060101", then DOCDB's
# one-letter flags (inventive/additional, first/later), each after a space. Two patterns
# read in turn, each with possessive quantifiers: one pattern with optional parts between
# runs of spaces backtracked over every way to split the spaces (a code + 300 spaces + "!"
# took seconds).
_CODE_VERSION_RE = re.compile(r"\s*+[(\[]?\s*+(?:\d{4}\.?\d{2}(?:\.?\d{2})?)?\s*+[)\]]?")
_CODE_FLAGS_RE = re.compile(r"(?:\s++[A-Z]){0,2}+\s*+")
_QUOTES = "\"'`[](){}<>「」【】《》“”‘’"


def _group(subclass: str, main: str, sub: str) -> str:
    # 033 and 33 are the same main group; subgroups are decimal fractions, so /040 is /04
    # (that is how the 14-character form maps back), but at least two digits stay.
    main = main.lstrip("0") or "0"
    sub = sub.rstrip("0").ljust(2, "0")
    return f"{subclass}{main}/{sub}"


def _is_code_tail(tail: str) -> bool:
    """True when ``tail`` is what may follow a code: a version, flags, spaces, or nothing."""
    version = _CODE_VERSION_RE.match(tail)  # always matches: every part is optional
    rest = tail[version.end():]
    if rest[:1].isspace() or not rest:
        return _CODE_FLAGS_RE.fullmatch(rest) is not None
    # A flag needs a space before it; the version part may have taken the space.
    return version.end() > 0 and tail[version.end() - 1].isspace() and \
        _CODE_FLAGS_RE.fullmatch(" " + rest) is not None


def classification_code(raw) -> str | None:
    """``A63H 33/00``, ``A63H0033000000``, ``B01J 31/24 (2006.01)`` -> ``A63H33/00`` style.

    A bare subclass (``A63H``), class (``A63``) or section (``A``) is kept as such.
    None for anything that is not a code, including text longer than :data:`MAX_FIELD_CHARS`.
    """
    if _missing(raw):
        return None
    s = _field_text(raw)
    if s is None:
        return None
    s = s.upper().strip(_QUOTES + " ")
    s = _CODE_PREFIX_RE.sub("", s).strip(_QUOTES + " ")
    m = _WIPO14_RE.fullmatch(s)
    if m:
        return _group(*m.groups())
    m = _CODE_RE.match(s)
    if not m or not _is_code_tail(s[m.end():]):
        return None
    section, klass, letter, main, sub = m.groups()
    if main is not None:
        return _group(section + klass + letter, main, sub)
    # A bare section/class/subclass must stand alone, else "A B" would read as "A".
    return None if s[m.end():].strip() else "".join(p for p in (section, klass, letter) if p)


_LIST_SPLIT_RE = re.compile(r";;|[;；|,，\n\r]")


def _items(raw) -> list:
    """Items of a list-like (list, tuple, array), or [raw] for a scalar."""
    if isinstance(raw, (str, bytes, dict)) or not hasattr(raw, "__iter__"):
        return [raw]
    return list(raw)


def classification_codes(raw) -> list[str]:
    """A list of codes from a list or a delimited string (``;;``, ``;``, ``|``, ``,``, newlines).

    Items that are not codes are dropped; duplicates keep their first place.
    """
    out: dict[str, None] = {}  # ordered and linear: `not in list` made a long cell quadratic
    for item in _items(raw):
        if _missing(item):
            continue
        for piece in _LIST_SPLIT_RE.split(str(item)):
            code = classification_code(piece)
            if code is not None:
                out.setdefault(code)
    return list(out)


# --------------------------------------------------------------------------- dates

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0, allowing for its 1900 leap-year bug
# Smaller serials are more likely years or counts than dates: 20000 is 1954-10-03.
_EXCEL_MIN, _EXCEL_MAX = 20000, 80000
_YMD_RE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_MISSING_WORDS = {"nan", "nat", "none", "null", "n/a"}
# Day first with dots, as European tools and PATENTSCOPE write it (05.01.2023); with slashes
# the order is taken only where a number over 12 shows it (25/03/2023, 03/25/2023).
_DMY_DOTS_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_SLASHED_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MONTH_NAME_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%d-%b-%Y")


def _checked(year: int, month: int, day: int, raw) -> dt.date:
    if not 1800 <= year <= 2100:
        raise ValueError(f"date out of range: {_shown(raw)}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"not a date: {_shown(raw)}") from None


def _from_number(x: float, raw) -> dt.date:
    if x.is_integer() and 10_000_000 <= x <= 99_999_999:
        n = int(x)
        return _checked(n // 10000, n // 100 % 100, n % 100, raw)
    if _EXCEL_MIN <= x <= _EXCEL_MAX:
        d = _EXCEL_EPOCH + dt.timedelta(days=math.floor(x))  # a fraction is the time of day
        return _checked(d.year, d.month, d.day, raw)
    raise ValueError(f"number is neither YYYYMMDD nor an Excel date: {_shown(raw)}")


def parse_date(value) -> dt.date | None:
    """A date from ``2025/3/25``, ``20110809``, ``2024-09-19``, ``2025年3月25日``, ``05.01.2023``
    (day first), ``25/03/2023`` (where a number over 12 shows the order), ``Jan 5, 2023``, Excel
    serials, datetime objects. None for empty; ValueError for text that is not a date.

    Numbers are ``YYYYMMDD`` or Excel serials in 20000..80000; years must lie in 1800..2100.
    """
    if _missing(value):
        return None
    if isinstance(value, dt.datetime):  # before date: datetime (and Timestamp) is a date
        return _checked(value.year, value.month, value.day, value)
    if isinstance(value, dt.date):
        return _checked(value.year, value.month, value.day, value)
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, numbers.Real):
        try:
            x = float(value)
        except (OverflowError, ValueError, TypeError, ArithmeticError):  # 10**400, Decimal("sNaN")
            raise ValueError(f"not a date: {_shown(value)}") from None
        return _from_number(x, value)
    s = _field_text(value)
    if s is None:
        raise ValueError(f"not a date: {_shown(value)}")
    if s.lower() in _MISSING_WORDS:
        return None
    m = _YMD_RE.fullmatch(s)
    if m:
        return _checked(*map(int, m.groups()), value)
    if re.fullmatch(r"\d{8}|\d{5}(?:\.\d+)?", s):
        return _from_number(float(s), value)
    m = _DMY_DOTS_RE.fullmatch(s)
    if m:
        day, month, year = map(int, m.groups())
        return _checked(year, month, day, value)
    m = _SLASHED_RE.fullmatch(s)
    if m:
        a, b, year = map(int, m.groups())
        if a > 12 >= b:
            return _checked(year, b, a, value)
        if b > 12 >= a:
            return _checked(year, a, b, value)
        raise ValueError(f"day and month cannot be told apart: {_shown(value)}")
    if len(s) <= 30 and re.search(r"[A-Za-z]{3}", s):
        for fmt in _MONTH_NAME_FORMATS:
            try:
                d = dt.datetime.strptime(s.replace(".", ""), fmt)
            except ValueError:
                continue
            return _checked(d.year, d.month, d.day, value)
    raise ValueError(f"not a date: {_shown(value)}")


# --------------------------------------------------------------------------- applicants

# No comma: "Samsung Electronics Co., Ltd." is one applicant.
_APPLICANT_SPLIT_RE = re.compile(r";;|[;；|\n\r]")


def split_applicants(raw) -> list[str]:
    """Applicant names as written, from a list or a delimited string (``;;``, ``;``, ``；``, ``|``).

    Whitespace is stripped, empties dropped, duplicates keep their first place.
    """
    if _missing(raw):
        return []
    if isinstance(raw, str):
        pieces = _APPLICANT_SPLIT_RE.split(raw)
    else:
        pieces = [str(x) for x in _items(raw) if not _missing(x)]
    out: dict[str, None] = {}  # ordered and linear: `not in list` made a long cell quadratic
    for piece in pieces:
        name = piece.strip()
        if name:
            out.setdefault(name)
    return list(out)


# Legal forms that are never part of a name proper, removed wherever they stand
# ("BOSCH GMBH ROBERT", "KABUSHIKI KAISHA TOSHIBA").
_FORMS_ANYWHERE = [
    ("KABUSHIKI", "KAISHA"), ("KABUSHIKI", "GAISHA"), ("SDN", "BHD"),
    ("GMBH",), ("LTD",), ("LIMITED",), ("INC",), ("INCORPORATED",), ("CORP",),
    ("CORPORATION",), ("LLC",), ("LLP",), ("PLC",), ("SARL",), ("PTE",), ("PTY",), ("BHD",),
]
# Short forms that are also ordinary words or initials ("AS", "CO", "AB"): only at the end.
_FORMS_AT_END = sorted(
    [("COMPANY",), ("CO",), ("LP",), ("AG",), ("KG",), ("SA",), ("SAS",), ("SPA",),
     ("BV",), ("NV",), ("AB",), ("AS",), ("OY",), ("KK",), ("S", "P", "A"), ("S", "A"),
     ("K", "K"), ("N", "V"), ("B", "V"), ("S", "A", "S"), ("APS",), ("SE",), ("OYJ",), ("ASA",),
     ("KGAA",), ("SRL",), ("LTDA",), ("S", "R", "L"), ("A", "S")],
    key=len, reverse=True,
)
_CN_SUFFIXES = sorted(
    ["股份有限公司", "股份公司", "集团股份公司", "有限责任公司", "有限公司", "集团有限公司", "集团股份有限公司", "集团", "公司",
     "株式会社"],
    key=len, reverse=True,
)
# Legal forms written before the name: Japanese 株式会社東芝, Korean 주식회사 (with (주) for short).
_CJK_PREFIXES = ("株式会社", "주식회사", "(주)")
# A branch (分公司) is named by its parent's full name and its own: 中国联合网络通信有限公司广东省分公司.
# Taking 公司 off would leave 广东省分, so a branch's name is kept whole.
_CN_BRANCH = "分公司"
# Han text in brackets is part of a Chinese firm's registered name: the place in
# 仿翼（北京）科技有限公司. Brackets whose content is Han (with 、 between names) are kept, written
# full-width; other brackets are punctuation like any other ("SAMSUNG (CHINA) INVESTMENT").
_HAN_BRACKET_RE = re.compile(r"\(([\u3400-\u9fff\uf900-\ufaff、，,\s]++)\)")
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Private-use characters stand in for the kept brackets and 、 while punctuation is removed.
_OPEN, _CLOSE, _COMMA = "\ue000", "\ue001", "\ue002"
_KEPT = {_OPEN: "（", _CLOSE: "）", _COMMA: "、"}
# Chinese and Japanese write names without spaces: a space between two such characters is noise
# ("深圳市 大疆 创新科技", "仿翼 （北京） 科技") and would split the legal form off as a word.
_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff（）、"
_CJK_SPACE_RE = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")


def _strip_forms(tokens: list[str]) -> list[str]:
    """One pass of legal-form removal (it may leave nothing; the caller handles that)."""
    for form in _FORMS_ANYWHERE:
        if form[0] not in tokens:
            continue
        n, i, kept = len(form), 0, []
        while i < len(tokens):
            if tuple(tokens[i:i + n]) == form:
                i += n
            else:
                kept.append(tokens[i])
                i += 1
        tokens = kept
    for form in _FORMS_AT_END:
        if tuple(tokens[-len(form):]) == form:
            return tokens[:-len(form)]
    if tokens and tokens[0].startswith(_CJK_PREFIXES):
        prefix = next(p for p in _CJK_PREFIXES if tokens[0].startswith(p))
        rest = tokens[0][len(prefix):]
        return ([rest] if rest else []) + tokens[1:]
    if tokens and tokens[-1].endswith(_CN_BRANCH):
        return tokens
    for suffix in _CN_SUFFIXES:
        if tokens and tokens[-1].endswith(suffix):
            rest = tokens[-1][: -len(suffix)]
            return tokens[:-1] + ([rest] if rest else [])
    return tokens


def _kept_brackets(m: re.Match) -> str:
    """A bracketed run of Han text with its brackets (and 、) marked to survive punctuation removal."""
    inner = m.group(1)
    if not _HAN_RE.search(inner):
        return m.group()
    return _OPEN + inner.replace("、", _COMMA) + _CLOSE


def applicant_name(raw: str) -> str:
    """A comparable applicant name: case, punctuation and legal forms removed.

    ``Samsung Electronics Co., Ltd.`` -> ``SAMSUNG ELECTRONICS``; ``Intel Corporation`` ->
    ``INTEL``; ``美的集团股份有限公司`` -> ``美的``; ``仿翼（北京）科技有限公司`` ->
    ``仿翼（北京）科技`` (a place in brackets is part of a Chinese registered name, kept with
    full-width brackets; spaces between Chinese characters are dropped); a branch
    (``…有限公司广东省分公司``) is kept whole. A name that is nothing but a legal form is kept. ``""`` for a missing name. At most :data:`MAX_NAME_CHARS` characters and
    :data:`MAX_NAME_WORDS` words are read (each pass of legal-form removal reads every word,
    and a cell of "CO " x 2,000 took 14 s).
    """
    if _missing(raw):
        return ""
    return _name_key(str(raw).strip()[:MAX_NAME_CHARS])


# The same applicants come back on thousands of records of one import: normalise each once.
@functools.lru_cache(maxsize=1 << 14)
def _name_key(s: str) -> str:
    for _ in range(3):  # uppercasing can yield characters NFKC rewrites, and back
        prev, s = s, unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", s).upper())
        if s == prev:
            break
    s = _HAN_BRACKET_RE.sub(_kept_brackets, "".join(" " if c in _KEPT else c for c in s))
    # Letters, digits and combining marks stay (Thai and Devanagari vowels are marks).
    s = "".join(c if unicodedata.category(c)[0] in "LNM" or c in _KEPT else " " for c in s)
    s = "".join(_KEPT.get(c, c) for c in s)
    s = _CJK_SPACE_RE.sub("", " ".join(s.split()[:MAX_NAME_WORDS]))
    tokens = s.split()
    stripped = _strip_forms(tokens)
    while stripped and stripped != tokens:
        tokens, stripped = stripped, _strip_forms(stripped)
    # A name that is nothing but legal forms ("有限公司") stays whole rather than vanish.
    return " ".join(stripped or s.split())


# --------------------------------------------------------------------------- kind codes

# WIPO ST.16 first letters as most offices use them.
_KIND_LETTERS = {"A": "application", "B": "grant", "C": "grant", "U": "utility_model",
                 "Y": "utility_model", "S": "design"}
_US_KINDS = {"A": "application", "A1": "application", "A2": "application", "A9": "application",
             "B": "grant", "B1": "grant", "B2": "grant", "E": "grant", "S": "design",
             "S1": "design"}


def doc_type(country: str | None, kind: str | None) -> str:
    """application / grant / utility_model / design / other, from the office and kind code.

    US reissues (E) count as grants; US plant patents (P*) and SIRs (H) as other.
    """
    cc = _upper_or_none(country) or ""
    kc = _upper_or_none(kind) or ""
    if not kc:
        return "other"
    if cc == "US":  # the US reuses letters: B is a grant, but P is a plant patent, H a SIR
        return _US_KINDS.get(kc, "other")
    if cc in ("EP", "WO"):
        return {"A": "application", "B": "grant"}.get(kc[0], "other")
    table = _KIND_LETTERS
    if cc == "CN":
        table = {**_KIND_LETTERS, "D": "design"}
    elif cc in ("JP", "KR", "TW"):
        table = {k: v for k, v in _KIND_LETTERS.items() if k != "C"}
    return table.get(kc[0], "other")
