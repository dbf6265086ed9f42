"""Shared loading code for the benches: real corpora with CPC labels, and cached embeddings.

    .venv/bin/python bench/common.py --warm [--models minilm,use] [--extra]

``--warm`` embeds every bench corpus into the bench cache so later runs only read vectors
(MiniLM does ~40 abstracts/s on 2 cores: the 7,116 USPTO abstracts take 3-6 minutes).
``--extra`` also embeds the PatentsView NVIDIA abstracts (more real vectors for bench/speed.py).

Corpora are read from ``$LANDSCAPE_CORPORA``, else ``../shared/corpora`` next to the repository.
The cache is a DuckDB file, ``$LANDSCAPE_BENCH_CACHE`` or ``/tmp/landscape-bench/cache.duckdb``,
used through ``landscape.embed.cache.EmbeddingCache`` / ``embed_texts`` exactly as a build uses the
workspace store. Only one process can hold that file at a time: each call opens and closes it.
"""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("NUMBA_CACHE_DIR", "/tmp/numba-bench")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import ast
import csv
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
USPTO_FILE = "raw/uspto-random-sample-pygrams/USPTO-random-10000_pub2005-2015.jsonl"
GPATENTS_DIR = "raw/gpatents-landscapes-teamlab"
NVIDIA_ABSTRACTS = "raw/patentsview-nvidia-portfolio/nvidia_patent_abstract.csv"
CACHE_PATH = Path(os.environ.get("LANDSCAPE_BENCH_CACHE", "/tmp/landscape-bench/cache.duckdb"))

NOISE_NOTE = ("timings come from a shared 2-core machine (other jobs run at the same time); "
              "they are noisy, compare rows measured in the same run only")


def code_version() -> str:
    """The commit the measured ``landscape/`` code comes from (and whether it had local edits)."""
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "landscape"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"landscape at commit {head or 'unknown'}" + (" + uncommitted edits under landscape/" if dirty else "")


def corpora_dir() -> Path:
    if os.environ.get("LANDSCAPE_CORPORA"):
        return Path(os.environ["LANDSCAPE_CORPORA"])
    return ROOT.parent / "shared" / "corpora"


@dataclass
class Corpus:
    """Texts with the first CPC code's subclass (``A61B``) and class (``A61``) as labels."""

    name: str
    ids: list[str]
    texts: list[str]
    subclass: np.ndarray
    cls: np.ndarray
    source: np.ndarray = field(default=None)  # file each record came from (Google landscapes)

    def __len__(self):
        return len(self.texts)

    def subset(self, mask: np.ndarray, name: str) -> "Corpus":
        idx = np.flatnonzero(mask)
        return Corpus(name, [self.ids[i] for i in idx], [self.texts[i] for i in idx], self.subclass[idx],
                      self.cls[idx], None if self.source is None else self.source[idx])


