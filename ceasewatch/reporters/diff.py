"""Outputs of ``diff``: text, JSON, GitHub annotations, SARIF and a Markdown summary."""

from __future__ import annotations

import json
from typing import Any, TextIO

from rich.text import Text

from .. import markdown as md
from ..diffing import Diff
from ..engine import Finding
from ..escape import terminal
from ..wording import STATUS_TEXT, SUPPORT_TEXT, contested_text, finding_sentence
from .github import Fence, GithubReporter
from .sarif import document
from .summary import problems_table
from .text import console, format_line
from .text import plural as _n

VERSION = 1


_VERB = {"added": "adds", "removed": "removes", "changed": "changes"}
_SINGULAR = {
    "parties": "party",
    "sources": "source",
    "areas": "area",
    "categories": "category",
    "acts": "act",
    "means": "means",
}


def summary_sentences(diff: Diff) -> list[str]:
    """What the change does, in plain words (the data strings are the caller's to escape)."""
    out: list[str] = []
    for count, verb in (
        (len(diff.incidents_added), "adds"),
        (len(diff.incidents_removed), "removes"),
        (len(diff.incidents_changed), "changes"),
    ):
        if count:
            out.append(f"{verb} {_n(count, 'incident')}")
    for f in diff.findings_added:
        only = " only" if len(f.claimed_by) == 1 else ""
        out.append(
            f"1 new {f.status} violation of {f.term} alleged against {f.party}, claimed by "
            f"{', '.join(f.claimed_by)}{only} ({f.support})"
        )
    for f in diff.findings_removed:
        out.append(f"no longer alleges a violation of {f.term} by {f.party} ({f.incident})")
    for b, a in diff.findings_changed:
        what = [
            name
            for name, x, y in (
                ("status", b.status, a.status),
                ("support", b.support, a.support),
                ("contested", b.contested, a.contested),
                ("claimed by", b.claimed_by, a.claimed_by),
                ("denied by", b.denied_by, a.denied_by),
                ("via", b.via, a.via),
                ("readings", b.readings, a.readings),
            )
            if x != y
        ]
        out.append(
            f"changes the {', '.join(what)} of the finding on {a.incident} against "
            f"{a.party} ({a.term})"
        )
    for v in diff.vocabulary:
        detail = ""
        if v["section"] == "sources" and v["change"] == "changed":
            before, after = v["before"], v["after"]
            if before.get("affiliation") != after.get("affiliation"):
                detail = "the affiliation of "
        out.append(
            f"{_VERB[v['change']]} {detail}{_SINGULAR[v['section']]} {v['id']}, "
            f"which alters {_n(v['findings_altered'], 'finding')}"
        )
    for ag in diff.agreements:
        out.append(
            f"{_VERB[ag['change']]} agreement {ag['id']}, which alters "
            f"{_n(ag['findings_altered'], 'finding')}"
        )
    for r in diff.reviewed:
        of = f" of {r['of']}" if r["of"] else ""
        out.append(f"marks the warning {r['code']}{of} on {r['incident']} as reviewed")
    if diff.introduced:
        out.append(
            f"introduces {_n(diff.errors, 'error')} and "
            f"{_n(len(diff.introduced) - diff.errors, 'warning')}"
        )
    return out or ["changes nothing ceasewatch evaluates"]


def as_dict(diff: Diff) -> dict[str, Any]:
    """The versioned JSON document."""
    return {
        "version": VERSION,
        "base": diff.base,
        "head": diff.head,
        "errors": {
            "introduced": [d.as_dict() for d in diff.introduced],
            "preexisting_count": diff.preexisting,
        },
        "incidents": {
            "added": diff.incidents_added,
            "removed": diff.incidents_removed,
            "changed": diff.incidents_changed,
        },
        "vocabulary": diff.vocabulary,
        "agreements": diff.agreements,
        "findings": {
            "added": [f.as_dict() for f in diff.findings_added],
            "removed": [f.as_dict() for f in diff.findings_removed],
            "changed": [
                {"before": b.as_dict(), "after": a.as_dict()} for b, a in diff.findings_changed
            ],
        },
        "unattributed": {
            "added": [u.as_dict() for u in diff.unattributed_added],
            "removed": [u.as_dict() for u in diff.unattributed_removed],
            "changed": [
                {"before": b.as_dict(), "after": a.as_dict()} for b, a in diff.unattributed_changed
            ],
        },
        "reviewed": diff.reviewed,
        "summary": {
            "errors_introduced": diff.errors,
            "warnings_introduced": len(diff.introduced) - diff.errors,
            "errors_preexisting": diff.preexisting,
            "incidents_added": len(diff.incidents_added),
            "incidents_removed": len(diff.incidents_removed),
            "incidents_changed": len(diff.incidents_changed),
            "findings_added": len(diff.findings_added),
            "findings_removed": len(diff.findings_removed),
            "findings_changed": len(diff.findings_changed),
            "text": summary_sentences(diff),
        },
    }


