"""Applicants, inventors and owners: one cell of names into a list of parties.

Pure functions, no I/O. Exports join several names in one cell in their own ways:

* Lens: ``;;`` (``INTEL CORPORATION;;ZHANG, Yimin``), people written ``SURNAME, Given``;
* CNKI, PatSnap, incoPat, CNIPA: ``;`` / ``；`` / ``、`` / ``，`` (not inside round brackets,
  where a Chinese applicant lists its other names: ``中心(附属医院、研究所)`` is one);
* Espacenet: ``;`` or new lines, each name with its country (``SONY CORP [JP]``);
* Derwent: the patentee code after the name (``SONY CORP (SONY-C)``);
* Google Patents web CSV: ``, `` (``Bruce J. Simon, Joseph P. Errico``), though a comma
  also sits inside names (``ElectroCore, LLC``);
* BigQuery: a list of records (``assignee_harmonized``: ``{'name': ..., 'country_code': ...}``).

The comma rule, in order:

1. A cell that uses any other separator is trusted to use it: its commas belong to the
   names (Lens writes ``SMITH, John;;DOE, Jane``).
2. Otherwise commas split, and a piece that is only legal forms (``Ltd.``, ``Inc.``,
   ``LLC``, ``GmbH & Co. KG``, ``S.A. de C.V.``) goes back onto the piece before it:
   ``Samsung Electronics Co., Ltd.`` is one name, ``SONY CORP,LG CHEM LTD`` two.
3. Two pieces left that read as ``Surname, Given names`` are one person: the first is a
   single word, a surname with particles (``van der Berg``) or in capitals before a
   given name that is not (``MARECHAL, Thierry``), and neither holds a company word.
   So ``Smith, John`` is one inventor, while ``Bruce J. Simon, Joseph P. Errico`` is two.
   The price: two one-word firm names joined by a comma (``Sony, Panasonic``) stay one.
4. One-word names listed before an ``and`` are one firm: ``MacDonald, Dettwiler and
   Associates Inc.``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from landscape.ingest.countries import country_code
from landscape.ingest.values import MAX_CHARS, MAX_ITEMS, cell_items, cell_text


@dataclass(frozen=True)
class Party:
    """One applicant, inventor or owner: the name as written and, when the export says, its country."""

    name: str
    country: str | None = None


# Everything that separates names except the ASCII comma, which names contain.
_SEPARATOR_RE = re.compile(r";;|[;；|、，\n\r\u2028\u2029]")
# Only the end of a name is searched for these, so a long cell costs no more than a short one.
_TAIL = 24
_COUNTRY_TAIL_RE = re.compile(r"\s*[\[［【]\s*([A-Za-z]{2})\s*[\]］】]\s*$")
# Derwent patentee codes: four characters and C (standard), N, R or I (individual).
_DERWENT_TAIL_RE = re.compile(r"\s*\(\s*[A-Z0-9]{4}-[CNRI]\s*\)\s*$")

# Words a comma piece may consist of and still belong to the name before it. Dots and
# slashes are removed first: "S.p.A." is SPA, "A/S" is AS.
_LEGAL_FORMS = frozenset(
    "LTD LIMITED INC INCORPORATED LLC LLP LP PLLC CO COMPANY CORP CORPORATION GMBH MBH AG KG "
    "KGAA OHG SE SA SAS SARL SRL SPA SL SLU BV NV PLC KK GK AB AS ASA OY OYJ APS PTE PTY SDN "
    "BHD LTDA DE CV RL ULC PC PUBL KABUSHIKI KAISHA LIABILITY THE JR SR II III &".split()
)
# Words that mark an organisation, so a piece holding one is not half of a person's name.
_ORG_WORDS = frozenset(
    "LTD LIMITED INC INCORPORATED LLC LLP PLC CORP CORPORATION COMPANY GMBH AG KK BV NV SPA "
    "SARL SAS UNIVERSITY UNIV INSTITUTE INST FOUNDATION GROUP HOLDINGS TECHNOLOGIES TECHNOLOGY "
    "ELECTRONICS INDUSTRIES INDUSTRY SYSTEMS LABORATORIES LABS".split()
)
_PARTICLES = frozenset("van von der den de del della di da dos das du la le ten ter st bin al el".split())
# A person's name in Latin script (with accents, initials, hyphens, apostrophes).
_LATIN_NAME_RE = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’.\- ]+")
# "and" between words of the last piece of a partners' firm name.
_AND_RE = re.compile(r"\S\s+(?:and|&|und|et)\s+\S", re.IGNORECASE)
# A name has a letter or digit somewhere; "-" and "—" are placeholders.
_NAME_CHAR_RE = re.compile(r"[^\W_]")
# No legal-form piece is longer than "GmbH & Co. KGaA" and a few spaces.
_LONGEST_FORM = 32


def _strip_tails(name: str) -> tuple[str, str | None]:
    """(name, country) with an Espacenet ``[JP]`` and a Derwent ``(SONY-C)`` taken off the end."""
    country, name = None, name.rstrip()
    for _ in range(2):  # either may come last
        m = _DERWENT_TAIL_RE.search(name[-_TAIL:])
        if m:
            name = name[: len(name) - len(m.group())].rstrip()
            continue
        m = _COUNTRY_TAIL_RE.search(name[-_TAIL:])
        code = country_code(m.group(1)) if m else None
        if code is None:
            break
        country = country or code
        name = name[: len(name) - len(m.group())].rstrip()
    return name.strip(), country


def _words(piece: str) -> list[str]:
    return re.sub(r"[.()/]", "", piece.upper()).split()


def _legal_form_only(piece: str) -> bool:
    if len(piece) > _LONGEST_FORM + _TAIL:
        return False
    words = _words(_strip_tails(piece)[0])
    return bool(words) and all(w in _LEGAL_FORMS for w in words)


def _person(first: str, given: str) -> bool:
    """Whether ``first, given`` reads as one person's ``Surname, Given names``."""
    first, given = _strip_tails(first)[0], _strip_tails(given)[0]
    if not (_LATIN_NAME_RE.fullmatch(first) and _LATIN_NAME_RE.fullmatch(given)):
        return False
    surname, given_names = first.split(), given.split()
    if not surname or not 1 <= len(given_names) <= 4:
        return False
    if any(w in _ORG_WORDS for w in _words(first) + _words(given)):
        return False
    return (
        len(surname) == 1
        or all(w.lower() in _PARTICLES for w in surname[:-1])
        or (first.isupper() and not given.isupper())
    )


