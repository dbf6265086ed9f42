"""How bilingual maps behave: five ways to embed a mixed-language corpus, one run, same records.

    PYTHONPATH=. .venv/bin/python bench/bilingual.py [--per-group 80] [--per-code 250] [--titled 300] [--seed 42]
    PYTHONPATH=. .venv/bin/python bench/bilingual.py --quick      # smoke run, under a minute once cached

Two labelled sets (dev data only):

* **A, waste heat** (``raw/gpatents-waste-heat-multilingual``, read as bench/breakdown.py reads
  it): the CPC group of a record's file is its label; zh, ko, en, de, fr, ja, ru abstracts
  (language from ``detect_language``). ``--per-group`` records per group, seeded. No titles.
* **B, Chinese + English**: CNKI abstracts (IPC in the CLC column) and USPTO abstracts (CPC);
  label = the first code's subclass, kept where both sources have at least ``MIN_PER_SOURCE``
  records; per subclass the same number of records from each language (at most
  ``--per-code``), so label and language are independent and a perfect map would not separate
  the languages. Retrieval also uses ``--titled`` English Google Patents records (USPTO has no
  titles) as extra documents and queries.

Variants, on the same records: ``use`` as is; ``minilm``
(English model) on everything; ``use`` with each language's mean vector subtracted
(renormalised); ``use→minilm``, a ridge regression from USE to MiniLM vectors fitted on half of
the English records (held-out cosine and R² on the other half) and applied to every USE vector;
``use-centred→minilm``, the same ridge fitted on and applied to the per-language centred USE
vectors; ``use-anchored→minilm``, centred, each language turned onto English by code
centroids (Procrustes), then the ridge; ``use-turned→minilm``, centred, each language turned
onto English by mutual nearest neighbours (no codes), then the ridge (``--model auto``'s
layout, landscape.embed.borrow); ``use-coral→minilm`` / ``use-coral10→minilm``, centred,
each language given English's covariance (CORAL, shrunk by 1x / 10x the mean variance), then
the ridge; ``tfidf`` fitted on the map's texts. Each map is built the project's way (``Reducer`` then
``cluster_map``, as ``landscape build`` and bench/placement.py do). Figures per map:

* AMI of areas (every patent's nearest area, ``.area``) and of topics (-1 counted as one more
  topic) with the label; AMI of areas with the language (0 is best: areas do not follow language);
* neighbour mixing: share of a patent's 15 nearest neighbours (cosine, in the embedding) in
  another language, next to the share random neighbours would give with this language mix;
* cross-language agreement: over pairs of patents with the same label,
  P(same area | different language) / P(same area | same language) (1.0 = no language effect);
* B only: the English records' AMI on the mixed map / their AMI on an English-only MiniLM map
  (the monolingual reference); the issue's target is >= 0.9 with agreement >= 0.8;
* retrieval (B + titled extra records): a record's title as query, its title + abstract as the
  document to find among all documents: recall@1 and @10 per language, by cosine alone and
  through the search as shipped (``searched``: the most similar 200 re-ranked by shared words,
  ``match_evidence``; on ``use→minilm`` the search uses USE's own vectors, as the app does);
* encoder throughput and peak RSS, each encoder in a fresh subprocess on the same 200 texts
  (half Chinese, half English), uncached.

Embeddings go through the bench cache (bench/common.py), so a rerun only reads vectors.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (sets the offline / numba environment before anything else)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import numpy as np  # noqa: E402

CNKI_FILE = "raw/cnki-sysu-cn-export/Patent.csv"
#: A subclass enters set B only when each source has at least this many records of it.
MIN_PER_SOURCE = 20
NEIGHBOURS = 15
VARIANTS = ("use", "minilm", "use-centred", "use→minilm", "use-centred→minilm", "use-anchored→minilm",
            "use-turned→minilm", "use-coral→minilm", "use-coral10→minilm", "tfidf")


@dataclass
class Dataset:
    """Records of one set; ``in_map`` marks those the maps are built from (the rest are extra
    retrieval documents). ``titles`` is "" where a record has none."""

    name: str
    texts: list[str]
    titles: list[str]
    labels: np.ndarray
    langs: np.ndarray
    in_map: np.ndarray = field(default=None)
    #: the first code's main group (``G06F16``), where known: a finer "same content" than the label
    groups: np.ndarray = field(default=None)

    def __post_init__(self):
        if self.in_map is None:
            self.in_map = np.ones(len(self.texts), dtype=bool)


# ----------------------------------------------------------------------------- data


def _read_records(path: Path):
    """The project's own reader for an export file: its readable records."""
    from landscape.ingest.detect import detect
    from landscape.schema import PatentRecord

    reader = detect(path)
    return [r for _, r in reader.read(path) if isinstance(r, PatentRecord)]


