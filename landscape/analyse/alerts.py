"""Early warning: rules over who files where that say, with numbers and patents, where
something changed (an area concentrates, a foreign group dominates, a group surges or enters,
a rival moves in on or strengthens against a watched firm).

Applicants are counted by corporate group, in the map's counting unit, over the recent
window against the previous one (see :mod:`landscape.analyse.alert_facts` and
:func:`landscape.analyse.competitors.windows`); only technology areas, not the whole corpus.
Thresholds, the minimum area size and the severity score live in ``default_rules.toml``
(read it for each default and why); a user's TOML is merged over them (:func:`load_rules`).
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

from landscape.analyse.alert_facts import (SEVERITIES, UNIT_WORDS, Ranking, area_mass, group_counts,
                                           group_filings, group_of, growth_of)
from landscape.analyse.competitors import Window, cr, hhi, hhi_corrected, windows
from landscape.ingest.normalize import applicant_name
from landscape.rules.names import both_names, in_sentence, unlabelled_name

ALERT_COLUMNS = ["kind", "severity", "score", "area", "area_label_en", "area_label_zh", "applicant",
                 "value", "threshold", "numbers", "explanation_en", "explanation_zh",
                 "patent_ids"]
#: Settings whose value is a severity name.
SEVERITY_KEYS = ("severity", "individual_max", "utility_model_only_max")
__all__ = ["ALERT_COLUMNS", "SEVERITIES", "SEVERITY_KEYS", "analysed_settings", "bundle_alerts", "evaluate_alerts",
           "group_of", "load_rules"]


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
            if key in SEVERITY_KEYS and value not in SEVERITIES:
                raise ValueError(f"{source}: '{name}.{key}' must be one of "
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
    """What the rules read, computed once (see :mod:`landscape.analyse.alert_facts`)."""

    filings: pd.DataFrame        # (patent, group) rows in technology areas
    groups: pd.DataFrame         # per group: is_home, individual, members
    counts: pd.DataFrame         # per (area, group): window counts and shares
    mass: pd.Series              # patents per area, recent window
    mass_previous: pd.Series     # patents per area, previous window
    recent: Window
    previous: Window
    last_complete: int
    labels: dict
    home: str
    unit: str
    ranking: Ranking
    by: str = "group"            # what counts as one competitor
    watched: str | None = None   # the watched applicant's group

    def ids(self, area: int, groups, first: int, last: int) -> list[str]:
        f = self.filings
        sel = (f["area"] == area) & f["group"].isin(list(groups)) & f["year"].between(first, last)
        return sorted(set(f.loc[sel.fillna(False).to_numpy(bool), "id"].astype(str)))

    def label(self, area: int) -> tuple[str, str]:
        return self.labels.get(int(area), (unlabelled_name(area, "en"), unlabelled_name(area, "zh")))

    def named(self, area: int) -> tuple[str, str]:
        """The area as a sentence names it: "'robot / arm'" or "area 3", "「机械手」领域" or "领域 3"
        (never "「领域 3」领域")."""
        return tuple(in_sentence(area, None if name == unlabelled_name(area, lang) else name, lang)
                     for name, lang in zip(self.label(area), ("en", "zh")))

    def _origin(self, group: str) -> bool | None:
        status = self.groups["is_home"].get(group, pd.NA)
        return None if pd.isna(status) else bool(status)

    def is_foreign(self, group: str) -> bool:
        """Known to be foreign: a group of unknown origin is neither home nor foreign."""
        return self._origin(group) is False

    def is_home(self, group: str) -> bool:
        return self._origin(group) is True

    def individual(self, group: str) -> bool:
        return bool(self.groups["individual"].get(group, False))

    def who(self, group: str) -> tuple[str, str]:
        """The group's name, saying when it stands for several applicants."""
        n = len(self.groups["members"].get(group, [group]))
        return (f"{group} (group of {n} applicants)", f"{group}（集团，{n} 个申请人）") if n > 1 else (group, group)

    def mass_of(self, area: int) -> tuple[int, int]:
        return int(self.mass.get(area, 0)), int(self.mass_previous.get(area, 0))

    def where(self, area: int) -> tuple[str, str]:
        """The area's size in the recent window and the unit, closing a sentence."""
        now, _ = self.mass_of(area)
        en_u, zh_u = UNIT_WORDS.get(self.unit, (f"counted by {self.unit}", self.unit))
        return (f" The area had {now} patents in {self.recent.label} ({en_u}).",
                f"该领域 {self.recent.label} 年共 {now} 件（{zh_u}）。")


