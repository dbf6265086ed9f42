"""A hand-made PatSnap-style export whose right answers are known by construction.

What is planted, and what a professional would count:
- Foreign firms written in Chinese, as PatSnap writes them (通用电气公司 with US priorities and a
  US address, 西门子股份公司 with a German address): they are foreign, whatever their script.
- A corporate group filing under three subsidiaries (ACME ADVANCED MAT KOREA, ACME CHEMICAL
  KOREA, ACME BATTERY SEPARATOR FILM): one group.
- Chinese firms with Chinese addresses (one with a bracketed place name in its registered name),
  and an individual filing only utility models.
- Some applications published twice (A, then B after grant): counted once by application.
- The export was made in April 2024 (its latest publication is 2024-04-10): with the 18-month
  publication lag the last complete filing year is 2021.

``write_export`` writes the file and returns the answers, computed from the plan below and
never from the code under test.
"""
from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

CUTOFF = dt.date(2024, 4, 10)
LAST_COMPLETE_YEAR = 2021  # filings of 2022 are not all published before 2024-06-30


@dataclass(frozen=True)
class Applicant:
    name: str          # as the export writes it
    group: str         # the corporate group a professional would count
    country: str       # where the applicant is from
    applications: int
    address: str
    priority_country: str
    theme: tuple[str, ...]
    utility_models: bool = False


APPLICANTS = (
    Applicant("通用电气公司", "GE", "US", 30, "美国纽约州斯克内克塔迪", "US",
              ("燃气轮机", "叶片", "冷却通道", "涡轮", "燃烧室")),
    Applicant("西门子股份公司", "SIEMENS", "DE", 20, "德国慕尼黑", "DE",
              ("电机", "定子", "绕组", "变频器", "转子")),
    Applicant("ACME ADVANCED MAT KOREA", "ACME", "KR", 15, "Seoul, Republic of Korea", "KR",
              ("隔膜", "锂电池", "聚乙烯", "涂层", "孔隙率")),
    Applicant("ACME CHEMICAL KOREA", "ACME", "KR", 15, "Ulsan, Republic of Korea", "KR",
              ("隔膜", "锂电池", "陶瓷涂层", "聚丙烯", "热收缩")),
    Applicant("ACME BATTERY SEPARATOR FILM", "ACME", "KR", 10, "Cheongju, Republic of Korea", "KR",
              ("隔膜", "拉伸", "微孔膜", "锂电池", "厚度")),
    Applicant("汕头市星辰玩具有限公司", "汕头市星辰玩具", "CN", 40, "广东省汕头市澄海区莲下镇", "CN",
              ("积木", "拼插", "磁力", "儿童", "玩具车")),
    Applicant("恒诚航空科技（南通）有限公司", "恒诚航空科技（南通）", "CN", 30, "江苏省南通市崇川区", "CN",
              ("无人机", "旋翼", "机臂", "飞控", "起落架")),
    Applicant("张伟", "张伟", "CN", 14, "广东省汕头市龙湖区", "CN",
              ("玩具", "遥控", "外壳", "卡扣", "电池盒"), utility_models=True),
)

HEADERS = ["序号", "公开(公告)号", "申请号", "申请日", "公开(公告)日", "标题", "摘要", "[标]当前申请(专利权)人",
           "申请人地址", "优先权国家", "IPC分类号", "专利类型"]
_CODES = {"GE": "F01D5/18", "SIEMENS": "H02K3/12", "ACME": "H01M50/409", "汕头市星辰玩具": "A63H33/04",
          "恒诚航空科技（南通）": "B64C39/02", "张伟": "A63H30/04"}
_FILLER = ("一种", "装置", "方法", "结构", "系统", "组件", "改进的", "用于")


@dataclass
class Answers:
    applications: int
    publications: int
    home_applications: int          # applications by home (CN) applicants, counted once each
    foreign_applications: int
    by_group: dict[str, int]        # applications per corporate group
    by_year: dict[int, int]         # applications per filing year
    home_recent: tuple[int, int]    # (home applications, all applications) filed in the last 3 complete years
    cutoff: dt.date = CUTOFF
    last_complete_year: int = LAST_COMPLETE_YEAR


def _filing_date(rng: random.Random, i: int) -> dt.date:
    # Filing years 2014-2022, later years busier; none after the cut-off minus the lag.
    year = 2014 + min(8, int(rng.random() ** 0.7 * 9))
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 365))
    latest = CUTOFF - dt.timedelta(days=548)
    return min(day, latest - dt.timedelta(days=i % 7))


def write_export(path: Path, seed: int = 7) -> Answers:
    """Write the export (CSV, UTF-8 with BOM as PatSnap writes it) and return its answers."""
    rng = random.Random(seed)
    rows, by_group, by_year = [], {}, {}
    home = foreign = 0
    recent = [0, 0]
    serial = 100_000
    for a in APPLICANTS:
        for k in range(a.applications):
            serial += 1
            filed = _filing_date(rng, serial)
            appno = f"CN{filed.year}1{serial:07d}.{serial % 10}"
            words = rng.sample(a.theme, 3)
            title = f"{rng.choice(_FILLER)}{words[0]}{words[1]}的{rng.choice(_FILLER)}"
            abstract = (f"本发明公开了{title}，包括{words[0]}、{words[1]}和{words[2]}，"
                        f"所述{words[2]}与{rng.choice(a.theme)}连接，提高了{rng.choice(a.theme)}的性能。")
            kind, doc = ("U", "实用新型") if a.utility_models else ("A", "发明申请")
            published = filed + dt.timedelta(days=548 if kind == "A" else 180)
            base = {"申请号": appno, "申请日": filed.isoformat(), "标题": title, "摘要": abstract,
                    "[标]当前申请(专利权)人": a.name, "申请人地址": a.address, "优先权国家": a.priority_country,
                    "IPC分类号": _CODES[a.group]}
            rows.append({**base, "公开(公告)号": f"CN{serial + 1_000_000_000}{kind}",
                         "公开(公告)日": published.isoformat(), "专利类型": doc})
            granted = filed + dt.timedelta(days=900)
            if kind == "A" and k % 3 == 0 and granted <= CUTOFF:
                # The same application granted: a second publication, not a second invention.
                rows.append({**base, "公开(公告)号": f"CN{serial + 1_000_000_000}B",
                             "公开(公告)日": granted.isoformat(), "专利类型": "授权发明"})
            by_group[a.group] = by_group.get(a.group, 0) + 1
            by_year[filed.year] = by_year.get(filed.year, 0) + 1
            if LAST_COMPLETE_YEAR - 2 <= filed.year <= LAST_COMPLETE_YEAR:
                recent[0] += a.country == "CN"
                recent[1] += 1
            if a.country == "CN":
                home += 1
            else:
                foreign += 1
    # The export's cut-off: its latest publication is a grant published on CUTOFF.
    granted_ids = {r["公开(公告)号"] for r in rows if r["专利类型"] == "授权发明"}
    last = next(r for r in rows if r["专利类型"] == "发明申请" and r["公开(公告)号"][:-1] + "B" not in granted_ids)
    rows.append({**last, "公开(公告)号": last["公开(公告)号"][:-1] + "B", "公开(公告)日": CUTOFF.isoformat(),
                 "专利类型": "授权发明"})
    rng.shuffle(rows)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=HEADERS)
        w.writeheader()
        for i, r in enumerate(rows, 1):
            w.writerow({"序号": i, **r})
    return Answers(applications=home + foreign, publications=len(rows), home_applications=home,
                   foreign_applications=foreign, by_group=by_group, by_year=by_year,
                   home_recent=(recent[0], recent[1]))
