"""A technology breakdown (产业链技术分解表): the analyst's own branches, read from TOML.

    name_en = "Toys and games"
    name_zh = "玩具与游戏"

    [[branch]]
    id = "electric"                      # letters, digits, '_', '-', '.'
    name_en = "Electric and remote-control toys"
    name_zh = "电动与遥控玩具"
    description_en = "..."               # what a patent of this branch is about (zero-shot reads it)
    description_zh = "..."
    codes = ["A63H30/", "A63H29/"]      # optional: IPC/CPC prefixes, as in corpora/*.toml
    keywords_en = ["remote control*"]    # optional: whole words, as in corpora/*.toml
    keywords_zh = ["遥控"]                # optional: Chinese words (matched on segmented text)
    exclude_codes = []                   # optional: a patent with such a code is not in this branch
    exclude_keywords = []                # optional: nor one whose text has such a word (en or zh)

    [[branch]]
    id = "rc-vehicles"
    parent = "electric"                  # levels 1-3: a branch without parent is level 1
    ...

Anything else is refused with one sentence naming the file and the key or branch, so a typo
never silently changes a breakdown.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from landscape.corpora import read_list, show_path

TOP_KEYS = ("name_en", "name_zh", "branch")
NAME_KEYS = ("name_en", "name_zh", "description_en", "description_zh")
LIST_KEYS = ("codes", "keywords_en", "keywords_zh", "exclude_codes", "exclude_keywords")
BRANCH_KEYS = ("id", "parent", *NAME_KEYS, *LIST_KEYS)
MAX_DEPTH = 3
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class TaxonomyError(ValueError):
    """A breakdown file that cannot be used; the message is one sentence naming file and key."""


@dataclass(frozen=True)
class Branch:
    id: str
    name_en: str
    name_zh: str
    description_en: str
    description_zh: str
    parent: str | None = None
    level: int = 1
    codes: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()
    keywords_zh: tuple[str, ...] = ()
    exclude_codes: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    name_en: str
    name_zh: str
    branches: tuple[Branch, ...]
    path: Path | None = None

    def branch(self, branch_id: str) -> Branch:
        return next(b for b in self.branches if b.id == branch_id)

    def ids(self) -> list[str]:
        return [b.id for b in self.branches]

    def ancestors(self, branch_id: str) -> list[str]:
        """Parent, grandparent, ... of a branch (nearest first)."""
        out, b = [], self.branch(branch_id)
        while b.parent is not None:
            out.append(b.parent)
            b = self.branch(b.parent)
        return out

    @property
    def depth(self) -> int:
        return max(b.level for b in self.branches)


def _text(data: dict, key: str, where: str, *, required: bool) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise TaxonomyError(f"{where}: {key!r} must be a string, not {type(value).__name__}")
    if required and not value.strip():
        raise TaxonomyError(f"{where}: {key!r} is missing or empty; every breakdown and branch needs "
                            "its name and description in English and Chinese")
    return value.strip()


def _branch(data, i: int, file: str) -> Branch:
    if not isinstance(data, dict):
        raise TaxonomyError(f"{file}: branch {i + 1} must be a [[branch]] table")
    bid = data.get("id")
    if not isinstance(bid, str) or not _ID_RE.match(bid):
        raise TaxonomyError(f"{file}: branch {i + 1} needs an 'id' of letters, digits, '_', '-' or '.', "
                            f"got {bid!r}")
    where = f"{file}: branch {bid!r}"
    for key in data:
        if key not in BRANCH_KEYS:
            raise TaxonomyError(f"{where}: unknown key {key!r} (expected one of {', '.join(BRANCH_KEYS)})")
    parent = data.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise TaxonomyError(f"{where}: 'parent' must be the id of another branch")
    try:
        lists = {key: read_list(data, key, where) for key in LIST_KEYS}
    except ValueError as err:
        raise TaxonomyError(str(err)) from None
    return Branch(id=bid, parent=parent or None, **{k: _text(data, k, where, required=True) for k in NAME_KEYS},
                  **lists)


def _with_levels(branches: list[Branch], file: str) -> list[Branch]:
    by_id: dict[str, Branch] = {}
    for b in branches:
        if b.id in by_id:
            raise TaxonomyError(f"{file}: branch id {b.id!r} is used twice")
        by_id[b.id] = b
    levels: dict[str, int] = {}
    for b in branches:
        chain, cur = [b.id], b
        while cur.parent is not None:
            if cur.parent not in by_id:
                raise TaxonomyError(f"{file}: branch {cur.id!r} has parent {cur.parent!r}, which is not a "
                                    "branch of this file")
            if cur.parent in chain:
                raise TaxonomyError(f"{file}: branch {b.id!r} is its own ancestor "
                                    f"({' -> '.join(chain + [cur.parent])})")
            chain.append(cur.parent)
            cur = by_id[cur.parent]
        if len(chain) > MAX_DEPTH:
            raise TaxonomyError(f"{file}: branch {b.id!r} is at level {len(chain)} "
                                f"({' -> '.join(reversed(chain))}); a breakdown has at most {MAX_DEPTH} levels")
        levels[b.id] = len(chain)
    return [Branch(**{**b.__dict__, "level": levels[b.id]}) for b in branches]


def load_taxonomy(path) -> Taxonomy:
    """Read and check one breakdown file.

    Raises
    ------
    TaxonomyError
        For anything wrong, in one sentence naming the file and the key or branch.
    """
    path = Path(path)
    file = show_path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise TaxonomyError(f"{file}: not valid TOML ({err})") from None
    except (OSError, UnicodeDecodeError) as err:
        raise TaxonomyError(f"{file}: cannot be read ({err})") from None
    for key in data:
        if key not in TOP_KEYS:
            raise TaxonomyError(f"{file}: unknown key {key!r} at the top (expected {', '.join(TOP_KEYS)}; "
                                "branch keys belong under [[branch]])")
    names = {k: _text(data, k, file, required=True) for k in ("name_en", "name_zh")}
    raw = data.get("branch", [])
    if not isinstance(raw, list) or not raw:
        raise TaxonomyError(f"{file}: no [[branch]] tables; a breakdown needs at least one branch")
    branches = _with_levels([_branch(b, i, file) for i, b in enumerate(raw)], file)
    return Taxonomy(branches=tuple(branches), path=path, **names)


def builtin_dir() -> Path:
    """The repository's ``corpora/breakdowns/`` folder with the shipped breakdowns."""
    return Path(__file__).resolve().parents[2] / "corpora" / "breakdowns"
