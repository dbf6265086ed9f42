"""Technology breakdown against known answers: which evidence assigns patents best.

    PYTHONPATH=. .venv/bin/python bench/breakdown.py [--per-branch 60] [--per-landscape 250] [--seed 42]

Two real sets with known answers, each in one run:

* **waste heat** (``raw/gpatents-waste-heat-multilingual``): the CPC group of a file's folder is
  the truth; 16 branches. The breakdown is made here from WIPO's titles of the groups (English,
  read at run time from the installed IPC scheme, never copied) and our own Chinese wording, with
  a few keywords per group and **no codes**, so only text decides. Documents filed under two
  groups are left out. Vectors: the multilingual USE (what a map of this mixed set is built with).
  Figures also per language (zh, Latin-script en/de/fr, ko, ja, ru).
* **Google landscapes** (``raw/gpatents-landscapes-teamlab``): each file's landscape is a level-1
  branch; the patents marked ``valid`` are its members (documents in two files left out). The
  breakdown has codes, keywords and descriptions. Vectors: MiniLM (the set is English). The
  files' non-landscape patents (``valid`` false) are mapped too and should stay unassigned.

Both are subsampled (``--per-branch`` documents per group, ``--per-landscape`` per landscape,
seeded) so one run fits a shared 2-core machine; embeddings go through the bench cache
(``bench/common.py``). Few-shot examples are drawn per branch (at most half of a branch's
documents); every method is scored on the same documents: those never drawn as examples.
Prediction = each patent's best level-1 branch; unassigned counts as wrong. Macro-F1 over the
branches (scikit-learn, zero_division=0), counting the Google non-landscape patents a method puts
in a branch against that branch's precision; accuracy over the branches' own patents.
"""
from __future__ import annotations

import argparse
import ast
import csv
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (sets the offline environment first)

WASTE_DIR = "raw/gpatents-waste-heat-multilingual/Abstract"

