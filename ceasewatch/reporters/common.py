"""What several formats share: a console that never interprets the data, and the one-line
forms of a problem and of a run's counts."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, TextIO

from ..escape import terminal

if TYPE_CHECKING:
    from rich.console import Console

    from ..diagnostics import Diagnostic
    from ..results import CheckReport, ValidationReport


def console(stream: object, color: bool | None) -> Console:
    """A console that never interprets markup, emoji or highlighting in what it prints."""
    from rich.console import Console

    return Console(
        file=stream,  # type: ignore[arg-type]
        markup=False,
        emoji=False,
        highlight=False,
        # One item, one line, never wrapped in a pipe or a file; on a terminal, wrapped at
        # words by rich, since the terminal itself would break a word at its edge.
        soft_wrap=not is_tty(stream),
        force_terminal=color,
        no_color=None if color is None else not color,
    )


def is_tty(stream: object) -> bool:
    """Whether ``stream`` is a real terminal (``FORCE_COLOR`` makes rich say so for a pipe;
    cutting or wrapping lines is for a terminal's width only)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def on_tty(out: Console) -> bool:
    """Whether ``out`` writes to a real terminal (see :func:`is_tty`)."""
    return is_tty(out.file)


def plain(stream: object, color: bool | None) -> bool:
    """Whether :func:`console` would print to ``stream`` without any style or wrapping: not
    a terminal, and colour neither asked for nor forced by the environment (as rich reads
    it: ``TTY_COMPATIBLE``, then ``FORCE_COLOR``)."""
    if color is not None:
        return not color and not is_tty(stream)
    if is_tty(stream):
        return False
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "0"
    return not os.environ.get("FORCE_COLOR")


# What rich changes in a printed line even when plain: tabs are expanded, these control
# characters dropped, trailing blanks cut (by some versions). Escaped data has none of them.
_REWRITTEN = re.compile(r"[\t\x07\x08\x0b\x0c\r]|[^\S\n](?=\n)")


def write_plain(stream: TextIO, lines: list[str]) -> bool:
    """Write ``lines`` to ``stream`` at one go, as :func:`console` would print them one by
    one where :func:`plain` holds (a console prints each line through its renderer, which
    costs far more than the line). False, and nothing written, when a line holds what rich
    would change (see ``_REWRITTEN``): those are left to rich."""
    if not lines:
        return True
    text = "\n".join(lines) + "\n"
    if _REWRITTEN.search(text):
        return False
    stream.write(text)
    stream.flush()  # as rich does: a summary then written to stderr comes after
    return True


def format_line(d: Diagnostic, path: str | None = None) -> str:
    """``path:line:col: severity[code]: message`` as plain, escaped text."""
    file = terminal(path if path is not None else d.file)
    return f"{file}:{d.line}:{d.column}: {d.severity}[{d.code}]: {terminal(d.message)}"


def check_summary(report: CheckReport) -> str:
    """One line: how many alleged violations, of which status, and the data's state."""
    v = report.validation
    if v.errors:
        return summary_line(v) + "; no findings evaluated: fix the errors first"
    counts = report.summary()
    by_status = counts["by_status"]
    assert isinstance(by_status, dict)
    parts = ", ".join(f"{n} {s}" for s, n in by_status.items())
    adversary = counts["by_support"]["adversary"]  # type: ignore[index]
    return (
        f"{plural(len(report.findings), 'alleged violation')} ({parts}; {adversary} on the "
        f"adversary's word only; {counts['contested']} contested), "
        f"{len(report.unattributed)} unattributed; {summary_line(v)}"
    )


def summary_line(report: ValidationReport) -> str:
    """``2 errors, 1 warning in 5 files (2 agreements, 3 incidents)``; tallies when any."""
    tallies = f", {plural(report.tallies, 'tally')}" if report.tallies else ""
    counts = (
        f"{plural(report.files, 'file')} ({plural(report.agreements, 'agreement')}, "
        f"{plural(report.incidents, 'incident')}{tallies})"
    )
    if not report.diagnostics:
        return f"no problems in {counts}"
    return f"{plural(report.errors, 'error')}, {plural(report.warnings, 'warning')} in {counts}"


def plural(count: int, word: str) -> str:
    """``1 error``, ``2 errors``, ``2 tallies``."""
    if count == 1:
        return f"{count} {word}"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return f"{count} {word[:-1]}ies"
    return f"{count} {word}s"
