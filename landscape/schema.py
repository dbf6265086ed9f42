"""The canonical patent record: the data contract every stage reads.

Every reader turns one row of an export into a :class:`PatentRecord`; the store keeps
exactly these fields (one DuckDB column each), and the map stages select from them.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

#: Document types derived from kind codes. "application" and "grant" are inventions.
DOC_TYPES = ("application", "grant", "utility_model", "design", "other")


@dataclass
class PatentRecord:
    """One patent publication, normalised.

    ``id`` is the normalised publication number (``CN116510786B``, ``US9994462B2``); it is
    the merge key across sources. Lists keep the order the source gave. ``source`` names
    where the record was read (``file#row``); after merging the store keeps every source.
    """

    id: str
    title: str | None = None
    abstract: str | None = None
    lang: str | None = None
    family_id: str | None = None
    applicants: list[str] = field(default_factory=list)
    applicants_norm: list[str] = field(default_factory=list)
    country: str | None = None
    filing_date: dt.date | None = None
    priority_date: dt.date | None = None
    publication_date: dt.date | None = None
    #: The year the record is counted in when no real date is known (e.g. a year bucket
    #: named in a file name). Real dates win over it; see :func:`record_year`.
    year_hint: int | None = None
    ipc: list[str] = field(default_factory=list)
    cpc: list[str] = field(default_factory=list)
    kind: str | None = None
    doc_type: str | None = None
    legal_status: str | None = None
    source: str | None = None
    extra: dict = field(default_factory=dict)

    def text(self) -> str:
        """Title + abstract, the text the map embeds (title alone where there is no abstract)."""
        parts = [p.strip() for p in (self.title, self.abstract) if p and p.strip()]
        return ". ".join(parts)


FIELD_NAMES = tuple(f.name for f in dataclasses.fields(PatentRecord))
LIST_FIELDS = ("applicants", "applicants_norm", "ipc", "cpc")
DATE_FIELDS = ("filing_date", "priority_date", "publication_date")


def record_year(rec: PatentRecord) -> int | None:
    """The year a record counts in: filing, else priority, else publication, else the hint."""
    for d in (rec.filing_date, rec.priority_date, rec.publication_date):
        if d is not None:
            return d.year
    return rec.year_hint
