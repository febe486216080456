"""Both cores: incidents evaluated (and, when asked, files parsed) in worker processes.

Only where processes can be forked (the workers then share the loaded dataset without
copying it) and only for datasets large enough to repay starting them (:data:`MIN_FILES`,
measured: below it one process is as fast). Results come back in the order one process
would give them, so the output is the same byte for byte. Parsing in workers
(:func:`read_files`, ``load_dataset(jobs=...)``) is there but not used by a run: on two
cores the parent spent on receiving and typing the documents what the workers saved
(docs/performance.md).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .yamlsource import Document, Mark, YamlError, read_file

if TYPE_CHECKING:
    from .engine import Result
    from .loading import Dataset

#: Fewer data files than this are evaluated in one process. Measured on two cores shared
#: with other work (docs/performance.md): at 10,000 incidents the workers did not pay for
#: starting and feeding them, at 100,000 they saved about a seventh of the run.
MIN_FILES = 20_000
#: Files handed to a worker at a time: large enough to keep the queue cheap, small enough
#: that the workers finish together.
CHUNK = 64


def workers(files: int) -> int:
    """How many processes to use for ``files`` data files (1: no pool)."""
    if files < MIN_FILES or _fork() is None:
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _fork() -> BaseContext | None:
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


# What a forked worker inherits from its parent (set just before the pool starts).
_ROOT: Path | None = None
_DATA: Dataset | None = None


def _read(item: tuple[str, str]) -> tuple[Any, ...]:
    """Parse one file in a worker: its document's parts, or the error's."""
    rel, display = item
    assert _ROOT is not None
    try:
        doc = read_file(_ROOT / rel, display, lazy=True)
    except YamlError as exc:
        return (False, exc.code, exc.message, exc.mark.line, exc.mark.column, exc.index)
    return (True, doc.data, doc.values, doc.keys, doc.starts, doc.text)


def read_files(
    root: Path, items: list[tuple[str, str]], jobs: int
) -> Iterator[Document | YamlError]:
    """Each of ``items`` (path from the root, name as reported) parsed by ``jobs`` workers,
    in order: the caller types each while the workers parse the next."""
    global _ROOT
    context = _fork()
    assert context is not None
    _ROOT = root
    try:
        with context.Pool(jobs) as pool:
            for (_, display), got in zip(items, pool.imap(_read, items, CHUNK), strict=True):
                if got[0]:
                    yield Document(display, got[1], got[2], got[3], got[4], got[5])
                else:
                    yield YamlError(got[1], got[2], Mark(got[3], got[4]), got[5])
    finally:
        _ROOT = None


def _evaluate(bounds: tuple[int, int]) -> tuple[list[Any], list[Any]]:
    """Evaluate one slice of the incidents in a worker, the findings as plain values."""
    from . import cachecodec as codec
    from . import engine

    assert _DATA is not None
    result = engine.run(_DATA, start=bounds[0], stop=bounds[1], ordered=False)
    return (
        [codec.finding(f) for f in result.findings],
        [codec.finding(f) for f in result.unattributed],
    )


def evaluate(data: Dataset, jobs: int) -> Result:
    """:func:`engine.run` over ``jobs`` workers, each a contiguous slice of the incidents,
    joined in order then sorted as one run sorts. The findings carry no versions (what
    ``check`` reports does not show them; ``explain`` and the report evaluate afresh)."""
    global _DATA
    from . import cachecodec as codec
    from . import engine

    context = _fork()
    assert context is not None
    count = len(data.incidents)
    # More slices than workers: a slow slice does not leave the other core idle.
    parts = jobs * 4
    bounds = [(count * k // parts, count * (k + 1) // parts) for k in range(parts)]
    _DATA = data
    try:
        with context.Pool(jobs) as pool:
            slices = pool.map(_evaluate, bounds, 1)
    except codec.Uncacheable:
        return engine.run(data)  # a value the workers cannot send back exactly
    finally:
        _DATA = None
    result = engine.Result()
    for findings, unattributed in slices:
        result.findings.extend(codec.to_finding(f) for f in findings)
        result.unattributed.extend(codec.to_finding(f) for f in unattributed)
    engine.order(result)
    return result