def _labels(clusters: pd.DataFrame | None) -> dict:
    return {} if clusters is None or "id" not in clusters else both_names(clusters)


def _pct(x: float, sign: bool = False) -> str:
    return f"{x * 100:+.0f}%" if sign else f"{x * 100:.0f}%"


def _caveats(f: _Facts, group: str, utility_model_only: bool) -> tuple[str, str]:
    """Why an alert ranks low although its numbers are large."""
    en, zh = "", ""
    if f.individual(group):
        en, zh = en + f" {group} is an individual.", zh + f"{group} 为个人申请人。"
    if utility_model_only:
        en, zh = en + " All of these filings are utility models.", zh + "上述申请均为实用新型。"
    return en, zh


def _alert(f: _Facts, kind: str, cfg: dict, area: int, group: str, value, threshold, numbers: dict,
           en: str, zh: str, ids: list[str], *, score: float, utility_model_only: bool = False) -> dict:
    label_en, label_zh = f.label(area)
    severity = f.ranking.severity(score, cfg["severity"], individual=f.individual(group),
                                  utility_model_only=utility_model_only)
    note_en, note_zh = _caveats(f, group, utility_model_only)
    where_en, where_zh = f.where(area)
    numbers = {**numbers, "unit": f.unit, "score": score, "individual": f.individual(group),
               "utility_model_only": bool(utility_model_only),
               "members": list(f.groups["members"].get(group, [group]))}
    return {"kind": kind, "severity": severity, "score": score, "area": int(area),
            "area_label_en": label_en, "area_label_zh": label_zh, "applicant": group,
            "value": float(value), "threshold": float(threshold), "numbers": numbers,
            "explanation_en": en + where_en + note_en, "explanation_zh": zh + where_zh + note_zh,
            "patent_ids": ids}


def _by_area(f: _Facts, cfg: dict):
    """``(area, groups filing there in the recent window (largest first), all its group rows,
    its patents in the recent window)`` for every area with at least ``min_patents`` of them."""
    for area, grp in f.counts.groupby("area", sort=True):
        mass, _ = f.mass_of(area)
        if mass >= cfg["min_patents"]:
            rec = grp[grp["recent"] > 0].sort_values(["recent", "group"], ascending=[False, True])
            yield int(area), rec, grp, mass


# --------------------------------------------------------------------------- the rules

