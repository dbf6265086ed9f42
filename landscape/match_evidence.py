"""Why a patent matches a description, and the re-ranking that uses it.

The first stage (``place.nearest_patents``) ranks the map's patents by cosine similarity of
embeddings. This second stage looks at what the text itself says:

- **shared terms**: the description's words found in the patent's title or abstract, both cut
  into words by the labels' tokenizer (``rules.words``: English words and two-word phrases;
  Chinese by jieba, with the industries' terms), so a word matches a whole word, not the
  inside of a longer one;
- **shared codes**: IPC/CPC codes typed in the description (``A63H33/04``, ``A63H 33/04``,
  ``A63H``) that one of the patent's codes starts with (the corpora's prefix rule; a main
  group ``A63H33/00`` takes every ``A63H33/`` group).

The score is one line: ``similarity + term_weight x (share of the description's terms the
patent has) + code_weight x (share of its codes)``. Words cannot match across languages, so a
patent written in another language than the description could only lose to ones in the same
language; with ``keep_language_slots`` the patents of the other language keep the places the
similarity gave them and only the same-language ones are re-ordered among theirs (the
difference is measured in bench/invention.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from landscape.corpora import normalise_code
from landscape.ingest.normalize import classification_code
from landscape.map_tables import as_list
from landscape.rules.words import tokens_en, tokens_zh

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A code as people type it: subclass, optionally main group / subgroup, spaces allowed inside.
_TYPED_CODE = re.compile(r"(?<![A-Za-z0-9])([A-H]\d{2}[A-Z](?:\s?\d{1,4}(?:\s?/\s?\d{1,6})?)?)(?![A-Za-z0-9/])")


@dataclass(frozen=True)
class RerankSettings:
    """How the second stage scores; ``enabled=False`` keeps the order of the similarity.

    ``candidates``: how many of the most similar patents the second stage looks at.
    """

    enabled: bool = True
    candidates: int = 200
    term_weight: float = 0.1
    code_weight: float = 0.1
    keep_language_slots: bool = True


def query_language(text: str) -> str:
    """``"zh"`` when the text has Chinese characters, else ``"en"``."""
    return "zh" if _CJK.search(text or "") else "en"


@lru_cache(maxsize=50_000)
def terms(text: str) -> frozenset[str]:
    """The words and two-word phrases of ``text`` (English, and Chinese where it has some).

    Kept per text: every query re-reads the 200 candidates' titles and abstracts, and the same
    patents come back for related queries (jieba is the slow part)."""
    text = text or ""
    found = set(tokens_en(text))
    if _CJK.search(text):
        found.update(tokens_zh(text))
    return frozenset(found)


def typed_codes(text: str) -> list[str]:
    """The IPC/CPC codes written in ``text``, normalised (``a63h 33/04`` -> ``A63H33/04``)."""
    out: dict[str, None] = {}
    for m in _TYPED_CODE.finditer((text or "").upper()):
        # classification_code reads subclasses and groups; a bare main group (H01L33) is kept as typed
        code = classification_code(m.group(1)) or normalise_code(m.group(1))
        if code:
            out.setdefault(code)
    return list(out)


def code_prefix(code: str) -> str:
    """What a patent's code must start with to fall under ``code``: the code itself, or for a
    main group (``B25J15/00`` or ``B25J15``) every group under it (``B25J15/``)."""
    if code.endswith("/00"):
        return code[:-2]
    return code + "/" if "/" not in code and len(code) > 4 else code


@dataclass(frozen=True)
class Evidence:
    """Per candidate patent: the description's terms and codes it shares, what each adds to
    the similarity, and the score (similarity + both)."""

    terms: list[list[str]]
    codes: list[list[str]]
    term_bonus: np.ndarray
    code_bonus: np.ndarray
    score: np.ndarray


def evidence(query: str, similarity: np.ndarray, texts: list[str], codes: list,
             settings: RerankSettings = RerankSettings()) -> Evidence:
    """Shared terms and codes of each candidate (``texts``, ``codes`` row-aligned with
    ``similarity``) and its score (the similarity plus the weighted shares)."""
    wanted_terms, wanted_codes = terms(query), typed_codes(query)
    shared_terms = [sorted(wanted_terms & terms(t), key=lambda w: (-len(w), w)) if wanted_terms else []
                    for t in texts]
    prefixes = [code_prefix(q) for q in wanted_codes]
    shared_codes = [[q for q, p in zip(wanted_codes, prefixes) if any(str(c).startswith(p) for c in as_list(cs))]
                    for cs in codes]
    term_bonus, code_bonus = np.zeros(len(texts)), np.zeros(len(texts))
    if settings.enabled and wanted_terms:
        term_bonus = settings.term_weight * np.array([len(s) for s in shared_terms]) / len(wanted_terms)
    if settings.enabled and wanted_codes:
        code_bonus = settings.code_weight * np.array([len(s) for s in shared_codes]) / len(wanted_codes)
    score = np.asarray(similarity, dtype=np.float64) + term_bonus + code_bonus
    return Evidence(shared_terms, shared_codes, term_bonus, code_bonus, score)


def rerank_order(ev: Evidence, similarity: np.ndarray, same_language: np.ndarray,
                 settings: RerankSettings = RerankSettings()) -> np.ndarray:
    """Candidate positions, best first: by score, ties by similarity then position.

    With ``keep_language_slots``, a patent not in the description's language keeps its place in
    the similarity order unless codes move it; the others are ranked by the full score among
    the remaining places.
    """
    n = len(similarity)
    position = np.arange(n)
    if not settings.enabled:
        return np.lexsort((position, -np.asarray(similarity)))
    if not settings.keep_language_slots:
        return np.lexsort((position, -np.asarray(similarity), -ev.score))
    # Codes speak every language: the order without words decides who holds which place...
    code_score = np.asarray(similarity, dtype=np.float64) + ev.code_bonus
    slots = np.lexsort((position, -np.asarray(similarity), -code_score))
    # ...then the places held by same-language patents are refilled by their full score.
    same = np.asarray(same_language, dtype=bool)
    held = same[slots]
    mine = slots[held]
    slots[held] = mine[np.lexsort((position[mine], -np.asarray(similarity)[mine], -ev.score[mine]))]
    return slots
