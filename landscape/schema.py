"""The canonical patent record: the data contract every stage reads.

Every reader turns one row of an export into a :class:`PatentRecord`; the store keeps
exactly these fields (one DuckDB column each), and the map stages select from them.
Where an export writes a field in a form we parse (a legal status, a list of applicants
with their countries), the raw text is kept beside the parsed value.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from landscape.rules.years import year_of

#: Document types derived from kind codes. "application" and "grant" are inventions.
DOC_TYPES = ("application", "grant", "utility_model", "design", "other")

#: Normalised legal status of a publication (the raw text is kept in ``legal_status_raw``).
LEGAL_STATUSES = ("active", "pending", "inactive", "unknown")

#: Normalised legal events (法律事件); the raw text is kept in ``legal_events_raw``.
LEGAL_EVENTS = ("published", "examination", "granted", "rejected", "withdrawn", "abandoned",
                "lapsed", "expired", "revoked", "invalidation", "reexamination", "transfer",
                "license", "pledge", "litigation", "restored", "pct_national_phase")


@dataclass
class PatentRecord:
    """One patent publication, normalised.

    ``id`` is the normalised publication number (``CN116510786B``, ``US9994462B2``); it is
    the merge key across sources. Lists keep the order the source gave. ``source`` names
    where the record was read (``file#row``); after merging the store keeps every source.

    ``title`` and ``abstract`` are the text in the publication's own language where the
    export has it; ``translations`` holds every other version an export carries, by field
    and language: ``{"title": {"en": ..., "zh": ...}, "abstract": {...}}``.
    """

    id: str
    title: str | None = None
    abstract: str | None = None
    lang: str | None = None
    translations: dict = field(default_factory=dict)
    application_number: str | None = None
    family_id: str | None = None
    family_size: int | None = None
    applicants: list[str] = field(default_factory=list)
    applicants_norm: list[str] = field(default_factory=list)
    #: applicant nationality where the export gives it (ISO codes, aligned with applicants when it can be)
    applicant_countries: list[str] = field(default_factory=list)
    #: the current owners where the export tells them apart from the applicants at filing (当前权利人)
    current_owners: list[str] = field(default_factory=list)
    applicant_address: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    inventors: list[str] = field(default_factory=list)
    agency: str | None = None
    country: str | None = None
    priority_country: str | None = None
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
    legal_status_raw: str | None = None
    legal_events: list[str] = field(default_factory=list)
    legal_events_raw: str | None = None
    cited_by_count: int | None = None
    cites_count: int | None = None
    cited_by: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)
    claims_count: int | None = None
    source: str | None = None
    extra: dict = field(default_factory=dict)

    def text(self) -> str:
        """Title + abstract, the text the map embeds (title alone where there is no abstract)."""
        from landscape.rules.text import record_text  # the one rule; imported late: rules reads pandas

        return record_text(self.title, self.abstract)


FIELD_NAMES = tuple(f.name for f in dataclasses.fields(PatentRecord))
LIST_FIELDS = ("applicants", "applicants_norm", "applicant_countries", "current_owners", "inventors",
               "ipc", "cpc", "legal_events", "cited_by", "cites")
DATE_FIELDS = ("filing_date", "priority_date", "publication_date")
INT_FIELDS = ("family_size", "cited_by_count", "cites_count", "claims_count", "year_hint")


def record_year(rec: PatentRecord) -> int | None:
    """The year a record counts in: filing, else priority, else publication, else the hint
    (the rule of :func:`landscape.rules.years.year_of`; a map may then name its years by
    another basis, see :func:`landscape.rules.years.time_window`)."""
    return year_of(rec.filing_date, rec.priority_date, rec.publication_date, rec.year_hint)