# Our own Chinese names and descriptions of the 16 CPC groups, and a few keywords per group.
WASTE_GROUPS = {
    "F27D17/00": ("炉窑余热与废气利用", "工业炉、窑炉的余热利用装置，以及废气的利用或处置装置。",
                  ["furnace", "kiln", "blast furnace", "slag"], ["窑炉", "高炉", "转炉", "炉渣", "加热炉", "烧结"]),
    "F02G5/00": ("内燃机余热利用", "利用内燃机燃烧余热的装置，例如回收发动机排气或冷却水的热量。",
                 ["internal combustion engine", "engine", "exhaust gas"], ["发动机", "内燃机", "柴油机", "尾气"]),
    "F22B1/18": ("热烟气加热的蒸汽发生", "以热气体（如内燃机排气等废气）为热载体的蒸汽发生方法与余热锅炉。",
                 ["waste heat boiler", "heat recovery steam generator", "HRSG"], ["余热锅炉", "蒸汽发生器"]),
    "F01K17/02": ("汽轮机抽汽供热", "从蒸汽动力装置抽出或排出的蒸汽或凝结水用于工业或民用供热。",
                  ["district heating", "extraction steam", "heat supply"], ["供热", "抽汽", "供暖", "热电联产"]),
    "F15B21/14": ("液压系统能量回收", "流体执行机构系统中的能量回收装置，例如液压系统回收势能或制动能量。",
                  ["hydraulic", "accumulator", "energy recuperation"], ["液压", "蓄能器", "势能回收"]),
    "F01K27/02": ("动力装置自身余热利用", "改进后利用自身余热（排气以外，如发动机摩擦热）的动力装置，如有机朗肯循环发电。",
                  ["organic Rankine cycle", "ORC", "Rankine cycle"], ["有机朗肯循环", "朗肯循环", "低温发电"]),
    "F24H8/00": ("冷凝式热水器", "通过冷凝回收烟气潜热的流体加热器，如冷凝式锅炉和燃气热水器。",
                 ["condensing boiler", "condensing", "latent heat"], ["冷凝", "潜热", "热水器"]),
    "F16D61/00": ("制动能量回收", "带有将制动吸收的能量加以利用的装置的制动器。",
                  ["brake", "braking energy", "regenerative braking"], ["制动", "刹车"]),
    "F22B1/16": ("热液或热蒸汽加热的蒸汽发生", "以热液体或热蒸汽（如废液、废汽）为热载体的蒸汽发生方法。",
                 ["waste steam", "waste liquid", "flash steam"], ["乏汽", "废液", "闪蒸", "废水"]),
    "F17C9/04": ("液化气冷能回收", "从容器排出液化气体（如液化天然气气化）时回收其冷能的方法与装置。",
                 ["LNG", "liquefied natural gas", "cold energy", "regasification"], ["液化天然气", "冷能", "气化器"]),
    "F02C7/10": ("燃气轮机回热器", "燃气轮机装置中用回热式换热器回收排气热量。",
                 ["gas turbine", "recuperator", "regenerator"], ["燃气轮机", "回热器", "燃机"]),
    "F01K17/06": ("蒸汽能量返回工艺", "把蒸汽的能量以交换后的形式返回工艺过程，例如用乏汽干燥燃料。",
                  ["drying", "dryer", "exhaust steam"], ["干燥", "烘干", "乏汽"]),
    "F22G1/02": ("烟气加热的蒸汽过热", "由锅炉炉膛热烟气供热的蒸汽过热方法与过热器。",
                 ["superheater", "superheated steam"], ["过热器", "过热蒸汽"]),
    "D21F5/20": ("造纸机干燥部余热回收", "连续纸幅造纸机干燥部的余热回收。",
                 ["paper machine", "paper", "pulp"], ["造纸", "纸机", "烘缸"]),
    "F28C1/08": ("冷却塔乏汽热回收", "直接接触式冷却塔中从乏汽回收热量的装置。",
                 ["cooling tower"], ["冷却塔", "凉水塔"]),
    "F22D1/40": ("乏汽与烟气组合预热器", "锅炉给水预热器中乏汽预热器与烟气预热器的组合。",
                 ["feed water", "feedwater", "economizer", "preheater"], ["给水", "省煤器", "预热器"]),
}

GOOGLE_TOML = '''
name_en = "Three Google Patents landscapes"
name_zh = "三个谷歌专利技术领域"

[[branch]]
id = "nighttime_driver_visibility"
name_en = "Night-time driver visibility"
name_zh = "夜间驾驶视野"
description_en = "Vehicle lighting and vision systems that help a driver see at night: headlamps and adaptive beams, glare control, infrared night-vision cameras, image sensing of the road ahead and its display to the driver."
description_zh = "帮助驾驶员在夜间看清道路的车辆照明与视觉系统：前照灯与自适应远近光、防眩目、红外夜视摄像、前方道路的图像感知及其向驾驶员的显示。"
codes = ["B60Q1/", "B60R1/", "B60Q2300/", "H04N5/33"]
keywords_en = ["headlamp", "headlight", "night vision", "glare", "high beam", "low beam"]
keywords_zh = ["前照灯", "夜视", "远光", "近光", "眩光"]

[[branch]]
id = "offshore_plant"
name_en = "Offshore plant"
name_zh = "海洋工程装备"
description_en = "Offshore oil and gas installations: fixed and floating platforms, drilling rigs and drill ships, subsea wellheads and production equipment, risers, mooring and offshore vessels."
description_zh = "海上油气装备：固定式与浮式平台、钻井平台与钻井船、水下井口与生产设备、立管、系泊及海工船舶。"
codes = ["E21B", "B63B35/44", "B63B21/50", "E02B17/"]
keywords_en = ["offshore", "subsea", "riser", "drilling rig", "mooring", "FPSO"]
keywords_zh = ["海洋平台", "海上", "钻井", "立管", "系泊"]

[[branch]]
id = "orbit_satellite"
name_en = "Satellites and orbits"
name_zh = "卫星与轨道"
description_en = "Spacecraft and satellites: orbits and constellations, attitude and orbit control, launch and deployment, satellite communication links and satellite navigation."
description_zh = "航天器与卫星：轨道与星座、姿态与轨道控制、发射与部署、卫星通信链路与卫星导航。"
codes = ["B64G", "H04B7/185", "G01S19/"]
keywords_en = ["satellite", "spacecraft", "orbit", "orbital"]
keywords_zh = ["卫星", "航天器", "轨道"]
'''


