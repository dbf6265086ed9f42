"""Cluster labels: class-based TF-IDF terms in English and Chinese, representatives, top codes.

Each cluster is one long document (a "class"); a term scores high when it is frequent in the
cluster and rare across clusters (c-TF-IDF, as in BERTopic). English and Chinese are scored
separately, each over the records written in it or translated into it by their export, so a
bilingual corpus gets a label in each language. Words are :mod:`landscape.rules.words`'s. Codes are counted per patent and titled by :mod:`landscape.ipc_titles`.
"""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict

import numpy as np
import pandas as pd
import scipy.sparse as sp
from joblib import Parallel, delayed, effective_n_jobs
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_array, check_is_fitted, check_non_negative

from landscape.distinct_labels import code_label, distinct_labels, extensions
from landscape.ipc_titles import short_title
from landscape.rules.names import unlabelled_name
from landscape.rules.text import language_of, texts_in
from landscape.rules.words import STOP_WORDS_EN, STOP_WORDS_ZH, tokens_en, tokens_zh  # noqa: F401 (re-exported)

_SUBCLASS_RE = re.compile(r"^([A-HY]\d{2}[A-Z])")
_GROUP_RE = re.compile(r"^([A-HY]\d{2}[A-Z])\s*0*(\d+)\s*/")
_CODE_SPLIT_RE = re.compile(r"[;,|]")
_PARALLEL_MIN_DOCS = 2000  # fewer Chinese texts segment faster than worker processes start
# Corpora this large drop terms seen in one document only: they cannot describe a cluster
# and make most of the vocabulary (bigrams above all).
_MIN_DF_FROM_DOCS = 100
#: A term in more than this share of a corpus's documents is a word of the whole map.
_CORPUS_TERM_SHARE = 0.2
# A language needs this many documents in a cluster (or all of a smaller cluster) to label
# it: the four Chinese titles among 2,000 English ones would otherwise speak for all of them.
_MIN_LANG_DOCS = 3
# ... and this share of its patents: in a 30,000-patent English area, the 80 Chinese records
# that strayed into it would name it "医学图像/SiO/Ca"; its codes say more (seen at 300k).
_MIN_LANG_SHARE = 0.05
# A Chinese word found mostly inside one compound of the same cluster (垂直 in 垂直起降) is a
# piece of that term, not a term of its own.
_PIECE_SHARE = 2 / 3
COLUMNS = ["cluster", "size", "label_en", "label_zh", "terms_en", "terms_zh", "top_codes",
           "top_code_titles", "representative_ids", "lang_mix"]


class ClassTfidf(TransformerMixin, BaseEstimator):
    """Class-based TF-IDF: term weights for whole classes (clusters) rather than documents.

    ``tf(t, c) * log(1 + A / f(t))``: the term's share of the class's words, times the log of
    one plus the average words per class ``A`` over the term's count in all classes ``f(t)``.
    As BERTopic's ``ClassTfidfTransformer`` without options, except that ``A`` is not rounded
    down and leaves out classes with no words (a language that few clusters have is not
    penalised by the empty rows of the others).

    Attributes
    ----------
    idf_ : ndarray of shape (n_terms,)
        ``log(1 + A / f(t))``; 0 for a term never seen.
    n_features_in_ : int
        Number of terms seen in ``fit``.
    """

    def fit(self, X, y=None):
        """Learn the idf from ``X``, non-negative term counts of shape (n_classes, n_terms).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_classes, n_terms)
        y : ignored

        Returns
        -------
        self : ClassTfidf
        """
        X = sp.csr_matrix(check_array(X, accept_sparse=("csr", "csc"), dtype=np.float64))
        check_non_negative(X, "ClassTfidf.fit")
        freq = np.asarray(X.sum(axis=0)).ravel()
        words = np.asarray(X.sum(axis=1)).ravel()
        avg = words[words > 0].mean() if (words > 0).any() else 0.0
        self.idf_ = np.where(freq > 0, np.log1p(avg / np.where(freq > 0, freq, 1.0)), 0.0)
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X):
        """Weight term counts per class: l1-normalised term frequency times idf.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_classes, n_terms)

        Returns
        -------
        scipy.sparse.csr_matrix of shape (n_classes, n_terms)
        """
        check_is_fitted(self, "idf_")
        X = sp.csr_matrix(check_array(X, accept_sparse=("csr", "csc"), dtype=np.float64))
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"ClassTfidf was fitted on {self.n_features_in_} terms, "
                             f"got {X.shape[1]}; pass counts over the same vocabulary.")
        return sp.csr_matrix(normalize(X, norm="l1", axis=1) @ sp.diags(self.idf_))


