"""Alerts table and downloads (Excel, CSV with headers in the chosen language)."""
from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd

from landscape.i18n import t
from landscape.map_tables import as_list
from landscape.present.names import area_labels
from landscape.views.tables import _fmt_applicants

# --------------------------------------------------------------------------- alerts

def alerts_table(alerts: pd.DataFrame, clusters: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Alerts to read: severity, kind, area label, applicant, the explanation in ``lang``, value
    vs threshold and how many patents are behind each."""
    labels = area_labels(clusters, lang)
    other = "zh" if lang == "en" else "en"
    out = pd.DataFrame({"severity": alerts.get("severity"), "kind": alerts.get("kind")})
    if "score" in alerts:  # what ranks alerts of one severity (see the [ranking] rules)
        out["score"] = alerts["score"].to_numpy()
    if "area" in alerts:
        out["area"] = [labels.get(int(a), str(a)) if pd.notna(a) else "" for a in alerts["area"]]
    if "applicant" in alerts:
        out["applicant"] = alerts["applicant"].to_numpy()
    exp = alerts.get(f"explanation_{lang}")
    if exp is None:
        exp = alerts.get(f"explanation_{other}")
    out["explanation"] = exp.to_numpy() if exp is not None else ""
    for col in ("value", "threshold"):
        if col in alerts:
            out[col] = alerts[col].to_numpy()
    if "patent_ids" in alerts:
        out["patents"] = [len(as_list(v)) for v in alerts["patent_ids"]]
    return out


# --------------------------------------------------------------------------- downloads

def localise(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Headers in ``lang`` (``col.<name>`` keys; a column without a key keeps its name)."""
    from landscape.i18n import STRINGS

    return df.rename(columns={c: t(f"col.{c}", lang) for c in df.columns if f"col.{c}" in STRINGS})


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """Lists, arrays and dicts as text, so spreadsheets can hold them."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = [("; ".join(_fmt_applicants([x]) if isinstance(x, dict) else str(x) for x in as_list(v))
                         if isinstance(v, (list, tuple, np.ndarray)) else
                         _fmt_applicants([v]) if isinstance(v, dict) else v) for v in out[col]]
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
    return out


def to_excel(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook, one sheet per table (sheet names cut to Excel's 31 characters)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as writer:
        for name, df in sheets.items():
            safe = re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Sheet"
            flat = _flat(df)
            flat.to_excel(writer, sheet_name=safe, index=False)
            sheet = writer.sheets[safe]
            for i, col in enumerate(flat.columns):
                longest = max([len(str(col))] + [len(str(v)) for v in flat[col].head(200)])
                sheet.set_column(i, i, min(max(10, longest + 2), 60))
    return buf.getvalue()


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a BOM: Excel on Chinese Windows opens it without garbling the Chinese."""
    return _flat(df).to_csv(index=False).encode("utf-8-sig")
