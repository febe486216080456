"""GitHub Actions workflow commands: one annotation per problem, on the right line of the diff.

Annotations are written raw (rich would wrap them) through the escaping helpers below;
everything else printed in the same run is fenced with ``::stop-commands::`` and an
unguessable token, so no string from the data can act as a command.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter

from ..diagnostics import CODES, Diagnostic
from ..engine import STATUS_ORDER, Finding
from ..escape import terminal
from ..results import CheckReport, DiffReport, ValidationReport
from ..wording import finding_sentence
from .base import Reporter
from .common import check_summary, format_line, summary_line
from .diff import added_sentence, changed_sentence, removed_sentence, summary_sentences

_NOT_A_BREAK = re.compile(r"[^\r\n]+")

#: GitHub shows about this many annotations of each kind per step; the rest vanish.
PER_KIND = 10
_KIND = {"error": "error", "warning": "warning", "note": "notice"}
FINDING_TITLES = {
    f"{code}-{status}": f"{title} ({status})"
    for status in STATUS_ORDER
    for code, title in (
        ("alleged-violation", "Alleged violation"),
        ("new-alleged-violation", "New alleged violation"),
        ("changed-alleged-violation", "Changed alleged violation"),
        ("no-longer-alleged", "No longer alleged"),
    )
}


def escape_data(text: str) -> str:
    """The message part of a workflow command (``%`` first, as the runner unescapes it last).

    Line breaks are percent-encoded, which the runner turns back into line breaks inside the
    annotation; every other control or hidden character (an ESC that would colour the log,
    a bidi override) is made visible as in the terminal.
    """
    text = _NOT_A_BREAK.sub(lambda part: terminal(part[0], log=False), text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (``file=``, ``title=``): also ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    kind: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    title: str | None = None,
) -> str:
    """One ``::kind file=…,line=…,col=…,title=…::message`` line."""
    props = []
    if file:
        props.append(f"file={escape_property(file)}")
    if line:
        props.append(f"line={line}")
    if column:
        props.append(f"col={column}")
    if title:
        props.append(f"title={escape_property(title)}")
    head = f"::{kind} {','.join(props)}" if props else f"::{kind}"
    return f"{head}::{escape_data(message)}\n"


class Fence:
    """Writes human-readable text between ``::stop-commands::TOKEN`` and ``::TOKEN::``."""

    def __init__(self) -> None:
        # 128 random bits: the data cannot guess it to resume command processing.
        self.token = secrets.token_hex(16)

    def open(self) -> str:
        """The line that stops command processing."""
        return f"::stop-commands::{self.token}\n"

    def close(self) -> str:
        """The line that resumes it."""
        return f"::{self.token}::\n"


class GithubReporter(Reporter):
    """Annotations for the first problems of each kind, then the full log, fenced."""

    def annotate(self, diagnostics: list[Diagnostic]) -> None:
        """Write annotations, at most :data:`PER_KIND` of each kind.

        GitHub drops what is over the cap silently, so when a kind overflows, its last slot
        goes to a line of the same kind counting the rest.
        """
        totals = Counter(_KIND.get(d.severity, "notice") for d in diagnostics)
        room = {k: (n if n <= PER_KIND else PER_KIND - 1) for k, n in totals.items()}
        shown: Counter[str] = Counter()
        for d in diagnostics:
            kind = _KIND.get(d.severity, "notice")
            if shown[kind] >= room[kind]:
                continue
            shown[kind] += 1
            code = CODES.get(d.code)
            title = f"{d.code}: {code.title}" if code else FINDING_TITLES.get(d.code, d.code)
            self.stream.write(
                annotation(
                    kind,
                    d.message,
                    # a finding whose incident is gone is a notice on the run, not on a file
                    file=self.path(d.file) if d.file else None,
                    line=d.line,
                    column=d.column,
                    title=title,
                )
            )
        for kind in ("error", "warning", "notice"):
            hidden = totals[kind] - shown[kind]
            if hidden:
                word = {"error": "error", "warning": "warning", "notice": "notice"}[kind]
                self.stream.write(
                    annotation(
                        kind,
                        f"{hidden} more {word}{'s' if hidden > 1 else ''} not annotated: GitHub "
                        f"shows about {PER_KIND} of each kind per step; all are in the log and "
                        "the run summary",
                    )
                )

    def validation(self, report: ValidationReport) -> None:
        """Annotations first, then the same problems as text inside a command fence."""
        ordered = sorted(report.diagnostics, key=lambda d: (d.severity != "error", d))
        self.annotate(ordered)
        fence = Fence()
        self.stream.write(fence.open())
        for d in report.diagnostics:
            self.stream.write(format_line(d, self.path(d.file)) + "\n")
        self.stream.write(summary_line(report) + "\n")
        self.stream.write(fence.close())
        self.stream.flush()

    def check(self, report: CheckReport) -> None:
        """Problems as errors and warnings, findings as notices (an allegation is
        information, a broken file is an error), then the log, fenced."""
        ordered = sorted(report.validation.diagnostics, key=lambda d: (d.severity != "error", d))
        notices = [
            Diagnostic(
                f.file, f.line, 1, f"alleged-violation-{f.status}", "note", finding_sentence(f)
            )
            for f in report.findings
        ]
        self.annotate([*ordered, *notices])
        fence = Fence()
        self.stream.write(fence.open())
        for d in report.validation.diagnostics:
            self.stream.write(format_line(d, self.path(d.file)) + "\n")
        for f in report.findings:
            # escaped like the problems above: a folder name may hold a line break
            path = terminal(self.path(f.file))
            self.stream.write(f"{path}:{f.line}: {terminal(finding_sentence(f))}\n")
        self.stream.write(check_summary(report) + "\n")
        self.stream.write(fence.close())
        self.stream.flush()

    def diff(self, report: DiffReport) -> None:
        """Introduced problems as errors and warnings; findings added, changed and no longer
        alleged as notices on the line of the claim (or incident) that made them differ;
        then the problems and what changes, fenced."""
        diff = report.diff

        def notice(code: str, f: Finding, message: str) -> Diagnostic:
            cause = diff.causes.get(f.key)
            if cause is None:  # located at the finding itself, as in `check`
                return Diagnostic(f.file, f.line, 1, f"{code}-{f.status}", "note", message)
            return Diagnostic(
                cause.file or "",
                cause.line or 0,
                cause.column or 0,
                f"{code}-{f.status}",
                "note",
                message,
            )

        notices = [
            *(
                notice("new-alleged-violation", f, added_sentence(diff, f))
                for f in diff.findings_added
            ),
            *(
                notice("changed-alleged-violation", a, changed_sentence(diff, b, a))
                for b, a in diff.findings_changed
            ),
            *(
                notice("no-longer-alleged", f, removed_sentence(diff, f))
                for f in diff.findings_removed
            ),
        ]
        ordered = sorted(diff.introduced, key=lambda d: (d.severity != "error", d))
        self.annotate([*ordered, *notices])
        fence = Fence()
        self.stream.write(fence.open())
        for d in diff.introduced:
            self.stream.write(format_line(d, self.path(d.file)) + "\n")
        for sentence in summary_sentences(diff):
            self.stream.write("- " + terminal(sentence) + "\n")
        self.stream.write(fence.close())
