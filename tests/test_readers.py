"""Every reader on a tiny hand-written export of its real layout: detection, counts, exact fields.

The fixtures in tests/fixtures are made-up records in the exact column layout of each
export. Excel and GB18030 files are written at test time from the literals below, so no
binary file is committed.
"""
from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import read_export

D = dt.date

# --------------------------------------------------------------------------- Lens.org


def test_lens_csv(fixtures, read):
    name, recs, errors = read(fixtures / "lens.csv")
    assert name == "lens"
    assert not errors
    assert sorted(recs) == [2, 3, 4, 5]  # header is row 1
    r = recs[2]
    assert r.id == "US20230123456A1"
    assert r.title == "SNAP-FIT BUILDING BLOCK WITH HIDDEN MAGNET"
    assert r.abstract is None
    assert r.applicants == ["SHANTOU EXAMPLE TOYS CO LTD", "BRICKWORKS INC"]
    assert r.applicants_norm == ["SHANTOU EXAMPLE TOYS", "BRICKWORKS"]
    assert r.ipc == ["A63H33/04", "A63H33/26"]  # "A63H 33/04;;A63H 33/26"
    assert (r.filing_date, r.publication_date) == (D(2022, 3, 14), D(2023, 4, 20))
    assert (r.country, r.kind, r.doc_type) == ("US", "A1", "application")
    assert (r.legal_status, r.legal_status_raw) == ("pending", "PENDING")
    assert r.lang == "en"
    assert r.source == "lens.csv#2"
    assert r.extra == {}  # "Publication Year" is derived, not kept

    assert recs[3].title == "TOY VEHICLE TRACK, MODULAR AND FOLDABLE"  # quoted comma
    assert recs[3].id == "WO2024012345A1"
    cn = recs[4]
    assert (cn.id, cn.country, cn.doc_type) == ("CN117000001B", "CN", "grant")
    assert cn.applicants == ["Shantou Example Toys Co., Ltd."]  # a comma does not split a name
    assert cn.applicants_norm == ["SHANTOU EXAMPLE TOYS"]
    assert recs[5].ipc == ["A63H3/28", "G10K15/04"]


def test_lens_csv_with_abstract_and_extra_columns(fixtures, read):
    name, recs, errors = read(fixtures / "lens_abstract.csv")
    assert name == "lens"
    assert not errors
    assert sorted(recs) == [2, 3, 4]
    r = recs[2]
    assert r.id == "US11500001B2"
    assert r.abstract.startswith("A set of flat tiles, each holding a hidden magnet")
    assert r.priority_date == D(2019, 12, 3)
    assert r.cpc == ["A63H33/046", "A63H33/04"]
    assert r.ipc == ["A63H33/04"]
    assert r.doc_type == "grant"
    # known columns are fields now; unmapped ones are kept; '#' and 'URL' are not worth keeping
    assert r.extra == {"Lens ID": "001-234-567-890-123"}
    assert (r.application_number, r.inventors, r.family_size) == ("US17123456", ["DOE JANE", "ROE RICHARD"], 2)
    assert (recs[3].id, recs[3].doc_type) == ("CN218000001U", "utility_model")
    assert recs[3].cpc == []
    assert recs[4].abstract is None and recs[4].id == "JP2024500001A"


# --------------------------------------------------------------------------- CNKI


