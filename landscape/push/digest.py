"""One digest per subscriber and map version: what is new on the map for them, and why.

``map_news`` reads a map once: its version, the patents new in it (``points.added_in`` equal to
the latest version, docs/watch.md; or, with ``since``, the patents published or filed since that
date), with their names, groups, codes, dates, areas and branches, and the map's
``changes``/``alerts``/``white_spaces`` tables. ``digest_for`` picks what one subscriber cares
about: their new patents, each with the reasons it matched (applicant or group, rival, keyword in
the title or abstract, code prefix, area, branch); changes naming their rivals, areas, branches
or patents; alerts in their areas or about their applicants and rivals; the white spaces next to
their areas. Every item keeps a stable id (publication number, ``C-``/``A-`` hash, ``W`` rank).

A subscriber with nothing new still gets a short digest saying so ("nothing new"), with the
alerts and white spaces of their areas: a firm that hears nothing cannot tell a quiet month from a
broken service. ``render`` writes HTML (inline styles, nothing fetched) and plain text.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from landscape.map_tables import as_list
from landscape.push.strings import kind_word, severity_word, word
from landscape.push.subscriptions import Subscriber
from landscape.rules.names import in_sentence, names_of
from landscape.views.region import branch_names

#: how many items of each kind a digest lists (the rest are counted)
MAX_PATENTS, MAX_CHANGES, MAX_ALERTS, MAX_WHITE_SPACES = 50, 20, 8, 3
NOTHING_NEW_POLICY = "written and sent: a short digest that says nothing is new"


class DigestError(ValueError):
    """A digest that cannot be made, in one sentence."""


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT


def _list(v) -> list:
    """A list cell (see ``as_list``) without its missing items."""
    return [x for x in as_list(v) if not _missing(x)]


def _key(prefix: str, *parts) -> str:
    text = "\x1f".join("" if _missing(p) else str(p) for p in parts)
    return f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:10]}"


@dataclass
class MapNews:
    """What one version of a map offers every subscriber (read once per run)."""

    name: str
    version: int
    manifest: dict
    clusters: pd.DataFrame
    since: str                     # "v3" or an ISO date or "" (first version)
    new: pd.DataFrame              # one row per new patent
    changes: pd.DataFrame | None
    alerts: pd.DataFrame | None
    white_spaces: pd.DataFrame | None

    def title(self, lang: str) -> str:
        t = self.manifest.get(f"title_{lang}") or self.manifest.get("title_en")
        return f"{t} ({self.name})" if t and str(t).lower() != self.name.lower() else self.name

    def since_text(self, lang: str) -> str:
        if self.since.startswith("v"):
            return word("since_version", lang, v=self.since[1:])
        if self.since:
            return word("since_date", lang, d=self.since)
        return word("since_first", lang)

    def branch_names(self, lang: str) -> dict[str, str]:
        return branch_names(self.manifest, lang)


def map_version(manifest: dict) -> int:
    v = manifest.get("version")
    return int(v) if isinstance(v, int) and not isinstance(v, bool) and v > 0 else 1


def _date(v) -> str:
    if _missing(v):
        return ""
    try:
        return pd.Timestamp(v).date().isoformat()
    except (ValueError, TypeError):
        return str(v)[:10]


def map_news(bundle, *, since: dt.date | None = None) -> MapNews:
    """The news of ``bundle`` (a read :class:`landscape.maps.MapBundle`) for its digests."""
    version = map_version(bundle.manifest)
    points = bundle.points
    documents = bundle.table("documents")
    if since is not None:
        if documents is None:
            raise DigestError(f"map {bundle.name!r} has no documents.parquet to read dates from; rebuild the map.")
        dates = pd.concat([pd.to_datetime(documents.get(c), errors="coerce") for c in
                           ("publication_date", "filing_date") if c in documents], axis=1).max(axis=1)
        new_ids = set(documents.loc[dates >= pd.Timestamp(since), "id"])
        mask = points["id"].isin(new_ids)
        since_text = since.isoformat()
    elif "added_in" in points:
        mask = pd.to_numeric(points["added_in"], errors="coerce").eq(version).fillna(False).astype(bool)
        since_text = f"v{version - 1}" if version > 1 else ""
    else:
        raise DigestError(f"map {bundle.name!r} has no watched records (points.added_in): run "
                          f"`landscape watch --map {bundle.name} FILES` first, or give --since DATE.")
    new = points.loc[mask].copy()
    docs = documents.set_index("id") if documents is not None and "id" in documents else None
    groups = _groups(bundle.table("applicants"))
    branches = _branches(bundle.table("breakdown"))
    rows = []
    for p in new.itertuples(index=False):
        pid = str(p.id)
        d = docs.loc[pid] if docs is not None and pid in docs.index else None
        if isinstance(d, pd.DataFrame):
            d = d.iloc[0]
        names = [*_list(getattr(p, "applicants", None)), *_list(getattr(p, "applicants_written", None))]
        if d is not None:
            names += _list(d.get("applicants"))
        lead = getattr(p, "applicant", None)
        names = list(dict.fromkeys(str(n) for n in ([lead] if not _missing(lead) else []) + names if str(n).strip()))
        codes = _list(getattr(p, "codes", None))
        if d is not None:
            codes += _list(d.get("ipc")) + _list(d.get("cpc"))
        date = ""
        if d is not None:
            date = _date(d.get("publication_date")) or _date(d.get("filing_date"))
        if not date and not _missing(getattr(p, "year", None)):
            date = str(int(p.year))
        area = getattr(p, "area", None)
        rows.append({"id": pid, "title": str(p.title if not _missing(p.title) else (d.get("title") if d is not None else "")),
                     "abstract": "" if d is None or _missing(d.get("abstract")) else str(d.get("abstract")),
                     "applicant": names[0] if names else "", "names": names,
                     "groups": list(dict.fromkeys(groups[n] for n in names if n in groups)),
                     "codes": list(dict.fromkeys(str(c).replace(" ", "").upper() for c in codes)),
                     "date": date, "area": -1 if _missing(area) else int(area),
                     "branches": branches.get(pid, [])})
    new = pd.DataFrame(rows, columns=["id", "title", "abstract", "applicant", "names", "groups", "codes", "date",
                                      "area", "branches"])
    return MapNews(name=bundle.name, version=version, manifest=bundle.manifest, clusters=bundle.clusters,
                   since=since_text, new=new.sort_values(["date", "id"], ascending=[False, True]),
                   changes=bundle.table("changes"), alerts=bundle.table("alerts"),
                   white_spaces=bundle.table("white_spaces"))


def _groups(applicants: pd.DataFrame | None) -> dict[str, str]:
    if applicants is None or not {"applicant", "group"} <= set(applicants.columns):
        return {}
    return {str(a): str(g) for a, g in zip(applicants["applicant"], applicants["group"])
            if not _missing(g) and str(g) != str(a)}


def _branches(breakdown: pd.DataFrame | None) -> dict[str, list[str]]:
    if breakdown is None or not {"id", "branch"} <= set(breakdown.columns):
        return {}
    rows = breakdown[breakdown["branch"].astype(str) != ""]
    out: dict[str, list[str]] = {}
    for pid, branch in zip(rows["id"], rows["branch"]):
        out.setdefault(str(pid), []).append(str(branch))
    return out


# --------------------------------------------------------------------------- one subscriber

def _matching(terms, names) -> list[tuple[str, str]]:
    """(term, name) for every term found in a name, case and width of spaces ignored."""
    out = []
    for term in terms:
        t = term.casefold()
        for name in names:
            if t and t in str(name).casefold():
                out.append((term, str(name)))
                break
    return out


def _keyword_pattern(term: str) -> re.Pattern:
    body = re.escape(term)
    if term.isascii():  # an English word is a word: "car" is not in "carbon"
        body = rf"(?<![0-9a-z]){body}(?![0-9a-z])"
    return re.compile(body, re.IGNORECASE)


def reasons(row: dict, sub: Subscriber, lang: str, area_names: dict[int, str], branch_names: dict[str, str]) -> list[str]:
    """Why a new patent concerns the subscriber, one phrase per reason (empty: it does not)."""
    why = []
    names = [*row["names"], *row["groups"]]
    why += [word("why.applicant", lang, name=n, term=t) for t, n in _matching(sub.applicants, names)]
    why += [word("why.rival", lang, name=n, term=t) for t, n in _matching(sub.rivals, names)]
    text = f"{row['title']}\n{row['abstract']}"
    why += [word("why.keyword", lang, term=k) for k in sub.keywords if _keyword_pattern(k).search(text)]
    for prefix in sub.codes:
        hit = next((c for c in row["codes"] if c.startswith(prefix)), None)
        if hit:
            why.append(word("why.code", lang, code=hit, term=prefix))
    if row["area"] in sub.areas:
        why.append(word("why.area", lang, area=area_names.get(row["area"]) or in_sentence(row["area"], None, lang)))
    why += [word("why.branch", lang, branch=branch_names.get(b, b)) for b in row["branches"] if b in sub.branches]
    return why


@dataclass
class Digest:
    """One subscriber's digest of one map version, ready to render."""

    subscriber: Subscriber
    map: str
    version: int
    lang: str
    title: str
    since: str
    made: str
    patents: list[dict] = field(default_factory=list)
    n_patents: int = 0
    rivals: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)
    white_spaces: list[dict] = field(default_factory=list)

    @property
    def nothing_new(self) -> bool:
        return not (self.n_patents or self.rivals or self.changes)

    @property
    def key(self) -> str:
        """What is sent once: subscriber × map × version."""
        return f"{self.map}/v{self.version}/{self.subscriber.slug}"

    def subject(self) -> str:
        values = dict(map=self.title, name=self.subscriber.name, version=self.version, n=self.n_patents)
        return word("subject_nothing" if self.nothing_new else "subject", self.lang, **values)

    def summary(self) -> dict:
        return {"subscriber": self.subscriber.name, "email": self.subscriber.email, "lang": self.lang,
                "key": self.key, "patents": self.n_patents, "patent_ids": [p["id"] for p in self.patents],
                "rival_moves": len(self.rivals), "changes": len(self.changes), "alerts": len(self.alerts),
                "white_spaces": [w["id"] for w in self.white_spaces], "nothing_new": self.nothing_new}


