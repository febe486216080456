"""One agreement's section: its readings, counts, and the findings under each term."""

from __future__ import annotations

from datetime import date

from .. import engine
from .. import markdown as md
from ..loading import Dataset, Loaded
from ..models import SCOPE_FIELDS, Agreement, Incident, Scope
from ..timeutil import zone
from ..wording import STATUS_TEXT
from .charts import charts
from .common import area, listed, names, party, place, source, when
from .counts import grades_table, summary_table
from .finding import finding_section
from .timeline import timeline


def agreement_section(
    item: Loaded[Agreement],
    data: Dataset,
    findings: list[engine.Finding],
    unattributed: list[engine.Finding],
    incidents: dict[str, Loaded[Incident]],
) -> list[str]:
    """The agreement: when it is in force and what each term covers, according to whom;
    counts; then each term's findings."""
    a = item.model
    mine = [f for f in findings if f.agreement == a.id]
    assert data.project is not None
    where = zone(data.project.model.timezone)  # a stated day is a day in the project's zone
    out = [
        f"## {md.text(a.title)}",
        "",
        f"Agreement `{md.anchor(a.id)}`. Parties: "
        f"{listed(party(data, p) for p in a.parties)}. "
        f"Mediators: {listed(party(data, p) for p in a.mediators or ())}.",
        "",
    ]
    out += ["### When it is in force, according to whom", ""]
    for r in a.in_force:
        if r.pending is not None:
            span = f"not yet in force: waits for {md.text(r.pending)}"
        else:
            end = (
                f", until {md.text(r.until)}"
                if r.until
                else (f", for {md.text(r.for_)}" if r.for_ else ", open-ended")
            )
            span = f"from {md.text(r.from_ or '')}{end}"
        who = f" (for {listed(party(data, p) for p in r.parties)})" if r.parties else ""
        out.append(f"- {span}{who}: per {_per(data, r.per)}{_stated(r.stated)}")
    out.append("")
    out += timeline(item, data, mine, incidents, where)
    for term in a.terms:
        out += [f"### Term: {md.text(term.title)}", ""]
        p = term.prohibits
        out.append(
            f"- First reading, per {_per(data, p.per)}{_stated(p.stated)}: "
            f"{_scope(data, p, every=True)}"
        )
        for other in term.readings:
            changes = _scope(data, other) or "as the first"
            out.append(f"- Reading per {_per(data, other.per)}{_stated(other.stated)}: {changes}")
            if other.except_ is not None:
                out.append(f"  - its carve-outs: {_scope(data, other.except_)}")
        if term.except_ is not None:
            out.append(f"- Carve-outs: {_scope(data, term.except_)}")
        out.append("")
    out += summary_table(mine, data)
    out += grades_table(mine)
    out += charts(mine, incidents, data)
    for term in a.terms:
        rows = [f for f in mine if f.term == term.id]
        out += [f"### Alleged violations of: {md.text(term.title)}", ""]
        if not rows:
            out += ["No incident in the data is alleged to violate this term.", ""]
        for f in rows:
            out += finding_section(f, incidents[f.incident], where, data)
        free = [u for u in unattributed if u.agreement == a.id and u.term == term.id]
        out += _unattributed(free, incidents)
    return out


def _per(data: Dataset, sources: list[str]) -> str:
    return listed(source(data, s) for s in sources)


def _stated(day: date | None) -> str:
    return f" (stated {day.isoformat()})" if day is not None else ""


def _scope(data: Dataset, scope: Scope, *, every: bool = False) -> str:
    """``targets a, b; acts any; ...``: each scope field a reading gives (``every``: all of
    them, ``any`` where omitted), then whether attempts count. Areas by their names."""
    parts = [
        f"{field.name} {_values(data, field.name, values) if values else 'any'}"
        for field in SCOPE_FIELDS
        for values in (getattr(scope, field.name),)
        if every or values is not None
    ]
    attempts = getattr(scope, "attempts", None)
    if every or attempts is not None:
        parts.append(f"attempts count: {'yes' if attempts else 'no'}")
    return "; ".join(parts)


def _values(data: Dataset, field: str, values: list[str]) -> str:
    return listed(area(data, v) for v in values) if field == "areas" else names(values)


def _unattributed(free: list[engine.Finding], incidents: dict[str, Loaded[Incident]]) -> list[str]:
    if not free:
        return []
    out = [
        "#### Within the term, but no source blames anyone",
        "",
        "| incident | date | place | status |",
        "|---|---|---|---|",
    ]
    for u in free:
        inc = incidents[u.incident].model
        out.append(
            f"| {md.cell(u.incident)} | {md.cell(when(inc))} | "
            f"{md.cell(place(inc))} | {md.cell(STATUS_TEXT[u.status])} |"
        )
    out.append("")
    return out