def test_cnki_csv_with_bom_and_bilingual_headers(fixtures, read):
    assert (fixtures / "cnki.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    name, recs, errors = read(fixtures / "cnki.csv")
    assert name == "cnki"
    assert not errors
    assert sorted(recs) == [2, 3, 4]
    r = recs[2]
    assert r.id == "CN117000002A"
    assert r.title == "一种带磁铁的拼插积木"
    assert r.abstract.startswith("本发明公开了一种带磁铁的拼插积木,包括")
    assert r.applicants == ["汕头市示例玩具有限公司"]
    assert r.applicants_norm == ["汕头市示例玩具"]
    assert r.ipc == ["A63H33/04", "A63H33/26"]  # the CLC column holds IPC codes, trailing ';'
    assert r.publication_date == D(2024, 5, 10)  # 2024/5/10
    assert (r.country, r.kind, r.doc_type, r.lang) == ("CN", "A", "application", "zh")
    assert r.source == "cnki.csv#2"
    assert r.extra == {"SrcDatabase-来源库": "中国专利", "Claims-主权项": "1.一种带磁铁的拼插积木,其特征在于:包括积木本体。",
                       "Label-标签": "0"}
    assert (r.inventors, r.province) == (["张小明", "王丽"], "广东省")
    assert recs[3].applicants == ["示例大学", "汕头市示例玩具有限公司"]
    assert recs[3].doc_type == "utility_model"
    assert recs[4].doc_type == "grant"


# --------------------------------------------------------------------------- PatSnap / CNIPA / incoPat

CN_HEADER = ["公开(公告)号", "申请号", "标题", "标题 (译)(English)", "摘要", "摘要 (译)(English)", "申请日",
             "公开(公告)日", "申请(专利权)人", "[标]当前申请(专利权)人", "IPC分类号", "IPC主分类号", "法律状态", "受理局"]
CN_ROWS = [
    ["CN117000031A", "CN202310000031.2", "一种带磁铁的拼插积木", "Snap-fit building block with hidden magnet",
     "本发明公开了一种带磁铁的拼插积木，积木内藏磁铁。", "A snap-fit building block hides a magnet.",
     "2023-01-05", "2023-04-07", "汕头市示例玩具有限公司; 示例大学", "汕头示例玩具", "A63H33/26; A63H33/04",
     "A63H33/04", "实质审查", "CN"],
    ["CN218000032U", "CN202222000032.X", "一种积木分拣装置", "Block sorting device",
     "本实用新型公开了一种积木分拣装置。", "", "2022-08-09", "2023-01-06", "示例收纳用品有限公司", "",
     "B07C5/00", "B07C5/00", "授权", "中国"],
    ["CN116000033B", "CN202210000033.3", "一种会唱歌的毛绒玩具", "Singing plush toy",
     "本发明公开了一种会唱歌的毛绒玩具。", "", "2022-01-10", "2024-02-20", "汕头市示例玩具有限公司", "",
     "A63H3/28", "A63H3/28", "授权", "CN"],
]


@pytest.fixture
def patsnap_gb18030(tmp_path) -> Path:
    """A PatSnap CSV as Chinese Windows saves it: GB18030, no BOM."""
    path = tmp_path / "patsnap.csv"
    with open(path, "w", encoding="gb18030", newline="") as f:
        w = csv.writer(f)
        w.writerow(CN_HEADER)
        w.writerows(CN_ROWS)
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    return path


def test_patsnap_csv_in_gb18030(patsnap_gb18030, read):
    name, recs, errors = read(patsnap_gb18030)
    assert name == "patsnap"  # its [标] and (译) columns say so
    assert not errors
    assert sorted(recs) == [2, 3, 4]
    r = recs[2]
    assert r.id == "CN117000031A"
    assert r.title == "一种带磁铁的拼插积木"
    assert r.abstract == "本发明公开了一种带磁铁的拼插积木，积木内藏磁铁。"
    assert r.applicants == ["汕头市示例玩具有限公司", "示例大学"]
    assert r.applicants_norm == ["汕头市示例玩具", "示例大学"]
    assert r.ipc == ["A63H33/04", "A63H33/26"]  # the main IPC first
    assert (r.filing_date, r.publication_date) == (D(2023, 1, 5), D(2023, 4, 7))
    assert (r.country, r.doc_type, r.lang, r.legal_status) == ("CN", "application", "zh", "pending")
    assert r.legal_status_raw == "实质审查"
    assert r.source == "patsnap.csv#2"
    assert r.extra == {}
    assert r.application_number == "CN202310000031"  # CN202310000031.2, check digit dropped
    assert r.current_owners == ["汕头示例玩具"]  # [标]当前申请(专利权)人
    assert r.translations == {"title": {"en": "Snap-fit building block with hidden magnet"},
                              "abstract": {"en": "A snap-fit building block hides a magnet."}}
    assert recs[3].translations == {"title": {"en": "Block sorting device"}}
    assert recs[3].country == "CN"  # 受理局 written as 中国
    assert recs[3].doc_type == "utility_model"


def test_incopat_csv_with_full_width_brackets_and_a_title_line(fixtures, read):
    name, recs, errors = read(fixtures / "incopat.csv")
    assert name == "incopat"  # the title line says so
    assert not errors
    assert sorted(recs) == [3, 4, 5]  # title line 1, header row 2
    r = recs[3]
    assert r.id == "CN117000004A"
    assert r.title == "一种电动遥控积木车"
    assert r.applicants == ["汕头市示例玩具有限公司", "示例大学"]  # full-width ；
    assert r.ipc == ["A63H30/04", "A63H33/04"]
    assert (r.filing_date, r.publication_date) == (D(2023, 1, 5), D(2023, 4, 7))
    assert r.extra == {}  # 序号 (row number) is not kept
    assert r.application_number == "CN202310000004"
    us = recs[5]
    assert (us.id, us.country, us.lang, us.doc_type) == ("US20230123457A1", "US", "en", "application")
    assert us.applicants_norm == ["BRICKWORKS"]


# --------------------------------------------------------------------------- Excel (PatSnap style)

XLSX_TITLE_ROWS = [["PatSnap 专利数据导出"], ["检索式: TAC:(积木 AND 磁铁)", None, None, "导出时间: 2024-06-01"]]


def write_xlsx(path: Path, rows: list[list], sheet_title: str = "专利") -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def patsnap_xlsx(tmp_path) -> Path:
    rows = [list(r) for r in CN_ROWS]
    rows[0][6] = dt.datetime(2023, 1, 5)  # a real Excel date cell
    rows[0][7] = 45036  # a date stored as a serial number: 2023-04-20
    rows[1][7] = "待公开"  # not a date at all
    return write_xlsx(tmp_path / "patsnap.xlsx", XLSX_TITLE_ROWS + [CN_HEADER] + rows)


def test_patsnap_xlsx_with_two_title_rows_and_excel_dates(patsnap_xlsx, read):
    name, recs, errors = read(patsnap_xlsx)
    assert name == "patsnap"
    assert not errors
    assert sorted(recs) == [4, 5, 6]  # the sheet's own row numbers: header on row 3
    r = recs[4]
    assert r.id == "CN117000031A"
    assert r.filing_date == D(2023, 1, 5)
    assert r.publication_date == D(2023, 4, 20)
    assert r.ipc == ["A63H33/04", "A63H33/26"]
    assert r.source == "patsnap.xlsx#4"
    bad = recs[5]
    assert bad.id == "CN218000032U"
    assert bad.publication_date is None
    assert bad.filing_date == D(2022, 8, 9)
    assert bad.extra["publication_date_raw"] == "待公开"
    assert any("publication_date" in w and "待公开" in w for w in bad.extra["warnings"])


def test_xlsx_data_on_a_later_sheet_is_found(tmp_path, read):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    ws = wb.create_sheet("数据")
    ws.append(["Display Key", "Jurisdiction", "Title", "Applicants"])
    ws.append(["CN 117000041 A", "CN", "Toy drone with soft guard", "Shantou Example Toys Co., Ltd."])
    wb.save(tmp_path / "lens.xlsx")
    name, recs, errors = read(tmp_path / "lens.xlsx")
    assert name == "lens"
    assert [r.id for r in recs.values()] == ["CN117000041A"]


# --------------------------------------------------------------------------- Google Patents BigQuery


def test_google_patents_bigquery_csv(fixtures, read):
    name, recs, errors = read(fixtures / "google_patents.csv")
    assert name == "google-patents"
    assert not errors
    assert sorted(recs) == [2, 3, 4]
    r = recs[2]
    assert r.id == "US11000001B2"  # US-11000001-B2
    assert r.title == "Magnetic building block toy"
    assert r.abstract == "A toy building block holds a magnet in a cavity, so that blocks join without studs."
    assert r.ipc == ["A63H33/04", "A63H33/08"]  # a Python-literal list cell
    assert r.cpc == ["A63H33/046", "A63H33/04"]
    assert r.publication_date == D(2021, 5, 11)  # 20210511
    assert (r.country, r.kind, r.doc_type, r.family_id, r.lang) == ("US", "B2", "grant", "71234567", "en")
    assert r.source == "google_patents.csv#2"
    # the unnamed index column and the embedding are dropped; the rest is kept
    assert r.extra == {"uspc_code": "['446/92.', '446/124.']", "valid": "True"}
    assert r.cites == ["US2004174496A1", "KR20100006652A"]  # refs
    assert recs[3].cpc == ["A63H1/00"] and recs[3].ipc == ["A63H1/00", "F21V33/00"]
    assert recs[4].cpc == []  # "[]"


# --------------------------------------------------------------------------- JSON Lines (USPTO sample)


def test_uspto_jsonl(fixtures, read):
    name, recs, errors = read(fixtures / "uspto.jsonl")
    assert name == "jsonl"
    assert not errors
    assert sorted(recs) == [1, 2, 3]  # line numbers
    r = recs[1]
    assert r.id == "US6836996"  # US06836996-20050104: padding and date removed
    assert r.title is None
    assert r.abstract.startswith("A snap-fit building block has a hidden magnet")
    assert r.cpc == ["A63H33/04", "A63H33/26"]
    assert r.publication_date == D(2005, 1, 4)
    assert (r.country, r.lang) == ("US", "en")
    assert r.source == "uspto.jsonl#1"
    assert recs[2].cpc == []


def test_jsonl_bad_lines_become_row_errors(tmp_path, read):
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"patent_id": "US07000051-20060101", "abstract": "A toy kite with a folding spar."}\n'
        '{"patent_id": "US07000052-20060101", "abstract": "cut off\n'
        '["not", "an", "object"]\n'
        '{"patent_id": "", "abstract": "no number here"}\n'
        '{"patent_id": "US07000055-20060101", "abstract": "A yo-yo with a clutch."}\n', encoding="utf-8")
    name, recs, errors = read(path)
    assert name == "jsonl"
    assert sorted(recs) == [1, 5]
    assert "not valid JSON" in errors[2].reason
    assert "not an object" in errors[3].reason
    assert errors[4].reason == "no publication number"
    assert "no number here" in errors[4].raw


