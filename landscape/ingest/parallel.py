"""Parsing a large JSON Lines export on every core (issue 17).

Turning a line into a record (JSON, key mapping, dates, codes, names, language) is pure Python
at ~300 µs a line, while writing the records to the store is a small part of an import. So the
import process reads lines and stores records, and worker processes parse batches of lines; the
batches come back in file order, so the rows, their numbers and what is stored are exactly what
one process gives (``bench/ingest_parity.py``). At most a few batches are in flight, so memory
stays bounded however long the file is.

Small files are parsed in the import process: starting workers costs more than it saves.
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterable, Iterator

from landscape.ingest.base import Row

#: Files smaller than this are parsed in the import process (~40,000 lines of a typical export).
MIN_BYTES = 32 << 20
#: Lines per batch sent to a worker: large enough that pickling is a small share of the work.
BATCH_LINES = 1000
#: ``LANDSCAPE_INGEST_WORKERS`` sets the number of parsing processes (1: none, parse here).
WORKERS_ENV = "LANDSCAPE_INGEST_WORKERS"


def workers_for(path: Path) -> int:
    """Parsing processes for ``path``: the usable cores (or ``$LANDSCAPE_INGEST_WORKERS``), 1 for a small file."""
    wanted = os.environ.get(WORKERS_ENV)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    workers = int(wanted) if wanted and wanted.strip().isdigit() else cores
    try:
        small = Path(path).stat().st_size < MIN_BYTES
    except OSError:
        small = True
    return 1 if small and not wanted else max(1, workers)


# The reader a worker parses for, set once per worker (it holds the file's column map).
_READER = None


def _start(reader, path: Path, position: dict[str, int]) -> None:
    global _READER
    _READER = (reader, path, position)


def _parse(batch: list[tuple[int, str]]) -> list[Row]:
    reader, path, position = _READER
    return [reader.row(path, position, n, reader.parse_line(line)) for n, line in batch]


def json_rows(reader, path: Path, position: dict[str, int], lines: Iterable[tuple[int, str]]) -> Iterator[Row]:
    """``reader.row`` of every non-empty numbered line, parsed by worker processes, in file order."""
    workers = workers_for(path)
    numbered = ((n, line) for n, line in lines if line.strip())
    # fork: workers start at once with the reader and the language tables already loaded; they
    # run only the parsing code, never the store (its threads and file stay in this process).
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start,
                             initargs=(reader, path, position)) as pool:
        pending: deque = deque()
        while batch := list(itertools.islice(numbered, BATCH_LINES)):
            pending.append(pool.submit(_parse, batch))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
