"""Readers for exports that are one table with a header: CSV, TSV or Excel.

Each export layout is data — which header names mean which field — and one
:class:`TableReader` reads them all. Header names are compared after NFKC and with spaces
removed, so ``公开（公告）号`` and ``公开(公告)号`` are the same column.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from landscape.ingest.base import IngestError, Row, RowError, quarantine_raw
from landscape.ingest.files import find_header, header_key, table_rows
from landscape.ingest.records import build_record, is_blank


@dataclass(frozen=True)
class Layout:
    """How one export names its columns.

    ``fields`` maps each canonical field to the header names that carry it (first present
    wins); ``required`` lists the fields whose column must exist for the layout to be
    recognised; ``ignore`` lists columns not worth keeping in ``extra``.
    """

    name: str
    title: str
    fields: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    #: at least one of these fields must have a column too (e.g. title or abstract)
    required_any: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # columns kept in extra under a readable name instead of the raw header
    extra_names: dict[str, str] = field(default_factory=dict)

    @property
    def expects(self) -> str:
        cols = [self.fields[f][0] for f in self.required]
        if self.required_any:
            cols.append(" or ".join(self.fields[f][0] for f in self.required_any))
        return f"{self.title}: columns {', '.join(cols)}"

    def column_index(self, header: list[str]) -> dict[str, int]:
        """Canonical field -> column position, for the fields this header has."""
        keys = [header_key(h) for h in header]
        found = {}
        for fname, names in self.fields.items():
            for name in names:
                k = header_key(name)
                if k in keys:
                    found[fname] = keys.index(k)
                    break
        return found

    def recognises(self, header: list[str]) -> bool:
        index = self.column_index(header)
        return all(f in index for f in self.required) and (
            not self.required_any or any(f in index for f in self.required_any))


class TableReader:
    """Reads any :class:`Layout` from CSV/TSV/Excel, row by row."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.name = layout.name
        self.expects = layout.expects

    def sniff(self, path: Path, header: list[str] | None) -> bool:
        return header is not None and self.layout.recognises(header)

    def read(self, path: Path) -> Iterator[Row]:
        header, _, rows = find_header(table_rows(path), self.layout.recognises)
        if header is None:
            raise IngestError(f"{path}: no header row with the columns of {self.layout.expects}.")
        yield from self.read_rows(path, header, rows)

    def read_rows(self, path: Path, header: list[str], rows) -> Iterator[Row]:
        index = self.layout.column_index(header)
        used = set(index.values())
        ignore = {header_key(h) for h in self.layout.ignore}
        extra_cols = [(i, self.layout.extra_names.get(header_key(h), h.strip()))
                      for i, h in enumerate(header)
                      if i not in used and h.strip() and header_key(h) not in ignore]
        width = len(header)
        for n, cells in rows:
            raw = dict(zip(header, cells))
            if len(cells) > width and any(not is_blank(c) for c in cells[width:]):
                yield n, RowError(f"row has {len(cells)} cells but the header has {width} "
                                  "(a stray separator or quote?)", quarantine_raw(cells))
                continue
            cells = list(cells) + [None] * (width - len(cells))
            values = {f: cells[i] for f, i in index.items()}
            extra = {name: cells[i] for i, name in extra_cols}
            rec = build_record(values, source=f"{path.name}#{n}", extra=extra)
            if isinstance(rec, RowError):
                rec.raw = quarantine_raw(raw)
            yield n, rec


LENS = Layout(
    name="lens",
    title="Lens.org CSV",
    fields={
        "id": ("Display Key",),
        "country": ("Jurisdiction",),
        "kind": ("Kind",),
        "title": ("Title",),
        "abstract": ("Abstract",),
        "filing_date": ("Application Date",),
        "priority_date": ("Earliest Priority Date", "Priority Date"),
        "publication_date": ("Publication Date",),
        "applicants": ("Applicants",),
        "ipc": ("IPCR Classifications", "IPC Classifications"),
        "cpc": ("CPC Classifications",),
        "doc_type": ("Document Type",),
        "legal_status": ("Legal Status",),
        "family_id": ("Simple Family ID", "Family ID"),
    },
    required=("id", "title", "applicants"),
    ignore=("#", "Publication Year", "URL"),
)

CNKI = Layout(
    name="cnki",
    title="CNKI patent export (bilingual headers such as PubNo-公开号)",
    fields={
        "id": ("PubNo-公开号", "PublicationNo-公开号"),
        "title": ("Title-题名",),
        "abstract": ("Summary-摘要", "Abstract-摘要"),
        "applicants": ("Applicant-申请人",),
        "publication_date": ("PubTime-公开日期", "PubTime-发表时间"),
        "filing_date": ("ApplyTime-申请日期", "AppDate-申请日"),
        # CNKI names the column "Chinese Library Classification", but for patents it holds IPC codes.
        "ipc": ("CLC-中图分类号", "IPC-分类号"),
    },
    required=("id", "title"),
    extra_names={header_key("CountryName-国省名称"): "province", header_key("Author-作者"): "inventors",
                 header_key("Claims-主权项"): "first_claim"},
)

