"""Which column of an export feeds which field: the header table (columns.toml) applied to a header.

One table of canonical fields and the names exports give them (English and Chinese, every
tool) maps any header; nothing here knows a tool's layout by heart. A header is first read
for qualifiers — a translation and its language (``标题(译)(English)``), the standardised-name
mark ``[标]``, a tool mark (``Title - DWPI``) — and what remains is compared by key (case,
spaces, punctuation and full/half width ignored). :func:`map_columns` returns a
:class:`ColumnMap`: for each field the columns that can feed it, best first, and the columns
kept as they are in ``extra``. The same map serves CSV/Excel headers and JSON/Parquet keys.
"""
from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

TABLE_FILE = Path(__file__).with_name("columns.toml")

#: Longest header we look at: a real header is short; a 50 MB "header" line is not one.
MAX_HEADER_CHARS = 200

#: Parenthesised qualifiers: translation marks and languages. Keys are compared after column_key.
_TRANSLATED = {"译", "翻译", "机翻", "机器翻译", "translated", "translation", "machinetranslation", "mt"}
_ORIGINAL = {"原文", "原始语言", "original", "originallanguage", "orig"}
_LANGUAGES = {
    "en": {"english", "英文", "英语", "en", "eng"},
    "zh": {"简体中文", "中文", "汉语", "chinese", "zh", "zhcn", "chn", "繁体中文", "繁體中文", "中文简体",
           "simplifiedchinese", "traditionalchinese"},
    "ja": {"日文", "日语", "japanese", "ja", "jp"},
    "ko": {"韩文", "韩语", "korean", "ko", "kr"},
    "de": {"德文", "德语", "german", "de"},
    "fr": {"法文", "法语", "french", "fr"},
    "ru": {"俄文", "俄语", "russian", "ru"},
    "es": {"西班牙文", "西班牙语", "spanish", "es"},
}
_LANG_OF = {word: lang for lang, words in _LANGUAGES.items() for word in words}
# A language named before or after the name without brackets: "English Title", "英文摘要".
# Only whole words: a short code ("en", "eng") would eat into names such as "engine".
_LANG_WORDS = sorted(((w, lang) for w, lang in _LANG_OF.items() if len(w) >= 5 or not w.isascii()),
                     key=lambda t: -len(t[0]))
#: Fields whose translations are kept per language (the others take the first column).
TEXT_FIELDS = ("title", "abstract")
_STD_MARK = re.compile(r"\[\s*(?:标|標|std|standardi[sz]ed|norm)\s*\]")
_GROUP = re.compile(r"[(\[]([^()\[\]]{0,80})[)\]]")
_DWPI = re.compile(r"(?:^dwpi\s+|\s*-\s*dwpi$|\s*\(dwpi\)$)")


def column_key(name) -> str:
    """A name made comparable: NFKC, lower case, only letters and digits kept.

    ``"Publication Number"``, ``"publication_number"`` and ``"PUBLICATION-NUMBER"`` share a key,
    as do ``"公开（公告）号"`` and ``"公开(公告)号"``.
    """
    text = unicodedata.normalize("NFKC", str(name if name is not None else ""))[:MAX_HEADER_CHARS].lower()
    return "".join(c for c in text if c.isalnum())


@dataclass(frozen=True)
class HeaderName:
    """A header read for its qualifiers: ``标题(译)(English)`` is title text, translated, English."""

    keys: tuple[str, ...]          # the name's keys to look up (a bilingual header gives two)
    lang: str | None = None        # the language the column is in, where the header says
    translated: bool = False       # marked as a translation
    original: bool = False         # marked as the original-language text
    standardised: bool = False     # a tool's standardised name ([标])
    tool: str | None = None        # a tool mark in the header (DWPI)


