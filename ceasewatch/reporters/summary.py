"""The Markdown summary ``check`` appends to a GitHub Actions run page."""

from __future__ import annotations

from .. import markdown as md
from ..diagnostics import Diagnostic
from ..wording import STATUS_TEXT, SUPPORT_TEXT, contested_text
from .base import CheckReport
from .text import check_summary


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


def check_markdown(report: CheckReport, prefix: str = "") -> str:
    """Problems, then the alleged violations, every data string escaped."""
    lines = [
        "## ceasewatch check",
        "",
        md.text(check_summary(report)),
        "",
        "Findings are allegations made by sources, not verdicts.",
        "",
    ]
    lines += problems_table("Problems in the data", report.validation.diagnostics, prefix)
    if report.findings:
        lines += [
            "### Alleged violations",
            "",
            "| agreement | term | incident | alleged against | status | support | "
            "contested | claimed by |",
            "|---|---|---|---|---|---|---|---|",
        ]
        lines += [
            "| "
            + " | ".join(
                md.cell(x)
                for x in (
                    f.agreement,
                    f.term,
                    f.incident,
                    f.party,
                    STATUS_TEXT[f.status],
                    SUPPORT_TEXT[f.support],
                    contested_text(f),
                    ", ".join(f.claimed_by),
                )
            )
            + " |"
            for f in report.findings
        ]
        lines.append("")
    return "\n".join(lines) + "\n"
