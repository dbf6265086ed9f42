"""What kind of applicant a name is: firm, university, institute, hospital, government,
individual or unknown; and the word lists the applicant rules read.

Pure functions over applicant names (as written or normalised by
:func:`landscape.ingest.normalize.applicant_name`). The word lists are data:
``applicant_words.toml`` beside this module. :mod:`landscape.analyse.groups` builds corporate
groups on top of these kinds (universities never group with firms; individuals stay alone).
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from importlib import resources

from landscape.ingest.normalize import applicant_name

#: What :func:`applicant_kind` answers.
KINDS = ("firm", "university", "institute", "individual", "hospital", "government", "unknown")

HAN = "\u3400-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")
BRACKETS_RE = re.compile(r"（[^（）]*）")


@lru_cache(maxsize=1)
def applicant_words() -> dict:
    """The word lists of ``applicant_words.toml``: ``latin_*``, ``han_*`` and the kind words, as
    sets, plus compiled patterns for the Han words searched inside names (read once, on first use)."""
    text = resources.files(__package__).joinpath("applicant_words.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    out = {f"{script}_{key}": frozenset(value.split())
           for script in ("latin", "han") for key, value in data[script].items()}
    out.update({key: frozenset(value.split()) for key, value in data["kind"].items()})
    # One pattern each for the Han words searched inside a name, longest first.
    for key in ("han_business", "han_places"):
        words = sorted(out[key], key=len, reverse=True)
        out[key + "_re"] = re.compile("|".join(map(re.escape, words)))
    places = "|".join(map(re.escape, sorted(out["han_places"], key=len, reverse=True)))
    out["han_leading_place_re"] = re.compile(f"(?:{places})(?:省|市|自治区|特别行政区|区|县)?")
    return out


def _has_latin(name: str, key: str) -> bool:
    return not applicant_words()[key].isdisjoint(name.split())


def _han_kind(name: str) -> str | None:
    """The kind a Chinese name's last kind word says: the head noun comes last in Chinese
    (星海大学附属第一医院 is a hospital, 星海大学深圳研究院 an institute, 中国科学院大学 a university)."""
    w = applicant_words()
    best = None  # (end, length, kind)
    for kind in ("hospital", "university", "institute", "government"):
        for word in w[f"{kind}_han"]:
            at = name.rfind(word)
            if at >= 0:
                best = max(best or (-1, 0, ""), (at + len(word), len(word), kind))
    if best and re.search("科技|集团|股份", name[best[0]:]):
        return None  # 某某设计研究院科技(集团): a firm that carries an institute's name
    return best[2] if best else None


def is_university(name: str) -> bool:
    # 学院 is a college, but 科学院 (an academy of sciences) is an institute.
    return _has_latin(name, "university_latin") or "大学" in name or \
        "学院" in name.replace("科学院", "")


def _latin_person(name: str) -> bool:
    """``SURNAME GIVEN`` or ``Given Surname``: 2-4 words of letters, a given name or an initial."""
    words = name.split()
    w = applicant_words()
    if not 2 <= len(words) <= 4 or not all(x.isalpha() and x.isascii() for x in words):
        return False
    firm_words = w["latin_business"] | w["latin_generic"] | w["latin_places"] | w["latin_founders"]
    if any(x in firm_words for x in words):
        return False
    family = w["latin_pinyin_surnames"] | w["latin_korean_surnames"]
    return any(x in w["latin_given"] or len(x) == 1 for x in words) or \
        (len(words) <= 3 and (words[0] in family or words[-1] in family)) or \
        (len(words) <= 3 and all(len(x) >= 3 and _ROMAJI_RE.fullmatch(x) for x in words))


# A word made of Japanese syllables as Hepburn romanises them (HASEGAWA, TADAAKI, KENICHIRO):
# two or three such words and no firm word are a Japanese person's name.
_ROMAJI_RE = re.compile(r"(?:(?:[KGSZTDNHBPMR]Y?|SH|CH|TS|[JFWY])?[AIUEO]|N)+")


def _han_person(name: str) -> bool:
    """2-4 Han characters beginning with a common surname, and no firm word."""
    w = applicant_words()
    if not (2 <= len(name) <= 4 and all(HAN_RE.match(c) for c in name)):
        return False
    if w["han_business_re"].search(name):
        return False
    return name[:2] in w["han_surnames"] or name[0] in w["han_surnames"]


def _letters(text: str) -> int:
    return sum(c.isalnum() for c in unicodedata.normalize("NFKC", text))


def applicant_kind(name: str) -> str:
    """What kind of applicant a name is.

    Parameters
    ----------
    name
        An applicant name, as written or normalised.

    Returns
    -------
    str
        ``hospital``, ``university``, ``institute`` (research institutes, academies,
        laboratories), ``government``, ``individual`` (a person: 2-4 Han characters beginning
        with a common family name; or 2-4 Latin words and no firm word, with a known given
        name, an initial, a Chinese or Korean family name, or only Japanese syllables),
        ``firm`` (every other name), or ``unknown`` (no name).
        A 2-4 character Chinese brand beginning with a surname reads as a person: pass the
        name as written where you have it, since its legal form (有限公司) shows a firm.
    """
    return applicant_kind_rule(name)[0]


def applicant_kind_rule(name: str) -> tuple[str, str]:
    """(:func:`applicant_kind`, the rule that decided it): ``name words`` (a kind word such as
    大学, 医院, University, Inc), ``legal form`` (a legal form such as 有限公司 or GmbH was
    written), ``person name`` (the individual rule), ``no firm words`` (a firm by default:
    nothing else matched) or ``no name``."""
    raw = "" if name is None else str(name)
    norm = applicant_name(raw)
    if not norm:
        return "unknown", "no name"
    if HAN_RE.search(norm):
        han_kind = _han_kind(BRACKETS_RE.sub("", norm))
        if han_kind:
            return han_kind, "name words"
    elif _has_latin(norm, "hospital_latin"):
        return "hospital", "name words"
    institute_of = "INST" in norm.split() and "TECHNOLOGY" in norm.split()
    head = norm.split(" OF ")[0]  # English puts the head noun first: X RESEARCH INSTITUTE OF Y UNIV
    if head != norm and not institute_of and _has_latin(head, "institute_latin") and not is_university(head):
        return "institute", "name words"
    if is_university(norm) or institute_of:
        return "university", "name words"
    if _has_latin(norm, "institute_latin") or " ".join(norm.split()[-2:]) == "RES INST":
        return "institute", "name words"
    if _has_latin(norm, "government_latin"):
        return "government", "name words"
    if _letters(norm) < _letters(raw):
        return "firm", "legal form"  # a legal form was taken off: a person has none
    if _latin_person(norm) or _han_person(norm):
        return "individual", "person name"
    return "firm", "no firm words"
