"""Labels that tell areas apart: code labels for areas without text, then no label twice.

An area with no text in a language is named by its top code ("B01D71 类（分离、过滤与膜分离）",
WIPO's English title). Areas sharing a label then get the first thing that tells them apart:
a term of theirs, else a code the others do not have, else a term in the other language
(four membrane areas of an English map are not "B01D71 类" four times, but
"B01D71 类（…）/reverse osmosis", ...), else their number. Both :func:`landscape.label.label_clusters`
(when it writes a bundle) and the views (for bundles written before) use these rules.
"""
from __future__ import annotations

from landscape.ipc_titles import ipc_title_zh, short_name_en, short_title
from landscape.rules.names import unlabelled_name

SEPARATOR = {"en": " / ", "zh": "/"}


def code_label(code: str, lang: str) -> str:
    """An IPC code as a label: WIPO's short English title, or "A63H33 类（玩具）" from our own table."""
    if lang == "zh":
        name = ipc_title_zh(code[:4])
        return f"{code.removesuffix('/00')} 类" + (f"（{name}）" if name else "")
    return short_name_en(code) or short_title(code, max_len=40) or code


def extensions(label: str, lang: str, terms, codes, other_terms=()) -> list[str]:
    """What may be added to ``label`` to tell it apart, best first: its own terms, its codes,
    then its terms in the other language (a Chinese label of an English-only area has no
    Chinese word to add; "seawater desalination" still tells two membrane areas apart)."""
    own = [str(t) for t in terms if str(t) and str(t) not in label]
    # a code in English is its title ("Rotorcraft"); Chinese has names for subclasses only
    finer = [(code_label(c, lang) if lang == "en" else c.removesuffix("/00")) for c in codes]
    finer = [c for c in finer if c not in label]
    other = [str(t) for t in other_terms if str(t) and str(t) not in label]
    return list(dict.fromkeys(own + finer + other))


def distinct_labels(labels: dict[int, str], more: dict[int, list[str]], lang: str,
                    kind: str = "area") -> dict[int, str]:
    """``labels`` made unique: areas sharing one get their first distinctive extension.

    Parameters
    ----------
    labels : dict
        Area id -> label in ``lang``.
    more : dict
        Area id -> what may be added, best first (see :func:`extensions`).
    lang : {"en", "zh"}
    kind : {"area", "topic"}
        How an area that nothing tells apart is named after its label ("Area 3").

    Returns
    -------
    dict
        Area id -> a label no other area has.
    """
    out, more = dict(labels), {a: list(more.get(a, [])) for a in labels}
    for _ in range(3):
        groups: dict[str, list[int]] = {}
        for area, label in out.items():
            groups.setdefault(label, []).append(area)
        clashes = [ids for ids in groups.values() if len(ids) > 1]
        if not clashes:
            return out
        for ids in clashes:
            for area in ids:
                # the first extension the other areas of the clash do not have: one they
                # share would only make the clash longer
                others = {e for o in ids if o != area for e in more[o]}
                pick = next((e for e in more[area] if e not in others), None)
                if pick is not None:
                    more[area].remove(pick)
                    out[area] = f"{out[area]}{SEPARATOR[lang]}{pick}"
    counts: dict[str, int] = {}
    for label in out.values():
        counts[label] = counts.get(label, 0) + 1
    # Areas that nothing tells apart keep their label, with their number's name.
    return {a: f"{label}（{unlabelled_name(a, lang, kind)}）" if lang == "zh" and counts[label] > 1
            else f"{label} ({unlabelled_name(a, lang, kind)})" if counts[label] > 1 else label
            for a, label in out.items()}
