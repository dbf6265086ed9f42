"""Area names as the app and the report show them, in one language; IPC code titles."""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from landscape.distinct_labels import distinct_labels, extensions
from landscape.map_tables import as_list
from landscape.rules.names import names_of

_CODE_LABEL = re.compile(r"^(\S+) 类（([^）]+)）(.*)$")  # a code label "A63H33 类（玩具）" (distinct_labels.code_label)


def area_labels(clusters: pd.DataFrame, lang: str, *, short: bool = False) -> dict[int, str]:
    """Area id -> its display name in ``lang`` (:mod:`landscape.rules.names`), one per area.

    Bundles label every area in both languages with no label twice; one written before that
    rule may not, so areas sharing a label get their first distinctive term or code
    (:func:`landscape.distinct_labels.distinct_labels`), else their number. ``short=True`` gives the few words that
    fit on the map.
    """
    names = names_of(clusters, lang)
    if not names:
        return {}
    rows = {int(r["id"]): r for r in clusters.to_dict("records")}
    other = "en" if lang == "zh" else "zh"
    more = {a: extensions(names[a], lang, as_list(rows[a].get(f"terms_{lang}")),
                          [c["code"] for c in as_list(rows[a].get("top_codes")) if isinstance(c, dict)],
                          as_list(rows[a].get(f"terms_{other}")))
            for a in names}
    out = distinct_labels(names, more, "zh" if lang == "zh" else "en")
    if short:
        out = _short_names(out)
    return out


def _short_names(labels: dict[int, str]) -> dict[int, str]:
    """Labels that fit on the map: the first terms of each, and a code label without its code
    ("玩具" for "A63H33 类（玩具）"). Where two areas' short labels would read the same (G06F1
    and G06F17 are both 电数字数据处理; "machine learning / neural network" and "machine
    learning / language model" both shorten to "machine learning"), those keep their code in
    front, or all their terms."""
    matches = {a: _CODE_LABEL.match(label) for a, label in labels.items()}
    bare = {a: short_label(m.group(2) + m.group(3) if m else labels[a]) for a, m in matches.items()}
    shared = {name for name, n in Counter(bare.values()).items() if n > 1}
    out = {}
    for a, m in matches.items():
        if bare[a] not in shared:
            out[a] = bare[a]
        elif m:  # "G06F17 电数字数据处理"
            out[a] = short_label(f"{m.group(1)} {m.group(2)}{m.group(3)}")
        else:
            out[a] = labels[a]
    return out


def short_label(label: str, max_len: int = 30) -> str:
    """The first terms of a label that fit on the map (the full one is in the hover)."""
    parts = [p.strip() for p in re.split(r"\s*/\s*", label) if p.strip()]
    sep = "/" if parts and all(ord(c) > 0x2E80 for c in parts[0][:1]) else " / "
    out = ""
    for part in parts:
        joined = f"{out}{sep}{part}" if out else part
        if out and len(joined) > max_len:
            break
        out = joined
    return out if len(out) <= max_len + 8 else out[:max_len] + "…"


def code_title(code: str, lang: str) -> str | None:
    from landscape import ipc_titles

    if lang == "zh":
        return ipc_titles.ipc_title_zh(code) or ipc_titles.short_title(code, 40)
    return ipc_titles.short_name_en(code) or ipc_titles.short_title(code, 40)
