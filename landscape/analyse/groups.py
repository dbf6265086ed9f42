"""Corporate groups and kinds of applicants, from their names.

Pure functions over normalised applicant names (:func:`landscape.ingest.normalize.applicant_name`);
:mod:`landscape.analyse.applicants` calls them to build the bundle's applicant table.

Groups
------
A group is the firms that share a *distinctive stem*: the name's first distinctive word, after
any leading city or province (``SHENZHEN``, ``汕头市``) and given names, with the words before it
that are not places. ``ACME ADVANCED MAT KOREA``, ``ACME CHEMICAL KOREA`` and ``ACME BATTERY
SEPARATOR FILM`` share ``ACME``; ``深圳市大疆创新科技`` and ``大疆（北京）科技`` share ``大疆`` (a
Chinese trade name ends where the first industry word begins: 大疆|创新科技). A stem is
distinctive when it is no place, no generic word (``CHINA``, ``GENERAL``, ``UNIV``, ``中国``,
``南方``), no business-line or subsidiary word (``CHEMICAL``, ``KOREA``, ``科技``) and, among the
names given, begins names more often than it stands inside them (``ROBOTICS`` and ``STAR`` stand
inside many unrelated names; ``SAMSUNG`` begins them). The word lists are data:
``applicant_words.toml`` beside this module.

Names with the same words in another order are one firm (``BOSCH ROBERT``, ``ROBERT BOSCH``).
Universities and their hospitals and institutes group together by the university's name
(``星海大学``, ``星海大学附属第一医院``) and never with firms; individuals, other hospitals and
government bodies are each their own group. A group of several names is named by its stem; a
name alone is its own group.

Overrides
---------
``WORKSPACE/applicant_groups.toml`` corrects the rules (names are compared normalised, so
``"SK Chemical Co., Ltd."`` and ``"SK CHEMICAL"`` are the same)::

    [groups]
    # the group's name = the applicants in it
    "SK INNOVATION" = ["SK IE TECH", "SK CHEMICAL"]

    [separate]
    # applicants the rules must leave on their own
    names = ["DELTA AIR LINES"]

Each listed applicant belongs to the group named (the group's own name too); each name under
``[separate]`` is its own group. The other applicants keep the rules' groups.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

from landscape.ingest.normalize import applicant_name

#: The overrides file inside a workspace.
OVERRIDES_FILE = "applicant_groups.toml"
#: What :func:`applicant_kind` answers.
KINDS = ("firm", "university", "institute", "individual", "hospital", "government", "unknown")

_HAN = "\u3400-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{_HAN}]")
_BRACKETS_RE = re.compile(r"（[^（）]*）")
_LATIN_WORD_RE = re.compile(r"[A-Z][A-Z0-9]*")


@lru_cache(maxsize=1)
def _words() -> dict:
    """The word lists of ``applicant_words.toml``, as sets (read once, on first use)."""
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


# --------------------------------------------------------------------------- kinds


def _has_latin(name: str, key: str) -> bool:
    return not _words()[key].isdisjoint(name.split())


def _han_kind(name: str) -> str | None:
    """The kind a Chinese name's last kind word says: the head noun comes last in Chinese
    (星海大学附属第一医院 is a hospital, 星海大学深圳研究院 an institute, 中国科学院大学 a university)."""
    w = _words()
    best = None  # (end, length, kind)
    for kind in ("hospital", "university", "institute", "government"):
        for word in w[f"{kind}_han"]:
            at = name.rfind(word)
            if at >= 0:
                best = max(best or (-1, 0, ""), (at + len(word), len(word), kind))
    return best[2] if best else None


def _is_university(name: str) -> bool:
    # 学院 is a college, but 科学院 (an academy of sciences) is an institute.
    return _has_latin(name, "university_latin") or "大学" in name or \
        "学院" in name.replace("科学院", "")


def _latin_person(name: str) -> bool:
    """``SURNAME GIVEN`` or ``Given Surname``: 2-4 words of letters, a given name or an initial."""
    words = name.split()
    w = _words()
    if not 2 <= len(words) <= 4 or not all(x.isalpha() and x.isascii() for x in words):
        return False
    firm_words = w["latin_business"] | w["latin_generic"] | w["latin_places"] | w["latin_founders"]
    if any(x in firm_words for x in words):
        return False
    return any(x in w["latin_given"] or len(x) == 1 for x in words) or \
        (len(words) <= 3 and (words[0] in w["latin_pinyin_surnames"] or words[-1] in w["latin_pinyin_surnames"]))


def _han_person(name: str) -> bool:
    """2-4 Han characters beginning with a common surname, and no firm word."""
    w = _words()
    if not (2 <= len(name) <= 4 and all(_HAN_RE.match(c) for c in name)):
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
        with a common surname, or 2-4 Latin words with a given name or an initial and no
        firm word), ``firm`` (every other name), or ``unknown`` (no name).
        A 2-4 character Chinese brand beginning with a surname reads as a person: pass the
        name as written where you have it, since its legal form (有限公司) shows a firm.
    """
    raw = "" if name is None else str(name)
    norm = applicant_name(raw)
    if not norm:
        return "unknown"
    if _HAN_RE.search(norm):
        han_kind = _han_kind(_BRACKETS_RE.sub("", norm))
        if han_kind:
            return han_kind
    elif _has_latin(norm, "hospital_latin"):
        return "hospital"
    if _is_university(norm) or ("INST" in norm.split() and "TECHNOLOGY" in norm.split()):
        return "university"
    if _has_latin(norm, "institute_latin") or " ".join(norm.split()[-2:]) == "RES INST":
        return "institute"
    if _has_latin(norm, "government_latin"):
        return "government"
    if _letters(norm) < _letters(raw):
        return "firm"  # a legal form was taken off: a person has none
    if _latin_person(norm) or _han_person(norm):
        return "individual"
    return "firm"


