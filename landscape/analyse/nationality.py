"""Where each applicant comes from, decided from the data before the name.

PatSnap and CNIPA write foreign applicants' names in Chinese (通用电气公司 is General
Electric), so the script of a name says little about its owner: a Han-script rule counted
such firms as domestic. The country of an applicant (normalised name) is therefore decided by
the first of these rules that has any evidence, over all the applicant's records:

1. ``applicant_country`` — the nationality the export gives for that applicant
   (``applicant_countries``, matched to the applicant by position when the lists align, else
   to the first applicant only);
2. ``address`` — the applicant's address or province (exports give them for the first
   applicant): a Chinese province, or an address in China, means CN; a Chinese address that
   starts with another country's name (``美国纽约州…``) or an English one that ends with a
   country (``Munich, Germany``) means that country;
3. ``priority_country`` — the country of the records' earliest priority: firms first file at
   home, so a CN filing that claims a US priority is an American firm's;
4. ``first_office`` — the office of the earliest filing of the record's family (see
   :func:`first_offices`, computed when the map is built);
5. ``name`` — only then the name: kana or hangul, a country named in it (``通用电气（美国）``),
   a Chinese place name (``深圳…``, ``SHENZHEN …``), a legal form (株式会社, GMBH, LLC,
   有限公司), else Han script means CN;
6. ``unknown`` — none of these said anything (the country is then missing).

Within a rule the most frequent country over the applicant's records wins (ties: the code
first in alphabetical order, so the result does not depend on row order). Regional offices
(EP, WO, ...) are not nationalities and never count as evidence. A map bundle written before
these evidence columns existed falls through to the name rules.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd

from landscape.ingest.countries import OFFICES, country_code
from landscape.ingest.regions import PROVINCE_CODES

#: The rules in the order they are tried; ``decided_by`` holds one of them.
RULES = ("applicant_country", "address", "priority_country", "first_office", "name", "unknown")
#: The per-record evidence columns the rules read (``points_table`` writes them).
EVIDENCE_COLUMNS = ("applicant_countries", "applicant_address", "province", "priority_country",
                    "first_office", "applicants_written")

# Kana without the katakana middle dot (U+30FB), which Chinese transliterations also use.
_KANA = re.compile(r"[\u3040-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Words of a Chinese address (省 province, 市 city, 区/县 district, 路/街/号 street).
_CN_ADDRESS = re.compile(r"[省市区县镇乡村路街号]|自治区|开发区")
# Province-level names that are not the mainland (GB/T 2260 lists them; offices do not).
_NOT_MAINLAND = {"台湾": "TW", "香港": "HK", "澳门": "MO"}
_PROVINCES = sorted(PROVINCE_CODES.values(), key=len, reverse=True)
# Cities and provinces that name a Chinese firm's home in its name, in Han and pinyin.
_CN_PLACES_HAN = tuple(_PROVINCES) + (
    "深圳", "广州", "杭州", "南京", "苏州", "武汉", "成都", "西安", "青岛", "厦门", "宁波", "无锡",
    "佛山", "东莞", "汕头", "长沙", "郑州", "济南", "合肥", "福州", "大连", "沈阳", "哈尔滨", "常州",
    "温州", "珠海", "中山", "南通", "昆明", "南昌", "太原", "石家庄", "长春", "贵阳", "南宁")
_CN_PLACES_LATIN = frozenset(
    "BEIJING SHANGHAI TIANJIN CHONGQING GUANGDONG JIANGSU ZHEJIANG SHANDONG FUJIAN HUBEI HUNAN "
    "HENAN HEBEI ANHUI SICHUAN SHAANXI SHANXI LIAONING JILIN HEILONGJIANG JIANGXI GUANGXI "
    "YUNNAN GUIZHOU GANSU HAINAN NINGXIA QINGHAI XINJIANG SHENZHEN GUANGZHOU HANGZHOU NANJING "
    "SUZHOU WUHAN CHENGDU XIAN QINGDAO XIAMEN NINGBO WUXI FOSHAN DONGGUAN SHANTOU CHANGSHA "
    "ZHENGZHOU JINAN HEFEI FUZHOU DALIAN SHENYANG HARBIN CHANGZHOU WENZHOU ZHUHAI NANTONG".split())
# Legal forms that belong to one country's company law, matched on the upper-case name as
# written with punctuation as spaces ("K.K." -> "K K"). CO LTD, SA and AG are left out:
# several countries use them.
_LEGAL_FORMS = [
    (re.compile(r"株式会社|有限会社|\bKABUSHIKI (?:KAISHA|GAISHA)\b|\bK K$|\bKK$"), "JP"),
    (re.compile(r"\bGMBH\b|\bKGAA\b"), "DE"),
    # INC and CORP are not here: Canon Inc., Sony Corp. and UBTech Robotics Corp. are not American.
    (re.compile(r"\bLLC\b"), "US"),
    (re.compile(r"\bPLC\b"), "GB"),
    (re.compile(r"\bS ?A ?R ?L$|\bS A S$|\bSAS$"), "FR"),
    (re.compile(r"\bS P A$|\bSPA$|\bS R L$|\bSRL$"), "IT"),
    (re.compile(r"\bB V$|\bBV$|\bN V$|\bNV$"), "NL"),
    (re.compile(r"\bOYJ?$"), "FI"),
    (re.compile(r"\bSDN BHD\b"), "MY"),
    (re.compile(r"\bPTE LTD\b"), "SG"),
    (re.compile(r"\bPTY LTD\b"), "AU"),
    (re.compile(r"有限责任公司|股份有限公司|有限公司"), "CN"),
]


def record_applicants(applicants, applicant=None) -> list[str]:
    """The distinct non-empty names of a record: its ``applicants`` list cell, else ``applicant``.

    Cells may be a list, a numpy array (Parquet), None, NaN or a lone string.
    """
    return _names(applicants) or _names(applicant)


def _names(values) -> list[str]:
    if values is None or values is pd.NA or (isinstance(values, float) and np.isnan(values)):
        return []
    if isinstance(values, str):
        values = [values]
    names = (str(v).strip() for v in values if isinstance(v, str))
    return list(dict.fromkeys(n for n in names if n))


def _nationality(code) -> str | None:
    """A country code that can be a nationality (regional offices are not)."""
    code = country_code(code) if isinstance(code, str) else None
    return code if code and code not in OFFICES else None


@lru_cache(maxsize=65_536)
def address_country(address: str | None) -> str | None:
    """The country of an applicant's address, or None when the address does not say.

    ``广东省深圳市南山区…`` and ``518000 北京市海淀区…`` -> CN; ``美国纽约州…`` -> US;
    ``台湾新竹市…`` -> TW; ``Werner-von-Siemens-Str. 1, München, Germany`` -> DE;
    ``Schenectady, NY (US)`` -> US; ``Nanshan, Shenzhen, Guangdong`` -> CN.
    """
    if not isinstance(address, str):
        return None
    text = unicodedata.normalize("NFKC", address).strip()
    text = re.sub(r"^[\d\s\-]+", "", text)[:200]  # a postcode before the address
    if not text:
        return None
    if _HAN.search(text[:12]):
        return _han_address_country(text)
    bracketed = re.findall(r"[(\[]\s*([A-Za-z]{2,3})\s*[)\]]", text)
    parts = [p for p in re.split(r"[,;\n]+", re.sub(r"[(\[][^)\]]*[)\]]", " ", text)) if p.strip()]
    for candidate in bracketed[::-1] + [re.sub(r"[\d\-]+", " ", p).strip() for p in parts[-1:]]:
        code = _nationality(candidate)
        if code:
            return code
    words = set(re.findall(r"[A-Za-z]+", text.upper()))
    return "CN" if words & _CN_PLACES_LATIN else None


def _han_address_country(text: str) -> str | None:
    # The longest leading country name wins: 中国台湾 is TW, 中国 alone CN.
    for k in range(min(len(text), 10), 1, -1):
        code = country_code(text[:k])
        if code and code not in OFFICES:
            return code
    return _province_country(text) or ("CN" if _CN_ADDRESS.search(text) else None)


def _province_country(text: str) -> str | None:
    """CN for a text that starts with a mainland province, TW/HK/MO for those; else None."""
    for name in _PROVINCES:
        if text.startswith(name):
            return _NOT_MAINLAND.get(name, "CN")
    return None


def province_country(province) -> str | None:
    """The country of a province field (``广东省`` or ``广东`` -> CN; ``台湾`` -> TW). CNKI's and
    CNIPA's 国省 columns name the country for a foreign applicant (``美国`` -> US)."""
    if not isinstance(province, str):
        return None
    return _province_country(province.strip()) or _nationality(province.strip())