def _plain(title: str) -> str:
    """A WIPO title without its references to other places (the bracketed parts)."""
    out, depth = [], 0
    for ch in title:
        depth += ch == "("
        if depth == 0:
            out.append(ch)
        depth -= ch == ")" and depth > 0
    return " ".join("".join(out).split()).strip(" ;,")


def waste_taxonomy_toml() -> str:
    from landscape.ipc_titles import ipc_title

    lines = ['name_en = "Waste-heat technologies (CPC groups)"', 'name_zh = "余热利用技术（CPC 组）"']
    for code, (name_zh, desc_zh, kw_en, kw_zh) in WASTE_GROUPS.items():
        main = _plain(ipc_title(code.split("/")[0] + "/00") or "")
        own = _plain(ipc_title(code) or "")
        name_en = own[:1].upper() + own[1:] if own and not code.endswith("/00") else main
        desc_en = main if code.endswith("/00") else f"{main}: {own}"
        lines += ["", "[[branch]]", f'id = "{code.replace("/", "-")}"', f"name_en = {name_en!r}",
                  f'name_zh = "{name_zh}"', f"description_en = {desc_en!r}", f'description_zh = "{desc_zh}"',
                  "keywords_en = [" + ", ".join(f'"{k}"' for k in kw_en) + "]",
                  "keywords_zh = [" + ", ".join(f'"{k}"' for k in kw_zh) + "]"]
    return "\n".join(lines).replace("'", '"') + "\n"


def _script(lang: str | None) -> str:
    lang = (lang or "").lower()[:2]
    return {"zh": "zh", "ko": "ko", "ja": "ja", "ru": "ru"}.get(lang, "latin")


def load_waste(per_branch: int, seed: int):
    from landscape.ingest.linefiles import AbstractLinesReader
    from landscape.ingest.base import RowError

    reader = AbstractLinesReader()
    groups: dict[str, set] = {}
    rec: dict[str, tuple] = {}
    for path in sorted((common.corpora_dir() / WASTE_DIR).glob("Class*/*.txt")):
        for _, r in reader.read(path):
            if isinstance(r, RowError) or not (r.abstract or "").strip():
                continue
            groups.setdefault(r.id, set()).add(r.cpc[0])
            rec[r.id] = (r.abstract.strip(), _script(r.lang))
    ids = sorted(i for i, g in groups.items() if len(g) == 1)
    truth = np.array([next(iter(groups[i])).replace("/", "-") for i in ids])
    keep = _sample(truth, per_branch, seed)
    ids = [ids[i] for i in keep]
    return ids, [rec[i][0] for i in ids], [[] for _ in ids], truth[keep], np.array([rec[i][1] for i in ids])


