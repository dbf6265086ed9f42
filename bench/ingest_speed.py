"""Ingest speed and peak memory on a large synthetic JSON Lines export (issue 17).

    PYTHONPATH=. .venv/bin/python bench/ingest_speed.py [--n 20000] [--duplicates 0.05]
                                                        [--seed 42] [--profile OUT.prof] [--keep DIR]

Writes ``--n`` abstract-like records to one JSON Lines file in a temporary folder (seeded:
publication number, title, an abstract of about 700 characters, applicants, inventors, IPC
codes, filing / priority / publication dates, a family id), where ``--duplicates`` of the lines
repeat an earlier publication number with other fields filled (a second source of the same
patent, which the store merges), then times ``landscape.pipeline.ingest`` of that file into a
fresh workspace, and again re-importing it (idempotent: nothing stored). Peak RSS is this
process's ``ru_maxrss`` (generation included; the file is written line by line).

The code measured is whichever ``landscape`` is on the path. To compare versions in one run,
each in its own process on the same export:

    PYTHONPATH=. .venv/bin/python bench/ingest_speed.py --n 1000000 --keep /tmp/ing1m \
        --run before=/tmp/base --run one-process=.:1 --run after=.

``--run NAME=CHECKOUT[:WORKERS]`` imports the export with that checkout's ``landscape``
(``WORKERS`` sets ``LANDSCAPE_INGEST_WORKERS``; empty: the default, every core for a large
file); ``--export FILE`` reuses a file written before. Peak RSS is then each child's own
``ru_maxrss``, and ``peak_rss_workers_mb`` the largest parsing worker's.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("light emitting diode substrate layer electrode wafer phosphor package lens heat sink "
         "driver circuit current voltage control module housing optical film reflector chip "
         "semiconductor nitride gallium quantum well epitaxial structure thermal conductive "
         "adhesive resin encapsulation wavelength conversion display backlight panel pixel array "
         "transistor gate oxide channel region doping concentration method apparatus system device "
         "first second third plurality surface portion configured arranged coupled disposed").split()
FIRMS = ["Acme Lighting Co., Ltd.", "Shenzhen Bright Photonics Technology Co Ltd", "Nichia Corp",
         "OSRAM Opto Semiconductors GmbH", "Cree, Inc.", "Samsung Electronics Co., Ltd.",
         "LG Innotek Co Ltd", "Seoul Viosys Co., Ltd.", "Epistar Corporation", "Philips Lighting Holding B.V.",
         "Xiamen Sanan Optoelectronics Technology Co., Ltd.", "Tsinghua University", "Zhang Wei", "Li Na"]
NAMES = ["Zhang Wei", "Wang Fang", "Li Na", "John Smith", "Maria Garcia", "Hiroshi Tanaka", "Kim Min-jun",
         "Anna Müller", "Chen Jie", "Liu Yang", "Peter Brown", "Sato Yuki"]
IPC = ["H01L33/00", "H01L33/50", "H01L33/58", "H01L33/62", "H01L25/075", "F21V29/70", "F21K9/232",
       "G09G3/32", "H05B45/00", "C09K11/08", "G02F1/1335", "F21Y115/10"]
OFFICES = [("CN", "A"), ("CN", "B"), ("US", "B2"), ("US", "A1"), ("JP", "A"), ("KR", "A"), ("EP", "A1"),
           ("WO", "A1"), ("DE", "A1")]


def _sentence(rng: random.Random, n: int, words=WORDS) -> str:
    return " ".join(rng.choice(words) for _ in range(n))


def topic_words(n_topics: int = 40, per_topic: int = 60, seed: int = 7) -> list[tuple[str, ...]]:
    """Made-up technical words in ``n_topics`` groups (``--vocabulary topics``): with the 70 plain
    words alone every word is in over half of the abstracts, and TF-IDF (max_df 0.5) keeps none,
    so a whole ``build`` cannot run on them. Topic words give the map areas to find."""
    rng = random.Random(seed)
    syllables = "ka lo mi tre vo sen dra pil qu ox nor bel fin gar tus zen hal mor pex rud".split()
    seen: set[str] = set()
    topics = []
    for _ in range(n_topics):
        group = []
        while len(group) < per_topic:
            word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                group.append(word)
        topics.append(tuple(group))
    return topics


def synthetic_record(rng: random.Random, i: int, topics=None) -> dict:
    office, kind = rng.choice(OFFICES)
    year = rng.randint(2003, 2024)
    filing = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    published = f"{min(year + rng.randint(1, 3), 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    # plain: the 70 shared words; topics: two thirds of the words from one topic of the record's
    words = WORDS if topics is None else list(rng.choice(topics)) * 2 + WORDS
    abstract = ""
    while len(abstract) < 650 + rng.randint(0, 100):
        abstract += _sentence(rng, rng.randint(8, 20), words).capitalize() + ". "
    return {
        "publication_number": f"{office}{100000000 + i}{kind}",
        "title": _sentence(rng, rng.randint(4, 12), words).capitalize(),
        "abstract": abstract.strip(),
        "applicants": rng.sample(FIRMS, rng.randint(1, 3)),
        "inventors": rng.sample(NAMES, rng.randint(1, 4)),
        "ipc": rng.sample(IPC, rng.randint(1, 4)),
        "filing_date": filing,
        "priority_date": filing if rng.random() < 0.7 else None,
        "publication_date": published,
        "family_id": str(50000000 + i // 2),
    }


def write_export(path: Path, n: int, duplicates: float, seed: int, vocabulary: str = "plain") -> int:
    """``n`` lines, about ``duplicates`` of them a second reading of an earlier number. Returns distinct ids."""
    rng = random.Random(seed)
    topics = topic_words() if vocabulary == "topics" else None
    distinct = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            if distinct and rng.random() < duplicates:
                again = synthetic_record(random.Random(seed * 1_000_003 + (j := rng.randrange(distinct))), j, topics)
                # another source of the same patent: some fields missing, one more applicant / code
                again.pop("abstract" if rng.random() < 0.5 else "title")
                again["applicants"] = again["applicants"] + [rng.choice(FIRMS)]
                again["ipc"] = again["ipc"] + [rng.choice(IPC)]
                again["priority_date"] = None
                fh.write(json.dumps(again, ensure_ascii=False) + "\n")
            else:
                fh.write(json.dumps(synthetic_record(random.Random(seed * 1_000_003 + distinct), distinct, topics),
                                    ensure_ascii=False) + "\n")
                distinct += 1
    return distinct


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--duplicates", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--vocabulary", choices=("plain", "topics"), default="plain",
                    help="plain: the 70 shared words (the figures before); topics: words in 40 topics, for a whole build")
    ap.add_argument("--profile", help="write a cProfile of the first import here")
    ap.add_argument("--keep", help="write the export and workspace here instead of a temporary folder")
    ap.add_argument("--export", help="import this export (written before) instead of writing one")
    ap.add_argument("--run", action="append", default=[], metavar="NAME=CHECKOUT[:WORKERS]",
                    help="import with another checkout in a child process (repeatable)")
    args = ap.parse_args(argv)
    if args.run:
        return compare(args)

    import landscape
    from landscape.pipeline import ingest
    from landscape.store import Store

    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ingest-speed-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        export = Path(args.export) if args.export else tmp / "export.jsonl"
        t = time.perf_counter()
        distinct = None if args.export else write_export(export, args.n, args.duplicates, args.seed, args.vocabulary)
        gen_s = time.perf_counter() - t
        rss_before = peak_rss_mb()
        workspace = tmp / "workspace"
        shutil.rmtree(workspace, ignore_errors=True)
        t = time.perf_counter()
        if args.profile:
            import cProfile

            cProfile.runctx("report = ingest([export], workspace, show_progress=False)", globals(),
                            loc := {"ingest": ingest, "export": export, "workspace": workspace}, args.profile)
            report = loc["report"]
        else:
            report = ingest([export], workspace, show_progress=False)
        first_s = time.perf_counter() - t
        t = time.perf_counter()
        again = ingest([export], workspace, show_progress=False)
        again_s = time.perf_counter() - t
        with Store.open(workspace, read_only=True) as store:
            stored = store.count()
        f = report.files[0]
        out = {"landscape": str(Path(landscape.__file__).parent.parent), "n": args.n, "distinct": distinct,
               "stored": stored, "read": f.read, "imported": f.imported, "merged": f.merged,
               "quarantined": f.quarantined, "status": f.status, "again": again.files[0].status,
               "generate_s": round(gen_s, 1), "ingest_s": round(first_s, 1),
               "records_per_s": round(f.read / first_s), "reimport_s": round(again_s, 2),
               "peak_rss_mb_before_ingest": round(rss_before), "peak_rss_mb": round(peak_rss_mb()),
               "peak_rss_workers_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}
        print(json.dumps(out, indent=1))
        assert distinct is None or stored == distinct, f"{stored} stored, {distinct} distinct ids written"
        return out
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def compare(args) -> dict:
    """Each ``--run`` imports the same export in its own process; a table of the figures."""
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ingest-speed-"))
    tmp.mkdir(parents=True, exist_ok=True)
    export = Path(args.export) if args.export else tmp / f"export-{args.n}.jsonl"
    if not export.exists():
        t = time.perf_counter()
        distinct = write_export(export, args.n, args.duplicates, args.seed, args.vocabulary)
        print(f"wrote {args.n:,} lines ({distinct:,} distinct ids, {export.stat().st_size / 1e6:,.0f} MB) "
              f"in {time.perf_counter() - t:.0f} s", flush=True)
    results = {}
    try:
        for spec in args.run:
            name, _, rest = spec.partition("=")
            checkout, _, workers = rest.partition(":")
            env = dict(os.environ, PYTHONPATH=str(Path(checkout).resolve()))
            env.pop("LANDSCAPE_INGEST_WORKERS", None)
            if workers:
                env["LANDSCAPE_INGEST_WORKERS"] = workers
            out = subprocess.run([sys.executable, __file__, "--export", str(export), "--keep", str(tmp / name)],
                                 env=env, capture_output=True, text=True, check=False)
            if out.returncode:
                print(f"{name}: failed\n{out.stderr[-2000:]}", flush=True)
                continue
            results[name] = json.loads(out.stdout[out.stdout.index("{"):])
            r = results[name]
            print(f"{name:14s} {r['ingest_s']:7.1f} s  {r['records_per_s']:6,} lines/s  peak RSS {r['peak_rss_mb']:6,} MB"
                  f"  (workers {r['peak_rss_workers_mb']:,} MB)  stored {r['stored']:,}  quarantined "
                  f"{r['quarantined']}  re-import {r['reimport_s']} s ({r['again']})", flush=True)
            shutil.rmtree(tmp / name, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    stored = {r["stored"] for r in results.values()}
    print("stored the same number of patents" if len(stored) == 1 else f"STORED COUNTS DIFFER: {stored}")
    return results


if __name__ == "__main__":
    sys.exit(main() and 0)
