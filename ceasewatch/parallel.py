"""Both cores: incident files read, typed, checked and evaluated in worker processes.

Only where processes can be forked (the workers then share the run's project and agreements
without copying them) and only for enough files to repay starting them (:data:`MIN_FILES`,
measured). Each worker does the whole of a file's work and sends back what the file leaves
behind (:class:`filewise.Unit`, as plain values), in the order one process would give them,
so the output is the same byte for byte.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from multiprocessing.context import BaseContext
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .filewise import Run, Unit

#: Fewer files to read than this are done in one process. Measured on two cores
#: (docs/performance.md): the workers gain a fifth at 1,000 files, a third from 3,000 on;
#: under 1,000, starting them costs about what they save.
MIN_FILES = 1_000
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
_RUN: Run | None = None


def _units(rels: list[str]) -> list[tuple[Any, ...]]:
    """Each of ``rels`` read, typed, checked and evaluated in a worker, as plain values."""
    from . import cachecodec as codec

    assert _RUN is not None
    return [codec.unit(_RUN.unit(rel)) for rel in rels]


def units(run: Run, rels: list[str], jobs: int) -> Iterator[Unit]:
    """:meth:`filewise.Run.unit` of each of ``rels`` by ``jobs`` forked workers, in order.
    Each worker does the whole of a file's work and sends back only what the file leaves
    behind (its diagnostics, findings and a few facts), so the parent does little more
    than receive."""
    global _RUN
    from . import cachecodec as codec

    context = _fork()
    assert context is not None
    # Built once here, before the workers fork and share them: what the engine works out
    # once per run, and the areas' outlines (else each worker would load shapely again).
    shared = run.context
    if shared is not None:
        shared.areas.polygons  # noqa: B018
    chunks = [rels[k : k + CHUNK] for k in range(0, len(rels), CHUNK)]
    _RUN = run
    try:
        with context.Pool(jobs) as pool:
            for got in pool.imap(_units, chunks):
                yield from codec.to_units(got, run.memo)
    finally:
        _RUN = None
