"""The report's record beyond the findings: incidents no term covers, and the tallies each
side claims set beside what the dataset holds."""

from __future__ import annotations

from .. import engine
from .. import markdown as md
from ..engine.unflagged import NoFinding, why_not
from ..loading import Dataset, Loaded
from ..models import Incident, Tally
from ..timeutil import Span, resolve, zone
from .common import party, place, source, when


def unflagged_section(
    data: Dataset,
    flagged: set[str],
    incidents: dict[str, Loaded[Incident]],
    agreements: frozenset[str],
) -> list[str]:
    """Every incident of the period with no finding and no unattributed entry, and why no
    term applies (per agreement chosen)."""
    quiet = sorted(i for i in incidents if i not in flagged)
    out = ["## Incidents with no alleged violation", ""]
    if not quiet:
        return [*out, "Every incident in the period is alleged to violate a term.", ""]
    out += [
        "These incidents are part of the record, but no source's account of them falls "
        "within a term under any reading. The reason is given per agreement; where no single "
        "condition rules it out under every reading, the first failing condition of each "
        "reading is given. `ceasewatch explain ID` shows every condition.",
        "",
    ]
    reasons = why_not(data, quiet)
    for iid in quiet:
        inc = incidents[iid].model
        out.append(
            f"- **{md.text(inc.title)}** ({md.code(iid)}; {md.text(when(inc))}; "
            f"{md.text(place(inc))})"
        )
        by_agreement: dict[str, list[NoFinding]] = {}
        for nf in reasons.get(iid, []):
            if not agreements or nf.agreement in agreements:
                by_agreement.setdefault(nf.agreement, []).append(nf)
        for aid, terms in by_agreement.items():
            # Terms that fail for the same reasons are said once.
            said: dict[tuple[str, ...], list[str]] = {}
            for nf in terms:
                said.setdefault(nf.reasons, []).append(nf.term)
            for why, term_ids in said.items():
                which = ", ".join(md.code(t) for t in term_ids)
                out.append(f"  - {md.code(aid)} ({which}): {md.text('; '.join(why))}")
    out.append("")
    return out


def tallies_section(
    data: Dataset,
    findings: list[engine.Finding],
    spans: dict[str, Span | None],
    agreements: frozenset[str],
) -> list[str]:
    """Each claimed tally beside the incidents the dataset holds for the same accused party,
    agreement and period."""
    tallies = sorted(
        (t.model for t in data.tallies if not agreements or t.model.agreement in agreements),
        key=lambda t: (str(t.published), t.id),
    )
    if not tallies:
        return []
    assert data.project is not None
    out = [
        "## Tallies claimed by each side",
        "",
        "Each side's own count of the other's violations, as it published it, beside the "
        "incidents in this dataset alleged against the same party under the same agreement "
        "in the same period. The dataset holds only incidents named with a site by a source, "
        "so it is no test of a tally: a gap says how much of a claim is itemised in public, "
        "not whether the claim is true.",
        "",
        "| claimed on | by | accuses | claim | period | incidents in the dataset |",
        "|---|---|---|---|---|---|",
    ]
    for t in tallies:
        out.append(
            f"| {md.cell(str(t.published))} | {md.cell(_by(data, t))} | "
            f"{md.cell(party(data, t.accuses))} | "
            f"{md.cell(t.claimed())} | {md.cell(f'{t.period.from_} to {t.period.until}')} | "
            f"{_held(data, t, findings, spans)} |"
        )
    out.append("")
    return out


def _by(data: Dataset, t: Tally) -> str:
    by = source(data, t.source)
    return f"{by}, via {source(data, t.via)}" if t.via else by


def _held(
    data: Dataset, t: Tally, findings: list[engine.Finding], spans: dict[str, Span | None]
) -> str:
    """How many incidents overlapping the period have a finding against the accused party
    under the tally's agreement (bare dates are whole days in the project's zone)."""
    assert data.project is not None
    where = zone(data.project.model.timezone)
    first, last = resolve(t.period.from_, where), resolve(t.period.until, where)
    period = Span(first.start, last.end, closed=last.closed)
    held = {
        f.incident
        for f in findings
        if f.agreement == t.agreement
        and f.party == t.accuses
        and (span := spans.get(f.incident)) is not None
        and span.overlaps(period)
    }
    return str(len(held))
