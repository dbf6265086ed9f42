"""The counting unit: which publications count as one.

One invention is often several rows of an export: the application publication and the
grant of one Chinese application (``CN116510786A``, ``CN116510786B``), an EP A1 and B1, a US
A1 and B2 that share only their application number, and family members filed in other
countries. Counting each row inflates every figure, so every analysis counts one *unit*:

- ``application`` (the default): the publications of one application count once;
- ``family``: the members of one patent family count once;
- ``publication``: every row counts.

Publications are one application when they share a normalised application number, or when
a *number rule* says so: an office that keeps one number from the application's publication
to its grant (see :data:`NUMBER_RULES`). Groups are closed under both links (A–B by number and
B–C by application number make A, B and C one application). Families join applications that
share a family id. Keys are deterministic strings, so the same rows give the same groups in
any order.

Pure functions over DataFrames (or Arrow tables); linking is a vectorised union-find, linear
in the rows, so a million rows take seconds.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from landscape.ingest.normalize import doc_type

UNITS = ("application", "family", "publication")
DEFAULT_UNIT = "application"


def check_unit(unit: str) -> str:
    """``unit`` if it names a counting unit; a one-sentence ValueError otherwise."""
    if unit not in UNITS:
        raise ValueError(f"unknown counting unit {unit!r}: choose one of {', '.join(UNITS)}.")
    return unit


@dataclass(frozen=True)
class NumberRule:
    """Which publications of one office that share a number are one application.

    ``kinds``: the kind-code letters that keep the number from the application's publication
    to its grant; ``None`` means every kind and a missing kind (all of the office's number
    series are one application each). ``min_length``: the number must be at least this long
    (older series of the office reused the digits for other applications).
    """

    kinds: str | None = None
    min_length: int = 0


#: Offices whose publications of one application carry one number. Offices not listed (JP,
#: KR, TW and every office not checked) are linked by application number only.
#:
#: - EP, WO: every publication of an application (A1–A4, A8, A9, B1–B3, B8, B9) keeps the
#:   application's publication number (EPO and Espacenet kind-code pages).
#: - DE: the number of the first publication (A1) is kept through to grant (B4, C2) and has
#:   been the application number since 1968; utility models and German parts of EP patents
#:   have their own type digits (20/21, 50/60), so a number never names two applications.
#: - GB: "the number stays the same but the A changes to B" (series from 2000001 in 1978).
#: - FR: the grant (B1) follows the application (A1) under its number.
#: - US: the grant gets a new number (patent number), so A1 and B2 are linked only by the
#:   application number; the rule only joins republications (A1/A2/A9), a patent's B1/B2 and
#:   its reexamination certificates (C1), and a number written without its kind. Publication
#:   numbers (year + 7 digits) and patent numbers (up to 8 digits, prefixed D, PP, RE, H for
#:   other types) never coincide.
#: - CN: the grant (B) keeps the number of the application publication (A) only since April
#:   2010 (CN110320119A/B). Grants from 1993 to March 2010 (C) and examined publications
#:   before 1993 (B) had their own series (CN1826943A -> CN100506068C), which overlap the A
#:   numbers, so only A and B kinds with the 9-digit numbers used since 2007 are linked.
#:
#: Not listed: JP (unexamined A, examined B and granted B numbers are separate series; the same
#: digits can be one application's A and another's B), KR (A and utility-model U publications
#: share one number format; grants get registration numbers), TW (grant numbers I/M/D + 6
#: digits differ from publication numbers).
NUMBER_RULES: dict[str, NumberRule] = {
    "EP": NumberRule(), "WO": NumberRule(), "DE": NumberRule(), "GB": NumberRule(),
    "FR": NumberRule(), "US": NumberRule(), "CN": NumberRule(kinds="AB", min_length=9),
}

# A normalised publication number: office, number (with its series letters), kind code. The
# same shape ``normalize.split_publication_number`` reads, written for Arrow so that a million
# ids split in a fraction of a second.
_PUBLICATION_RE = r"^(?P<country>[A-Z]{2})(?P<number>[A-Z]*\d+)(?P<kind>[A-Z]\d?)?$"
# Two letters that are a US series, not a country, when an id has no country.
_SERIES_NOT_COUNTRY = ("RE", "PP", "AI")


_NULL = pa.scalar(None, pa.string())


def _frame(data) -> pd.DataFrame:
    if isinstance(data, (pa.Table, pa.RecordBatch)):
        return data.to_pandas()
    return data


def _text_column(df: pd.DataFrame, name: str) -> pa.Array:
    """A column as uppercase, trimmed Arrow strings with blanks as null (all null if absent)."""
    if name not in df.columns:
        return pa.nulls(len(df), pa.string())
    col = df[name]
    if pd.api.types.is_float_dtype(col):  # 12345.0 read from a spreadsheet is "12345"
        col = col.astype("Int64")
    arr = pa.array(col.astype("string"), type=pa.string(), from_pandas=True)
    arr = pc.utf8_trim_whitespace(pc.utf8_upper(arr))
    return pc.if_else(pc.equal(arr, ""), _NULL, arr)


def split_ids(ids) -> tuple[pa.Array, pa.Array, pa.Array]:
    """(country, number, kind) of normalised publication numbers, as Arrow string arrays.

    Agrees with ``normalize.split_publication_number`` for normalised ids; parts that are
    missing (an id without kind, an id of another shape) are null.
    """
    ids = ids if isinstance(ids, pa.Array) else pa.array(ids, pa.string(), from_pandas=True)
    parts = pc.extract_regex(ids, _PUBLICATION_RE)
    country, number, kind = (parts.field(i) for i in range(3))
    country = pc.if_else(pc.is_in(country, value_set=pa.array(_SERIES_NOT_COUNTRY)), _NULL, country)
    kind = pc.if_else(pc.equal(kind, ""), _NULL, kind)
    return country, number, kind


# --------------------------------------------------------------------------- union-find

def _components(n: int, link_codes: list[np.ndarray]) -> np.ndarray:
    """Connected components of rows that share a code in any of ``link_codes``.

    Each array holds one code per row (-1: no link). Returns each row's root: the smallest
    row index of its component. Vectorised union-find: every round hooks each root onto the
    smallest root it shares an edge with, then jumps pointers until every row points at its root.
    """
    sources, targets = [], []
    for codes in link_codes:
        rows = np.flatnonzero(codes >= 0)
        if not len(rows):
            continue
        codes = codes[rows]
        # Each row links to the first row holding its code: one star per code.
        first = np.full(codes.max() + 1, n, dtype=np.int64)
        np.minimum.at(first, codes, rows)
        anchors = first[codes]
        keep = anchors != rows
        sources.append(rows[keep])
        targets.append(anchors[keep])
    parent = np.arange(n, dtype=np.int64)
    if not sources:
        return parent
    u, v = np.concatenate(sources), np.concatenate(targets)
    while True:
        pu, pv = parent[u], parent[v]
        crossing = pu != pv
        if not crossing.any():
            return parent
        lo, hi = np.minimum(pu, pv)[crossing], np.maximum(pu, pv)[crossing]
        np.minimum.at(parent, hi, lo)
        while True:  # roots only ever point lower, so this ends
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand


def _codes(arr: pa.Array, *, values: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """Codes in sorted order (-1 for null) and, with ``values``, the value of each code.

    The smallest code is the smallest value, so a group's smallest code names its key.
    Arrow's dense rank sorts strings several times faster than numpy's argsort of objects.
    """
    if not len(arr):
        return np.zeros(0, np.int64), np.zeros(0, object)
    codes = pc.rank(arr, sort_keys="ascending", tiebreaker="dense").to_numpy().astype(np.int64) - 1
    missing = pc.is_null(arr).to_numpy(zero_copy_only=False)
    codes[missing] = -1
    if not values:
        return codes, None
    uniques = np.full(codes.max() + 1, None, dtype=object)
    present = ~missing
    uniques[codes[present]] = arr.to_numpy(zero_copy_only=False)[present]
    return codes, uniques


def _smallest_per_root(root: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """The smallest code per root (-1 where the component has none), indexed by row index of the root."""
    best = np.full(len(root), np.iinfo(np.int64).max, dtype=np.int64)
    has = codes >= 0
    np.minimum.at(best, root[has], codes[has])
    best[best == np.iinfo(np.int64).max] = -1
    return best


def _number_links(country: pa.Array, number: pa.Array, kind: pa.Array) -> pa.Array:
    """The office + number each row's number rule links on (null where no rule applies)."""
    letter = pc.utf8_slice_codeunits(kind, 0, 1)
    length = pc.utf8_length(number)
    stem = pc.binary_join_element_wise(country, number, "")
    out = pa.nulls(len(country), pa.string())
    for office, rule in NUMBER_RULES.items():
        ok = pc.equal(country, office)
        if rule.kinds is not None:
            ok = pc.and_(ok, pc.is_in(letter, value_set=pa.array(list(rule.kinds))))
        if rule.min_length:
            ok = pc.and_(ok, pc.greater_equal(length, rule.min_length))
        out = pc.if_else(pc.fill_null(ok, False), stem, out)
    return out


