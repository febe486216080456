"""The Markdown report: what each agreement says according to whom, and who alleges what.

Deterministic: the same data gives the same bytes (no wall-clock time; the stamp is the
last commit that touched the dataset). Every data string goes through :mod:`markdown`.
"""

from __future__ import annotations

import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from pathlib import Path

from . import __version__, engine
from . import markdown as md
from .diagnostics import CODES
from .loading import Dataset, Loaded
from .models import Agreement, Incident
from .timeutil import Span, day_span, zone
from .wording import STATUS_TEXT, SUPPORT_TEXT, denial_text

STATUSES = ("apparent", "contingent", "possible")
SUPPORTS = ("acknowledged", "independent", "third-party", "adversary")
DATASET_PATHS = ("ceasewatch.yaml", "agreements", "incidents")


@dataclass(frozen=True, slots=True)
class Stamp:
    """Where the data comes from: the last commit touching it, and whether files differ."""

    sha: str | None
    day: str | None
    dirty: bool

    def line(self) -> str:
        """``data as of 2025-04-30 (commit abc123), ceasewatch 0.1.0``."""
        if self.sha is None:
            base = "data as of: the files on disk (not in a git repository)"
        else:
            base = f"data as of {self.day} (commit {self.sha[:12]})"
            if self.dirty:
                base += " with uncommitted changes"
        return f"{base}; ceasewatch {__version__}"


