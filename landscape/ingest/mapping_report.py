"""What an import says about a file: which header fed which field, what is absent, what was filled."""
from __future__ import annotations

from typing import Iterator

from landscape.ingest.base import Row
from landscape.ingest.columns import column_table, tool_title
from landscape.schema import PatentRecord


def describe_mapping(reader) -> tuple[str | None, dict[str, str], list[str]]:
    """(why this format, field -> header, useful fields with no column) for a detected reader."""
    layout = getattr(reader, "layout", None)
    cmap = getattr(layout, "cmap", None)
    if cmap is not None:
        why = getattr(layout, "why", "")
        detected = f"{tool_title(reader.name)}" + (f" ({why})" if why else "")
        notes = "; ".join(cmap.notes)
        return (detected + (f"; {notes}" if notes else "")), cmap.mapped(), cmap.missing()
    mapped = reader.mapping() if hasattr(reader, "mapping") else {}
    return getattr(reader, "expects", None), mapped, missing_fields(mapped)


def missing_fields(mapped: dict[str, str]) -> list[str]:
    """Fields the column table calls useful (``needed_for``) that ``mapped`` lacks."""
    absent = [f.name for f in column_table().fields.values() if f.needed_for and f.name not in mapped]
    if "abstract" in mapped and "title" in absent:
        absent.remove("title")
    return absent


class Tally:
    """Counts, while rows stream into the store, how many records got a value in each field."""

    #: cut cells named one by one in the import report; more are counted
    MAX_CUT_NAMED = 5

    def __init__(self):
        self.records = 0
        self.filled: dict[str, int] = {}
        self.cut: list[str] = []  # "row 3: column 4 (Abstract) cut to 100,000 characters (it had …)"
        self.ids: list[str] = []  # the records' publication numbers, in file order (build --input maps them)

    def count(self, rows: Iterator[Row]) -> Iterator[Row]:
        for n, item in rows:
            if isinstance(item, PatentRecord):
                self.records += 1
                self.ids.append(item.id)
                for name, value in vars(item).items():
                    if value not in (None, "", [], {}):
                        self.filled[name] = self.filled.get(name, 0) + 1
                self.cut += [f"row {n}: {w}" for w in (item.extra or {}).get("warnings", []) if " cut to " in w]
            yield n, item

    def cut_warnings(self) -> list[str]:
        """One sentence naming the first cells cut for length (row, column or field, lengths)."""
        if not self.cut:
            return []
        more = len(self.cut) - self.MAX_CUT_NAMED
        return [f"{len(self.cut):,} over-long cell(s) cut at import: " + "; ".join(self.cut[:self.MAX_CUT_NAMED])
                + (f"; and {more:,} more" if more > 0 else "") + "."]