def _text(row, lang: str, stem: str) -> str:
    for col in (f"{stem}_{lang}", f"{stem}_{'en' if lang == 'zh' else 'zh'}"):
        v = row.get(col)
        if not _missing(v) and str(v).strip():
            return str(v)
    return ""


def _int_or_none(v) -> int | None:
    return None if _missing(v) else int(v)


def digest_for(news: MapNews, sub: Subscriber, *, today: dt.date | None = None) -> Digest:
    """The digest of ``news`` for ``sub``, in the subscriber's language."""
    lang = sub.lang
    areas_named = names_of(news.clusters, lang)
    area_names = {a: in_sentence(a, areas_named.get(a), lang) for a in areas_named}
    branch_names = news.branch_names(lang)
    d = Digest(subscriber=sub, map=news.name, version=news.version, lang=lang, title=news.title(lang),
               since=news.since_text(lang), made=(today or dt.date.today()).isoformat())
    mine = []
    for row in news.new.to_dict("records"):
        why = reasons(row, sub, lang, area_names, branch_names)
        if why:
            mine.append({"id": row["id"], "title": row["title"], "applicant": row["applicant"], "date": row["date"],
                         "area": areas_named.get(row["area"], in_sentence(row["area"], None, lang)), "why": why,
                         "area_id": row["area"]})
    d.n_patents = len(mine)
    d.patents = mine[:MAX_PATENTS]
    my_ids = {p["id"] for p in mine}
    if news.changes is not None and len(news.changes):
        for row in news.changes.to_dict("records"):
            group = None if _missing(row.get("group")) else str(row["group"])
            area, branch = _int_or_none(row.get("area")), row.get("branch")
            rival = bool(group) and bool(_matching(sub.rivals, [group]))
            own = bool(group) and bool(_matching(sub.applicants, [group]))
            where = (area is not None and area in sub.areas) or (isinstance(branch, str) and branch in sub.branches)
            pid = None if _missing(row.get("id")) else str(row["id"])
            if not (rival or own or where or (pid and pid in my_ids)):
                continue
            item = {"id": _key("C", row.get("kind"), area, branch, pid, group, row.get("since")),
                    "kind": kind_word(str(row.get("kind")), lang), "text": _text(row, lang, "text"),
                    "area": None if area is None else area_names.get(area, in_sentence(area, None, lang))}
            (d.rivals if rival else d.changes).append(item)
        d.rivals, d.changes = d.rivals[:MAX_CHANGES], d.changes[:MAX_CHANGES]
    if news.alerts is not None and len(news.alerts):
        alerts = news.alerts.sort_values("score", ascending=False) if "score" in news.alerts else news.alerts
        for row in alerts.to_dict("records"):
            area = _int_or_none(row.get("area"))
            who = [] if _missing(row.get("applicant")) else [str(row["applicant"])]
            branch = row.get("branch")
            if not ((area is not None and area in sub.areas) or (isinstance(branch, str) and branch in sub.branches)
                    or _matching(sub.applicants, who) or _matching(sub.rivals, who)):
                continue
            d.alerts.append({"id": _key("A", row.get("kind"), area, branch, row.get("applicant")),
                             "kind": severity_word(row.get("severity") or "", lang), "text": _text(row, lang, "explanation")})
            if len(d.alerts) == MAX_ALERTS:
                break
    d.white_spaces = _near_white_spaces(news, {*sub.areas, *(p["area_id"] for p in mine if p["area_id"] >= 0)}, lang)
    return d