@lru_cache(maxsize=65_536)
def name_country(name: str, written: str | None = None) -> str | None:
    """The country a name suggests (the last rule), or None when it suggests none.

    Read in this order: kana (JP) or hangul (KR); a country named in the name (``美国…``,
    ``…（德国）``); a Chinese place (``深圳…``, ``SHENZHEN …``) means CN; a legal form of one
    country (株式会社 JP, GMBH DE, LLC US, 有限公司 CN; see ``_LEGAL_FORMS``); else Han script
    means CN. ``written`` is the name as the export wrote it (legal forms are stripped from
    the normalised ``name``).
    """
    texts = [t for t in (name, written) if isinstance(t, str) and t.strip()]
    if not texts:
        return None
    joined = unicodedata.normalize("NFKC", " ".join(texts))
    if _KANA.search(joined):
        return "JP"
    if _HANGUL.search(joined):
        return "KR"
    upper = " ".join("".join(c if unicodedata.category(c)[0] in "LN" else " " for c in joined.upper()).split())
    han_parts = re.findall(r"[\u3400-\u9fff]+", joined)
    for part in han_parts:
        named = next((c for k in range(min(len(part), 10), 1, -1) for c in [_nationality(part[:k])] if c), None)
        if named:
            return named
        if part.startswith(_CN_PLACES_HAN):
            return "CN"
    for token in re.findall(r"[(（]\s*([^()（）]{2,12})\s*[)）]", joined):
        if _nationality(token):
            return _nationality(token)
    if set(upper.split()) & _CN_PLACES_LATIN:
        return "CN"
    for pattern, code in _LEGAL_FORMS:
        if pattern.search(upper):
            return code
    return "CN" if han_parts else None


