"""Cluster labels: class-based TF-IDF terms in English and Chinese, representatives, top codes.

Each cluster is one long document (a "class"); a term scores high when it is frequent in the
cluster and rare across clusters (c-TF-IDF, as in BERTopic). English and Chinese are scored
separately, each over its own documents, so a bilingual corpus gets a label in each language
without translation. Codes are counted per patent and titled by :mod:`landscape.ipc_titles`.
"""
from __future__ import annotations

import functools
import re
from collections import Counter

import numpy as np
import pandas as pd
import scipy.sparse as sp
from joblib import Parallel, delayed, effective_n_jobs
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_array, check_is_fitted, check_non_negative

from landscape.ipc_titles import ipc_title_zh, short_title

#: Words every patent uses whatever its subject; they would otherwise top every label.
PATENT_STOP_WORDS_EN = frozenset("""
    invention inventions present disclosed disclosure disclose discloses comprising comprises
    comprise comprised include includes including included method methods apparatus apparatuses
    device devices system systems embodiment embodiments provided provide provides providing
    wherein whereby therein thereof thereto therefrom thereon configured said plurality first
    second third having has based least use used uses using may can could also further according
    accordingly particular particularly respective respectively corresponding generally herein
    substantially relates related relating aspect aspects example examples exemplary described
    describes invented technique techniques means member members portion portions part parts unit
    units element elements component components end ends side sides surface surfaces body main new
    improved improvement effectively efficiently capable allows allow allowing enable enables
    enabling make makes making made obtain obtained obtaining perform performed performing performs
    process processes set sets step steps form forms formed forming type types certain various
    different plural predetermined specific given associated arranged disposed located positioned
    mounted connected coupled attached non upper lower inner outer contain contains containing
    storage medium media readable transitory program programs recording instructions computer-readable
""".split())

#: English stop words: scikit-learn's general list plus the patent words above.
STOP_WORDS_EN = frozenset(ENGLISH_STOP_WORDS) | PATENT_STOP_WORDS_EN

#: Chinese function words and patent phrasing; jieba's output is filtered by this list.
STOP_WORDS_ZH = frozenset("""
    的 了 和 与 及 或 在 所述 其 该 为 于 上 中 下 一种 一个 一些 包括 包含 设有 设置 通过 进行 用于 具有 以及
    其中 本发明 本实用新型 本申请 本公开 发明 实用新型 公开 公开了 涉及 提供 提出 方法 装置 系统 技术领域 领域 属于
    实现 有效 特征 在于 其特征在于 使得 能够 可以 可 从而 并且 并 同时 所述的 相应 对应 根据 利用 采用 使用 得到
    获得 基于 至少 多个 若干 第一 第二 第三 一端 另一端 两端 之间 一侧 两侧 另一侧 内部 外部 顶部 底部 表面 结构
    组件 部件 本体 主体 固定 连接 安装 相连 设于 位于 分别 一体 技术 提高 降低 解决 问题 效果 有益效果 优点 简单
    方便 操作 步骤 实施例 上述 如下 以下 所示 包括有 由 将 对 从 向 等 而 且 即 也 还 又 再 已 被 把 使 让
    由于 因此 所以 如果 以便 以 用 是 有 无 不 个 种 多 少 大 小 好 高 低 新 两个 三个 多种 各 每 任意 方式
    情况 过程 作用 性能 功能 效率 成本 质量 目的 要求 需求 能力 作为 相对 一定 较 更 最 制备 制备方法 应用 及其
    用途 所得 结合 获取 确定 相关 进一步 优选 优选地 方案 本 此 这种 存储介质 可读存储介质 计算机可读
""".split())

#: Technical words of the target industries that jieba's general dictionary splits wrongly
#: ("注塑模具" came out as "注塑模" + "具"); added to a private jieba tokenizer, not the global one.
DOMAIN_WORDS_ZH = tuple("""
    积木 拼装积木 益智玩具 电动玩具 遥控玩具 遥控车 毛绒玩具 玩具车 玩具枪 发声玩具 拼图 魔方 陀螺 水枪 扭扭车
    注塑 注塑模具 注塑机 热流道 冷流道 浇口 型腔 型芯 模芯 顶针 顶出 顶出机构 脱模 开模 合模 定模 动模 吹塑
    吹塑机 挤出机 吹膜 造粒 改性塑料 色母粒 阻燃剂 增韧剂 相容剂 抗氧剂 聚丙烯 聚乙烯 聚氯乙烯 聚碳酸酯 聚酰胺
    聚乳酸 可降解 生物降解 玻纤增强 化妆品 护肤品 精华液 面膜 保湿 防晒 美白 抗衰老 表面活性剂 洗发水 沐浴露
    洗衣液 洁面 包装机 灌装机 封口机 贴标机 装盒机 缠绕膜 热收缩膜 制袋 封切 灯珠 灯板 灯罩 散热器 驱动电源
    恒流驱动 发光二极管 封装胶 荧光粉 透镜 调光 色温 显色指数 路灯 筒灯 面板灯 灯带 机械臂 机械手 工业机器人
    末端执行器 伺服电机 减速器 视觉检测 数控机床 夹具 上下料 自动化生产线
""".split())

_EN_TOKEN_RE = re.compile(r"[a-z0-9]+|[.,;:!?()\[\]{}\"/]")
# Numbers and measurements ("10mm", "5kg", "mm") are neither words nor topics; "3d" is.
_UNITS = ("mm|cm|nm|um|μm|m|km|g|kg|mg|ml|l|v|kv|w|kw|kwh|mah|hz|khz|mhz|ghz|s|min|h|rpm|wt|wt%"
          "|mpa|kpa|pa|℃|%")