def read_header(name) -> HeaderName:
    """Qualifiers off, keys left: see the module docstring."""
    text = unicodedata.normalize("NFKC", str(name if name is not None else ""))[:MAX_HEADER_CHARS].lower().strip()
    standardised = bool(_STD_MARK.search(text))
    text = _STD_MARK.sub("", text)
    tool = None
    if _DWPI.search(text):
        tool, text = "derwent", _DWPI.sub("", text)
    lang, translated, original = None, False, False

    def qualifier(m: re.Match) -> str:
        nonlocal lang, translated, original
        inner = column_key(m.group(1))
        if inner in _TRANSLATED:
            translated = True
        elif inner in _ORIGINAL:
            original = True
        elif inner in _LANG_OF:
            lang = _LANG_OF[inner]
        elif re.fullmatch(r"(?:译|translated|translation)(.+)", inner) and _LANG_OF.get(
                re.sub(r"^(?:译|translated|translation)", "", inner)):
            translated, lang = True, _LANG_OF[re.sub(r"^(?:译|translated|translation)", "", inner)]
        else:
            return m.group(0)  # part of the name: 公开(公告)号, applicant(s)
        return " "

    text = _GROUP.sub(qualifier, text).strip()
    if lang is None:
        key = column_key(text)
        for word, code in _LANG_WORDS:
            if key.startswith(word) and len(key) > len(word):
                text, lang = key[len(word):], code
                break
            if key.endswith(word) and len(key) > len(word):
                text, lang = key[: -len(word)], code
                break
    keys = [column_key(text)]
    # CNKI writes "PubNo-公开号": an English and a Chinese name for one column.
    halves = re.split(r"\s*[-–—]\s*", text)
    if len(halves) == 2 and all(halves):
        keys += [column_key(h) for h in halves]
    # Orbit lists a column's values in it: "Legal status (Pending, Granted, Revoked)".
    bare = _GROUP.sub(" ", text).strip()
    if bare and bare != text:
        keys.append(column_key(bare))
    return HeaderName(keys=tuple(k for k in dict.fromkeys(keys) if k), lang=lang, translated=translated,
                      original=original, standardised=standardised, tool=tool)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    parse: str
    label: str
    weight: float
    headers: tuple[str, ...]  # keys, best first
    needed_for: str | None = None


@dataclass(frozen=True)
class ToolSpec:
    name: str
    title: str
    headers: frozenset[str]   # header names only this tool writes (signature_key)
    preamble: tuple[str, ...]  # words in the lines above the header
    min_hits: int = 1          # how many of them make the tool certain


def signature_key(name) -> str:
    """A header as a tool's own spelling: NFKC and lower case, spaces collapsed, punctuation kept
    (``publication_number`` is BigQuery's, ``Publication Number`` everyone's)."""
    text = unicodedata.normalize("NFKC", str(name if name is not None else ""))[:MAX_HEADER_CHARS].lower()
    return " ".join(text.split())


@dataclass(frozen=True)
class ColumnTable:
    fields: dict[str, FieldSpec]
    tools: dict[str, ToolSpec]
    ignore: frozenset[str]
    by_key: dict[str, tuple[str, int]]  # header key -> (field, rank)


@functools.cache
def column_table() -> ColumnTable:
    """The table in columns.toml, read once."""
    data = tomllib.loads(TABLE_FILE.read_text(encoding="utf-8"))
    fields, by_key = {}, {}
    for name, spec in data["fields"].items():
        keys = tuple(dict.fromkeys(column_key(h) for h in spec["headers"]))
        fields[name] = FieldSpec(name=name, parse=spec["parse"], label=spec["label"],
                                 weight=float(spec.get("weight", 0.5)), headers=keys,
                                 needed_for=spec.get("needed_for"))
        for rank, key in enumerate(keys):
            if key in by_key:
                raise ValueError(f"columns.toml: header {key!r} is listed for both {by_key[key][0]} and {name}")
            by_key[key] = (name, rank)
    tools = {name: ToolSpec(name=name, title=spec["title"],
                            headers=frozenset(signature_key(h) for h in spec.get("headers", ())),
                            preamble=tuple(p.lower() for p in spec.get("preamble", ())),
                            min_hits=int(spec.get("min_hits", 1)))
             for name, spec in data["tools"].items()}
    return ColumnTable(fields=fields, tools=tools, ignore=frozenset(signature_key(h) for h in data["ignore"]["headers"]),
                       by_key=by_key)


