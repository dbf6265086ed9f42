"""Inventors: names counted once however written, moves between applicants, a common name
flagged as possibly several people, and co-inventor teams."""
import pandas as pd

from landscape.analyse.inventors import COLUMNS, TEAM_COLUMNS, inventor_key, inventor_teams, inventors_table


def _map(rows):
    """points and facts from (id, area, year, applicants, inventors) rows."""
    points = pd.DataFrame([{"id": r[0], "area": r[1], "year": r[2], "applicants": r[3], "province": "Nordland"}
                           for r in rows])
    facts = pd.DataFrame({"id": points["id"], "inventors": [r[4] for r in rows]})
    return points, facts


ROWS = [
    # Ada Quill moves: Quillworks (2018, 2019) -> Brightloom (2020) -> Brightloom (2021);
    # she keeps her co-inventor Tomas Reed, so she reads as one person.
    ("P1", 0, 2018, ["QUILLWORKS"], ["Ada Quill", "Tomas Reed"]),
    ("P2", 0, 2019, ["QUILLWORKS"], ["ADA  QUILL", "Tomas Reed"]),
    ("P3", 0, 2020, ["BRIGHTLOOM", "QUILLWORKS"], ["Ａｄａ Ｑｕｉｌｌ", "Tomas Reed"]),
    ("P4", 1, 2021, ["BRIGHTLOOM"], ["ada quill", "Tomas Reed"]),
    # 林晓 at a hospital in area 2 and, with other people, at a firm in area 3: two people?
    ("P5", 2, 2020, ["青岚医院"], ["林晓", "周一"]),
    ("P6", 2, 2021, ["青岚医院"], ["林 晓", "周一"]),
    ("P7", 3, 2021, ["远舟机械"], ["林晓", "郑二"]),
    # J. Smith files with one firm, two areas, one team: one person.
    ("P8", 4, 2019, ["ORCHARD TOOLS"], ["J. Smith", "K. Wong"]),
    ("P9", 5, 2020, ["ORCHARD TOOLS"], ["J Smith"]),
]


def test_names_are_counted_once_however_written():
    assert inventor_key("Ｊ．ＳＭＩＴＨ") == inventor_key("j smith") == inventor_key(" J.  Smith ")
    assert inventor_key("林 晓") == "林晓" and inventor_key("王伟") == "王伟"
    points, facts = _map(ROWS)
    inv = inventors_table(points, facts).set_index("inventor")
    assert list(inv.reset_index().columns) == COLUMNS
    assert inv.loc["Ada Quill", "patents"] == 4 and inv.loc["林晓", "patents"] == 3
    assert inv.loc["J Smith", "patents"] == 2  # a tie of spellings goes to the first by name


def test_an_inventor_who_moves_is_counted():
    points, facts = _map(ROWS)
    inv = inventors_table(points, facts).set_index("inventor")
    ada = inv.loc["Ada Quill"]
    assert ada["moves"] == 1  # Quillworks -> Brightloom, once
    assert ada["first_year"] == 2018 and ada["last_year"] == 2021
    assert ada["applicants"] == ["QUILLWORKS", "BRIGHTLOOM"] and ada["areas"] == [0, 1]
    assert not ada["ambiguous"] and ada["region"] == "Nordland"
    assert inv.loc["Tomas Reed", "moves"] == 1 and inv.loc["J Smith", "moves"] == 0


def test_a_move_and_back_counts_twice_and_a_split_year_does_not():
    rows = [("A", 0, 2018, ["NORTHCO"], ["Mia Lark"]), ("B", 0, 2019, ["SOUTHCO"], ["Mia Lark"]),
            ("C", 0, 2020, ["NORTHCO"], ["Mia Lark"]), ("D", 0, 2020, ["NORTHCO"], ["Mia Lark"]),
            ("E", 0, 2020, ["SOUTHCO"], ["Mia Lark"])]
    inv = inventors_table(*_map(rows))
    assert inv.loc[0, "moves"] == 2


def test_a_common_name_in_disjoint_applicants_and_areas_is_flagged():
    points, facts = _map(ROWS)
    inv = inventors_table(points, facts).set_index("inventor")
    assert inv.loc["林晓", "ambiguous"]
    assert not inv.loc["J Smith", "ambiguous"]  # one applicant joins the two areas
    assert not inv.loc["周一", "ambiguous"]


def test_groups_join_applicants_and_recent_counts_the_growth_window():
    points, facts = _map(ROWS)
    inv = inventors_table(points, facts, groups={"BRIGHTLOOM": "QUILLWORKS"}, last_complete=2021).set_index("inventor")
    assert inv.loc["Ada Quill", "moves"] == 0 and inv.loc["Ada Quill", "applicants"] == ["QUILLWORKS"]
    assert inv.loc["Ada Quill", "recent"] == 3  # 2019, 2020 and 2021 are the recent window
    assert inventors_table(points, facts)["recent"].isna().all()


def test_teams_are_the_coinventor_communities():
    points, facts = _map(ROWS)
    teams = inventor_teams(points, facts)
    assert list(teams.columns) == TEAM_COLUMNS
    assert teams["members"].tolist() == [["林晓", "周一", "郑二"], ["Ada Quill", "Tomas Reed"],
                                         ["J Smith", "K. Wong"]]
    assert teams["team"].tolist() == [0, 1, 2] and teams["size"].tolist() == [3, 2, 2]
    assert teams["patents"].tolist() == [3, 4, 2] and teams.loc[0, "lead_applicant"] == "青岚医院"
    assert teams.loc[1, "areas"] == [0, 1]
    assert inventor_teams(points, facts).equals(teams)  # seeded: the same teams every time


def test_no_inventors_give_empty_tables():
    points, facts = _map([("P1", 0, 2020, ["X"], [])])
    assert inventors_table(points, facts).empty and inventor_teams(points, facts).empty
    assert list(inventors_table(points, facts).columns) == COLUMNS