# --------------------------------------------------------------------------- stems


def _han_stem(name: str) -> str | None:
    """The trade name of a Chinese name (大疆 of 深圳市大疆创新科技), or None."""
    w = _words()
    s = _BRACKETS_RE.sub("", name).replace(" ", "")
    if "大学" in s:
        return s[: s.index("大学") + 2]  # a university is its whole name: 中山 is also a city
    if s.startswith("中国科学院"):
        return "中国科学院"
    while True:  # 广东省深圳市X: every leading place goes
        m = w["han_leading_place_re"].match(s)
        if not m or m.end() >= len(s) - 1:
            break
        s = s[m.end():]
    cut = w["han_business_re"].search(s, 2)
    core = s[: cut.start()] if cut else s
    if len(core) < 2 or core in w["han_generic"] or core in w["han_places"]:
        return None
    return core.upper()


def _latin_stem(words: list[str], distinctive) -> str | None:
    """Words up to the first distinctive one, leading places and given names dropped."""
    w = _words()
    i = 0
    while i < len(words) - 1 and (words[i] in w["latin_places"] or words[i] in w["latin_given"]):
        i += 1
    for j in range(i, len(words)):
        if distinctive(words[j]):
            return " ".join(words[i:j + 1])
    # No distinctive word: a generic word and a business word still name one firm
    # ("GEN ELECTRIC"), but a generic word and a place do not ("UNIV CALIFORNIA").
    for j in range(i + 1, len(words)):
        if words[j] in w["latin_business"]:
            return " ".join(words[i:j + 1])
    return None


def _distinctive_words(names: list[str]) -> set[str]:
    """Words that may stand as a stem among these names.

    A brand begins names (``SAMSUNG ELECTRONICS``); a common word mostly stands inside them
    (``FIGURE AI``, ``ARGO AI``). A word that stands inside names more often than it begins
    them, twice or more, is too common here to group by.
    """
    w = _words()
    banned = w["latin_generic"] | w["latin_places"] | w["latin_business"] | w["latin_given"] | \
        w["university_latin"] | w["institute_latin"]
    first, inside = Counter(), Counter()
    for name in names:
        words = name.split()
        if words:
            first[words[0]] += 1
        inside.update(set(words[1:]))
    return {word for word in first.keys() | inside.keys()
            if word not in banned and len(word) >= 2 and not word.isdigit()
            and not (inside[word] >= 2 and inside[word] > first[word])}


_GROUPED_KINDS = ("firm", "institute", "university", "hospital")


def _stem(norm: str, kind: str, distinctive: set[str]) -> tuple[str, str] | None:
    """(sector, stem) the name groups by, or None when it stands alone."""
    if kind not in _GROUPED_KINDS:
        return None
    academic = _is_university(norm)
    if kind == "hospital" and not academic:
        return None  # a hospital's name begins with its city or its owner, not a brand
    if _HAN_RE.search(norm):
        stem = _han_stem(norm)
    else:
        stem = _latin_stem(norm.split(), distinctive.__contains__)
    return ("academic" if academic else "other", stem) if stem else None


# --------------------------------------------------------------------------- groups


