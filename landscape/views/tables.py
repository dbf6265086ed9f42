"""Tables the pages show: areas and patents."""
from __future__ import annotations

import pandas as pd

from landscape.i18n import t
from landscape.map_tables import as_list
from landscape.present.names import area_labels, code_title

# --------------------------------------------------------------------------- areas

def _fmt_applicants(value) -> str:
    items = as_list(value)
    parts = []
    for item in items:
        if isinstance(item, dict):
            parts.append(f"{item.get('applicant')} ({item.get('count')})")
        else:
            parts.append(str(item))
    return "; ".join(parts)


def _fmt_codes(value, lang: str, n: int = 4) -> str:
    parts = []
    for item in as_list(value)[:n]:
        code = item.get("code") if isinstance(item, dict) else str(item)
        title = code_title(code, lang)
        share = item.get("share") if isinstance(item, dict) else None
        text = f"{code} {title}" if title and title != code else code
        parts.append(f"{text} ({share:.0%})" if share is not None else text)
    return "; ".join(parts)


def _trend_word(status, lang: str) -> str | None:
    return t("trends." + status.replace(" ", "_"), lang) if isinstance(status, str) else None


def area_table(clusters: pd.DataFrame, lang: str, points: pd.DataFrame | None = None,
               top: dict[int, list[dict]] | None = None) -> pd.DataFrame:
    """One row per area: label (chosen language), its terms, the other language's terms, size,
    growth, years, top applicants and top codes with titles. Column names are i18n keys' suffixes
    (``col.<name>``); :func:`localise` turns them into headers.

    With ``points`` the size counts every patent of the area, including those the clustering
    left unassigned and gave to their nearest area (``points.area``), as the rest of the app
    does; otherwise the clusters' own size. ``top`` (the bundle's ``leading_applicants`` table,
    :func:`landscape.present.highlights.leading_by_area`) replaces the build-time top applicants
    with the analysis's count (by corporate group)."""
    other = "zh" if lang == "en" else "en"
    labels = area_labels(clusters, lang)
    clusters = clusters.copy()
    if points is not None:
        clusters["size"] = clusters["id"].map(points["area"].value_counts()).fillna(0).astype(int)
    rows = []
    for _, row in clusters.sort_values(["size", "id"], ascending=[False, True]).iterrows():
        rows.append({
            "area_id": int(row["id"]),
            "label": labels[int(row["id"])],
            "terms": ", ".join(map(str, as_list(row.get(f"terms_{lang}")))),
            "terms_other": ", ".join(map(str, as_list(row.get(f"terms_{other}")))),
            "size": int(row["size"]),
            "growth": None if pd.isna(row.get("growth")) else float(row["growth"]),
            # The word read from that growth (landscape.rules.growth); "too few" where there is none.
            "trend": _trend_word(row.get("trend"), lang),
            "first_year": row.get("first_year"),
            "last_year": row.get("last_year"),
            "top_applicants": _fmt_applicants(top[int(row["id"])] if top and int(row["id"]) in top
                                              else row.get("top_applicants")),
            "top_codes": _fmt_codes(row.get("top_codes"), lang),
        })
    return pd.DataFrame(rows)


def patents_table(points: pd.DataFrame, documents: pd.DataFrame | None, ids=None, *, mask=None,
                  first: list[str] | None = None, limit: int | None = None) -> pd.DataFrame:
    """Patents to read: id, title, abstract (from ``documents``), applicant, date, country.

    ``first`` ids (an area's representative patents) come first, then the newest."""
    sel = points if ids is None and mask is None else points[mask] if mask is not None else \
        points[points["id"].isin(list(ids))]
    out = sel[["id", "title", "applicant", "year", "country"]].copy()
    if documents is not None and len(documents):
        docs = documents.set_index("id")
        out["abstract"] = out["id"].map(docs["abstract"]) if "abstract" in docs else None
        date = docs["filing_date"] if "filing_date" in docs else None
        if date is not None and "publication_date" in docs:
            date = date.fillna(docs["publication_date"])
        if date is not None:
            out["date"] = out["id"].map(date).dt.strftime("%Y-%m-%d")
    rank = {pid: i for i, pid in enumerate(first or [])}
    out["_first"] = out["id"].map(rank).fillna(len(rank))
    out = out.sort_values(["_first", "year", "id"], ascending=[True, False, True], na_position="last")
    out = out.drop(columns="_first").reset_index(drop=True)
    cols = [c for c in ("id", "title", "abstract", "applicant", "date", "year", "country") if c in out]
    out = out[cols]
    return out.head(limit) if limit else out


#: How many shared words a reason names (the rest are counted in the score, not listed).
_REASON_TERMS = 5


def match_reasons(nearest: pd.DataFrame, lang: str) -> list[str]:
    """Why each row of ``place``'s nearest patents matched, in ``lang``: its similarity, the
    words and the codes it shares with the description."""
    out = []
    for row in nearest.itertuples(index=False):
        parts = [t("why.similarity", lang, value=f"{row.similarity:.2f}")]
        words = as_list(getattr(row, "terms", None))
        if words:
            parts.append(t("why.terms", lang, terms=("、" if lang == "zh" else ", ").join(words[:_REASON_TERMS])))
        codes = as_list(getattr(row, "codes", None))
        if codes:
            parts.append(t("why.codes", lang, codes=", ".join(codes)))
        out.append(" · ".join(parts))
    return out
