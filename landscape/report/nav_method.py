"""The navigation's item in the report's "Data and method" chapter: the region, how places and
applicant types were decided, and the coverage of every field the navigation reads (split from
:mod:`landscape.report.navigation`, which lays out the navigation's chapters)."""
from __future__ import annotations

import pandas as pd

from landscape.report.model import Table, pct
from landscape.report.navigation import _type, chain_text, navigation_of, region_title
from landscape.report.strings import tr

#: A field the navigation reads from fewer patents than this is named as thin in the method.
LOW_COVERAGE = 0.5


def navigation_method(bundle, lang: str, applicants: pd.DataFrame | None) -> tuple[dict | None, Table | None]:
    """The method chapter's item on the navigation (region, how places and types were decided,
    the coverage of the fields it reads) and the coverage table; (None, None) without one."""
    nav = navigation_of(bundle)
    if nav is None:
        return None, None
    sep = tr("list_sep", lang)
    places = types = "—"
    if applicants is not None and len(applicants) and applicants["count"].sum() > 0:
        total = applicants["count"].sum()
        if "region_from" in applicants.columns:
            by = applicants.assign(f=applicants["region_from"].fillna("").replace("", "none")).groupby("f")["count"].sum()
            places = sep.join(f"{tr('nav.from.' + k, lang) if tr('nav.from.' + k, lang) != 'nav.from.' + k else k} "
                              f"{pct(v / total)}" for k, v in by.sort_values(ascending=False).items() if v > 0)
        if "type" in applicants.columns:
            by = applicants.assign(t=applicants["type"].fillna("unknown")).groupby("t")["count"].sum()
            types = sep.join(f"{_type(k, lang)} {pct(v / total)}" for k, v in by.sort_values(ascending=False).items()
                             if v > 0)
    text = tr("m.nav_text", lang, region=region_title(nav), chain=chain_text(nav, lang),
              at=str(nav.get("at") or "—")[:10], places=places, types=types)
    coverage = nav.get("coverage") or {}
    low = []
    rows = []
    for field, share in coverage.items():
        word = tr(f"nav.field.{field}", lang)
        word = field if word == f"nav.field.{field}" else word
        rows.append([word, pct(share)])
        if isinstance(share, (int, float)) and share < LOW_COVERAGE:
            low.append(tr("m.nav.low", lang, field=word, share=pct(share)))
    item = {"head": tr("m.nav", lang), "text": text, "list": low}
    table = Table([tr("nav.col.field", lang), tr("nav.col.coverage", lang)], rows, ["l", "r"], ["60%", "40%"]) \
        if rows else None
    return item, table