def field_names() -> tuple[str, ...]:
    """Every field a ``--column FIELD=HEADER`` may name (translations as ``title_en``, ``abstract_zh``)."""
    names = tuple(column_table().fields)
    return names + tuple(f"{f}_{lang}" for f in TEXT_FIELDS for lang in _LANGUAGES)


@dataclass(frozen=True)
class Column:
    """One column feeding one field."""

    index: int
    header: str
    field: str
    rank: int                   # position of its name in the field's list (0 = best)
    lang: str | None = None
    translated: bool = False
    standardised: bool = False
    chosen: bool = False        # named by the user with --column

    @property
    def order(self) -> tuple:
        # The user's choice first; then original text before translations, the tool's own
        # name before its standardised one, and names listed earlier before later ones.
        return (not self.chosen, self.translated, self.standardised, self.rank, self.index)


@dataclass
class ColumnMap:
    """How one header maps: columns per field (best first) and the columns kept raw."""

    header: list[str]
    columns: dict[str, list[Column]] = field(default_factory=dict)
    extra: list[tuple[int, str]] = field(default_factory=list)   # (index, name) kept in extra
    tool_marks: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return bool(self.columns.get(name))

    def first(self, name: str) -> Column | None:
        cols = self.columns.get(name)
        return cols[0] if cols else None

    @property
    def usable(self) -> bool:
        """A publication number and some text (title, abstract, or a translation of either)."""
        return self.has("id") and any(self.has(f) for f in TEXT_FIELDS)

    @property
    def score(self) -> float:
        """How well the header fits the table: the weights of the fields it feeds."""
        table = column_table()
        return sum(table.fields[f].weight for f, cols in self.columns.items() if cols)

    def mapped(self) -> dict[str, str]:
        """field -> header, as ``ingest --json`` reports it (translations as ``title_en`` …)."""
        out = {}
        for name, cols in self.columns.items():
            if not cols:
                continue
            main = next((c for c in cols if not c.translated), cols[0])
            out[name] = main.header  # an export with translations only: they are the text
            if name in TEXT_FIELDS:
                for c in cols:
                    if c is not main and c.lang:
                        out.setdefault(f"{name}_{c.lang}", c.header)
        return out

    def missing(self) -> list[str]:
        """Useful fields this export has no column for (each has a ``needed_for`` in the table)."""
        table = column_table()
        absent = [f.name for f in table.fields.values() if f.needed_for and not self.has(f.name)]
        # Text is needed in one form: an export with abstracts only is not missing a title.
        if self.has("abstract") and "title" in absent:
            absent.remove("title")
        # Any date places a record in time; filing dates are what trends prefer.
        return absent


def map_columns(header: list, chosen: dict[str, str] | None = None) -> ColumnMap:
    """Map a header (or JSON keys) to fields; ``chosen`` is ``--column FIELD=HEADER``.

    Raises ValueError when a chosen field is unknown or its header is not in the file.
    """
    table = column_table()
    names = ["" if h is None else str(h) for h in header]
    cmap = ColumnMap(header=names)
    chosen_at: dict[int, tuple[str, str | None]] = {}
    for fname, wanted in (chosen or {}).items():
        fld, lang = _field_and_lang(fname)
        hits = [i for i, h in enumerate(names) if h.strip() == wanted.strip()] or \
               [i for i, h in enumerate(names) if column_key(h) == column_key(wanted)]
        if not hits:
            # Several files can share one --column list; one without the column is read as it is.
            cmap.notes.append(f"--column {fname}={wanted}: no such column in this file")
            continue
        chosen_at[hits[0]] = (fld, lang)
    for i, raw in enumerate(names):
        if not raw.strip():
            continue
        if i in chosen_at:
            fld, lang = chosen_at[i]
            cmap.columns.setdefault(fld, []).append(Column(i, raw, fld, -1, lang=lang, translated=lang is not None,
                                                           chosen=True))
            continue
        name = read_header(raw)
        if name.tool:
            cmap.tool_marks.add(name.tool)
        hit = next((table.by_key[k] for k in name.keys if k in table.by_key), None) or _party_detail(name.keys)
        if hit is None:
            if signature_key(raw) not in table.ignore:
                cmap.extra.append((i, raw.strip()[:MAX_HEADER_CHARS]))
            continue
        fld, rank = hit
        translated = name.translated or (name.tool == "derwent" and fld in TEXT_FIELDS)
        lang = name.lang or ("en" if name.tool == "derwent" and fld in TEXT_FIELDS else None)
        if fld not in TEXT_FIELDS:
            if translated:  # a translated applicant or address column: keep it, as it is
                cmap.extra.append((i, raw.strip()[:MAX_HEADER_CHARS]))
                continue
            lang = None
        cmap.columns.setdefault(fld, []).append(Column(i, raw.strip(), fld, rank, lang=lang, translated=translated,
                                                       standardised=name.standardised))
    for cols in cmap.columns.values():
        cols.sort(key=lambda c: c.order)
    # Applicants at filing are what shares count; an export with only the current owners
    # (PatSnap's [标]当前申请(专利权)人) still names who holds the patents, so count those.
    if not cmap.has("applicants") and cmap.has("current_owners"):
        cmap.columns["applicants"] = list(cmap.columns["current_owners"])
        cmap.notes.append(f"applicants read from {cmap.columns['applicants'][0].header!r} "
                          "(the current owner: the export has no applicant-at-filing column)")
    return cmap


