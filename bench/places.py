"""Where applicants are and what type they are: accuracy on real exports.

    .venv/bin/python bench/places.py                 # the figures
    .venv/bin/python bench/places.py --json /tmp/places.json
    .venv/bin/python bench/places.py --draft         # print the sample, for labelling
    .venv/bin/python bench/places.py --write-labels /tmp/my_labels.tsv

(a) Province from the name alone. The CNKI export gives the first applicant's province
(``CountryName-国省名称``). For every record, :func:`landscape.analyse.places.applicant_place`
reads only the first applicant's name (no column, no address); the answer is compared with the
column: accuracy among the records decided, coverage (share decided), and the confusions
(column province, name province, count). The same per distinct first applicant (its most
frequent column province). The CNKI export is one university's portfolio (中山大学 and its
hospitals): most records are one name, so the per-applicant figures say more.

(b) A hand-labelled sample: ``SAMPLE_CNKI`` distinct CNKI applicants and ``SAMPLE_LENS`` Lens
applicants (seeded; Lens stratified by how many records name the applicant: 1, 2-5, 6 or more),
labelled by reading the normalised name: the type, and for Chinese names the province and city
where the name says them. The repository holds only ``bench/data/applicant_labels.csv``
(``name_sha256,type,province,city,sample``); names are read from the corpora at run time
(``../shared/corpora`` or ``$LANDSCAPE_CORPORA``). ``--write-labels FILE`` makes the CSV from a
tab-separated file kept outside the repository: ``name, type, province, city`` per line.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import code_version, corpora_dir, labelled_bench_main  # noqa: E402
from landscape.analyse.places import TYPES, applicant_place, applicant_type  # noqa: E402
from landscape.ingest.normalize import applicant_name  # noqa: E402
from landscape.ingest.parties import split_parties  # noqa: E402

LABELS = Path(__file__).resolve().parent / "data" / "applicant_labels.csv"
LENS = "raw/lens-physical-ai-robotics/pai.csv"
CNKI = "raw/cnki-sysu-cn-export/Patent.csv"
SAMPLE_CNKI, SAMPLE_LENS, SEED = 60, 90, 14
# Places of their own, compared by name with the CNKI column.
_OWN = {"HK": "香港特别行政区", "MO": "澳门特别行政区", "TW": "台湾省"}


def name_hash(norm: str) -> str:
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _records(path: Path, columns: tuple[str, ...]):
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        at = [next(i for i, h in enumerate(header) if h.startswith(c)) for c in columns]
        for row in reader:
            if max(at) < len(row):
                yield [row[i] for i in at]


def _names(cell: str) -> list[str]:
    return [n for n in (applicant_name(p.name) for p in split_parties(cell)) if n]


def cnki_first_applicants() -> list[tuple[str, str]]:
    """(first applicant, normalised; the column's province) per CNKI record."""
    out = []
    for cell, province in _records(corpora_dir() / CNKI, ("Applicant", "CountryName")):
        names = _names(cell)
        if names and province.strip():
            out.append((names[0], province.strip()))
    return out


def _province(name: str) -> str | None:
    place = applicant_place(name)
    return place["province"] or _OWN.get(place["country"])


def _plain_cpca(name: str) -> str | None:
    """The baseline: cpca-new's first reading of the name, with no guards."""
    import cpca_new

    got = cpca_new.transform([name]).iloc[0]["省"]
    return None if got is None or got != got else got


def _plain_cpca_place(name: str) -> dict:
    import cpca_new

    got = cpca_new.transform([name]).iloc[0]
    city = got["市"] if got["市"] == got["市"] else (got["省"] if got["省"] in ("北京市", "天津市", "上海市", "重庆市") else None)
    return {"province": got["省"] if got["省"] == got["省"] else None, "city": city}


def _scores(pairs: list[tuple[str, str]], rule=_province) -> dict:
    said = [(truth, rule(name)) for name, truth in pairs]
    decided = [(t, p) for t, p in said if p]
    right = sum(t == p for t, p in decided)
    return {"items": len(said), "decided": len(decided), "right": right,
            "coverage": len(decided) / len(said) if said else None,
            "accuracy": right / len(decided) if decided else None,
            "confusions": Counter(f"{t} -> {p}" for t, p in decided if t != p).most_common()}


def province_from_names() -> dict:
    records = cnki_first_applicants()
    by_name: dict[str, Counter] = {}
    for name, province in records:
        by_name.setdefault(name, Counter())[province] += 1
    distinct = [(name, c.most_common(1)[0][0]) for name, c in sorted(by_name.items())]
    return {"records": _scores(records), "applicants": _scores(distinct),
            "records, plain cpca-new": _scores(records, _plain_cpca),
            "applicants, plain cpca-new": _scores(distinct, _plain_cpca)}


def sample() -> dict[str, str]:
    """Sampled normalised names -> ``cnki`` or ``lens``."""
    cnki = sorted({n for cell, in _records(corpora_dir() / CNKI, ("Applicant",)) for n in _names(cell)})
    lens = Counter(n for cell, in _records(corpora_dir() / LENS, ("Applicants",)) for n in _names(cell))
    rng = random.Random(SEED)
    picked = {n: "cnki" for n in rng.sample(cnki, min(SAMPLE_CNKI, len(cnki)))}
    strata = [[n for n, c in sorted(lens.items()) if lo <= c <= hi] for lo, hi in ((1, 1), (2, 5), (6, 10**9))]
    for names in strata:
        for n in rng.sample([n for n in names if n not in picked], SAMPLE_LENS // len(strata)):
            picked[n] = "lens"
    return picked


def read_labels(path: Path = LABELS) -> dict[str, dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["name_sha256"]: row for row in csv.DictReader(f)}


def labelled_sample() -> dict:
    picked = sample()
    by_hash = {name_hash(n): n for n in picked}
    labels = read_labels()
    rows = [(by_hash[h], row) for h, row in labels.items() if h in by_hash]
    types = [(row["type"], applicant_type(name), row["sample"]) for name, row in rows]
    confusion = Counter(f"{t} -> {p}" for t, p, _ in types if t != p)
    per_type = {t: {"n": sum(1 for x, _, _ in types if x == t),
                    "right": sum(1 for x, p, _ in types if x == t == p)} for t in TYPES}
    per_sample = {s: {"n": sum(1 for *_, x in types if x == s),
                      "right": sum(1 for t, p, x in types if x == s and t == p)} for s in ("cnki", "lens")}
    # labelled, decided, right, said where no label; by this module and by plain cpca-new
    place = {key: [0, 0, 0, 0] for key in ("province", "city", "province, plain cpca-new", "city, plain cpca-new")}
    for name, row in rows:
        got = applicant_place(name)
        plain = _plain_cpca_place(name)
        for key in place:
            level = key.split(",")[0]
            said = plain[level] if "plain" in key else (
                got[level] or (_OWN.get(got["country"]) if level == "province" else None))
            truth = row[level]
            stats = place[key]
            if truth:
                stats[0] += 1
                stats[1] += bool(said)
                stats[2] += said == truth
            elif said:
                stats[3] += 1
    return {"labelled": len(rows), "labels_not_found": len(labels) - len(rows),
            "by_sample": dict(Counter(row["sample"] for _, row in rows)),
            "type_right": sum(t == p for t, p, _ in types), "per_type": per_type, "per_sample": per_sample,
            "type_confusions": confusion.most_common(),
            "place": {k: dict(zip(("labelled", "decided", "right", "said_without_label"), v))
                      for k, v in place.items()}}


def evaluate() -> dict:
    return {"date": dt.date.today().isoformat(), "code": code_version(),
            "province_from_names": province_from_names(), "sample": labelled_sample()}


def _pct(a, b) -> str:
    return "n/a" if not b else f"{a / b:.3f} ({a}/{b})"


def _print(result: dict) -> None:
    print(f"# applicant places and types, {result['date']}, {result['code']}")
    for unit, s in result["province_from_names"].items():
        print(f"(a) CNKI province from the first applicant's name alone, {unit}: "
              f"accuracy {_pct(s['right'], s['decided'])}, coverage {_pct(s['decided'], s['items'])}")
        for pair, n in s["confusions"]:
            print(f"    column -> name: {pair}: {n}")
    s = result["sample"]
    print(f"(b) labelled sample: {s['labelled']} names {s['by_sample']} (labels not found: {s['labels_not_found']})")
    print(f"    type accuracy {_pct(s['type_right'], s['labelled'])}; "
          + "; ".join(f"{k} {_pct(v['right'], v['n'])}" for k, v in s["per_sample"].items()))
    print("    | type | labelled | right |")
    for t, v in s["per_type"].items():
        if v["n"]:
            print(f"    | {t} | {v['n']} | {v['right']} |")
    for pair, n in s["type_confusions"]:
        print(f"    label -> rule: {pair}: {n}")
    for level, v in s["place"].items():
        print(f"    {level} from the name: of {v['labelled']} labelled, decided {v['decided']}, right {v['right']} "
              f"(accuracy {_pct(v['right'], v['decided'])}); said where the name says none: {v['said_without_label']}")


def _draft() -> None:
    for name, part in sorted(sample().items(), key=lambda x: (x[1], x[0])):
        print(f"{name}\t{part}\t{applicant_type(name)}\t{applicant_place(name)['province'] or ''}"
              f"\t{applicant_place(name)['city'] or ''}")


def _write_labels(path: Path) -> None:
    picked = sample()
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        name, kind, province, city = (line.split("\t") + ["", "", ""])[:4]
        if name not in picked:
            raise SystemExit(f"{path}:{number}: not in the sample: {name!r}")
        if kind not in TYPES:
            raise SystemExit(f"{path}:{number}: type {kind!r} is not one of {TYPES}")
        rows.append((name_hash(name), kind, province.strip(), city.strip(), picked[name]))
    with LABELS.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name_sha256", "type", "province", "city", "sample"])
        writer.writerows(sorted(rows))
    print(f"wrote {len(rows)} labels to {LABELS}")


def main(argv=None) -> None:
    labelled_bench_main(argv, __doc__, evaluate=evaluate, show=_print, draft=_draft, write_labels=_write_labels)


if __name__ == "__main__":
    main()
