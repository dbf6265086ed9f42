"""A hand-made map after one ``watch`` (docs/watch.md): version 2 of map ``toys``, whose
``points.added_in`` marks six new patents, with a planted new entrant and a planted surge
(新星玩具有限公司 in remote-control cars) in ``changes.parquet``, alerts, white spaces, documents,
applicant groups and a breakdown; and the subscribers the digest tests use."""
from __future__ import annotations

import pandas as pd

AREAS = {0: ("Building blocks", "积木"), 1: ("Remote-control cars", "遥控车"), 2: ("Dolls", "玩偶"),
         3: ("LED lamps", "LED 灯具")}
CODES = {0: "A63H33/04", 1: "A63H30/04", 2: "A63H3/00", 3: "F21V29/00"}
ENTRANT = "新星玩具有限公司"
#: id -> (title, abstract, applicant, area, publication date)
NEW = {"CN300001A": ("磁力积木拼接结构", "一种磁力积木，便于儿童拼接。", "汕头积木厂有限公司", 0, "2026-10-20"),
       "CN300002A": ("遥控车转向装置", "一种遥控玩具车的转向装置。", ENTRANT, 1, "2026-10-21"),
       "CN300003A": ("遥控车电池仓", "遥控车的快拆电池仓。", ENTRANT, 1, "2026-10-22"),
       "CN300004A": ("遥控车悬挂", "遥控车的减震悬挂。", ENTRANT, 1, "2026-10-23"),
       "CN300005A": ("遥控车车轮", "遥控车的防滑车轮。", ENTRANT, 1, "2026-10-24"),
       "US300006A": ("LED lamp with a heat sink", "A lamp whose heat sink is a carbon fin.", "BRIGHT CORP", 3,
                     "2026-10-25")}


def clusters() -> pd.DataFrame:
    return pd.DataFrame({"id": list(AREAS), "label_en": [en for en, _ in AREAS.values()],
                         "label_zh": [zh for _, zh in AREAS.values()], "size": [12, 14, 10, 10],
                         "x": [0.0, 3.0, 0.0, 3.0], "y": [0.0, 0.0, 3.0, 3.0]})


def points() -> pd.DataFrame:
    rows = []
    for area in AREAS:
        for i in range(10):
            rows.append({"id": f"CN{200000 + 1000 * area + i}A", "title": f"{AREAS[area][0]} patent {i}",
                         "x": float(area), "y": float(i), "cluster": area, "area": area, "topic": area,
                         "year": 2015 + i, "applicant": "汕头积木厂有限公司" if i % 2 else "LEGO A/S", "country": "CN",
                         "codes": [CODES[area]], "added_in": None, "placed": False})
    for pid, (title, _, applicant, area, date) in NEW.items():
        rows.append({"id": pid, "title": title, "x": float(area), "y": 11.0, "cluster": area, "area": area,
                     "topic": area, "year": int(date[:4]), "applicant": applicant, "country": pid[:2],
                     "codes": [CODES[area]], "added_in": 2, "placed": True})
    out = pd.DataFrame(rows)
    out["added_in"] = out["added_in"].astype("Int64")
    return out


def documents() -> pd.DataFrame:
    pts = points()
    rows = []
    for p in pts.itertuples():
        title, abstract, applicant, _, date = NEW.get(p.id, (p.title, "", p.applicant, p.area, f"{p.year}-06-01"))
        rows.append({"id": p.id, "title": title, "abstract": abstract, "applicants": [applicant], "country": p.country,
                     "filing_date": pd.Timestamp(date) - pd.Timedelta(days=400), "priority_date": pd.NaT,
                     "publication_date": pd.Timestamp(date), "ipc": list(p.codes), "cpc": [], "doc_type": "application",
                     "legal_status": "pending", "lang": "en" if p.id.startswith("US") else "zh", "sources": ["x.csv#1"]})
    return pd.DataFrame(rows)


