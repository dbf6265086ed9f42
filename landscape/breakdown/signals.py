"""The evidence that a patent belongs to a branch, one patents x branches matrix per kind.

* codes: an IPC/CPC code starts with a branch prefix (the rule of ``corpora.Corpus.matches``);
* keywords: how many of a branch's keywords the title or abstract has. English keywords match
  as in ``corpora/*.toml`` (whole words); Chinese keywords match on jieba-segmented words
  (``embed.tfidf.tokenize``) rather than as substrings, because a breakdown's keywords are
  short (膜, 灯罩) and a substring would also find them inside unrelated longer words (界面膜);
* exclusions: a branch's ``exclude_codes`` or ``exclude_keywords`` veto it for that patent;
* similarity: cosine between a patent's vector and a branch prototype (its description's
  vector, or the mean vector of patents known to be in it).
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from landscape.breakdown.taxonomy import Taxonomy
from landscape.corpora import Corpus, en_pattern, normalise_code
from landscape.embed.base import l2_normalise
from landscape.embed.tfidf import tokenize

_SEP = "\x1f"  # joins segmented words; never inside a word


@lru_cache(maxsize=4096)
def _en(keyword: str) -> re.Pattern:
    return re.compile(en_pattern((keyword,)))


@lru_cache(maxsize=4096)
def _zh(keyword: str) -> str:
    return _SEP.join(tokenize(keyword))


def word_runs(text: str, longest: int = 4) -> set[str]:
    """Every run of 1..``longest`` consecutive segmented words of ``text``, joined."""
    words = tokenize(text)
    return {_SEP.join(words[i:i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)}


def _has(keyword: str, text: str, runs: set[str]) -> bool:
    if keyword.isascii():
        return bool(_en(keyword).search(text))
    key = _zh(keyword)
    return bool(key) and key in runs


def code_hits(taxonomy: Taxonomy, codes: list) -> np.ndarray:
    """patents x branches, True where one of the patent's codes is in the branch."""
    rules = [Corpus(name=b.id, codes=b.codes, exclude_codes=b.exclude_codes) if b.codes else None
             for b in taxonomy.branches]
    out = np.zeros((len(codes), len(rules)), dtype=bool)
    for i, patent_codes in enumerate(codes):
        for j, rule in enumerate(rules):
            out[i, j] = rule is not None and rule.matches(None, None, patent_codes)
    return out


def keyword_counts(taxonomy: Taxonomy, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Two patents x branches matrices: how many of the branch's keywords the text has, and
    whether it has one of the branch's ``exclude_keywords``."""
    counts = np.zeros((len(texts), len(taxonomy.branches)), dtype=np.int16)
    vetoed = np.zeros(counts.shape, dtype=bool)
    for i, text in enumerate(texts):
        runs = word_runs(text)
        for j, b in enumerate(taxonomy.branches):
            counts[i, j] = sum(_has(k, text, runs) for k in (*b.keywords_en, *b.keywords_zh))
            vetoed[i, j] = any(_has(k, text, runs) for k in b.exclude_keywords)
    return counts, vetoed


def code_vetoes(taxonomy: Taxonomy, codes: list) -> np.ndarray:
    """patents x branches, True where a patent has one of the branch's ``exclude_codes`` and none of
    its ``codes`` (the corpus rule: such a patent is not taken on words alone)."""
    out = np.zeros((len(codes), len(taxonomy.branches)), dtype=bool)
    for i, patent_codes in enumerate(codes):
        norm = [normalise_code(c) for c in (patent_codes or ()) if isinstance(c, str)]
        for j, b in enumerate(taxonomy.branches):
            out[i, j] = bool(b.exclude_codes) and any(c.startswith(b.exclude_codes) for c in norm)
    return out


def description_texts(taxonomy: Taxonomy) -> tuple[list[str], list[str]]:
    """Each branch's English and Chinese text for zero-shot: its name and description."""
    en = [f"{b.name_en}. {b.description_en}" for b in taxonomy.branches]
    zh = [f"{b.name_zh}。{b.description_zh}" for b in taxonomy.branches]
    return en, zh


def description_similarity(vectors: np.ndarray, taxonomy: Taxonomy, embedder) -> np.ndarray:
    """patents x branches: cosine to the nearer of the branch's English and Chinese descriptions
    (an English-only model places the Chinese one anywhere; the nearer one is the right language)."""
    en, zh = description_texts(taxonomy)
    d = l2_normalise(embedder.encode(en + zh))
    sims = vectors @ d.T
    return np.maximum(sims[:, :len(en)], sims[:, len(en):])


def centroid_similarity(vectors: np.ndarray, members: np.ndarray, min_members: int = 1) -> np.ndarray:
    """patents x branches: cosine to the mean vector of each branch's members (a boolean matrix);
    NaN for a branch with fewer than ``min_members``.

    A member is compared with the mean of the *other* members: its own vector would pull the
    mean towards it, and thresholds read from members' similarities would come out too high.
    """
    out = np.full((len(vectors), members.shape[1]), np.nan, dtype=np.float32)
    for j in range(members.shape[1]):
        idx = np.flatnonzero(members[:, j])
        if len(idx) < max(min_members, 1):
            continue
        total = vectors[idx].sum(axis=0)
        out[:, j] = vectors @ l2_normalise(total[None, :])[0]
        if len(idx) > 1:
            others = l2_normalise(total[None, :] - vectors[idx])
            out[idx, j] = np.einsum("ij,ij->i", vectors[idx], others)
    return out


def logistic_similarity(vectors: np.ndarray, members: np.ndarray, seed: int = 0) -> np.ndarray:
    """patents x branches: a one-vs-rest logistic regression per branch, trained on the labelled
    patents (members of any branch), its decision value for every patent; NaN for a branch with
    fewer than two members or no non-members to learn from. Labelled patents get the value of a
    model fitted without them (cross-validation), for the same reason as in
    :func:`centroid_similarity`."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    out = np.full((len(vectors), members.shape[1]), np.nan, dtype=np.float32)
    labelled = np.flatnonzero(members.any(axis=1))
    for j in range(members.shape[1]):
        y = members[labelled, j]
        if y.sum() < 2 or (~y).sum() < 2:
            continue
        model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
        out[:, j] = model.fit(vectors[labelled], y).decision_function(vectors)
        folds = StratifiedKFold(n_splits=int(min(5, y.sum(), (~y).sum())), shuffle=True, random_state=seed)
        out[labelled, j] = cross_val_predict(model, vectors[labelled], y, cv=folds, method="decision_function")
    return out