def _aligned(countries, names: list[str]) -> list[tuple[str, str]]:
    """(applicant, country) pairs from an ``applicant_countries`` cell."""
    if countries is None or isinstance(countries, float):
        return []
    codes = [countries] if isinstance(countries, str) else [c for c in countries if isinstance(c, str)]
    if not codes or not names:
        return []
    if len(codes) == len(names):
        return list(zip(names, codes))
    return [(names[0], codes[0])]  # lists that do not align: the first is the first applicant's


def _column(points: pd.DataFrame, name: str) -> list:
    return points[name].tolist() if name in points else [None] * len(points)


def applicant_evidence(points: pd.DataFrame) -> pd.DataFrame:
    """Every piece of evidence of an applicant's country: ``applicant, rule, country``.

    One row per (record, applicant, rule) that says something; see the module's rules 1–4.
    """
    rows: list[tuple[str, str, str]] = []
    columns = [_column(points, c) for c in ("applicants", "applicant", "applicant_countries",
                                            "applicant_address", "province", "priority_country",
                                            "first_office")]
    for many, one, countries, address, province, priority, first in zip(*columns):
        names = record_applicants(many, one)
        if not names:
            continue
        for name, code in _aligned(countries, names):
            code = _nationality(code)
            if code:
                rows.append((name, "applicant_country", code))
        home = province_country(province) or address_country(address)
        if home:
            rows.append((names[0], "address", home))
        for rule, value in (("priority_country", priority), ("first_office", first)):
            code = _nationality(value)
            if code:
                rows.extend((name, rule, code) for name in names)
    return pd.DataFrame(rows, columns=["applicant", "rule", "country"])


def _written_forms(points: pd.DataFrame) -> dict[str, str]:
    """Each normalised applicant's first name as written (for the legal-form rule)."""
    if "applicants_written" not in points or "applicants" not in points:
        return {}
    out: dict[str, str] = {}
    for norm, written in zip(points["applicants"], points["applicants_written"]):
        norm, written = _names(norm), _names(written)
        if len(norm) == len(written):
            for n, w in zip(norm, written):
                out.setdefault(n, w)
    return out


