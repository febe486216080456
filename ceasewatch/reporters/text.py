"""``path:line:col: severity[code]: message``, coloured on a terminal, plain elsewhere."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from ..diagnostics import Diagnostic
from ..engine import Finding
from ..escape import cell, terminal
from ..models import Incident
from ..results import CheckReport, DiffReport, ExplainReport, ListReport, ValidationReport
from ..wording import EVENT_TEXT, STATUS_TEXT, contested_text, support_text
from . import explain as explain_words
from .base import Reporter
from .common import check_summary, console, format_line, plural, summary_line
from .diff import summary_sentences

_STYLE = {"error": "bold red", "warning": "yellow"}


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

    def explain(self, report: ExplainReport) -> None:
        """The tree of terms, parties, versions and conditions."""
        explain_words.write_text(self.stream, report, self.color)

    def diff(self, report: DiffReport) -> None:
        """Problems introduced, then what changes, in words."""
        diff, prefix = report.diff, report.prefix
        out = console(self.stream, self.color)
        for d in diff.introduced:
            out.print(Text(format_line(d, prefix + d.file)))
        if diff.preexisting:
            hidden = plural(diff.preexisting, "pre-existing problem")
            out.print(Text(f"({hidden} not shown)", style="dim"))
        out.print(Text(f"base {diff.base[:12]}, head {terminal(diff.head[:12])}:", style="bold"))
        for sentence in summary_sentences(diff):
            out.print(Text("- " + terminal(sentence)))
        for file in diff.incidents_added:
            title = diff.head_incidents.get(file, "")
            out.print(Text(f"  added: {terminal(prefix + file)}: {terminal(title)}"))

    def listing(self, report: ListReport) -> None:
        """A table with every cell escaped."""
        table = Table(title=report.kind, title_justify="left", box=box.SIMPLE_HEAD)
        columns = list(report.rows[0]) if report.rows else ["id"]
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in report.rows:
            cells = ("" if row[c] is None else str(row[c]) for c in columns)
            table.add_row(*(Text(cell(value)) for value in cells))
        console(self.stream, self.color).print(table)


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
    "unverified": "dim italic",
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
        "Event",
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
            _t(f.accused),
            _t(STATUS_TEXT[f.status], _STATUS_STYLE[f.status]),
            _t(support_text(f), _SUPPORT_STYLE.get(f.support or "", "")),
            _t(EVENT_TEXT[f.event]),
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
