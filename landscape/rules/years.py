"""The time window of a map: which year a patent counts in, and which years are complete.

Every analysis, the app, the report and the Excel export read the window from here (or from
the bundle's ``manifest["time_window"]``, written by ``pipeline.build`` with
:meth:`TimeWindow.to_manifest`), so a year, its name and its completeness have one definition.

The rules
---------
- **Year field** (the *year basis*): a patent counts in the year of its filing date, else its
  priority date, else its publication date. A map is named after the field most of its
  patents have: "filing year" when at least half carry a filing date, else "priority year"
  when at least half carry a priority (or filing) date, else "publication year" when at least
  half carry a publication date (a map of mostly undated records keeps "filing year"). A map of
  publication years uses the publication date for every patent that has one, so its axis
  means one thing; the other maps fall back per patent (filing, priority, publication).
- **Cut-off date**: the day the data stops. The user's ``--as-of`` date where given, else
  the latest publication date among the map's records (an export holds what was published up
  to the day it was made; dates after the build day are typing errors and ignored), else,
  with no publication date at all, 31 December of the newest year (see
  :func:`cutoff_from_years`).
- **Publication lag**: a patent is published 18 months after its priority (or filing) date
  (``lag_months``, a setting). Filings of year Y are all published by ``Y-12-31 + lag``.
- **Last complete year**: the last year Y with ``Y-12-31 + lag <= cut-off``. For filing and
  priority years the lag applies: cut-off 2024-04-15 with 18 months gives 2021 (2022's
  filings are not all published until 2024-06-30). Publication years need no lag: a year is
  complete once it has ended, so the last complete year is the cut-off's previous year (the
  cut-off's own year only when the cut-off is 31 December).
- Years after the last complete year are *incomplete*: charts shade them and no growth
  figure or alert reads them as a decline.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace

import pandas as pd

#: The date fields a year can come from, in the order a patent's year falls back through them.
YEAR_FIELDS = ("filing_date", "priority_date", "publication_date")
#: The year bases, named after their date field.
BASES = ("filing", "priority", "publication")
#: Months from the priority/filing date to publication (the 18-month rule).
PUBLICATION_LAG_MONTHS = 18

_BASIS_WORDS = {
    "filing": {"en": "filing year", "zh": "申请年"},
    "priority": {"en": "priority year", "zh": "优先权年"},
    "publication": {"en": "publication year", "zh": "公开年"},
}
_CUTOFF_NOTES = {
    "years": {"en": " (assumed: the records carry no publication date)", "zh": "（假定：记录均无公开日）"},
    "as_of": {"en": " (as given)", "zh": "（用户指定）"},
}


def basis_words(basis: str, lang: str) -> str:
    """The name of a year basis in the reader's language: ``"filing year"`` / ``"申请年"``."""
    words = _BASIS_WORDS.get(basis, _BASIS_WORDS["filing"])
    return words.get(lang, words["en"])


def year_title(basis: str, lang: str) -> str:
    """The same words as a title: ``"Filing year"`` / ``"申请年"`` (axes, headers)."""
    words = basis_words(basis, lang)
    return words[:1].upper() + words[1:]


def year_of(filing=None, priority=None, publication=None, hint=None) -> int | None:
    """The year one patent counts in: filing, else priority, else publication, else ``hint``."""
    for value in (filing, priority, publication):
        year = _year(value)
        if year is not None:
            return year
    return None if hint is None or pd.isna(hint) else int(hint)


def year_basis(records: pd.DataFrame) -> tuple[str, float]:
    """The year basis of a set of records and the share of records that have its date field.

    ``filing`` when at least half the records carry a filing date, else ``priority`` when at
    least half carry a priority or filing date, else ``publication`` when at least half carry
    a publication date, else (most records undated) ``filing``.
    """
    n = len(records)
    if not n:
        return "filing", 0.0
    has = {f: _present(records, f) for f in YEAR_FIELDS}
    filing = has["filing_date"].mean()
    if filing >= 0.5:
        return "filing", float(filing)
    priority = (has["priority_date"] | has["filing_date"]).mean()
    if priority >= 0.5:
        return "priority", float(priority)
    publication = has["publication_date"].mean()
    if publication >= 0.5:
        return "publication", float(publication)
    # Most records carry no date at all (their years come from a hint): filing years, the
    # usual reading of a year in a patent list.
    return "filing", float(filing)


