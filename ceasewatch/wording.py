"""The words every output uses for findings: allegations by sources, never verdicts."""

from __future__ import annotations

from .engine import Denial, Finding

STATUS_TEXT = {
    "apparent": "apparent",
    "contingent": "contingent on the reading",
    "possible": "possible (data missing)",
}
SUPPORT_TEXT = {
    "acknowledged": "acknowledged by the accused's side",
    "independent": "backed by an unaffiliated source's own evidence",
    "third-party": "backed by a third party",
    "adversary": "claimed by the adversary; no independent evidence",
    "unverified": "claimed only by unaffiliated sources that give no evidence of their own",
}
#: "corroborated", not "confirmed": the grade says how well the event is established, and
#: the words must not read as a verdict on who did it.
EVENT_TEXT = {
    "confirmed": "event corroborated",
    "reported": "event reported, not corroborated",
    "disputed": "event disputed",
}


def support_text(f: Finding) -> str:
    """How well the accusation is supported, in words (an unattributed finding has none)."""
    return SUPPORT_TEXT[f.support] if f.support is not None else "no source blames anyone"


def denial_text(d: Denial) -> str:
    """``kremlin (general denial)``, ``russia-mod (blames ukraine)``, ``x (disputes scope)``."""
    if d.how == "denies":
        return f"{d.source} ({'general denial' if d.general else 'denies'})"
    if d.how == "blames-other":
        return f"{d.source} (blames {d.other})"
    if d.how == "event-disputed":
        return f"{d.source} (says it did not happen as described)"
    return f"{d.source} (its own side; disputes that it falls under the term)"


def contested_text(f: Finding) -> str:
    """``no`` or ``disputed by …``."""
    if not f.contested:
        return "not contested"
    return "disputed by " + ", ".join(denial_text(d) for d in f.denied_by)


def finding_sentence(f: Finding) -> str:
    """One neutral sentence for annotations and logs."""
    via = f" (via {', '.join(f.via)})" if f.via else ""
    return (
        f"Alleged violation of {f.agreement}/{f.term} by {f.party}, claimed by "
        f"{', '.join(f.claimed_by)}{via}: {STATUS_TEXT[f.status]}; "
        f"{support_text(f)}; {EVENT_TEXT[f.event]}; {contested_text(f)}."
    )