# Chinese exports name an applicant's address and region after the party: 当前申请(专利权)人地市,
# 申请人省市代码, 中国申请人区县. Only these fields are read that way: "申请人类型" is not a
# document type.
_PARTY_PREFIXES = tuple(column_key(p) for p in (
    "当前申请(专利权)人", "原始申请(专利权)人", "申请(专利权)人", "第一申请人", "中国申请人", "申请人",
    "当前权利人", "专利权人", "first applicant", "applicant", "assignee"))
_PARTY_DETAILS = ("applicant_address", "province", "city", "district", "applicant_countries")


def _party_detail(keys: tuple[str, ...]):
    table = column_table()
    for key in keys:
        for prefix in _PARTY_PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                hit = table.by_key.get(key[len(prefix):])
                if hit and hit[0] in _PARTY_DETAILS:
                    return hit[0], hit[1] + 100  # after any column named for the field outright
    return None


def _field_and_lang(name: str) -> tuple[str, str | None]:
    table = column_table()
    if name in table.fields:
        return name, None
    for f in TEXT_FIELDS:
        if name.startswith(f + "_") and name[len(f) + 1:] in _LANGUAGES:
            return f, name[len(f) + 1:]
    raise ValueError(f"--column {name}=…: unknown field {name!r}; fields are: {', '.join(field_names())}.")


def identify_tool(cmap: ColumnMap, preamble: list[str] | None = None) -> tuple[str, str]:
    """(tool name, why) for a mapped header: the tool whose own header names (or title
    lines) it carries most; else a Chinese or a generic export."""
    table = column_table()
    keys = {signature_key(h) for h in cmap.header}
    text = " ".join(str(p) for p in (preamble or [])).lower()[:2000]
    best, best_score, why = None, 0.0, ""
    for tool in table.tools.values():
        hits = keys & tool.headers
        said = [p for p in tool.preamble if p in text]
        marked = tool.name in cmap.tool_marks
        if len(hits) < tool.min_hits and not said and not marked:
            continue
        score = len(hits) + 3 * len(said) + 2 * marked
        if score > best_score:
            shown = [h for h in cmap.header if signature_key(h) in tool.headers][:3]
            best, best_score = tool.name, score
            why = "; ".join(filter(None, [f"columns {', '.join(shown)}" if shown else "",
                                          f"title line mentions {said[0]!r}" if said else ""]))
    if best is not None:
        return best, why
    cjk = sum(1 for h in cmap.header if re.search(r"[\u4e00-\u9fff]", h))
    if cjk >= max(2, len([h for h in cmap.header if h.strip()]) // 2):
        return "cn-export", "Chinese column names"
    return "generic", "common column names"


def tool_title(name: str) -> str:
    tool = column_table().tools.get(name)
    return tool.title if tool else name
