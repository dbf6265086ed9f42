"""Corporate groups and kinds of applicants, from their names.

Pure functions over normalised applicant names (:func:`landscape.ingest.normalize.applicant_name`);
:mod:`landscape.analyse.applicants` calls them to build the bundle's applicant table.

Groups
------
Names share a group when they share a *distinctive stem* and nothing but business-line,
subsidiary or region words follow it: ``ACME``, ``ACME ADVANCED MAT KOREA``, ``ACME CHEMICAL
KOREA`` and ``ACME BATTERY SEPARATOR FILM`` are ACME. The stem is the name's first distinctive
word, after any leading city (``SHENZHEN UBTECH``) or given name (``ROBERT BOSCH``). A word is
distinctive when it is no place, no generic word (``CHINA``, ``GENERAL``, ``NATIONAL``, ``UNIV``),
no business or region word (``CHEMICAL``, ``KOREA``) and, among the names given, begins names
more often than it stands inside them (``AI`` stands inside FIGURE AI, ARGO AI ...). A name with
other words after the stem joins only a stem some plain name anchors, and only if it holds a
business word too, so people who share a family name (``HASEGAWA TARO``, ``HASEGAWA HANAKO``)
or a firm's (``BROOKS RODNEY``, ``BROOKS AUTOMATION``) stay apart; names sharing their first
two words and a business word are one group (``STRONG FORCE TX PORTFOLIO``, ``STRONG FORCE
IOT PORTFOLIO``). The same words in another order are one name (``BOSCH ROBERT``).

Chinese names: the trade name ends where the first industry word begins (大疆|创新科技). A
trade name is unique only where it was registered and in its own trade, so names of one trade
name group only around an anchor: the trade name alone (``美的`` of 美的集团股份有限公司,
``广州地铁``), a group or holding (…集团…, …控股…) or a brand's branch with its place in
brackets (``大疆（北京）科技``). ``惠州市绿色…`` and ``茂名绿色…`` stay apart, and so do
``汕头市示例玩具`` and ``示例塑胶制品``; ``广州地铁建设管理`` joins ``广州地铁``, and a name led by its
place (``深圳市大疆创新科技``, ``广东美的制冷设备``) joins an anchor registered without one. An
academy groups its institutes (``中国科学院…``, ``广东省科学院…``).

Universities group with their hospitals and institutes by the university's name (``星海大学``,
``星海大学附属第一医院``; in Latin script by their first two words that are not UNIV, INST ...:
``UNIV CARNEGIE MELLON`` and ``CARNEGIE MELLON UNIV CTTEC``) and never with firms. People are
their own group but for one person written with and without a middle initial. Other
hospitals and government bodies stand alone. A group of several names is named by the words all
its names begin with (``STRONG FORCE``), a Chinese group by its trade name, else by the name
written most often; no two groups share a name. The word lists are data:
``applicant_words.toml``; kinds come from :mod:`landscape.analyse.applicant_kinds`.
Measured in ``bench/groups.py`` (figures in ``bench/RESULTS.md``).

Overrides
---------
``WORKSPACE/applicant_groups.toml`` corrects the rules (names are compared normalised, so
``"SK Chemical Co., Ltd."`` and ``"SK CHEMICAL"`` are the same)::

    [groups]
    # the group's name = the applicants in it
    "SK INNOVATION" = ["SK IE TECH", "SK CHEMICAL"]

    [separate]
    # applicants the rules must leave on their own
    names = ["DELTA MOTORS"]

Each listed applicant belongs to the group named (the group's own name too); naming a group
the rules also make (``"TENCENT" = ["腾讯科技（深圳）有限公司"]``) adds to it, which is how names
in two scripts and acquisitions are joined. Each name under ``[separate]`` is its own group. The
other applicants keep the rules' groups.
"""
from __future__ import annotations

import json
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from landscape.analyse.applicant_kinds import (  # noqa: F401  (KINDS: part of this interface)
    BRACKETS_RE, HAN_RE, KINDS, applicant_kind, applicant_words, is_university)
from landscape.ingest.countries import country_code
from landscape.ingest.normalize import applicant_name

#: The overrides file inside a workspace.
OVERRIDES_FILE = "applicant_groups.toml"

# --------------------------------------------------------------------------- stems


def _han_stem(name: str) -> tuple[str, str] | None:
    """(leading place, trade name) of a Chinese firm's name: (深圳, 大疆) of 深圳市大疆创新科技,
    ("", 大疆) of 大疆（北京）科技; None when the name has no distinctive trade name."""
    w = applicant_words()
    s = BRACKETS_RE.sub("", name).replace(" ", "")
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
    """The keys a Chinese name groups by, and whether it anchors its trade name (see
    :func:`_stem_keys`).

    A trade name is unique only where it was registered and in its own trade: 惠州市绿色… and
    茂名绿色… are unrelated, and so may be 汕头市示例玩具 and 汕头市示例塑胶. Names of one trade name
    group only around an anchor: a name that is the trade name alone (美的 of 美的集团股份有限公司,
    广州地铁), a group or holding (…集团…, …控股…), or a brand's branch with its place in brackets
    (大疆（北京）科技). A name led by its place joins the anchor of its place, or an anchor
    registered without a place (广东美的制冷设备 joins 美的).
    """
    s = BRACKETS_RE.sub("", name).replace(" ", "")
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
    rest = s[len(place):] if s.startswith(place) else s
    anchor = rest.upper() == core or "集团" in rest or "控股" in rest or (not place and "（" in name)
    if not place:
        return [("stem", "other", core)], anchor
    return [("local", "other", place.rstrip("省市区县") + core), ("stem", "other", core)], anchor