def _concentrated(f: _Facts, cfg: dict) -> list[dict]:
    out = []
    for area, rec, grp, mass in _by_area(f, cfg):
        now = hhi_corrected(rec["recent"].to_numpy())
        before = hhi_corrected(grp["previous"].to_numpy())
        if np.isnan(now) or np.isnan(before):
            continue  # no earlier window to call it "rising" against
        rise = now - before
        if now < cfg["hhi_min"] or rise < cfg["rise_min"]:
            continue
        top, top4 = rec.iloc[0], rec.head(4)
        total = int(rec["recent"].sum())
        foreign4 = float(top4.loc[top4["group"].map(f.is_foreign), "recent"].sum() / top4["recent"].sum())
        _, mass_before = f.mass_of(area)
        growth = growth_of(mass, mass_before)
        score = f.ranking.score(mass, top["recent"] / total, growth, foreign4)
        en_l, zh_l = f.named(area)
        who_en, who_zh = f.who(top["group"])
        numbers = {"hhi_corrected": float(now), "hhi": float(hhi(rec["recent"].to_numpy())),
                   "previous_hhi_corrected": float(before), "rise": float(rise), "n_patents": mass,
                   "previous_patents": mass_before, "area_growth": None if np.isnan(growth) else float(growth),
                   "cr4": float(cr(rec["recent"].to_numpy(), 4)), "top_applicant": top["group"],
                   "top_count": int(top["recent"]), "top_share": float(top["recent"] / total),
                   "foreign_share_top4": foreign4, "recent_window": f.recent.label,
                   "previous_window": f.previous.label}
        change_en = (f"{_pct(growth, True)} against {mass_before} in {f.previous.label}" if mass_before
                     else f"none in {f.previous.label}")
        change_zh = (f"较 {f.previous.label} 年的 {mass_before} 件变化 {_pct(growth, True)}" if mass_before
                     else f"{f.previous.label} 年为 0 件")
        by_en, by_zh = ("by group", "按集团计的") if f.by == "group" else ("by applicant", "按申请人计的")
        en = (f"{en_l[:1].upper() + en_l[1:]} is highly concentrated: corrected HHI {by_en} {now:,.0f} in {f.recent.label} "
              f"(threshold {cfg['hhi_min']:,}), up {rise:,.0f} from {before:,.0f} in {f.previous.label} "
              f"(threshold +{cfg['rise_min']:,}); {who_en} holds {_pct(numbers['top_share'])} "
              f"({int(top['recent'])} patents), the top 4 groups {_pct(numbers['cr4'])}, foreign groups "
              f"{_pct(foreign4)} of the top 4's filings; area filings {change_en}.")
        zh = (f"{zh_l}集中度高：{f.recent.label} 年{by_zh}修正 HHI 为 {now:,.0f}"
              f"（阈值 {cfg['hhi_min']:,}），较 {f.previous.label} 年的 {before:,.0f} 上升 {rise:,.0f}"
              f"（阈值 {cfg['rise_min']:,}）；{who_zh} 占 {_pct(numbers['top_share'])}"
              f"（{int(top['recent'])} 件），前四名集团合计占 {_pct(numbers['cr4'])}，其中国外集团占前四名申请量的 "
              f"{_pct(foreign4)}；领域申请量{change_zh}。")
        ids = f.ids(area, top4["group"], f.recent.first, f.recent.last)
        out.append(_alert(f, "concentrated", cfg, area, top["group"], now, cfg["hhi_min"], numbers, en, zh,
                          ids, score=score, utility_model_only=top["recent_um"] == top["recent"]))
    return out


def _foreign_dominance(f: _Facts, cfg: dict) -> list[dict]:
    out = []
    for area, rec, _, mass in _by_area(f, cfg):
        total = int(rec["recent"].sum())
        if not total:
            continue  # no known applicant in the window
        at_home = rec["group"].map(f.is_home).astype(bool)
        home_share = float(rec.loc[at_home, "recent"].sum() / total)
        home_patents = len(f.ids(area, rec.loc[at_home, "group"], f.recent.first, f.recent.last))
        if not (home_share >= cfg["home_share_min"] or home_patents >= cfg["home_patents_min"]):
            continue  # nobody at home to be dominated
        foreign = rec["group"].map(f.is_foreign).astype(bool)
        for _, r in rec[foreign & (rec["recent_share"] >= cfg["share_min"])].iterrows():
            share, growth = float(r["recent_share"]), growth_of(r["recent"], r["previous"])
            en_l, zh_l = f.named(area)
            who_en, who_zh = f.who(r["group"])
            numbers = {"count": int(r["recent"]), "total": total, "share": share,
                       "previous_count": int(r["previous"]), "growth": None if np.isnan(growth) else float(growth),
                       "home_share": home_share, "home_patents": home_patents, "home": f.home,
                       "window": f.recent.label, "previous_window": f.previous.label}
            en = (f"Foreign group {who_en} holds {_pct(share)} of the filings in {en_l} in {f.recent.label} "
                  f"({int(r['recent'])} of {total}; threshold {_pct(cfg['share_min'])}; {int(r['previous'])} in "
                  f"{f.previous.label}), where home ({f.home}) groups hold {_pct(home_share)} "
                  f"({home_patents} patents).")
            zh = (f"国外集团 {who_zh} 在{zh_l} {f.recent.label} 年占申请量的 {_pct(share)}"
                  f"（{total} 件中 {int(r['recent'])} 件，阈值 {_pct(cfg['share_min'])}；{f.previous.label} 年 "
                  f"{int(r['previous'])} 件），该领域本国（{f.home}）集团占 {_pct(home_share)}（{home_patents} 件）。")
            ids = f.ids(area, [r["group"]], f.recent.first, f.recent.last)
            out.append(_alert(f, "foreign_dominance", cfg, area, r["group"], share, cfg["share_min"], numbers,
                              en, zh, ids, score=f.ranking.score(mass, share, growth, 1.0),
                              utility_model_only=r["recent_um"] == r["recent"]))
    return out


