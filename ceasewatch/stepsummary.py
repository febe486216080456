"""Appending to GitHub's step summary, which refuses anything over 1 MiB per step."""

from __future__ import annotations

import os
from pathlib import Path

LIMIT = 1024 * 1024
#: Room left for what other steps' tools may append, and for the truncation notice.
MARGIN = 64 * 1024


def target() -> str | None:
    """The step summary file of this run, if it has one."""
    return os.environ.get("GITHUB_STEP_SUMMARY") or None


def append(markdown: str, path: str | None = None) -> bool:
    """Append ``markdown`` to ``$GITHUB_STEP_SUMMARY`` if set, cut at a line to stay under the
    limit with a notice. Returns whether anything was written."""
    where = path or target()
    if not where:
        return False
    file = Path(where)
    used = file.stat().st_size if file.exists() else 0
    budget = LIMIT - MARGIN - used
    data = markdown.encode("utf-8")
    if len(data) > budget:
        # Whole lines only (a half line could end inside an escape), none if none fits.
        head = data[: max(budget, 0)]
        cut = head[: head.rfind(b"\n") + 1].decode("utf-8")
        omitted = len(markdown[len(cut) :].splitlines())
        markdown = (
            f"{cut.removesuffix(chr(10))}\n\n> The summary was cut to stay under GitHub's "
            f"1 MiB limit: {omitted} more lines omitted; the full output is in the job log.\n"
        )
        if used + len(markdown.encode("utf-8")) > LIMIT:
            return False  # already full: not even the notice fits
    with file.open("a", encoding="utf-8") as fh:
        fh.write(markdown)
    return True
