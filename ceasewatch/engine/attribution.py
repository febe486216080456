"""Attribution: how well an accusation is supported, and who disputes it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..models import Incident
from .logic import SUPPORT_RANK, Support


@dataclass(frozen=True, slots=True)
class Denial:
    """A source disputing an accusation, and how."""

    source: str
    how: Literal["denies", "blames-other", "scope"]
    general: bool
    other: str | None = None  # the party blamed instead


def accused(inc: Incident) -> list[str]:
    """The parties the incident's claims attribute it to, sorted."""
    named = {c.attributes_to for c in inc.claims if c.attributes_to is not None}
    return sorted(named - {"unknown"})


def support(
    sources: Iterable[str], party: str, affiliation: dict[str, str | None], parties: set[str]
) -> Support:
    """The strongest backing among the accusing ``sources``: the accused's own side, an
    unaffiliated source, a non-party (a mediator), or only the other party."""
    best: Support = "adversary"
    for source in sources:
        aff = affiliation.get(source)
        level: Support
        if aff == party:
            level = "acknowledged"
        elif aff is None:
            level = "independent"
        elif aff not in parties:
            level = "third-party"
        else:
            level = "adversary"
        if SUPPORT_RANK[level] > SUPPORT_RANK[best]:
            best = level
    return best


def denials(inc: Incident, party: str, scope_disputes: list[Denial]) -> tuple[Denial, ...]:
    """Everyone disputing the accusation against ``party``: denials, blame laid on another
    party, and the accused side's own sources saying it falls outside the term."""
    out = list(scope_disputes)
    for claim in inc.claims:
        if claim.denies == party:
            out.append(Denial(claim.source, "denies", claim.general))
        if claim.attributes_to not in (None, "unknown", party):
            out.append(Denial(claim.source, "blames-other", claim.general, claim.attributes_to))
    return tuple(sorted(set(out), key=lambda d: (d.source, d.how)))
