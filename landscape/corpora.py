"""Industry corpora: named selections of the patent store, defined in ``corpora/*.toml``.

A record belongs to a corpus when

* one of its IPC/CPC codes starts with a prefix in ``codes`` and with no prefix in
  ``exclude_codes`` (an exclude prefix carves a sub-area out of an included one), or
* its title or abstract contains a keyword and none of its codes starts with an
  ``exclude_codes`` prefix.

Keyword matching (the same in :meth:`Corpus.matches` and :meth:`Corpus.sql_where`):

* ``keywords_en``: whole words, delimited by anything that is not an ASCII letter, digit or
  ``_`` (so ``LED`` matches ``一种LED灯`` and ``LED-based`` but not ``controlled``). An
  optional plural ``s``/``es`` is allowed. A space or hyphen inside a keyword matches any
  run of spaces and hyphens (``light-emitting diode`` = ``light emitting diode``). A trailing
  ``*`` makes a prefix (``robot*``). Case-insensitive, except keywords written entirely in
  capitals (acronyms such as ``LED``, ``CNC``), which are case-sensitive so that the verb
  "led" stays out.
* ``keywords_zh``: plain substrings (Chinese has no word boundaries).

Both keyword lists are tested against ``title + ' ' + abstract`` whatever the record's language.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

KEYS = ("name", "title_en", "title_zh", "description_en", "description_zh",
        "codes", "keywords_en", "keywords_zh", "exclude_codes")
LIST_KEYS = ("codes", "keywords_en", "keywords_zh", "exclude_codes")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_CODE_RE = re.compile(r"^[A-Z0-9/.]+$")
_GROUP_NO_SLASH = re.compile(r"^[A-HY]\d\d[A-Z]\d+$")  # "A61K8" -> means the group "A61K8/"
_WORD = "0-9A-Za-z_"
_SEP = r"[ \t\n\r\f-]+"  # spelled out: Python's \s and RE2's \s differ outside ASCII


def normalise_code(code: str) -> str:
    """Upper-case, spaces removed: ``"a61k 8/02"`` -> ``"A61K8/02"``."""
    return "".join(code.split()).upper()


def _escape(text: str) -> str:
    # Backslash before ASCII punctuation is a literal in both Python re and RE2.
    return "".join("\\" + ch if ch.isascii() and not ch.isalnum() else ch for ch in text)


def _en_body(kw: str) -> str:
    words = re.split(r"[ \-]+", kw.rstrip("*").strip())
    return _SEP.join(_escape(w) for w in words if w)


def en_pattern(keywords: tuple[str, ...]) -> str | None:
    """One regex (valid for Python ``re`` and DuckDB's RE2) matching any English keyword."""
    groups: dict[tuple[bool, bool], list[str]] = {}
    for kw in keywords:
        acronym = kw == kw.upper() and any(ch.isalpha() for ch in kw)
        groups.setdefault((acronym, kw.endswith("*")), []).append(_en_body(kw))
    terms = []
    for (acronym, prefix), bodies in sorted(groups.items()):
        alt = "(?:" + "|".join(bodies) + ")"
        suffix = f"[{_WORD}]*" if prefix else ("[sS]?" if acronym else "(?:e?s)?")
        terms.append(alt + suffix if acronym else f"(?i:{alt}{suffix})")
    if not terms:
        return None
    return f"(?:^|[^{_WORD}])(?:{'|'.join(terms)})(?:$|[^{_WORD}])"


def zh_pattern(keywords: tuple[str, ...]) -> str | None:
    """One regex matching any Chinese keyword as a substring."""
    return "|".join(_escape(k) for k in keywords) if keywords else None


@lru_cache(maxsize=256)
def _compiled(keywords_en: tuple[str, ...], keywords_zh: tuple[str, ...]):
    pats = (en_pattern(keywords_en), zh_pattern(keywords_zh))
    return tuple(re.compile(p) for p in pats if p)


@dataclass(frozen=True)
class Corpus:
    name: str
    title_en: str = ""
    title_zh: str = ""
    description_en: str = ""
    description_zh: str = ""
    codes: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()
    keywords_zh: tuple[str, ...] = ()
    exclude_codes: tuple[str, ...] = ()
    path: Path | None = None

    def _patterns(self) -> tuple[re.Pattern, ...]:
        return _compiled(self.keywords_en, self.keywords_zh)

    def matches(self, title: str | None, abstract: str | None, codes) -> bool:
        """Whether one record belongs (same semantics as :meth:`sql_where`)."""
        norm = [normalise_code(c) for c in (codes or ()) if c is not None]
        excluded = [c for c in norm if c.startswith(self.exclude_codes)]
        if any(c.startswith(self.codes) for c in norm if c not in excluded):
            return True
        if excluded:
            return False
        text = f"{title or ''} {abstract or ''}"
        return any(p.search(text) for p in self._patterns())

    def sql_where(self, alias: str = "p") -> tuple[str, list]:
        """A DuckDB boolean expression over the ``patents`` table, with ``?`` parameters."""
        a = f"{alias}." if alias else ""
        codes = (f"list_transform(list_concat(coalesce({a}ipc, []::VARCHAR[]), "
                 f"coalesce({a}cpc, []::VARCHAR[])), lambda c_: replace(upper(c_), ' ', ''))")
        params: list = []

        def any_prefix(prefixes) -> str:
            params.extend(prefixes)
            return "(" + " OR ".join("starts_with(c_, ?)" for _ in prefixes) + ")"

        parts = []
        if self.codes:
            cond = any_prefix(self.codes)
            if self.exclude_codes:
                cond += " AND NOT " + any_prefix(self.exclude_codes)
            parts.append(f"coalesce(len(list_filter({codes}, lambda c_: {cond})) > 0, false)")
        pats = [p for p in (en_pattern(self.keywords_en), zh_pattern(self.keywords_zh)) if p]
        if pats:
            text = f"(coalesce({a}title, '') || ' ' || coalesce({a}abstract, ''))"
            kw = " OR ".join(f"regexp_matches({text}, ?)" for _ in pats)
            params.extend(pats)
            if self.exclude_codes:
                excl = any_prefix(self.exclude_codes)
                kw = (f"({kw}) AND NOT coalesce(len(list_filter({codes}, "
                      f"lambda c_: {excl})) > 0, false)")
            parts.append(f"({kw})")
        return "(" + (" OR ".join(parts) or "false") + ")", params


def show_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_list(data: dict, key: str, where: str) -> tuple[str, ...]:
    """``data[key]`` as a de-duplicated tuple of stripped strings, checked the way every file of
    codes and keywords is (corpora, breakdowns): codes compacted (``A61K8`` read as the group
    ``A61K8/``), a plain-ASCII entry refused in ``keywords_zh``. ``where`` starts the error
    sentence (``"corpora/toys.toml"`` or ``"toys.toml: branch 'dolls'"``)."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where}: {key!r} must be a list of non-empty strings")
    items = [v.strip() for v in value]
    if key.endswith("codes"):
        items = [normalise_code(v) for v in items]
        items = [v + "/" if _GROUP_NO_SLASH.match(v) else v for v in items]
        bad = [v for v in items if not _CODE_RE.match(v)]
        if bad:
            raise ValueError(f"{where}: {key!r}: not an IPC/CPC prefix: {bad[0]!r}")
    if key == "keywords_zh":
        ascii_only = [v for v in items if v.isascii()]
        if ascii_only:
            raise ValueError(f"{where}: keywords_zh entry {ascii_only[0]!r} is plain ASCII; "
                             "put it in keywords_en (whole-word matching)")
    return tuple(dict.fromkeys(items))


def load_corpus(path) -> Corpus:
    """Read and validate one corpus file; any problem is a ``ValueError`` naming the file."""
    path = Path(path)
    where = show_path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"{where}: invalid TOML: {e}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ValueError(f"{where}: cannot read: {e}") from None
    for key in data:
        if key not in KEYS:
            raise ValueError(f"{where}: unknown key {key!r} (expected one of {', '.join(KEYS)})")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ValueError(f"{where}: 'name' must be a simple identifier (letters, digits, "
                         f"'_', '-'), got {name!r}")
    fields: dict = {"name": name, "path": path}
    for key in KEYS[1:5]:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise ValueError(f"{where}: {key!r} must be a string")
        fields[key] = value.strip()
    for key in LIST_KEYS:
        fields[key] = read_list(data, key, where)
    if not (fields["codes"] or fields["keywords_en"] or fields["keywords_zh"]):
        raise ValueError(f"{where}: needs at least one of codes, keywords_en, keywords_zh")
    return Corpus(**fields)


def builtin_dir() -> Path:
    """The repository's ``corpora/`` folder with the built-in industry corpora."""
    return Path(__file__).resolve().parent.parent / "corpora"


def load_corpora(*extra_dirs) -> list[Corpus]:
    """Built-ins, then ``*.toml`` of each extra folder (same name replaces); sorted by name."""
    found: dict[str, Corpus] = {}
    for folder in (builtin_dir(), *extra_dirs):
        folder = Path(folder)
        if not folder.is_dir():
            continue
        seen: dict[str, Path] = {}
        for file in sorted(folder.glob("*.toml")):
            corpus = load_corpus(file)
            if corpus.name in seen:
                raise ValueError(f"{show_path(file)}: corpus name {corpus.name!r} is also used by "
                                 f"{show_path(seen[corpus.name])}")
            seen[corpus.name] = file
            found[corpus.name] = corpus
    return [found[k] for k in sorted(found)]


class UnknownCorpusError(KeyError, ValueError):
    """No corpus of that name; the message lists the known ones."""

    def __str__(self) -> str:
        return str(self.args[0])


def get_corpus(name: str, *extra_dirs) -> Corpus:
    corpora = {c.name: c for c in load_corpora(*extra_dirs)}
    if name not in corpora:
        raise UnknownCorpusError(f"unknown corpus {name!r}; known corpora: "
                                 f"{', '.join(corpora) or '(none)'}")
    return corpora[name]


def count_by_corpus(con, corpora, table: str = "patents") -> dict[str, int]:
    """Records per corpus in one scan of ``table`` (an open DuckDB connection)."""
    corpora = list(corpora)
    if not corpora:
        return {}
    cols, params = [], []
    for i, corpus in enumerate(corpora):
        expr, ps = corpus.sql_where("p")
        cols.append(f"count(*) FILTER (WHERE {expr}) AS n{i}")
        params.extend(ps)
    row = con.execute(f"SELECT {', '.join(cols)} FROM {table} p", params).fetchone()
    return {c.name: int(n) for c, n in zip(corpora, row)}
