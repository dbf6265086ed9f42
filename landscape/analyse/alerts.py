"""Early warning: rules over the competitor tables that say, with numbers and patents,
where something changed (an area concentrates, a foreign applicant dominates, an applicant
surges or enters, a rival moves in on a watched applicant).

Thresholds live in ``default_rules.toml`` (read it for each default and why); a user's TOML
is merged over them (:func:`load_rules`). Rules look at technology areas only (not the
whole-corpus row, ``area == -1``) and at the recent window against the previous one (see
:func:`landscape.analyse.competitors.windows`).
"""
from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from landscape.analyse.competitors import (ALL_AREAS, UNKNOWN, Window, applicant_growth,
                                           applicant_patents, concentration_table, home_applicants,
                                           windows)
from landscape.ingest.normalize import applicant_name

ALERT_COLUMNS = ["kind", "severity", "area", "area_label_en", "area_label_zh", "applicant",
                 "value", "threshold", "numbers", "explanation_en", "explanation_zh",
                 "patent_ids"]
SEVERITIES = ("high", "medium", "low")


# --------------------------------------------------------------------------- rules

def _default_rules() -> dict:
    text = resources.files(__package__).joinpath("default_rules.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _merge(rules: dict, overrides: Mapping, source: str) -> dict:
    """``rules`` with ``overrides`` on top, every table, key and type checked."""
    out = {name: dict(table) for name, table in rules.items()}
    for name, table in overrides.items():
        if name not in out:
            raise ValueError(f"{source}: unknown rule [{name}]; known: {', '.join(out)}")
        if not isinstance(table, Mapping):
            raise ValueError(f"{source}: [{name}] must be a table of settings, got {table!r}")
        for key, value in table.items():
            if key not in out[name]:
                raise ValueError(f"{source}: unknown key '{name}.{key}'; "
                                 f"[{name}] has {', '.join(out[name])}")
            default = out[name][key]
            numeric = (int, float)
            same = (isinstance(value, bool) == isinstance(default, bool)
                    and (isinstance(value, type(default))
                         or (isinstance(value, numeric) and isinstance(default, numeric))))
            if not same:
                kind = "true or false" if isinstance(default, bool) else (
                    "a number" if isinstance(default, numeric) else "text")
                raise ValueError(f"{source}: '{name}.{key}' must be {kind} like the default "
                                 f"{default!r}, got {value!r}")
            if key == "severity" and value not in SEVERITIES:
                raise ValueError(f"{source}: '{name}.severity' must be one of "
                                 f"{', '.join(SEVERITIES)}, got {value!r}")
            out[name][key] = value
    return out


def load_rules(path: str | Path | None = None) -> dict:
    """The alert rules: the defaults, with a user's TOML file merged over them.

    Parameters
    ----------
    path : str or Path, optional
        A TOML file with some of the tables and keys of ``default_rules.toml``.

    Returns
    -------
    dict
        ``{rule: {key: value}}`` with every key present.

    Raises
    ------
    ValueError
        The file is not valid TOML, or names a rule or key the defaults do not have, or
        gives a value of the wrong type; the message names the file and the key.
    """
    rules = _default_rules()
    if path is None:
        return rules
    path = Path(path)
    try:
        overrides = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"{path}: not valid TOML ({e})") from e
    return _merge(rules, overrides, str(path))


def _resolve(rules) -> dict:
    if rules is None:
        return _default_rules()
    if isinstance(rules, (str, Path)):
        return load_rules(rules)
    return _merge(_default_rules(), rules, "rules")


# --------------------------------------------------------------------------- context

@dataclass
class _Facts:
    """What the rules read, computed once."""

    pairs: pd.DataFrame          # (patent, applicant) rows, known applicants, areas >= 0
    conc: pd.DataFrame           # concentration_table
    growth: pd.DataFrame         # applicant growth per area, areas >= 0
    recent: Window
    previous: Window
    last_complete: int
    is_home: pd.Series
    labels: dict
    home: str

    def ids(self, area: int, applicants, first: int, last: int) -> list[str]:
        p = self.pairs
        sel = ((p["area"] == area) & p["applicant"].isin(list(applicants))
               & p["year"].between(first, last))
        return sorted(set(p.loc[sel.fillna(False).to_numpy(bool), "id"].astype(str)))

    def label(self, area: int) -> tuple[str, str]:
        # "#12", not "领域 12": the sentences already say 「…」领域.
        return self.labels.get(int(area), (f"area {area}", f"#{area}"))