def stamp(root: Path) -> Stamp:
    """The stamp of the dataset at ``root`` (one git call for the log, one for the status)."""
    try:
        log = subprocess.run(  # noqa: S603
            ["git", "-C", str(root), "log", "-1", "--format=%H %cs", "--", *DATASET_PATHS],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        status = subprocess.run(  # noqa: S603
            ["git", "-C", str(root), "status", "--porcelain", "--", *DATASET_PATHS],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return Stamp(None, None, False)
    if log.returncode != 0 or not log.stdout.strip():
        return Stamp(None, None, False)
    sha, day = log.stdout.split()
    return Stamp(sha, day, bool(status.stdout.strip()))


def _span(item: Loaded[Incident], data: Dataset) -> Span | None:
    assert data.project is not None
    return engine.incident_span(item.model, data.project.model.timezone)


def _when(inc: Incident) -> str:
    when = inc.occurred
    if isinstance(when, str):
        return when.replace("T", " ")
    return f"{when.from_.replace('T', ' ')} to {when.until.replace('T', ' ')}"


def _place(inc: Incident) -> str:
    loc = inc.location
    return ", ".join(p for p in (loc.place, loc.region, loc.country) if p) or "at sea or unknown"


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def keep_period(data: Dataset, since: date | None, until: date | None) -> dict[str, Span | None]:
    """Spans of the incidents whose time overlaps the period (all when no period).

    The period's days are whole days in the project's time zone, as for bare dates in the
    data and for ``check --since/--until`` (:class:`engine.Selection`).
    """
    assert data.project is not None
    spans = {i.model.id: _span(i, data) for i in data.incidents}
    if since is None and until is None:
        return spans
    where = zone(data.project.model.timezone)
    period = Span(
        day_span(since or date(1, 1, 2), where).start,
        day_span(until or date(9999, 12, 30), where).end,
        closed=False,
    )
    return {i: s for i, s in spans.items() if s is not None and s.overlaps(period)}


def _days(spans: list[Span], where: tzinfo) -> tuple[date, date]:
    """The first and last local day the spans touch (an excluded end is not a day touched)."""
    first = min(s.start.astimezone(where) for s in spans)
    last = max(
        (s.end if s.closed or s.end == s.start else s.end - timedelta(microseconds=1)).astimezone(
            where
        )
        for s in spans
    )
    return first.date(), last.date()


HOW_TO_READ = """\
## How to read this report

- **Findings are allegations made by sources, not verdicts.** ceasewatch records who says
  what; it never decides who is right. Each finding names the party accused, the sources
  that accuse it, and the sources that dispute it.
- **Status** says how the incident, as the accusing source tells it, relates to the term:
  **apparent** when every reading of the agreement (when it is in force, what it covers)
  makes it a violation; **contingent** when some readings do and others do not (whose
  reading you take decides); **possible** when no reading does but some cannot be decided
  because data is missing.
- **Support** says who backs the accusation: **acknowledged** (a source of the accused
  party's own side), **independent** (an unaffiliated source), **third party** (a source
  affiliated with a state that is not a party, such as a mediator), or **adversary only**
  (only the other side says so). An outlet that merely relays a statement adds nothing.
- **Contested** means a source denies it, blames another party, or, being on the accused
  side, says it does not fall under the term. Blanket denials are marked as general.
- **Counts are not rates of violation.** They reflect how much each side reports and how
  its reports are itemised (one ministry bulletin may list ten sites), not how often each
  side violates the agreement.
- Fields marked *(editor's inference)* are the dataset editor's, not any source's.
"""


def render(
    data: Dataset,
    result: engine.Result,
    stamp_: Stamp,
    *,
    agreements: frozenset[str] = frozenset(),
    since: date | None = None,
    until: date | None = None,
) -> str:
    """The whole report as Markdown text."""
    assert data.project is not None
    project = data.project.model
    spans = keep_period(data, since, until)
    incidents = {i.model.id: i for i in data.incidents if i.model.id in spans}
    findings = [
        f
        for f in result.findings
        if f.incident in incidents and (not agreements or f.agreement in agreements)
    ]
    unattributed = [
        u
        for u in result.unattributed
        if u.incident in incidents and (not agreements or u.agreement in agreements)
    ]
    known = [s for s in spans.values() if s is not None]
    period = "no incidents"
    if since or until:
        period = f"{since or 'the start'} to {until or 'the end'}"
    elif known:
        first, last = _days(known, zone(project.timezone))
        period = f"{first} to {last}"
    out: list[str] = [
        f"# {md.text(project.title)}: alleged violations",
        "",
        f"Period covered: {md.text(period)}.  ",
        f"{md.text(stamp_.line())}.",
        "",
        HOW_TO_READ,
    ]
    chosen = [
        a
        for a in sorted(data.agreements, key=lambda a: a.model.id)
        if not agreements or a.model.id in agreements
    ]
    for agreement in chosen:
        out += _agreement(agreement, data, findings, unattributed, incidents, result)
    out += _sources(data, findings, incidents)
    out += _quality(data, findings, incidents)
    return "\n".join(out).rstrip() + "\n"


def _names(ids: list[str] | tuple[str, ...] | None) -> str:
    return ", ".join(md.text(i) for i in ids or ()) or "none"


def _agreement(
    item: Loaded[Agreement],
    data: Dataset,
    findings: list[engine.Finding],
    unattributed: list[engine.Unattributed],
    incidents: dict[str, Loaded[Incident]],
    result: engine.Result,
) -> list[str]:
    a = item.model
    mine = [f for f in findings if f.agreement == a.id]
    out = [
        f"## {md.text(a.title)}",
        "",
        f"Agreement `{md.anchor(a.id)}`. Parties: "
        f"{_names(a.parties)}. Mediators: {_names(a.mediators)}.",
        "",
    ]
    out += ["### When it is in force, according to whom", ""]
    for r in a.in_force:
        if r.pending is not None:
            when = f"not yet in force: waits for {md.text(r.pending)}"
        else:
            end = (
                f", until {md.text(r.until)}"
                if r.until
                else (f", for {md.text(r.for_)}" if r.for_ else ", open-ended")
            )
            when = f"from {md.text(r.from_ or '')}{end}"
        who = f" (for {_names(r.parties)})" if r.parties else ""
        out.append(f"- {when}{who}: per {_names(r.per)}")
    out.append("")
    for term in a.terms:
        out += [f"### Term: {md.text(term.title)}", ""]
        p = term.prohibits
        out.append(
            f"- First reading, per {_names(p.per)}: "
            f"targets {_names(p.targets) if p.targets else 'any'}; "
            f"acts {_names(p.acts) if p.acts else 'any'}; attempts count: "
            f"{'yes' if p.attempts else 'no'}"
        )
        for reading in term.readings:
            changes = [
                f"{name} {_names(getattr(reading, attr))}"
                for name, attr in (
                    ("targets", "targets"),
                    ("acts", "acts"),
                    ("means", "means"),
                    ("areas", "areas"),
                )
                if getattr(reading, attr) is not None
            ]
            out.append(
                f"- Reading per {_names(reading.per)}: {'; '.join(changes) or 'as the first'}"
            )
        if term.except_ is not None:
            out.append(f"- Carve-outs: targets {_names(term.except_.targets)}")
        out.append("")
    out += _summary_table(mine)
    out += _charts(mine, incidents, data)
    for term in a.terms:
        rows = [f for f in mine if f.term == term.id]
        out += [f"### Alleged violations of: {md.text(term.title)}", ""]
        if not rows:
            out += ["No incident in the data is alleged to violate this term.", ""]
        for f in rows:
            out += _finding(f, incidents[f.incident], data, result)
        free = [u for u in unattributed if u.agreement == a.id and u.term == term.id]
        if free:
            out += [
                "#### Within the term, but no source blames anyone",
                "",
                "| incident | date | place | status |",
                "|---|---|---|---|",
            ]
            for u in free:
                inc = incidents[u.incident].model
                out.append(
                    f"| {md.cell(u.incident)} | {md.cell(_when(inc))} | "
                    f"{md.cell(_place(inc))} | {md.cell(STATUS_TEXT[u.status])} |"
                )
            out.append("")
    return out


def _summary_table(findings: list[engine.Finding]) -> list[str]:
    if not findings:
        return ["No alleged violations in the period.", ""]
    counts: Counter[tuple[str, str, str]] = Counter(
        (f.party, f.status, f.support) for f in findings
    )
    parties = sorted({f.party for f in findings})
    head = (
        "| alleged against | status | "
        + " | ".join(SUPPORT_TEXT[s] for s in SUPPORTS)
        + " | total |"
    )
    out = [
        "### Alleged violations by party, status and support",
        "",
        head,
        "|---|---|" + "---|" * (len(SUPPORTS) + 1),
    ]
    for party in parties:
        for status in STATUSES:
            row = [counts[(party, status, s)] for s in SUPPORTS]
            if sum(row):
                out.append(
                    f"| {md.cell(party)} | {status} | "
                    + " | ".join(str(n) for n in row)
                    + f" | {sum(row)} |"
                )
    out.append("")
    return out


def _charts(
    findings: list[engine.Finding], incidents: dict[str, Loaded[Incident]], data: Dataset
) -> list[str]:
    assert data.project is not None
    where = zone(data.project.model.timezone)  # weeks of local days, as the period's
    by_party: dict[str, Counter[tuple[date, str]]] = defaultdict(Counter)
    weeks: set[date] = set()
    for f in findings:
        span = _span(incidents[f.incident], data)
        if span is None:
            continue
        week = _week(span.start.astimezone(where).date())
        weeks.add(week)
        by_party[f.party][(week, f.support)] += 1
    if not weeks:
        return []
    axis = sorted(weeks)
    out = ["### Alleged violations per week", ""]
    for party in sorted(by_party):
        counts = by_party[party]
        labels = ", ".join(f'"{w.isoformat()}"' for w in axis)
        top = max(sum(counts[(w, s)] for s in SUPPORTS) for w in axis)
        out += [
            "```mermaid",
            "xychart-beta",
            f'    title "Alleged against {md.mermaid_label(party)}, by week and support"',
            f"    x-axis [{labels}]",
            f'    y-axis "alleged violations" 0 --> {max(top, 1)}',
        ]
        for support in SUPPORTS:
            series = [counts[(w, support)] for w in axis]
            if any(series):
                out.append(f"    bar [{', '.join(str(n) for n in series)}]")
        out += [
            "```",
            "",
            f"Alleged against {md.text(party)}, by week (Monday) and support:",
            "",
            "| week | " + " | ".join(SUPPORT_TEXT[s] for s in SUPPORTS) + " |",
            "|---|" + "---|" * len(SUPPORTS),
        ]
        for w in axis:
            out.append(
                f"| {w.isoformat()} | " + " | ".join(str(counts[(w, s)]) for s in SUPPORTS) + " |"
            )
        out.append("")
    out.append(
        "The bars of each chart are, in order, the support levels with any count, "
        "as in the table beneath it."
    )
    out.append("")
    return out


def _finding(
    f: engine.Finding, item: Loaded[Incident], data: Dataset, result: engine.Result
) -> list[str]:
    inc = item.model
    inferred = set(inc.inferred)

    def mark(*fields: str) -> str:
        # A field is inferred when it, or the whole object holding it, is listed.
        hit = any(
            f == i or f.startswith(i + ".") or f.startswith(i + "[")
            for f in fields
            for i in inferred
        )
        return " *(editor's inference)*" if hit else ""

    out = [
        f"#### {md.text(inc.id)}: alleged against {md.text(f.party)} ({md.text(f.term)})",
        "",
        f"{md.text(inc.title)}",
        "",
        f"- Date: {md.text(_when(inc))}{mark('occurred')}",
        f"- Place: {md.text(_place(inc))}{mark('location.place', 'location.region')}",
        f"- Alleged against: {md.text(f.party)}",
        f"- Status: **{STATUS_TEXT[f.status]}**",
        f"- Support: {SUPPORT_TEXT[f.support]}",
        "- Contested: "
        + ("; ".join(md.text(denial_text(d)) for d in f.denied_by) if f.contested else "no"),
    ]
    coords = inc.location.coordinates
    if coords is not None:
        out.append(
            f"- Coordinates: {coords.lat}, {coords.lon} ({coords.precision})"
            f"{mark('location.coordinates')}"
        )
    if inc.targets:
        targets = ", ".join(
            md.text(t.name or t.category) + f" ({md.code(t.category)})" for t in inc.targets
        )
        out.append(f"- Target: {targets}{mark('targets')}")
    if f.status == "contingent":
        out.append("- Holds under: " + "; ".join(md.text(r) for r in f.readings["yes"]))
        out.append(
            "- Fails under: "
            + "; ".join(md.text(r) for r in (*f.readings["no"], *f.readings["unknown"]))
        )
    if f.status == "possible":
        out.append(
            "- Undecided under: " + "; ".join(md.text(r) for r in f.readings["unknown"]) + "."
        )
        out.append("- What is missing: " + "; ".join(md.text(m) for m in _missing(f, data, result)))
    out += ["", "Claims:", ""]
    for claim in inc.claims:
        if claim.attributes_to is None and claim.denies is None:
            continue
        role = f"attributes it to {md.text(claim.attributes_to)}" if claim.attributes_to else ""
        if claim.denies:
            role = (
                (role + "; " if role else "")
                + f"denies {md.text(claim.denies)}"
                + (" (general denial)" if claim.general else "")
            )
        via = f", via {md.text(claim.via)}" if claim.via else ""
        when = f", {md.text(claim.published)}" if claim.published else ""
        link = f": {md.link(claim.url)}" if claim.url else ""
        out.append(f"- {md.text(claim.source)}{via}{when}, {role}{link}")
    out.append("")
    return out


def _missing(f: engine.Finding, data: Dataset, result: engine.Result) -> list[str]:
    """The reasons of the conditions left unknown under the accusing claims' versions."""
    reasons: list[str] = []
    for term in engine.explain(
        data,
        f.incident,
        agreements=frozenset({f.agreement}),
        terms=frozenset({f.term}),
        result=result,
    ):
        for party in term.parties:
            if party.party != f.party:
                continue
            for version in party.versions:
                for combo in version.combinations:
                    for condition in combo.conditions:
                        text = f"{condition.name}: {condition.reason}"
                        if condition.value == "unknown" and text not in reasons:
                            reasons.append(text)
    return reasons or ["see `ceasewatch explain`"]


def _sources(
    data: Dataset, findings: list[engine.Finding], incidents: dict[str, Loaded[Incident]]
) -> list[str]:
    assert data.project is not None
    claims: Counter[str] = Counter()
    targets: dict[str, Counter[str]] = defaultdict(Counter)
    for item in incidents.values():
        for c in item.model.claims:
            claims[c.source] += 1
            if c.attributes_to:
                targets[c.source][c.attributes_to] += 1
    out = [
        "## Sources",
        "",
        "| source | kind | affiliation | claims | accuses |",
        "|---|---|---|---|---|",
    ]
    for sid, s in sorted(data.project.model.sources.items()):
        if not claims[sid]:
            continue
        accuses = ", ".join(f"{p} ({n})" for p, n in sorted(targets[sid].items()))
        out.append(
            f"| {md.cell(s.name)} ({md.cell(sid)}) | {s.kind} | "
            f"{md.cell(s.affiliation or 'unaffiliated')} | {claims[sid]} | "
            f"{md.cell(accuses or '-')} |"
        )
    out.append("")
    return out


def _quality(
    data: Dataset, findings: list[engine.Finding], incidents: dict[str, Loaded[Incident]]
) -> list[str]:
    warnings = Counter(d.code for d in data.diagnostics if d.severity == "warning")
    out = ["## Data quality", ""]
    if warnings:
        out += ["| warning | count |", "|---|---|"]
        out += [
            f"| {md.cell(code)}: {md.cell(CODES[code].title)} | {n} |"
            for code, n in sorted(warnings.items())
        ]
    else:
        out.append("No warnings.")
    inferred = sorted(i for i, item in incidents.items() if item.model.inferred)
    out += [
        "",
        f"Incidents with fields inferred by the dataset editor: {len(inferred)} of "
        f"{len(incidents)}.",
        "",
    ]
    if inferred:
        out += [
            f"- {md.text(i)}: {', '.join(md.text(f) for f in incidents[i].model.inferred)}"
            for i in inferred
        ]
        out.append("")
    adversary = sum(f.support == "adversary" for f in findings)
    out += [
        f"Accusations resting on the adversary's word alone: {adversary} of {len(findings)}.",
        "",
    ]
    return out
