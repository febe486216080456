"""``path:line:col: severity[code]: message``, coloured on a terminal, plain elsewhere."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ..diagnostics import Diagnostic
from ..escape import terminal
from .base import Reporter, ValidationReport

_STYLE = {"error": "bold red", "warning": "yellow"}


def console(stream: object, color: bool | None) -> Console:
    """A console that never interprets markup, emoji or highlighting in what it prints."""
    return Console(
        file=stream,  # type: ignore[arg-type]
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=True,  # one diagnostic, one line: never wrapped
        force_terminal=color,
        no_color=None if color is None else not color,
    )


def format_line(d: Diagnostic, path: str | None = None) -> str:
    """``path:line:col: severity[code]: message`` as plain, escaped text."""
    file = terminal(path if path is not None else d.file)
    return f"{file}:{d.line}:{d.column}: {d.severity}[{d.code}]: {terminal(d.message)}"


class TextReporter(Reporter):
    """The human format; data strings are escaped before they reach the terminal."""

    def validation(self, report: ValidationReport) -> None:
        """One line per problem, then a summary on stderr."""
        out = console(self.stream, self.color)
        for d in report.diagnostics:
            line = Text()
            line.append(f"{terminal(d.file)}:{d.line}:{d.column}:", style="bold")
            line.append(" ")
            line.append(d.severity, style=_STYLE[d.severity])
            line.append(f"[{d.code}]", style="dim")
            line.append(": " + terminal(d.message))
            out.print(line)
        err = console(self.err, self.color)
        err.print(Text(summary_line(report), style="bold"))


def summary_line(report: ValidationReport) -> str:
    """``2 errors, 1 warning in 5 files (2 agreements, 3 incidents)``."""
    counts = (
        f"{_n(report.files, 'file')} ({_n(report.agreements, 'agreement')}, "
        f"{_n(report.incidents, 'incident')})"
    )
    if not report.diagnostics:
        return f"no problems in {counts}"
    return f"{_n(report.errors, 'error')}, {_n(report.warnings, 'warning')} in {counts}"


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
