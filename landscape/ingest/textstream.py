"""A text export read as a stream of lines, so memory does not grow with the file (issue 17).

Reading a file takes two passes over its bytes, neither of which holds the file:

1. :func:`scan_file` reads it in blocks once, hashing it (the import's "already imported" key)
   and counting what :func:`~landscape.ingest.files.decode_bytes` weighs to choose an encoding
   (bad UTF-8 bytes, good non-ASCII characters; GB18030 and a charset guess only when UTF-8
   does not fit). The choice is made on the whole file, as before, so an export whose first
   megabytes are ASCII and whose Chinese text comes late is still read as GB18030.
2. :func:`text_lines` and :func:`csv_lines` decode it again, block by block, in that encoding.

The text they give is the text ``decode_bytes`` gives for the whole file (the same bytes
replaced, NULs shown as U+FFFD, a leading BOM dropped): ``tests/test_ingest_stream.py`` checks it
on damaged and re-encoded bytes cut into small blocks.
"""
from __future__ import annotations

import codecs
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

#: Bytes read at a time by both passes; a line longer than this is joined by the decoder.
BLOCK_BYTES = 1 << 20
# The same thresholds as files._choose (imported there from here would be circular).
_DAMAGE_RATIO = 5
_FEW = 3
_SNIFF_BYTES = 1 << 20


@dataclass(frozen=True)
class FileScan:
    """What one read of a text file's bytes found: its encoding, damage and SHA-256."""

    encoding: str
    #: characters replaced with U+FFFD: bytes that did not decode, and NULs
    replaced: int
    sha256: str
    #: bytes to skip before decoding (a UTF-8 BOM; the UTF-16 codec reads its own)
    skip: int = 0


class _Counts:
    """Running counts of one incremental decoding: U+FFFD in the text, U+FFFD already in the
    bytes (``genuine``: not damage), non-ASCII characters and NULs."""

    def __init__(self, encoding: str, count_genuine: bool):
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self.pattern = "\ufffd".encode(encoding) if count_genuine else b""
        self.tail = b""
        self.fffd = self.genuine = self.non_ascii = self.nuls = 0

    def feed(self, block: bytes, final: bool = False) -> None:
        text = self.decoder.decode(block, final)
        self.fffd += text.count("\ufffd")
        self.nuls += text.count("\x00")
        self.non_ascii += len(text) - len(text.encode("ascii", "ignore"))
        if self.pattern:
            # Occurrences within the block, plus one that straddles the previous block's end.
            keep = len(self.pattern) - 1
            self.genuine += block.count(self.pattern) + (self.tail + block[:keep]).count(self.pattern)
            self.tail = block[-keep:] if len(block) >= keep else (self.tail + block)[-keep:]

    @property
    def bad(self) -> int:
        return max(0, self.fffd - self.genuine)

    @property
    def good(self) -> int:
        return self.non_ascii - self.bad


def _blocks(path: Path, skip: int, size: int) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        fh.seek(skip)
        while block := fh.read(size):
            yield block


def _count(path: Path, encoding: str, size: int, *, skip: int = 0, genuine: bool = False,
           sha=None) -> _Counts:
    counts = _Counts(encoding, genuine)
    if sha is not None and skip:
        with open(path, "rb") as fh:
            sha.update(fh.read(skip))
    for block in _blocks(path, skip, size):
        if sha is not None:
            sha.update(block)
        counts.feed(block)
    counts.feed(b"", final=True)
    return counts


def _guess(path: Path) -> str | None:
    """charset-normalizer's guess from the first megabyte, when UTF-8 and GB18030 both fail."""
    from charset_normalizer import from_bytes

    with open(path, "rb") as fh:
        best = from_bytes(fh.read(_SNIFF_BYTES)).best()
    if best is None:
        return None
    try:
        codecs.getincrementaldecoder(best.encoding)
    except LookupError:
        return None
    return best.encoding


