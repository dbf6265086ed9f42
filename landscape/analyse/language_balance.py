"""Language balance: does a map group patents by technology, or by the language or the kind of
text they were written in?

Exports mix Chinese (CNIPA) records and foreign ones, and some records are a short title while
others have title + abstract. An embedding can place texts apart for those reasons alone, and
then a technology area is really "the Chinese titles". Two figures per attribute (language,
text type) say whether that happened:

- **AMI** (adjusted mutual information) between area and attribute, over the patents that have
  an area: 0 = the areas say nothing about the attribute, 1 = each area is one language.
  It also rises when the languages simply cover different technologies.
- **Cross-language agreement** compares like with like. Take every pair of patents that share
  an IPC/CPC subclass (the first four characters of their first code) and have an area. The
  share of different-language pairs that share an area, divided by the share of same-language
  pairs that do: 1.0 = language makes no difference, 0 = patents of the same subject in two
  languages never meet. Pairs are counted from group sizes (n·(n−1)/2), never enumerated.
  Where both languages have records of both text types, it is also measured within one text
  type (``agreement_controlled``), so that a text-type split is not read as a language one
  (and the same for text type within one language).

Plus the mix itself, and the share of areas that are at least 90 % one language or text type.
The verdict per attribute is ``"mixed"``, ``"split"`` or ``"one"`` (fewer than two values with
enough patents: nothing to compare, no warning). All outputs are plain JSON values.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from landscape.map_tables import as_list
from landscape.rules.balance import LANGUAGE, MIXED, ONE, SPLIT, TEXT_TYPE  # noqa: F401 - the note's words
from landscape.rules.text import language_code, text_type

#: A language (or text type) needs this many patents with an area before it is compared with
#: another: below it a few records cannot make a map "split" and the figures are noise.
MIN_GROUP = 20
#: Pairs needed on each side (different / same value) before the agreement is computed.
MIN_PAIRS = 50
#: AMI at or above this means the areas largely follow the attribute. For comparison, area
#: vs. IPC subclass on real maps measures 0.2–0.3 (RECIPES.md): an attribute that explains
#: the areas as well as the technology codes do is splitting the map.
SPLIT_AMI = 0.3
#: Agreement below this: patents on the same subject share an area less than half as often
#: across languages (or text types) as within one. Chance noise on a few hundred pairs stays
#: well above it; a map that keeps the languages apart goes far below.
SPLIT_AGREEMENT = 0.5
#: An area this much one value counts as "one-language" (or "one text type").
ONE_SIDED = 0.9



def first_subclasses(codes) -> list[str | None]:
    """The IPC/CPC subclass (``A63H``) of each patent's first code; None where it has none."""
    firsts = [next((c for c in as_list(cs) if isinstance(c, str) and len(c.strip()) >= 4), None) for cs in codes]
    return [c.strip()[:4].upper() if c else None for c in firsts]


