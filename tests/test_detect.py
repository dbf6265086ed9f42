"""Detection and bad input: every way an export can be broken gives one clear sentence naming
the file, or a RowError for the one row, and never a crash or a silent loss."""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from landscape.ingest.base import IngestError
from landscape.ingest.detect import FORMATS, detect, expand, reader_for_format

LENS_HEADER = "Display Key,Jurisdiction,Title,Application Date,Publication Date,Publication Year,Applicants,IPCR Classifications,Document Type,Legal Status\n"
LENS_ROWS = [
    "CN 117000101 A,CN,Magnetic fishing game,2022-01-01,2022-05-01,2022,Shantou Example Toys Co. Ltd.,A63F9/30,Patent Application,PENDING\n",
    "CN 117000102 A,CN,Balance board for toddlers,2022-01-02,2022-05-02,2022,Example Playthings GmbH,A63B22/18,Patent Application,PENDING\n",
]


def _lens(tmp_path: Path, *rows: str, name: str = "lens.csv") -> Path:
    path = tmp_path / name
    path.write_text(LENS_HEADER + "".join(rows), encoding="utf-8")
    return path


def _read_all(path: Path):
    return list(detect(path).read(path))


# --------------------------------------------------------------------------- whole-file errors


@pytest.mark.parametrize("content", [b"", b"  \r\n\n  \t\n"], ids=["zero-bytes", "only-whitespace"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(IngestError, match="empty") as err:
        detect(path)
    assert str(path) in str(err.value)


def test_binary_file(tmp_path):
    path = tmp_path / "picture.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(IngestError, match="binary file") as err:
        detect(path)
    assert str(path) in str(err.value)


def test_damaged_old_xls_file(tmp_path):
    path = tmp_path / "export.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    with pytest.raises(IngestError, match=r"\.xls") as err:
        detect(path)
    assert str(path) in str(err.value)
    assert "damaged" in str(err.value) and "re-save it" in str(err.value)


def test_xls_named_with_format_still_says_xls(tmp_path):
    path = tmp_path / "export.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    with pytest.raises(IngestError, match=r"\.xls") as err:
        list(detect(path, fmt="cn-export").read(path))
    assert str(path) in str(err.value)


def test_truncated_csv_keeps_rows_before_then_says_so(tmp_path):
    path = _lens(tmp_path, *LENS_ROWS,
                 'CN 117000103 A,CN,"Toy car with a pull-back motor, and a')  # cut off mid-field
    rows = []
    with pytest.raises(IngestError) as err:
        for n, rec in detect(path).read(path):
            rows.append((n, rec.id))
    assert rows == [(2, "CN117000101A"), (3, "CN117000102A")]
    msg = str(err.value)
    assert str(path) in msg
    assert "quoted field" in msg and "truncated" in msg and "row 4" in msg


def test_unclosed_quote_mid_file_is_reported_not_swallowed(tmp_path):
    # Leniently parsed, the stray quote would turn the rest of the file into one title.
    path = _lens(tmp_path, LENS_ROWS[0], 'CN 117000104 A,CN,"Spinning top\n', LENS_ROWS[1])
    rows = []
    with pytest.raises(IngestError, match="quoted field") as err:
        for n, rec in detect(path).read(path):
            rows.append(n)
    assert rows == [2]
    assert str(path) in str(err.value)


def test_damaged_xlsx(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["公开(公告)号", "标题"])
    for i in range(50):
        wb.active.append([f"CN1170002{i:02d}A", "一种拼插积木"])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    path = tmp_path / "patsnap.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError, match="damaged or truncated") as err:
        _read_all(path)
    assert str(path) in str(err.value)


def test_xlsx_with_corrupted_sheet_data(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["公开(公告)号", "标题"])
    for i in range(300):
        wb.active.append([f"CN117{i:06d}A", "一种带磁铁的拼插积木" * 3])
    buf = io.BytesIO()
    wb.save(buf)
    data = bytearray(buf.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    for k in range(40):
        data[middle + k] ^= 0x5A  # damage inside the compressed sheet, the zip index intact
    path = tmp_path / "patsnap.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(IngestError, match="damaged") as err:
        _read_all(path)
    assert str(path) in str(err.value)


def test_xlsx_saved_under_another_suffix_is_still_read(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Display Key", "Title", "Applicants"])
    wb.active.append(["CN 117000201 A", "Rocking horse with springs", "Example Playthings GmbH"])
    path = tmp_path / "export.csv"  # an .xlsx renamed, as download tools do
    wb.save(path)
    (n, rec), = _read_all(path)
    assert (n, rec.id) == (2, "CN117000201A")


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "export.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    with pytest.raises(IngestError, match="damaged") as err:
        _read_all(path)
    assert str(path) in str(err.value)


def test_xlsx_with_only_empty_sheets(tmp_path):
    import openpyxl

    openpyxl.Workbook().save(tmp_path / "blank.xlsx")
    with pytest.raises(IngestError) as err:
        _read_all(tmp_path / "blank.xlsx")
    assert str(tmp_path / "blank.xlsx") in str(err.value)


# --------------------------------------------------------------------------- encodings


def test_gb18030_bytes_decode(tmp_path):
    text = "公开(公告)号,标题,申请(专利权)人\nCN117000301A,一种带磁铁的拼插积木,汕头市示例玩具有限公司\n"
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("gb18030"))
    (n, rec), = _read_all(path)
    assert (n, rec.id, rec.title, rec.applicants) == (2, "CN117000301A", "一种带磁铁的拼插积木", ["汕头市示例玩具有限公司"])


def test_gb18030_file_cut_inside_a_character(tmp_path):
    text = "公开(公告)号,标题,申请(专利权)人\nCN117000301A,一种陀螺,汕头市示例玩具有限公司\nCN117000302A,一种积木,示例大学\n"
    data = text.encode("gb18030")
    path = tmp_path / "export.csv"
    path.write_bytes(data[:-2])  # the last byte of 学 and the newline are lost
    rows = _read_all(path)
    assert [(n, rec.id) for n, rec in rows] == [(2, "CN117000301A"), (3, "CN117000302A")]
    assert rows[0][1].applicants == ["汕头市示例玩具有限公司"]


def test_utf8_file_with_a_few_gbk_bytes_does_not_crash(tmp_path):
    # One cell pasted from a GBK file into a UTF-8 export: no encoding decodes every byte.
    data = ("公开(公告)号,标题\nCN117000311A,一种积木\n".encode("utf-8")
            + "CN117000312A,".encode() + "一种陀螺".encode("gbk") + b"\n"
            + "CN117000313A,一种拼图\n".encode("utf-8"))
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    try:
        rows = _read_all(path)
    except IngestError as err:  # acceptable: a clear sentence naming the file
        assert str(path) in str(err)
        return
    ids = [rec.id for _, rec in rows if hasattr(rec, "id")]
    assert "CN117000311A" in ids and "CN117000313A" in ids


def test_utf16_tab_separated_with_title_line(tmp_path):
    # Excel's "Unicode text" save of a PatSnap sheet: UTF-16 with BOM, tabs, title row kept.
    text = ("PatSnap 专利数据导出\n"
            "公开(公告)号\t标题\t申请(专利权)人\t申请日\n"
            "CN117000321A\t一种带磁铁的拼插积木\t汕头市示例玩具有限公司\t2023/1/5\n")
    path = tmp_path / "export.txt"
    path.write_bytes(text.encode("utf-16"))
    (n, rec), = _read_all(path)
    assert (n, rec.id, rec.title) == (3, "CN117000321A", "一种带磁铁的拼插积木")
    assert rec.filing_date.isoformat() == "2023-01-05"


def test_csv_saved_from_excel_with_a_title_row_and_semicolons(tmp_path):
    # European Excel saves ';'-separated; the title row keeps its empty cells.
    text = ("PatSnap 专利数据导出;;\n"
            "公开(公告)号;标题;申请(专利权)人\n"
            "CN117000331A;一种积木, 带磁铁;汕头市示例玩具有限公司\n")
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8-sig")
    (n, rec), = _read_all(path)
    assert (n, rec.id, rec.title) == (3, "CN117000331A", "一种积木, 带磁铁")


def test_quotes_inside_quoted_fields_read_as_one_quote(tmp_path):
    path = tmp_path / "lens.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([
            LENS_HEADER.strip().split(","),
            ["US 11000401 B2", "US", 'Toy "magic" wand, with lights', "", "", "", "Brickworks Inc.", "", "", ""],
        ])
    (n, rec), = _read_all(path)
    assert rec.title == 'Toy "magic" wand, with lights'
    assert rec.applicants == ["Brickworks Inc."]


# --------------------------------------------------------------------------- unknown layouts


def test_unknown_layout_names_file_columns_found_and_expected(tmp_path):
    path = tmp_path / "mystery.csv"
    path.write_text("Ref,Heading,Who\nX1,Kite,Someone\n", encoding="utf-8")
    with pytest.raises(IngestError) as err:
        detect(path)
    msg = str(err.value)
    assert str(path) in msg
    assert "unknown layout" in msg
    assert "Ref, Heading, Who" in msg  # what was found
    for expected in ("Display Key", "PubNo-公开号", "公开(公告)号", "publication_number", "patent_id",
                     "id-<publication number>"):
        assert expected in msg
    assert "--column id=<header>" in msg


def test_unknown_layout_in_excel(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["编号", "内容"])
    wb.active.append(["1", "一种积木"])
    wb.save(tmp_path / "notes.xlsx")
    with pytest.raises(IngestError, match="unknown layout") as err:
        detect(tmp_path / "notes.xlsx")
    assert "编号, 内容" in str(err.value)


def test_unknown_jsonl_keys(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"ref": "X1", "heading": "Kite"}\n', encoding="utf-8")
    with pytest.raises(IngestError, match="unknown layout") as err:
        detect(path)
    assert "ref, heading" in str(err.value)


def test_unknown_format_name():
    with pytest.raises(IngestError) as err:
        reader_for_format("patsnap-pro")
    assert "patsnap-pro" in str(err.value)
    for name in FORMATS:
        assert name in str(err.value)


def test_folder_without_patentsview_tables(tmp_path):
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    with pytest.raises(IngestError, match="folder") as err:
        detect(tmp_path)
    assert str(tmp_path) in str(err.value)


def test_named_format_on_a_file_without_its_header(tmp_path):
    path = tmp_path / "mystery.csv"
    path.write_text("Ref,Heading\nX1,Kite\n", encoding="utf-8")
    with pytest.raises(IngestError) as err:
        list(detect(path, fmt="lens").read(path))
    assert str(path) in str(err.value) and "Display Key" in str(err.value)


# --------------------------------------------------------------------------- bad rows


def test_bad_rows_become_row_errors_and_the_rest_is_read(tmp_path):
    path = _lens(
        tmp_path,
        LENS_ROWS[0],
        ",CN,Toy with no number,2022-01-03,2022-05-03,2022,Example Playthings GmbH,,Patent Application,\n",
        "see attached,CN,Junk id,2022-01-04,2022-05-04,2022,Example Playthings GmbH,,Patent Application,\n",
        "CN 117000105 A,CN,Too many cells,2022-01-05,2022-05-05,2022,A,A63H1/00,Patent Application,PENDING,extra,cells\n",
        "CN 117000106 A,CN,Undated toy,not yet,2022-05-06,2022,Example Playthings GmbH,,Patent Application,\n",
        LENS_ROWS[1],
    )
    rows = dict(_read_all(path))
    assert sorted(rows) == [2, 3, 4, 5, 6, 7]
    assert rows[2].id == "CN117000101A" and rows[7].id == "CN117000102A"
    assert rows[3].reason == "no publication number"
    assert "Toy with no number" in rows[3].raw
    assert "'see attached'" in rows[4].reason and "not a patent number" in rows[4].reason
    assert "Junk id" in rows[4].raw
    assert "12 cells" in rows[5].reason and "header has 10" in rows[5].reason
    assert "Too many cells" in rows[5].raw
    undated = rows[6]
    assert undated.id == "CN117000106A"
    assert undated.filing_date is None
    assert undated.publication_date.isoformat() == "2022-05-06"
    assert undated.extra["filing_date_raw"] == "not yet"
    assert undated.extra["warnings"] == ["filing_date 'not yet' is not a date"]


def test_short_row_is_padded_not_an_error(tmp_path):
    path = _lens(tmp_path, "CN 117000107 A,CN,Short row toy,2022-01-07\n")
    (n, rec), = _read_all(path)
    assert (n, rec.id, rec.filing_date.isoformat(), rec.applicants) == (2, "CN117000107A", "2022-01-07", [])


def test_trailing_empty_cells_are_not_extra_cells(tmp_path):
    path = _lens(tmp_path, LENS_ROWS[0].rstrip("\n") + ",,\n")
    (n, rec), = _read_all(path)
    assert rec.id == "CN117000101A"


# --------------------------------------------------------------------------- expand


def test_expand_lists_sources_and_skipped_files(fixtures, tmp_path):
    sources, skipped = expand([fixtures])
    names = {p.relative_to(fixtures).as_posix() for p in sources}
    assert "patentsview" in names  # the folder of tables is one source
    assert not any(n.startswith("patentsview/") for n in names)
    assert {"lens.csv", "cnki.csv", "uspto.jsonl", "generic.csv",
            "lines/ClassA63H33-00/Date2016-2017.txt"} <= names
    (tmp_path / "README.md").write_text("notes", encoding="utf-8")
    (tmp_path / "export.csv").write_text(LENS_HEADER, encoding="utf-8")
    (tmp_path / ".hidden.csv").write_text(LENS_HEADER, encoding="utf-8")
    sources, skipped = expand([tmp_path])
    assert sources == [tmp_path / "export.csv"]
    assert skipped == [tmp_path / "README.md"]
    # a file named explicitly is always tried, whatever its suffix
    assert expand([tmp_path / "README.md"]) == ([tmp_path / "README.md"], [])


def test_expand_missing_path(tmp_path):
    with pytest.raises(IngestError, match="no such file") as err:
        expand([tmp_path / "nowhere.csv"])
    assert "nowhere.csv" in str(err.value)


def test_every_fixture_is_detected(fixtures):
    sources, skipped = expand([p for p in fixtures.iterdir() if p.name != "exports"])  # exports: own test
    assert not skipped
    expected = {"lens.csv": "lens", "lens_abstract.csv": "lens", "cnki.csv": "cnki",
                "incopat.csv": "incopat", "google_patents.csv": "google-patents",
                "uspto.jsonl": "jsonl", "patentsview": "patentsview",
                "Date2016-2017.txt": "abstract-lines"}
    found = {p.name: detect(p).name for p in sources if p.name != "generic.csv"}
    assert found == expected