def scan_file(path: Path) -> FileScan:
    """The encoding ``files.decode_bytes`` would choose for the whole file, the characters it
    would replace, and the file's SHA-256, from reading it in blocks (no copy of it is held)."""
    from landscape.ingest.files import utf16_without_bom

    size = BLOCK_BYTES  # read here, not bound at import, so tests can use tiny blocks
    path = Path(path)
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if head.startswith(codecs.BOM_UTF8):
        c = _count(path, "utf-8", size, skip=len(codecs.BOM_UTF8), genuine=True, sha=sha)
        return FileScan("utf-8", c.bad + c.nuls, sha.hexdigest(), skip=len(codecs.BOM_UTF8))
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(head):
        encoding = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
            else utf16_without_bom(head)
        c = _count(path, encoding, size, sha=sha)
        return FileScan(encoding, c.fffd + c.nuls, sha.hexdigest())
    utf8 = _count(path, "utf-8", size, genuine=True, sha=sha)
    digest = sha.hexdigest()
    # files._choose, step by step, on counts instead of the decoded text.
    if not utf8.bad or utf8.good >= _DAMAGE_RATIO * utf8.bad:
        return FileScan("utf-8", utf8.bad + utf8.nuls, digest)
    gb = _count(path, "gb18030", size, genuine=True)
    if utf8.bad <= _FEW and gb.good <= _FEW:
        return FileScan("utf-8", utf8.bad + utf8.nuls, digest)
    if not gb.bad or gb.good >= _DAMAGE_RATIO * gb.bad:
        return FileScan("gb18030", gb.bad + gb.nuls, digest)
    guess = _guess(path)
    if guess is not None:
        c = _count(path, guess, size)
        return FileScan(guess, c.fffd + c.nuls, digest)
    return FileScan("utf-8", utf8.bad + utf8.nuls, digest)


# Scans of the files being imported, keyed by path, size and mtime so an edited file is scanned
# again. Detection (several readers sniff), the layout, the rows and the hash all ask; a few
# entries cover the files of one import without growing with the number of files imported.
_SCANS: dict[tuple, FileScan] = {}
_MAX_SCANS = 8


def _file_key(path: Path) -> tuple:
    st = path.stat()
    return str(path.resolve()), st.st_size, st.st_mtime_ns


def file_scan(path: Path) -> FileScan:
    """:func:`scan_file` of ``path``, once while it is unchanged."""
    key = _file_key(Path(path))
    found = _SCANS.get(key)
    if found is None:
        found = scan_file(path)
        if len(_SCANS) >= _MAX_SCANS:
            _SCANS.pop(next(iter(_SCANS)))
        _SCANS[key] = found
    return found


def known_scan(path: Path) -> FileScan | None:
    """The scan of ``path`` when it has been scanned unchanged, else None (reads nothing)."""
    try:
        return _SCANS.get(_file_key(Path(path)))
    except OSError:
        return None


def _stream(path: Path, newline: str) -> Iterator[str]:
    """Decoded lines with their endings, NULs replaced and a leading BOM dropped."""
    scan = file_scan(path)
    with open(path, "rb", buffering=max(BLOCK_BYTES, 2)) as raw:
        raw.seek(scan.skip)
        text = io.TextIOWrapper(raw, encoding=scan.encoding, errors="replace", newline=newline)
        text._CHUNK_SIZE = BLOCK_BYTES  # fewer, larger decodes: the default is 8 KB
        first = True
        for line in text:
            if "\x00" in line:
                line = line.replace("\x00", "\ufffd")
            if first:
                first = False
                if line.startswith("\ufeff"):
                    line = line[1:]
            yield line
        text.detach()  # the with block closes the file


def text_lines(path: Path) -> Iterator[str]:
    """The file's lines without their endings, split on "\\n" only (and trailing "\\r" dropped):
    ``str.splitlines`` would also split inside an abstract at U+2028, U+0085 or a form feed, which
    JSON and line files allow in text. The same lines as ``text.split("\\n")`` of the whole text,
    except that a final empty line after the last "\\n" is not given (readers skip empty lines)."""
    for line in _stream(path, "\n"):
        yield (line[:-1] if line.endswith("\n") else line).rstrip("\r")


def csv_lines(path: Path) -> Iterator[str]:
    """The file's physical lines with their endings ("\\n", "\\r\\n" or "\\r"), as
    ``io.StringIO(text, newline="")`` gives them: what the csv module reads."""
    return _stream(path, "")
