"""Text-type parity: do title-only records and title + abstract records of one subject share areas?

    PYTHONPATH=. .venv/bin/python bench/text_parity.py [--workspace /tmp/parity-ws] [--seeds 42,1,2]

Real exports mix bare titles (many Chinese rows) with title + abstract records, and the maps split
by text type (``landscape.analyse.language_balance``). Four ways to map such a set, one run, the
same records per variant, each map built the project's way (``Reducer`` then ``cluster_map``, via
bench/placement.py ``fit_map``) on USE vectors (``get_embedder("use")``) through an embedding cache:

  a  as today: title + ". " + abstract where there is one (``record_texts``), the title alone
     where not;
  b  titles only for every record (comparable text, the abstracts are lost);
  c  the abstract-bearing records mapped as today; each title-only record placed by its
     ``neighbours`` nearest abstract-bearing records compared TITLE with TITLE
     (``place.locate`` on a ``MapModel`` of that map, with the titles' vectors as the corpus):
     similarity-weighted position, area by the neighbour vote;
  d  abstract-bearing records: the mean of the title vector and the full-text vector
     (renormalised); title-only records: their title vector.

Data:

* **demo** LED and plastics (``landscape.demo`` data in a workspace; ``select_records``, one row
  per application as ``build`` does); records without an IPC/CPC code are left out. The truth is
  the first code's subclass. Text type and language go together here (most Chinese rows are
  bare titles), so the demo cannot tell a text-type effect from a language one.
* **controlled**: the three Google Patents landscapes (English, title + abstract, CPC), the
  abstract stripped from a seeded random half, so text type is independent of topic. Truth: the
  first CPC subclass, and also the landscape (file). The USPTO random sample is not used: it has
  no titles, so variants b and c cannot treat it.

Per variant: AMI of areas (every patent's nearest area) with the subclass over all records, the
title-only records and the abstract records; the text-type AMI; text-type agreement
(``language_balance.cross_agreement`` over pairs of one subclass: 1.0 = the text type makes no
difference, 0 = the two kinds never share an area); number of areas; seconds to map (vectors
cached; for c the map of the abstract records plus the placement).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (sets the offline / numba environment before anything else)

import argparse  # noqa: E402
import ast  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from dataclasses import dataclass  # noqa: E402

import numpy as np  # noqa: E402

warnings.filterwarnings("ignore", message=".*n_jobs value.*")

VARIANTS = ("a as today", "b titles only", "c titles placed", "d title+full mean")
DEMO_CORPORA = ("led", "plastics")


@dataclass
class Records:
    """One labelled set: per record its title, its map text today, its text type and labels."""

    name: str
    titles: list[str]
    texts: list[str]
    kinds: np.ndarray  # "title" / "abstract" (landscape.rules.text.text_type)
    subclass: np.ndarray
    landscape: np.ndarray | None = None
    langs: list | None = None  # two-letter codes (demo), for the build's English geometry


# ----------------------------------------------------------------------------- data


def load_demo(workspace: Path, corpus: str) -> Records:
    """A demo corpus as ``build`` selects it (one row per application), records with a code."""
    from landscape.analyse.language_balance import first_subclasses
    from landscape.map_tables import as_list
    from landscape.pipeline import select_records
    from landscape.rules.text import language_code, record_texts, text_types
    from landscape.store import Store
    from landscape.units import one_per_unit

    with Store.open(workspace) as store:
        records, _ = select_records(store, corpus=corpus)
    records = one_per_unit(records, "application")
    codes = [as_list(i) + as_list(c) for i, c in zip(records["ipc"], records["cpc"])]
    sub = np.array(first_subclasses(codes), dtype=object)
    keep = np.array([s is not None for s in sub])
    records = records[keep].reset_index(drop=True)
    titles = [t if isinstance(t, str) else "" for t in records["title"]]
    return Records(f"demo {corpus}", titles, record_texts(records), np.array(text_types(records)), sub[keep],
                   langs=[language_code(v) for v in records["lang"]])


def load_controlled(seed: int) -> Records:
    """Google Patents landscapes, de-duplicated; a seeded half keeps only its title."""
    from landscape.rules.text import record_text, text_type

    csv.field_size_limit(sys.maxsize)
    rows, seen = [], set()
    for path in sorted((common.corpora_dir() / common.GPATENTS_DIR).glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                codes = ast.literal_eval(r["cpc_code"]) if r.get("cpc_code") else []
                title, abstract = (r.get("title_text") or "").strip(), (r.get("abstract_text") or "").strip()
                if r["publication_number"] in seen or not codes or not title or text_type(title, abstract) != "abstract":
                    continue
                seen.add(r["publication_number"])
                rows.append((title, abstract, codes[0].replace(" ", "").upper()[:4], path.stem))
    strip = np.zeros(len(rows), dtype=bool)
    strip[np.random.default_rng(seed).permutation(len(rows))[: len(rows) // 2]] = True
    texts = [record_text(t, None if s else a) for (t, a, _, _), s in zip(rows, strip)]
    return Records("controlled (Google Patents, half stripped)", [r[0] for r in rows], texts,
                   np.where(strip, "title", "abstract"), np.array([r[2] for r in rows], dtype=object),
                   np.array([r[3] for r in rows]))


# ----------------------------------------------------------------------------- embedding


def use_vectors(texts: list[str], workspace: Path | None) -> np.ndarray:
    """USE vectors through the workspace's embedding cache (demo) or the bench cache."""
    if workspace is None:
        return common.embed(texts, "use")[0]
    from landscape.embed.cache import EmbeddingCache, embed_texts
    from landscape.embed.registry import get_embedder
    from landscape.store import Store

    with Store.open(workspace) as store:
        vectors, stats = embed_texts(texts, get_embedder("use"), EmbeddingCache(store.con))
    print(f"  [use] {stats['n']:,} texts: {stats['n_cached']:,} cached, {stats['n_embedded']:,} embedded",
          file=sys.stderr, flush=True)
    return vectors


