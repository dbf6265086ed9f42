"""Large JSON Lines exports resampled from the real corpora, for bench/scale.py.

The corpora in ../shared/corpora hold about 33,000 records with text; 300k and 1M records are
made by resampling them, seeded:

- each output record starts from one real record (USPTO random sample, Google Patents
  landscapes, PatentsView NVIDIA, Lens robotics, CNKI SYSU) and keeps its title, codes, dates,
  office, kind and applicants;
- its abstract is the real abstract with one sentence dropped at random (when it has three or
  more) plus one sentence of another real record of the same first code subclass and script
  (Chinese or not: no record becomes half English, half Chinese), so the texts are not all
  exact copies; a record without an abstract (Lens) gets two other titles of its subclass as
  its abstract;
- records without an applicant (USPTO, Google) get the applicants of a real Lens record of
  the same subclass where there is one, else of a random Lens record, so the competitor
  analyses have real names to count;
- it gets a new publication number (its office, 100000000 + row, its kind) and its source
  record's number in ``resampled_from``; no family or application number, so the store keeps
  every row as its own patent.

Nothing of the corpora is written into the repository: the files go to a temporary folder.
"""
from __future__ import annotations

import ast
import csv
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import corpora_dir  # noqa: E402

csv.field_size_limit(10**8)
_SENTENCE = re.compile(r"(?<=[.;。；])\s*")
_SUBCLASS = re.compile(r"^([A-HY]\d\d[A-Z])")


def _sub(codes: list[str]) -> str:
    for c in codes:
        m = _SUBCLASS.match(c.replace(" ", "").upper())
        if m:
            return m.group(1)
    return ""


