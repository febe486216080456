"""``path:line:col: severity[code]: message``, coloured on a terminal, plain elsewhere."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..diagnostics import Diagnostic
from ..engine import Finding
from ..escape import cell, terminal
from ..results import CheckReport, DiffReport, ExplainReport, ListReport, ValidationReport
from . import explain as explain_words
from .base import Reporter
from .common import check_summary, console, format_line, on_tty, plural, summary_line
from .diff import summary_sentences

_STYLE = {"error": "bold red", "warning": "yellow"}
_NBSP = "\u00a0"
#: The event grade in a line: "corroborated", not "confirmed" (see wording.EVENT_TEXT).
EVENT_WORD = {"confirmed": "corroborated", "reported": "reported", "disputed": "disputed"}


class TextReporter(Reporter):
    """The human format; data strings are escaped before they reach the terminal."""

    def validation(self, report: ValidationReport) -> None:
        """One line per problem, then a summary on stderr."""
        out = console(self.stream, self.color)
        for d in report.diagnostics:
            out.print(_diagnostic_text(d))
        console(self.err, self.color).print(Text(summary_line(report), style="bold"))

    def check(self, report: CheckReport) -> None:
        """The problems, then one line per finding, grouped by agreement and term (the wide
        table is ``--format table``); with ``quiet``, the problems and the summary only."""
        out = console(self.stream, self.color)
        for d in report.validation.diagnostics:
            out.print(_diagnostic_text(d))
        if not self.quiet:
            # On a terminal a line is cut to its width; in a pipe or a file it stays whole.
            for line in finding_lines(report, out.width if on_tty(out) else None):
                out.print(line)
            _reviewed(out, report)
        console(self.err, self.color).print(Text(check_summary(report), style="bold"))

    def explain(self, report: ExplainReport) -> None:
        """The decisive facts per term and party; with ``verbose``, the whole tree of
        versions, reading combinations and conditions."""
        write = explain_words.write_text if self.verbose else explain_words.write_brief
        write(self.stream, report, self.color)

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


def _reviewed(out: Console, report: CheckReport) -> None:
    if report.reviewed:
        out.print(Text("Reviewed warnings (checked by a reviewer, not raised):", style="bold"))
        for d, note in report.reviewed:
            line = _diagnostic_text(d)
            line.append(f" (reviewed: {terminal(note) or 'no note'})", style="dim")
            out.print(line)


def finding_lines(report: CheckReport, width: int | None) -> list[Text]:
    """Per agreement and term a heading, then one line per finding that never wraps.

    A line: the incident id (whole), the party accused, status and support, ``contested``
    when a source disputes it, the event grade when it is not merely ``reported``, then who
    claims it; cut at a word, with an ellipsis, where it would pass ``width`` (None: never).
    Ids are padded to a common column as far as that leaves room for the rest.
    """
    out: list[Text] = []
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in (*report.findings, *report.unattributed):
        groups.setdefault((f.agreement, f.term), []).append(f)
    for n, ((agreement_id, term), rows) in enumerate(sorted(groups.items())):
        title = terminal(report.agreements[agreement_id].title)
        if n:
            out.append(Text(""))
        heading = f"{agreement_id} / {term}: alleged violations of {title}"
        out.append(Text(fit(heading, width) if width else heading, style="bold"))
        # room after the id column: party, status, support, "contested" and an ellipsis
        column = max(len(f.incident) for f in rows)
        if width is not None:
            column = min(column, max(width - 42, 0))
        party = max(len(f.party or "unattributed") for f in rows)
        for f in rows:
            line = Text(terminal(f.incident).ljust(column) + "  ")
            line.append((f.party or "unattributed").ljust(party) + " ")
            line.append(f.status.ljust(10), style=_STATUS_STYLE[f.status])
            line.append(" " + (f.support or "-"), style=_SUPPORT_STYLE.get(f.support or "", ""))
            if f.contested:
                line.append(" contested")
            # no-break spaces: a cut never leaves "event" without its grade, or "by" alone
            if f.event != "reported":
                line.append(f" event{_NBSP}{EVENT_WORD[f.event]}")
            # who makes it a violation: a claim whose own version is outside the term (the
            # accused side's "yes, but a military target") is a scope dispute, not an accuser
            backing = sorted({c.source for c in f.claims if c.status}) or list(f.claimed_by)
            claimed = ", ".join(backing) or f"no{_NBSP}source blames anyone"
            line.append(f"  by{_NBSP}{terminal(claimed)}", style="dim")
            if width:
                line = _fit_text(line, width)
            line.plain = line.plain.replace(_NBSP, " ")  # same length: the styles stay
            out.append(line)
    return out


def fit(text: str, width: int) -> str:
    """``text`` cut at a word boundary, with an ellipsis, to at most ``width`` columns; a
    first word longer than that is kept whole (an id is never cut)."""
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width)
    while cut > 0 and text[cut - 1] in " ,":
        cut -= 1
    return (text[:cut] if cut > 0 else text.split(" ", 1)[0]) + "…"


def _fit_text(line: Text, width: int) -> Text:
    """:func:`fit` for styled text: the styles of what is kept stay."""
    plain = line.plain.rstrip()
    kept = fit(plain, width)
    if kept == plain:
        if len(line.plain) > len(plain):  # rich's right_crop(0) would empty the text
            line.right_crop(len(line.plain) - len(plain))
        return line
    body = kept.removesuffix("…")
    line.truncate(len(body))
    line.append("…")
    return line


def _diagnostic_text(d: Diagnostic) -> Text:
    line = Text()
    line.append(f"{terminal(d.file)}:{d.line}:{d.column}:", style="bold")
    line.append(" ")
    line.append(d.severity, style=_STYLE[d.severity])
    line.append(f"[{d.code}]", style="dim")
    line.append(": " + terminal(d.message))
    return line


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