CN_EXPORT = Layout(
    name="cn-export",
    title="PatSnap / CNIPA / incoPat export with Chinese headers",
    fields={
        "id": ("公开(公告)号", "公开公告号", "公开号", "公告号", "公开(公告)号码"),
        "title": ("标题", "发明名称", "名称", "专利名称", "标题(原文)"),
        "abstract": ("摘要", "摘要(原文)"),
        "filing_date": ("申请日",),
        "priority_date": ("最早优先权日", "优先权日"),
        "publication_date": ("公开(公告)日", "公开公告日", "公开日", "公告日"),
        "applicants": ("申请(专利权)人", "申请人", "专利权人", "原始申请(专利权)人", "当前申请(专利权)人"),
        "ipc_main": ("IPC主分类号", "IPC主分类", "主分类号"),
        "ipc": ("IPC分类号", "IPC", "分类号"),
        "cpc": ("CPC分类号", "CPC"),
        "legal_status": ("法律状态", "当前法律状态", "简单法律状态", "法律状态/事件"),
        "country": ("受理局", "公开国别", "国家/地区"),
        "doc_type": ("专利类型",),
        "family_id": ("简单同族", "同族ID", "简单同族ID"),
        "kind": ("文献类型代码",),
    },
    required=("id", "title"),
    extra_names={header_key("申请号"): "application_number",
                 header_key("[标]当前申请(专利权)人"): "applicants_standardised",
                 header_key("标题(译)(English)"): "title_en",
                 header_key("摘要(译)(English)"): "abstract_en"},
)

GOOGLE_PATENTS = Layout(
    name="google-patents",
    title="Google Patents BigQuery CSV",
    fields={
        "id": ("publication_number",),
        "country": ("country_code",),
        "kind": ("kind_code",),
        "family_id": ("family_id",),
        "title": ("title_text", "title", "title_localized"),
        "abstract": ("abstract_text", "abstract", "abstract_localized"),
        "filing_date": ("filing_date",),
        "priority_date": ("priority_date",),
        "publication_date": ("publication_date",),
        "applicants": ("assignee", "assignee_harmonized", "assignee_original"),
        "ipc": ("ipc_code", "ipc"),
        "cpc": ("cpc_code", "cpc"),
    },
    required=("id", "title"),
    # Google's 64-float patent embedding is large and ours replaces it.
    ignore=("embedding_v1",),
)

# The last resort: common English column names. Users can name their own with --column.
GENERIC_FIELDS = {
    "id": ("id", "publication_number", "publication number", "publication_no", "pub_no", "pubno",
           "patent_id", "patent_number", "patent number", "number", "doc_id"),
    "title": ("title", "patent_title", "title_text", "invention_title", "name"),
    "abstract": ("abstract", "patent_abstract", "abstract_text", "summary"),
    "applicants": ("applicants", "applicant", "assignees", "assignee", "owner", "owners"),
    "filing_date": ("filing_date", "application_date", "app_date", "filed"),
    "priority_date": ("priority_date", "earliest_priority_date"),
    "publication_date": ("publication_date", "pub_date", "date", "grant_date", "patent_date"),
    "ipc": ("ipc", "ipc_codes", "ipc_code", "ipcr", "classifications_ipc", "ipc_classifications"),
    "cpc": ("cpc", "cpc_codes", "cpc_code", "classifications_cpc", "cpc_classifications"),
    "country": ("country", "country_code", "jurisdiction", "office"),
    "kind": ("kind", "kind_code", "wipo_kind"),
    "family_id": ("family_id", "family"),
    "legal_status": ("legal_status", "status"),
    "doc_type": ("doc_type", "document_type", "type"),
}

def generic_layout(columns: dict[str, str] | None) -> Layout:
    """The generic layout with the user's ``--column field=Header`` choices tried first."""
    fields = {f: tuple(names) for f, names in GENERIC_FIELDS.items()}
    for fname, header in (columns or {}).items():
        fields[fname] = (header,) + fields.get(fname, ())
    return Layout(name="generic", title="Generic table (CSV, Excel, JSON Lines or Parquet)",
                  fields=fields, required=("id",), required_any=("title", "abstract"))


GENERIC = generic_layout(None)


TABLE_LAYOUTS = (LENS, CNKI, CN_EXPORT, GOOGLE_PATENTS)