# --------------------------------------------------------------------------- Parquet


def test_parquet_with_generic_columns(tmp_path, read):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "publication_number": ["CN117000061A", "US-11000062-B2"],
        "title": ["一种拼插积木", "Toy robot arm"],
        "assignee": [["汕头市示例玩具有限公司"], ["Brickworks Inc.", "Example Playthings GmbH"]],
        "cpc": [["A63H33/04"], ["A63H13/00", "B25J9/00"]],
        "publication_date": [dt.date(2023, 4, 7), dt.date(2021, 5, 11)],
        "notes": ["x", None],
    })
    pq.write_table(table, tmp_path / "export.parquet")
    name, recs, errors = read(tmp_path / "export.parquet")
    assert name == "parquet"
    assert not errors
    assert sorted(recs) == [1, 2]
    r = recs[2]
    assert r.id == "US11000062B2"
    assert r.applicants == ["Brickworks Inc.", "Example Playthings GmbH"]
    assert r.applicants_norm == ["BRICKWORKS", "EXAMPLE PLAYTHINGS"]
    assert r.cpc == ["A63H13/00", "B25J9/00"]
    assert r.publication_date == D(2021, 5, 11)
    assert recs[1].extra == {"notes": "x"}
    assert recs[1].lang == "zh"


# --------------------------------------------------------------------------- PatentsView


