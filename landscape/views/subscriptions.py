"""What the Subscriptions page shows and does, as plain functions: the subscribers as a table,
a form's starting values, a form's values checked and saved, a subscriber removed, and the
preview of a subscriber's digest of the map on screen."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from landscape.i18n import STRINGS, t
from landscape.push import subscriptions as S
from landscape.push.digest import DigestError, digest_for, follows, map_news, render
from landscape.rules.names import names_of
from landscape.views.region import branch_names

TEXT_FIELDS = ("applicants", "rivals", "keywords", "codes")


def _language(code: str, lang: str) -> str:
    """A digest language as the page says it (中文 / English), the code where it is no known one."""
    key = f"langname.{code}"
    return t(key, lang) if key in STRINGS else code


def subscriber_table(subs: list[S.Subscriber], lang: str) -> pd.DataFrame:
    """One row per subscriber: name, e-mail, language, map and what they follow, headers in ``lang``."""
    rows = [{t("col.sub_name", lang): s.name, t("col.sub_email", lang): s.email, t("col.sub_lang", lang): _language(s.lang, lang),
             t("col.sub_map", lang): s.map or "", t("col.sub_follows", lang): follows(s, lang)} for s in subs]
    return pd.DataFrame(rows, columns=[t(f"col.sub_{c}", lang) for c in ("name", "email", "lang", "map", "follows")])


def area_options(clusters: pd.DataFrame, lang: str) -> dict[int, str]:
    """Area number -> "3 · name", in map order."""
    return {a: f"{a} · {name}" for a, name in names_of(clusters, lang).items() if a >= 0}


def branch_options(manifest: dict, lang: str) -> dict[str, str]:
    return branch_names(manifest, lang)


def form_values(sub: S.Subscriber | None, map_name: str) -> dict:
    """A form's starting values: the subscriber's, lists written comma-separated."""
    if sub is None:
        return {"name": "", "email": "", "lang": "zh", **{f: "" for f in TEXT_FIELDS}, "areas": [], "branches": [],
                "this_map": True}
    return {"name": sub.name, "email": sub.email, "lang": sub.lang,
            **{f: ", ".join(getattr(sub, f)) for f in TEXT_FIELDS}, "areas": list(sub.areas),
            "branches": list(sub.branches), "this_map": sub.map == map_name or sub.map is None and bool(sub.areas)}


def save_form(workspace: Path, values: dict, *, map_name: str, areas, branches, old_name: str | None = None) -> S.Subscriber:
    """Check a form's values (areas and branches against the map on screen) and save them; a
    :class:`SubscriptionError` in one sentence when something is wrong (nothing is written)."""
    raw = {"name": values.get("name") or "", "email": values.get("email") or "", "lang": values.get("lang") or "zh",
           **{f: S.split_items(values.get(f) or "") or [] for f in TEXT_FIELDS},
           "areas": list(values.get("areas") or []), "branches": list(values.get("branches") or []),
           "map": map_name if values.get("this_map") else None}
    sub = S.check(raw, source="form", areas=areas, branches=branches)
    others = [s.name.casefold() for s in S.read_subscriptions(workspace)
              if s.name.casefold() != (old_name or "").casefold()]
    if sub.name.casefold() in others:
        raise S.SubscriptionError(f"form: a subscriber is already called {sub.name!r} (field name); choose it "
                                  "above to edit it, or give another name.")
    S.save_subscriber(workspace, sub, old_name=old_name)
    return sub


def preview(bundle, sub: S.Subscriber) -> tuple[str, str]:
    """(HTML, text) of ``sub``'s digest of ``bundle`` now; a :class:`DigestError` when the map has
    nothing to digest (never watched)."""
    return render(digest_for(map_news(bundle), replace(sub, map=None)))


__all__ = ["DigestError", "area_options", "branch_options", "form_values", "preview", "save_form",
           "subscriber_table"]
