"""Both cores: incident files read, typed, checked and evaluated by this process and forked
workers together.

Only where processes can be forked (the workers then share the run's project and agreements
without copying them) and only for enough files to repay starting them (:data:`MIN_FILES`,
measured). Each process does the whole of a file's work; a worker sends back what the file
leaves behind (:class:`cachecodec.Unit`, as plain values). The units are given in the order
one process would give them, so the output is the same byte for byte.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.context import BaseContext
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cachecodec import Unit
    from .filewise import Run

#: Fewer files to read than this are done in one process. Measured on two cores
#: (docs/performance.md), with this process working beside one worker: `check` gains a
#: fifth at 1,000 files and a third from 2,000 on; at 600, a tenth, and `validate` nothing
#: that stands out from the machine's drift; at 300, nothing.
MIN_FILES = 1_000
#: Files a process takes at a time: large enough to keep the queue cheap, small enough
#: that the processes finish together; each is worked on step by step (the batch of
#: :meth:`filewise.Run.units`).
CHUNK = 64


def workers(files: int) -> int:
    """How many processes to use for ``files`` data files, this one included (1: no
    workers)."""
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


# What a forked worker inherits from its parent (set just before the workers start).
_RUN: Run | None = None


def _serve(chunks: list[list[str]], claim: Callable[[], int], out: Any) -> None:
    """A worker: claims chunks until none is left, sending each one's units as plain values
    (``(index, values)``), then None; a failure is sent as ``(-1, its text)``."""
    from . import cachecodec as codec

    assert _RUN is not None
    try:
        while (k := claim()) < len(chunks):
            out.put((k, [codec.unit(u) for u in _RUN.units(chunks[k])]))
    except KeyboardInterrupt:
        pass  # the parent was interrupted too, and says so
    except BaseException:  # reported by the parent, which raises it
        out.put((-1, traceback.format_exc()))
    out.put(None)


def units(run: Run, rels: list[str], jobs: int) -> Iterator[Unit]:
    """:meth:`filewise.Run.unit` of each of ``rels`` (a chunk at a time, with
    :meth:`~filewise.Run.units`) by this process and ``jobs - 1`` forked
    workers, in order. Each takes the next chunk of files as it finishes one, so they end
    together. A worker does the whole of a file's work and sends back only what the file
    leaves behind (its diagnostics, findings and a few facts). The parent works on chunks
    itself between receiving: left idle, its receiving would run on a core a worker needs
    (measured in docs/performance.md)."""
    global _RUN
    from . import cachecodec as codec

    context: Any = _fork()
    assert context is not None
    # Built once here, before the workers fork and share them: what the engine works out
    # once per run, and the areas' outlines (else each worker would load shapely again).
    shared = run.context
    if shared is not None:
        shared.areas.polygons  # noqa: B018
    chunks = [rels[k : k + CHUNK] for k in range(0, len(rels), CHUNK)]
    # The first chunk is done here before the workers fork: whatever a file's work loads
    # on first use (shapely and numpy, the countries' outlines, the time zones) is loaded
    # once, and the workers start with it.
    done: dict[int, list[Unit]] = {0: run.units(chunks[0])} if chunks else {}
    counter = context.Value("i", len(done))

    def claim() -> int:
        with counter.get_lock():
            k: int = counter.value
            counter.value = k + 1
        return k

    # A Queue, not a bare pipe: its feeder thread sends while the worker goes on.
    out: Any = context.Queue()
    _RUN = run
    procs = [
        context.Process(target=_serve, args=(chunks, claim, out), daemon=True)
        for _ in range(jobs - 1)
    ]
    running, first = len(procs), 0
    try:
        for proc in procs:
            proc.start()

        def receive(wait: bool) -> bool:
            """Take one message from the workers (False: none came)."""
            nonlocal running
            try:
                got = out.get(timeout=1) if wait else out.get_nowait()
            except queue.Empty:
                if not wait or sum(p.is_alive() for p in procs) >= running:
                    return False
                try:  # all a worker sends is in the pipe before it ends: one last look
                    got = out.get(timeout=1)
                except queue.Empty:
                    # a worker ended without its last word (killed): its chunk is lost
                    raise RuntimeError("a worker process ended before its work") from None
            if got is None:
                running -= 1
            elif got[0] < 0:
                raise RuntimeError(f"a worker process failed:\n{got[1]}")
            else:
                done[got[0]] = codec.to_units(got[1], run.memo)
            return True

        while (k := claim()) < len(chunks):
            done[k] = run.units(chunks[k])
            while receive(wait=False):
                pass
            while first in done:
                yield from done.pop(first)
                first += 1
        while first < len(chunks):
            if first in done:
                yield from done.pop(first)
                first += 1
            elif running:
                receive(wait=True)
            else:  # every worker has said its last word, and this chunk is not among them
                raise RuntimeError("a worker process ended before its work")
        while running:
            receive(wait=True)
    finally:
        _RUN = None
        for proc in procs:
            if proc.is_alive() and first < len(chunks):
                proc.terminate()
            proc.join()
        out.close()