def _labels(clusters: pd.DataFrame | None) -> dict:
    out = {}
    if clusters is None or "id" not in clusters:
        return out
    for _, row in clusters.iterrows():
        en, zh = row.get("label_en"), row.get("label_zh")
        has_en = isinstance(en, str) and bool(en.strip())
        en = en if has_en else f"area {row['id']}"
        zh = zh if isinstance(zh, str) and zh.strip() else en if has_en else f"#{row['id']}"
        out[int(row["id"])] = (en, zh)
    return out


def _pct(x: float, sign: bool = False) -> str:
    return f"{x * 100:+.0f}%" if sign else f"{x * 100:.0f}%"


def _alert(facts: _Facts, kind: str, cfg: dict, area: int, applicant, value, threshold,
           numbers: dict, en: str, zh: str, ids: list[str]) -> dict:
    label_en, label_zh = facts.label(area)
    return {"kind": kind, "severity": cfg["severity"], "area": int(area),
            "area_label_en": label_en, "area_label_zh": label_zh, "applicant": applicant,
            "value": float(value), "threshold": float(threshold), "numbers": numbers,
            "explanation_en": en, "explanation_zh": zh, "patent_ids": ids}


# --------------------------------------------------------------------------- the rules

def _concentrated(f: _Facts, cfg: dict) -> list[dict]:
    c = f.conc[f.conc["area"] != ALL_AREAS]
    recent = c[c["period"] == "recent"].set_index("area")
    previous = c[c["period"] == "previous"].set_index("area")
    out = []
    for area, r in recent.iterrows():
        n_known = int(r["n_patents"] - r["n_unknown"])
        if n_known < cfg["min_patents"] or area not in previous.index:
            continue  # too few to judge, or no earlier window to call it "rising" against
        before = previous.loc[area, "hhi_corrected"]
        if np.isnan(r["hhi_corrected"]) or np.isnan(before):
            continue
        rise = r["hhi_corrected"] - before
        if r["hhi_corrected"] < cfg["hhi_min"] or rise < cfg["rise_min"]:
            continue
        en_l, zh_l = f.label(area)
        top4 = (f.pairs[(f.pairs["area"] == area) & f.recent.mask(f.pairs["year"])]
                .groupby("applicant").size().sort_index().sort_values(ascending=False, kind="stable"))
        numbers = {"hhi_corrected": float(r["hhi_corrected"]), "hhi": float(r["hhi"]),
                   "previous_hhi_corrected": float(before), "rise": float(rise),
                   "n_patents": n_known, "cr4": float(r["cr4"]),
                   "top_applicant": r["top_applicant"], "top_share": float(r["top_share"]),
                   "recent_window": f.recent.label, "previous_window": f.previous.label}
        en = (f"'{en_l}' is highly concentrated: corrected HHI {r['hhi_corrected']:,.0f} in "
              f"{f.recent.label} (threshold {cfg['hhi_min']:,}), up {rise:,.0f} from {before:,.0f} in "
              f"{f.previous.label} (threshold +{cfg['rise_min']:,}); {n_known} patents, "
              f"{r['top_applicant']} holds {_pct(r['top_share'])} and the top 4 hold {_pct(r['cr4'])}.")
        zh = (f"「{zh_l}」领域集中度高：{f.recent.label} 年修正 HHI 为 {r['hhi_corrected']:,.0f}"
              f"（阈值 {cfg['hhi_min']:,}），较 {f.previous.label} 年的 {before:,.0f} 上升 {rise:,.0f}"
              f"（阈值 {cfg['rise_min']:,}）；共 {n_known} 件，{r['top_applicant']} 占 "
              f"{_pct(r['top_share'])}，前四名合计占 {_pct(r['cr4'])}。")
        ids = f.ids(area, top4.index[:4], f.recent.first, f.recent.last)
        out.append(_alert(f, "concentrated", cfg, area, r["top_applicant"], r["hhi_corrected"],
                          cfg["hhi_min"], numbers, en, zh, ids))
    return out