def record_years(records: pd.DataFrame, basis: str) -> pd.Series:
    """Each record's year on the given basis (nullable integers; missing where no date).

    The basis's own date first, then the others in the order of :data:`YEAR_FIELDS`, then
    ``year_hint``: a map of publication years reads every publication date it has, so its
    axis means one thing.
    """
    first = f"{basis}_date" if basis in BASES else "filing_date"
    order = (first,) + tuple(f for f in YEAR_FIELDS if f != first)
    out = pd.Series(pd.NA, index=records.index, dtype="Int64")
    for field in order:
        if field in records:
            out = out.fillna(_years(records[field]))
    if "year_hint" in records:
        out = out.fillna(pd.to_numeric(records["year_hint"], errors="coerce").astype("Int64"))
    return out


def data_cutoff(records: pd.DataFrame, *, as_of: dt.date | None = None,
                today: dt.date | None = None) -> tuple[dt.date | None, str]:
    """The cut-off date and where it came from (``as_of``, ``publications`` or ``none``).

    The latest publication date on or before ``today`` (the build day): a date in the
    future is a typing error, not a publication.
    """
    if as_of is not None:
        return as_of, "as_of"
    if "publication_date" not in records:
        return None, "none"
    dates = pd.to_datetime(records["publication_date"], errors="coerce").dropna()
    dates = dates[dates.dt.date <= (today or dt.date.today())]
    return (dates.max().date(), "publications") if len(dates) else (None, "none")


def cutoff_from_years(years) -> dt.date | None:
    """31 December of the newest year: the cut-off assumed when only years are known.

    With the 18-month lag this makes the last complete filing year ``max(year) - 2``, the
    rule of maps built before the cut-off date was recorded.
    """
    known = pd.to_numeric(pd.Series(years), errors="coerce").dropna()
    return dt.date(int(known.max()), 12, 31) if len(known) else None


def last_complete_year(cutoff: dt.date | None, *, lag_months: int = PUBLICATION_LAG_MONTHS,
                       basis: str = "filing") -> int | None:
    """The last year Y with ``Y-12-31 + lag <= cutoff`` (no lag for publication years).

    >>> last_complete_year(dt.date(2024, 4, 15))
    2021
    >>> last_complete_year(dt.date(2024, 7, 1))
    2022
    >>> last_complete_year(dt.date(2024, 4, 15), basis="publication")
    2023
    """
    if cutoff is None:
        return None
    lag = 0 if basis == "publication" else int(lag_months)
    year = cutoff.year
    while _published_by(year, lag) > cutoff:
        year -= 1
    return year


@dataclass(frozen=True)
class TimeWindow:
    """What a map's years mean and which of them are complete (``manifest["time_window"]``).

    ``cutoff`` (ISO date or None), ``cutoff_source`` (``as_of`` / ``publications`` /
    ``years`` / ``none``), ``lag_months``, ``year_basis`` (``filing`` / ``priority`` /
    ``publication``), ``basis_share`` (share of patents that carry the basis's date),
    ``first_year`` and ``last_year`` (the range of years on the map), ``last_complete_year``.
    """

    cutoff: str | None
    cutoff_source: str
    lag_months: int
    year_basis: str
    basis_share: float
    first_year: int | None
    last_year: int | None
    last_complete_year: int | None

    def label(self, lang: str) -> str:
        """The name of the map's years: ``"filing year"`` / ``"申请年"``."""
        return basis_words(self.year_basis, lang)

    def cutoff_text(self, lang: str) -> str:
        """The cut-off as a reader sees it, saying when it was assumed or given by the user:
        ``"2024-04-10"``, ``"2021-12-31 (assumed: no publication dates)"``, ``"—"``."""
        if not self.cutoff:
            return "—"
        note = _CUTOFF_NOTES.get(self.cutoff_source, {}).get(lang if lang in ("en", "zh") else "en")
        return f"{self.cutoff}{note}" if note else self.cutoff

    def is_complete(self, year) -> bool:
        return self.last_complete_year is not None and year is not None and int(year) <= self.last_complete_year

    def to_manifest(self) -> dict:
        return asdict(self)

    def with_years(self, years) -> TimeWindow:
        """The same window over the years of the patents kept (first and last year)."""
        known = pd.to_numeric(pd.Series(years), errors="coerce").dropna()
        return replace(self, first_year=int(known.min()) if len(known) else None,
                       last_year=int(known.max()) if len(known) else None)

    def with_cutoff(self, cutoff: dt.date) -> TimeWindow:
        """The same map's window at another cut-off date (``--as-of`` on ``analyse``)."""
        return replace(self, cutoff=cutoff.isoformat(), cutoff_source="as_of",
                       last_complete_year=last_complete_year(cutoff, lag_months=self.lag_months,
                                                             basis=self.year_basis))

    @classmethod
    def from_manifest(cls, manifest: dict, years=None) -> TimeWindow:
        """The window a bundle recorded; for a bundle built before it was recorded, the
        old rule (the newest year minus two, filing years) read from ``last_complete_year``
        or from ``years``."""
        stored = manifest.get("time_window")
        if isinstance(stored, dict):
            return cls(**{k: stored.get(k) for k in cls.__dataclass_fields__})
        span = manifest.get("years") or [None, None]
        if years is not None and span[0] is None:
            known = pd.to_numeric(pd.Series(years), errors="coerce").dropna()
            span = [int(known.min()), int(known.max())] if len(known) else [None, None]
        cutoff = dt.date(int(span[1]), 12, 31) if span[1] is not None else None
        last = manifest.get("last_complete_year")
        if last is None:
            last = last_complete_year(cutoff)
        return cls(cutoff=cutoff.isoformat() if cutoff else None, cutoff_source="years" if cutoff else "none",
                   lag_months=PUBLICATION_LAG_MONTHS, year_basis="filing", basis_share=float("nan"),
                   first_year=span[0], last_year=span[1], last_complete_year=last)