def load_google(per_landscape: int, seed: int):
    csv.field_size_limit(sys.maxsize)
    files: dict[str, set] = {}
    rows: dict[str, tuple] = {}
    for path in sorted((common.corpora_dir() / common.GPATENTS_DIR).glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                pid = r["publication_number"]
                text = ". ".join(p.strip() for p in (r.get("title_text") or "", r.get("abstract_text") or "")
                                 if p.strip())
                if not text:
                    continue
                codes = [*ast.literal_eval(r.get("cpc_code") or "[]"), *ast.literal_eval(r.get("ipc_code") or "[]")]
                valid = r.get("valid") == "True"
                files.setdefault(pid, set()).add(path.stem if valid else "")
                rows[pid] = (text, codes)
    ids = sorted(i for i, f in files.items() if len(f) == 1)
    truth = np.array([next(iter(files[i])) for i in ids])
    keep = _sample(truth, per_landscape, seed)
    ids = [ids[i] for i in keep]
    return ids, [rows[i][0] for i in ids], [rows[i][1] for i in ids], truth[keep], np.array(["en"] * len(ids))


def _sample(labels: np.ndarray, per: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = []
    for lab in sorted(set(labels)):
        idx = np.flatnonzero(labels == lab)
        out.extend(rng.choice(idx, size=min(per, len(idx)), replace=False))
    return np.sort(np.array(out))


def draw_examples(truth: np.ndarray, k: int, seed: int) -> dict[int, np.ndarray]:
    """Per branch, up to ``k`` example rows (at most half of the branch); a nested draw, so the
    5-example set is part of the 20-example one."""
    rng = np.random.default_rng(seed + 1)
    out = {}
    for lab in sorted(set(truth) - {""}):
        idx = rng.permutation(np.flatnonzero(truth == lab))
        out[lab] = idx[:min(k, len(idx) // 2)]
    return out


def score(truth, pred, labels) -> tuple[float, float]:
    from sklearn.metrics import f1_score

    return (float(f1_score(truth, pred, labels=labels, average="macro", zero_division=0)),
            float(np.mean(truth == pred)))


def evaluate(name, ids, texts, codes, vectors, truth, langs, taxonomy, embedder, variants, seed, keep_share=None):
    from landscape.breakdown import AssignSettings, assign

    labels = taxonomy.ids()
    pools = draw_examples(truth, 20, seed)
    test = np.ones(len(ids), bool)
    for rows in pools.values():
        test[rows] = False
    members = test & (truth != "")
    results = []
    for title, settings, k in variants:
        examples = None
        if k:
            examples = {ids[i]: [lab] for lab, rows in pools.items() for i in rows[:k]}
        t = time.perf_counter()
        table, notes = assign(ids, texts, codes, vectors, taxonomy, embedder, examples=examples,
                              settings=AssignSettings(**settings, **({"keep_share": keep_share} if keep_share else {})))
        seconds = time.perf_counter() - t
        best = table[table["best"] & (table["level"] == 1)].set_index("id")["branch"]
        pred = np.array([best.get(i, "") for i in ids], dtype=object)
        # Macro-F1 also counts the non-landscape patents a method puts in a branch (they lower
        # that branch's precision); accuracy is over the branches' own patents.
        scored = test
        f1, _ = score(truth[scored], pred[scored], labels)
        _, acc = score(truth[members], pred[members], labels)
        row = {"set": name, "method": title, "macro_f1": f1, "accuracy": acc, "n": int(members.sum()),
               "unassigned": float(np.mean(pred[members] == "")), "seconds": seconds}
        outside = test & (truth == "")
        if outside.any():
            row["outside_left_unassigned"] = float(np.mean(pred[outside] == ""))
        for lang in sorted(set(langs)) if len(set(langs)) > 1 else ():
            m = members & (langs == lang)
            row[f"f1_{lang}"], row[f"acc_{lang}"] = score(truth[m], pred[m], labels)
            row[f"n_{lang}"] = int(m.sum())
        results.append(row)
        print(_line(row), flush=True)
    return results


def _line(r: dict) -> str:
    extra = "".join(f"  {k[3:]}: F1 {r[k]:.3f} acc {r['acc_' + k[3:]]:.3f} (n={r['n_' + k[3:]]})"
                    for k in r if k.startswith("f1_"))
    out = r.get("outside_left_unassigned")
    return (f"{r['set']:<10} {r['method']:<44} macro-F1 {r['macro_f1']:.3f}  accuracy {r['accuracy']:.3f}  "
            f"unassigned {r['unassigned']:.1%}" + (f"  non-landscape left out {out:.1%}" if out is not None else "")
            + f"  ({r['seconds']:.1f} s){extra}")


OFF = dict(codes=False, keywords=False, zero_shot=False, few_shot=False, rule_centroids=False)
VARIANTS = [
    ("codes only", {**OFF, "codes": True}, 0),
    ("keywords only", {**OFF, "keywords": True}, 0),
    ("zero-shot (descriptions only)", {**OFF, "zero_shot": True}, 0),
    ("few-shot, 5 per branch", {**OFF, "few_shot": True}, 5),
    ("few-shot, 20 per branch", {**OFF, "few_shot": True}, 20),
    ("rules + zero-shot", {**OFF, "codes": True, "keywords": True, "zero_shot": True}, 0),
    ("rules + zero-shot + rule centroids", {**OFF, "codes": True, "keywords": True, "zero_shot": True,
                                            "rule_centroids": True}, 0),
    ("rules + few-shot 20", {**OFF, "codes": True, "keywords": True, "few_shot": True}, 20),
    ("few-shot 20, logistic regression", {**OFF, "few_shot": True, "few_shot_model": "logistic"}, 20),
    ("rules + few-shot 20, logistic regression", {**OFF, "codes": True, "keywords": True, "few_shot": True,
                                                  "few_shot_model": "logistic"}, 20),
    ("rules + few-shot 5, logistic regression", {**OFF, "codes": True, "keywords": True, "few_shot": True,
                                                 "few_shot_model": "logistic"}, 5),
    ("rules + zero-shot + few-shot 20", {**OFF, "codes": True, "keywords": True, "zero_shot": True,
                                         "few_shot": True}, 20),
    ("all: rules, zero-shot, centroids, few-shot 20", {"zero_shot": True, "rule_centroids": True}, 20),
    ("all: rules, zero-shot, centroids, few-shot 5", {"zero_shot": True, "rule_centroids": True}, 5),
    ("default, no examples", {}, 0),
    ("default, 5 examples per branch", {}, 5),
    ("default, 20 examples per branch", {}, 20),
]


def main(argv=None):
    from landscape.breakdown import load_taxonomy
    from landscape.embed.registry import get_embedder

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--per-branch", type=int, default=60, help="waste-heat documents per CPC group")
    p.add_argument("--per-landscape", type=int, default=250, help="Google documents per landscape (and outside)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--sets", default="waste,google")
    p.add_argument("--keep-share", type=float, default=None,
                   help="override the share of known patents a similarity threshold keeps (default 0.95)")
    args = p.parse_args(argv)
    print(common.code_version())
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sets.split(","):
            t = time.perf_counter()
            if name == "waste":
                data, model = load_waste(args.per_branch, args.seed), "use"
                toml = waste_taxonomy_toml()
                variants = [v for v in VARIANTS if "codes only" not in v[0]]
            else:
                data, model = load_google(args.per_landscape, args.seed), "minilm"
                toml = GOOGLE_TOML
                variants = VARIANTS
            path = Path(tmp) / f"{name}.toml"
            path.write_text(toml, encoding="utf-8")
            taxonomy = load_taxonomy(path)
            ids, texts, codes, truth, langs = data
            vectors, _ = common.embed(texts, model)
            counts = {str(lab or "outside"): int((truth == lab).sum()) for lab in sorted(set(truth))}
            mix = {str(k): int(v) for k, v in zip(*np.unique(langs, return_counts=True))}
            print(f"\n{name}: {len(ids)} documents ({model}; {time.perf_counter() - t:.0f} s to load and embed); "
                  f"per branch {counts}; languages {mix}")
            results += evaluate(name, ids, texts, codes, vectors, truth, langs, taxonomy, get_embedder(model),
                                variants, args.seed, args.keep_share)
    return results


if __name__ == "__main__":
    main()