def title_subjects_covered(data: Records, at_least: int = 5) -> float:
    """Share of title-only records whose subclass has ``at_least`` abstract records: variant c
    can only put a title among areas the abstract records make."""
    from collections import Counter

    counts = Counter(data.subclass[data.kinds == "abstract"])
    return float(np.mean([counts[s] >= at_least for s in data.subclass[data.kinds == "title"]]))


def as_built(full: np.ndarray, data: Records, workspace: Path, seed: int) -> np.ndarray | None:
    """The vectors ``build --model auto`` lays a mixed-language map out with: USE mapped into
    MiniLM's geometry (``landscape.embed.borrow``), or None where the build would not map them."""
    from landscape.embed.borrow import english_geometry
    from landscape.embed.cache import EmbeddingCache
    from landscape.embed.registry import get_embedder
    from landscape.store import Store

    with Store.open(workspace) as store:
        mapped, note, _ = english_geometry(full, data.texts, data.langs, english_embedder=get_embedder("minilm"),
                                           cache=EmbeddingCache(store.con), seed=seed)
    print(f"  English geometry: {note}", file=sys.stderr, flush=True)
    return mapped


# ----------------------------------------------------------------------------- variants


def map_model(reducer, clustering, ids):
    from landscape.map_model import MapModel

    return MapModel(model_name="use", ids=np.asarray(ids, dtype=str),
                    cluster_embedding=reducer.cluster_embedding_, map_embedding=reducer.map_embedding_,
                    topic=clustering.topic, area=clustering.area, topic_area=clustering.topic_area,
                    vote_share=float(clustering.params["vote_share_used"]),
                    neighbours=int(clustering.params["vote_neighbours"]))


def variant_areas(name: str, full: np.ndarray, title: np.ndarray, kinds: np.ndarray, seed: int,
                  built: np.ndarray | None = None):
    """(each record's area, number of areas) for one variant (``built``: the English-geometry
    vectors of variant a as built)."""
    from landscape.embed.base import l2_normalise
    from landscape.place import locate
    from placement import fit_map

    abstract = kinds == "abstract"
    if name.startswith("c"):
        reducer, clustering = fit_map(full[abstract], seed)
        areas = np.empty(len(kinds), dtype=np.int64)
        areas[abstract] = clustering.area
        if (~abstract).any():
            model = map_model(reducer, clustering, np.flatnonzero(abstract))
            areas[~abstract] = locate(model, title[abstract], title[~abstract]).area
        return areas, int(clustering.area.max()) + 1
    if name.startswith("a"):
        X = full if built is None else built
    elif name.startswith("b"):
        X = title
    else:
        X = np.where(abstract[:, None], l2_normalise(full + title), title)
    _, clustering = fit_map(X, seed)
    return clustering.area, int(clustering.area.max()) + 1


def scores(data: Records, areas: np.ndarray) -> dict:
    from sklearn.metrics import adjusted_mutual_info_score as ami

    from landscape.analyse.language_balance import cross_agreement

    t, a = data.kinds == "title", data.kinds == "abstract"
    out = {"ami": ami(data.subclass, areas), "ami_title": ami(data.subclass[t], areas[t]),
           "ami_abstract": ami(data.subclass[a], areas[a]), "type_ami": ami(data.kinds, areas),
           "agreement": cross_agreement(data.subclass, data.kinds, areas)["agreement"]}
    if data.landscape is not None:
        out["ami_landscape"] = ami(data.landscape, areas)
    if data.langs is not None:  # text type within one language: pairs of one subclass and language
        strata = np.array([f"{s}|{lang}" for s, lang in zip(data.subclass, data.langs)])
        out["agreement_in_language"] = cross_agreement(strata, data.kinds, areas)["agreement"]
    return out