def write_json(stream: TextIO, diff: Diff) -> None:
    """The JSON form."""
    stream.write(json.dumps(as_dict(diff), indent=2, ensure_ascii=False) + "\n")


def write_text(stream: TextIO, diff: Diff, prefix: str, color: bool | None) -> None:
    """Problems introduced, then what changes, in words."""
    out = console(stream, color)
    for d in diff.introduced:
        out.print(Text(format_line(d, prefix + d.file)))
    if diff.preexisting:
        out.print(Text(f"({_n(diff.preexisting, 'pre-existing problem')} not shown)", style="dim"))
    out.print(Text(f"base {diff.base[:12]}, head {terminal(diff.head[:12])}:", style="bold"))
    for sentence in summary_sentences(diff):
        out.print(Text("- " + terminal(sentence)))
    for file in diff.incidents_added:
        title = diff.head_incidents.get(file, "")
        out.print(Text(f"  added: {terminal(prefix + file)}: {terminal(title)}"))


def write_github(reporter: GithubReporter, diff: Diff) -> None:
    """Annotations: introduced problems as errors and warnings, new findings as notices."""
    from ..diagnostics import Diagnostic

    notices = [
        Diagnostic(
            f.file,
            f.line,
            1,
            f"alleged-violation-{f.status}",
            "note",
            label + finding_sentence(f),
        )
        for label, f in [
            *(("New: ", f) for f in diff.findings_added),
            *(("Changed: ", a) for _, a in diff.findings_changed),
        ]
    ]
    ordered = sorted(diff.introduced, key=lambda d: (d.severity != "error", d))
    reporter.annotate([*ordered, *notices])
    fence = Fence()
    reporter.stream.write(fence.open())
    for d in diff.introduced:
        reporter.stream.write(format_line(d, reporter.path(d.file)) + "\n")
    for sentence in summary_sentences(diff):
        reporter.stream.write("- " + terminal(sentence) + "\n")
    reporter.stream.write(fence.close())


def write_sarif(stream: TextIO, diff: Diff, prefix: str) -> None:
    """SARIF of the introduced problems only."""
    stream.write(
        json.dumps(document(diff.introduced, prefix=prefix), indent=2, ensure_ascii=False) + "\n"
    )


def _finding_row(f: Finding) -> str:
    return (
        "| "
        + " | ".join(
            md.cell(x)
            for x in (
                f.incident,
                f.term,
                f.party,
                STATUS_TEXT[f.status],
                SUPPORT_TEXT[f.support],
                contested_text(f),
                ", ".join(f.claimed_by),
            )
        )
        + " |"
    )


_HEAD = (
    "| incident | term | alleged against | status | support | contested | claimed by |\n"
    "|---|---|---|---|---|---|---|"
)


def markdown(diff: Diff, prefix: str) -> str:
    """The Markdown summary for the run page (every data string escaped)."""
    lines = ["## ceasewatch: what this change does", ""]
    lines += [f"- {md.text(s)}" for s in summary_sentences(diff)]
    lines.append("")
    lines.append("Findings are allegations made by sources, not verdicts.")
    lines.append("")
    lines += problems_table("Problems introduced", diff.introduced, prefix)
    if diff.preexisting:
        lines += [f"{_n(diff.preexisting, 'pre-existing problem')} (not introduced here).", ""]
    if diff.incidents_added:
        lines += ["### Incidents added", "", "| file | title |", "|---|---|"]
        lines += [
            f"| {md.cell(prefix + f)} | {md.cell(diff.head_incidents.get(f, ''))} |"
            for f in diff.incidents_added
        ]
        lines.append("")
    if diff.findings_added:
        lines += ["### New alleged violations", "", _HEAD]
        lines += [_finding_row(f) for f in diff.findings_added]
        lines.append("")
    if diff.findings_changed:
        lines += ["### Changed findings (after the change)", "", _HEAD]
        lines += [_finding_row(a) for _, a in diff.findings_changed]
        lines.append("")
    if diff.findings_removed:
        lines += ["### Findings no longer alleged", "", _HEAD]
        lines += [_finding_row(f) for f in diff.findings_removed]
        lines.append("")
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
    return "\n".join(lines) + "\n"
