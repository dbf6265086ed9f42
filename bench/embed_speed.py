"""Embedding speed: each model alone vs ``embed_texts`` through the cache (cold, then fully cached).

    .venv/bin/python bench/embed_speed.py [--n 500] [--models minilm,use,tfidf] [--langs en,zh]

Reads N real abstracts: English from the USPTO random sample (JSON Lines), Chinese from the
CNKI export (column ``Summary-摘要``), under ``--data``, else ``$LANDSCAPE_CORPORA``, else
``../shared/corpora``. Each model runs in its own process so its peak memory is its own;
within that process the three measurements follow each other on the same texts:

(a) the model alone in a tight loop (``model.encode`` on the whole list);
(b) ``embed_texts`` with a cold cache in a file-backed DuckDB (hashing, dedupe, length sort,
    batches, a committed insert per batch);
(c) ``embed_texts`` again, everything cached.

(a) and (b) alternate ``--repeat`` times (fresh cache each time) and the best of each is shown.

Then the cross-lingual check: cosine of Chinese phrases with their English translations vs
with unrelated English phrases. Timings on a shared 2-core machine are noisy; rerun to compare.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
EN_FILE = "raw/uspto-random-sample-pygrams/USPTO-random-10000_pub2005-2015.jsonl"
ZH_FILE = "raw/cnki-sysu-cn-export/Patent.csv"

# Written for this check (not patent text): (Chinese, its English translation).
PAIRS = [
    ("一种遥控玩具汽车", "a remote-controlled toy car"),
    ("一种用于污水处理的膜生物反应器", "a membrane bioreactor for sewage treatment"),
    ("一种LED路灯的散热装置", "a heat sink for an LED street lamp"),
    ("一种锂离子电池正极材料的制备方法", "a method of preparing a cathode material for lithium-ion batteries"),
]


def corpora_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    if os.environ.get("LANDSCAPE_CORPORA"):
        return Path(os.environ["LANDSCAPE_CORPORA"])
    return ROOT.parent / "shared" / "corpora"


def read_abstracts(data: Path, lang: str, n: int) -> list[str]:
    texts = []
    if lang == "en":
        with open(data / EN_FILE, encoding="utf-8") as f:
            for line in f:
                abstract = (json.loads(line).get("abstract") or "").strip()
                if abstract:
                    texts.append(abstract)
                if len(texts) == n:
                    break
    else:
        with open(data / ZH_FILE, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                abstract = (row.get("Summary-摘要") or "").strip()
                if abstract:
                    texts.append(abstract)
                if len(texts) == n:
                    break
    return texts


def model_alone(emb, texts: list[str], batch_size: int) -> np.ndarray:
    """The backend's own encode on the whole list, without anything of ours around it."""
    if emb.name == "minilm":
        return emb.model.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
    if emb.name == "use":
        return emb.model.encode(texts)
    if emb.name == "tfidf":
        return emb.svd_.transform(emb.vectorizer_.transform(texts))
    return emb.encode(texts)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(name: str, langs: list[str], n: int, batch_size: int, data: Path, repeat: int) -> list[dict]:
    """All measurements for one model, in this process."""
    import duckdb

    from landscape.embed import EmbeddingCache, embed_texts, get_embedder

    rows = []
    emb = get_embedder(name)
    for lang in langs:
        texts = read_abstracts(data, lang, n)
        row = {"model": name, "lang": lang, "n": len(texts), "chars": int(np.mean([len(t) for t in texts]))}
        t = time.perf_counter()
        if name == "tfidf":
            emb.fit(texts)  # fitted on the same texts, as a build does
            row["fit"] = True
        else:
            emb.encode(texts[:4])  # loads the model on the first language; not counted below
        row["load_s"] = round(time.perf_counter() - t, 2)

        # (a) and (b) alternate, best of `repeat` each, so a burst of load elsewhere on a
        # shared machine hits both rather than one.
        row["alone_s"] = row["cold_s"] = row["cached_s"] = float("inf")
        for _ in range(repeat):
            t = time.perf_counter()
            alone = model_alone(emb, texts, batch_size)
            row["alone_s"] = min(row["alone_s"], time.perf_counter() - t)
            with tempfile.TemporaryDirectory() as tmp:
                con = duckdb.connect(str(Path(tmp) / "bench.duckdb"))
                cache = EmbeddingCache(con)
                t = time.perf_counter()
                ours, stats = embed_texts(texts, emb, cache, batch_size=batch_size)
                row["cold_s"] = min(row["cold_s"], time.perf_counter() - t)
                row["n_unique"] = stats["n_unique"]
                t = time.perf_counter()
                again, stats = embed_texts(texts, emb, cache, batch_size=batch_size)
                row["cached_s"] = min(row["cached_s"], time.perf_counter() - t)
                # TF-IDF bypasses the cache (it is faster than the store): its rerun recomputes.
                assert stats["n_embedded"] == 0 or not getattr(emb, "worth_caching", True)
                con.close()
        alone = np.asarray(alone, dtype=np.float32)
        alone /= np.maximum(np.linalg.norm(alone, axis=1, keepdims=True), 1e-12)
        row["max_diff"] = float(np.abs(ours - alone).max())
        assert np.array_equal(ours, again)
        rows.append(row)

    if name in ("minilm", "use"):
        zh = emb.encode([z for z, _ in PAIRS])
        en = emb.encode([e for _, e in PAIRS])
        sims = zh @ en.T
        matched = float(np.mean(np.diag(sims)))
        unrelated = float(np.mean(sims[~np.eye(len(PAIRS), dtype=bool)]))
        rows.append({"model": name, "crosslingual": True, "matched": matched, "unrelated": unrelated,
                     "pairs": [round(float(x), 3) for x in np.diag(sims)]})
    for r in rows:
        r["peak_mb"] = round(peak_mb())
    return rows


