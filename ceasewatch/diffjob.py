"""The ``diff`` job (:func:`ceasewatch.api.diff`): the dataset at two revisions, compared."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from . import diffing, engine
from .api import load  # the one way a job reads a dataset
from .loading import SetupError
from .results import DiffReport


def diff_report(
    root: Path, base: str, *, head: str | None = None, today: date | None = None
) -> DiffReport:
    """See :func:`ceasewatch.api.diff`."""
    top = diffing.repo_top(root)
    subdir = root.resolve().relative_to(top.resolve()).as_posix()
    subdir = "" if subdir == "." else subdir
    base_sha = diffing.resolve_rev(top, base)
    head_sha = diffing.resolve_rev(top, head) if head else None

    def side(folder: Path) -> diffing.Side:
        # Findings are compared even when a side has errors: a change to a dataset that
        # already had problems must still show what it does to the findings.
        try:
            data = load(folder, today=today)
        except SetupError:
            return diffing.Side(None, engine.Result())
        return diffing.Side(data, engine.run(data))

    with diffing.checkout(top, base_sha, subdir) as base_root:
        base_side = side(base_root)
    if head_sha is None:
        head_side = side(root)
    else:
        with diffing.checkout(top, head_sha, subdir) as head_root:
            head_side = side(head_root)
    change = diffing.compare(base_side, head_side, base_sha, head_sha or "worktree")
    return DiffReport(change, f"{subdir}/" if subdir else "")