def load_waste(per_group: int, seed: int) -> Dataset:
    """Set A through bench/breakdown.py's reader; Latin-script texts get their own language."""
    import breakdown
    from landscape.ingest.normalize import detect_language

    _, texts, _, truth, scripts = breakdown.load_waste(per_group, seed)
    langs = np.array([detect_language(t) or "unknown" if s == "latin" else s for t, s in zip(texts, scripts)])
    return Dataset("A waste heat", texts, [""] * len(texts), truth, langs)


def load_mix(per_code: int, seed: int) -> Dataset:
    """Set B: CNKI (zh) + USPTO (en) records of the subclasses both hold, languages balanced."""
    from landscape.rules.text import record_text

    zh = [(r.ipc[0].replace(" ", "")[:4], record_text(r.title, r.abstract), r.title or "", main_group(r.ipc[0]))
          for r in _read_records(common.corpora_dir() / CNKI_FILE) if r.ipc and (r.abstract or "").strip()]
    us = common.load_uspto()  # abstracts only: the sample has no titles
    first_code = {}
    with open(common.corpora_dir() / common.USPTO_FILE, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            first_code[r["patent_id"]] = (r.get("classifications_cpc") or [""])[0]
    en = [(s, t, "", main_group(first_code[i])) for i, s, t in zip(us.ids, us.subclass, us.texts)]
    rng = np.random.default_rng(seed)
    rows = []
    for code in sorted({r[0] for r in zh}):
        z = [r for r in zh if r[0] == code]
        e = [r for r in en if r[0] == code]
        if min(len(z), len(e)) < MIN_PER_SOURCE:
            continue
        take = min(len(z), len(e), per_code)  # equal per language: label independent of language
        rows += [(*z[i], "zh") for i in sorted(rng.choice(len(z), take, replace=False))]
        rows += [(*e[i], "en") for i in sorted(rng.choice(len(e), take, replace=False))]
    return Dataset("B zh+en", [r[1] for r in rows], [r[2] for r in rows], np.array([r[0] for r in rows]),
                   np.array([r[4] for r in rows]), groups=np.array([r[3] for r in rows]))


def main_group(code: str) -> str:
    """``G06F 16/35`` -> ``G06F16``: the main group, a closer match of content than the subclass."""
    return str(code or "").replace(" ", "").upper().split("/")[0]


def add_titled_english(data: Dataset, n: int, seed: int) -> Dataset:
    """Set B plus ``n`` English Google Patents records with titles, for retrieval only."""
    from landscape.rules.text import record_text

    seen, extra = set(), []
    for path in sorted((common.corpora_dir() / common.GPATENTS_DIR).glob("*.csv")):
        for r in _read_records(path):
            if r.id not in seen and (r.title or "").strip() and (r.abstract or "").strip():
                seen.add(r.id)
                extra.append((record_text(r.title, r.abstract), r.title))
    pick = sorted(np.random.default_rng(seed).choice(len(extra), min(n, len(extra)), replace=False))
    return Dataset(data.name, data.texts + [extra[i][0] for i in pick], data.titles + [extra[i][1] for i in pick],
                   np.concatenate([data.labels, np.array(["(extra)"] * len(pick))]),
                   np.concatenate([data.langs, np.array(["en"] * len(pick))]),
                   np.concatenate([data.in_map, np.zeros(len(pick), dtype=bool)]),
                   None if data.groups is None else np.concatenate([data.groups, np.array(["(extra)"] * len(pick))]))


# ----------------------------------------------------------------------------- variants


def language_means(X: np.ndarray, langs: np.ndarray, fit: np.ndarray) -> dict:
    """Each language's mean vector over the rows ``fit`` (the map's records)."""
    return {lang: X[fit & (langs == lang)].mean(axis=0) for lang in np.unique(langs[fit])}


def centre(X: np.ndarray, langs: np.ndarray, means: dict) -> np.ndarray:
    """Each row minus its language's mean, renormalised; a language without a mean is left as is."""
    from landscape.embed.base import l2_normalise

    return l2_normalise(X - np.stack([means.get(lang, np.zeros(X.shape[1], X.dtype)) for lang in langs]))


def fit_bridge(use: np.ndarray, minilm: np.ndarray, english: np.ndarray, seed: int):
    """A ridge regression from USE to MiniLM vectors fitted on half the English rows, and how
    well it predicts the other half (mean cosine to the true MiniLM vector, R²)."""
    from sklearn.linear_model import RidgeCV

    from landscape.embed.base import l2_normalise

    rows = np.random.default_rng(seed).permutation(np.flatnonzero(english))
    train, test = rows[: len(rows) // 2], rows[len(rows) // 2:]
    model = RidgeCV(alphas=(0.01, 0.1, 1.0, 10.0)).fit(use[train], minilm[train])
    pred = model.predict(use[test])
    resid = ((minilm[test] - pred) ** 2).sum()
    total = ((minilm[test] - minilm[train].mean(axis=0)) ** 2).sum()
    return model, {"train": len(train), "held_out": len(test), "alpha": float(model.alpha_),
                   "cosine": float(np.sum(l2_normalise(pred) * minilm[test], axis=1).mean()),
                   "r2": float(1 - resid / total)}


def anchor_rotations(X: np.ndarray, langs: np.ndarray, anchors: np.ndarray, fit: np.ndarray,
                     min_each: int = 3) -> dict:
    """Per language other than English, the orthogonal map (Procrustes) that best carries its
    code centroids onto the English centroids of the same codes, over the rows ``fit``; only
    codes with ``min_each`` records in both languages are anchors, and a language needs three."""
    from landscape.embed.base import l2_normalise

    out = {}
    en = fit & (langs == "en")
    for lang in np.unique(langs[fit]):
        if lang == "en":
            continue
        mine = fit & (langs == lang)
        shared = [a for a in np.unique(anchors[mine])
                  if (anchors[mine] == a).sum() >= min_each and (anchors[en] == a).sum() >= min_each]
        if len(shared) < 3:
            continue
        A = l2_normalise(np.stack([X[mine & (anchors == a)].mean(axis=0) for a in shared]))
        B = l2_normalise(np.stack([X[en & (anchors == a)].mean(axis=0) for a in shared]))
        u, _, vt = np.linalg.svd(A.T @ B)
        out[lang] = u @ vt
    return out


def coral(X: np.ndarray, langs: np.ndarray, fit: np.ndarray, shrink: float = 1.0) -> np.ndarray:
    """Each language other than English (centred already) given the English records'
    covariance: whitened by its own and recoloured by English's (CORAL), both shrunk towards
    their mean variance so a few hundred records in 512 dimensions give a usable estimate."""
    from landscape.embed.base import l2_normalise

    def power(C, p):
        w, v = np.linalg.eigh(C)
        return (v * np.clip(w, 1e-12, None) ** p) @ v.T

    def shrunk(rows):
        C = np.cov(rows, rowvar=False)
        return C + np.eye(len(C)) * shrink * np.trace(C) / len(C)

    out = X.astype(np.float64)
    colour = power(shrunk(X[fit & (langs == "en")]), 0.5)
    for lang in np.unique(langs[fit]):
        rows = langs == lang
        if lang == "en" or (fit & rows).sum() < 30:
            continue
        out[rows] = X[rows] @ power(shrunk(X[fit & rows]), -0.5) @ colour
    return l2_normalise(out.astype(np.float32))


def rotate(X: np.ndarray, langs: np.ndarray, rotations: dict) -> np.ndarray:
    out = X.copy()
    for lang, R in rotations.items():
        out[langs == lang] = X[langs == lang] @ R
    return out


def variant_vectors(data: Dataset, seed: int) -> tuple[dict, dict]:
    """{variant: (document vectors of every record, title vectors of the titled records)} and
    the ridge fit's report. Centring and the ridge are fitted on map records only and applied to
    extra documents and titles as they would be to any new text placed on the map."""
    from landscape.embed.base import l2_normalise
    from landscape.embed.borrow import MIN_LANGUAGE, fit_turns
    from landscape.embed.tfidf import TfidfEmbedder

    titled = np.flatnonzero([bool(t.strip()) for t in data.titles])
    titles = [data.titles[i] for i in titled]

    def neural(model):
        docs, _ = common.embed(data.texts, model)
        return docs, (common.embed(titles, model)[0] if titles else None)

    use, minilm = neural("use"), neural("minilm")
    means = language_means(use[0], data.langs, data.in_map)
    bridge, report = fit_bridge(use[0], minilm[0], data.in_map & (data.langs == "en"), seed)
    centred = centre(use[0], data.langs, means), centre(use[1], data.langs[titled], means) if titles else None
    bridge_c, _ = fit_bridge(centred[0], minilm[0], data.in_map & (data.langs == "en"), seed)
    # anchors: the main group where known (set B), else the label (set A's CPC group: the same
    # codes the maps are scored against, so this variant's AMI there is flattered)
    anchors = data.groups if data.groups is not None else data.labels
    rotations = anchor_rotations(centred[0], data.langs, anchors, data.in_map)
    anchored = (rotate(centred[0], data.langs, rotations),
                rotate(centred[1], data.langs[titled], rotations) if titles else None)
    bridge_a, _ = fit_bridge(anchored[0], minilm[0], data.in_map & (data.langs == "en"), seed)
    report["anchored_languages"] = sorted(rotations)
    # --model auto's turn (landscape.embed.borrow.fit_turns), fitted on the map's records
    m = data.in_map
    kept = [lang for lang, n in zip(*np.unique(data.langs[m], return_counts=True)) if n >= MIN_LANGUAGE]
    turns, report["turn_pairs"] = fit_turns(centred[0][m], data.langs[m], kept, seed)
    turned = (rotate(centred[0], data.langs, turns), rotate(centred[1], data.langs[titled], turns) if titles else None)
    bridge_t, _ = fit_bridge(turned[0], minilm[0], data.in_map & (data.langs == "en"), seed)
    both = np.concatenate([centred[0], centred[1]]) if titles else centred[0]
    both_langs = np.concatenate([data.langs, data.langs[titled]]) if titles else data.langs
    corals = {}
    for shrink, name in ((1.0, "use-coral→minilm"), (10.0, "use-coral10→minilm")):
        recoloured = coral(both, both_langs, np.concatenate([data.in_map, np.zeros(len(titled), bool)]), shrink)
        coralled = (recoloured[: len(data.texts)], recoloured[len(data.texts):] if titles else None)
        bridge_k, _ = fit_bridge(coralled[0], minilm[0], data.in_map & (data.langs == "en"), seed)
        corals[name] = (l2_normalise(bridge_k.predict(coralled[0])),
                        l2_normalise(bridge_k.predict(coralled[1])) if titles else None)
    tfidf = TfidfEmbedder().fit([t for t, m in zip(data.texts, data.in_map) if m])  # as a build fits it
    out = {
        "use": use,
        "minilm": minilm,
        "use-centred": (centre(use[0], data.langs, means),
                        centre(use[1], data.langs[titled], means) if titles else None),
        "use→minilm": (l2_normalise(bridge.predict(use[0])),
                       l2_normalise(bridge.predict(use[1])) if titles else None),
        # each language's mean removed first, then the ridge: the languages meet before the mapping
        "use-centred→minilm": (l2_normalise(bridge_c.predict(centred[0])),
                               l2_normalise(bridge_c.predict(centred[1])) if titles else None),
        # centred, each language turned onto English by code centroids (Procrustes), then the ridge
        "use-anchored→minilm": (l2_normalise(bridge_a.predict(anchored[0])),
                                l2_normalise(bridge_a.predict(anchored[1])) if titles else None),
        # centred, each language turned onto English by mutual nearest neighbours (no labels), then
        # the ridge: --model auto's layout (landscape.embed.borrow)
        "use-turned→minilm": (l2_normalise(bridge_t.predict(turned[0])),
                              l2_normalise(bridge_t.predict(turned[1])) if titles else None),
        # centred, each language given English's covariance (CORAL, shrunk 1x / 3x / 10x), then the ridge
        **corals,
        "tfidf": (tfidf.encode(data.texts), tfidf.encode(titles) if titles else None),
    }
    return out, report


# ----------------------------------------------------------------------------- measures


def neighbour_mixing(X: np.ndarray, langs: np.ndarray, k: int = NEIGHBOURS) -> tuple[float, float]:
    """(share of each row's k nearest neighbours, by cosine, in another language; the share
    k random other rows would have with this language mix)."""
    from landscape.reduce import ExactNeighbours

    idx, _ = ExactNeighbours(X).query(X, k + 1)
    # drop each row itself (duplicates may put it second; dropping the first column is enough)
    other = langs[idx[:, 1:]] != langs[:, None]
    n = len(langs)
    _, inverse, counts = np.unique(langs, return_inverse=True, return_counts=True)
    expected = (n - counts[inverse]) / (n - 1)
    return float(other.mean()), float(expected.mean())


def _pairs(counts: np.ndarray) -> float:
    return float((counts * (counts - 1) / 2).sum())


def cross_language_agreement(labels, areas, langs) -> dict:
    """Over pairs of records sharing a label: P(same area | different language) and
    P(same area | same language), and their ratio (1.0: the language does not matter).

    ``ratio`` pools all pairs, so a big label (most pairs) dominates it; ``per_label_ratio``
    averages each label's two probabilities first (labels with pairs of both kinds), so every
    code counts once."""
    import pandas as pd

    df = pd.DataFrame({"label": labels, "area": areas, "lang": langs})
    pairs = {"same_lang": 0.0, "same_lang_area": 0.0, "diff_lang": 0.0, "diff_lang_area": 0.0}
    per_label = []
    for _, g in df.groupby("label"):
        by_lang = _pairs(g.groupby("lang").size().to_numpy())
        by_area = _pairs(g.groupby("area").size().to_numpy())
        by_both = _pairs(g.groupby(["area", "lang"]).size().to_numpy())
        pairs["same_lang"] += by_lang
        pairs["same_lang_area"] += by_both
        pairs["diff_lang"] += _pairs(np.array([len(g)])) - by_lang
        pairs["diff_lang_area"] += by_area - by_both
        diff = _pairs(np.array([len(g)])) - by_lang
        if diff and by_lang:
            per_label.append(((by_area - by_both) / diff, by_both / by_lang))
    p_diff = pairs["diff_lang_area"] / pairs["diff_lang"] if pairs["diff_lang"] else float("nan")
    p_same = pairs["same_lang_area"] / pairs["same_lang"] if pairs["same_lang"] else float("nan")
    means = np.mean(per_label, axis=0) if per_label else (float("nan"), float("nan"))
    return {"p_same_area_diff_lang": p_diff, "p_same_area_same_lang": p_same,
            "ratio": p_diff / p_same if p_same else float("nan"),
            "per_label_ratio": float(means[0] / means[1]) if means[1] else float("nan")}


def title_recall(docs: np.ndarray, queries: np.ndarray, targets: np.ndarray, langs: np.ndarray,
                 ks=(1, 10)) -> dict:
    """Per language of the query: share of titles whose own document is among the top k of all
    documents by cosine."""
    from landscape.reduce import ExactNeighbours

    idx, _ = ExactNeighbours(docs).query(queries, max(ks))
    hit_rank = np.array([np.flatnonzero(row == t)[0] if (row == t).any() else max(ks)
                         for row, t in zip(idx, targets)])
    return {lang: {k: float((hit_rank[langs == lang] < k).mean()) for k in ks} for lang in np.unique(langs)}


def searched_recall(docs: np.ndarray, queries: np.ndarray, targets: np.ndarray, query_langs: np.ndarray,
                    query_texts: list[str], texts: list[str], doc_langs: np.ndarray, ks=(1, 10)) -> dict:
    """As ``title_recall``, through the search the app and ``landscape place`` run: the
    ``RerankSettings().candidates`` most similar documents (``place.nearest_patents``), re-ranked
    by the words they share with the title (``match_evidence``; the other language keeps its places)."""
    from landscape.match_evidence import RerankSettings, evidence, query_language, rerank_order
    from landscape.place import nearest_patents

    settings = RerankSettings()
    idx, sims = nearest_patents(queries, docs, settings.candidates)
    ranks = []
    for row, sim, target, query in zip(idx, sims, targets, query_texts):
        ev = evidence(query, sim, [texts[i] for i in row], [[]] * len(row), settings)
        order = row[rerank_order(ev, sim, doc_langs[row] == query_language(query), settings)]
        hit = np.flatnonzero(order == target)
        ranks.append(hit[0] if len(hit) else max(ks))
    ranks = np.array(ranks)
    return {lang: {k: float((ranks[query_langs == lang] < k).mean()) for k in ks} for lang in np.unique(query_langs)}


def map_scores(X: np.ndarray, labels: np.ndarray, langs: np.ndarray, seed: int) -> dict:
    """Build one map the project's way and score it against the label and the language."""
    from sklearn.metrics import adjusted_mutual_info_score as ami

    from placement import fit_map

    t = time.perf_counter()
    _, clustering = fit_map(X, seed)
    mix, expected = neighbour_mixing(X, langs)
    return {"areas": clustering.area, "n_areas": int(clustering.area.max()) + 1,
            "n_topics": int(clustering.topic.max()) + 1,
            "ami_areas": ami(labels, clustering.area), "ami_topics": ami(labels, clustering.topic),
            "ami_areas_lang": ami(langs, clustering.area), "mixing": mix, "mixing_expected": expected,
            **_agreement(labels, clustering.area, langs),
            "map_s": time.perf_counter() - t}


def _agreement(labels, areas, langs) -> dict:
    both = cross_language_agreement(labels, areas, langs)
    return {"agreement": both["ratio"], "agreement_per_label": both["per_label_ratio"]}


# ----------------------------------------------------------------------------- speed


def speed_texts(n: int, seed: int) -> list[str]:
    """``n`` texts for the speed check: half CNKI (zh), half USPTO (en), seeded."""
    from landscape.rules.text import record_text

    zh = [record_text(r.title, r.abstract) for r in _read_records(common.corpora_dir() / CNKI_FILE)]
    en = common.load_uspto().texts
    rng = np.random.default_rng(seed)
    return [zh[i] for i in rng.choice(len(zh), n // 2, replace=False)] + \
        [en[i] for i in rng.choice(len(en), n - n // 2, replace=False)]


def measure_encoder(model: str, n: int, seed: int) -> dict:
    """Load and run one encoder on fresh texts (no cache) in this process; peak RSS after."""
    from landscape.embed.registry import get_embedder

    texts = speed_texts(n, seed)
    t = time.perf_counter()
    embedder = get_embedder(model)
    if hasattr(embedder, "fit"):
        embedder.fit(texts)
    embedder.encode(texts[:2])  # load the weights / warm up before timing
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    embedder.encode(texts)
    encode_s = time.perf_counter() - t
    return {"model": model, "n": n, "load_s": load_s, "docs_per_s": n / encode_s,
            "peak_rss_mb": _peak_rss_mb(),
            "load_average": os.getloadavg()[0]}


def _peak_rss_mb() -> float:
    """This process's peak resident memory. Read from /proc (VmHWM), not ``getrusage``: Linux
    carries ``ru_maxrss`` over ``exec``, so a child would report its parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def encoder_speeds(n: int, seed: int) -> list[dict]:
    """Each encoder in a fresh process, so its peak RSS is its own."""
    out = []
    for model in ("use", "minilm", "tfidf"):
        cmd = [sys.executable, __file__, "--speed-of", model, "--speed-n", str(n), "--seed", str(seed)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
        if done.returncode:
            raise RuntimeError(f"speed check of {model} failed: {done.stderr[-500:]}")
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


# ----------------------------------------------------------------------------- run


def run_set(data: Dataset, seed: int, reference: bool, only=None) -> tuple[list[dict], dict]:
    """Every variant's map of ``data``'s map records; retrieval where records have titles; with
    ``reference``, the English records' AMI against an English-only MiniLM map."""
    from sklearn.metrics import adjusted_mutual_info_score as ami

    from placement import fit_map

    vectors, ridge = variant_vectors(data, seed)
    m = data.in_map
    labels, langs = data.labels[m], data.langs[m]
    titled = np.flatnonzero([bool(t.strip()) for t in data.titles])
    rows, notes = [], {"ridge": ridge, "records": int(m.sum()),
                       "languages": {str(k): int(v) for k, v in zip(*np.unique(langs, return_counts=True))},
                       "labels": int(len(set(labels)))}
    if reference:
        en = langs == "en"
        _, mono = fit_map(vectors["minilm"][0][m][en], seed)
        notes["mono_ami"] = ami(labels[en], mono.area)
        notes["mono_records"] = int(en.sum())
    for name in [v for v in VARIANTS if v in (only or VARIANTS)]:
        docs, titles = vectors[name]
        print(f"  map {data.name} / {name}", file=sys.stderr, flush=True)
        row = {"set": data.name, "variant": name, **map_scores(docs[m], labels, langs, seed)}
        if reference:
            row["en_ratio"] = ami(labels[en], row["areas"][en]) / notes["mono_ami"]
        if data.groups is not None:  # the same measure over pairs of one main group
            both = cross_language_agreement(data.groups[m], row["areas"], langs)
            row["agreement_group"], row["agreement_group_per_label"] = both["ratio"], both["per_label_ratio"]
        if titles is not None:
            row["recall"] = title_recall(docs, titles, titled, data.langs[titled])
            # the search keeps USE's own vectors on a map laid out in MiniLM's geometry (embed.borrow)
            search_docs, search_titles = vectors["use"] if name.endswith("→minilm") else (docs, titles)
            row["searched"] = searched_recall(search_docs, search_titles, titled, data.langs[titled],
                                              [data.titles[i] for i in titled], data.texts, data.langs)
        rows.append(row)
    return rows, notes


def _f(x: float, digits: int = 3) -> str:
    return "—" if x is None or x != x else f"{x:.{digits}f}"


def table(rows: list[dict]) -> str:
    """One markdown table, a row per set and variant."""
    head = ("| set | variant | areas / topics | AMI areas·label | AMI topics·label | AMI areas·language | "
            "other-language neighbours (random) | cross-language agreement, pairs · per code | en AMI / English-only map | "
            "title→own R@1 zh · en | R@10 zh · en | searched R@1 zh · en | searched R@10 zh · en |")
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for r in rows:
        def recall(k, key="recall"):
            rec = r.get(key) or {}
            return " · ".join(_f(rec[lang][k], 2) if lang in rec else "—" for lang in ("zh", "en")) if rec else "—"

        lines.append(f"| {r['set']} | {r['variant']} | {r['n_areas']} / {r['n_topics']} | {_f(r['ami_areas'])} | "
                     f"{_f(r['ami_topics'])} | {_f(r['ami_areas_lang'])} | {r['mixing']:.1%} ({r['mixing_expected']:.1%}) | "
                     f"{_f(r['agreement'], 2)} · {_f(r['agreement_per_label'], 2)} | {_f(r.get('en_ratio'), 2)} | {recall(1)} | {recall(10)} | "
                     f"{recall(1, 'searched')} | {recall(10, 'searched')} |")
    return "\n".join(lines)


def speed_table(speeds: list[dict]) -> str:
    lines = ["| encoder | used by | docs/s | load s | peak RSS | load average |", "|---|---|---|---|---|---|"]
    used = {"use": "use, use-centred, use→minilm", "minilm": "minilm (and fitting use→minilm)", "tfidf": "tfidf"}
    for s in speeds:
        lines.append(f"| {s['model']} | {used[s['model']]} | {s['docs_per_s']:,.1f} | {s['load_s']:.1f} | "
                     f"{s['peak_rss_mb']:,.0f} MB | {s['load_average']:.1f} |")
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--per-group", type=int, default=80, help="set A: records per CPC group")
    p.add_argument("--per-code", type=int, default=250, help="set B: records per subclass and language")
    p.add_argument("--titled", type=int, default=300, help="extra titled English records for retrieval")
    p.add_argument("--speed-n", type=int, default=200, help="texts per encoder for the speed check")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--quick", action="store_true", help="a smoke run on a few dozen records per set")
    p.add_argument("--no-speed", action="store_true", help="skip the encoder speed check")
    p.add_argument("--json", type=Path, default=None)
    p.add_argument("--variants", default=None, help="comma-separated variants to map (default: all)")
    p.add_argument("--speed-of", default=None, help=argparse.SUPPRESS)  # the speed check's subprocess
    args = p.parse_args(argv)
    if args.speed_of:
        print(json.dumps(measure_encoder(args.speed_of, args.speed_n, args.seed)))
        return
    if args.quick:
        args.per_group, args.per_code, args.titled, args.speed_n = 12, 15, 40, 20
    t = time.perf_counter()
    only = args.variants.split(",") if args.variants else None
    a_rows, a_notes = run_set(load_waste(args.per_group, args.seed), args.seed, reference=False, only=only)
    b_data = add_titled_english(load_mix(args.per_code, args.seed), args.titled, args.seed)
    b_rows, b_notes = run_set(b_data, args.seed, reference=True, only=only)
    speeds = [] if args.no_speed else encoder_speeds(args.speed_n, args.seed)
    print(table(a_rows + b_rows))
    for name, notes in (("A", a_notes), ("B", b_notes)):
        r = notes["ridge"]
        print(f"{name}: {notes['records']:,} map records, {notes['labels']} labels, languages {notes['languages']}; "
              f"ridge USE→MiniLM fitted on {r['train']} English records (alpha {r['alpha']}), held-out "
              f"{r['held_out']}: cosine {r['cosine']:.3f}, R² {r['r2']:.3f}"
              + (f"; English-only MiniLM map of the {notes['mono_records']} English records: AMI areas·label "
                 f"{notes['mono_ami']:.3f}" if "mono_ami" in notes else ""))
    for how, key in (("over all pairs", "agreement"), ("per code", "agreement_per_label")):
        met = [r["variant"] for r in b_rows if r["en_ratio"] >= 0.9 and r[key] >= 0.8]
        print(f"B, issue targets (en AMI ratio >= 0.9, cross-language agreement {how} >= 0.8) met by: "
              f"{', '.join(met) or 'none'}")
    print("B, cross-language agreement over pairs of one main group (pairs · per group): " + "; ".join(
        f"{r['variant']} {_f(r.get('agreement_group'), 2)} · {_f(r.get('agreement_group_per_label'), 2)}" for r in b_rows))
    if speeds:
        print(speed_table(speeds))
    print(f"{time.perf_counter() - t:.0f} s in all; {common.NOISE_NOTE}; {common.code_version()}")
    if args.json:
        drop = ("areas",)
        args.json.write_text(json.dumps({"rows": [{k: v for k, v in r.items() if k not in drop}
                                                  for r in a_rows + b_rows],
                                         "notes": {"A": a_notes, "B": b_notes}, "speeds": speeds}, indent=2,
                                        default=str))


if __name__ == "__main__":
    main()