def _tokens_many(texts: list[str], lang: str) -> list[list[str]]:
    return [(tokens_en if lang == "en" else tokens_zh)(t) for t in texts]


def _tokenise(texts: list[str], lang: str, n_jobs) -> list[list[str]]:
    workers = effective_n_jobs(n_jobs)
    if lang == "en" or workers == 1 or len(texts) < _PARALLEL_MIN_DOCS:
        return _tokens_many(texts, lang)
    size = -(-len(texts) // (4 * workers))
    chunks = Parallel(n_jobs=workers)(delayed(_tokens_many)(texts[i:i + size], lang)
                                      for i in range(0, len(texts), size))
    return [tokens for chunk in chunks for tokens in chunk]


def _singulars(word: str) -> list[str]:
    if not word.endswith("s") or word.endswith(("ss", "us", "is")) or len(word) < 4:
        return []
    return (([word[:-3] + "y"] if word.endswith("ies") else []) + [word[:-1]]
            + ([word[:-2]] if word.endswith("es") else []))


def _fold_plurals(X: sp.csr_matrix, vocab: list[str]) -> tuple[sp.csr_matrix, list[str]]:
    """Merge "blocks" into "block", "led lamps" into "led lamp", only where both are seen."""
    index = {t: i for i, t in enumerate(vocab)}
    root = np.arange(len(vocab))
    # A singular is shorter than its plural: visiting short terms first settles it first.
    for i in sorted(range(len(vocab)), key=lambda i: len(vocab[i])):
        head, _, last = vocab[i].rpartition(" ")
        j = next((index[t] for t in (f"{head} {w}".strip() for w in _singulars(last))
                  if t in index), None)
        root[i] = i if j is None else root[j]
    folded, column = np.unique(root, return_inverse=True)  # sorted roots keep vocab's order
    M = sp.csr_matrix((np.ones(len(vocab)), (np.arange(len(vocab)), column)),
                      shape=(len(vocab), len(folded)))
    return sp.csr_matrix(X @ M), [vocab[r] for r in folded]


def _distinct(ranked: list[str], n: int, lang: str) -> list[str]:
    """The first ``n`` terms not repeating a better one ("block" after "building block").

    A term containing an earlier one (a bigram its unigram, a Chinese word a shorter one)
    takes that one's place: it says the same more precisely.
    """
    def covers(a: str, b: str) -> bool:
        # Chinese text keeps the case of its English words ("LED"), so "LEARNING" after
        # "learning" is the same word again
        return set(b.split()) <= set(a.split()) if lang == "en" else b.lower() in a.lower()

    out: list[str] = []
    for term in ranked:
        if len(out) == n:
            break
        if any(covers(t, term) for t in out):
            continue
        inside = [k for k, t in enumerate(out) if covers(term, t)]
        if inside:
            out = [term if k == inside[0] else t for k, t in enumerate(out) if k not in inside[1:]]
        else:
            out.append(term)
    return out[:n]


def _compounds_of(vocab: list[str]) -> dict[int, list[int]]:
    """Column of a two-character word -> columns of the four-character compounds made with it."""
    index = {t: i for i, t in enumerate(vocab)}
    out: dict[int, list[int]] = defaultdict(list)
    for i, term in enumerate(vocab):
        if len(term) == 4 and term[:2] in index and term[2:] in index:
            out[index[term[:2]]].append(i)
            out[index[term[2:]]].append(i)
    return out


def _pieces(ranked_columns, counts_row, compounds) -> set[int]:
    """Columns among ``ranked_columns`` that this class mostly uses inside one compound."""
    return {c for c in ranked_columns
            if any(counts_row[t] >= _PIECE_SHARE * counts_row[c] for t in compounds.get(c, ()))}


# One entry per language: the pipeline labels two clusterings of one corpus; segmenting
# its Chinese twice would double the slowest step.
@functools.lru_cache(maxsize=2)
def _counts(texts: tuple[str, ...], lang: str, n_jobs) -> tuple[sp.csr_matrix, list[str]] | None:
    """Document-term counts of ``texts`` and their sorted vocabulary; None without terms."""
    min_df = 2 if len(texts) >= _MIN_DF_FROM_DOCS else 1
    try:
        # the documents are token lists already; list() hands each one over as it is
        counts = CountVectorizer(analyzer=list, min_df=min_df, dtype=np.int64)
        X = sp.csr_matrix(counts.fit_transform(_tokenise(list(texts), lang, n_jobs)))
    except ValueError:  # no term left at all
        return None
    vocab = counts.get_feature_names_out().tolist()
    return _fold_plurals(X, vocab) if lang == "en" else (X, vocab)


def _class_terms(texts, classes, n_classes, lang, n_terms, n_jobs):
    """Top terms per class and each document's c-TF-IDF score sum (0 where unassigned)."""
    terms, doc_scores = [[] for _ in range(n_classes)], np.zeros(len(texts))
    counted = _counts(tuple(texts), lang, n_jobs) if texts and n_classes else None
    if counted is None:
        return terms, doc_scores
    X, vocab = counted
    docs = np.flatnonzero(classes >= 0)
    members = sp.csr_matrix((np.ones(len(docs)), (classes[docs], docs)),
                            shape=(n_classes, len(texts)))
    class_counts = sp.csr_matrix(members @ X)
    scores = ClassTfidf().fit_transform(class_counts)
    compounds = _compounds_of(vocab) if lang == "zh" else {}
    present = (X > 0).astype(np.float64)
    # Words found in a large share of the corpus ("robot" in a robotics map) describe the
    # whole map, not one area: every label would start with them. Rank without them when
    # there are several areas to tell apart.
    if n_classes >= 3 and len(texts) >= _MIN_DF_FROM_DOCS:
        share = np.asarray(present.sum(axis=0)).ravel() / len(texts)
        scores = sp.csr_matrix(scores.multiply(sp.csr_matrix((share <= _CORPUS_TERM_SHARE).astype(np.float64))))
        scores.eliminate_zeros()
    for k in range(n_classes):
        row = scores.getrow(k)
        # vocab is sorted, so breaking ties by column breaks them by term string
        order = np.lexsort((row.indices, -row.data))
        columns = row.indices[order[: 6 * n_terms]]
        pieces = _pieces(columns, class_counts.getrow(k).toarray().ravel(), compounds) if compounds else set()
        ranked = [vocab[c] for c in columns if c not in pieces]
        terms[k] = _distinct(ranked, n_terms, lang)
        docs = np.flatnonzero(classes == k)  # one class at a time: scores[classes] is huge
        doc_scores[docs] = present[docs] @ row.toarray().ravel()
    return terms, doc_scores


def _code_list(value) -> list[str]:
    if isinstance(value, str):
        return [c.strip().upper() for c in _CODE_SPLIT_RE.split(value) if c.strip()]
    return [] if pd.api.types.is_scalar(value) else [str(c).upper() for c in value if c]


def _doc_codes(ipc, cpc) -> tuple[set[str], set[str]]:
    """Subclasses and main groups of a patent from its IPC, else CPC (not both: no double count)."""
    codes = _code_list(ipc) or _code_list(cpc)
    subclasses = {m.group(1) for c in codes if (m := _SUBCLASS_RE.match(c))}
    groups = {f"{m.group(1)}{m.group(2)}/00" for c in codes if (m := _GROUP_RE.match(c))}
    return subclasses, groups


def _top(counter: Counter, size: int, n: int, level: str) -> list[dict]:
    best = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return [{"code": code, "level": level, "share": count / size} for code, count in best]


def _column(df: pd.DataFrame, name: str) -> list:
    return df[name].tolist() if name in df.columns else [None] * len(df)


def _representatives(ids, members, scores, embeddings, n) -> list[str]:
    scores = scores[members]
    if embeddings is not None:  # cosine to the centroid, up to a constant factor
        E = normalize(np.asarray(embeddings[members], dtype=np.float64))
        scores = E @ E.mean(axis=0)
    order = np.lexsort((ids[members], -scores))
    return [str(i) for i in ids[members][order[:n]]]


def label_clusters(df: pd.DataFrame, clusters, *, n_terms: int = 8, n_representatives: int = 5,
                   embeddings=None, codes_depth: str = "group", n_codes: int = 5,
                   n_jobs: int | None = None, kind: str = "area") -> pd.DataFrame:
    """Label each cluster with terms in English and Chinese, representative patents and codes.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per patent: ``id``, ``title``, ``abstract``, ``lang``, ``ipc`` and ``cpc``
        (lists), optionally ``translations`` (``{field: {lang: text}}``, a dict or JSON); a
        missing text or code column counts as empty. Title + abstract is scored
        (:mod:`landscape.rules.text`): a patent feeds the terms of its own language (``lang``
        starting with ``en`` or ``zh``) and of any language its translations are in; other
        languages only count in ``lang_mix``.
    clusters : array-like of int, shape (n_patents,)
        Cluster of each row; -1 (any negative) is unassigned: no label, no weight in any.
    n_terms : int, default 8
        Terms kept per cluster and language.
    n_representatives : int, default 5
        Representative patent ids per cluster.
    embeddings : array-like of shape (n_patents, dim), optional
        Representatives are then the patents nearest the cluster centroid (cosine), else
        those whose terms weigh most in the cluster's c-TF-IDF.
    codes_depth : {"group", "subclass"}, default "group"
        Count main groups (``A63H33/00``) as well as subclasses (``A63H``), or subclasses only.
    n_codes : int, default 5
        Codes kept per level.
    n_jobs : int, optional
        Processes for Chinese word segmentation (joblib's convention, None is 1); used from
        2,000 Chinese patents on.
    kind : {"area", "topic"}, default "area"
        What a cluster is called where nothing else names it ("Area 3", "Topic 3").

    Returns
    -------
    pandas.DataFrame
        One row per cluster id >= 0, in order: ``cluster``, ``size``, ``label_en``, ``label_zh``
        (top three terms; from the codes where fewer than three patents, or under 5 % of the
        cluster's, have text in that language, each cluster taking codes no bigger cluster
        took; no two clusters share a label in either language, see
        :mod:`landscape.distinct_labels`), ``terms_en``, ``terms_zh``, ``top_codes`` (``{"code", "level", "share"}``
        dicts, share = fraction of the cluster's patents with the code), ``top_code_titles``
        (short English title of each top subclass, else the code), ``representative_ids``,
        ``lang_mix`` (``{"zh", "en", "other"}`` shares).
    """
    clusters = np.asarray(clusters)
    embeddings = None if embeddings is None else np.asarray(embeddings)
    if clusters.ndim != 1 or len(clusters) != len(df):
        raise ValueError(f"clusters has {clusters.size} entries for {len(df)} patents; "
                         "pass one cluster id per row of df.")
    if embeddings is not None and (embeddings.ndim != 2 or len(embeddings) != len(df)):
        raise ValueError(f"embeddings has {len(embeddings)} rows for {len(df)} patents; "
                         "pass one embedding per row of df.")
    if codes_depth not in ("group", "subclass"):
        raise ValueError(f"codes_depth must be 'group' or 'subclass', not {codes_depth!r}.")
    if "id" not in df.columns:
        raise ValueError("df has no 'id' column; pass the patents with their publication numbers.")
    cluster_ids = np.unique(clusters[clusters >= 0]).astype(np.int64)
    class_of = np.where(clusters >= 0, np.searchsorted(cluster_ids, clusters), -1)
    langs = np.array([language_of(v) for v in _column(df, "lang")], dtype=object)
    ids = df["id"].astype(str).to_numpy()
    terms, with_text, doc_scores = {}, {}, np.zeros(len(df))
    for lang in ("en", "zh"):
        # A record feeds a language's terms with its own text in it, else with the translation
        # its export carries (PatSnap's 英文标题): a Chinese map's English labels then say what
        # its patents say. Unassigned patents are counted too, so the next clustering hits the cache.
        texts = np.array(texts_in(df, lang), dtype=object)
        rows = np.flatnonzero(texts != "")
        terms[lang], scores = _class_terms(texts[rows].tolist(), class_of[rows], len(cluster_ids),
                                           lang, n_terms, n_jobs)
        native = langs[rows] == lang  # representatives weigh a patent in its own language
        doc_scores[rows[native]] = scores[native]
        assigned = class_of[rows][class_of[rows] >= 0]
        with_text[lang] = np.bincount(assigned, minlength=len(cluster_ids))
    doc_codes = [_doc_codes(i, c) for i, c in zip(_column(df, "ipc"), _column(df, "cpc"))]
    out = []
    for k, cluster in enumerate(cluster_ids):
        members = np.flatnonzero(class_of == k)
        size, mix = len(members), Counter(langs[members])
        top_sub = _top(Counter(s for m in members for s in doc_codes[m][0]), size, n_codes,
                       "subclass")
        top_group = (_top(Counter(g for m in members for g in doc_codes[m][1]), size, n_codes,
                          "group") if codes_depth == "group" else [])
        enough = max(min(_MIN_LANG_DOCS, size), _MIN_LANG_SHARE * size)
        got = {g: terms[g][k] if with_text[g][k] >= enough else [] for g in terms}
        out.append({
            "cluster": int(cluster), "size": size,
            "label_en": " / ".join(got["en"][:3]), "label_zh": "/".join(got["zh"][:3]),
            "terms_en": got["en"], "terms_zh": got["zh"], "top_codes": top_sub + top_group,
            "top_code_titles": [short_title(c["code"]) or c["code"] for c in top_sub],
            "representative_ids": _representatives(ids, members, doc_scores, embeddings,
                                                   n_representatives),
            "lang_mix": {g: mix[g] / size for g in ("zh", "en", "other")},
        })
    table = pd.DataFrame(out, columns=COLUMNS)
    for lang in ("en", "zh"):
        table[f"label_{lang}"] = _labels_in(table, lang, kind)
    return table


def _labels_in(table: pd.DataFrame, lang: str, kind: str) -> list[str]:
    """Every cluster's label in ``lang``: its terms, else its codes; no two alike."""
    rows = {r["cluster"]: r for r in table.to_dict("records")}
    labels = {a: r[f"label_{lang}"] for a, r in rows.items()}
    codes = {a: [c["code"] for c in r["top_codes"]] for a, r in rows.items()}
    options = {}
    for a in (a for a, label in labels.items() if not label):
        subclasses = [c for c in codes[a] if "/" not in c]
        groups = [c for c in codes[a] if "/" in c]
        if lang == "en":  # the two top subclasses' titles together first ("Toys / Teaching Models")
            first = [" / ".join(code_label(c, lang) for c in subclasses[:2])] if subclasses else []
            options[a] = first + [code_label(c, lang) for c in groups + subclasses]
        else:  # groups first: only the subclasses of our own table have a Chinese name anyway
            options[a] = [code_label(c, lang) for c in groups + subclasses]
    labels.update({a: o[0] if o else unlabelled_name(a, lang, kind) for a, o in options.items()})
    other = "zh" if lang == "en" else "en"
    more = {a: extensions(labels[a], lang, r[f"terms_{lang}"], codes[a], r[f"terms_{other}"]) for a, r in rows.items()}
    unique = distinct_labels(labels, more, lang, kind)
    return [unique[a] for a in rows]
