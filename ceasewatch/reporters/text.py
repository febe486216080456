"""``path:line:col: severity[code]: message``, coloured on a terminal, plain elsewhere."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..diagnostics import Diagnostic
from ..engine import Finding
from ..escape import cell, terminal
from ..models import Incident
from ..wording import STATUS_TEXT, SUPPORT_TEXT, contested_text
from .base import CheckReport, Reporter, ValidationReport

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
            out.print(_diagnostic_text(d))
        err = console(self.err, self.color)
        err.print(Text(summary_line(report), style="bold"))

    def check(self, report: CheckReport) -> None:
        """The problems, then one table of alleged violations per agreement."""
        out = console(self.stream, self.color)
        for d in report.validation.diagnostics:
            out.print(_diagnostic_text(d))
        for agreement_id in sorted(report.agreements):
            rows = [f for f in report.findings if f.agreement == agreement_id]
            unattributed = [u for u in report.unattributed if u.agreement == agreement_id]
            if not rows and not unattributed:
                continue
            title = report.agreements[agreement_id].title
            if rows:
                out.print(_findings_table(agreement_id, title, rows, report.incidents))
            if unattributed:
                table = _table(f"{agreement_id}: incidents within a term that no source attributes")
                for col in ("Incident", "Date", "Place", "Term", "Status"):
                    table.add_column(col)
                for u in unattributed:
                    inc = report.incidents[u.incident]
                    table.add_row(
                        *(
                            _t(x)
                            for x in (
                                u.incident,
                                _date(inc),
                                _place(inc),
                                u.term,
                                STATUS_TEXT[u.status],
                            )
                        )
                    )
                out.print(table)
        if report.reviewed:
            out.print(Text("Reviewed warnings (checked by a reviewer, not raised):", style="bold"))
            for d, note in report.reviewed:
                line = _diagnostic_text(d)
                line.append(f" (reviewed: {terminal(note) or 'no note'})", style="dim")
                out.print(line)
        err = console(self.err, self.color)
        err.print(Text(check_summary(report), style="bold"))


def _diagnostic_text(d: Diagnostic) -> Text:
    line = Text()
    line.append(f"{terminal(d.file)}:{d.line}:{d.column}:", style="bold")
    line.append(" ")
    line.append(d.severity, style=_STYLE[d.severity])
    line.append(f"[{d.code}]", style="dim")
    line.append(": " + terminal(d.message))
    return line


def _t(text: str, style: str = "") -> Text:
    return Text(cell(text), style=style)  # tables fold words: escape every `::`


def _table(title: str) -> Table:
    return Table(title=_t(title), title_justify="left", box=box.SIMPLE_HEAD, show_lines=False)


_STATUS_STYLE = {"apparent": "bold red", "contingent": "yellow", "possible": "cyan"}
# An accusation made only by the other side must not look like one the accused's own side
# acknowledges: the support column carries that difference, in words and in weight.
_SUPPORT_STYLE = {
    "acknowledged": "bold",
    "independent": "",
    "third-party": "",
    "adversary": "dim italic",
}


def _findings_table(
    agreement_id: str, title: str, rows: list[Finding], incidents: dict[str, Incident]
) -> Table:
    table = _table(f"{agreement_id}: {title}: alleged violations (claims by sources, not verdicts)")
    for col in (
        "Incident",
        "Date",
        "Place",
        "Term",
        "Alleged against",
        "Status",
        "Support",
        "Contested",
        "Claimed by",
    ):
        table.add_column(col, overflow="fold")
    for f in rows:
        inc = incidents[f.incident]
        claimed = ", ".join(f.claimed_by) + (f" (via {', '.join(f.via)})" if f.via else "")
        table.add_row(
            _t(f.incident),
            _t(_date(inc)),
            _t(_place(inc)),
            _t(f.term),
            _t(f.party),
            _t(STATUS_TEXT[f.status], _STATUS_STYLE[f.status]),
            _t(SUPPORT_TEXT[f.support], _SUPPORT_STYLE[f.support]),
            _t(contested_text(f)),
            _t(claimed),
        )
    return table


def _date(inc: Incident) -> str:
    when = inc.occurred
    text = when if isinstance(when, str) else f"{when.from_} to {when.until}"
    return text.replace("T", " ")


def _place(inc: Incident) -> str:
    loc = inc.location
    parts = [p for p in (loc.place, loc.region, loc.country) if p]
    return ", ".join(parts) or "at sea / unknown"


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
    """``2 errors, 1 warning in 5 files (2 agreements, 3 incidents)``."""
    counts = (
        f"{plural(report.files, 'file')} ({plural(report.agreements, 'agreement')}, "
        f"{plural(report.incidents, 'incident')})"
    )
    if not report.diagnostics:
        return f"no problems in {counts}"
    return f"{plural(report.errors, 'error')}, {plural(report.warnings, 'warning')} in {counts}"


def plural(count: int, word: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{count} {word}{'' if count == 1 else 's'}"