def _surge(f: _Facts, cfg: dict) -> list[dict]:
    last, before = f.last_complete, f.last_complete - 1
    out = []
    for area, rec, _, mass in _by_area(f, cfg):
        # From nothing is a new entrant or a return, not a surge.
        hits = rec[(rec["before"] > 0) & (rec["last"] >= cfg["min_count"])
                   & (rec["last"] / rec["before"].where(rec["before"] > 0) - 1 >= cfg["growth_min"])]
        for _, r in hits.iterrows():
            now, then = int(r["last"]), int(r["before"])
            growth = growth_of(now, then)
            en_l, zh_l = f.named(area)
            who_en, who_zh = f.who(r["group"])
            numbers = {"count": now, "previous_count": then, "year": last, "previous_year": before,
                       "growth": float(growth), "share": float(r["recent_share"]), "window": f.recent.label}
            en = (f"{who_en} filed {now} patents in {en_l} in {last}, up from {then} in {before} "
                  f"({_pct(growth, True)}, threshold {_pct(cfg['growth_min'], True)}); "
                  f"{_pct(r['recent_share'])} of the area's filings in {f.recent.label}.")
            zh = (f"{who_zh} 在{zh_l} {last} 年申请 {now} 件，较 {before} 年的 {then} 件增长 "
                  f"{_pct(growth)}（阈值 {_pct(cfg['growth_min'])}），占该领域 {f.recent.label} 年申请量的 "
                  f"{_pct(r['recent_share'])}。")
            score = f.ranking.score(mass, float(r["recent_share"]), growth, float(f.is_foreign(r["group"])))
            out.append(_alert(f, "surge", cfg, area, r["group"], growth, cfg["growth_min"], numbers, en, zh,
                              f.ids(area, [r["group"]], last, last), score=score,
                              utility_model_only=r["last_um"] == r["last"]))
    return out


def _new_entrant(f: _Facts, cfg: dict) -> list[dict]:
    # In an area that is itself new every group is "new": only established areas count.
    area_first = f.filings.groupby("area")["year"].min()
    established = set(area_first[area_first < f.recent.first].index)
    out = []
    for area, rec, _, mass in _by_area(f, cfg):
        if area not in established:
            continue
        hits = rec[rec["first_year"].between(f.recent.first, f.recent.last) & (rec["recent"] >= cfg["min_count"])
                   & (rec["recent_share"] >= cfg["share_min"])]
        for _, r in hits.iterrows():
            en_l, zh_l = f.named(area)
            who_en, who_zh = f.who(r["group"])
            share = float(r["recent_share"])
            numbers = {"count": int(r["recent"]), "first_year": int(r["first_year"]), "share": share,
                       "window": f.recent.label}
            en = (f"{who_en} is new in {en_l}: first filing there in {int(r['first_year'])}, "
                  f"{int(r['recent'])} patents in {f.recent.label}, {_pct(share)} of the area's filings "
                  f"(thresholds {cfg['min_count']} and {_pct(cfg['share_min'])}).")
            zh = (f"{who_zh} 是{zh_l}的新进入者：{int(r['first_year'])} 年首次申请，"
                  f"{f.recent.label} 年共申请 {int(r['recent'])} 件，占该领域申请量的 {_pct(share)}"
                  f"（阈值 {cfg['min_count']} 件、{_pct(cfg['share_min'])}）。")
            ids = f.ids(area, [r["group"]], f.recent.first, f.recent.last)
            score = f.ranking.score(mass, share, float("nan"), float(f.is_foreign(r["group"])))
            out.append(_alert(f, "new_entrant", cfg, area, r["group"], r["recent"], cfg["min_count"], numbers,
                              en, zh, ids, score=score, utility_model_only=r["recent_um"] == r["recent"]))
    return out


