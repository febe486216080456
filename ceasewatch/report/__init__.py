"""The Markdown report: what each agreement says according to whom, and who alleges what.

Deterministic: the same data gives the same bytes (no wall-clock time; the stamp is the
last commit that touched the dataset). Every data string goes through :mod:`markdown`.
Sections live in their own modules: :mod:`.headline` (the counts at a glance),
:mod:`.agreement` (readings and findings per term), :mod:`.timeline` (its gantt),
:mod:`.counts` (tables), :mod:`.charts` (weekly stacked charts), :mod:`.finding` (one
finding), :mod:`.record` (incidents no term covers, tallies), :mod:`.tail` (sources and data
quality). Parties, sources and areas are shown by their names (:mod:`.common`).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from pathlib import Path

from .. import __version__, engine
from .. import markdown as md
from ..loading import Dataset
from ..timeutil import Span, zone
from .agreement import agreement_section
from .common import span_of
from .headline import headline
from .record import tallies_section, unflagged_section
from .tail import quality_section, sources_section

DATASET_PATHS = ("ceasewatch.yaml", "agreements", "incidents", "tallies")


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

    def markdown(self) -> str:
        """:meth:`line` as Markdown. The commit's hash comes from git, not from the data, and
        is left whole (escaping would cut it like a hash the data wrote)."""
        if self.sha is None:
            return md.text(self.line())
        head, tail = self.line().split(self.sha[:12], 1)
        return f"{md.text(head)} {self.sha[:12]}{md.text(tail)}"


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


def keep_period(data: Dataset, since: date | None, until: date | None) -> dict[str, Span | None]:
    """Spans of the incidents whose time overlaps the period (all when no period).

    The period's days are whole days in the project's time zone, as for bare dates in the
    data and for ``check --since/--until`` (:class:`engine.Selection`).
    """
    assert data.project is not None
    spans = {i.model.id: span_of(i, data) for i in data.incidents}
    period = engine.period_of(since, until, data.project.model.timezone)
    if period is None:
        return spans
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
- **Support** says who backs the accusation, from who says it and on what they base it
  (the outlet that carries a statement adds nothing):
  - **acknowledged**: a source of the accused party's own side says so;
  - **independent**: an unaffiliated source says so on evidence of its own (its people saw
    it, its own analysis of imagery, its own sensor data);
  - **third party**: a source of a state not bound by the term (such as a mediator) says so;
  - **adversary**: the other side says so, with no independent evidence;
  - **unverified**: only unaffiliated sources say so, and they give no evidence of their own
    (they restate, or do not say how they know).
- **Event** says how well the event itself is established, whoever is blamed:
  **corroborated** (grade `confirmed`) when an unaffiliated source reports it on evidence of
  its own, or both sides report it; **disputed** when a source says it did not happen as
  described; otherwise **reported, not corroborated**.
- **Contested** means a source denies it, blames another party, or, being on the accused
  side, says it does not fall under the term. Blanket denials are marked as general.
- **Counts are not rates of violation** (see above): they count what is reported and
  itemised in public.
- Fields marked *(editor's inference)* are the dataset editor's, not any source's.
"""


def render(
    data: Dataset,
    result: engine.Result,
    stamp_: Stamp,
    *,
    agreements: frozenset[str] = frozenset(),
    events: frozenset[str] = frozenset(),
    since: date | None = None,
    until: date | None = None,
    maps: tuple[str, ...] = (),
) -> str:
    """The whole report as Markdown text; ``maps``: map files to show and link to, as paths
    from the report's folder (an ``.svg`` is shown, any other file linked)."""
    assert data.project is not None
    project = data.project.model
    spans = keep_period(data, since, until)
    incidents = {i.model.id: i for i in data.incidents if i.model.id in spans}
    findings = [
        f
        for f in result.findings
        if f.incident in incidents
        and (not agreements or f.agreement in agreements)
        and (not events or f.event in events)
    ]
    unattributed = [
        u
        for u in result.unattributed
        if u.incident in incidents
        and (not agreements or u.agreement in agreements)
        and (not events or u.event in events)
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
        f"{stamp_.markdown()}.",
        "",
    ]
    chosen = [
        a
        for a in sorted(data.agreements, key=lambda a: a.model.id)
        if not agreements or a.model.id in agreements
    ]
    out += headline(data, findings, unattributed, {a.model.id: a.model.title for a in chosen})
    out += _maps(maps)
    out.append(HOW_TO_READ)
    for agreement in chosen:
        out += agreement_section(agreement, data, findings, unattributed, incidents)
    # Flagged under a chosen agreement, whatever its event grade: the event filter narrows
    # the findings shown, not the record of incidents no term covers.
    flagged = {
        f.incident
        for f in (*result.findings, *result.unattributed)
        if not agreements or f.agreement in agreements
    }
    out += unflagged_section(data, flagged, incidents, agreements)
    out += tallies_section(data, findings, spans, agreements)
    out += sources_section(data, incidents)
    out += quality_section(data, incidents)
    return "\n".join(out).rstrip() + "\n"


def _maps(paths: tuple[str, ...]) -> list[str]:
    """The map files: an SVG shown as an image, others (GeoJSON, which GitHub draws as an
    interactive map) linked."""
    if not paths:
        return []
    out = ["### Map", ""]
    out += [
        md.local_image(p, "Map of the incidents by accused party and event grade") + "\n"
        for p in paths
        if p.lower().endswith(".svg")
    ]
    links = [
        md.local_link(p, "interactive map (GeoJSON)" if p.lower().endswith(".geojson") else p)
        for p in paths
    ]
    return [*out, "Map files: " + ", ".join(links) + ".", ""]
