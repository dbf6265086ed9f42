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

Each listed applicant belongs to the group named (the group's own name too); naming a group
the rules also make (``"TENCENT" = ["腾讯科技（深圳）有限公司"]``) adds to it, which is how names
in two scripts and acquisitions are joined. Each name under ``[separate]`` is its own group. The
other applicants keep the rules' groups.
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

from landscape.ingest.countries import country_code
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
    family = w["latin_pinyin_surnames"] | w["latin_korean_surnames"]
    return any(x in w["latin_given"] or len(x) == 1 for x in words) or \
        (len(words) <= 3 and (words[0] in family or words[-1] in family)) or \
        (len(words) <= 3 and all(len(x) >= 3 and _ROMAJI_RE.fullmatch(x) for x in words))


# A word made of Japanese syllables as Hepburn romanises them (HASEGAWA, TADAAKI, KENICHIRO):
# two or three such words and no firm word are a Japanese person's name.
_ROMAJI_RE = re.compile(r"(?:(?:[KGSZTDNHBPMR]Y?|SH|CH|TS|[JFWY])?[AIUEO]|N)+")


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


def _han_stem(name: str) -> tuple[str, str] | None:
    """(leading place, trade name) of a Chinese firm's name: (深圳, 大疆) of 深圳市大疆创新科技,
    ("", 大疆) of 大疆（北京）科技; None when the name has no distinctive trade name."""
    w = _words()
    s = _BRACKETS_RE.sub("", name).replace(" ", "")
    place = ""
    while True:  # 广东省深圳市X: every leading place goes
        m = w["han_leading_place_re"].match(s)
        if not m or m.end() >= len(s) - 1:
            break
        place, s = place + m.group(), s[m.end():]
    cut = w["han_business_re"].search(s, 2)
    core = s[: cut.start()] if cut else s
    if len(core) < 2 or core in w["han_generic"] or core in w["han_places"]:
        return None
    return place, core.upper()


def _han_keys(name: str, kind: str) -> tuple[list[tuple], bool]:
    """The keys a Chinese name groups by (see :func:`_stem_keys`).

    A trade name is unique only where it was registered: 惠州市绿色… and 茂名绿色… are
    unrelated, so a name led by its place groups with the names of that place. A firm
    registered without a place, or with the place in brackets (大疆（北京）科技), holds its
    trade name across the country, and the local firms of that trade name join it.
    """
    s = _BRACKETS_RE.sub("", name).replace(" ", "")
    if "大学" in s:  # a university is its whole name: 中山 is also a city
        return [("stem", "academic", s[: s.index("大学") + 2])], True
    if "科学院" in s:  # an academy and its institutes: 中国科学院…, 广东省科学院…
        return [("stem", "other", s[: s.index("科学院") + 3])], True
    if kind != "firm":
        return [], False  # an institute or hospital is named by its place and field
    found = _han_stem(name)
    if not found:
        return [], False
    place, core = found
    if not place:
        return [("stem", "other", core)], True
    return [("local", "other", place.rstrip("省市区县") + core), ("stem", "other", core)], False


@lru_cache(maxsize=4096)
def _country(word: str) -> bool:
    """A country's name (DENMARK, THAILAND); two- and three-letter words are too often not."""
    return len(word) >= 4 and country_code(word) is not None


def _known(word: str) -> bool:
    """A word that says what a firm does or where, not which firm it is."""
    w = _words()
    return word.isdigit() or _country(word) or any(word in w[k] for k in (
        "latin_business", "latin_generic", "latin_places", "university_latin", "institute_latin"))


def _firm_stem(words: list[str], distinctive) -> tuple[int, int] | None:
    """(start, end) of a firm's stem: from its first word that is no city and no given name,
    to its first distinctive word."""
    w = _words()
    i = 0
    while i < len(words) - 1 and (words[i] in w["latin_places"] or words[i] in w["latin_given"]):
        i += 1
    for j in range(i, len(words)):
        if distinctive(words[j]):
            return i, j + 1
    # No distinctive word: generic words and a business word still name one firm
    # ("GEN ELECTRIC"); a generic word and a place ("UNIV CALIFORNIA") or a kind of
    # body ("INSTITUTE OF ADVANCED TECH") do not.
    for j in range(i + 1, len(words)):
        if words[j] in w["latin_business"]:
            return (i, j + 1) if all(x in w["latin_generic"] for x in words[i:j]) else None
    return None


_FILLERS = frozenset("OF THE AND FOR AT IN DE DU DES DI LA LE E DEGLI DELLA STUDI".split())


def _academic_stem(words: list[str]) -> str | None:
    """A university's or institute's stem: its words up to the second that is no kind of body
    and no generic word, in any order. UNIV CARNEGIE MELLON and CARNEGIE MELLON UNIV CTTEC
    share CARNEGIE MELLON; UNIV BEIJING and UNIV BEIJING CHEM TECH do not share one (many are
    named by their city), nor do UNIV NORTH CHINA and UNIV NORTH CHINA ELECTRIC POWER."""
    w = _words()
    skipped = w["university_latin"] | w["institute_latin"] | _FILLERS
    kept, counted = [], 0
    for word in words:
        if word in skipped or len(word) < 2:
            continue
        kept.append(word)
        counted += word not in w["latin_generic"]
        if counted == 2:
            break
    return " ".join(sorted(kept)) if counted else None


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


def _stem_keys(norm: str, kind: str, distinctive: set[str]) -> tuple[list[tuple], bool]:
    """The keys a name groups by, and whether it anchors its stem.

    A firm anchors its stem when nothing but business, region or generic words follow it
    (``ACME``, ``ACME CHEMICAL KOREA``): such names are one group. A name with other words
    after the stem (``ACME FOO SYSTEMS``) joins an anchored stem only if it holds a business
    word, so people sharing a family name (``HASEGAWA TARO``, ``HASEGAWA HANAKO``) and a
    founder's namesake (``BROOKS RODNEY`` beside ``BROOKS AUTOMATION``) stay apart; names
    that share their first two words and a business word (``STRONG FORCE VCN PORTFOLIO``,
    ``STRONG FORCE TX PORTFOLIO``) are one group too.
    """
    if kind not in _GROUPED_KINDS:
        return [], False
    academic = _is_university(norm)
    if kind == "hospital" and not academic:
        return [], False  # a hospital's name begins with its city or its owner, not a brand
    sector = "academic" if academic else "other"
    if _HAN_RE.search(norm):
        return _han_keys(norm, kind)
    words = norm.split()
    body = _words()["university_latin"] | _words()["institute_latin"]
    span = _firm_stem(words, distinctive.__contains__)
    if kind in ("university", "institute") or academic:
        named_by_firm = span and not body.intersection(words[span[0]:span[1]])
        if not (kind == "institute" and not academic and named_by_firm):
            stem = _academic_stem(words)
            return ([("stem", sector, stem)], True) if stem else ([], False)
    if span is None:
        return [], False
    start, end = span
    stem, rest = " ".join(words[start:end]), words[end:]
    if all(_known(x) for x in rest):
        return [("stem", sector, stem)], True
    if not any(x in _words()["latin_business"] for x in rest):
        return [], False
    keys = [("stem", sector, stem)]
    if not _known(rest[0]):
        keys.append(("stem2", sector, f"{stem} {rest[0]}"))
    return keys, False


# --------------------------------------------------------------------------- groups


def _same_people(norms: list[str], kinds: list[str]) -> list[list[int]]:
    """Indices of names that are one person written with and without a middle initial.

    ``IZHIKEVICH EUGENE M`` is ``IZHIKEVICH EUGENE``; ``FLINN STEVEN D`` is ``FLINN STEVEN
    DENNIS`` when no other ``FLINN STEVEN D…`` is there (``EBRAHIMI AFROUZI ALI`` and
    ``EBRAHIMI AFROUZI AMIN`` are two people and never meet here without an initial form).
    """
    without_initials: dict[tuple, list[int]] = {}
    by_initial: dict[tuple, list[int]] = {}
    for i, (norm, kind) in enumerate(zip(norms, kinds)):
        words = norm.split()
        if kind != "individual" or _HAN_RE.search(norm) or len(words) < 2:
            continue
        full = tuple(x for x in words if len(x) > 1)
        if len(full) >= 2:
            without_initials.setdefault(full, []).append(i)
        if len(words) >= 3:
            by_initial.setdefault((*words[:-1], words[-1][0]), []).append(i)
    out = [idx for idx in without_initials.values() if len(idx) > 1]
    for idx in by_initial.values():
        spelled = {norms[i] for i in idx if len(norms[i].split()[-1]) > 1}
        if len(idx) > 1 and len(spelled) <= 1:
            out.append(idx)
    return out


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


def _lead_words(norm: str) -> list[str]:
    """A Latin name's words from its first one that is no city and no given name."""
    words, w = norm.split(), _words()
    i = 0
    while i < len(words) - 1 and (words[i] in w["latin_places"] or words[i] in w["latin_given"]):
        i += 1
    return words[i:]


def _group_name(names: list[str], stems: list[str | None], weight: Counter, *, academic: bool) -> str:
    """A group's name: the words all its Latin names begin with (``STRONG FORCE``,
    ``SAMSUNG``), else the name written most often; a university's or institute's most
    written name (``UNIV CARNEGIE MELLON``, not ``UNIV``); in Chinese its most common stem
    (``大疆``, ``广州地铁``)."""
    latin = [_lead_words(n) for n in names if not _HAN_RE.search(n)]
    if academic and len(latin) == len(names):
        return _most_used(names, weight)  # UNIV CARNEGIE MELLON, not UNIV
    if len(latin) == len(names):
        common = []
        for column in zip(*latin):
            if len(set(column)) > 1:
                break
            common.append(column[0])
        if common:
            return " ".join(common)
        return _most_used(names, weight)  # ROBERT BOSCH and BOSCH ROBERT share no first word
    votes = Counter()
    for name, stem in zip(names, stems):
        if stem:
            votes[stem] += weight[name]
    if not votes:
        return _most_used(names, weight)
    return min(votes, key=lambda s: (-votes[s], len(s), s))


def _most_used(names: list[str], weight: Counter) -> str:
    """The name written most often (ties: the shorter, then the first in order)."""
    return min(names, key=lambda n: (-weight[n], len(n), n))


def applicant_groups(names: Iterable[str] | Mapping[str, int], overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each applicant's corporate group, by the name rules of this module and the user's overrides.

    Parameters
    ----------
    names
        Applicant names (normalised ones, as the map holds them; names as written work too),
        or a mapping of name -> patent count. A name given several times, or with a larger
        count, weighs more when a group is named after its most used name.
    overrides
        Normalised name -> group name, as :func:`load_group_overrides` reads them; these win
        over the rules.

    Returns
    -------
    dict
        Every distinct name given -> its group's name. A name the rules leave alone is its own
        group.
    """
    counts = names if isinstance(names, Mapping) else Counter(
        n for n in names if isinstance(n, str) and n.strip())
    given = [n for n in counts if isinstance(n, str) and n.strip()]
    weight = Counter()
    for n in given:
        weight[applicant_name(n) or n.strip()] += counts[n]
    unique = list(dict.fromkeys(given))
    norms = [applicant_name(n) or n.strip() for n in unique]  # "-" has no letters to normalise
    fixed = {applicant_name(k): v for k, v in (overrides or {}).items()}
    distinctive = _distinctive_words([n for n in dict.fromkeys(norms) if not _HAN_RE.search(n)])
    kinds = [applicant_kind(n) for n in norms]
    found = [([], False) if n in fixed else _stem_keys(n, k, distinctive) for n, k in zip(norms, kinds)]
    anchored = {keys[0] for keys, anchor in found if anchor}

    union = _Union(len(unique))
    first_with: dict = {}
    for i, (norm, kind, (keys, anchor)) in enumerate(zip(norms, kinds, found)):
        if norm in fixed:
            continue
        joined = [("name", norm)]
        joined += [k for k in keys if anchor or k[0] in ("stem2", "local") or k in anchored]
        if not _HAN_RE.search(norm) and kind in (*_GROUPED_KINDS, "individual"):
            # The same words in another order: BOSCH ROBERT and ROBERT BOSCH.
            joined.append(("words", _is_university(norm), frozenset(norm.split())))
        for key in joined:
            union.join(i, first_with.setdefault(key, i))
    for same in _same_people(norms, kinds):
        for i in same[1:]:
            union.join(i, same[0])

    members: dict[int, list[int]] = {}
    for i in range(len(unique)):
        members.setdefault(union.find(i), []).append(i)
    named = {}
    for root, group in members.items():
        distinct = list(dict.fromkeys(norms[i] for i in group))
        named[root] = distinct[0]
        if len(distinct) > 1:
            stems = [found[i][0][0][2] if found[i][0] else None for i in group]
            named[root] = _group_name([norms[i] for i in group], stems, weight, academic=all(
                kinds[i] in ("university", "institute") for i in group))
    # Two groups must never share a name, or they would be counted as one: a group whose
    # name is taken goes by its shortest member (no two groups share a member).
    taken = Counter(named.values())
    member_of = {norms[i]: root for root, group in members.items() for i in group}
    out: dict[str, str] = {}
    for root, group in members.items():
        name = named[root]
        if taken[name] > 1 or member_of.get(name, root) != root:
            name = min((norms[i] for i in group), key=lambda n: (len(n), n))
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
