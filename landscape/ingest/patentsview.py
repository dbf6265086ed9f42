"""PatentsView bulk tables: a folder of tables joined on ``patent_id`` is one source.

Recognised by their headers, not their file names, so ``g_patent.tsv``,
``nvidia_patent.csv`` or a renamed extract all work:

- patents: patent_id, patent_title, patent_date (+ wipo_kind, patent_type)
- abstracts: patent_id, patent_abstract
- CPC: patent_id, cpc_group (the full symbol in g_cpc_current) or cpc_subclass
- IPC at issue: patent_id, section, ipc_class, subclass, main_group, subgroup
- assignees: patent_id, disambig_assignee_organization (or individual names)
- applications: patent_id, filing_date
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterator

from landscape.ingest.base import IngestError, Row, RowError, quarantine_raw
from landscape.ingest.files import header_key, kind_of_file, table_rows
from landscape.ingest.records import build_record, is_blank

_TABLES = {
    "patent": ({"patent_id", "patent_title", "patent_date"}, ()),
    "abstract": ({"patent_id", "patent_abstract"}, ()),
    "cpc": ({"patent_id"}, ("cpc_group", "cpc_subclass")),
    "ipc": ({"patent_id", "section", "ipc_class", "subclass", "main_group", "subgroup"}, ()),
    "assignee": ({"patent_id"}, ("disambig_assignee_organization", "assignee_organization",
                                 "disambig_assignee_individual_name_last")),
    "application": ({"patent_id", "filing_date"}, ()),
    "inventor": ({"patent_id"}, ("disambig_inventor_name_last", "inventor_name_last")),
    "citation": ({"patent_id", "citation_patent_id"}, ()),
    "location": ({"location_id"}, ("disambig_country", "country")),
}
_TABLE_SUFFIXES = (".csv", ".tsv", ".txt")


def _header(path: Path) -> list[str] | None:
    if path.suffix.lower() not in _TABLE_SUFFIXES or kind_of_file(path) != "text":
        return None
    try:
        return [header_key(h) for h in next(table_rows(path))[1]]
    except (StopIteration, IngestError):
        return None


def table_kind(header: list[str]) -> str | None:
    cols = set(header)
    if "inventor_id" in cols or "inventor_sequence" in cols:
        return "inventor"  # it also has patent_id and names, like the assignee table
    for kind, (needed, any_of) in _TABLES.items():
        if needed <= cols and (not any_of or cols & set(any_of)):
            return kind
    return None


def file_table_kind(path: Path) -> str | None:
    """Which PatentsView table a single file is ('patent', 'cpc', ...), or None."""
    header = _header(path)
    return table_kind(header) if header else None


def find_tables(folder: Path) -> dict[str, Path]:
    """The PatentsView tables in a folder, by kind (first file of each kind wins)."""
    found: dict[str, Path] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        header = _header(path)
        kind = table_kind(header) if header else None
        if kind and kind not in found:
            found[kind] = path
    return found


def _dict_rows(path: Path) -> Iterator[tuple[int, dict]]:
    rows = table_rows(path)
    _, header = next(rows)
    keys = [header_key(h) for h in header]
    for n, cells in rows:
        yield n, dict(zip(keys, cells))


def _by_patent(path: Path | None, value, order: str | None = None) -> dict[str, list]:
    """patent_id -> values from one table, in the table's sequence order."""
    out: dict[str, list] = defaultdict(list)
    if path is None:
        return out
    for _, row in _dict_rows(path):
        pid = str(row.get("patent_id") or "").strip()
        v = value(row)
        if pid and not is_blank(v):
            out[pid].append((_sequence(row.get(order)) if order else 0, v))
    return {k: [v for _, v in sorted(vs, key=lambda t: t[0])] for k, vs in out.items()}


def _sequence(value) -> int:
    """A *_sequence cell as a number; a damaged one ("1a", a shifted text cell) sorts last."""
    text = str(value or "0").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else 1 << 31


def _assignee(row: dict) -> str | None:
    org = row.get("disambig_assignee_organization") or row.get("assignee_organization")
    if not is_blank(org):
        return org.strip()
    first = row.get("disambig_assignee_individual_name_first") or ""
    last = row.get("disambig_assignee_individual_name_last") or ""
    name = f"{first} {last}".strip()
    return name or None


def _person(row: dict, role: str) -> str | None:
    first = (row.get(f"disambig_{role}_name_first") or row.get(f"{role}_name_first") or "").strip()
    last = (row.get(f"disambig_{role}_name_last") or row.get(f"{role}_name_last") or "").strip()
    return f"{first} {last}".strip() or None


def _locations(path: Path | None) -> dict[str, str]:
    """location_id -> country code."""
    if path is None:
        return {}
    out = {}
    for _, row in _dict_rows(path):
        country = (row.get("disambig_country") or row.get("country") or "").strip()
        if row.get("location_id") and country:
            out[row["location_id"].strip()] = country
    return out


def _ipc(row: dict) -> str | None:
    try:
        return f"{row['section']}{row['ipc_class']}{row['subclass']}{int(row['main_group'])}/{row['subgroup']}"
    except (KeyError, ValueError, TypeError):
        return None