def _application_numbers(df: pd.DataFrame, id_country: pa.Array) -> pa.Array:
    """Normalised application numbers; a bare number gets the office in front, so offices never mix."""
    apps = pc.replace_substring_regex(_text_column(df, "application_number"), r"\s+", "")
    office = pc.coalesce(_text_column(df, "country"), id_country)
    bare = pc.fill_null(pc.and_(pc.match_substring_regex(apps, "^[0-9]"), pc.is_valid(office)), False)
    return pc.if_else(bare, pc.binary_join_element_wise(office, apps, ""), apps)


def _ids(df: pd.DataFrame) -> pa.Array:
    if "id" not in df.columns:
        raise ValueError("the table has no `id` column: counting units need each row's publication number.")
    ids = _text_column(df, "id")
    if ids.null_count:
        raise ValueError(f"{ids.null_count} rows have no publication number (`id`); drop or fill them first.")
    return ids


@dataclass(frozen=True)
class _Links:
    """What rows are linked on, as sorted codes (-1: none), and the values behind the codes."""

    id_codes: np.ndarray
    ids: np.ndarray
    app_codes: np.ndarray
    apps: np.ndarray
    number_codes: np.ndarray

    @classmethod
    def of(cls, df: pd.DataFrame) -> "_Links":
        ids = _ids(df)
        country, number, kind = split_ids(ids)
        kind = pc.coalesce(kind, _text_column(df, "kind"))  # the kind column knows what the id omits
        id_codes, id_values = _codes(ids)
        app_codes, apps = _codes(_application_numbers(df, country))
        number_codes, _ = _codes(_number_links(country, number, kind), values=False)
        return cls(id_codes, id_values, app_codes, apps, number_codes)

    def application_roots(self) -> np.ndarray:
        return _components(len(self.id_codes), [self.id_codes, self.app_codes, self.number_codes])

    def keys(self, root: np.ndarray) -> np.ndarray:
        """Each row's group key: the group's smallest application number, else its smallest id."""
        best_app = _smallest_per_root(root, self.app_codes)
        best_id = _smallest_per_root(root, self.id_codes)
        keys = np.full(len(root), None, dtype=object)
        roots = np.flatnonzero(root == np.arange(len(root)))
        by_app = roots[best_app[roots] >= 0]
        by_id = roots[best_app[roots] < 0]
        keys[by_app] = self.apps[best_app[by_app]]
        keys[by_id] = self.ids[best_id[by_id]]
        # A publication number written like another group's application number stays apart.
        clash = pc.is_in(pa.array(keys[by_id], pa.string()),
                         value_set=pa.array(keys[by_app], pa.string())).to_numpy(zero_copy_only=False)
        if clash.any():
            keys[by_id[clash]] = "pub:" + keys[by_id[clash]].astype(object)
        return keys[root]


