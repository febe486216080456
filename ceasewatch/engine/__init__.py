"""The rule engine: which incidents appear to violate which term, by whom, as claimed by whom.

It never decides who is right. Terms are data, interpreted by a closed table of conditions
(in force, act, means, target, area, outcome), each yes, no or unknown; a reading's result
is their Kleene AND. Every accusation is a claim with a source, and a finding says how well
it is supported and who disputes it. Pure: a dataset in, findings out, no printing.

Modules, one job each: :mod:`.logic` (three-valued logic, the status and support orders),
:mod:`.readings` (readings and versions), :mod:`.conditions` (the conditions table),
:mod:`.attribution` (support and denials), :mod:`.findings` (the one finding type),
:mod:`.evaluation` (what a run works out once, and one version under one term),
:mod:`.traversal` (the walk shared by ``run`` and ``explain``), :mod:`.selection` (filters).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .attribution import revisions, standing
    from .conditions import CONDITIONS, Condition
    from .findings import ClaimStatus, Combination, Denial, Finding, Result, VersionResult
    from .logic import (
        EVENT_ORDER,
        STATUS_ORDER,
        STATUS_RANK,
        SUPPORT_ORDER,
        SUPPORT_RANK,
        Event,
        Status,
        Support,
        Tri,
        at_least,
        kleene_and,
        kleene_or,
        status_of,
        strongest,
    )
    from .readings import Period, TermReading, Version, incident_span, span_of, stated_after
    from .selection import Selection, in_files, period_of
    from .traversal import PartyResult, TermResult, bound, explain, order, run

#: Where each name lives. Each module is imported when one of its names is first used: a
#: run served by the cache needs the finding types alone, not the machinery (nor the
#: models it loads), so it starts without them.
_HOME = {
    "Denial": "findings",
    "revisions": "attribution",
    "standing": "attribution",
    "CONDITIONS": "conditions",
    "Condition": "conditions",
    "ClaimStatus": "findings",
    "Combination": "findings",
    "Finding": "findings",
    "Result": "findings",
    "VersionResult": "findings",
    "Period": "readings",
    "TermReading": "readings",
    "Version": "readings",
    "incident_span": "readings",
    "span_of": "readings",
    "stated_after": "readings",
    "Selection": "selection",
    "in_files": "selection",
    "period_of": "selection",
    "PartyResult": "traversal",
    "TermResult": "traversal",
    "bound": "traversal",
    "explain": "traversal",
    "order": "traversal",
    "run": "traversal",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name, "logic")
    module = importlib.import_module(f".{home}", __name__)
    try:
        value = getattr(module, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    globals()[name] = value
    return value


__all__ = [
    "CONDITIONS",
    "EVENT_ORDER",
    "STATUS_ORDER",
    "STATUS_RANK",
    "SUPPORT_ORDER",
    "SUPPORT_RANK",
    "ClaimStatus",
    "Combination",
    "Condition",
    "Denial",
    "Event",
    "Finding",
    "PartyResult",
    "Period",
    "Result",
    "Selection",
    "Status",
    "Support",
    "TermReading",
    "TermResult",
    "Tri",
    "Version",
    "VersionResult",
    "at_least",
    "bound",
    "explain",
    "in_files",
    "incident_span",
    "kleene_and",
    "kleene_or",
    "order",
    "period_of",
    "revisions",
    "run",
    "span_of",
    "standing",
    "stated_after",
    "status_of",
    "strongest",
]