def _partners(pieces: list[str]) -> bool:
    """Whether the pieces name one firm of partners: ``Ernst, Fischer & Hahn GmbH``."""
    return (
        1 < len(pieces) <= 5
        and all(len(p.split()) == 1 for p in pieces[:-1])
        and _AND_RE.search(pieces[-1]) is not None
    )


def _split_commas(text: str) -> list[str]:
    groups: list[list[str]] = []  # lists, not +=: "CO., " * 20000 would copy quadratically
    for piece in text.split(","):
        if groups and _legal_form_only(piece):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    pieces = [",".join(g) for g in groups]
    if (len(pieces) == 2 and _person(*pieces)) or _partners(pieces):
        return [text]
    return pieces


def _outside_brackets(text: str) -> list[str]:
    """Pieces between separators that stand outside round brackets.

    A Chinese applicant may name its other names in brackets, joined by 、:
    中山大学肿瘤防治中心(中山大学附属肿瘤医院、中山大学肿瘤研究所) is one applicant. Brackets that
    do not balance are damage, not structure: then every separator splits.
    """
    if "(" not in text and "（" not in text:
        return _SEPARATOR_RE.split(text)
    depth, inside = 0, []
    for c in text:
        if c in "(（":
            depth += 1
        elif c in ")）":
            depth -= 1
            if depth < 0:
                return _SEPARATOR_RE.split(text)
        inside.append(depth > 0)
    if depth:
        return _SEPARATOR_RE.split(text)
    pieces, start = [], 0
    for m in _SEPARATOR_RE.finditer(text):
        if not inside[m.start()]:
            pieces.append(text[start:m.start()])
            start = m.end()
    return pieces + [text[start:]]


def _split_text(text: str) -> list[str]:
    pieces = _outside_brackets(text)
    return pieces if len(pieces) > 1 else _split_commas(text)


def _name_text(raw) -> str | None:
    """Text of a name cell as written (no NFKC: names keep their own characters), capped."""
    if isinstance(raw, str):
        return raw[:MAX_CHARS].strip() or None
    return cell_text(raw)


def _item_parties(item) -> list[Party]:
    """Parties of one list item: a record with name/country, or a name as text."""
    if isinstance(item, dict):
        name = _name_text(item.get("name"))
        if not name:
            return []
        name, tail_country = _strip_tails(name)
        code = country_code(cell_text(item.get("country_code") or item.get("country")))
        return [Party(name, code or tail_country)] if name else []
    text = _name_text(item)
    if not text:
        return []
    name, country = _strip_tails(text)
    return [Party(name, country)] if name else []


def split_parties(raw) -> list[Party]:
    """The parties named in one cell, in order, duplicates keeping their first place.

    Parameters
    ----------
    raw
        Text (split by the rules in this module's docstring), a list or tuple whose items
        are one party each (text, or BigQuery records with ``name`` and ``country_code``;
        a list literal written as text is parsed first by :mod:`landscape.ingest.literals`),
        or None.

    Returns
    -------
    list of Party
        Names as written (stripped), with a trailing ``[JP]`` moved to ``country`` and a
        Derwent code ``(SONY-C)`` removed; a piece without a letter or digit (``-``) is no
        name. At most 1,000; empty for anything unreadable.
    """
    if isinstance(raw, dict):
        raw = [raw]
    items = cell_items(raw)
    if items is not None:
        found = (p for item in items for p in _item_parties(item))
    else:
        text = _name_text(raw)
        found = (p for piece in (_split_text(text) if text else []) for p in _item_parties(piece))
    out: list[Party] = []
    seen: set[str] = set()
    for party in found:
        if party.name not in seen and _NAME_CHAR_RE.search(party.name):
            seen.add(party.name)
            out.append(party)
            if len(out) >= MAX_ITEMS:
                break
    return out


def party_names(parties: list[Party]) -> list[str]:
    """The names, in order."""
    return [p.name for p in parties]


def party_countries(parties: list[Party]) -> list[str]:
    """The countries of the parties that have one, in order.

    Aligned with :func:`party_names` exactly when every party has a country (the lengths
    match); otherwise the known countries only, so no placeholder enters the data.
    """
    return [p.country for p in parties if p.country]