def time_window(records: pd.DataFrame, *, as_of: dt.date | None = None,
                lag_months: int = PUBLICATION_LAG_MONTHS, today: dt.date | None = None) -> tuple[TimeWindow, pd.Series]:
    """The map's time window and each record's year on its basis (``(window, years)``).

    ``records`` need the date columns of :data:`YEAR_FIELDS` (missing ones count as empty).
    Without any publication date and no ``as_of``, the cut-off is 31 December of the newest
    year (:func:`cutoff_from_years`).
    """
    basis, share = year_basis(records)
    years = record_years(records, basis)
    cutoff, source = data_cutoff(records, as_of=as_of, today=today)
    if cutoff is None:
        cutoff = cutoff_from_years(years)
        source = "years" if cutoff else "none"
    known = years.dropna()
    window = TimeWindow(
        cutoff=cutoff.isoformat() if cutoff else None, cutoff_source=source, lag_months=int(lag_months),
        year_basis=basis, basis_share=round(share, 4),
        first_year=int(known.min()) if len(known) else None, last_year=int(known.max()) if len(known) else None,
        last_complete_year=last_complete_year(cutoff, lag_months=lag_months, basis=basis))
    return window, years


def last_complete_from_years(years, *, lag_months: int = PUBLICATION_LAG_MONTHS) -> int | None:
    """The last complete filing year when only the years are known (no bundle, no cut-off)."""
    return last_complete_year(cutoff_from_years(years), lag_months=lag_months)


def parse_as_of(text: str | None) -> dt.date | None:
    """``--as-of YYYY-MM-DD`` as a date; a one-sentence ValueError for anything else."""
    if text is None or text == "":
        return None
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise ValueError(f"--as-of {text!r} is not a date: write it as YYYY-MM-DD, e.g. 2024-04-15.") from None


# -- helpers -------------------------------------------------------------------------------

def _published_by(year: int, lag_months: int) -> dt.date:
    """``year``-12-31 plus ``lag_months`` months (a month end: 2022-12-31 + 18 is 2024-06-30)."""
    y, m = divmod(year * 12 + 11 + lag_months, 12)
    return dt.date(y, m + 1, _month_end(y, m + 1))


def _month_end(year: int, month: int) -> int:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def _year(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return None if pd.isna(value) else value.year
    try:
        return None if pd.isna(value) else pd.Timestamp(value).year
    except (TypeError, ValueError):
        return None


def _years(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, errors="coerce").dt.year.astype("Int64")


def _present(records: pd.DataFrame, field: str) -> pd.Series:
    if field not in records:
        return pd.Series(False, index=records.index)
    return pd.to_datetime(records[field], errors="coerce").notna()
