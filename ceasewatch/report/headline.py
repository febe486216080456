"""The report's headline: the counts a reader takes in at a glance, with their caveat."""

from __future__ import annotations

from collections import Counter

from .. import engine
from .. import markdown as md
from ..engine import EVENT_ORDER, STATUS_ORDER, SUPPORT_ORDER
from ..loading import Dataset
from ..wording import EVENT_TEXT, STATUS_TEXT, SUPPORT_TEXT
from .common import party

CAVEAT = (
    "**Counts are not rates of violation.** They reflect how much each side reports and how "
    "its reports are itemised (one ministry bulletin may list ten sites), not how often each "
    "side violates an agreement."
)


def headline(
    data: Dataset,
    findings: list[engine.Finding],
    unattributed: list[engine.Finding],
    titles: dict[str, str],
) -> list[str]:
    """Who is accused how often, how the accusations rest, and the caveat; then the counts
    by party, status, support and event grade (``titles``: the chosen agreements' titles)."""
    out = ["## At a glance", ""]
    if not findings:
        out += ["No alleged violations in the period.", ""]
    else:
        out += [_sentences(data, findings, unattributed, titles), ""]
    out += [CAVEAT, ""]
    if findings:
        out += _table(data, findings)
    return out


def _sentences(
    data: Dataset,
    findings: list[engine.Finding],
    unattributed: list[engine.Finding],
    titles: dict[str, str],
) -> str:
    by_party = Counter(f.accused for f in findings)
    against = ", ".join(
        f"{n} against {md.text(party(data, p))}" for p, n in sorted(by_party.items())
    )
    incidents = len({f.incident for f in findings})
    adversary = sum(f.support == "adversary" for f in findings)
    confirmed = sum(f.event == "confirmed" for f in findings)
    text = (
        f"{len(findings)} alleged {_plural(len(findings), 'violation')} in the period: "
        f"{against} (one per incident, term and accused party; {incidents} "
        f"{_plural(incidents, 'incident')}). {adversary} of {len(findings)} "
        f"{'rests' if adversary == 1 else 'rest'} on the adversary's word alone; {confirmed} "
        f"{'concerns' if confirmed == 1 else 'concern'} an event corroborated by an "
        "unaffiliated source or by both sides."
    )
    if len(titles) > 1:
        by_agreement = Counter(f.agreement for f in findings)
        text += (
            " By agreement: "
            + "; ".join(f"{md.text(title)}, {by_agreement[aid]}" for aid, title in titles.items())
            + "."
        )
    free = len({u.incident for u in unattributed})
    if free:
        text += (
            f" {free} {_plural(free, 'incident')} {'falls' if free == 1 else 'fall'} within a "
            "term, but no source blames anyone."
        )
    return text


def _table(data: Dataset, findings: list[engine.Finding]) -> list[str]:
    """One column per accused party and one for all, one row per status, support and grade."""
    parties = sorted({f.accused for f in findings})
    rows: list[tuple[str, Counter[str]]] = [("**alleged violations**", Counter())]
    rows += [(f"status: {STATUS_TEXT[s]}", Counter()) for s in STATUS_ORDER]
    rows += [(f"support: {SUPPORT_TEXT[s]}", Counter()) for s in SUPPORT_ORDER]
    rows += [(EVENT_TEXT[e], Counter()) for e in EVENT_ORDER]
    for f in findings:
        keys = [0, 1 + STATUS_ORDER.index(f.status)]
        if f.support is not None:
            keys.append(1 + len(STATUS_ORDER) + SUPPORT_ORDER.index(f.support))
        keys.append(1 + len(STATUS_ORDER) + len(SUPPORT_ORDER) + EVENT_ORDER.index(f.event))
        for k in keys:
            rows[k][1][f.accused] += 1
    out = [
        "| | " + " | ".join(md.cell(party(data, p)) for p in parties) + " | all |",
        "|---|" + "---|" * (len(parties) + 1),
    ]
    for label, counts in rows:
        numbers = " | ".join(str(counts[p]) for p in parties)
        out.append(f"| {label} | {numbers} | {sum(counts.values())} |")
    out.append("")
    return out


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"