class _Union:
    """Union-find over indices: the names that end in one group."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def _group_name(members: list[int], norms: list[str], stems: list, weight: Counter) -> str:
    """A group's name: its most common stem (ties: the shorter), as a member writes it if one does."""
    votes = Counter()
    for i in members:
        if stems[i]:
            votes[stems[i][1]] += weight[norms[i]]
    if not votes:
        return min((norms[i] for i in members), key=lambda n: (len(n), n))
    return min(votes, key=lambda s: (-votes[s], len(s), s))


def applicant_groups(names: Iterable[str], overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each applicant's corporate group, by the name rules of this module and the user's overrides.

    Parameters
    ----------
    names
        Applicant names (normalised ones, as the map holds them; names as written work too).
        A name given several times weighs more when the group is named.
    overrides
        Normalised name -> group name, as :func:`load_group_overrides` reads them; these win
        over the rules.

    Returns
    -------
    dict
        Every distinct name given -> its group's name. A name the rules leave alone is its own
        group.
    """
    given = [n for n in names if isinstance(n, str) and n.strip()]
    weight = Counter(applicant_name(n) for n in given)
    unique = list(dict.fromkeys(given))
    norms = [applicant_name(n) for n in unique]
    fixed = {applicant_name(k): v for k, v in (overrides or {}).items()}
    distinctive = _distinctive_words([n for n in dict.fromkeys(norms) if not _HAN_RE.search(n)])
    kinds = [applicant_kind(n) for n in norms]
    stems = [None if n in fixed else _stem(n, k, distinctive) for n, k in zip(norms, kinds)]

    union = _Union(len(unique))
    first_with: dict = {}
    for i, (norm, kind, stem) in enumerate(zip(norms, kinds, stems)):
        if norm in fixed:
            continue
        keys = [("name", norm)]
        if stem:
            keys.append(("stem", *stem))
        if not _HAN_RE.search(norm) and kind in (*_GROUPED_KINDS, "individual"):
            keys.append(("words", _is_university(norm), frozenset(norm.split())))
        for key in keys:
            union.join(i, first_with.setdefault(key, i))

    members: dict[int, list[int]] = {}
    for i in range(len(unique)):
        members.setdefault(union.find(i), []).append(i)
    out: dict[str, str] = {}
    for group in members.values():
        distinct = {norms[i] for i in group}
        name = _group_name(group, norms, stems, weight) if len(distinct) > 1 else norms[group[0]]
        for i in group:
            out[unique[i]] = fixed.get(norms[i], name)
    return out


# --------------------------------------------------------------------------- overrides


def _names(value, path: Path, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{path}: {key} must be a list of applicant names, "
                         f'e.g. ["SK IE TECH", "SK CHEMICAL"]')
    return value


def load_group_overrides(workspace: Path) -> dict[str, str]:
    """The user's corrections to the groups, from ``WORKSPACE/applicant_groups.toml``.

    Parameters
    ----------
    workspace
        The workspace folder. No file there means no corrections.

    Returns
    -------
    dict
        Normalised applicant name -> group name (see the module docstring for the format).

    Raises
    ------
    ValueError
        The file is not TOML, has a table or key this format lacks, a value that is not a
        list of names, or a name in two places; the message names the file and the key.
    """
    path = Path(workspace) / OVERRIDES_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ValueError(f"{path}: not valid TOML ({err}); see the format in "
                         "landscape/analyse/groups.py") from None
    unknown = set(data) - {"groups", "separate"}
    if unknown:
        raise ValueError(f"{path}: unknown table or key {sorted(unknown)[0]!r}; "
                         "the file has [groups] and [separate]")
    groups, separate = data.get("groups", {}), data.get("separate", {})
    if not isinstance(groups, dict):
        raise ValueError(f"{path}: groups must be a table: [groups] then \"GROUP\" = [\"NAME\", ...]")
    if not isinstance(separate, dict) or set(separate) - {"names"}:
        raise ValueError(f"{path}: [separate] holds one key, names = [\"NAME\", ...]")
    out: dict[str, str] = {}
    where: dict[str, str] = {}

    def put(name: str, group: str, key: str) -> None:
        norm = applicant_name(name)
        if norm in out and out[norm] != group:
            raise ValueError(f"{path}: {name!r} is in {where[norm]} and in {key}; "
                             "an applicant belongs to one group")
        out[norm], where[norm] = group, key

    for group, members in groups.items():
        key = f"[groups] {group!r}"
        if not group.strip():
            raise ValueError(f"{path}: [groups] has a group with an empty name")
        for member in _names(members, path, key):
            put(member, group.strip(), key)
        out.setdefault(applicant_name(group), group.strip())
        where.setdefault(applicant_name(group), key)
    for name in _names(separate.get("names", []), path, "[separate] names"):
        put(name, applicant_name(name), "[separate] names")
    return out