def _foreign_dominance(f: _Facts, cfg: dict) -> list[dict]:
    c = f.conc[(f.conc["area"] != ALL_AREAS) & (f.conc["period"] == "recent")]
    in_recent = f.pairs[f.recent.mask(f.pairs["year"])]
    out = []
    for _, r in c.iterrows():
        n_known = int(r["n_patents"] - r["n_unknown"])
        home_active = (r["home_share"] >= cfg["home_share_min"]
                       or r["home_patents"] >= cfg["home_patents_min"])
        if n_known < cfg["min_patents"] or not home_active:
            continue
        counts = in_recent[in_recent["area"] == r["area"]].groupby("applicant").size()
        total = int(counts.sum())
        for applicant, count in counts.sort_index().items():
            share = count / total
            if bool(f.is_home.get(applicant, False)) or share < cfg["share_min"]:
                continue
            en_l, zh_l = f.label(r["area"])
            numbers = {"count": int(count), "total": total, "share": float(share),
                       "home_share": float(r["home_share"]), "home_patents": int(r["home_patents"]),
                       "home": f.home, "window": f.recent.label}
            en = (f"Foreign applicant {applicant} holds {_pct(share)} of the filings in '{en_l}' in "
                  f"{f.recent.label} ({count} of {total}; threshold {_pct(cfg['share_min'])}), where "
                  f"home ({f.home}) applicants hold {_pct(r['home_share'])} "
                  f"({int(r['home_patents'])} patents).")
            zh = (f"国外申请人 {applicant} 在「{zh_l}」领域 {f.recent.label} 年占申请量的 {_pct(share)}"
                  f"（{total} 件中 {count} 件，阈值 {_pct(cfg['share_min'])}），该领域本国（{f.home}）"
                  f"申请人占 {_pct(r['home_share'])}（{int(r['home_patents'])} 件）。")
            ids = f.ids(r["area"], [applicant], f.recent.first, f.recent.last)
            out.append(_alert(f, "foreign_dominance", cfg, r["area"], applicant, share,
                              cfg["share_min"], numbers, en, zh, ids))
    return out


def _surge(f: _Facts, cfg: dict) -> list[dict]:
    last, before = f.last_complete, f.last_complete - 1
    p = f.pairs[f.pairs["year"].isin([last, before]).fillna(False).to_numpy(bool)]
    if p.empty:
        return []
    counts = p.groupby(["area", "applicant", "year"]).size().unstack("year", fill_value=0)
    counts = counts.reindex(columns=[before, last], fill_value=0)
    out = []
    for (area, applicant), row in counts.iterrows():
        now, then = int(row[last]), int(row[before])
        if then == 0 or now < cfg["min_count"]:
            continue  # from nothing is a new entrant or a return, not a surge
        growth = now / then - 1
        if growth < cfg["growth_min"]:
            continue
        en_l, zh_l = f.label(area)
        numbers = {"count": now, "previous_count": then, "year": last, "previous_year": before,
                   "growth": float(growth)}
        en = (f"{applicant} filed {now} patents in '{en_l}' in {last}, up from {then} in {before} "
              f"({_pct(growth, True)}, threshold {_pct(cfg['growth_min'], True)}).")
        zh = (f"{applicant} 在「{zh_l}」领域 {last} 年申请 {now} 件，较 {before} 年的 {then} 件增长 "
              f"{_pct(growth)}（阈值 {_pct(cfg['growth_min'])}）。")
        out.append(_alert(f, "surge", cfg, area, applicant, growth, cfg["growth_min"], numbers,
                          en, zh, f.ids(area, [applicant], last, last)))
    return out