class PatentsViewReader:
    name = "patentsview"
    expects = ("PatentsView bulk tables in one folder: g_patent (patent_id, patent_title, patent_date), "
               "optionally g_patent_abstract, g_cpc_current, g_assignee_disambiguated")

    def sniff(self, path: Path, header: list[str] | None) -> bool:
        if path.is_file():
            return file_table_kind(path) == "patent"
        return path.is_dir() and "patent" in find_tables(path)

    def mapping(self) -> dict[str, str]:
        """field -> table:column, for the import report (the tables found when last read)."""
        tables = getattr(self, "tables_", {})
        have = {
            "id": ("patent", "patent_id"), "title": ("patent", "patent_title"),
            "publication_date": ("patent", "patent_date"), "kind": ("patent", "wipo_kind"),
            "claims_count": ("patent", "num_claims"), "abstract": ("abstract", "patent_abstract"),
            "filing_date": ("application", "filing_date"), "application_number": ("application", "application_id"),
            "applicants": ("assignee", "disambig_assignee_organization"),
            "applicant_countries": ("location", "disambig_country"),
            "inventors": ("inventor", "disambig_inventor_name_last"), "cites": ("citation", "citation_patent_id"),
            "cpc": ("cpc", "cpc_group"), "ipc": ("ipc", "main_group"),
        }
        return {f: f"{tables[t].name}:{col}" for f, (t, col) in have.items() if t in tables}

    def read(self, path: Path) -> Iterator[Row]:
        if path.is_file():
            # The patent table named on its own: join it with the other tables beside it.
            kind = file_table_kind(path)
            if kind != "patent":
                what = f"a PatentsView {kind} table" if kind else "not a PatentsView patent table"
                raise IngestError(f"{path}: {what}; import the folder that holds the tables "
                                  f"({self.expects}).")
            tables = {**find_tables(path.parent), "patent": path}
            path = path.parent
        else:
            tables = find_tables(path)
        if "patent" not in tables:
            raise IngestError(f"{path}: no PatentsView patent table ({self.expects}).")
        self.tables_ = tables
        places = _locations(tables.get("location"))
        abstracts = _by_patent(tables.get("abstract"), lambda r: r.get("patent_abstract"))
        cpc = _by_patent(tables.get("cpc"), lambda r: r.get("cpc_group") or r.get("cpc_subclass"),
                         order="cpc_sequence")
        ipc = _by_patent(tables.get("ipc"), _ipc, order="ipc_sequence")
        assignees = _by_patent(tables.get("assignee"), _assignee, order="assignee_sequence")
        filed = _by_patent(tables.get("application"), lambda r: (r.get("filing_date"), r.get("application_id")))
        assignee_countries = _by_patent(tables.get("assignee"), lambda r: places.get((r.get("location_id") or "").strip(), ""),
                                        order="assignee_sequence")
        inventors = _by_patent(tables.get("inventor"), lambda r: _person(r, "inventor"), order="inventor_sequence")
        cites = _by_patent(tables.get("citation"), lambda r: ((r.get("citation_patent_id") or "").strip(),
                                                              (r.get("wipo_kind") or "").strip()),
                           order="citation_sequence")
        # Citations inside the folder, read backwards: who cites each patent here.
        kinds = {(r.get("patent_id") or "").strip(): (r.get("wipo_kind") or "").strip()
                 for _, r in _dict_rows(tables["patent"])} if cites else {}
        cited_by: dict[str, list[str]] = defaultdict(list)
        for citing, cited in cites.items():
            for number, _ in cited:
                cited_by[number].append(f"US{citing}{kinds.get(citing, '')}")
        patent_file = tables["patent"].name
        for n, row in _dict_rows(tables["patent"]):
            pid = (row.get("patent_id") or "").strip()
            if not pid:
                yield n, RowError("no patent_id", quarantine_raw(row))
                continue
            values = {
                "id": pid, "country": "US", "kind": row.get("wipo_kind"),
                "title": row.get("patent_title"),
                "abstract": (abstracts.get(pid) or [None])[0],
                "publication_date": row.get("patent_date"),
                "filing_date": (filed.get(pid) or [(None, None)])[0][0],
                "application_number": (filed.get(pid) or [(None, None)])[0][1],
                "applicants": assignees.get(pid, []),
                "applicant_countries": [c for c in assignee_countries.get(pid, []) if c],
                "inventors": inventors.get(pid, []),
                "cites": [f"US{number}{kind}" for number, kind in cites.get(pid, []) if number],
                "cites_count": len(cites[pid]) if pid in cites else None,
                "cited_by": cited_by.get(pid, []),
                "claims_count": row.get("num_claims"),
                "cpc": cpc.get(pid, []), "ipc": ipc.get(pid, []),
            }
            extra = {k: row.get(k) for k in ("patent_type", "withdrawn") if not is_blank(row.get(k))}
            rec = build_record(values, source=f"{path.name}/{patent_file}#{n}", extra=extra)
            if isinstance(rec, RowError):
                rec.raw = quarantine_raw(row)
            yield n, rec
