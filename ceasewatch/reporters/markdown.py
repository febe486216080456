"""Markdown for GitHub: the summary ``check`` and ``diff`` leave on a run's page, and the
report for readers. Every data string goes through :mod:`ceasewatch.markdown`."""

from __future__ import annotations

from collections.abc import Callable

from .. import markdown as md
from ..diagnostics import Diagnostic
from ..diffing import Diff
from ..engine import Finding
from ..report import render
from ..results import CheckReport, DatasetReport, DiffReport
from ..wording import EVENT_TEXT, STATUS_TEXT, contested_text, support_text
from .base import Reporter
from .common import check_summary, plural
from .diff import FIELDS, field_changes, label, summary_sentences, value_text, where_text

#: The columns of a finding's row: what each says, and how it is read from the finding.
_COLUMNS: dict[str, Callable[[Finding], str]] = {
    "agreement": lambda f: f.agreement,
    "term": lambda f: f.term,
    "incident": lambda f: f.incident,
    "alleged against": lambda f: f.accused,
    "status": lambda f: STATUS_TEXT[f.status],
    "support": support_text,
    "event": lambda f: EVENT_TEXT[f.event],
    "contested": contested_text,
    "claimed by": lambda f: ", ".join(f.claimed_by),
}
_CHECK = (
    "agreement",
    "term",
    "incident",
    "alleged against",
    "status",
    "support",
    "event",
    "contested",
    "claimed by",
)
_DIFF = (
    "incident",
    "term",
    "alleged against",
    "status",
    "support",
    "event",
    "contested",
    "claimed by",
)


def findings_table(title: str, findings: list[Finding], columns: tuple[str, ...]) -> list[str]:
    """A Markdown section listing ``findings`` (nothing when there are none)."""
    if not findings:
        return []
    lines = [
        f"### {title}",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for f in findings:
        lines.append("| " + " | ".join(md.cell(_COLUMNS[c](f)) for c in columns) + " |")
    lines.append("")
    return lines


def changes_table(diff: Diff, prefix: str) -> list[str]:
    """Each changed finding under its own heading: where the change was made, then a table
    of its fields before and after (nothing when no finding changed)."""
    if not diff.findings_changed:
        return []
    lines = ["### Changed findings", ""]
    for b, a in diff.findings_changed:
        lines += [
            f"#### {md.text('Alleged ' + label(diff, a))}",
            "",
            f"Changed at {md.text(where_text(diff, a, prefix))}.",
            "",
            "| changed | before | after |",
            "|---|---|---|",
        ]
        for c in field_changes(b, a):
            key = c["field"]
            before, after = (md.cell(value_text(diff, key, c[k])) for k in ("before", "after"))
            lines.append(f"| {md.cell(FIELDS[key])} | {before} | {after} |")
        lines.append("")
    return lines


def problems_table(title: str, problems: list[Diagnostic], prefix: str) -> list[str]:
    """A Markdown section listing ``problems`` (nothing when there are none)."""
    if not problems:
        return []
    lines = [
        f"### {title}",
        "",
        "| file | line | severity | code | message |",
        "|---|---|---|---|---|",
    ]
    for d in problems:
        cells = (
            md.cell(prefix + d.file),
            str(d.line),
            d.severity,
            md.cell(d.code),
            md.cell(d.message),
        )
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


class MarkdownReporter(Reporter):
    """GitHub-flavoured Markdown."""

    def check(self, report: CheckReport) -> None:
        """Problems, then the alleged violations."""
        lines = [
            "## ceasewatch check",
            "",
            md.text(check_summary(report)),
            "",
            "Findings are allegations made by sources, not verdicts.",
            "",
        ]
        lines += problems_table("Problems in the data", report.validation.diagnostics, self.prefix)
        lines += findings_table("Alleged violations", report.findings, _CHECK)
        self.stream.write("\n".join(lines) + "\n")

    def diff(self, report: DiffReport) -> None:
        """What the change does, in words, then its problems and findings."""
        diff, prefix = report.diff, report.prefix
        lines = ["## ceasewatch: what this change does", ""]
        lines += [f"- {md.text(s)}" for s in summary_sentences(diff)]
        lines.append("")
        lines.append("Findings are allegations made by sources, not verdicts.")
        lines.append("")
        lines += problems_table("Problems introduced", diff.introduced, prefix)
        if diff.preexisting:
            lines += [
                f"{plural(diff.preexisting, 'pre-existing problem')} (not introduced here).",
                "",
            ]
        if diff.incidents_added:
            lines += ["### Incidents added", "", "| file | title |", "|---|---|"]
            lines += [
                f"| {md.cell(prefix + f)} | {md.cell(diff.head_incidents.get(f, ''))} |"
                for f in diff.incidents_added
            ]
            lines.append("")
        lines += findings_table("New alleged violations", diff.findings_added, _DIFF)
        lines += changes_table(diff, prefix)
        lines += findings_table("Findings no longer alleged", diff.findings_removed, _DIFF)
        if diff.reviewed:
            lines += [
                "### Warnings marked as reviewed",
                "",
                "| incident | code | of | note |",
                "|---|---|---|---|",
            ]
            lines += [
                "| "
                + " | ".join(md.cell(str(r[k] or "")) for k in ("incident", "code", "of", "note"))
                + " |"
                for r in diff.reviewed
            ]
            lines.append("")
        self.stream.write("\n".join(lines) + "\n")

    def report(self, report: DatasetReport) -> None:
        """The report for readers on GitHub."""
        assert report.stamp is not None
        self.stream.write(
            render(
                report.data,
                report.result,
                report.stamp,
                agreements=report.agreements,
                events=report.events,
                since=report.since,
                until=report.until,
                maps=report.maps,
            )
        )