def test_patentsview_folder(fixtures, read):
    name, recs, errors = read(fixtures / "patentsview")
    assert name == "patentsview"
    assert not errors
    assert sorted(recs) == [2, 3, 4]
    r = recs[2]
    assert r.id == "US11000001B2"
    assert r.title == "Magnetic building block toy"
    assert r.abstract == "A toy building block holds a magnet in a cavity so that blocks join without studs."
    assert r.cpc == ["A63H33/046", "A63H33/26"]  # in cpc_sequence order, not file order
    assert r.applicants == ["Brickworks Inc.", "Shantou Example Toys Co., Ltd."]
    assert r.applicants_norm == ["BRICKWORKS", "SHANTOU EXAMPLE TOYS"]
    assert r.publication_date == D(2021, 5, 11)
    assert r.filing_date == D(2019, 8, 2)  # from g_application
    assert r.ipc == ["A63H33/04"]  # from g_ipc_at_issue's section/class/subclass/group columns
    assert (r.country, r.kind, r.doc_type, r.lang) == ("US", "B2", "grant", "en")
    assert r.source == "patentsview/g_patent.tsv#2"
    assert r.extra == {"patent_type": "utility", "withdrawn": "0"}
    assert r.claims_count == 12
    assert recs[3].title == "Toy track with folding segments, and clip"
    assert recs[3].applicants == []
    design = recs[4]
    assert (design.id, design.doc_type) == ("USD900003S1", "design")
    assert design.applicants == ["Jane Doe"]  # an individual assignee
    assert design.abstract is None