def applicant_nationality(points: pd.DataFrame, *, name_rules: bool = True) -> pd.DataFrame:
    """Each applicant's country and the rule that decided it.

    Parameters
    ----------
    points : DataFrame
        A map bundle's points table: ``applicants`` and/or ``applicant``, and as many of
        :data:`EVIDENCE_COLUMNS` as the bundle has (none is required).
    name_rules : bool
        Let the name decide where the data says nothing (rule 5); without it such applicants
        are ``unknown``.

    Returns
    -------
    DataFrame
        ``applicant, country, decided_by``: one row per distinct applicant, sorted by name;
        ``country`` a two-letter code or None, ``decided_by`` one of :data:`RULES`.
    """
    names = sorted({n for m, o in zip(_column(points, "applicants"), _column(points, "applicant"))
                    for n in record_applicants(m, o)})
    evidence = applicant_evidence(points)
    decided = pd.DataFrame(columns=["applicant", "country", "decided_by"])
    if len(evidence):
        counts = evidence.groupby(["applicant", "rule", "country"]).size().rename("n").reset_index()
        counts["order"] = counts["rule"].map(RULES.index)
        counts = counts.sort_values(["applicant", "order", "n", "country"], ascending=[True, True, False, True])
        decided = (counts.drop_duplicates("applicant")
                   .rename(columns={"rule": "decided_by"})[["applicant", "country", "decided_by"]])
    # object dtype even when there is no name at all (a map without applicants), so the merge holds.
    out = pd.DataFrame({"applicant": pd.Series(names, dtype=object)}).merge(decided, on="applicant", how="left")
    rest = out["decided_by"].isna()
    written = _written_forms(points) if name_rules else {}
    by_name = [name_country(n, written.get(n)) if name_rules else None for n in out.loc[rest, "applicant"]]
    out.loc[rest, "country"] = by_name
    out.loc[rest, "decided_by"] = ["name" if c else "unknown" for c in by_name]
    out["country"] = out["country"].astype(object).where(out["country"].notna(), None)
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- at build time

def first_offices(records: pd.DataFrame) -> pd.Series:
    """The office of the earliest filing of each record's family, or None where unknown.

    Computed on the publications before they are collapsed to one per counting unit (the
    family's other members are gone after that). The family's earliest member (by filing
    date, else publication date, then id) is its first filing unless it claims a priority
    earlier than its own filing date or at another office: then the first filing lies outside
    the data and the answer is None (``priority_country`` says where). A family of one application is taken as
    its own first filing, so its own office is the answer, only when the export carries
    priority information at all (a blank priority then means none was claimed). Without it
    the office where a record was filed says nothing of its applicant: a CN-only corpus puts
    everyone at CNIPA, and in a US-heavy corpus Bosch, Samsung and Honda file mostly in the
    US (measured on the Lens robotics export, see bench/nationality.py). Then the answer is
    None and the later rules decide.
    """
    from landscape.units import application_groups, family_groups

    if records.empty or "country" not in records:
        return pd.Series([None] * len(records), index=records.index, dtype=object)
    df = records.reset_index(drop=True)
    family = family_groups(df).to_numpy()
    applications = application_groups(df).to_numpy()
    filed = pd.to_datetime(df.get("filing_date"), errors="coerce") if "filing_date" in df else None
    published = pd.to_datetime(df.get("publication_date"), errors="coerce") if "publication_date" in df else None
    when = filed if filed is not None else published
    if when is None:
        return pd.Series([None] * len(records), index=records.index, dtype=object)
    if published is not None:
        when = when.fillna(published)
    priority = (pd.to_datetime(df["priority_date"], errors="coerce") if "priority_date" in df
                else pd.Series(pd.NaT, index=df.index))
    has_priority_info = bool(priority.notna().any()) or (
        "priority_country" in df and bool(df["priority_country"].notna().any()))
    earlier = (priority < filed).fillna(False) if filed is not None else pd.Series(False, index=df.index)
    priority_office = (df["priority_country"].map(_nationality) if "priority_country" in df
                       else pd.Series(None, index=df.index, dtype=object))
    elsewhere = priority_office.notna() & priority_office.ne(df["country"])
    frame = pd.DataFrame({"family": family, "application": applications, "when": when,
                          "id": df["id"].astype(str), "country": df["country"],
                          "claims_earlier": earlier | elsewhere})
    ordered = frame.sort_values(["family", "when", "id"], na_position="last")
    first = ordered.drop_duplicates("family").set_index("family")
    n_applications = frame.groupby("family")["application"].nunique()
    trusted = (~first["claims_earlier"].astype(bool)) & first["when"].notna() & (
        (n_applications.reindex(first.index) > 1) | has_priority_info)
    office = first["country"].where(trusted)
    out = pd.Series(family, index=records.index).map(office)
    return out.astype(object).where(out.notna(), None)
