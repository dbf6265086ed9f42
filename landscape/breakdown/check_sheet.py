"""The analyst's check sheet: the quality sample as an Excel workbook to mark, and the marks read back.

Sheet ``sample``: one row per drawn (branch, patent) with what an analyst needs to judge it and
a ``correct`` column to mark; sheet ``how to mark`` says how, in English and Chinese. Reading it
back, anything that cannot be used is one sentence naming the file and the row.
"""
from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd

from landscape.breakdown.quality import PRECISION, RECALL, SAMPLE_COLUMNS
from landscape.corpora import show_path
from landscape.ingest.normalize import publication_number
from landscape.map_tables import as_list

SHEET, HELP_SHEET = "sample", "how to mark"
COLUMNS = ("sample_id", "branch", "branch_zh", "branch_en", "id", "title", "abstract", "codes", "applicant",
           "year", "why", "stratum_size", "correct")
#: What an analyst may write in ``correct``: yes / no in the ways people mark a sheet.
YES = ("y", "yes", "是", "1", "✓", "✔", "√", "true", "对")
NO = ("n", "no", "否", "0", "✗", "✘", "×", "false", "错")
#: The workbook property naming the breakdown a sample was drawn from (its breakdown.parquet's
#: SHA-256): marks of a sample from an earlier breakdown measure that one, not the map's.
SOURCE_PROPERTY = "landscape_breakdown_sha256"
#: Excel refuses longer cell text.
CELL_LIMIT = 32_000

HELP = [
    ("How to mark", "如何标注"),
    ("Each row of the sheet 'sample' is one patent drawn for one branch. In the column 'correct', write whether "
     "the patent belongs to that branch (branch_en / branch_zh), judged from its title, abstract and codes.",
     "“sample”表中每一行是为某一分支抽取的一件专利。请在“correct”列中标注该专利是否属于该行的分支"
     "（branch_zh / branch_en），依据其标题、摘要和分类号判断。"),
    ("Write y, yes, 1 or ✓ when it belongs; n, no, 0 or ✗ when it does not. Leave the cell empty when unsure: "
     "empty rows are left out of the figures.",
     "属于时填 是、y、1 或 ✓；不属于时填 否、n、0 或 ✗。不确定时请留空：空行不计入结果。"),
    ("Judge every row the same way, whatever the column 'why' says: 'precision' rows were assigned to the branch "
     "by the breakdown (they measure 查准率, precision); 'recall' rows were not (they find the branch's patents the "
     "breakdown missed: 查全率, recall).",
     "无论“why”列为何值，都按同一标准判断：“precision”行是分解结果归入该分支的专利（用于计算查准率）；"
     "“recall”行是未归入该分支的专利（用于发现漏检，计算查全率）。"),
    ("Do not change the columns sample_id, branch, id, why or stratum_size, and do not add rows; then run "
     "`landscape breakdown-score --map NAME --checked FILE`.",
     "请勿修改 sample_id、branch、id、why、stratum_size 列，也不要增加行；标注完成后运行 "
     "`landscape breakdown-score --map NAME --checked FILE`。"),
]


class CheckSheetError(ValueError):
    """A check sheet that cannot be scored; the message is one sentence naming the file and row."""


# ---------------------------------------------------------------- writing

def sample_rows(sample: pd.DataFrame, points: pd.DataFrame, documents: pd.DataFrame | None,
                branches: pd.DataFrame) -> pd.DataFrame:
    """The sheet's rows: the sample with each branch's names and each patent's title, abstract,
    codes, applicant and year (from the bundle's points and documents)."""
    pts = points.drop_duplicates("id").set_index(points.drop_duplicates("id")["id"].astype(str))
    docs = (documents.drop_duplicates("id").set_index(documents.drop_duplicates("id")["id"].astype(str))
            if documents is not None else pd.DataFrame(index=pd.Index([], dtype=str)))
    names = branches.set_index("id")
    out = sample.copy()
    out["branch_zh"] = out["branch"].map(names["name_zh"])
    out["branch_en"] = out["branch"].map(names["name_en"])

    def field(frame, column, pid):
        return frame.at[pid, column] if column in frame.columns and pid in frame.index else None

    out["title"] = [field(docs, "title", p) or field(pts, "title", p) for p in out["id"]]
    out["abstract"] = [field(docs, "abstract", p) for p in out["id"]]
    out["codes"] = [", ".join(as_list(field(pts, "codes", p))) for p in out["id"]]
    out["applicant"] = [field(pts, "applicant", p) for p in out["id"]]
    out["year"] = [field(pts, "year", p) for p in out["id"]]
    out["correct"] = None
    return out[list(COLUMNS)]