def _new_entrant(f: _Facts, cfg: dict) -> list[dict]:
    # In an area that is itself new every applicant is "new": only established areas count.
    area_first = f.pairs.groupby("area")["year"].min()
    established = set(area_first[area_first < f.recent.first].index)
    g = f.growth[f.growth["new_entrant"] & (f.growth["recent"] >= cfg["min_count"])
                 & f.growth["area"].isin(established)]
    out = []
    for _, r in g.iterrows():
        en_l, zh_l = f.label(r["area"])
        numbers = {"count": int(r["recent"]), "first_year": int(r["first_year"]),
                   "window": f.recent.label}
        en = (f"{r['applicant']} is new in '{en_l}': first filing there in {r['first_year']}, "
              f"{r['recent']} patents in {f.recent.label} (threshold {cfg['min_count']}).")
        zh = (f"{r['applicant']} 是「{zh_l}」领域的新进入者：{r['first_year']} 年首次申请，"
              f"{f.recent.label} 年共申请 {r['recent']} 件（阈值 {cfg['min_count']} 件）。")
        ids = f.ids(r["area"], [r["applicant"]], f.recent.first, f.recent.last)
        out.append(_alert(f, "new_entrant", cfg, r["area"], r["applicant"], r["recent"],
                          cfg["min_count"], numbers, en, zh, ids))
    return out


def _watched(f: _Facts, watch: str) -> str:
    """The corpus's own spelling of ``watch``, matched case-insensitively after normalising."""
    names = pd.Series(f.pairs["applicant"].unique())
    wanted = {watch.strip().casefold(), applicant_name(watch).casefold()}
    hits = names[names.str.casefold().isin(wanted)]
    if hits.empty:
        close = difflib.get_close_matches(applicant_name(watch), list(names), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ValueError(f"no applicant named {watch!r} in this map{hint}")
    return str(hits.iloc[0])


def _rival_moves_in(f: _Facts, cfg: dict, watch: str) -> list[dict]:
    name = _watched(f, watch)
    mine = f.pairs[f.pairs["applicant"] == name].groupby("area").size()
    area = int(mine.sort_index().idxmax())  # most patents; the lower id on a tie
    en_l, zh_l = f.label(area)
    g = f.growth[(f.growth["area"] == area) & (f.growth["applicant"] != name)]
    out = []
    for _, r in g.iterrows():
        grew = (r["previous"] > 0 and r["growth"] >= cfg["growth_min"]
                and r["change"] >= cfg["change_min"])
        entered = bool(r["new_entrant"]) and r["recent"] >= cfg["entrant_min_count"]
        if not (grew or entered):
            continue
        numbers = {"watch": name, "watch_patents": int(mine[area]), "recent_count": int(r["recent"]),
                   "previous_count": int(r["previous"]), "change": int(r["change"]),
                   "growth": None if np.isnan(r["growth"]) else float(r["growth"]),
                   "new_entrant": bool(r["new_entrant"]), "first_year": int(r["first_year"]),
                   "window": f.recent.label, "previous_window": f.previous.label}
        where_en = f"'{en_l}', where {name} is strongest ({int(mine[area])} patents)"
        where_zh = f"「{zh_l}」领域（{name} 最强的领域，{int(mine[area])} 件）"
        if grew:
            value, threshold = r["growth"], cfg["growth_min"]
            en = (f"{r['applicant']} is moving into {where_en}: {r['recent']} patents in "
                  f"{f.recent.label}, up from {r['previous']} in {f.previous.label} "
                  f"({_pct(r['growth'], True)}, {r['change']:+d}; thresholds "
                  f"{_pct(cfg['growth_min'], True)} and +{cfg['change_min']}).")
            zh = (f"{r['applicant']} 正在进入{where_zh}：{f.recent.label} 年申请 {r['recent']} 件，"
                  f"较 {f.previous.label} 年的 {r['previous']} 件增长 {_pct(r['growth'])}（增加 "
                  f"{r['change']} 件；阈值 {_pct(cfg['growth_min'])}、{cfg['change_min']} 件）。")
        else:
            value, threshold = r["recent"], cfg["entrant_min_count"]
            en = (f"{r['applicant']} entered {where_en}: first filing there in {r['first_year']}, "
                  f"{r['recent']} patents in {f.recent.label} (threshold {cfg['entrant_min_count']}).")
            zh = (f"{r['applicant']} 新进入{where_zh}：{r['first_year']} 年首次申请，"
                  f"{f.recent.label} 年共申请 {r['recent']} 件（阈值 {cfg['entrant_min_count']} 件）。")
        ids = f.ids(area, [r["applicant"]], f.recent.first, f.recent.last)
        out.append(_alert(f, "rival_moves_in", cfg, area, r["applicant"], value, threshold,
                          numbers, en, zh, ids))
    return out


# --------------------------------------------------------------------------- entry point

def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float if c in ("value", "threshold") else
                                      "int64" if c == "area" else object) for c in ALERT_COLUMNS})