def run_set(data: Records, workspace: Path | None, seed: int) -> list[dict]:
    """Every variant's map of ``data`` (and, for the demo, variant a as ``build`` lays it out)."""
    t = time.perf_counter()
    full = use_vectors(data.texts, workspace)
    title = use_vectors(data.titles, workspace)
    built = as_built(full, data, workspace, seed) if data.langs is not None else None
    embed_s = time.perf_counter() - t
    rows = []
    variants = [(name, None) for name in VARIANTS]
    if built is not None:
        variants.insert(1, ("a as built (English geometry)", built))
    for name, vectors in variants:
        print(f"  map {data.name} / {name} / seed {seed}", file=sys.stderr, flush=True)
        t = time.perf_counter()
        areas, n_areas = variant_areas(name, full, title, data.kinds, seed, vectors)
        rows.append({"set": data.name, "variant": name, "seed": seed, "records": len(data.kinds),
                     "title_only": int((data.kinds == "title").sum()), "areas": n_areas,
                     "map_s": time.perf_counter() - t, "embed_s": embed_s, **scores(data, areas)})
    return rows


def mean_rows(rows: list[dict]) -> list[dict]:
    """One row per set and variant: the mean over seeds, with each figure's range."""
    import pandas as pd

    df = pd.DataFrame(rows)
    out = []
    for (name, variant), g in df.groupby(["set", "variant"], sort=False):
        row = {"set": name, "variant": variant, "seeds": len(g), "records": int(g["records"].iloc[0]),
               "title_only": int(g["title_only"].iloc[0])}
        for col in ("areas", "map_s", "ami", "ami_title", "ami_abstract", "ami_landscape", "type_ami", "agreement",
                    "agreement_in_language"):
            if col in g and g[col].notna().any():
                v = g[col].astype(float)
                row[col], row[col + "_range"] = float(v.mean()), (float(v.min()), float(v.max()))
        out.append(row)
    return out


def _f(x, digits: int = 3) -> str:
    return "—" if x is None or x != x else f"{x:.{digits}f}"


def _range(r: dict, col: str, digits: int = 3) -> str:
    if r.get(col) is None:
        return "—"
    low, high = r[col + "_range"]
    return _f(r[col], digits) + (f" ({low:.{digits}f}–{high:.{digits}f})" if r.get("seeds", 1) > 1 else "")


def table(rows: list[dict]) -> str:
    """Mean over seeds (range over seeds in brackets for AMI and agreement)."""
    head = ("| set (records, title-only) | variant | areas | AMI·subclass all | title-only | abstract | "
            "AMI·landscape | text-type AMI | text-type agreement | same language | map s |")
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for r in mean_rows(rows):
        lines.append(f"| {r['set']} ({r['records']:,}, {r['title_only']:,}) | {r['variant']} | {r['areas']:.1f} | "
                     f"{_range(r, 'ami')} | {_f(r['ami_title'])} | {_f(r['ami_abstract'])} | "
                     f"{_f(r.get('ami_landscape'))} | {_f(r['type_ami'])} | {_range(r, 'agreement', 2)} | "
                     f"{_range(r, 'agreement_in_language', 2)} | {r['map_s']:.1f} |")
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--workspace", type=Path, default=Path("/tmp/parity-ws"),
                   help="a workspace with the demo data imported (landscape.demo.import_demo_data)")
    p.add_argument("--seeds", default="42,1,2",
                   help="map seeds (the controlled set's stripped half is drawn with each seed too)")
    p.add_argument("--skip-controlled", action="store_true")
    p.add_argument("--json", type=Path, default=None)
    args = p.parse_args(argv)
    t = time.perf_counter()
    rows = []
    seeds = [int(s) for s in args.seeds.split(",")]
    covered = {}
    for corpus in DEMO_CORPORA:
        data = load_demo(args.workspace, corpus)
        covered[data.name] = title_subjects_covered(data)
        for seed in seeds:
            rows += run_set(data, args.workspace, seed)
    if not args.skip_controlled:
        for seed in seeds:
            rows += run_set(load_controlled(seed), None, seed)
    print(table(rows))
    for name, share in covered.items():
        print(f"{name}: {share:.0%} of the title-only records have a subclass with at least 5 abstract records")
    print(f"USE vectors, seeds {args.seeds}; {time.perf_counter() - t:.0f} s in all; {common.NOISE_NOTE}; "
          f"{common.code_version()}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, default=str))


if __name__ == "__main__":
    main()
