"""Tests for landscape.ingest.parties: one cell of applicants or inventors into parties."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landscape.ingest.parties import Party, party_countries, party_names, split_parties


@pytest.mark.parametrize(
    "raw, names",
    [
        # Legal forms after a comma belong to the name before.
        ("Gadgetron Electronics Co., Ltd.", ["Gadgetron Electronics Co., Ltd."]),
        ("Acme, Inc.", ["Acme, Inc."]),
        ("BRIGHTWAVE ROBOTICS, LLC", ["BRIGHTWAVE ROBOTICS, LLC"]),
        ("Nordlicht Werke GmbH & Co. KG, Soluciones Beta S.A. de C.V.",
         ["Nordlicht Werke GmbH & Co. KG", "Soluciones Beta S.A. de C.V."]),
        ("Gadgetron Electronics Co., Ltd., Hanil Chem, Ltd.",
         ["Gadgetron Electronics Co., Ltd.", "Hanil Chem, Ltd."]),
        ("Procter & Gamble Company, The", ["Procter & Gamble Company, The"]),
        # One-word names listed before an "and" are one firm (a real Lens applicant).
        ("MacDonald, Dettwiler and Associates Inc.", ["MacDonald, Dettwiler and Associates Inc."]),
        ("Ernst, Fischer & Hahn GmbH", ["Ernst, Fischer & Hahn GmbH"]),
        ("Farmaco Italia, S.p.A.", ["Farmaco Italia, S.p.A."]),
        # Commas between firms split.
        ("GADGETRON ELECTRONICS CO LTD,HANIL CHEM LTD", ["GADGETRON ELECTRONICS CO LTD", "HANIL CHEM LTD"]),
        ("Kiyomizu Corporation, Hanabishi Corporation", ["Kiyomizu Corporation", "Hanabishi Corporation"]),
        # Google Patents web CSV joins inventors with ", "; "Surname, Given" is one person.
        ("Bruce J. Simon, Joseph P. Errico", ["Bruce J. Simon", "Joseph P. Errico"]),
        ("Smith, John", ["Smith, John"]),
        ("MARECHAL, Thierry", ["MARECHAL, Thierry"]),
        ("VAN DER BERG, Jan Peter", ["VAN DER BERG, Jan Peter"]),
        ("de la Cruz, Maria", ["de la Cruz, Maria"]),
        # Lens: ";;" between parties, so commas stay inside names.
        ("ROBOTEK CORPORATION;;ZHANG, Yimin;;WU, Shuchen",
         ["ROBOTEK CORPORATION", "ZHANG, Yimin", "WU, Shuchen"]),
        ("AMADEO COMPANY, LIMITED;;U.S. AMADEO, LTD.", ["AMADEO COMPANY, LIMITED", "U.S. AMADEO, LTD."]),
        # Chinese separators.
        ("星海大学; 汕头市某玩具有限公司", ["星海大学", "汕头市某玩具有限公司"]),
        ("星海大学；汕头市某玩具有限公司", ["星海大学", "汕头市某玩具有限公司"]),
        ("张三、李四、王五", ["张三", "李四", "王五"]),
        ("张三，李四", ["张三", "李四"]),
        # A Chinese applicant lists its other names in brackets, joined by 、: still one applicant.
        ("星海大学肿瘤中心(星海大学附属医院、星海大学肿瘤研究所);汕头市某玩具有限公司",
         ["星海大学肿瘤中心(星海大学附属医院、星海大学肿瘤研究所)", "汕头市某玩具有限公司"]),
        ("仿翼（北京）科技有限公司、恒诚航空科技（南通）有限公司",
         ["仿翼（北京）科技有限公司", "恒诚航空科技（南通）有限公司"]),
        # Brackets that do not balance are damage: every separator splits as before.
        ("某公司(北京;某大学", ["某公司(北京", "某大学"]),
        # BigQuery's comma-joined co-assignees.
        ("ACME ADVANCED MAT KOREA,ACME CHEMICAL KOREA,ACME BATTERY SEPARATOR FILM",
         ["ACME ADVANCED MAT KOREA", "ACME CHEMICAL KOREA", "ACME BATTERY SEPARATOR FILM"]),
        ("邹某某; 罗某某; 劳某某", ["邹某某", "罗某某", "劳某某"]),
        ("Alpha Ltd|Beta Inc", ["Alpha Ltd", "Beta Inc"]),
        ("Alpha Ltd\nBeta Inc\r\n", ["Alpha Ltd", "Beta Inc"]),
        # Derwent patentee codes are not part of the name.
        ("KIYOMIZU CORP (KIYO-C); HANABISHI DENKI KK(HANA-N)", ["KIYOMIZU CORP", "HANABISHI DENKI KK"]),
        ("TANAKA T (TANA-I)", ["TANAKA T"]),
        # Names stay as written; empties and repeats go.
        ("  Acme Ltd ;; ;Acme Ltd;ACME LTD", ["Acme Ltd", "ACME LTD"]),
        ("Ｓｏｎｏ株式会社", ["Ｓｏｎｏ株式会社"]),
    ],
)
def test_split_parties(raw, names):
    assert party_names(split_parties(raw)) == names


def test_espacenet_countries():
    parties = split_parties("KIYOMIZU CORP [JP]; 汕头市某玩具有限公司 [CN]\nBRIGHTWAVE INC [US] (BRIG-N)")
    assert parties == [Party("KIYOMIZU CORP", "JP"), Party("汕头市某玩具有限公司", "CN"),
                       Party("BRIGHTWAVE INC", "US")]
    assert party_countries(parties) == ["JP", "CN", "US"]
    # A bracket that is no country stays in the name.
    assert split_parties("ACME [XX]") == [Party("ACME [XX]")]


def test_bigquery_records():
    records = [{"name": "KIYOMIZU CORP", "country_code": "JP"},
               {"name": "BRIGHTWAVE INC", "country_code": "us"},
               {"name": "", "country_code": "DE"}, {"name": "KIYOMIZU CORP", "country_code": "JP"}]
    assert split_parties(records) == [Party("KIYOMIZU CORP", "JP"), Party("BRIGHTWAVE INC", "US")]
    parties = split_parties([{"name": "KIYOMIZU CORP", "country_code": "JP"},
                             {"name": "ZHANG, Yimin", "country_code": ""}])
    assert parties == [Party("KIYOMIZU CORP", "JP"), Party("ZHANG, Yimin", None)]
    # Not every party has a country, so the countries are not aligned with the names.
    assert party_countries(parties) == ["JP"]
    assert split_parties({"name": "ACME"}) == [Party("ACME")]


def test_list_items_are_one_party_each():
    assert party_names(split_parties(["Gadgetron Co., Ltd.", "Smith, John", None, "  "])) == [
        "Gadgetron Co., Ltd.", "Smith, John"]
    assert party_names(split_parties(("A; B",))) == ["A; B"]


@pytest.mark.parametrize("raw", [None, "", "   ", ";;", float("nan"), [], {}, b"", "-", "—; -", ["-"]])
def test_empty(raw):
    assert split_parties(raw) == []


def test_known_miss_one_word_firms():
    # Documented price of "Surname, Given": two one-word firm names stay one party.
    assert party_names(split_parties("Kiyomizu, Hanabishi")) == ["Kiyomizu, Hanabishi"]


# --------------------------------------------------------------------------- properties

_name_text = st.text(alphabet="Acme Co.,Ltd; Inc|、，\n[JP](ABCD-C)张三 ", max_size=80)
_records = st.dictionaries(st.sampled_from(["name", "country_code"]), st.text())


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.integers(), st.floats(), st.text(), _name_text,
                 st.lists(st.one_of(st.text(), st.none(), _records), max_size=5)))
def test_never_raises(raw):
    parties = split_parties(raw)
    assert len(parties) <= 1000
    names = party_names(parties)
    assert len(set(names)) == len(names)
    assert all(n and n == n.strip() for n in names)
    assert all(c is None or (len(c) == 2 and c.isupper()) for c in (p.country for p in parties))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcXYZ 张三", min_size=1, max_size=12).map(str.strip).filter(bool),
                min_size=1, max_size=8, unique=True))
def test_semicolons_round_trip(names):
    assert party_names(split_parties("; ".join(names))) == names


@pytest.mark.parametrize(
    "cell",
    ["CO., " * 20_000, "Acme, " * 20_000, ", " * 500_000, "Smith, John;;" * 10_000, " " * 1_000_000 + "[JP]",
     "A" * 1_000_000 + " (ABCD-C)", "\ud800, Inc." * 10_000, "、" * 1_000_000, "[" * 1_000_000,
     [f"Firm {i} Ltd" for i in range(100_000)]],
)
def test_hostile_cells_are_fast(cell):
    # A hang guard, not a speed test: these cells take ~0.05 s; a quadratic
    # split of a 1 MB cell takes minutes, so a loose bound still fails it.
    start = time.perf_counter()
    parties = split_parties(cell)
    assert time.perf_counter() - start < 10
    assert len(parties) <= 1000


def test_comma_joined_co_assignees_reach_applicants_norm_each(tmp_path):
    # BigQuery's `assignees` and Google Patents' `assignee` join co-assignees with commas.
    from conftest import read_export

    path = tmp_path / "bigquery.csv"
    path.write_text(
        "publication_number,title,abstract,publication_date,assignees\n"
        'KR-102000001-B1,Separator film,A porous film.,20230105,'
        '"ACME ADVANCED MAT KOREA CO LTD,ACME CHEMICAL KOREA CO LTD,恒诚航空科技（南通）有限公司"\n',
        encoding="utf-8")
    _, records, errors = read_export(path)
    assert not errors
    (record,) = records.values()
    assert record.applicants == ["ACME ADVANCED MAT KOREA CO LTD", "ACME CHEMICAL KOREA CO LTD",
                                 "恒诚航空科技（南通）有限公司"]
    assert record.applicants_norm == ["ACME ADVANCED MAT KOREA", "ACME CHEMICAL KOREA", "恒诚航空科技（南通）"]
