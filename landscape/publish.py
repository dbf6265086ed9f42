"""Publishing a map version whole, and checking that it is still what was published.

A new version of ``maps/NAME/`` is written into a hidden temporary folder next to it
(``maps/.NAME.tmp-XXXX``) and published with two renames: the current version aside to
``maps/.NAME.old``, the new one in; then the old one is deleted. Writers of one map take turns
on ``maps/.NAME.lock`` (``flock``; the kernel drops it when a process dies), so a temporary
folder whose map is not locked belongs to a run that was killed: the next writer of any map,
or the next reader of that map, deletes it, and when the kill fell between the two renames it
renames the previous version back. A reader therefore finds either a whole version or, for an
instant during a swap, no folder at all; ``settle`` waits out that instant.

Every file of a version is listed in its manifest with its size and SHA-256 (``files_of``);
``file_problem`` checks one file against that, hashing each file once per process while the
file's inode, size and times stay the same.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
import signal
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

TMP, OLD, LOCK = ".tmp-", ".old", ".lock"
#: ``maps/.versions/NAME/vN/``: the earlier versions of each map, kept read-only (hidden: never a map)
VERSIONS = ".versions"
#: how long a reader waits for a writer between its two renames (they take microseconds)
SETTLE_SECONDS = 5.0


def kill_point(stage: str) -> None:
    """Test hook: ``LANDSCAPE_TEST_KILL_AT=STAGE`` kills this process here, with SIGKILL (as the
    out-of-memory killer or a power cut would), so tests can show that no stage leaves a
    half-written map where readers look."""
    if os.environ.get("LANDSCAPE_TEST_KILL_AT") == stage:
        os.kill(os.getpid(), signal.SIGKILL)


def check_name(name: str) -> None:
    if not name or name in (".", "..") or name.startswith(".") or Path(name).name != name or "\\" in name:
        raise ValueError(f"{name!r} cannot name a map: give a plain folder name that does not start with "
                         "'.' and has no '/'.")


@contextmanager
def map_lock(root: Path, name: str, *, wait: bool = True) -> Iterator[bool]:
    """Hold ``root/.NAME.lock``. Yields True when held; False when ``wait`` is off and another
    process (or another open of it in this one) holds it."""
    fd = os.open(root / f".{name}{LOCK}", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as err:
            if err.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing drops the lock


def _owner(entry: str) -> str | None:
    """The map a hidden leftover (``.NAME.tmp-XXXX`` or ``.NAME.old``) belongs to."""
    if not entry.startswith(".") or entry.endswith(LOCK):
        return None
    if entry.endswith(OLD):
        return entry[1:-len(OLD)] or None
    if TMP in entry:
        return entry[1:entry.rindex(TMP)] or None
    return None


def _recover(root: Path, name: str) -> None:
    """With the map's lock held: put back a version moved aside by a run killed between its two
    renames, and delete what killed runs left."""
    final, old = root / name, root / f".{name}{OLD}"
    if old.exists():
        if final.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.rename(final)
    for entry in root.iterdir():
        if entry.name.startswith(f".{name}{TMP}") and _owner(entry.name) == name:
            shutil.rmtree(entry, ignore_errors=True)


def _sweep(root: Path, busy: str) -> None:
    """Recover every other map that has leftovers and that no process is writing."""
    for other in sorted({_owner(e.name) for e in root.iterdir()} - {None, busy}):
        with map_lock(root, other, wait=False) as held:
            if held:
                _recover(root, other)


@contextmanager
def temporary_folder(root: Path, name: str) -> Iterator[Path]:
    """A hidden folder in ``root`` for the next version of map ``name``, with the map's lock held
    until the block ends; deleted when the block fails. The caller publishes it or deletes it."""
    check_name(name)
    root.mkdir(parents=True, exist_ok=True)
    with map_lock(root, name):
        _recover(root, name)
        _sweep(root, name)
        folder = Path(tempfile.mkdtemp(prefix=f".{name}{TMP}", dir=root))
        try:
            yield folder
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise


def publish(folder: Path, final: Path) -> None:
    """Swap the finished ``folder`` in as ``final`` (call with the map's lock held)."""
    os.chmod(folder, 0o755)  # mkdtemp makes it private
    _fsync_dir(folder)
    kill_point("sealed")
    old = final.with_name(f".{final.name}{OLD}")
    if final.exists():
        final.rename(old)
        kill_point("between-renames")
    folder.rename(final)
    _fsync_dir(final.parent)
    shutil.rmtree(old, ignore_errors=True)


def archive(current: Path, dest: Path) -> None:
    """Keep the published version ``current`` as ``dest`` (``maps/.versions/NAME/vN``) before a new
    version replaces it (call with the map's lock held): hard links (a version's files are never
    written in place), gathered in a hidden folder and renamed in, so ``dest`` is whole or absent.
    A ``dest`` already there (a run killed after keeping it) is left as it is."""
    if dest.exists():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    for entry in dest.parent.iterdir():  # what a run killed while keeping a version left
        if entry.name.startswith(".") and TMP in entry.name:
            shutil.rmtree(entry, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{dest.name}{TMP}", dir=dest.parent))
    link_files(current, folder, sorted(p.relative_to(current).as_posix() for p in current.rglob("*") if p.is_file()))
    os.chmod(folder, 0o555)  # read-only: nothing is added to a kept version
    kill_point("archiving")
    folder.rename(dest)


def settle(root: Path, name: str, timeout: float = SETTLE_SECONDS) -> None:
    """For readers: when map ``name``'s folder is missing because a writer is between its two
    renames, wait for the new one; when that writer was killed there, put the old one back."""
    final, old = root / name, root / f".{name}{OLD}"
    deadline = time.monotonic() + timeout
    while not final.exists() and old.exists() and time.monotonic() < deadline:
        try:
            with map_lock(root, name, wait=False) as held:
                if held:
                    _recover(root, name)
                    return
        except OSError:
            pass  # a read-only maps folder: all a reader can do is wait
        time.sleep(0.005)


def settle_all(root: Path) -> None:
    """``settle`` every map whose folder is missing but whose old version is aside."""
    for entry in list(root.iterdir()):
        name = _owner(entry.name) if entry.name.endswith(OLD) else None
        if name and not (root / name).exists():
            settle(root, name)


def link_files(source: Path, folder: Path, names: list[str]) -> None:
    """Start a new version from the current one: hard links (the files of a version are never
    written in place, see ``fresh``), or copies where the file system has none."""
    for rel in names:
        dest = folder / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source / rel, dest)
        except OSError:
            shutil.copy2(source / rel, dest)


def fresh(path: Path) -> Path:
    """``path``, unlinked first: writing through a hard link would change the published version."""
    path.unlink(missing_ok=True)
    return path


# ---------------------------------------------------------------- file hashes

#: SHA-256 of files already hashed by this process, by what changes when a file is written
_DIGESTS: dict[tuple, str] = {}


def _identity(st: os.stat_result) -> tuple:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _sha256(path: Path, *, sync: bool = False) -> tuple[str, int]:
    with open(path, "rb") as f:
        before = os.fstat(f.fileno())
        key = _identity(before)
        if key not in _DIGESTS:
            if len(_DIGESTS) > 10_000:
                _DIGESTS.clear()
            _DIGESTS[key] = hashlib.file_digest(f, "sha256").hexdigest()
        if sync:
            os.fsync(f.fileno())
    return _DIGESTS[key], before.st_size


def files_of(folder: Path, *, skip: str, sync: bool = False) -> dict[str, dict]:
    """``{relative name: {"sha256", "bytes"}}`` of every file under ``folder`` but ``skip``."""
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel != skip:
            digest, size = _sha256(path, sync=sync)
            out[rel] = {"sha256": digest, "bytes": size}
    return out


def file_problem(folder: Path, rel: str, expected: dict) -> str | None:
    """What is wrong with one listed file ("was deleted", "changed"), or None when it is intact."""
    path = folder / rel
    try:
        if path.stat().st_size != expected.get("bytes"):
            return "changed"
        digest, _ = _sha256(path)
    except FileNotFoundError:
        return "was deleted"
    return None if digest == expected.get("sha256") else "changed"


def extra_files(folder: Path, listed: dict, *, skip: str) -> list[str]:
    """Files under ``folder`` its manifest does not list (hidden files aside: nothing reads them)."""
    return sorted(rel for p in folder.rglob("*") if p.is_file()
                  and (rel := p.relative_to(folder).as_posix()) != skip and rel not in listed
                  and not any(part.startswith(".") for part in Path(rel).parts))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