def _near_white_spaces(news: MapNews, areas: set[int], lang: str) -> list[dict]:
    ws = news.white_spaces
    if ws is None or not len(ws) or not areas or "neighbour_areas" not in ws:
        return []
    scored = []
    for row in ws.to_dict("records"):
        around = [int(a) for a in _list(row.get("neighbour_areas"))]
        shared = [a for a in around if a in areas]
        if shared:
            # the white spaces that border the most of the subscriber's areas, then the best ranked
            scored.append((-len(shared), int(row.get("rank", 0)), row))
    out = []
    for _, rank, row in sorted(scored, key=lambda s: s[:2])[:MAX_WHITE_SPACES]:
        out.append({"id": f"W{rank}", "text": word("white_space", lang, rank=rank, text=_text(row, lang, "description"))})
    return out


# --------------------------------------------------------------------------- rendering and writing

def _environment():
    try:
        import jinja2
    except ImportError:
        raise DigestError("digests need Jinja2: pip install 'landscape[report]'.") from None
    return jinja2.Environment(loader=jinja2.PackageLoader("landscape.push", "templates"),
                              autoescape=jinja2.select_autoescape(["html.j2"]), trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


def follows(sub: Subscriber, lang: str) -> str:
    """What a subscriber follows, in words: "rivals 新星玩具; areas 1, 3" (empty when nothing)."""
    return "; ".join(word(f"i.{f}", lang, v=", ".join(str(v) for v in getattr(sub, f)))
                     for f in ("applicants", "rivals", "keywords", "codes", "areas", "branches") if getattr(sub, f))


def render(d: Digest) -> tuple[str, str]:
    """(HTML, plain text) of a digest."""
    env = _environment()
    sub = d.subscriber
    what = follows(sub, d.lang)
    values = dict(d=d, w=lambda key, **kw: word(key, d.lang, **kw),
                  interests=word("interests", d.lang, what=what) if what else word("interests_none", d.lang),
                  intro=word("intro", d.lang, map=d.title, version=d.version, since=d.since, date=d.made),
                  footer=word("footer", d.lang, name=sub.name, email=sub.email, map=d.map, version=d.version))
    return env.get_template("digest.html.j2").render(**values), env.get_template("digest.txt.j2").render(**values)


def digest_folder(workspace: Path, day: dt.date, map_name: str) -> Path:
    """``WORKSPACE/digests/DATE/MAP/``: one subscriber may follow several maps on one day."""
    return Path(workspace) / "digests" / day.isoformat() / map_name


def write_digest(d: Digest, folder: Path, *, html: str | None = None, text: str | None = None) -> tuple[Path, Path]:
    if html is None or text is None:
        html, text = render(d)
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / f"{d.subscriber.slug}.html", folder / f"{d.subscriber.slug}.txt"
    for path, body in zip(paths, (html, text)):
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)
    return paths


@dataclass
class Written:
    digest: Digest
    html: str
    text: str
    paths: tuple[Path, Path]


def write_digests(workspace: Path, bundle, subscribers: list[Subscriber], *, since: dt.date | None = None,
                  today: dt.date | None = None) -> list[Written]:
    """Every subscriber's digest of ``bundle`` (those tied to another map skipped), written to
    ``WORKSPACE/digests/DATE/MAP/<subscriber>.{html,txt}``."""
    today = today or dt.date.today()
    news = map_news(bundle, since=since)
    folder = digest_folder(workspace, today, bundle.name)
    out = []
    for sub in subscribers:
        if sub.map and sub.map != bundle.name:
            continue
        d = digest_for(news, sub, today=today)
        html, text = render(d)
        out.append(Written(d, html, text, write_digest(d, folder, html=html, text=text)))
    return out