def print_table(rows: list[dict]):
    speed = [r for r in rows if not r.get("crosslingual")]
    head = (f"{'model':<7} {'lang':<4} {'n':>5} {'chars':>5} {'load s':>7} {'(a) alone':>10} "
            f"{'(b) ours cold':>14} {'b/a':>6} {'(c) cached':>11} {'c/b':>7} {'max|a-b|':>9} {'peak MB':>8}")
    print("\ndocs/s (higher is better)")
    print(head)
    print("-" * len(head))
    for r in speed:
        a, b, c = (r["n"] / r[k] if r[k] else float("inf") for k in ("alone_s", "cold_s", "cached_s"))
        load = f"{r['load_s']:.1f}" + ("f" if r.get("fit") else "")
        print(f"{r['model']:<7} {r['lang']:<4} {r['n']:>5} {r['chars']:>5} {load:>7} {a:>10.1f} {b:>14.1f} "
              f"{b / a:>6.0%} {c:>11,.0f} {c / b:>6,.0f}x {r['max_diff']:>9.1e} {r['peak_mb']:>8}")
    print("load s: model load + first tiny batch (f: TF-IDF fit on the same texts instead). "
          "peak MB: the model's own process (ru_maxrss).")
    cross = [r for r in rows if r.get("crosslingual")]
    if cross:
        print("\ncross-lingual: cosine of a Chinese phrase with its English translation vs with unrelated English")
        for r in cross:
            print(f"{r['model']:<7} translation {r['matched']:.3f}   unrelated {r['unrelated']:.3f}   "
                  f"(per pair {r['pairs']})")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=500, help="abstracts per language (default 500)")
    p.add_argument("--models", default="minilm,use,tfidf", help="comma-separated registry names")
    p.add_argument("--langs", default="en,zh", help="en, zh or both")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--repeat", type=int, default=2, help="alternate (a) and (b) this many times, keep the best")
    p.add_argument("--data", help="the shared corpora folder (default $LANDSCAPE_CORPORA, else ../shared/corpora)")
    p.add_argument("--json", action="store_true", help="print the rows as JSON lines (used between processes)")
    args = p.parse_args(argv)
    models, langs, data = args.models.split(","), args.langs.split(","), corpora_dir(args.data)

    if len(models) == 1:
        rows = run_one(models[0], langs, args.n, args.batch_size, data, args.repeat)
    else:
        rows = []
        for name in models:
            cmd = [sys.executable, __file__, "--models", name, "--langs", args.langs, "--n", str(args.n),
                   "--batch-size", str(args.batch_size), "--repeat", str(args.repeat), "--data", str(data), "--json"]
            print(f"running {name} ...", file=sys.stderr, flush=True)
            out = subprocess.run(cmd, capture_output=True, text=True)
            if out.returncode:
                print(out.stderr[-3000:], file=sys.stderr)
                raise SystemExit(f"{name} failed")
            rows += [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    if args.json:
        for r in rows:
            print(json.dumps(r))
    else:
        print(f"python bench/embed_speed.py --n {args.n} --models {args.models} --langs {args.langs} "
              f"--batch-size {args.batch_size} --repeat {args.repeat}  (data: {data}; cpus: {os.cpu_count()}; "
              f"load average at the end: {os.getloadavg()[0]:.1f})")
        print_table(rows)


if __name__ == "__main__":
    main()
