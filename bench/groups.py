"""Corporate groups from applicant names: pairwise precision and recall on hand-labelled real names.

    .venv/bin/python bench/groups.py                 # the figures
    .venv/bin/python bench/groups.py --json /tmp/groups.json
    .venv/bin/python bench/groups.py --draft         # print the sample, sorted, for labelling
    .venv/bin/python bench/groups.py --write-labels /tmp/my_groups.txt

The names come from the corpora at run time (``../shared/corpora`` or ``$LANDSCAPE_CORPORA``):
the Lens robotics export's applicants, the CNKI export's Chinese applicants and the PatentsView
NVIDIA assignees, each split into parties and normalised as an import does. The repository holds
only the labels: ``bench/data/group_labels.csv``, one row per sampled name with the SHA-256 of
its normalised name and a group id given by reading the names (which are one corporate group:
subsidiaries, regional arms, research arms, spelling variants; a university with its hospitals
and institutes; nothing else).

Two samples. ``main``: every Lens applicant with at least ``LENS_MIN`` applications, every CNKI
applicant and every PatentsView assignee; the rules were written while reading these names.
``heldout``: the Lens applicants with 3 to ``LENS_MIN - 1`` applications, labelled after the
rules were frozen (commit cbff7dc) and never used to change them; its pairs are those with at
least one held-out name (so a held-out subsidiary of a main-sample firm counts).

The grouping runs over all the names of the three sources (as it would over a map's
applicants) and is scored on the labelled ones: a pair of labelled names is predicted together
when the rules give them one group, and truly together when the labels do. Two baselines run in
the same process: exact normalised names (no grouping; what the tool did before) and the first
word of the name (a naive stem). Labels are keyed by the normalised name: when
``applicant_name`` changes, names may no longer be found (the bench says how many) and the
labels are written again from the groups file.

``--write-labels FILE`` makes the labels file from a text file kept outside the repository,
one group a line, its names (normalised) joined by `` | ``; every sampled name not in a line is
a group of its own.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import code_version, corpora_dir, labelled_bench_main  # noqa: E402
from landscape.analyse.groups import applicant_groups  # noqa: E402
from landscape.ingest.normalize import applicant_name  # noqa: E402
from landscape.ingest.parties import split_parties  # noqa: E402

LABELS = Path(__file__).resolve().parent / "data" / "group_labels.csv"
LENS = "raw/lens-physical-ai-robotics/pai.csv"
CNKI = "raw/cnki-sysu-cn-export/Patent.csv"
PATENTSVIEW = "raw/patentsview-nvidia-portfolio/nvidia_assignee.csv"
#: Lens applicants with at least this many applications are the main sample (the ones whose
#: grouping moves shares; the long tail of one-patent applicants is mostly people); those
#: with HELDOUT_MIN to LENS_MIN - 1 the held-out sample.
LENS_MIN = 6
HELDOUT_MIN = 3


def name_hash(norm: str) -> str:
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _rows(path: Path, column_test):
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        at = next(i for i, h in enumerate(header) if column_test(h))
        for row in reader:
            if at < len(row):
                yield row[at]


def corpus_names() -> tuple[list[str], dict[str, str]]:
    """(every normalised applicant of the three sources, once per record;
    the sampled names -> ``main`` or ``heldout``)."""
    root = corpora_dir()
    every: list[str] = []
    sample: dict[str, str] = {}
    lens = Counter()
    sources = [(root / LENS, lambda h: h == "Applicants", "lens"),
               (root / CNKI, lambda h: h.startswith("Applicant"), "cnki"),
               (root / PATENTSVIEW, lambda h: h == "disambig_assignee_organization", "pv")]
    for path, column, source in sources:
        for cell in _rows(path, column):
            for party in split_parties(cell):
                norm = applicant_name(party.name)
                if not norm:
                    continue
                every.append(norm)
                if source == "lens":
                    lens[norm] += 1
                else:
                    sample[norm] = "main"
    for norm, count in lens.items():
        if count >= LENS_MIN:
            sample[norm] = "main"
        elif count >= HELDOUT_MIN:
            sample.setdefault(norm, "heldout")
    return every, sample


def read_labels(path: Path = LABELS) -> dict[str, tuple[str, str]]:
    """SHA-256 of a normalised name -> (group id, sample)."""
    with path.open(encoding="utf-8", newline="") as f:
        return {row["name_sha256"]: (row["group_id"], row["sample"]) for row in csv.DictReader(f)}


def pair_scores(truth: dict[str, str], predicted: dict[str, str], counted=lambda a, b: True) -> dict:
    """Pairwise precision, recall and F1 of ``predicted`` groups against ``truth`` (same keys),
    over the pairs ``counted`` keeps."""
    pairs = [p for p in combinations(sorted(truth), 2) if counted(*p)]
    true_pairs = {p for p in pairs if truth[p[0]] == truth[p[1]]}
    said_pairs = {p for p in pairs if predicted[p[0]] == predicted[p[1]]}
    hit = len(true_pairs & said_pairs)
    precision = hit / len(said_pairs) if said_pairs else None
    recall = hit / len(true_pairs) if true_pairs else None
    f1 = (2 * precision * recall / (precision + recall)
          if precision is not None and recall and precision + recall else 0.0)
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": len(true_pairs),
            "predicted_pairs": len(said_pairs), "correct_pairs": hit}


def evaluate() -> dict:
    every, _ = corpus_names()
    labels = read_labels()
    by_hash = {name_hash(n): n for n in set(every)}
    truth = {by_hash[h]: group for h, (group, _) in labels.items() if h in by_hash}
    sample = {by_hash[h]: part for h, (_, part) in labels.items() if h in by_hash}
    rules = applicant_groups(every)
    methods = {
        "exact normalised name (no grouping)": {n: n for n in truth},
        "first word (naive stem)": {n: n.split()[0] if " " in n else n for n in truth},
        "applicant_groups (name rules)": {n: rules[n] for n in truth},
    }
    subsets = {
        "main": lambda a, b: sample[a] == sample[b] == "main",
        "heldout": lambda a, b: "heldout" in (sample[a], sample[b]),
        "all": lambda a, b: True,
    }
    return {
        "date": dt.date.today().isoformat(), "code": code_version(),
        "names_all": len(set(every)),
        "names_labelled": dict(Counter(sample.values())),
        "labelled_groups": len(set(truth.values())),
        "labelled_multi_name_groups": sum(1 for c in Counter(truth.values()).values() if c > 1),
        "labels_not_found": len(labels) - len(truth),
        "scores": {subset: {name: pair_scores(truth, groups, keep) for name, groups in methods.items()}
                   for subset, keep in subsets.items()},
        "errors": _errors(truth, rules),
    }


def _errors(truth: dict[str, str], rules: dict[str, str]) -> dict:
    """Counts of the wrong pairs, kept without names (the repository holds no corpus text)."""
    names = sorted(truth)
    merged = sum(1 for a, b in combinations(names, 2) if rules[a] == rules[b] and truth[a] != truth[b])
    split = sum(1 for a, b in combinations(names, 2) if rules[a] != rules[b] and truth[a] == truth[b])
    return {"false_merges": merged, "missed_pairs": split}


def _fmt(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _print(result: dict) -> None:
    print(f"# applicant groups, {result['date']}, {result['code']}")
    labelled = result["names_labelled"]
    print(f"names in the three sources: {result['names_all']:,}; labelled: {labelled.get('main', 0)} main + "
          f"{labelled.get('heldout', 0)} held-out in {result['labelled_groups']} groups "
          f"({result['labelled_multi_name_groups']} of several names); labels whose name was not found: "
          f"{result['labels_not_found']}; wrong pairs of the rules: {result['errors']['false_merges']} merged, "
          f"{result['errors']['missed_pairs']} missed")
    print("| pairs | method | precision | recall | F1 | pairs predicted | correct | true pairs |")
    print("|---|---|---|---|---|---|---|---|")
    for subset, methods in result["scores"].items():
        for name, s in methods.items():
            print(f"| {subset} | {name} | {_fmt(s['precision'])} | {_fmt(s['recall'])} | {_fmt(s['f1'])} | "
                  f"{s['predicted_pairs']} | {s['correct_pairs']} | {s['true_pairs']} |")


def _draft() -> None:
    _, sample = corpus_names()
    for name in sorted(sample):
        print(f"{sample[name]}\t{name}")


def _write_labels(groups_file: Path) -> None:
    _, sample = corpus_names()
    rows, seen = [], set()
    number = 0
    for number, line in enumerate(groups_file.read_text(encoding="utf-8").splitlines(), 1):
        members = [applicant_name(x) for x in line.split("|") if x.strip()]
        unknown = [m for m in members if m not in sample]
        if unknown:
            raise SystemExit(f"{groups_file}:{number}: not in the sample: {unknown}")
        for m in members:
            if m in seen:
                raise SystemExit(f"{groups_file}:{number}: {m!r} is in two groups")
            seen.add(m)
            rows.append((name_hash(m), f"g{number}", sample[m]))
    rows += [(name_hash(n), f"s{name_hash(n)[:10]}", sample[n]) for n in sorted(set(sample) - seen)]
    LABELS.parent.mkdir(parents=True, exist_ok=True)
    with LABELS.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name_sha256", "group_id", "sample"])
        writer.writerows(sorted(rows))
    print(f"wrote {len(rows)} labels ({len(seen)} names in {number} groups) to {LABELS}")


def main(argv=None) -> None:
    labelled_bench_main(argv, __doc__, evaluate=evaluate, show=_print, draft=_draft, write_labels=_write_labels)


if __name__ == "__main__":
    main()