_MEASURE_RE = re.compile(rf"^(?:\d+(?:\.\d+)?(?:{_UNITS})?|{_UNITS})$", re.IGNORECASE)
_ZH_WORD_RE = re.compile(r"[\u3400-\u9fff]|[A-Za-z]")
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


def tokens_en(text: str) -> list[str]:
    """English unigrams and bigrams of ``text``, lower-cased, without stop words or numbers.

    Those, like punctuation, break a bigram: "lamp of light" has no "lamp light".
    """
    kept = [w if len(w) > 1 and w not in STOP_WORDS_EN and not _MEASURE_RE.match(w) else None
            for w in _EN_TOKEN_RE.findall(text.lower())]
    return [w for w in kept if w] + [f"{a} {b}" for a, b in zip(kept, kept[1:]) if a and b]


@functools.lru_cache(maxsize=1)
def _segmenter():
    import jieba  # lazy: loading its dictionary takes a second

    jieba.setLogLevel(60)  # it announces building its prefix dictionary otherwise
    tokenizer = jieba.Tokenizer()
    for word in DOMAIN_WORDS_ZH:
        tokenizer.add_word(word)
    return tokenizer


def tokens_zh(text: str) -> list[str]:
    """Chinese words of ``text`` by jieba, without stop words, single characters or numbers."""
    return [w for w in _segmenter().lcut(text) if len(w) > 1 and w not in STOP_WORDS_ZH
            and _ZH_WORD_RE.search(w) and not _MEASURE_RE.match(w)]


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
        return set(b.split()) <= set(a.split()) if lang == "en" else b in a

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
    scores = ClassTfidf().fit_transform(members @ X)
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
        ranked = [vocab[row.indices[i]] for i in order[: 6 * n_terms]]
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
                   n_jobs: int | None = None) -> pd.DataFrame:
    """Label each cluster with terms in English and Chinese, representative patents and codes.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per patent: ``id``, ``title``, ``abstract``, ``lang``, ``ipc`` and ``cpc``
        (lists); a missing text or code column counts as empty. Title + abstract is scored;
        ``lang`` starting with ``en`` or ``zh`` says which terms a patent feeds, other
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

    Returns
    -------
    pandas.DataFrame
        One row per cluster id >= 0, in order: ``cluster``, ``size``, ``label_en``, ``label_zh``
        (top three terms; from the codes where a cluster has fewer than three patents in that
        language), ``terms_en``, ``terms_zh``, ``top_codes`` (``{"code", "level", "share"}``
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
    texts = np.array([". ".join(p.strip() for p in pair if isinstance(p, str) and p.strip())
                      for pair in zip(_column(df, "title"), _column(df, "abstract"))], dtype=object)
    given = pd.Series(_column(df, "lang"), dtype=object).astype("string").str.lower().str[:2]
    langs = np.where(given.isin(["zh", "en"]), given, "other")
    ids = df["id"].astype(str).to_numpy()
    terms, doc_scores = {}, np.zeros(len(df))
    for lang in ("en", "zh"):
        # unassigned patents are counted too, so that the next clustering hits the cache
        rows = np.flatnonzero(langs == lang)
        terms[lang], doc_scores[rows] = _class_terms(texts[rows].tolist(), class_of[rows],
                                                     len(cluster_ids), lang, n_terms, n_jobs)
    doc_codes = [_doc_codes(i, c) for i, c in zip(_column(df, "ipc"), _column(df, "cpc"))]
    out = []
    for k, cluster in enumerate(cluster_ids):
        members = np.flatnonzero(class_of == k)
        size, mix = len(members), Counter(langs[members])
        top_sub = _top(Counter(s for m in members for s in doc_codes[m][0]), size, n_codes,
                       "subclass")
        top_group = (_top(Counter(g for m in members for g in doc_codes[m][1]), size, n_codes,
                          "group") if codes_depth == "group" else [])
        got = {g: terms[g][k] if mix[g] >= min(_MIN_LANG_DOCS, size) else [] for g in terms}
        short = [short_title(c["code"], max_len=40) or c["code"] for c in top_sub[:2]]
        out.append({
            "cluster": int(cluster), "size": size,
            "label_en": " / ".join(got["en"][:3]) or " / ".join(short) or f"Cluster {cluster}",
            "label_zh": "/".join(got["zh"][:3]) or _code_label_zh(top_group or top_sub, cluster),
            "terms_en": got["en"], "terms_zh": got["zh"], "top_codes": top_sub + top_group,
            "top_code_titles": [short_title(c["code"]) or c["code"] for c in top_sub],
            "representative_ids": _representatives(ids, members, doc_scores, embeddings,
                                                   n_representatives),
            "lang_mix": {g: mix[g] / size for g in ("zh", "en", "other")},
        })
    return pd.DataFrame(out, columns=COLUMNS)


def _code_label_zh(codes: list[dict], cluster: int) -> str:
    """The top code as a Chinese label, "A63H33 类（玩具）", named from our own table only."""
    if not codes:
        return f"第 {cluster} 类"
    name = ipc_title_zh(codes[0]["code"][:4])
    return f"{codes[0]['code'].removesuffix('/00')} 类" + (f"（{name}）" if name else "")
