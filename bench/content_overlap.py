"""Do the languages of a mixed map write about the same things? The check `--model auto` runs
before it aligns the languages (landscape.embed.borrow.content_overlap), and what aligning
costs where they do not.

    PYTHONPATH=. .venv/bin/python bench/content_overlap.py [--seeds 42,1] [--demo /tmp/landscape-bench/geometry]

Records: bench/bilingual.py's set B (CNKI Chinese + USPTO English abstracts, the same number
per subclass and language), cut three ways so the languages share all, some or none of their
subjects:

* **shared**: all 11 subclasses in both languages (set B as it is);
* **partial**: Chinese G06F G06Q G06T C08G H02J, English C07C C07D C08G C08F G06F H02J;
* **disjoint**: Chinese G06F G06Q G06T (computing), English C07C C07D C08G C08F B01J H01M
  (chemistry, batteries); **disjoint2** the other way round (Chinese chemistry, English computing).

For each: the content overlap (centred USE vectors, as the build computes it), and maps the
project's way (Reducer + cluster_map, bench/placement.py) from four layouts: USE as is,
USE → MiniLM (ridge fitted on the English records, uncentred), centred → MiniLM, and centred +
turned → MiniLM; AMI of areas with the subclass and with the language. `default` is what
`--model auto` does now: centred + turned where the overlap reaches ``SHARED_CONTENT``, else
USE → MiniLM uncentred. With ``--demo``, the overlap of the demo's mixed maps built by
bench/english_geometry.py in that workspace.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (offline / numba environment first)

import argparse  # noqa: E402

import numpy as np  # noqa: E402

CUTS = {
    "partial": ({"G06F", "G06Q", "G06T", "C08G", "H02J"}, {"C07C", "C07D", "C08G", "C08F", "G06F", "H02J"}),
    "disjoint": ({"G06F", "G06Q", "G06T"}, {"C07C", "C07D", "C08G", "C08F", "B01J", "H01M"}),
    "disjoint2": ({"C07C", "C07D", "C08G", "C08F"}, {"G06F", "G06Q", "G06T", "H02J", "G01R"}),
}


def layouts(use: np.ndarray, minilm: np.ndarray, langs: np.ndarray, seed: int) -> tuple[dict, float]:
    """The four layouts of one set and its content overlap."""
    import bilingual

    from landscape.embed.base import l2_normalise
    from landscape.embed.borrow import apply_turns, centre_languages, content_overlap, fit_turns

    def bridge(X):
        model, _ = bilingual.fit_bridge(X, minilm, langs == "en", seed)
        return l2_normalise(model.predict(X))

    centred, own = centre_languages(use, langs)
    overlap = content_overlap(centred, langs, seed)
    turns, _ = fit_turns(centred, langs, own, seed)
    out = {"use": use, "use→minilm": bridge(use), "centred→minilm": bridge(centred),
           "turned→minilm": bridge(apply_turns(centred.copy(), langs, turns))}
    return out, overlap


def main(argv=None) -> None:
    from sklearn.metrics import adjusted_mutual_info_score as ami

    import bilingual
    from placement import fit_map

    from landscape.embed.borrow import SHARED_CONTENT

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seeds", default="42,1")
    p.add_argument("--demo", type=Path, default=None, help="workspace of bench/english_geometry.py's demo maps")
    args = p.parse_args(argv)
    print("| cut | seed | records (zh / en) | content overlap | use | use→minilm | centred→minilm | turned→minilm | "
          "default |")
    print("|---|---|---|---|---|---|---|---|---|")
    for seed in [int(s) for s in args.seeds.split(",")]:
        data = bilingual.load_mix(250, seed)
        cuts = {"shared": (set(data.labels), set(data.labels)), **CUTS}
        for name, (zh_codes, en_codes) in cuts.items():
            keep = np.array([(lang == "zh" and code in zh_codes) or (lang == "en" and code in en_codes)
                             for lang, code in zip(data.langs, data.labels)])
            texts = [t for t, k in zip(data.texts, keep) if k]
            labels, langs = data.labels[keep], data.langs[keep]
            use, _ = common.embed(texts, "use", verbose=False)
            minilm, _ = common.embed(texts, "minilm", verbose=False)
            vectors, overlap = layouts(use, minilm, langs, seed)
            cells = {}
            for variant, X in vectors.items():
                _, clustering = fit_map(X, seed)
                cells[variant] = f"{ami(labels, clustering.area):.3f} / {ami(langs, clustering.area):.2f}"
            default = "turned→minilm" if not overlap < SHARED_CONTENT else "use→minilm"
            print(f"| {name} | {seed} | {(langs == 'zh').sum()} / {(langs == 'en').sum()} | {overlap:.3f} | "
                  + " | ".join(cells[v] for v in vectors) + f" | {default} |", flush=True)
    print("cells: AMI of areas with the subclass / with the language")
    if args.demo:
        import pandas as pd

        from landscape.rules.text import language_of, record_text

        from landscape.analyse.language_balance import first_subclasses

        print("\n| demo map | records (zh / en) | content overlap | use | use→minilm | centred→minilm | "
              "turned→minilm | default |\n|---|---|---|---|---|---|---|---|")
        for bundle in sorted((args.demo / "maps").glob("*-auto")):
            docs = pd.read_parquet(bundle / "documents.parquet")
            langs = np.array([language_of(v) for v in docs["lang"]])
            texts = [record_text(t, a) for t, a in zip(docs["title"], docs["abstract"])]
            use, _ = common.embed(texts, "use", verbose=False)
            minilm, _ = common.embed(texts, "minilm", verbose=False)
            sub = np.array(first_subclasses(docs["ipc"].map(list) + docs["cpc"].map(list)), dtype=object)
            coded = np.array([s is not None for s in sub])
            vectors, overlap = layouts(use, minilm, langs, 42)
            cells = []
            for X in vectors.values():
                _, clustering = fit_map(X, 42)
                cells.append(f"{ami(sub[coded].astype(str), clustering.area[coded]):.3f} / "
                             f"{ami(langs, clustering.area):.2f}")
            default = "turned→minilm" if not overlap < SHARED_CONTENT else "use→minilm"
            print(f"| {bundle.name.removesuffix('-auto')} | {(langs == 'zh').sum()} / {(langs == 'en').sum()} | "
                  f"{overlap:.3f} | " + " | ".join(cells) + f" | {default} |", flush=True)
    print(f"{common.NOISE_NOTE}; {common.code_version()}")


if __name__ == "__main__":
    main()