def _iso(value: str) -> str | None:
    value = (value or "").strip()
    if re.fullmatch(r"\d{8}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    m = re.fullmatch(r"(\d{4})/(\d{1,2})/(\d{1,2})", value)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return value[:10] or None


_CJK = re.compile(r"[\u4e00-\u9fff]")


def real_records(root: Path | None = None) -> list[dict]:
    """The real records with text, as plain dicts (id, office, kind, title, abstract, codes,
    dates, applicants)."""
    root = root or corpora_dir()
    raw = root / "raw"
    out = []
    with open(raw / "uspto-random-sample-pygrams/USPTO-random-10000_pub2005-2015.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("abstract"):
                out.append(dict(src=r["patent_id"], office="US", kind="B2", title="", abstract=r["abstract"],
                                cpc=r.get("classifications_cpc") or [], ipc=[],
                                publication_date=r.get("publication_date"), applicants=[]))
    for f in sorted((raw / "gpatents-landscapes-teamlab").glob("*.csv")):
        with open(f, encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                parts = r["publication_number"].split("-")
                out.append(dict(src=r["publication_number"], office=parts[0], kind=parts[-1] if len(parts) > 2 else "B2",
                                title=r["title_text"], abstract=r["abstract_text"],
                                cpc=ast.literal_eval(r["cpc_code"] or "[]"), ipc=ast.literal_eval(r["ipc_code"] or "[]"),
                                publication_date=_iso(r["publication_date"]), applicants=[]))
    nv = raw / "patentsview-nvidia-portfolio"
    with open(nv / "nvidia_patent_abstract.csv", encoding="utf-8") as fh:
        abstracts = {r["patent_id"]: r["patent_abstract"] for r in csv.DictReader(fh)}
    cpc = defaultdict(list)
    with open(nv / "nvidia_cpc.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            cpc[r["patent_id"]].append(r["cpc_group"])
    with open(nv / "nvidia_assignee.csv", encoding="utf-8") as fh:
        owner = {r["patent_id"]: r["disambig_assignee_organization"] for r in csv.DictReader(fh)}
    with open(nv / "nvidia_patent.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            pid = r["patent_id"]
            if abstracts.get(pid):
                out.append(dict(src=f"US{pid}", office="US", kind=r["wipo_kind"] or "B2", title=r["patent_title"],
                                abstract=abstracts[pid], cpc=cpc.get(pid, []), ipc=[],
                                publication_date=r["patent_date"], applicants=[owner[pid]] if owner.get(pid) else []))
    with open(raw / "lens-physical-ai-robotics/pai.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            key = r["Display Key"].split()
            out.append(dict(src=r["Display Key"], office=r["Jurisdiction"] or "US", kind=key[-1] if len(key) > 1 else "A1",
                            title=r["Title"], abstract="", cpc=[], ipc=[c for c in r["IPCR Classifications"].split(";;") if c],
                            filing_date=r["Application Date"] or None, publication_date=r["Publication Date"] or None,
                            applicants=[a for a in r["Applicants"].split(";;") if a]))
    with open(raw / "cnki-sysu-cn-export/Patent.csv", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            pub = r["PubNo-公开号"]
            out.append(dict(src=pub, office="CN", kind=pub[-1] if pub[-1].isalpha() else "A", title=r["Title-题名"],
                            abstract=r["Summary-摘要"], cpc=[], ipc=[c for c in r["CLC-中图分类号"].split(";") if c],
                            publication_date=_iso(r["PubTime-公开日期"]),
                            applicants=[a.strip() for a in r["Applicant-申请人"].split(";") if a.strip()]))
    for r in out:
        # peers share the subclass and the script: a Chinese record borrowing an English
        # sentence would be a bilingual record no office publishes
        r["subclass"] = _sub(r["cpc"] + r["ipc"])
        r["peers"] = (r["subclass"], bool(_CJK.search(r["title"] + r["abstract"])))
        r["sentences"] = [s for s in _SENTENCE.split(r["abstract"]) if len(s) > 20]
    return out


def write_exports(folder: Path, n: int, *, seed: int = 42, per_file: int = 200_000,
                  records: list[dict] | None = None) -> list[Path]:
    """``n`` resampled records as JSON Lines files of at most ``per_file`` lines each."""
    records = records or real_records()
    rng = random.Random(seed)
    by_sub = defaultdict(list)
    for i, r in enumerate(records):
        by_sub[r["peers"]].append(i)
    lens = [i for i, r in enumerate(records) if r["applicants"] and not r["abstract"]]
    lens_by_sub = defaultdict(list)
    for i in lens:
        lens_by_sub[records[i]["peers"]].append(i)
    folder.mkdir(parents=True, exist_ok=True)
    paths, fh = [], None
    for row in range(n):
        if row % per_file == 0:
            if fh:
                fh.close()
            paths.append(folder / f"scale-{n}-part{len(paths) + 1}.jsonl")
            fh = open(paths[-1], "w", encoding="utf-8")
        base = records[rng.randrange(len(records))]
        peers = by_sub[base["peers"]]
        sentences = list(base["sentences"])
        if len(sentences) >= 3:
            sentences.pop(rng.randrange(len(sentences)))
        other = records[rng.choice(peers)]
        if base["abstract"]:
            if other["sentences"]:
                sentences.append(rng.choice(other["sentences"]))
            abstract = " ".join(sentences) or base["abstract"]
        else:
            abstract = ". ".join(records[rng.choice(peers)]["title"] for _ in range(2)) + "."
        applicants = base["applicants"]
        if not applicants:
            pool = lens_by_sub.get(base["peers"]) or lens
            applicants = records[rng.choice(pool)]["applicants"]
        out = {"publication_number": f"{base['office']}{100000000 + row}{base['kind']}",
               "title": base["title"] or None, "abstract": abstract, "applicants": applicants,
               "ipc": base["ipc"], "cpc": base["cpc"], "publication_date": base["publication_date"],
               "filing_date": base.get("filing_date"), "resampled_from": base["src"]}
        fh.write(json.dumps(out, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    return paths


if __name__ == "__main__":
    recs = real_records()
    print(f"{len(recs):,} real records with text; {len({r['subclass'] for r in recs})} first subclasses")
    target = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/scale-data")
    for p in write_exports(target, int(sys.argv[1]) if len(sys.argv) > 1 else 1000, records=recs):
        print(p)