def _series(df: pd.DataFrame, values: np.ndarray) -> pd.Series:
    return pd.Series(values, index=df.index, name="unit_key")


def application_groups(df) -> pd.Series:
    """The application each publication belongs to, as a stable key per group.

    Publications are one application when they share a normalised application number or the
    same publication number, or when their office's :data:`NUMBER_RULES` joins them (CN A and
    B, EP A1 and B1, ...); links are transitive. The key is the smallest application number in
    the group, else its smallest publication number (not the number without kind: JP A and B
    publications may share digits and still be two applications).

    Parameters
    ----------
    df : pandas.DataFrame or pyarrow.Table
        ``id`` (normalised publication number) and, where known, ``application_number``,
        ``country`` and ``kind``.

    Returns
    -------
    pandas.Series
        Strings aligned with ``df``'s index (a RangeIndex for an Arrow table).
    """
    df = _frame(df)
    if df.empty:
        return _series(df, np.array([], dtype=object))
    links = _Links.of(df)
    return _series(df, links.keys(links.application_roots()))


def family_groups(df) -> pd.Series:
    """The family each publication belongs to: applications joined by shared family ids.

    A publication without a family id is its application's family; an application whose
    publications carry two family ids joins both. The key follows the rule of
    :func:`application_groups` over the whole family.

    Parameters
    ----------
    df : pandas.DataFrame or pyarrow.Table
        The columns :func:`application_groups` reads, and ``family_id`` where known.
    """
    df = _frame(df)
    if df.empty:
        return _series(df, np.array([], dtype=object))
    links = _Links.of(df)
    return _series(df, links.keys(_family_roots(df, links.application_roots())))