def test_patentsview_patent_table_named_alone_joins_the_tables_beside_it(fixtures, read):
    for fmt in (None, "patentsview"):
        name, recs, errors = read(fixtures / "patentsview" / "g_patent.tsv", fmt=fmt)
        assert name == "patentsview"
        assert not errors
        assert recs[2].id == "US11000001B2"  # not quarantined as a bare number
        assert recs[2].cpc == ["A63H33/046", "A63H33/26"]
        assert recs[2].source == "patentsview/g_patent.tsv#2"


def test_patentsview_other_table_named_alone_says_import_the_folder(fixtures):
    from landscape.ingest.base import IngestError
    from landscape.ingest.detect import detect

    path = fixtures / "patentsview" / "g_patent_abstract.tsv"
    with pytest.raises(IngestError, match="import the folder") as err:
        detect(path)
    assert str(path) in str(err.value)
    with pytest.raises(IngestError, match="import the folder"):
        list(detect(fixtures / "lens.csv", fmt="patentsview").read(fixtures / "lens.csv"))


# --------------------------------------------------------------------------- id-… abstract-… lines


def test_abstract_lines_with_class_folder_and_year_file(fixtures, read):
    path = fixtures / "lines" / "ClassA63H33-00" / "Date2016-2017.txt"
    name, recs, errors = read(path)
    assert name == "abstract-lines"
    assert not errors
    assert sorted(recs) == [1, 2, 3]
    zh, en, empty = recs[1], recs[2], recs[3]
    assert zh.id == "CN106000011A"
    assert zh.abstract == "本发明公开了一种带磁铁的拼插积木，积木之间通过隐藏的磁铁连接。"
    assert (zh.lang, zh.country, zh.doc_type) == ("zh", "CN", "application")
    assert zh.cpc == ["A63H33/00"]  # from the folder name
    assert zh.year_hint == 2016  # from the file name
    assert zh.publication_date is None
    assert zh.source == "ClassA63H33-00/Date2016-2017.txt#1"
    assert (en.id, en.lang) == ("US20160300012A1", "en")
    assert empty.id == "JP2016500013A"
    assert empty.abstract is None and empty.lang is None
    assert empty.cpc == ["A63H33/00"]


def test_line_separators_inside_text_do_not_split_a_record(tmp_path, read):
    # U+2028 and U+0085 are line breaks to str.splitlines() but ordinary text to JSON.
    folder = tmp_path / "ClassA63H33-00"
    folder.mkdir()
    lines = folder / "Date2018-2019.txt"
    lines.write_text("id-US20180000091A1    abstract-A block\u2028with a magnet.\n"
                     "id-US20180000092A1    abstract-A top\x85that glows.\n", encoding="utf-8")
    name, recs, errors = read(lines)
    assert not errors
    assert [r.abstract for r in recs.values()] == ["A block\u2028with a magnet.", "A top\x85that glows."]
    jsonl = tmp_path / "sample.jsonl"
    jsonl.write_text('{"patent_id": "US07000093-20060101", "abstract": "A kite\u2028with a tail."}\n'
                     '{"patent_id": "US07000094-20060101", "abstract": "A yo-yo."}\n', encoding="utf-8")
    name, recs, errors = read(jsonl)
    assert name == "jsonl"
    assert not errors
    assert recs[1].abstract == "A kite\u2028with a tail."
    assert sorted(recs) == [1, 2]