def labelled_bench_main(argv, doc: str, *, evaluate, show, draft, write_labels) -> None:
    """The command line of a bench scored on hand labels kept as name hashes (bench/groups.py,
    bench/places.py): the figures, ``--json FILE``, ``--draft`` (the sample, for labelling) and
    ``--write-labels FILE`` (the labels file from a text file kept outside the repository)."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--draft", action="store_true", help="print the sampled names, for labelling")
    parser.add_argument("--write-labels", type=Path, help="make the labels file from a text file")
    args = parser.parse_args(argv)
    if args.draft:
        return draft()
    if args.write_labels:
        return write_labels(args.write_labels)
    result = evaluate()
    show(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


def _labels(code: str) -> tuple[str, str]:
    code = code.replace(" ", "").upper()
    return code[:4], code[:3]


def load_uspto(data: Path | None = None) -> Corpus:
    """The USPTO random sample: the 7,116 records with at least one CPC code; text = abstract."""
    data = data or corpora_dir()
    ids, texts, sub, cls = [], [], [], []
    with open(data / USPTO_FILE, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            codes = r.get("classifications_cpc") or []
            abstract = (r.get("abstract") or "").strip()
            if not codes or not abstract:
                continue
            s, c = _labels(codes[0])
            ids.append(r["patent_id"]), texts.append(abstract), sub.append(s), cls.append(c)
    return Corpus("uspto", ids, texts, np.array(sub), np.array(cls))


def load_gpatents(data: Path | None = None) -> Corpus:
    """The three Google Patents landscapes together, de-duplicated by publication number
    (4,166 rows -> 3,676); text = title + ". " + abstract; ``source`` = the file's stem."""
    data = data or corpora_dir()
    csv.field_size_limit(sys.maxsize)
    ids, texts, sub, cls, src, seen = [], [], [], [], [], set()
    rows = 0
    for path in sorted((data / GPATENTS_DIR).glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                rows += 1
                pid = r["publication_number"]
                codes = ast.literal_eval(r["cpc_code"]) if r.get("cpc_code") else []
                if pid in seen or not codes:
                    continue
                seen.add(pid)
                parts = [p.strip() for p in (r.get("title_text") or "", r.get("abstract_text") or "") if p.strip()]
                if not parts:
                    continue
                s, c = _labels(codes[0])
                ids.append(pid), texts.append(". ".join(parts)), sub.append(s), cls.append(c), src.append(path.stem)
    corpus = Corpus("gpatents", ids, texts, np.array(sub), np.array(cls), np.array(src))
    corpus.rows_read = rows
    return corpus


def load_nvidia(data: Path | None = None) -> list[str]:
    """PatentsView NVIDIA abstracts (unlabelled here): extra real text for the speed bench."""
    data = data or corpora_dir()
    with open(data / NVIDIA_ABSTRACTS, encoding="utf-8", newline="") as f:
        return [a.strip() for r in csv.DictReader(f) if (a := r.get("patent_abstract") or "").strip()]


def load(name: str) -> list[Corpus]:
    """``uspto``, ``gpatents`` (the three together) or ``gpatents-each`` (one Corpus per file)."""
    if name == "uspto":
        return [load_uspto()]
    g = load_gpatents()
    if name == "gpatents":
        return [g]
    if name == "gpatents-each":
        return [g.subset(g.source == s, f"gpatents:{s}") for s in sorted(set(g.source))]
    raise ValueError(name)


def connect(path: Path = CACHE_PATH):
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(60):  # another bench process may hold the file for a moment
        try:
            return duckdb.connect(str(path))
        except Exception as err:  # duckdb.IOException: lock held
            if "lock" not in str(err).lower() or attempt == 59:
                raise
            time.sleep(5)


def embed(texts: list[str], model: str, *, verbose: bool = True) -> tuple[np.ndarray, dict]:
    """Unit-length vectors for ``texts`` through the bench cache (TF-IDF is fitted on ``texts``)."""
    from landscape.embed.cache import EmbeddingCache, embed_texts
    from landscape.embed.registry import get_embedder

    embedder = get_embedder(model)
    if hasattr(embedder, "fit"):
        embedder.fit(texts)
    con = connect()
    try:
        t = time.perf_counter()
        vectors, stats = embed_texts(texts, embedder, EmbeddingCache(con))
        stats["wall_s"] = time.perf_counter() - t
    finally:
        con.close()
    if verbose:
        print(f"  [{model}] {stats['n']:,} texts: {stats['n_cached']:,} cached, {stats['n_embedded']:,} embedded "
              f"in {stats['wall_s']:.1f} s", file=sys.stderr, flush=True)
    return vectors, stats


def cached_vectors(model: str = "minilm") -> np.ndarray:
    """Every vector the bench cache holds for ``model`` (its current version), in a stable order."""
    from landscape.embed.registry import get_embedder

    version = get_embedder(model).version
    con = connect()
    try:
        rows = con.execute("SELECT vector FROM embeddings WHERE model = ? AND version = ? ORDER BY text_hash",
                           [model, version]).fetchnumpy()["vector"]
    finally:
        con.close()
    return np.stack([np.asarray(v, dtype=np.float32) for v in rows]) if len(rows) else np.zeros((0, 0), np.float32)


def main(argv=None):
    import argparse

    p = argparse.ArgumentParser(description="Fill the bench embedding cache.")
    p.add_argument("--warm", action="store_true", help="embed the bench corpora into the cache")
    p.add_argument("--models", default="minilm,use")
    p.add_argument("--extra", action="store_true", help="also the PatentsView NVIDIA abstracts (speed bench)")
    args = p.parse_args(argv)
    if not args.warm:
        p.print_help()
        return
    u, g = load_uspto(), load_gpatents()
    print(f"uspto {len(u):,} records, {len(set(u.subclass))} subclasses; gpatents {g.rows_read:,} rows -> "
          f"{len(g):,} after de-dup, {len(set(g.subclass))} subclasses; cache {CACHE_PATH}")
    for model in args.models.split(","):
        embed(u.texts, model)
        embed(g.texts, model)
        if args.extra:
            embed(load_nvidia(), model)
        n = len(cached_vectors(model))
        print(f"{model}: {n:,} vectors cached")


if __name__ == "__main__":
    main()