def _watched(f: _Facts, watch: str) -> str:
    """The group of ``watch``: an applicant (or group) of the map, matched case-insensitively
    as written or normalised."""
    members = f.groups["members"]
    by_name = {str(g).casefold(): g for g in members.index}
    for group, names in members.items():
        by_name.update({str(n).casefold(): group for n in names if str(n).casefold() not in by_name})
    for wanted in (watch.strip().casefold(), applicant_name(watch).casefold()):
        if wanted in by_name:
            return str(by_name[wanted])
    names = sorted({str(n) for names in members for n in names} | {str(g) for g in members.index})
    close = difflib.get_close_matches(applicant_name(watch), names, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValueError(f"no applicant named {watch!r} in this map{hint}")


def _rival_moves_in(f: _Facts, cfg: dict) -> list[dict]:
    mine = f.counts[f.counts["group"] == f.watched].sort_values(["total", "area"], ascending=[False, True])
    out = []
    for area, strength in zip(mine["area"].head(cfg["areas"]), mine["total"].head(cfg["areas"])):
        en_l, zh_l = f.named(area)
        mass, _ = f.mass_of(area)
        watched_en, _ = f.who(f.watched)
        where_en = f"{en_l}, where {watched_en} is strong ({int(strength)} patents there)"
        where_zh = f"{zh_l}（{f.watched} 在该领域共 {int(strength)} 件）"
        rows = f.counts[(f.counts["area"] == area) & (f.counts["group"] != f.watched)]
        for _, r in rows.iterrows():
            growth, change = growth_of(r["recent"], r["previous"]), int(r["recent"] - r["previous"])
            before_share = 0.0 if np.isnan(r["previous_share"]) else float(r["previous_share"])
            little = before_share < cfg["before_share_max"]
            grew = r["previous"] > 0 and growth >= cfg["growth_min"] and change >= cfg["change_min"]
            entered = r["previous"] == 0 and r["recent"] >= cfg["entrant_min_count"]
            if little and (grew or entered) and r["recent_share"] >= cfg["share_min"]:
                kind = "rival_moves_in"
            elif not little and grew and cfg["strengthening"]:
                kind = "rival_strengthens"
            else:
                continue
            who_en, who_zh = f.who(r["group"])
            numbers = {"watch": f.watched, "watch_patents": int(strength), "recent_count": int(r["recent"]),
                       "previous_count": int(r["previous"]), "change": change,
                       "growth": None if np.isnan(growth) else float(growth), "previous_share": before_share,
                       "share": float(r["recent_share"]), "new_entrant": bool(entered),
                       "first_year": int(r["first_year"]), "window": f.recent.label,
                       "previous_window": f.previous.label}
            counts_en = (f"{int(r['recent'])} patents in {f.recent.label} ({_pct(r['recent_share'])} of the area), "
                         f"{int(r['previous'])} ({_pct(before_share)}) in {f.previous.label}")
            counts_zh = (f"{f.recent.label} 年申请 {int(r['recent'])} 件（占该领域 {_pct(r['recent_share'])}），"
                         f"{f.previous.label} 年 {int(r['previous'])} 件（{_pct(before_share)}）")
            if entered:
                value, threshold = r["recent"], cfg["entrant_min_count"]
                en = (f"{who_en} entered {where_en}: {counts_en}; first filing there in {int(r['first_year'])} "
                      f"(thresholds {cfg['entrant_min_count']} patents and {_pct(cfg['share_min'])} of the area).")
                zh = (f"{who_zh} 新进入{where_zh}：{counts_zh}；{int(r['first_year'])} 年首次在该领域申请"
                      f"（阈值 {cfg['entrant_min_count']} 件、占比 {_pct(cfg['share_min'])}）。")
            else:
                value, threshold = growth, cfg["growth_min"]
                verb_en, verb_zh = ("is moving into", "正在进入") if little else ("is strengthening in", "正在加强")
                en = (f"{who_en} {verb_en} {where_en}: {counts_en} ({_pct(growth, True)}, {change:+d}; thresholds "
                      f"{_pct(cfg['growth_min'], True)} and +{cfg['change_min']}"
                      + (f", under {_pct(cfg['before_share_max'])} before, at least {_pct(cfg['share_min'])} now)."
                         if little else ")."))
                zh = (f"{who_zh} {verb_zh}{where_zh}：{counts_zh}（增长 {_pct(growth)}，增加 {change} 件；阈值 "
                      f"{_pct(cfg['growth_min'])}、{cfg['change_min']} 件"
                      + (f"，此前占比低于 {_pct(cfg['before_share_max'])}、现占比不低于 {_pct(cfg['share_min'])}）。"
                         if little else "）。"))
            score = f.ranking.score(mass, float(r["recent_share"]), growth, float(f.is_foreign(r["group"])))
            ids = f.ids(area, [r["group"]], f.recent.first, f.recent.last)
            out.append(_alert(f, kind, cfg, area, r["group"], value, threshold, numbers, en, zh, ids,
                              score=score, utility_model_only=r["recent_um"] == r["recent"]))
    return out


# --------------------------------------------------------------------------- entry point

def _empty() -> pd.DataFrame:
    dtypes = {"value": float, "threshold": float, "score": float, "area": "int64"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, object)) for c in ALERT_COLUMNS})


