"""The applicants table (group, kind, country, home/foreign, which rule decided, count) and
the figures built on it: concentration and the report's home share agree with a plain pandas
group-by of the same hand-made data, by group and by applicant."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from landscape.analyse.applicants import COLUMNS, applicants_table, group_home
from landscape.analyse.competitors import concentration, concentration_table

# Two subsidiaries of one foreign group written in Chinese, a Chinese firm, an unknown.
GE, GE_CN, SIEMENS, SZ, BARE = "通用电气", "通用电气医疗", "西门子", "深圳甲科技", "ACME"
OVERRIDES = {GE_CN: GE}


def points() -> pd.DataFrame:
    rows = []

    def add(n, names, year, area, **evidence):
        for _ in range(n):
            rows.append({"id": f"CN{len(rows):07d}A", "area": area, "year": year, "country": "CN",
                         "applicant": names[0] if names else None, "applicants": list(names), **evidence})

    add(4, [GE], 2019, 0, priority_country="US")
    add(2, [GE_CN], 2020, 0, priority_country="US")
    add(1, [GE, GE_CN], 2020, 0, priority_country="US")  # two of one group on one patent
    add(3, [SIEMENS], 2021, 1, applicant_address="德国慕尼黑")
    add(5, [SZ], 2018, 1, applicant_address="广东省深圳市南山区", province="广东省", city="深圳市")
    add(1, [SZ, SIEMENS], 2021, 0, province="广东省")
    add(2, [BARE], 2021, 1)
    add(1, [], 2021, 1)
    return pd.DataFrame(rows)


def test_applicants_table_says_who_is_who():
    t = applicants_table(points(), overrides=OVERRIDES).set_index("applicant")
    assert list(t.reset_index().columns) == COLUMNS
    assert t["count"].to_dict() == {SZ: 6, GE: 5, SIEMENS: 4, GE_CN: 3, BARE: 2}
    assert t.loc[GE_CN, "group"] == GE and t.loc[GE, "group"] == GE
    assert t["country"].to_dict() == {SZ: "CN", GE: "US", SIEMENS: "DE", GE_CN: "US", BARE: None}
    assert t["decided_by"].to_dict() == {SZ: "address", GE: "priority_country", SIEMENS: "address",
                                         GE_CN: "priority_country", BARE: "unknown"}
    assert t["is_home"].to_dict() == {SZ: True, GE: False, SIEMENS: False, GE_CN: False, BARE: None}
    assert (t.loc[SZ, "province"], t.loc[SZ, "city"]) == ("广东省", "深圳市")
    assert (t.loc[GE, "first_year"], t.loc[GE, "last_year"]) == (2019, 2020)
    province = applicants_table(points(), home="广东").set_index("applicant")["is_home"]
    assert province[SZ] and not province[GE] and pd.isna(province[BARE])


def test_type_place_and_the_rules_that_decided_them():
    t = applicants_table(points(), overrides=OVERRIDES).set_index("applicant")
    assert t.loc[SZ, "type"] == "enterprise" and t.loc[SZ, "type_from"] == "no firm words"
    assert (t.loc[SZ, "district"], t.loc[SZ, "region_from"]) == ("南山区", "column")
    assert (t.loc[GE, "province"], t.loc[GE, "region_from"]) == (None, "country")
    assert t.loc[BARE, "region_from"] is None
    # Without facts there is nothing to say about legal status or citations.
    assert t["in_force_share"].isna().all() and t["citations"].isna().all()


def test_facts_give_the_place_in_force_share_and_citations():
    p = points()
    n = len(p)
    facts = pd.DataFrame({"id": p["id"], "legal_status": [None] * n, "cited_by_count": pd.array([None] * n, "Int64"),
                          "cited_in_store": [0] * n, "applicant_address": [None] * n, "province": [None] * n,
                          "city": [None] * n, "district": [None] * n})
    sz = p.index[p["applicant"] == SZ]  # six patents: five alone, one with SIEMENS
    facts.loc[sz, "legal_status"] = ["active", "active", "inactive", "unknown", None, "pending"]
    facts.loc[sz, "cited_by_count"] = [3, None, None, 1, None, 2]
    facts.loc[sz, "cited_in_store"] = [9, 4, 0, 9, 1, 0]
    facts.loc[sz, "province"], facts.loc[sz, "city"] = "广东", "汕头"
    t = applicants_table(p.drop(columns=["province", "city", "applicant_address"]), facts=facts).set_index("applicant")
    # Two active of four known (unknown and missing statuses left out); the export's count where
    # it gave one (3 + 1 + 2), else the store's (4 + 0 + 1).
    assert t.loc[SZ, "in_force_share"] == pytest.approx(0.5)
    assert t.loc[SZ, "citations"] == 11
    assert (t.loc[SZ, "province"], t.loc[SZ, "city"], t.loc[SZ, "region_from"]) == ("广东省", "汕头市", "column")
    # SIEMENS is on the patent with a pending status and 2 citations; its other three say nothing.
    assert t.loc[SIEMENS, "in_force_share"] == 0 and t.loc[SIEMENS, "citations"] == 2
    assert pd.isna(t.loc[BARE, "in_force_share"]) and t.loc[BARE, "citations"] == 0


def test_a_bundle_without_evidence_columns_falls_back_to_names():
    old = points()[["id", "area", "year", "country", "applicant", "applicants"]]
    t = applicants_table(old).set_index("applicant")
    assert set(t["decided_by"]) == {"name", "unknown"}
    # The name rule cannot see through Chinese writing: that is why the evidence columns exist.
    assert t.loc[GE, "is_home"] and t.loc[SZ, "is_home"] and pd.isna(t.loc[BARE, "is_home"])


def test_a_group_is_home_when_its_home_members_hold_most_of_its_patents():
    t = pd.DataFrame({"group": ["G", "G", "H", "K"], "is_home": pd.array([True, False, pd.NA, False], "boolean"),
                      "count": [5, 3, 2, 1]})
    assert group_home(t).to_dict() == {"G": True, "H": None, "K": False}


def _plain(p: pd.DataFrame, table: pd.DataFrame, key: str) -> pd.DataFrame:
    """Concentration by hand: one row per (patent, applicant or group), then group-by."""
    pairs = p[["id", "area", "applicants"]].explode("applicants").dropna(subset=["applicants"])
    pairs = pairs.rename(columns={"applicants": "applicant"})
    info = table.set_index("applicant")
    pairs["who"] = pairs["applicant"].map(info[key]) if key == "group" else pairs["applicant"]
    pairs = pairs.drop_duplicates(["id", "who"])
    if key == "group":
        home = info.groupby("group").apply(lambda g: (g["count"] * g["is_home"].fillna(False)).sum() * 2
                                           > g["count"][g["is_home"].notna()].sum())
        unknown = info.groupby("group")["is_home"].apply(lambda s: s.isna().all())
        origin = home.where(~unknown, None).astype(object)
    else:
        origin = info["is_home"].astype(object).where(info["is_home"].notna(), None)
    rows = []
    for area, g in pd.concat([pairs, pairs.assign(area=-1)]).groupby("area"):
        counts = g["who"].value_counts()
        shares = counts / counts.sum()
        o = g["who"].map(origin)
        rows.append({"area": area, "hhi": float((shares ** 2).sum() * 10_000),
                     "cr4": float(shares.sort_values(ascending=False).head(4).sum()),
                     "home_share": float((o == True).mean()), "foreign_share": float((o == False).mean())})  # noqa: E712
    return pd.DataFrame(rows).set_index("area")


@pytest.mark.parametrize("by", ["group", "applicant"])
def test_concentration_agrees_with_a_plain_group_by(by):
    p = points()
    table = applicants_table(p, overrides=OVERRIDES)
    mine = concentration(p, by=by, applicants=table).set_index("area")
    plain = _plain(p, table, by)
    for col in ("hhi", "cr4", "home_share", "foreign_share"):
        assert np.allclose(mine.loc[plain.index, col], plain[col]), col
    # By group, GE's two subsidiaries on one patent count once: 7 GE-group patents, not 8.
    if by == "group":
        whole = concentration_table(p, applicants=table).query("area == -1 and period == 'all'").iloc[0]
        assert whole["n_counted"] == 7 + 4 + 6 + 2 and whole["top_applicant"] == GE


# --------------------------------------------------------------------------- end to end

def _records():
    """Hand-made records as an export gives them: names written in Chinese, evidence beside."""
    from landscape.ingest.normalize import applicant_name
    from landscape.schema import PatentRecord

    spec = [("通用电气公司", 16, {"priority_country": "US"}),
            ("西门子股份公司", 8, {"applicant_address": "德国慕尼黑维特尔斯巴赫广场2号"}),
            ("深圳甲科技有限公司", 16, {"applicant_address": "广东省深圳市南山区科技园"}),
            ("汕头乙玩具有限公司", 12, {"province": "广东"}),
            ("某某精密", 8, {})]
    words = ["齿轮", "电机", "叶片", "涡轮", "传感器", "外壳", "控制器", "轴承"]
    rng = np.random.default_rng(0)
    out = []
    for name, n, evidence in spec:
        for _ in range(n):
            i = len(out)
            year = 2012 + i % 10
            out.append(PatentRecord(
                id=f"CN{110000000 + i}A", title="一种" + "".join(rng.choice(words, 3)),
                abstract="本装置包括" + "、".join(rng.choice(words, 4)) + "。", lang="zh", ipc=["F01D5/00"],
                applicants=[name], applicants_norm=[applicant_name(name)], country="CN",
                filing_date=dt.date(year, 3, 1), source=f"hand#{i}", **evidence))
    return out


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    from landscape import pipeline
    from landscape.maps import read_bundle
    from landscape.store import Store

    ws = tmp_path_factory.mktemp("applicants")
    src = ws / "hand.csv"
    src.write_text("hand")
    with Store.open(ws) as store:
        store.import_source(src, "test", list(enumerate(_records(), start=2)))
        ids = [r[0] for r in store.con.execute("SELECT id FROM patents ORDER BY id").fetchall()]
    pipeline.build(ws, name="hand", ids=ids,
                   options=pipeline.BuildOptions(model="hashing", show_progress=False, min_records=20))
    pipeline.analyse(ws, "hand")
    return read_bundle(ws, "hand")


def test_the_bundle_stores_who_is_who_and_the_report_agrees(bundle):
    from landscape.report.content import build_model
    from landscape.report.model import pct
    from landscape.report.strings import tr

    t = bundle.table("applicants").set_index("applicant")
    # The export carries priorities, so 某某精密's filings, claiming none, are first filings.
    assert t["decided_by"].to_dict() == {"深圳甲科技": "address", "通用电气": "priority_country",
                                         "汕头乙玩具": "address", "西门子": "address",
                                         "某某精密": "first_office"}
    assert t["is_home"].to_dict() == {"深圳甲科技": True, "通用电气": False, "汕头乙玩具": True,
                                      "西门子": False, "某某精密": True}
    # The report's home share is a plain count over the map's points: 36 of 60 patents.
    p = bundle.points
    home = p["applicant"].map(t["is_home"]).astype(bool)
    conc = bundle.table("concentration").query("area == -1")
    assert conc.query("period == 'all'")["home_share"].iloc[0] == pytest.approx(home.mean()) == pytest.approx(0.6)
    recent = conc.query("period == 'recent'").iloc[0]
    in_recent = p["year"].between(recent["first_year"], recent["last_year"])
    assert recent["home_share"] == pytest.approx(home[in_recent].mean())
    for lang in ("zh", "en"):
        text = " ".join(build_model(bundle, lang).sections["applicants"].paragraphs)
        assert pct(recent["home_share"]) in text
        assert tr("origin.rule.priority_country", lang) in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_excel_names_the_rule_that_decided_each_country(bundle, lang):
    import io

    openpyxl = pytest.importorskip("openpyxl")
    from landscape.report.excel import sheet_name, workbook
    from landscape.report.strings import column_name, tr

    sheet = openpyxl.load_workbook(io.BytesIO(workbook(bundle, lang)))[sheet_name("applicants", lang)]
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    for col in ("applicant", "group", "kind", "country", "is_home", "decided_by", "count"):
        assert column_name(col, lang) in head, col
    decided = {r[head.index(column_name("applicant", lang))]: r[head.index(column_name("decided_by", lang))]
               for r in rows[1:]}
    assert decided["通用电气"] == tr("origin.rule.priority_country", lang)
    assert decided["西门子"] == tr("origin.rule.address", lang)
    home = {r[head.index(column_name("applicant", lang))]: r[head.index(column_name("is_home", lang))]
            for r in rows[1:]}
    assert home["通用电气"] == tr("app.foreign", lang) and home["深圳甲科技"] == tr("app.domestic", lang)


def _applicants_page(ws, monkeypatch, map_name="hand"):
    from test_app import run_app

    return run_app(ws, monkeypatch, page="applicants", map_name=map_name)


def test_the_applicants_page_lists_the_analysed_groups_and_previews_edits(bundle, monkeypatch, tmp_path):
    """The page shows the groups table analyse wrote (patents per group as counted there); a
    merge saved on the page is previewed with the same grouping analyse would do
    (:func:`landscape.actions.preview_groups`); a map analysed before the groups table existed
    shows the same groups, derived in ``landscape.actions`` rather than on the page."""
    import shutil

    from landscape import actions
    from landscape.maps import update_bundle

    ws = tmp_path / "ws"
    shutil.copytree(bundle.path.parent.parent / "maps", ws / "maps")
    groups = bundle.table("groups")
    at = _applicants_page(ws, monkeypatch)
    shown = at.dataframe[0].value
    assert shown.iloc[:, 0].tolist() == groups["group"].tolist()
    assert shown.iloc[:, 1].tolist() == groups["patents"].tolist()
    update_bundle(ws, "hand", remove=("groups",))  # as analysed before the table existed
    older = _applicants_page(ws, monkeypatch)
    assert older.dataframe[0].value.equals(shown)
    pair = ["西门子", "通用电气"]
    older.multiselect(key="grp_merge").set_value(pair)
    older.text_input(key="grp_name").set_value("MERGED TEST GROUP")
    older.button[0].click().run()
    assert not older.exception
    assert "MERGED TEST GROUP" in (ws / actions.OVERRIDES_FILE).read_text(encoding="utf-8")
    preview = older.dataframe[-1].value
    merged = preview[preview.iloc[:, 0] == "MERGED TEST GROUP"]
    parts = bundle.table("applicants").set_index("applicant")
    assert merged.iloc[0, 1] == sum(int(parts.loc[name, "count"]) for name in pair)
    assert merged.iloc[0, 2] == 2  # two member names


def test_the_report_names_each_groups_country_and_members_from_the_groups_table(bundle, tmp_path):
    import shutil

    from landscape import actions, pipeline
    from landscape.maps import read_bundle
    from landscape.report.content import build_model
    from landscape.report.strings import tr

    def top_rows(b):
        return build_model(b, "en").sections["applicants"].tables["top"].rows

    country = bundle.table("groups").set_index("group")["country"]
    rows = top_rows(bundle)
    assert rows and all(r[-1].endswith(f"({country[r[1]]})") for r in rows)
    ws = tmp_path / "ws"
    shutil.copytree(bundle.path.parent.parent, ws)
    actions.save_group_overrides(ws, merge={"MERGED TEST GROUP": ["西门子", "通用电气"]})
    pipeline.analyse(ws, "hand")
    merged = read_bundle(ws, "hand")
    assert merged.table("groups").set_index("group").loc["MERGED TEST GROUP", "members"] == 2
    names = [r[1] for r in top_rows(merged)]
    assert tr("app.members", "en", name="MERGED TEST GROUP", n=2) in names
