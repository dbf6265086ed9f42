"""Who receives digests and what each cares about: ``WORKSPACE/subscriptions.toml``.

One ``[[subscriber]]`` table per firm (docs/watch.md): ``name``, ``email``, ``lang`` (zh/en),
``applicants`` (their own names or groups), ``rivals``, ``keywords``, ``codes`` (IPC/CPC
prefixes), ``areas`` (area numbers of a map), ``branches`` (breakdown branch ids) and,
optionally, ``map``: the map whose areas and branches those are (its digests only). The file is
people's data: it is read as TOML only, every field checked, and a problem is one sentence
naming the file, the subscriber and the field. Writing takes the workspace's subscriptions lock,
writes a temporary file and renames it over the old one, so a crash or a second writer never
loses the other subscribers.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from landscape.corpora import normalise_code

FILE = "subscriptions.toml"
LANGS = ("zh", "en")
LIST_FIELDS = ("applicants", "rivals", "keywords", "codes", "branches")
#: local@domain.tld: no spaces, one @, a dot in the domain (Chinese domains are fine)
_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\.]+(\.[^@\s<>(),;:\"\[\]\\.]+)+$")
_CODE = re.compile(r"^[A-HY][0-9A-Z/.]*$")


class SubscriptionError(ValueError):
    """A subscription that cannot be used, in one sentence naming the file or subscriber and field."""


@dataclass(frozen=True)
class Subscriber:
    """One subscribed firm. Lists are tuples; ``map`` None means every map."""

    name: str
    email: str
    lang: str = "zh"
    applicants: tuple[str, ...] = ()
    rivals: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    areas: tuple[int, ...] = ()
    branches: tuple[str, ...] = ()
    map: str | None = None

    @property
    def slug(self) -> str:
        return slug(self.name)

    def interests(self) -> bool:
        """Whether anything at all is asked for (a subscriber with no interest gets only the map's news)."""
        return any((self.applicants, self.rivals, self.keywords, self.codes, self.areas, self.branches))

    def as_dict(self) -> dict:
        d = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items() if v not in (None, ())}


_SPLIT = re.compile(r"\s*[,，、;；]\s*")


def split_items(values) -> list[str] | None:
    """A comma-separated text (also ，、；) or several of them as one list; None when none is given
    (a form or a command leaving a field as it was)."""
    if values is None or (isinstance(values, (list, tuple)) and not values):
        return None
    values = [values] if isinstance(values, str) else values
    return [v for value in values for v in _SPLIT.split(str(value)) if v.strip()]


def slug(name: str) -> str:
    """A file name for a subscriber: letters (any script), digits, ``.``, ``_`` and ``-``."""
    out = re.sub(r"[^\w.-]+", "-", name.strip()).strip("-.")
    return out[:80] or "subscriber"


def subscriptions_path(workspace: Path) -> Path:
    return Path(workspace) / FILE


# --------------------------------------------------------------------------- checking

def _where(source: str, name: str | None) -> str:
    return f"{source}: subscriber {name!r}" if name else source


