"""The applicants of a map as the app shows them: groups first (what every figure counts),
then each applicant with its group, kind, country and the rule that decided the country."""
from __future__ import annotations

import pandas as pd

from landscape.analyse.applicants import group_home
from landscape.i18n import t


def _origin(is_home, lang: str) -> str:
    if is_home is None or is_home is pd.NA or (isinstance(is_home, float) and pd.isna(is_home)):
        return t("common.unknown", lang)
    return t("applicants.domestic" if bool(is_home) else "applicants.foreign", lang)


def group_summary(applicants: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per corporate group, most patents first: its patents (in the map's unit),
    how many applicant names it joins, its country and home/foreign status."""
    if applicants is None or applicants.empty:
        return pd.DataFrame(columns=["group", "patents", "members", "nationality", "origin"])
    home = group_home(applicants)
    country = (applicants.sort_values("count", ascending=False).dropna(subset=["country"])
               .drop_duplicates("group").set_index("group")["country"])
    out = (applicants.groupby("group").agg(patents=("count", "sum"), members=("applicant", "nunique"))
           .reset_index().sort_values(["patents", "group"], ascending=[False, True]))
    out["nationality"] = out["group"].map(country)
    out["origin"] = [_origin(home.get(g, pd.NA), lang) for g in out["group"]]
    return out.reset_index(drop=True)


def applicant_list(applicants: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every applicant with its group, kind, country, home/foreign and the deciding rule, in ``lang``."""
    cols = ["applicant", "group", "kind", "nationality", "origin", "decided_by", "patents"]
    if applicants is None or applicants.empty:
        return pd.DataFrame(columns=cols)
    out = applicants.sort_values(["count", "applicant"], ascending=[False, True]).copy()
    out["kind"] = [t(f"applicant.kind.{k}", lang) for k in out["kind"].fillna("unknown")]
    out["decided_by"] = [t(f"origin.rule.{r}", lang) for r in out["decided_by"].fillna("unknown")]
    out["origin"] = [_origin(h, lang) for h in out["is_home"]]
    return out.rename(columns={"count": "patents", "country": "nationality"})[cols].reset_index(drop=True)
