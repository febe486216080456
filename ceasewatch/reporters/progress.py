"""A progress bar on stderr for long runs: only on a terminal, never in a pipe or a CI log,
and only once a run has gone on long enough to need one."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from .common import is_tty

#: A run shows a bar once it has gone on this long and looks set to pass :data:`LONG`.
DELAY = 0.5
LONG = 2.0
_WORDS = {"files": "Checking files", "across": "Checking across files"}
#: Stages without steps to count: their bar pulses, with no percentage (never a stuck 0%).
_STEPLESS = frozenset({"across"})


def wanted(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal a person watches (not a pipe, a file or CI)."""
    if not is_tty(stream):
        return False
    return not (os.environ.get("CI") or os.environ.get("TERM") == "dumb")


@contextlib.contextmanager
def bar(stream: TextIO) -> Iterator[Callable[[str, int, int], None] | None]:
    """The ``progress`` callback to give ``api.check`` or ``api.validate`` (None when no bar
    is wanted); the bar is drawn on ``stream`` and erased when the run is over."""
    if not wanted(stream):
        yield None
        return
    start = time.monotonic()
    shown: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if "bar" not in shown:
            elapsed = time.monotonic() - start
            # the files' stage is nearly all of a run (what is left is across files)
            if elapsed < DELAY or (stage == "files" and elapsed / max(done, 1) * total < LONG):
                return
            from rich.console import Console
            from rich.progress import Progress

            shown["bar"] = Progress(console=Console(file=stream), transient=True)
            shown["bar"].start()
        if shown.get("stage") != stage:
            # A task per stage: rich cannot set a task's total back to "unknown".
            if "task" in shown:
                shown["bar"].remove_task(shown["task"])
            stepless = stage in _STEPLESS
            shown["task"] = shown["bar"].add_task(
                _WORDS.get(stage, stage), total=None if stepless else total
            )
            shown["stage"] = stage
            if stepless:
                shown["bar"].refresh()  # drawn now: such a stage sends nothing until it ends
                return
        shown["bar"].update(shown["task"], completed=done, total=total)

    try:
        yield update
    finally:
        if "bar" in shown:
            shown["bar"].stop()
