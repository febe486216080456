"""Findings: the one result type, and what each holds of how it was reached."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .logic import Event, Status, Support, Tri

# Types only: a finding read back from the cache needs none of the engine's machinery (nor
# the models it loads), so a run served by the cache starts without them.
if TYPE_CHECKING:
    from ..timeutil import Span
    from .conditions import Condition, Verdict
    from .readings import Period, TermReading, Version


@dataclass(frozen=True, slots=True)
class Denial:
    """A source disputing an accusation, and how."""

    source: str
    how: Literal["denies", "blames-other", "scope", "event-disputed"]
    general: bool
    other: str | None = None  # the party blamed instead


@dataclass(frozen=True, slots=True)
class Combination:
    """One in-force reading with one term reading, and its result for one version.

    The verdicts of its conditions are kept; :attr:`conditions` words them on demand.
    """

    in_force: str
    term: str
    value: Tri
    verdicts: tuple[Verdict, ...] = field(default=(), compare=False, repr=False)
    version: Version | None = field(default=None, compare=False, repr=False)
    period: Period | None = field(default=None, compare=False, repr=False)
    reading: TermReading | None = field(default=None, compare=False, repr=False)

    @property
    def name(self) -> str:
        """``in force: kremlin / term: white-house``."""
        return f"in force: {self.in_force} / term: {self.term}"

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Each condition's value, where its facts came from, and why."""
        from .conditions import CONDITIONS, Condition

        if self.version is None or self.period is None or self.reading is None:
            # no in-force reading concerns the party: one condition decides
            return tuple(Condition("in force", v, (), why) for v, why in self.verdicts)
        ver, reading = self.version, self.reading
        force, *rest = self.verdicts
        out = [
            Condition(
                "in force", force[0], (ver.facts_from["occurred"], self.period.where), force[1]
            )
        ]
        for spec, (value, why) in zip(CONDITIONS, rest, strict=True):
            out.append(Condition(spec.name, value, (ver.facts_from[spec.fact], reading.where), why))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class VersionResult:
    """One version of the incident (its own, or a claim's) under every reading combination."""

    label: str
    status: Status | None
    combinations: tuple[Combination, ...]


@dataclass(frozen=True, slots=True)
class ClaimStatus:
    """One accusing claim: the status its own version gives, its basis and its rung."""

    source: str
    via: str | None
    status: Status | None
    basis: str = "unknown"
    rung: Support = "unverified"
    #: Why the claim has its rung, in words (``unaffiliated, basis unknown``).
    why: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Finding:
    """An incident that appears to fall under a term, alleged against a party, as claimed.

    With ``party`` None it is *unattributed*: within the term, but no source blames anyone;
    it then has no support, claims or denials.
    """

    incident: str
    agreement: str
    term: str
    party: str | None
    status: Status
    file: str
    line: int
    #: How well the event itself is established (the incident's grade, whoever is blamed).
    event: Event = "reported"
    support: Support | None = None
    contested: bool = False
    claimed_by: tuple[str, ...] = ()
    via: tuple[str, ...] = ()
    denied_by: tuple[Denial, ...] = ()
    claims: tuple[ClaimStatus, ...] = ()
    readings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    span: Span | None = field(default=None, compare=False)
    #: The accusing claims' versions, condition by condition (what ``explain`` shows).
    versions: tuple[VersionResult, ...] = field(default=(), compare=False, repr=False)
    #: What the incident's record says beside the accusation (launch point, who held the
    #: site, casualties, revisions), JSON-ready; no effect on the finding.
    context: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def accused(self) -> str:
        """The accused party, for code that handles attributed findings only."""
        if self.party is None:
            raise ValueError(f"the finding on {self.incident} accuses no one")
        return self.party

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What identifies it across runs: agreement, term, incident, party."""
        return (self.agreement, self.term, self.incident, self.party or "")

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        if self.party is None:
            return {
                "incident": self.incident,
                "agreement": self.agreement,
                "term": self.term,
                "status": self.status,
                "event": self.event,
                **self.context,
                "file": self.file,
                "line": self.line,
            }
        return {
            "incident": self.incident,
            "agreement": self.agreement,
            "term": self.term,
            "party": self.party,
            "status": self.status,
            "support": self.support,
            "event": self.event,
            "contested": self.contested,
            "claimed_by": list(self.claimed_by),
            "via": list(self.via),
            "denied_by": [
                {"source": d.source, "how": d.how, "general": d.general}
                | ({"blames": d.other} if d.other else {})
                for d in self.denied_by
            ],
            "claims": [
                {
                    "source": c.source,
                    "via": c.via,
                    "status": c.status,
                    "basis": c.basis,
                    "rung": c.rung,
                }
                for c in self.claims
            ],
            "readings": {k: list(v) for k, v in self.readings.items()},
            **self.context,
            "file": self.file,
            "line": self.line,
        }


@dataclass(slots=True)
class Result:
    """Everything the engine found, in a deterministic order."""

    findings: list[Finding] = field(default_factory=list)
    #: Findings with no accused party.
    unattributed: list[Finding] = field(default_factory=list)


def shared(f: Finding, memo: dict[Any, Any], incident: str = "", file: str = "") -> Finding:
    """``f`` without its versions, and with the values findings repeat (names, the
    readings' words, claims, denials) taken from ``memo`` where an equal one is already
    kept, and its incident's id and file as the given strings when equal: thousands of
    findings then hold one copy each, not one apiece (memory grows with the dataset). Keys
    hold every field: a claim's wording does not take part in its equality."""
    get = memo.setdefault
    incident = incident if incident == f.incident else f.incident
    file = file if file == f.file else f.file
    claims = tuple((c.source, c.via, c.status, c.basis, c.rung, c.why) for c in f.claims)
    denied = tuple((d.source, d.how, d.general, d.other) for d in f.denied_by)
    # every field, in order (dataclasses.replace looks each one up by name: a run makes
    # thousands of findings)
    return Finding(
        incident,
        get(f.agreement, f.agreement),
        get(f.term, f.term),
        f.party,
        f.status,
        file,
        f.line,
        f.event,
        f.support,
        f.contested,
        get(("by", f.claimed_by), f.claimed_by),
        get(("via", f.via), f.via),
        get(("denied", denied), f.denied_by),
        get(("claims", claims), f.claims),
        {k: get(("readings", v), v) for k, v in f.readings.items()},
        f.span,
        (),
        f.context,
    )