def _family_roots(df: pd.DataFrame, application_roots: np.ndarray) -> np.ndarray:
    family_codes, _ = _codes(_text_column(df, "family_id"), values=False)
    return _components(len(df), [application_roots, family_codes])


def unit_key(df, unit: str = DEFAULT_UNIT) -> pd.Series:
    """The group key of each row under ``unit`` (for ``publication``: the publication number)."""
    check_unit(unit)
    df = _frame(df)
    if unit == "application":
        return application_groups(df)
    if unit == "family":
        return family_groups(df)
    return _series(df, _ids(df).to_numpy(zero_copy_only=False) if len(df) else np.array([], dtype=object))


def count_units(df) -> dict[str, int]:
    """How many publications, applications and families ``df`` holds (one linking pass)."""
    df = _frame(df)
    if df.empty:
        return {"publication": 0, "application": 0, "family": 0}
    links = _Links.of(df)
    application_roots = links.application_roots()
    return {"publication": len(links.ids),
            "application": _count_roots(application_roots),
            "family": _count_roots(_family_roots(df, application_roots))}


def _count_roots(root: np.ndarray) -> int:
    return int(np.count_nonzero(root == np.arange(len(root))))


# --------------------------------------------------------------------------- one row per unit

#: Columns whose earliest value among the members is the unit's (the application was filed
#: once; a family's first filing is its earliest).
EARLIEST_COLUMNS = ("filing_date", "priority_date", "year")
#: The representative publication's own: never taken from another member.
OWN_COLUMNS = ("id", "kind", "doc_type", "publication_date")
#: One application's: shared by the publications of an application, not by a family's.
APPLICATION_COLUMNS = ("application_number", "country")


def _is_empty(values: pd.Series) -> np.ndarray:
    """True for missing values, blank text and empty lists."""
    empty = values.isna().to_numpy().copy()
    if values.dtype == object:
        for i, v in enumerate(values.to_numpy()):
            if not empty[i] and (isinstance(v, str) and not v.strip()
                                 or isinstance(v, (list, tuple, np.ndarray)) and len(v) == 0):
                empty[i] = True
    elif pd.api.types.is_string_dtype(values.dtype):
        empty |= (values.str.strip() == "").fillna(False).to_numpy(dtype=bool)
    return empty


def _grant_rank(df: pd.DataFrame) -> np.ndarray:
    """1 for a grant, 0 otherwise; from ``doc_type``, else from office and kind code."""
    types = df["doc_type"] if "doc_type" in df.columns else pd.Series(None, index=df.index, dtype=object)
    missing = types.isna().to_numpy()
    if missing.any():
        rows = df.loc[missing]
        country, _, kind = split_ids(_ids(rows))
        pairs = pd.DataFrame({"country": country.to_pandas(),
                              "kind": pc.coalesce(kind, _text_column(rows, "kind")).to_pandas()})
        # doc_type is a per-office rule: ask it once per (office, kind), not once per row
        known = pairs.drop_duplicates()
        known["type"] = [doc_type(c, k) for c, k in known.itertuples(index=False)]
        types = types.astype(object).to_numpy().copy()
        types[missing] = pairs.merge(known, how="left", on=["country", "kind"])["type"].to_numpy()
    return (np.asarray(types) == "grant").astype(np.int8)