def test_abstract_lines_bad_line_is_a_row_error(tmp_path, read):
    folder = tmp_path / "ClassA63H3-28"
    folder.mkdir()
    path = folder / "Date2019-2020.txt"
    path.write_text("id-CN110000071A    abstract-一种会说话的布娃娃。\n"
                    "this line lost its prefix\n"
                    "id-US20190000073A1    abstract-A talking rag doll.\n", encoding="utf-8")
    name, recs, errors = read(path)
    assert name == "abstract-lines"
    assert sorted(recs) == [1, 3]
    assert "id-" in errors[2].reason
    assert recs[3].cpc == ["A63H3/28"]
    assert recs[3].year_hint == 2019


# --------------------------------------------------------------------------- generic table with --column

GENERIC_COLUMNS = {"id": "Doc Number", "title": "Invention Name", "applicants": "Owner(s)",
                   "filing_date": "Filed On", "ipc": "Classes"}


@pytest.mark.parametrize("fmt", ["generic", None])
def test_generic_table_with_column_overrides(fixtures, read, fmt):
    name, recs, errors = read(fixtures / "generic.csv", fmt=fmt, columns=GENERIC_COLUMNS)
    assert name == "generic"
    assert not errors
    assert sorted(recs) == [2, 3]
    r = recs[2]
    assert r.id == "CN117000021A"
    assert r.title == "Magnetic marble run"
    assert r.applicants == ["Shantou Example Toys Co. Ltd.", "Brickworks Inc."]
    assert r.applicants_norm == ["SHANTOU EXAMPLE TOYS", "BRICKWORKS"]
    assert r.filing_date == D(2023, 2, 1)
    assert r.ipc == ["A63H33/04", "A63F7/02"]
    assert r.extra == {"Notes": "first sample"}
    assert recs[3].filing_date == D(2023, 2, 2)
    assert recs[3].applicants_norm == ["示例教具"]


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_generic_json_lines_with_column_overrides(tmp_path, read, suffix):
    path = tmp_path / f"export{suffix}"
    path.write_text('{"Doc Number": "CN117000023A", "Invention Name": "一种会飞的积木", "Notes": "x"}\n',
                    encoding="utf-8")
    name, recs, errors = read(path, fmt="generic", columns=GENERIC_COLUMNS)
    assert name == "jsonl"
    assert [(r.id, r.title, r.extra) for r in recs.values()] == [("CN117000023A", "一种会飞的积木", {"Notes": "x"})]


def test_generic_xlsx_with_column_overrides(tmp_path, read):
    path = write_xlsx(tmp_path / "mine.xlsx", [
        ["Doc Number", "Invention Name", "Filed On"],
        ["CN117000081A", "Bath toy that changes colour", dt.datetime(2023, 3, 1, 0, 0)],
        ["CN117000082A", "Wooden stacking rings", 44986],  # serial 44986 = 2023-03-01
    ])
    name, recs, errors = read(path, fmt="generic", columns=GENERIC_COLUMNS)
    assert name == "generic"
    assert [r.filing_date for r in recs.values()] == [D(2023, 3, 1), D(2023, 3, 1)]


# --------------------------------------------------------------------------- property: CSV round trip

_TITLE_CHARS = "积木磁铁玩具一种带的拼插ab Z0,，\"'\n\r\t\u3000;|-[]"
_LAYOUT_HEADERS = {
    "cn-export": ["公开(公告)号", "标题", "申请(专利权)人", "摘要"],
    "lens": ["Display Key", "Title", "Applicants", "Abstract"],
}


