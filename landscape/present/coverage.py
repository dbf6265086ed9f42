"""The data-coverage table and the counting unit of a map, from its manifest, in the user's language."""
from __future__ import annotations

import pandas as pd

from landscape.coverage import NEEDS, WARN_BELOW, coverage_warnings
from landscape.i18n import t


def coverage_frame(manifest: dict) -> pd.DataFrame | None:
    """The manifest's coverage as coverage.coverage_table returns it, or None for maps built
    before coverage was recorded."""
    rows = manifest.get("coverage")
    if not rows:
        return None
    by_key = {r["key"]: r for r in rows}
    out = []
    for need in NEEDS:
        r = by_key.get(need.key)
        if r is None:
            continue
        out.append({"key": need.key, "label_en": need.label_en, "label_zh": need.label_zh,
                    "records": int(r["records"]), "share": float(r["share"]),
                    "without_en": need.without_en, "without_zh": need.without_zh})
    return pd.DataFrame(out)


def coverage_table(manifest: dict, lang: str) -> pd.DataFrame | None:
    """Field, patents with it, share, and what is empty without it (only where under half have it)."""
    frame = coverage_frame(manifest)
    if frame is None:
        return None
    return pd.DataFrame({
        t("col.cov_field", lang): frame[f"label_{lang}"],
        t("col.cov_records", lang): frame["records"],
        t("col.cov_share", lang): (frame["share"] * 100).round(0),
        t("col.cov_without", lang): [w if s < WARN_BELOW else "" for w, s in
                                     zip(frame[f"without_{lang}"], frame["share"])],
    })


def data_warnings(manifest: dict, lang: str) -> list[str]:
    """One sentence per field too few patents of the map have."""
    frame = coverage_frame(manifest)
    return [] if frame is None else coverage_warnings(frame, lang)


def unit_sentence(manifest: dict, lang: str) -> str | None:
    """How patents are counted on this map, e.g. "counted by application: 216 publications are 120
    applications"; None for maps built before the unit was recorded."""
    unit = manifest.get("unit")
    if unit is None:
        return None
    return t(f"unit.{unit}", lang, publications=f"{manifest.get('publications', manifest.get('records', 0)):,}",
             n=f"{manifest.get('records', 0):,}")
