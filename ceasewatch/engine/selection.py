"""Selection: which findings a reader asked for (by agreement, term, party, source, status,
period and file)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..timeutil import MAX_YEAR, MIN_YEAR, Span, day_span, zone
from .findings import Finding, Result

if TYPE_CHECKING:
    from ..loading import Dataset
    from ..models import Incident


def period_of(since: date | None, until: date | None, zone_name: str) -> Span | None:
    """The whole local days from ``since`` to ``until`` in ``zone_name`` (None: no bounds)."""
    if since is None and until is None:
        return None
    where = zone(zone_name)
    # Open ends: a day beyond the accepted years, so no offset can put a date outside them.
    start = day_span(since or date(MIN_YEAR - 1, 12, 30), where).start
    end = day_span(until or date(MAX_YEAR + 1, 1, 2), where).end
    return Span(start, end, closed=False)


def in_files(file: str, paths: tuple[str, ...] | None) -> bool:
    """Whether ``file`` is one of ``paths`` or inside one ("" is the whole dataset)."""
    return paths is None or any(
        p == "" or file == p or file.startswith(p.rstrip("/") + "/") for p in paths
    )


@dataclass(frozen=True, slots=True)
class Selection:
    """Filters on findings: empty sets select everything."""

    agreements: frozenset[str] = frozenset()
    terms: frozenset[str] = frozenset()
    parties: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None
    files: tuple[str, ...] | None = None

    def apply(self, result: Result, data: Dataset) -> tuple[list[Finding], list[Finding]]:
        """The findings and unattributed findings this selection keeps."""
        zone_name = data.project.model.timezone if data.project else "UTC"
        return self.pick(
            result,
            zone_name,
            lambda: {i.model.id: _span(i.model, zone_name) for i in data.incidents},
        )

    def pick(
        self, result: Result, zone_name: str, spans_of: Callable[[], dict[str, Span | None]]
    ) -> tuple[list[Finding], list[Finding]]:
        """:meth:`apply` given the project's zone and each incident's span by id (asked
        for only when a period is selected)."""
        period = period_of(self.since, self.until, zone_name)
        spans: dict[str, Span | None] = {}
        if period is not None:
            spans = spans_of()

        def keep(f: Finding) -> bool:
            if self.agreements and f.agreement not in self.agreements:
                return False
            if self.terms and f.term not in self.terms:
                return False
            if self.statuses and f.status not in self.statuses:
                return False
            if self.events and f.event not in self.events:
                return False
            if not in_files(f.file, self.files):
                return False
            if period is not None:
                span = spans.get(f.incident)
                if span is None or not span.overlaps(period):
                    return False
            return True

        findings = [
            f
            for f in result.findings
            if keep(f)
            and (not self.parties or f.party in self.parties)
            and (not self.sources or self.sources & set(f.claimed_by))
        ]
        # Unattributed findings accuse no party and cite no source: a filter on either drops them.
        unattributed = [
            u for u in result.unattributed if keep(u) and not self.parties and not self.sources
        ]
        return findings, unattributed


def _span(inc: Incident, zone_name: str) -> Span | None:
    # Imported here: picking from cached findings needs no models (see engine/__init__).
    from .readings import incident_span

    return incident_span(inc, zone_name)
