"""What the What's new page (新动态) shows of a watched map: pure functions over the bundle's
manifest, points and ``changes.parquet`` (see landscape/analyse/changes.py)."""
from __future__ import annotations

import pandas as pd

from landscape.i18n import t
from landscape.rules.names import display_name

#: the order kinds are offered in (``landscape.analyse.changes.KINDS``)
KIND_ORDER = ("new_entrant", "surge", "rival_move", "near_white_space", "legal_change", "new_filings", "drift")


def watched(manifest: dict) -> bool:
    """Whether the map's current version came from ``landscape watch`` (has ``manifest.watch``)."""
    return isinstance(manifest.get("watch"), dict)


def summary_text(manifest: dict, lang: str) -> str:
    """One sentence: the version, how many patents it added from how many files, since when."""
    w, note = manifest.get("watch") or {}, manifest.get("version_note") or {}
    return t("whats_new.summary", lang, version=manifest.get("version", "?"), added=w.get("added", 0),
             files=len(w.get("files") or []), at=str(note.get("at", ""))[:10], since=w.get("since", "?"))


def drift_text(manifest: dict, lang: str) -> tuple[str, bool] | None:
    """The drift sentence and whether a rebuild is suggested; None without new patents."""
    d = (manifest.get("watch") or {}).get("drift") or {}
    if not d.get("new"):
        return None
    return (t("whats_new.drift", lang, share=f"{d['share_far']:.0%}", own=f"{d['share_far_map']:.0%}",
              regions=d.get("new_dense_regions", 0)), bool(d.get("suggest_rebuild")))


def kinds_present(changes: pd.DataFrame) -> list[str]:
    present = set(changes["kind"])
    return [k for k in KIND_ORDER if k in present]


def kind_label(kind: str, lang: str) -> str:
    return t(f"whats_new.kind.{kind}", lang)


def area_label(area, names: dict[int, str], lang: str) -> str:
    if area is None or pd.isna(area):
        return "—"
    return display_name(int(area), names.get(int(area)), lang)


def changes_table(changes: pd.DataFrame, lang: str, names: dict[int, str], *, kinds=None, areas=None) -> pd.DataFrame:
    """The changes of the chosen ``kinds`` in the chosen ``areas`` (None: all), in ``lang``:
    kind, area, group, patents and the sentence, in :data:`KIND_ORDER`."""
    c = changes
    if kinds is not None:
        c = c[c["kind"].isin(list(kinds))]
    if areas is not None:
        c = c[c["area"].isin(list(areas))]
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    c = c.sort_values(["kind", "count"], key=lambda s: s.map(order) if s.name == "kind" else -s, kind="stable")
    col = lambda k: t(f"whats_new.col.{k}", lang)  # noqa: E731
    return pd.DataFrame({col("kind"): [kind_label(k, lang) for k in c["kind"]],
                         col("area"): [area_label(a, names, lang) for a in c["area"]],
                         col("group"): c["group"].fillna("").to_numpy(),
                         col("count"): c["count"].to_numpy(),
                         col("text"): c["text_zh" if lang == "zh" else "text_en"].to_numpy(),
                         col("id"): c["id"].fillna("").to_numpy()})


def new_patents(points: pd.DataFrame, version: int, lang: str, names: dict[int, str], *, areas=None) -> pd.DataFrame:
    """The patents the version added (``added_in``), newest year first, in ``lang``."""
    if "added_in" not in points:
        return pd.DataFrame()
    p = points[points["added_in"] == version]
    if areas is not None:
        p = p[p["area"].isin(list(areas))]
    p = p.sort_values(["year", "id"], ascending=[False, True])
    col = lambda k: t(f"whats_new.col.{k}", lang)  # noqa: E731
    out = pd.DataFrame({col("id"): p["id"].to_numpy(), col("title"): p["title"].to_numpy(),
                        col("applicant"): p["applicant"].fillna("").to_numpy(),
                        col("area"): [area_label(a, names, lang) for a in p["area"]],
                        col("year"): p["year"].to_numpy()})
    if "far" in p:
        out[col("far")] = p["far"].to_numpy(bool)
    return out