def _text_list(value, field: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise SubscriptionError(f"{where}: {field} must be a list of texts.")
    out = []
    for v in value:
        v = " ".join(v.split())
        if v and v not in out:
            out.append(v)
    return tuple(out)


def _areas(value, where: str) -> tuple[int, ...]:
    if value is None:
        return ()
    if isinstance(value, (int, str)):
        value = [value]
    out = []
    for v in value:
        if isinstance(v, str) and v.strip().lstrip("-").isdigit():
            v = int(v.strip())
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise SubscriptionError(f"{where}: areas must be area numbers (0, 1, 2, ...), not {v!r}.")
        if v not in out:
            out.append(v)
    return tuple(out)


def check(raw: dict, *, source: str = FILE, areas=None, branches=None) -> Subscriber:
    """One subscriber from a mapping (a TOML table, a form, command options), every field checked.

    ``areas`` / ``branches``: the area numbers and branch ids of the subscriber's map, when it
    is known; then an unknown one is named.
    """
    if not isinstance(raw, dict):
        raise SubscriptionError(f"{source}: each [[subscriber]] must be a table of fields.")
    known = {f.name for f in fields(Subscriber)}
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SubscriptionError(f"{source}: a subscriber has no name (field name).")
    name = " ".join(name.split())
    where = _where(source, name)
    unknown = sorted(set(raw) - known)
    if unknown:
        raise SubscriptionError(f"{where}: unknown field {unknown[0]!r} (fields: {', '.join(sorted(known))}).")
    email = raw.get("email")
    if not isinstance(email, str) or not _EMAIL.match(email.strip()):
        raise SubscriptionError(f"{where}: email {email!r} is not an e-mail address (like ip@example.cn).")
    lang = raw.get("lang") or "zh"
    if lang not in LANGS:
        raise SubscriptionError(f"{where}: lang must be zh or en, not {lang!r}.")
    lists = {f: _text_list(raw.get(f), f, where) for f in LIST_FIELDS}
    codes = tuple(dict.fromkeys(normalise_code(c) for c in lists["codes"]))
    bad = [c for c in codes if not _CODE.match(c)]
    if bad:
        raise SubscriptionError(f"{where}: codes: {bad[0]!r} is not an IPC/CPC code prefix (like A63H33 or B29C).")
    map_name = raw.get("map") or None
    if map_name is not None and not isinstance(map_name, str):
        raise SubscriptionError(f"{where}: map must be a map's name.")
    sub = Subscriber(name=name, email=email.strip(), lang=lang, applicants=lists["applicants"],
                     rivals=lists["rivals"], keywords=lists["keywords"], codes=codes,
                     areas=_areas(raw.get("areas"), where), branches=lists["branches"], map=map_name)
    against(sub, areas=areas, branches=branches, where=where)
    return sub


def against(sub: Subscriber, *, areas=None, branches=None, where: str | None = None) -> None:
    """Name the first of the subscriber's areas or branches that the map does not have."""
    where = where or _where("subscription", sub.name)
    if areas is not None:
        missing = [a for a in sub.areas if a not in set(int(x) for x in areas)]
        if missing:
            have = ", ".join(str(a) for a in sorted(int(x) for x in areas if int(x) >= 0)) or "none"
            raise SubscriptionError(f"{where}: areas: the map has no area {missing[0]} (its areas: {have}).")
    if branches is not None and sub.branches:
        missing = [b for b in sub.branches if b not in set(branches)]
        if missing:
            have = ", ".join(sorted(branches)) or "none: run `landscape breakdown` first"
            raise SubscriptionError(f"{where}: branches: the map has no branch {missing[0]!r} (its branches: {have}).")


def check_all(subs: list[Subscriber], source: str = FILE) -> list[Subscriber]:
    """Names unique, file names (slugs) unique."""
    names: dict[str, str] = {}
    slugs: dict[str, str] = {}
    for s in subs:
        key = s.name.casefold()
        if key in names:
            raise SubscriptionError(f"{source}: two subscribers are called {s.name!r} (field name); "
                                    "give each a different name.")
        if s.slug in slugs:
            raise SubscriptionError(f"{source}: subscribers {slugs[s.slug]!r} and {s.name!r} give the same digest "
                                    "file name (field name); make the names differ in a letter or digit.")
        names[key] = s.name
        slugs[s.slug] = s.name
    return subs


# --------------------------------------------------------------------------- reading and writing

def read_subscriptions(workspace: Path) -> list[Subscriber]:
    """The workspace's subscribers (none when there is no file yet)."""
    path = subscriptions_path(workspace)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as err:
        raise SubscriptionError(f"{path}: cannot be read ({getattr(err, 'strerror', None) or err}).") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SubscriptionError(f"{path}: not valid TOML ({err}).") from None
    extra = sorted(set(data) - {"subscriber"})
    if extra:
        raise SubscriptionError(f"{path}: unknown table {extra[0]!r}; subscribers are [[subscriber]] tables.")
    tables = data.get("subscriber", [])
    if not isinstance(tables, list):
        raise SubscriptionError(f"{path}: subscriber must be written [[subscriber]] (a list of tables).")
    return check_all([check(t, source=str(path)) for t in tables], str(path))


def _toml_value(value) -> str:
    # A JSON string is a TOML basic string (same escapes), but for DEL, which TOML wants escaped too.
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def to_toml(subs: list[Subscriber]) -> str:
    out = ["# Digest subscribers (landscape subscribe / the app's Subscriptions page); see docs/push.md.", ""]
    for s in subs:
        out.append("[[subscriber]]")
        out += [f"{k} = {_toml_value(v)}" for k, v in s.as_dict().items()]
        out.append("")
    return "\n".join(out)


def write_subscriptions(workspace: Path, subs: list[Subscriber]) -> Path:
    """Replace the file with ``subs`` (checked), through a temporary file and a rename."""
    path = subscriptions_path(workspace)
    check_all(list(subs), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".subscriptions.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(to_toml(subs))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _locked(workspace: Path):
    from landscape.publish import map_lock

    Path(workspace).mkdir(parents=True, exist_ok=True)
    return map_lock(Path(workspace), "subscriptions")


def save_subscriber(workspace: Path, sub: Subscriber, *, old_name: str | None = None) -> bool:
    """Add ``sub`` or replace the subscriber called ``old_name`` (else ``sub.name``); True when added.
    Read, change and write happen under the lock, so two editors never drop each other's change."""
    with _locked(workspace):
        subs = read_subscriptions(workspace)
        key = (old_name or sub.name).casefold()
        at = [i for i, s in enumerate(subs) if s.name.casefold() == key]
        if at:
            subs[at[0]] = sub
        else:
            subs.append(sub)
        write_subscriptions(workspace, subs)
    return not at


def remove_subscriber(workspace: Path, name: str) -> Subscriber:
    """Remove the subscriber called ``name``; an error naming the known ones when there is none."""
    with _locked(workspace):
        subs = read_subscriptions(workspace)
        kept = [s for s in subs if s.name.casefold() != name.strip().casefold()]
        if len(kept) == len(subs):
            known = ", ".join(s.name for s in subs) or "none yet"
            raise SubscriptionError(f"{subscriptions_path(workspace)}: no subscriber called {name!r} "
                                    f"(subscribers: {known}).")
        write_subscriptions(workspace, kept)
    return next(s for s in subs if s not in kept)


def merged(old: Subscriber | None, changes: dict) -> dict:
    """A subscriber's fields with ``changes`` (None values: keep the old) over them: ``subscribe``
    updates only what it is given."""
    base = old.as_dict() if old else {}
    return {**base, **{k: v for k, v in changes.items() if v is not None}}


def with_map(sub: Subscriber, map_name: str | None) -> Subscriber:
    return replace(sub, map=map_name) if map_name else sub
