"""A hand-made map with a regional navigation (汕头市, a toy city), written as ``landscape
navigate`` writes one (``docs/navigation.md``): four areas where the city is strong, average,
weak and absent, two breakdown branches, applicants inside and outside, co-applicant links in
two areas, core patents and development paths. The figures are invented, small and
consistent enough to check a page against."""
from __future__ import annotations

import numpy as np
import pandas as pd

AREAS = {0: ("Building blocks", "积木"), 1: ("Remote-control cars", "遥控车"), 2: ("Dolls", "玩偶"),
         3: ("LED lamps", "LED 灯具")}
BRANCHES = {"toys": ("Toys", "玩具"), "lighting": ("Lighting", "照明")}
#: area -> (position, the city's patents, specialisation, world growth, world status)
POSITIONS = {0: ("strong", 30, 2.4, 0.25, "emerging"), 1: ("average", 9, 1.0, 0.02, "stable"),
             2: ("weak", 3, 0.4, -0.12, "cooling"), 3: ("absent", 0, 0.0, None, "too few")}
BRANCH_POSITIONS = {"toys": ("strong", 42, 1.8, 0.15, "growing"), "lighting": ("absent", 0, 0.0, 0.05, "stable")}
CHAIN = [["country", "中国"], ["province", "广东省"], ["city", "汕头市"]]
#: Co-applicant links: a, b, patents, a_type, b_type, kind, areas
LINKS = [("汕头积木厂", "汕头大学", 6, "enterprise", "university", "firm–university", [0]),
         ("汕头积木厂", "奥飞娱乐", 4, "enterprise", "enterprise", "firm–firm", [0, 1]),
         ("奥飞娱乐", "广东工业大学", 3, "enterprise", "university", "firm–university", [1]),
         ("LEGO A/S", "汕头积木厂", 2, "enterprise", "enterprise", "firm–firm", [0]),
         ("汕头玩具研究所", "汕头大学", 1, "institute", "university", "institute–university", [2])]
INSIDE = {"汕头积木厂", "汕头大学", "奥飞娱乐", "汕头玩具研究所"}


def clusters() -> pd.DataFrame:
    return pd.DataFrame({
        "id": list(AREAS), "label_en": [en for en, _ in AREAS.values()], "label_zh": [zh for _, zh in AREAS.values()],
        "terms_en": [[en.lower()] for en, _ in AREAS.values()], "terms_zh": [[zh] for _, zh in AREAS.values()],
        "top_codes": [[{"code": "A63H33/04", "share": 0.5}]] * len(AREAS), "size": [60, 30, 25, 15],
        "x": [0.0, 3.0, 0.0, 3.0], "y": [0.0, 0.0, 3.0, 3.0], "growth": [0.25, 0.02, -0.12, 0.0]})


def points() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    sizes = clusters().set_index("id")["size"]
    rows = []
    for area, n in sizes.items():
        cx, cy = clusters().set_index("id").loc[area, ["x", "y"]]
        for i in range(n):
            rows.append({"id": f"CN{200000 + 1000 * area + i}A", "title": f"{AREAS[area][0]} patent {i}",
                         "x": cx + rng.normal(0, 0.4), "y": cy + rng.normal(0, 0.4), "cluster": area, "area": area,
                         "topic": area, "year": int(2012 + i % 10), "applicant": "汕头积木厂" if i % 3 == 0 else "LEGO A/S",
                         "country": "CN"})
    return pd.DataFrame(rows)


def _subject(area=None, branch=None) -> dict:
    return {"area": area, "branch": branch}


