"""Attribution: how well an accusation is supported, how well the event itself is
established, and who disputes it.

Who says it and on what they base it are kept apart (as Airwars, ACLED and the Berkeley
Protocol do): an unaffiliated outlet restating one side's officials backs nothing by itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..models import Claim, Incident
from .findings import Denial
from .logic import SUPPORT_RANK, Event, Support

#: Bases on which an unaffiliated source's word is evidence of its own.
EVIDENCE = frozenset({"observation", "imagery", "sensor"})


def basis_of(claim: Claim, affiliation: dict[str, str | None]) -> str:
    """The claim's basis, or its default: a statement for an affiliated source, else unknown."""
    if claim.basis is not None:
        return claim.basis
    return "statement" if affiliation.get(claim.source) else "unknown"


def accuses(claim: Claim) -> str | None:
    """The party the claim accuses: none for a general claim, which can only deny."""
    if claim.general or claim.attributes_to in (None, "unknown"):
        return None
    return claim.attributes_to


def standing(inc: Incident) -> frozenset[int]:
    """The indices of the claims that count: neither revised by a later claim of their
    source (``updates``; a chain counts only its last claim) nor withdrawn (``retracted``).
    The others stay listed, but accuse, deny and report nothing."""
    for c in inc.claims:
        if c.updates is not None or c.retracted is not None:
            break
    else:
        return _every(len(inc.claims))  # most incidents: no claim revised or withdrawn
    revised = {c.updates for c in inc.claims if c.updates is not None}
    return frozenset(
        i for i, c in enumerate(inc.claims) if i not in revised and c.retracted is None
    )


@cache
def _every(count: int) -> frozenset[int]:
    return frozenset(range(count))


def revisions(inc: Incident) -> list[str]:
    """Each revision and withdrawal, in words (``claims[0] (kremlin) is revised by
    claims[2]``); a revised or withdrawn claim stays listed but counts for nothing."""
    out = []
    for i, c in enumerate(inc.claims):
        if c.updates is not None:
            out.append(f"claims[{c.updates}] ({c.source}) is revised by claims[{i}]")
        if c.retracted is not None:
            out.append(f"claims[{i}] ({c.source}) was withdrawn on {c.retracted.date}")
    return out


@dataclass(frozen=True, slots=True)
class Rung:
    """How much one accusing claim backs the accusation, and why, in words."""

    level: Support
    why: str


def rung(
    claim: Claim, party: str, affiliation: dict[str, str | None], bound: frozenset[str]
) -> Rung:
    """The claim's rung against ``party``: from its speaker's affiliation first (``via``
    never counts; an affiliated speaker's basis never raises it), then its basis."""
    aff = affiliation.get(claim.source)
    basis = basis_of(claim, affiliation)
    if aff == party:
        return Rung("acknowledged", f"the accused's own side ({aff})")
    if aff is None:
        if basis in EVIDENCE:
            return Rung("independent", f"unaffiliated, basis {basis}")
        return Rung("unverified", f"unaffiliated, basis {basis}")
    if aff not in bound:
        return Rung("third-party", f"affiliated with {aff}, not bound by the term")
    return Rung("adversary", f"affiliated with {aff}, the other side")


def strongest_support(levels: Iterable[Support]) -> Support | None:
    """The highest of ``levels`` in the support order."""
    return max(levels, key=SUPPORT_RANK.__getitem__, default=None)


def reports_event(claim: Claim) -> bool:
    """Whether the claim says something happened: not a dispute of the event, not a blanket
    denial, not a bare "we did not do it" that names no one else."""
    if claim.event != "reported" or claim.general:
        return False
    return not (claim.denies is not None and claim.attributes_to is None)


def event_grade(
    inc: Incident, affiliation: dict[str, str | None], counting: frozenset[int]
) -> Event:
    """How well the event itself is established, whoever is blamed.

    disputed: a claim says it did not happen (or not as described); confirmed: an
    unaffiliated source reports it on evidence of its own, or speakers of two different
    parties report it (one speaker counts once; an affiliated speaker never confirms alone);
    else reported.
    """
    claims = [c for i, c in enumerate(inc.claims) if i in counting]
    if any(c.event == "disputed" for c in claims):
        return "disputed"
    sides: set[str] = set()
    for claim in claims:
        if not reports_event(claim):
            continue
        aff = affiliation.get(claim.source)
        if aff is None and basis_of(claim, affiliation) in EVIDENCE:
            return "confirmed"
        if aff is not None:
            sides.add(aff)
    return "confirmed" if len(sides) >= 2 else "reported"


def denials(
    inc: Incident, party: str, scope_disputes: list[Denial], counting: frozenset[int]
) -> tuple[Denial, ...]:
    """Everyone disputing the accusation against ``party``: denials, blame laid on another
    party, the accused side's own sources saying it falls outside the term, and anyone
    saying the event did not happen as described."""
    out = list(scope_disputes)
    for i, claim in enumerate(inc.claims):
        if i not in counting:
            continue
        if claim.denies == party:
            out.append(Denial(claim.source, "denies", claim.general))
        if claim.attributes_to not in (None, "unknown", party):
            out.append(Denial(claim.source, "blames-other", claim.general, claim.attributes_to))
        if claim.event == "disputed":
            out.append(Denial(claim.source, "event-disputed", claim.general))
    # a total order: one source may deny twice (once generally, once about this incident)
    return tuple(sorted(set(out), key=lambda d: (d.source, d.how, d.general, d.other or "")))