def _cell_value(value):
    """A value openpyxl writes as it is: no NaN, no text it would take for a formula or refuse."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:CELL_LIMIT]
    return value


def workbook_bytes(rows: pd.DataFrame, breakdown_sha256: str | None = None) -> bytes:
    """The check sheet as .xlsx bytes (openpyxl): the sample sheet and the how-to-mark sheet;
    ``breakdown_sha256`` names the breakdown it was drawn from (a workbook property)."""
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    if breakdown_sha256:
        wb.custom_doc_props.append(StringProperty(name=SOURCE_PROPERTY, value=breakdown_sha256))
    ws = wb.active
    ws.title = SHEET
    ws.append(list(COLUMNS))
    for row in rows.itertuples(index=False):
        ws.append([_cell_value(v) for v in row])
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if cell.data_type == "f":  # a title starting with "=" is text, never a formula
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"title": 40, "abstract": 80, "codes": 20, "branch_zh": 16, "branch_en": 24, "applicant": 24,
              "id": 18, "correct": 10}
    for j, name in enumerate(COLUMNS, start=1):
        ws.cell(row=1, column=j).font = Font(bold=True)
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = widths.get(name, 12)
    ws.freeze_panes = "A2"
    help_sheet = wb.create_sheet(HELP_SHEET)
    for en, zh in HELP:
        help_sheet.append([en, zh])
    help_sheet["A1"].font = help_sheet["B1"].font = Font(bold=True)
    for column in ("A", "B"):
        help_sheet.column_dimensions[column].width = 80
        for cell in help_sheet[column]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- reading back

def mark_value(value) -> bool | None:
    """True / False for a mark (see YES and NO), None for an empty cell; ValueError otherwise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if not text:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(value)


def _sheet_rows(path: Path, file: str) -> tuple[list[tuple[int, dict]], str | None]:
    """The sample sheet's non-empty rows as (row number, {column: value}), and the breakdown it
    was drawn from (None where a spreadsheet program dropped the property)."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except FileNotFoundError:
        raise CheckSheetError(f"{file}: no such file") from None
    except Exception as err:  # noqa: BLE001 - openpyxl raises many types for files it cannot read
        raise CheckSheetError(f"{file}: cannot be read as an Excel workbook ({' '.join(str(err).split())[:120]})"
                              ) from None
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
        source = next((p.value for p in wb.custom_doc_props.props if p.name == SOURCE_PROPERTY), None)
    finally:
        wb.close()
    header = [str(c).strip().lower() if c is not None else "" for c in (rows[0] if rows else ())]
    missing = [c for c in (*SAMPLE_COLUMNS, "correct") if c not in header]
    if missing:
        raise CheckSheetError(f"{file}: the sheet {ws.title!r} lacks the columns {', '.join(missing)}; mark the "
                              "sheet `landscape breakdown-sample` wrote")
    return [(n, dict(zip(header, row))) for n, row in enumerate(rows[1:], start=2)
            if any(c not in (None, "") for c in row)], source


def read_sheet(path) -> tuple[pd.DataFrame, str | None]:
    """A check sheet as it stands (every column of ``COLUMNS``, marks as written) and the
    breakdown it was drawn from, to show and mark it again; CheckSheetError as ``read_marks``."""
    path = Path(path)
    rows, source = _sheet_rows(path, show_path(path))
    table = pd.DataFrame([row for _, row in rows], columns=list(COLUMNS))
    return table, source


def _whole(value) -> int | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() and number >= 0 else None


def read_marks(path, branches, map_ids, map_name: str, breakdown_sha256: str | None = None) -> pd.DataFrame:
    """The marked sample: ``SAMPLE_COLUMNS`` + ``correct`` (True, False or None where not marked).

    Raises
    ------
    CheckSheetError
        One sentence naming the file and row: an unreadable mark, a branch not in the map's
        breakdown, a patent not on the map, a row that is not one of the sample's, a sample
        drawn from another breakdown than ``breakdown_sha256`` (the map's current one).
    """
    path = Path(path)
    file = show_path(path)
    rows, source = _sheet_rows(path, file)
    if source and breakdown_sha256 and source != breakdown_sha256:
        raise CheckSheetError(f"{file} was drawn from an earlier breakdown of map {map_name!r} (it was run again "
                              "since); draw a new sample with `landscape breakdown-sample` and mark that one")
    known, on_map = set(branches), {str(i) for i in map_ids}
    out, seen, sizes = [], {}, {}
    for n, row in rows:
        where = f"{file}: row {n}"
        branch = str(row["branch"] or "").strip()
        raw_id = row["id"]
        pid = (publication_number(str(raw_id)) or str(raw_id).strip()) if raw_id not in (None, "") else ""
        why = str(row["why"] or "").strip().lower()
        size = _whole(row["stratum_size"])
        if branch not in known:
            raise CheckSheetError(f"{where}: branch {branch!r} is not in the breakdown of map {map_name!r}")
        if pid not in on_map:
            raise CheckSheetError(f"{where}: patent {pid!r} is not on map {map_name!r}")
        if why not in (PRECISION, RECALL):
            raise CheckSheetError(f"{where}: 'why' is {row['why']!r}, not precision or recall as drawn")
        if size is None or sizes.setdefault((branch, why), size) != size:
            raise CheckSheetError(f"{where}: stratum_size {row['stratum_size']!r} is not the number of patents its "
                                  "branch's rows were drawn from; do not edit that column")
        if (branch, pid, why) in seen:
            raise CheckSheetError(f"{where} repeats row {seen[(branch, pid, why)]} (the same patent for the same "
                                  "branch); keep one of them")
        seen[(branch, pid, why)] = n
        try:
            correct = mark_value(row["correct"])
        except ValueError:
            raise CheckSheetError(f"{where}: the mark {row['correct']!r} in 'correct' is not one of y/n, 是/否, "
                                  "1/0, ✓/✗ (leave it empty if not checked yet)") from None
        out.append((row["sample_id"], branch, pid, why, size, correct))
    return pd.DataFrame(out, columns=[*SAMPLE_COLUMNS, "correct"])