def positioning() -> pd.DataFrame:
    rows = []
    for key, (position, count, spec, growth, status) in [*POSITIONS.items(), *BRANCH_POSITIONS.items()]:
        rows.append({**(_subject(branch=key) if isinstance(key, str) else _subject(area=key)), "position": position,
                     "region_count": count, "specialisation": spec, "world_growth": growth, "world_status": status,
                     "local_applicants": max(count // 5, 0),
                     "reason": f"{count} patents, specialisation {spec:.1f}"})
    out = pd.DataFrame(rows)
    out["area"] = out["area"].astype("Int64")
    return out


def regions() -> pd.DataFrame:
    # 浙江省 before 广东省: the page must pick the region's own province, not the first one listed.
    places = [("world", "world", 1.0), ("country", "中国", 0.6), ("province", "浙江省", 0.05),
              ("province", "广东省", 0.3), ("city", "汕头市", 0.1)]
    totals = {0: 60, 1: 30, 2: 25, 3: 15}
    rows = []
    for level, region, scale in places:
        rows.append({"level": level, "region": region, **_subject(), "count": int(130 * scale), "share": scale,
                     "growth": 0.1, "growth_status": "growing", "specialisation": 1.0})
        for area, total in totals.items():
            count = POSITIONS[area][1] if region == "汕头市" else int(total * scale)
            rows.append({"level": level, "region": region, **_subject(area=area), "count": count,
                         "share": count / total, "growth": POSITIONS[area][3], "growth_status": POSITIONS[area][4],
                         "specialisation": POSITIONS[area][2] if region == "汕头市" else 1.0})
        rows.append({"level": level, "region": region, **_subject(branch="toys"), "count": int(115 * scale),
                     "share": scale, "growth": 0.15, "growth_status": "growing", "specialisation": 1.1})
    out = pd.DataFrame(rows)
    out["area"] = out["area"].astype("Int64")
    return out


def region_applicants() -> pd.DataFrame:
    rows = []
    for scope, area, branch in (("all", None, None), ("area", 0, None), ("area", 1, None), ("branch", None, "toys")):
        for rank, (group, kind, country, province, city, inside) in enumerate([
                ("汕头积木厂", "enterprise", "CN", "广东省", "汕头市", True),
                ("汕头大学", "university", "CN", "广东省", "汕头市", True)], start=1):
            rows.append({"scope": scope, "area": area, "branch": branch, "inside": inside, "rank": rank, "group": group,
                         "type": kind, "country": country, "province": province, "city": city,
                         "patents": 20 // rank, "growth": 0.3 / rank, "invention_share": 0.5})
        for rank, (group, kind, country, province, city) in enumerate([
                ("LEGO A/S", "enterprise", "DK", None, None), ("广东工业大学", "university", "CN", "广东省", "广州市")],
                start=1):
            rows.append({"scope": scope, "area": area, "branch": branch, "inside": False, "rank": rank,
                         "group": group, "type": kind, "country": country, "province": province, "city": city,
                         "patents": 40 // rank, "growth": 0.05, "invention_share": 0.9})
    out = pd.DataFrame(rows)
    out["area"] = out["area"].astype("Int64")
    return out


def applicants() -> pd.DataFrame:
    names = [("汕头积木厂", "enterprise", "CN", "广东省", "汕头市", 20), ("汕头大学", "university", "CN", "广东省", "汕头市", 10),
             ("奥飞娱乐", "enterprise", "CN", "广东省", "汕头市", 12), ("汕头玩具研究所", "institute", "CN", "广东省", "汕头市", 4),
             ("广东工业大学", "university", "CN", "广东省", "广州市", 8), ("LEGO A/S", "enterprise", "DK", None, None, 40)]
    return pd.DataFrame([{"applicant": n, "group": n, "kind": "firm", "type": k, "country": c, "is_home": c == "CN",
                          "decided_by": "address", "count": count, "first_year": 2012, "last_year": 2021,
                          "province": p, "city": city, "district": None, "region_from": "address",
                          "type_from": "name", "in_force_share": 0.5, "citations": 3}
                         for n, k, c, p, city, count in names])


def collaboration() -> pd.DataFrame:
    return pd.DataFrame([{"a": a, "b": b, "patents": n, "a_type": at, "b_type": bt, "kind": kind, "community": 0,
                          "areas": areas} for a, b, n, at, bt, kind, areas in LINKS])


def inventors() -> pd.DataFrame:
    return pd.DataFrame({"inventor": ["陈明", "李华", "Hans Berg"], "patents": [9, 4, 7],
                         "applicants": [["汕头积木厂"], ["汕头积木厂", "汕头大学"], ["LEGO A/S"]],
                         "areas": [[0], [0, 1], [0]], "first_year": [2013, 2015, 2012], "last_year": [2021, 2020, 2021],
                         "moves": [0, 1, 0], "ambiguous": [False, False, False],
                         "region": ["汕头市", "汕头市", None]})


def core_patents() -> pd.DataFrame:
    pts = points()
    rows = []
    for area in AREAS:
        ids = pts.loc[pts["area"] == area, "id"].head(3)
        for rank, pid in enumerate(ids, start=1):
            rows.append({"id": pid, "area": area, "value": round(1.0 - 0.1 * rank - 0.05 * area, 3),
                         "rank_in_area": rank, "citations_per_year": 2.0 / rank, "family_size": 4 - rank,
                         "claims": 10, "legal": "active", "granted": True})
    return pd.DataFrame(rows)


def recommendations() -> pd.DataFrame:
    return pd.DataFrame([
        {"kind": "strengthen", "area": 0, "branch": None, "text_en": "Keep the lead in building blocks.",
         "text_zh": "巩固积木领域的优势。", "figure": 2.4},
        {"kind": "cultivate", "area": 2, "branch": None, "text_en": "Grow doll makers.", "text_zh": "培育玩偶企业。",
         "figure": 0.4},
        {"kind": "attract_firms", "area": None, "branch": "lighting", "text_en": "Bring in lighting firms.",
         "text_zh": "引进照明企业。", "figure": 0.0}]).astype({"area": "Int64"})


def breakdown() -> pd.DataFrame:
    pts = points()
    return pd.DataFrame({"id": pts["id"], "branch": np.where(pts["area"] == 3, "lighting", "toys"), "level": 1,
                         "score": 0.9, "best": True})


def navigation() -> dict:
    return {"region": {"name": "汕头市", "level": "city", "chain": CHAIN}, "at": "2025-06-30T12:00:00",
            "coverage": {"inventors": 0.82, "citations": 0.4, "address": 0.65},
            "value": {"weights": {"citations": 0.4, "family_size": 0.2, "claims": 0.2, "legal": 0.2},
                      "parts": ["citations", "family_size", "claims", "legal"]}}


def manifest() -> dict:
    return {"title_en": "Toys", "title_zh": "玩具", "years": [2012, 2021], "built_at": "2025-06-30T10:00:00",
            "last_complete_year": 2019, "corpus": "toys",
            "breakdown": {"taxonomy": {"name_en": "Toys", "name_zh": "玩具", "levels": 1, "branches": [
                {"id": k, "parent": None, "level": 1, "name_en": en, "name_zh": zh, "description_en": en,
                 "description_zh": zh} for k, (en, zh) in BRANCHES.items()]}}}


def tables() -> dict[str, pd.DataFrame]:
    return {"positioning": positioning(), "regions": regions(), "region_applicants": region_applicants(),
            "applicants": applicants(), "collaboration": collaboration(), "inventors": inventors(),
            "core_patents": core_patents(), "recommendations": recommendations(), "breakdown": breakdown()}


def write_workspace(ws) -> None:
    """``ws`` with map ``toys`` (navigated to 汕头市), ``plain`` (the same map, not navigated)
    and ``partial`` (navigated, with the positioning table only)."""
    from landscape.maps import MapBundle, write_bundle

    nav = dict(manifest(), navigation=navigation())
    for name, m, extra in (("toys", nav, tables()), ("plain", manifest(), {"applicants": applicants()}),
                           ("partial", nav, {"positioning": positioning()})):
        write_bundle(ws, MapBundle(name=name, manifest=m, points=points(), clusters=clusters()), extra_tables=extra)