def evaluate_alerts(points: pd.DataFrame, clusters: pd.DataFrame | None = None, *, rules=None,
                    home: str = "CN", watch: str | None = None, last_complete: int | None = None,
                    applicants: pd.DataFrame | None = None, unit: str = "application",
                    by: str = "group", cjk_names: bool = True) -> pd.DataFrame:
    """Run the early-warning rules over a map's points, counting by corporate group.

    Parameters
    ----------
    points : DataFrame
        A bundle's points table (one row per counting unit).
    clusters : DataFrame, optional
        A bundle's clusters table, for ``label_en``/``label_zh`` (else "area N").
    rules : dict, str or Path, optional
        Overrides merged over the defaults (a dict like the TOML, or a TOML file); see
        :func:`load_rules`.
    home : str
        Home office or province; used for home/foreign only without ``applicants``.
    watch : str, optional
        An applicant (or group) to watch, matched case-insensitively as written or
        normalised; its group is never alerted about, its strongest areas get the
        ``rival_moves_in`` / ``rival_strengthens`` rules. A name not in the map raises
        ValueError with close matches.
    last_complete : int, optional
        Last complete filing year (the bundle's ``last_complete_year``; a backtest sets it);
        default newest year − 2.
    applicants : DataFrame, optional
        The bundle's applicants table (``applicant, group, kind, country, is_home,
        decided_by, count``): groups, home/foreign and individuals. Without it (old bundles)
        each applicant is its own group; see :mod:`landscape.analyse.alert_facts`.
    unit : str
        The counting unit of the points (the bundle manifest's ``unit``), named in sentences.
    by : {"group", "applicant"}
        What counts as one competitor: a corporate group (default) or each applicant, as
        ``landscape analyse --by`` counts the competitor tables.
    cjk_names : bool
        Without ``applicants``: count Chinese-named applicants as home when ``home`` is "CN".

    Returns
    -------
    DataFrame
        ``kind, severity, score, area, area_label_en, area_label_zh, applicant`` (the group),
        ``value, threshold, numbers`` (dict), ``explanation_en, explanation_zh, patent_ids``
        (list), one row per alert, sorted by severity, then score (highest first), kind, area
        and group. Empty, with these columns, when nothing fires.
    """
    rules = _resolve(rules)
    if by not in ("group", "applicant"):
        raise ValueError(f"by must be 'group' or 'applicant', got {by!r}")
    if by == "applicant" and applicants is not None:
        applicants = applicants.assign(group=applicants["applicant"])  # keeps each one's home/foreign
    size = rules["windows"]["size"]
    filings, groups = group_filings(points, applicants, home=home, cjk_names=cjk_names)
    wins = windows(pd.to_numeric(points["year"], errors="coerce"), last_complete=last_complete, size=size)
    if "recent" not in wins or filings.empty:
        return _empty()  # no filing years (no window to compare) or no known applicant
    recent, previous = wins["recent"], wins["previous"]
    facts = _Facts(filings=filings, groups=groups,
                   counts=group_counts(filings, recent, previous, recent.last),
                   mass=area_mass(points, recent), mass_previous=area_mass(points, previous),
                   recent=recent, previous=previous, last_complete=recent.last, labels=_labels(clusters),
                   home=home, unit=unit, ranking=Ranking(**rules["ranking"]), by=by)
    if watch:
        facts.watched = _watched(facts, watch)
    found = []
    for kind, rule in (("concentrated", _concentrated), ("foreign_dominance", _foreign_dominance),
                       ("surge", _surge), ("new_entrant", _new_entrant)):
        if rules[kind]["enabled"]:
            found += rule(facts, rules[kind])
    if watch and rules["rival_moves_in"]["enabled"]:
        found += _rival_moves_in(facts, rules["rival_moves_in"])
    # A watched firm is never warned about itself or its group (nor about areas it leads).
    found = [a for a in found if a["applicant"] != facts.watched]
    if not found:
        return _empty()
    out = pd.DataFrame(found, columns=ALERT_COLUMNS)
    out["_s"] = out["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    out = out.sort_values(["_s", "score", "kind", "area", "applicant"], ascending=[True, False, True, True, True])
    return out.drop(columns=["_s"]).reset_index(drop=True)


def bundle_alerts(bundle, *, rules=None, home: str = "CN", watch: str | None = None,
                  applicants: pd.DataFrame | None = None, by: str = "group") -> pd.DataFrame:
    """:func:`evaluate_alerts` on a map bundle with everything it holds: its applicants table
    (groups, home/foreign; None in bundles older than it), last complete year and counting
    unit. ``landscape analyse`` (which passes the ``applicants`` table it is about to store)
    and the app both call this, so the same settings give the same alerts."""
    m = bundle.manifest
    if applicants is None:
        applicants = bundle.table("applicants")
    return evaluate_alerts(bundle.points, bundle.clusters, rules=rules, home=home, watch=watch,
                           last_complete=m.get("last_complete_year"), applicants=applicants,
                           unit=m.get("unit") or "application", by=by)


def analysed_settings(manifest: dict) -> dict | None:
    """``{"home", "watch", "by", "rules"}`` that ``landscape analyse`` wrote the bundle's alerts with
    (rules in full, as :func:`load_rules` gives them); None before any analysis, or when the
    analysis did not record its rules."""
    a = manifest.get("analysis") or {}
    if not isinstance(a.get("rules_used"), Mapping):
        return None
    rules = _default_rules()
    for name, table in a["rules_used"].items():
        if name in rules and isinstance(table, Mapping):
            # A key added to the rules since the analysis keeps its default.
            rules[name].update({k: v for k, v in table.items() if k in rules[name]})
    return {"home": a.get("home") or "CN", "watch": a.get("watch"), "by": a.get("by") or "group", "rules": rules}