def evaluate_alerts(points: pd.DataFrame, clusters: pd.DataFrame | None = None, *, rules=None,
                    home: str = "CN", watch: str | None = None, last_complete: int | None = None,
                    cjk_names: bool = True) -> pd.DataFrame:
    """Run the early-warning rules over a map's points.

    Parameters
    ----------
    points : DataFrame
        A bundle's points table.
    clusters : DataFrame, optional
        A bundle's clusters table, for ``label_en``/``label_zh`` (else "area N").
    rules : dict, str or Path, optional
        Overrides merged over the defaults (a dict like the TOML, or a TOML file); see
        :func:`load_rules`.
    home : str
        Home office or province; see :func:`landscape.analyse.competitors.home_applicants`.
    watch : str, optional
        An applicant to watch (``rival_moves_in``), matched case-insensitively on normalised
        names; a name not in the map raises ValueError with close matches.
    last_complete : int, optional
        Last complete filing year (a backtest sets it); default newest year − 2.
    cjk_names : bool
        Count Chinese-named applicants as home when ``home`` is ``"CN"``.

    Returns
    -------
    DataFrame
        ``kind, severity, area, area_label_en, area_label_zh, applicant, value, threshold,
        numbers (dict), explanation_en, explanation_zh, patent_ids (list)``, one row per alert,
        sorted by severity, then by how far the value passes its threshold (value /
        threshold, since values of different kinds have different units), then kind, area and
        applicant. Empty, with these columns, when nothing fires.
    """
    rules = _resolve(rules)
    all_pairs = applicant_patents(points)
    wins = windows(all_pairs["year"], last_complete=last_complete, size=rules["windows"]["size"])
    if "recent" not in wins:
        return _empty()  # no filing years, so no window to compare
    pairs = all_pairs[(all_pairs["applicant"] != UNKNOWN)
                      & (all_pairs["area"].fillna(ALL_AREAS) >= 0).to_numpy(bool)]
    size, last = rules["windows"]["size"], wins["recent"].last
    growth = applicant_growth(points, window_size=size, last_complete=last)
    facts = _Facts(
        pairs=pairs.reset_index(drop=True),
        conc=concentration_table(points, home=home, window_size=size, last_complete=last,
                                 cjk_names=cjk_names),
        growth=growth[growth["area"] != ALL_AREAS].reset_index(drop=True),
        recent=wins["recent"], previous=wins["previous"], last_complete=last,
        is_home=home_applicants(points, home, cjk_names=cjk_names), labels=_labels(clusters),
        home=home)
    found = []
    for kind, rule in (("concentrated", _concentrated), ("foreign_dominance", _foreign_dominance),
                       ("surge", _surge), ("new_entrant", _new_entrant)):
        if rules[kind]["enabled"]:
            found += rule(facts, rules[kind])
    if watch and rules["rival_moves_in"]["enabled"]:
        found += _rival_moves_in(facts, rules["rival_moves_in"], watch)
    if not found:
        return _empty()
    out = pd.DataFrame(found, columns=ALERT_COLUMNS)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    out["_s"] = out["severity"].map(order)
    out["_x"] = -(out["value"] / out["threshold"].where(out["threshold"] != 0))
    out = out.sort_values(["_s", "_x", "kind", "area", "applicant"], na_position="last")
    return out.drop(columns=["_s", "_x"]).reset_index(drop=True)
