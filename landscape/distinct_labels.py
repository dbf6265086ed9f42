"""Labels that tell areas apart: code labels for areas without text, then no label twice.

An area with no text in a language is named by its codes ("B01D71 类（分离）", WIPO's English
title), each area taking the first of its codes that no bigger area took: four membrane areas
must not all read "B01D71 类". After that, areas still sharing a label get their next
distinctive term, else a finer code, else their number. Both :func:`landscape.label.label_clusters`
(when it writes a bundle) and the views (for bundles written before) use these rules.
"""
from __future__ import annotations

from landscape.ipc_titles import ipc_title_zh, short_title
from landscape.rules.names import unlabelled_name

SEPARATOR = {"en": " / ", "zh": "/"}


def code_label(code: str, lang: str) -> str:
    """An IPC code as a label: WIPO's short English title, or "A63H33 类（玩具）" from our own table."""
    if lang == "zh":
        name = ipc_title_zh(code[:4])
        return f"{code.removesuffix('/00')} 类" + (f"（{name}）" if name else "")
    return short_title(code, max_len=40) or code


def code_labels(options: dict[int, list[str]], sizes: dict[int, int], lang: str,
                taken=(), kind: str = "area") -> dict[int, str]:
    """A code label for each area in ``options`` (its possible labels, best first), no two alike
    where it can be.

    Bigger areas choose first; each takes the first option that is not ``taken`` (labels
    other areas already have) nor chosen by a bigger area. An area whose options are all
    taken keeps its first (:func:`distinct_labels` tells them apart); one without options gets
    its number's name ("Area 3" / "领域 3").
    """
    taken, out = set(taken), {}
    for area in sorted(options, key=lambda a: (-sizes.get(a, 0), a)):
        mine = list(dict.fromkeys(options[area]))
        pick = next((o for o in mine if o not in taken), mine[0] if mine else None)
        out[area] = pick or unlabelled_name(area, lang, kind)
        taken.add(out[area])
    return out


def extensions(label: str, terms, codes) -> list[str]:
    """What may be added to ``label`` to tell it apart: its terms, then its codes, not yet in it."""
    own = [str(t) for t in terms if str(t) and str(t) not in label]
    finer = [c.removesuffix("/00") for c in codes if c.removesuffix("/00") not in label]
    return list(dict.fromkeys(own + finer))


def distinct_labels(labels: dict[int, str], more: dict[int, list[str]], lang: str,
                    kind: str = "area") -> dict[int, str]:
    """``labels`` made unique: areas sharing one get their next distinctive extension.

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
                # the first extension the other areas of the clash cannot also take
                others = {e for o in ids if o != area for e in more[o]}
                pick = next((e for e in more[area] if e not in others), more[area][0] if more[area] else None)
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
