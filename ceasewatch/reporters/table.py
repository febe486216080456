"""``check --format table``: the wide table of findings, one column per field, for wide
terminals and screenshots (the default text format gives one line per finding)."""

from __future__ import annotations

from collections.abc import Mapping

from rich import box
from rich.table import Table
from rich.text import Text

from ..engine import Finding
from ..escape import cell
from ..models import Incident
from ..results import CheckReport
from ..wording import EVENT_TEXT, STATUS_TEXT, contested_text, support_text
from .base import Reporter
from .common import check_summary, console
from .text import _STATUS_STYLE, _SUPPORT_STYLE, _diagnostic_text, _reviewed


class TableReporter(Reporter):
    """Problems, then a table of alleged violations per agreement, every cell escaped."""

    def check(self, report: CheckReport) -> None:
        """The problems, then one table of alleged violations per agreement."""
        out = console(self.stream, self.color)
        for d in report.validation.diagnostics:
            out.print(_diagnostic_text(d))
        for agreement_id in sorted(report.agreements) if not self.quiet else ():
            rows = [f for f in report.findings if f.agreement == agreement_id]
            unattributed = [u for u in report.unattributed if u.agreement == agreement_id]
            title = report.titles[agreement_id]
            if rows:
                out.print(_findings_table(agreement_id, title, rows, report.incidents))
            if unattributed:
                table = _table(f"{agreement_id}: incidents within a term that no source attributes")
                for col in ("Incident", "Date", "Place", "Term", "Status"):
                    table.add_column(col)
                for u in unattributed:
                    inc = report.incidents[u.incident]
                    cells = (u.incident, _date(inc), _place(inc), u.term, STATUS_TEXT[u.status])
                    table.add_row(*(_t(x) for x in cells))
                out.print(table)
        if not self.quiet:
            _reviewed(out, report)
        console(self.err, self.color).print(Text(check_summary(report), style="bold"))


def _t(text: str, style: str = "") -> Text:
    return Text(cell(text), style=style)  # tables fold words: escape every `::`


def _table(title: str) -> Table:
    return Table(title=_t(title), title_justify="left", box=box.SIMPLE_HEAD, show_lines=False)


def _findings_table(
    agreement_id: str, title: str, rows: list[Finding], incidents: Mapping[str, Incident]
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