@lru_cache(maxsize=4096)
def _country(word: str) -> bool:
    """A country's name (DENMARK, THAILAND); two- and three-letter words are too often not."""
    return len(word) >= 4 and country_code(word) is not None


def _known(word: str) -> bool:
    """A word that says what a firm does or where, not which firm it is."""
    w = applicant_words()
    return word.isdigit() or _country(word) or any(word in w[k] for k in (
        "latin_business", "latin_generic", "latin_places", "university_latin", "institute_latin"))


def _firm_stem(words: list[str], distinctive) -> tuple[int, int] | None:
    """(start, end) of a firm's stem: from its first word that is no city and no given name,
    to its first distinctive word."""
    w = applicant_words()
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
    w = applicant_words()
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
    w = applicant_words()
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
    academic = is_university(norm)
    if kind == "hospital" and not academic:
        return [], False  # a hospital's name begins with its city or its owner, not a brand
    sector = "academic" if academic else "other"
    if HAN_RE.search(norm):
        return _han_keys(norm, kind)
    words = norm.split()
    body = applicant_words()["university_latin"] | applicant_words()["institute_latin"]
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
    if not any(x in applicant_words()["latin_business"] for x in rest):
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
        if kind != "individual" or HAN_RE.search(norm) or len(words) < 2:
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
    words, w = norm.split(), applicant_words()
    i = 0
    while i < len(words) - 1 and (words[i] in w["latin_places"] or words[i] in w["latin_given"]):
        i += 1
    return words[i:]


def _group_name(names: list[str], stems: list[str | None], weight: Counter, *, academic: bool) -> str:
    """A group's name: the words all its Latin names begin with (``STRONG FORCE``,
    ``SAMSUNG``), else the name written most often; a university's or institute's most
    written name (``UNIV CARNEGIE MELLON``, not ``UNIV``); in Chinese its most common stem
    (``大疆``, ``广州地铁``)."""
    latin = [_lead_words(n) for n in names if not HAN_RE.search(n)]
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
    distinctive = _distinctive_words([n for n in dict.fromkeys(norms) if not HAN_RE.search(n)])
    kinds = [applicant_kind(n) for n in norms]
    found = [([], False) if n in fixed else _stem_keys(n, k, distinctive) for n, k in zip(norms, kinds)]
    anchored = {keys[0] for keys, anchor in found if anchor}

    union = _Union(len(unique))
    first_with: dict = {}
    for i, (norm, kind, (keys, anchor)) in enumerate(zip(norms, kinds, found)):
        if norm in fixed:
            continue
        joined = [("name", norm)]
        joined += [k for k in keys if (anchor and k is keys[0]) or k[0] == "stem2" or k in anchored]
        if not HAN_RE.search(norm) and kind in (*_GROUPED_KINDS, "individual"):
            # The same words in another order: BOSCH ROBERT and ROBERT BOSCH.
            joined.append(("words", is_university(norm), frozenset(norm.split())))
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


def _toml_string(text: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes), written unescaped for CJK.
    return json.dumps(str(text), ensure_ascii=False)


def save_group_overrides(workspace: Path, *, merge: Mapping[str, Iterable[str]] | None = None,
                         separate: Iterable[str] = ()) -> Path:
    """Add corrections to ``WORKSPACE/applicant_groups.toml`` (the app's group editor writes
    here; ``landscape analyse`` reads it). ``merge`` maps a group name to applicants to put in
    it; ``separate`` lists applicants the rules must leave alone. An applicant named again
    moves to its newest place. The file is rewritten as data (comments a user wrote by hand are
    not kept; the previous file is left beside it as ``applicant_groups.toml.bak``).

    Raises ValueError, naming the file, where the existing file cannot be read.
    """
    path = Path(workspace) / OVERRIDES_FILE
    load_group_overrides(workspace)  # refuse to build on a broken file, with its message
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    groups = {g: list(dict.fromkeys(str(m) for m in members)) for g, members in data.get("groups", {}).items()}
    apart = list(dict.fromkeys(str(n) for n in data.get("separate", {}).get("names", [])))
    moved = {applicant_name(n) for members in (merge or {}).values() for n in members} | {
        applicant_name(n) for n in separate}
    # A name keeps one place: drop it wherever it stood before.
    groups = {g: [m for m in members if applicant_name(m) not in moved] for g, members in groups.items()}
    apart = [n for n in apart if applicant_name(n) not in moved]
    for group, members in (merge or {}).items():
        group = str(group).strip()
        if not group:
            raise ValueError("a group needs a name")
        groups.setdefault(group, [])
        groups[group] += [str(m) for m in members if str(m) not in groups[group]]
    apart += [str(n) for n in separate if str(n) not in apart]
    lines = ["# Corrections to the automatic applicant groups (landscape analyse reads this file).",
             "# [groups]: \"GROUP\" = [\"APPLICANT\", ...]; [separate]: applicants left on their own.", "",
             "[groups]"]
    lines += [f"{_toml_string(g)} = [{', '.join(_toml_string(m) for m in members)}]"
              for g, members in groups.items() if members]
    lines += ["", "[separate]", f"names = [{', '.join(_toml_string(n) for n in apart)}]", ""]
    text = "\n".join(lines)
    if path.is_file():
        path.with_name(OVERRIDES_FILE + ".bak").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    tmp = path.with_name(OVERRIDES_FILE + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    load_group_overrides(workspace)  # what was written reads back
    return path