@st.composite
def _tables(draw):
    numbers = draw(st.lists(st.integers(1_000_000, 9_999_999), min_size=1, max_size=6, unique=True))
    rows = []
    for number in numbers:
        kind = draw(st.sampled_from("ABU"))
        title = draw(st.text(_TITLE_CHARS, min_size=0, max_size=20))
        rows.append((f"CN{number}{kind}", title))
    layout = draw(st.sampled_from(sorted(_LAYOUT_HEADERS)))
    encoding = draw(st.sampled_from(["utf-8-sig", "gb18030"]))
    return layout, encoding, rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tables())
def test_csv_round_trip_ids_and_titles(table):
    layout, encoding, rows = table
    # An all-ASCII GB18030 file is also valid UTF-8; nothing can tell them apart, nor need to.
    assume(not (layout == "lens" and encoding == "gb18030"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.csv"
        with open(path, "w", encoding=encoding, newline="") as f:
            w = csv.writer(f)
            w.writerow(_LAYOUT_HEADERS[layout])
            for pub, title in rows:
                w.writerow([pub, title, "汕头市示例玩具有限公司", "一种拼插积木。"])
        name, recs, errors = read_export(path)
    assert name == layout
    assert not errors
    assert sorted(recs) == list(range(2, len(rows) + 2))
    got = [(recs[n].id, recs[n].title) for n in sorted(recs)]
    assert got == [(pub, title.strip() or None) for pub, title in rows]


# --------------------------------------------------------------------------- .xls and HTML "xls"

XLS_ROWS = [["incoPat 专利检索结果导出"],
            ["序号", "公开（公告）号", "申请号", "标题", "申请日", "申请人", "IPC"],
            [1, "CN117000091A", "CN202310000091.5", "一种磁力积木", dt.datetime(2023, 1, 5), "汕头市示例玩具有限公司", "A63H33/04"],
            [2, "CN117000092A", "CN202310000092.X", "一种遥控车", dt.datetime(2023, 2, 6), "示例大学", "A63H30/04"]]


def test_old_excel_xls_export(tmp_path, read):
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("专利")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for i, row in enumerate(XLS_ROWS):
        for j, v in enumerate(row):
            ws.write(i, j, v, date_style) if isinstance(v, dt.datetime) else ws.write(i, j, v)
    path = tmp_path / "incopat.xls"
    wb.save(str(path))
    name, recs, errors = read(path)
    assert name == "incopat" and not errors
    assert sorted(recs) == [3, 4]
    r = recs[3]
    assert (r.id, r.title, r.filing_date, r.applicants, r.application_number) == (
        "CN117000091A", "一种磁力积木", D(2023, 1, 5), ["汕头市示例玩具有限公司"], "CN202310000091")


def test_html_table_saved_as_xls(tmp_path, read):
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>\n" for r in [
        ["公开号", "标题", "申请人", "申请日"],
        ["CN117000093A", "一种发光&amp;发声积木", "示例玩具厂<br>示例大学", "2023-03-01"]])
    path = tmp_path / "export.xls"
    path.write_text(f"<html><head><meta charset='utf-8'></head><body><table>{rows}</table></body></html>",
                    encoding="utf-8")
    name, recs, errors = read(path)
    assert not errors
    (r,) = recs.values()
    assert (r.id, r.title, r.applicants, r.filing_date) == ("CN117000093A", "一种发光&发声积木",
                                                            ["示例玩具厂", "示例大学"], D(2023, 3, 1))


def test_a_quoted_title_holding_semicolons_and_a_carriage_return_keeps_the_comma(tmp_path, read):
    """Split by ";", such a title cut its quoted field open into more rows of two cells than the
    comma gave rows of four; the separator must still be the comma (found by the round trip above)."""
    path = tmp_path / "export.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["公开(公告)号", "标题", "申请(专利权)人", "摘要"])
        for pub, title in (("CN1000000A", ";\r;0"), ("CN1000001A", ";\r;\r"), ("CN1000002A", ";\r;")):
            w.writerow([pub, title, "汕头市示例玩具有限公司", "一种拼插积木。"])
    name, recs, errors = read(path)
    assert name == "cn-export" and not errors
    assert [recs[n].title for n in sorted(recs)] == [";\r;0", ";\r;", ";\r;"]