def changes() -> pd.DataFrame:
    rows = [
        {"kind": "new_entrant", "area": 1, "branch": None, "id": None, "group": ENTRANT, "count": 4,
         "text_en": f"{ENTRANT} is new in 'Remote-control cars': 4 filings since version 1.",
         "text_zh": f"{ENTRANT} 新进入「遥控车」领域：自第 1 版以来 4 件申请。", "figures": '{"count": 4}', "since": "v1"},
        {"kind": "surge", "area": 1, "branch": None, "id": None, "group": ENTRANT, "count": 4,
         "text_en": f"Filings in 'Remote-control cars' surged: 4 new, 3 of them by {ENTRANT}.",
         "text_zh": f"「遥控车」领域申请激增：新增 4 件，其中 3 件来自 {ENTRANT}。", "figures": '{"count": 4}', "since": "v1"},
        {"kind": "new_filings", "area": 3, "branch": "lighting", "id": None, "group": None, "count": 1,
         "text_en": "1 new filing in 'LED lamps'.", "text_zh": "「LED 灯具」领域新增 1 件申请。", "figures": '{"count": 1}',
         "since": "v1"}]
    out = pd.DataFrame(rows)
    out["area"] = out["area"].astype("Int64")
    return out


def alerts() -> pd.DataFrame:
    return pd.DataFrame([
        {"kind": "concentration", "severity": "high", "score": 80.0, "area": 0, "applicant": "LEGO A/S",
         "explanation_en": "LEGO A/S holds 50% of 'Building blocks'.", "explanation_zh": "LEGO A/S 占「积木」领域 50%。"},
        {"kind": "foreign", "severity": "medium", "score": 40.0, "area": 3, "applicant": "BRIGHT CORP",
         "explanation_en": "Foreign applicants lead 'LED lamps'.", "explanation_zh": "「LED 灯具」领域以外国申请人为主。"}])


def white_spaces() -> pd.DataFrame:
    return pd.DataFrame([
        {"rank": 1, "score": 9.0, "neighbour_areas": [0, 1], "description_en": "Between building blocks and cars",
         "description_zh": "介于积木与遥控车之间"},
        {"rank": 2, "score": 5.0, "neighbour_areas": [2, 3], "description_en": "Between dolls and lamps",
         "description_zh": "介于玩偶与灯具之间"}])


def applicants() -> pd.DataFrame:
    return pd.DataFrame({"applicant": ["汕头积木厂有限公司", "LEGO A/S", ENTRANT, "BRIGHT CORP"],
                         "group": ["汕头积木集团", "LEGO", ENTRANT, "BRIGHT"]})


def breakdown() -> pd.DataFrame:
    pts = points()
    return pd.DataFrame({"id": pts["id"], "branch": ["lighting" if a == 3 else "toys" for a in pts["area"]],
                         "level": 1, "score": 0.9, "best": True})


def manifest() -> dict:
    return {"title_en": "Toys", "title_zh": "玩具", "corpus": "toys", "version": 2,
            "version_note": {"kind": "watch", "at": "2026-11-02T09:00:00", "added": len(NEW), "files": ["later.csv"]},
            "breakdown": {"taxonomy": {"branches": [{"id": "toys", "name_en": "Toys", "name_zh": "玩具"},
                                                    {"id": "lighting", "name_en": "Lighting", "name_zh": "照明"}]}}}


def write_workspace(ws, *, with_added: bool = True) -> None:
    from landscape.maps import MapBundle, new_version, write_bundle, write_files

    pts = points() if with_added else points().drop(columns=["added_in", "placed"])
    bundle = MapBundle(name="toys", manifest=manifest(), points=pts, clusters=clusters())
    tables = {"documents": documents(), "changes": changes(), "alerts": alerts(),
              "white_spaces": white_spaces(), "applicants": applicants(), "breakdown": breakdown()}
    # Version 1 as built, then version 2 as a watch publishes it (the version numbers are the
    # publisher's, not the manifest's: landscape.maps.new_version).
    write_bundle(ws, bundle, extra_tables=tables)
    if with_added:
        with new_version(ws, "toys", note=manifest()["version_note"]) as folder:
            write_files(folder, bundle, extra_tables=tables)


#: who subscribes: 某玩具厂 (blocks, watches the entrant as a rival), Toy Co (the same, in English),
#: Lamp Co (lamps only: must not hear of the entrant) and Chem Co (nothing on this map)
SUBSCRIBERS = [
    {"name": "某玩具厂", "email": "ip@example.cn", "lang": "zh", "applicants": ["汕头积木"], "rivals": ["新星玩具"],
     "keywords": ["磁力积木"], "areas": [0, 1]},
    {"name": "Toy Co", "email": "ip@toyco.example", "lang": "en", "rivals": ["新星玩具"], "areas": [1]},
    {"name": "Lamp Co", "email": "ip@lamp.example", "lang": "en", "keywords": ["heat sink"], "codes": ["F21V"],
     "areas": [3]},
    {"name": "Chem Co", "email": "ip@chem.example", "lang": "zh", "keywords": ["聚乙烯"], "codes": ["C08L"]},
]
