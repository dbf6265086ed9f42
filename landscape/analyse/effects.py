"""The technology-effect matrix (技术功效矩阵): technology areas x technical effects.

Effects (lower cost, safety, efficiency, ...) are found in each patent's title and abstract
with a bilingual lexicon (``effects_lexicon.toml``, extendable with a user's own file). The
matrix counts, per area, the patents that mention each effect; ``candidate_gaps`` lists the
cells that are much thinner than the area's size and the effect's popularity predict — the
places a navigation report points at as possible technology vacancies.

Matching rules, chosen so that a reader can predict every hit:

- English terms match whole words, case-insensitively, with simple inflections on every
  word of three or more letters (-s, -es, -ed, -ing, -ly; "safe" -> "safely", "simplify"
  -> "simplified"), never -er ("comfort" must not match "comforter", a blanket); spaces and hyphens between words are interchangeable. "cost" therefore
  matches "costs" and "cost-effective" but not "costume"; "safe" does not match "unsafe",
  which is listed on its own.
- Chinese terms match as substrings (Chinese has no spaces), so the traps are listed as
  exclusions: phrases blanked out before that effect's terms are looked for (信息安全 is not
  safety, 质量份 "parts by mass" is not quality, 稳定剂 "stabiliser" is not stability).
- Text is NFKC-normalised first, so full-width letters and signs match like ASCII ones.
- Naming the problem counts as the effect ("unsafe", "成本高"): the patent is about it.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from landscape.rules.names import both_names, in_sentence
from landscape.rules.text import record_text
from landscape.rules.words import EN_WORD_RE

MATRIX_COLUMNS = ["area", "area_label_en", "area_label_zh", "area_size", "effect",
                  "effect_label_en", "effect_label_zh", "count", "share_of_area", "patent_ids"]
GAP_COLUMNS = ["area", "area_label_en", "area_label_zh", "area_size", "effect",
               "effect_label_en", "effect_label_zh", "count", "expected", "shortfall",
               "patent_ids", "description_en", "description_zh"]

_KEY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_TOKEN = EN_WORD_RE  # the labels' English word, so both split text alike
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ALWAYS = frozenset({""})                  # "" is in every document's word set, see effect_hits
_LIST_FIELDS = ("terms_en", "terms_zh", "exclude_en", "exclude_zh")
_EFFECT_KEYS = ("label_en", "label_zh", *_LIST_FIELDS, "replace")


@dataclass(frozen=True)
class Effect:
    """One technical effect: how reports name it and which words signal it."""

    key: str
    label_en: str
    label_zh: str
    terms_en: tuple[str, ...] = ()
    terms_zh: tuple[str, ...] = ()
    exclude_en: tuple[str, ...] = ()
    exclude_zh: tuple[str, ...] = ()


def builtin_lexicon_path() -> Path:
    """The lexicon shipped with landscape (``effects_lexicon.toml`` next to this module)."""
    return Path(__file__).with_name("effects_lexicon.toml")


def load_lexicon(path=None) -> tuple[Effect, ...]:
    """The built-in effect lexicon, extended or overridden by a user's TOML file.

    Parameters
    ----------
    path : str or Path, optional
        A lexicon in the built-in's format. A table with a new key adds an effect; one with
        a built-in key adds its terms and exclusions and replaces the labels it gives, or
        replaces the effect whole with ``replace = true``. Top-level ``drop = [keys]``
        removes built-in effects and ``extend = false`` starts from an empty lexicon.

    Returns
    -------
    tuple of Effect
        Built-in effects in file order, then the user's new ones.

    Raises
    ------
    ValueError
        When a file cannot be read, is not valid TOML, or breaks the format; the message
        names the file.
    """
    effects = _merge({}, _read(builtin_lexicon_path()), builtin_lexicon_path(), user=False)
    if path is not None:
        effects = _merge(effects, _read(Path(path)), Path(path), user=True)
    return tuple(effects.values())


def effect_hits(documents: pd.DataFrame, lexicon=None) -> pd.DataFrame:
    """Which effects each document mentions in its title and abstract.

    Parameters
    ----------
    documents : DataFrame
        ``id``, ``title`` and (optionally) ``abstract``; missing texts are fine.
    lexicon : tuple of Effect, optional
        Defaults to ``load_lexicon()``.

    Returns
    -------
    DataFrame
        Long format, one row per (document, effect) mentioned: ``id``, ``effect`` (key),
        ``term`` (the first matching text, as written, so a reader can check the hit).
        In document order, then lexicon order.
    """
    lexicon = load_lexicon() if lexicon is None else tuple(lexicon)
    abstracts = documents["abstract"] if "abstract" in documents else [None] * len(documents)
    texts = [_text(t, a) for t, a in zip(documents["title"], abstracts)]
    rows = []
    compiled = [(e.key, *_patterns(e)) for e in lexicon]
    for pid, text in zip(documents["id"], texts):
        if not text:
            continue
        # Python's re tries every alternative at every position, which is slow for a whole
        # lexicon; set lookups of each term's first word (any form) and first two characters
        # rule out most (document, effect) pairs before any regex runs.
        lower = text.lower()
        words = set(_TOKEN.findall(lower)) | {""}
        grams = set(lower)
        for run in _NON_ASCII.findall(lower):
            grams.update(run[i:i + 2] for i in range(len(run) - 1))
        for key, first_words, first_grams, find, exclude in compiled:
            if first_words.isdisjoint(words) and first_grams.isdisjoint(grams):
                continue
            m = find.search(exclude.sub(" ", text) if exclude else text)
            if m:
                rows.append((pid, key, m.group(0)))
    out = pd.DataFrame(rows, columns=["id", "effect", "term"])
    out.attrs["n_documents"] = len(documents)
    return out


def effect_matrix(points: pd.DataFrame, documents: pd.DataFrame | None,
                  clusters: pd.DataFrame | None = None, lexicon=None, *,
                  max_ids: int = 50) -> pd.DataFrame:
    """Patents per technology area and effect (the bundle's ``effects.parquet``).

    Parameters
    ----------
    points : DataFrame
        The bundle's points (``id``, ``area`` >= 0, ``title``, ``year``).
    documents : DataFrame or None
        ``id``, ``title``, ``abstract``; a patent without a document row is read from its
        title in ``points``.
    clusters : DataFrame, optional
        Areas (``id``, ``label_en``, ``label_zh``): labels, and rows for empty areas.
    lexicon : tuple of Effect, optional
        Defaults to ``load_lexicon()``.
    max_ids : int, default 50
        Most patent ids kept per cell, newest filing year first.

    Returns
    -------
    DataFrame
        Every area x effect, empty cells included (they are what gaps are made of):
        ``area``, ``area_label_en``, ``area_label_zh`` (None without clusters),
        ``area_size``, ``effect``, ``effect_label_en``, ``effect_label_zh``, ``count``
        (patents in the area mentioning the effect), ``share_of_area``, ``patent_ids``.
        ``attrs["coverage"]``: share of patents that mention at least one effect.
    """
    lexicon = load_lexicon() if lexicon is None else tuple(lexicon)
    area = pd.to_numeric(points["area"], errors="coerce")
    if area.isna().any() or (area < 0).any():
        raise ValueError("points has rows without a technology area (area missing or < 0); "
                         "pass the bundle's 'area' column, not 'cluster'")
    pts = pd.DataFrame({"id": points["id"].to_numpy(), "area": area.astype(int).to_numpy(),
                        "year": pd.to_numeric(points["year"], errors="coerce").astype("Float64")
                        .to_numpy(dtype=float, na_value=np.nan) if "year" in points else np.nan,
                        "title": points["title"].to_numpy(dtype=object) if "title" in points else None})
    texts = pts[["id", "title"]].assign(abstract=None)
    if documents is not None and len(documents):
        docs = documents.drop_duplicates("id").set_index("id")
        found = texts["id"].isin(docs.index)
        ids = texts.loc[found, "id"]
        if "title" in docs:
            # Prefer the document's title; keep the point's where the document has none.
            both = zip(docs["title"].reindex(ids).to_numpy(dtype=object),
                       texts.loc[found, "title"].to_numpy(dtype=object))
            texts.loc[found, "title"] = [d if isinstance(d, str) and d.strip() else p for d, p in both]
        if "abstract" in docs:
            texts.loc[found, "abstract"] = docs["abstract"].reindex(ids).to_numpy()
    hits = effect_hits(texts, lexicon).merge(pts[["id", "area", "year"]], on="id")
    hits = hits.sort_values(["year", "id"], ascending=[False, True], na_position="last")
    cells = {k: list(g["id"]) for k, g in hits.groupby(["area", "effect"], sort=False)}
    labels = _area_labels(clusters)
    areas = sorted(set(pts["area"]) | set(labels))
    size = pts["area"].value_counts()
    rows = []
    for a in areas:
        n = int(size.get(a, 0))
        for e in lexicon:
            ids = cells.get((a, e.key), [])
            rows.append((a, *labels.get(a, (None, None)), n, e.key, e.label_en, e.label_zh,
                         len(ids), len(ids) / n if n else np.nan, ids[:max_ids]))
    out = pd.DataFrame(rows, columns=MATRIX_COLUMNS)
    out.attrs["coverage"] = float(hits["id"].nunique() / len(pts)) if len(pts) else float("nan")
    return out


def candidate_gaps(matrix: pd.DataFrame, *, max_ratio: float = 0.25,
                   min_expected: float = 3.0) -> pd.DataFrame:
    """Thin cells of the effect matrix next to strong rows and columns.

    A cell's expected count is what it would hold if effects were spread over areas in
    proportion: ``expected = row_total * col_total / grand_total``, where the totals add up
    effect mentions (an area's row total is its size, weighted by how much its patents
    talk about effects at all, so areas known only by short titles are not all flagged).
    A cell is a candidate when ``count <= max_ratio * expected`` and ``expected >=
    min_expected``: the second condition is what makes the row and column "strong" — a
    small area or a rare effect cannot expect three patents in one cell.

    Parameters
    ----------
    matrix : DataFrame
        ``effect_matrix`` output.
    max_ratio : float, default 0.25
        Highest observed / expected ratio that is still a gap.
    min_expected : float, default 3.0
        Lowest expected count worth reporting.

    Returns
    -------
    DataFrame
        One row per candidate, largest ``shortfall`` (expected - count) first:
        ``area``, area labels, ``area_size``, ``effect``, effect labels, ``count``,
        ``expected``, ``shortfall``, ``patent_ids`` (the few that do mention it),
        ``description_en``, ``description_zh``.
    """
    m = matrix.copy()
    grand = m["count"].sum()
    if not len(m) or grand == 0:
        return pd.DataFrame(columns=GAP_COLUMNS)
    m["expected"] = (m.groupby("area")["count"].transform("sum")
                     * m.groupby("effect")["count"].transform("sum") / grand)
    m["shortfall"] = m["expected"] - m["count"]
    gaps = m[(m["count"] <= max_ratio * m["expected"]) & (m["expected"] >= min_expected)]
    gaps = gaps.sort_values(["shortfall", "area", "effect"], ascending=[False, True, True])
    gaps = gaps.assign(description_en=[_gap_en(r) for r in gaps.itertuples()],
                       description_zh=[_gap_zh(r) for r in gaps.itertuples()])
    return gaps[GAP_COLUMNS].reset_index(drop=True)


# -- lexicon files ---------------------------------------------------------------------------

def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"{path}: invalid TOML in effect lexicon: {e}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: cannot read effect lexicon: {e}") from None


def _merge(effects: dict[str, Effect], data: dict, path: Path, *, user: bool) -> dict[str, Effect]:
    """Apply one lexicon file to ``effects`` (key -> Effect), validating as it goes."""
    effects = dict(effects)
    extend = data.get("extend", True)
    drop = data.get("drop", [])
    if not isinstance(extend, bool):
        raise ValueError(f"{path}: 'extend' must be true or false")
    if not isinstance(drop, list) or not all(isinstance(k, str) for k in drop):
        raise ValueError(f"{path}: 'drop' must be a list of effect keys")
    effects = effects if extend else {}
    for key in drop:
        if key not in effects:
            raise ValueError(f"{path}: cannot drop unknown effect {key!r} "
                             f"(known: {', '.join(effects) or 'none'})")
        del effects[key]
    for key, table in data.items():
        if key in ("extend", "drop") and user:
            continue
        if not isinstance(table, dict):
            raise ValueError(f"{path}: top-level {key!r} is not an effect table "
                             "(write [key] with label_en, label_zh, terms_en, terms_zh)")
        effects[key] = _effect(key, table, effects.get(key), path)
    return effects


def _effect(key: str, table: dict, base: Effect | None, path: Path) -> Effect:
    where = f"{path}: effect [{key}]"
    if not _KEY_RE.match(key):
        raise ValueError(f"{where}: key must be letters, digits, '_' or '-', starting with a letter")
    unknown = [k for k in table if k not in _EFFECT_KEYS]
    if unknown:
        raise ValueError(f"{where}: unknown field {unknown[0]!r} (expected {', '.join(_EFFECT_KEYS)})")
    if not isinstance(table.get("replace", False), bool):
        raise ValueError(f"{where}: 'replace' must be true or false")
    base, values = (None if table.get("replace") else base), {}
    for name in ("label_en", "label_zh"):
        value = table.get(name, getattr(base, name, None))
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: {name!r} must be a non-empty string")
        values[name] = value.strip()
    for name in _LIST_FIELDS:
        value = table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError(f"{where}: {name!r} must be a list of non-empty strings")
        if name.endswith("_zh") and any(v.isascii() for v in value):
            bad = next(v for v in value if v.isascii())
            raise ValueError(f"{where}: {name} entry {bad!r} is plain ASCII; put it in "
                             f"{name.replace('_zh', '_en')} (whole-word matching)")
        values[name] = tuple(dict.fromkeys(getattr(base, name, ()) + tuple(v.strip() for v in value)))
    if not (values["terms_en"] or values["terms_zh"]):
        raise ValueError(f"{where}: needs at least one term in terms_en or terms_zh")
    return Effect(key=key, **values)


# -- matching --------------------------------------------------------------------------------

def _text(title, abstract) -> str:
    return unicodedata.normalize("NFKC", record_text(title, abstract))


def _forms(word: str) -> list[str]:
    """A lowercase English word and its simple inflections (see the module docstring)."""
    w = word.lower()
    if len(w) < 3 or not w.isalpha():
        return [w]
    if w.endswith("e"):
        return [w[:-1] + s for s in ("e", "es", "ed", "ing", "ely")]
    if w.endswith("y") and w[-2] not in "aeiou":
        return [w[:-1] + s for s in ("y", "ies", "ied", "ying", "ily")]
    return [w + s for s in ("", "s", "es", "ed", "ing", "ly")]


def _words(term: str) -> list[str]:
    """The words of an English term (spaces and hyphens separate them)."""
    return [w for w in re.split(r"[\s\-]+", unicodedata.normalize("NFKC", term).strip()) if w]


def _en(term: str) -> str:
    words = ["(?:" + "|".join(re.escape(f) for f in _forms(w)) + ")" for w in _words(term)]
    # ASCII letter/digit boundaries rather than \b: \b counts Chinese characters as word
    # characters and would miss "LED" in "采用LED光源".
    return r"(?<![a-z0-9])" + r"[\s\-]+".join(words) + r"(?![a-z0-9])"


def _alternation(terms_en, terms_zh) -> str | None:
    zh = [re.escape(unicodedata.normalize("NFKC", t)) for t in terms_zh]
    # Longest first, so a reported term is the most specific one at that place.
    parts = sorted([_en(t) for t in terms_en], key=len, reverse=True) + sorted(zh, key=len, reverse=True)
    return "|".join(parts) if parts else None


@lru_cache(maxsize=256)
def _patterns(effect: Effect) -> tuple[frozenset, frozenset, re.Pattern, re.Pattern | None]:
    """(first words in every form, first two characters of Chinese terms, finder, excluder)."""
    first_words = frozenset(f for t in effect.terms_en for f in _forms(_words(t)[0]))
    if any(not _TOKEN.fullmatch(f) for f in first_words):
        first_words = _ALWAYS            # a word like "o'clock" is not one token: always look
    # Chinese terms are keyed by the first two characters of their first non-ASCII run
    # (terms are never plain ASCII), matching the bigrams effect_hits takes from such runs.
    first_grams = frozenset(_NON_ASCII.search(unicodedata.normalize("NFKC", t).lower()).group(0)[:2]
                            for t in effect.terms_zh)
    find = re.compile(_alternation(effect.terms_en, effect.terms_zh), re.IGNORECASE)
    excl = _alternation(effect.exclude_en, effect.exclude_zh)
    return first_words, first_grams, find, (re.compile(excl, re.IGNORECASE) if excl else None)


# -- sentences --------------------------------------------------------------------------------

def _area_labels(clusters: pd.DataFrame | None) -> dict[int, tuple[str, str]]:
    return {} if clusters is None else both_names(clusters)


def _sentence_label(label: str) -> str:
    """'Lower cost' -> 'lower cost' inside a sentence; acronyms ('LED lighting') stay."""
    return label if len(label) > 1 and label[1].isupper() else label[:1].lower() + label[1:]


def _gap_en(r) -> str:
    name = in_sentence(r.area, r.area_label_en, "en")
    effect, exp = _sentence_label(r.effect_label_en), f"{r.expected:.0f}"
    why = "expected from the area's size and how common the effect is"
    if r.count == 0:
        return f"No patent in {name} mentions {effect} (about {exp} {why})."
    return f"Few patents in {name} mention {effect} ({r.count} vs about {exp} {why})."


def _gap_zh(r) -> str:
    name = in_sentence(r.area, r.area_label_zh, "zh")
    exp = f"{r.expected:.0f}"
    if r.count == 0:
        return f"{name}没有专利提到{r.effect_label_zh}（按规模预期约 {exp} 件）。"
    return f"{name}提到{r.effect_label_zh}的专利很少（{r.count} 件，按规模预期约 {exp} 件）。"