def _pairs(sizes: pd.Series) -> int:
    n = sizes.to_numpy(dtype=np.int64)
    return int((n * (n - 1) // 2).sum())


def cross_agreement(group, value, area) -> dict:
    """Among pairs of patents in the same ``group`` (subclass): how often a pair with different
    ``value`` shares an ``area``, divided by how often a pair with the same value does.

    Returns ``{"agreement": float or None, "cross_pairs": int, "same_pairs": int}``; None when
    either side has fewer than ``MIN_PAIRS`` pairs or same-value pairs never share an area.
    """
    df = pd.DataFrame({"g": group, "v": value, "a": area})
    all_pairs = _pairs(df.groupby("g").size())
    same_area = _pairs(df.groupby(["g", "a"]).size())
    same_value = _pairs(df.groupby(["g", "v"]).size())
    same_value_area = _pairs(df.groupby(["g", "v", "a"]).size())
    cross, cross_area = all_pairs - same_value, same_area - same_value_area
    out = {"agreement": None, "cross_pairs": cross, "same_pairs": same_value}
    if cross >= MIN_PAIRS and same_value >= MIN_PAIRS and same_value_area > 0:
        out["agreement"] = round((cross_area / cross) / (same_value_area / same_value), 4)
    return out


def _ami(area: np.ndarray, value: np.ndarray) -> float | None:
    from sklearn.metrics import adjusted_mutual_info_score

    if len(area) < 2 or len(set(value)) < 2:
        return None
    return round(float(adjusted_mutual_info_score(area, value)), 4)


def _one_sided_share(area: np.ndarray, value: np.ndarray) -> float | None:
    if len(area) == 0:
        return None
    counts = pd.crosstab(area, value)
    top = counts.max(axis=1) / counts.sum(axis=1)
    return round(float((top >= ONE_SIDED).mean()), 4)


def _attribute(cluster, value, other, subclass) -> dict:
    """The figures for one attribute (``value``), with ``other`` the attribute held fixed in the
    controlled agreement. Patents without an area or without a value are left out."""
    known = (cluster >= 0) & pd.notna(value)
    counts = pd.Series(value[pd.notna(value)]).value_counts()
    sizes = pd.Series(value[known]).value_counts()
    out = {"counts": {str(k): int(v) for k, v in counts.items()},
           "ami": None, "agreement": None, "agreement_controlled": None, "cross_pairs": 0,
           "one_sided_areas": _one_sided_share(cluster[known], value[known]), "verdict": ONE}
    if int((sizes >= MIN_GROUP).sum()) < 2:
        return out
    out["ami"] = _ami(cluster[known], value[known])
    coded = known & pd.notna(subclass)
    raw = cross_agreement(subclass[coded], value[coded], cluster[coded])
    out["agreement"], out["cross_pairs"] = raw["agreement"], raw["cross_pairs"]
    both = coded & pd.notna(other)
    strata = pd.Series(subclass[both]).astype(str) + "|" + pd.Series(other[both]).astype(str)
    out["agreement_controlled"] = cross_agreement(strata.to_numpy(), value[both], cluster[both])["agreement"]
    out["verdict"] = SPLIT if _splits(out) else MIXED
    return out


def _splits(figures: dict) -> bool:
    # Agreement compares patents of one subject, so it decides when it can be measured (the one
    # within a single value of the other attribute first): AMI alone also rises when the
    # languages cover different technologies, which is no fault of the map.
    agreement = figures["agreement_controlled"]
    if agreement is None:
        agreement = figures["agreement"]
    if agreement is not None:
        return agreement < SPLIT_AGREEMENT
    return figures["ami"] is not None and figures["ami"] >= SPLIT_AMI


def language_balance(cluster, languages, text_types, subclasses) -> dict:
    """The language and text-type balance of a map.

    Parameters
    ----------
    cluster : array of int
        Each patent's area, -1 where it has none.
    languages : sequence
        Each patent's language (``"zh"``, ``"en-US"``, None...); normalised to two letters.
    text_types : sequence of str
        ``"title"`` or ``"abstract"`` per patent (see ``landscape.rules.text.text_type``).
    subclasses : sequence
        Each patent's IPC/CPC subclass (see :func:`first_subclasses`); None where unknown.

    Returns
    -------
    dict
        ``{"patents", "assigned", "language": {...}, "text_type": {...}, "verdict", "warning"}``;
        per attribute the mix (``counts``), ``ami``, ``agreement``, ``agreement_controlled``,
        ``cross_pairs``, ``one_sided_areas`` and ``verdict`` (``mixed``/``split``/``one``).
    """
    cluster = np.asarray(cluster, dtype=np.int64).reshape(-1)
    lang = np.array([language_code(v) for v in languages], dtype=object)
    kind = np.array([v if isinstance(v, str) and v else None for v in text_types], dtype=object)
    sub = np.array([v if isinstance(v, str) and v else None for v in subclasses], dtype=object)
    if not (len(cluster) == len(lang) == len(kind) == len(sub)):
        raise ValueError("language_balance: cluster, languages, text_types and subclasses differ in length")
    out = {"patents": int(len(cluster)), "assigned": int((cluster >= 0).sum()),
           LANGUAGE: _attribute(cluster, lang, kind, sub),
           TEXT_TYPE: _attribute(cluster, kind, lang, sub),
           "thresholds": {"min_group": MIN_GROUP, "min_pairs": MIN_PAIRS, "split_ami": SPLIT_AMI,
                          "split_agreement": SPLIT_AGREEMENT, "one_sided": ONE_SIDED}}
    split = [words for key, words in ((LANGUAGE, "language"), (TEXT_TYPE, "text type"))
             if out[key]["verdict"] == SPLIT]
    if split:
        out["verdict"] = "split by " + " and ".join(split)
    elif MIXED in (out[LANGUAGE]["verdict"], out[TEXT_TYPE]["verdict"]):
        out["verdict"] = MIXED
    else:
        out["verdict"] = "one language"  # and one text type: nothing to compare
    out["warning"] = bool(split)
    # Where language and text type go together (every Chinese record a bare title), neither
    # figure can be measured with the other held fixed: the display says the two are entangled.
    both = pd.notna(lang) & pd.notna(kind)
    out["language_text_type_ami"] = _ami(lang[both], kind[both])
    # Both splits at once and language and text type going together: which causes it cannot be told.
    out["splits_together"] = bool((out["language_text_type_ami"] or 0) >= SPLIT_AMI)
    return out


def map_language_balance(points: pd.DataFrame, documents: pd.DataFrame | None) -> dict:
    """:func:`language_balance` of a map bundle's ``points`` (``cluster``, ``lang``, ``codes``),
    text types read from ``documents`` (``id``, ``title``, ``abstract``; every patent counts as
    title only where the map has no documents table)."""
    n = len(points)
    if documents is not None and {"id", "abstract"} <= set(documents.columns):
        docs = documents.drop_duplicates("id").set_index("id")
        titles = docs["title"].reindex(points["id"]) if "title" in docs else [None] * n
        kinds = [text_type(t, a) for t, a in zip(titles, docs["abstract"].reindex(points["id"]))]
    else:
        kinds = [text_type(t, None) for t in (points["title"] if "title" in points else [None] * n)]
    langs = points["lang"].tolist() if "lang" in points else [None] * n
    codes = points["codes"].tolist() if "codes" in points else [None] * n
    cluster = points["cluster"] if "cluster" in points else points["area"]
    return language_balance(cluster.to_numpy(), langs, kinds, first_subclasses(codes))