def _representatives_first(df: pd.DataFrame, keys: pd.Series) -> np.ndarray:
    """Row positions sorted by unit key, then best representative first.

    Best: has an abstract, then a grant, then the latest publication date, then the smallest id.
    """
    abstract = ~_is_empty(df["abstract"]) if "abstract" in df.columns else np.zeros(len(df), bool)
    latest_first = np.zeros(len(df), np.int64)
    if "publication_date" in df.columns:
        published = _time_order(df["publication_date"])
        latest_first = np.where(pd.isna(df["publication_date"]).to_numpy(), np.iinfo(np.int64).max, -published)
    id_rank = pd.factorize(df["id"].astype(str), sort=True)[0]
    key_rank = pd.factorize(keys, sort=True)[0]
    # np.lexsort sorts by the last key first; negated keys put the largest first.
    return np.lexsort((id_rank, latest_first, -_grant_rank(df), -abstract.astype(np.int8), key_rank))


def _time_order(values: pd.Series) -> np.ndarray:
    """Values as numbers that sort like them (dates and datetimes by time); missing values last."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.astype("float64").fillna(np.inf).to_numpy()
    times = pd.to_datetime(values, errors="coerce").to_numpy("datetime64[ns]").astype(np.int64)
    return np.where(pd.isna(values).to_numpy(), np.iinfo(np.int64).max, times)


def _first_in_group(order_key: np.ndarray, group_id: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Position of the row with the smallest ``order_key`` in each group (groups are contiguous)."""
    return np.lexsort((order_key, group_id))[starts]


def one_per_unit(df, unit: str = DEFAULT_UNIT) -> pd.DataFrame:
    """One row per unit: its representative publication, gaps filled from the other members.

    The representative is, in this order, a publication with an abstract, a grant, the latest
    publication, the smallest id. Its empty fields (missing, blank, empty list) take the first
    value the other members have in the same order, e.g. applicants from the A publication
    when the B row lacks them; :data:`OWN_COLUMNS` stay the representative's, and so do
    :data:`APPLICATION_COLUMNS` for a family. Filing date, priority date and year are the
    earliest among the members. Adds ``publications`` (every member's id, sorted) and
    ``unit_key``.

    Rows come sorted by ``unit_key`` with a fresh index. For ``publication`` the table is
    returned as it is, with ``publications = [id]``.

    Parameters
    ----------
    df : pandas.DataFrame or pyarrow.Table
        Publications, at least ``id``; see :func:`application_groups` for the linking columns.
    unit : {"application", "family", "publication"}
    """
    check_unit(unit)
    df = _frame(df)
    keys = unit_key(df, unit)
    if unit == "publication":
        return df.assign(publications=[[pid] for pid in df["id"]], unit_key=keys)
    df = df.drop(columns=["publications", "unit_key"], errors="ignore")
    if df.empty:
        return df.assign(publications=[], unit_key=[]).reset_index(drop=True)
    order = _representatives_first(df, keys)
    rows = df.iloc[order].reset_index(drop=True)
    group = keys.to_numpy()[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    sizes = np.diff(np.r_[starts, len(group)])
    out = rows.iloc[starts].reset_index(drop=True)
    # Only units of several publications need merging: the rest keep their one row.
    several = np.flatnonzero(sizes > 1)
    if len(several):
        positions = _member_positions(starts[several], sizes[several])
        members = rows.iloc[positions]
        member_group = np.repeat(np.arange(len(several)), sizes[several])
        member_starts = np.r_[0, np.cumsum(sizes[several])[:-1]]
        own = OWN_COLUMNS + (APPLICATION_COLUMNS if unit == "family" else ())
        for col in members.columns.difference(own, sort=False):
            if col in EARLIEST_COLUMNS:
                key = _time_order(members[col])  # the earliest known value wins
            else:
                key = _is_empty(members[col]).astype(np.int8)  # filled first, in representative order
            pick = positions[_first_in_group(key, member_group, member_starts)]
            take = starts.copy()
            take[several] = pick
            out[col] = rows[col].take(take).reset_index(drop=True)
    out["publications"] = _members(rows["id"], sizes)
    out["unit_key"] = group[starts]
    return out


def _members(ids: pd.Series, sizes: np.ndarray) -> list[list[str]]:
    """The ids of each run of ``sizes`` consecutive rows, as sorted lists."""
    values = ids.tolist()
    starts = np.r_[0, np.cumsum(sizes)[:-1]].tolist()
    return [sorted(values[s:s + k]) if k > 1 else [values[s]] for s, k in zip(starts, sizes.tolist())]


def _member_positions(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Every position ``starts[i] .. starts[i] + sizes[i] - 1``, concatenated."""
    offsets = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.repeat(starts, sizes) + offsets
