"""The applicants of a map as the app shows them: groups first (what every figure counts),
then each applicant with its group, kind, country and the rule that decided the country."""
from __future__ import annotations

import pandas as pd

from landscape.i18n import t


def _origin(is_home, lang: str) -> str:
    if is_home is None or is_home is pd.NA or (isinstance(is_home, float) and pd.isna(is_home)):
        return t("common.unknown", lang)
    return t("applicants.domestic" if bool(is_home) else "applicants.foreign", lang)


def group_summary(groups: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The groups table ``analyse`` wrote (``groups.parquet``: one row per corporate group, most
    patents first) as the page lists it: patents, member names, country and origin in ``lang``."""
    if groups is None or groups.empty:
        return pd.DataFrame(columns=["group", "patents", "members", "nationality", "origin"])
    out = groups.rename(columns={"country": "nationality"})
    out["origin"] = [_origin(h, lang) for h in out["is_home"]]
    return out[["group", "patents", "members", "nationality", "origin"]].reset_index(drop=True)


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
