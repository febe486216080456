"""``explain``'s words: every term, party, version and reading combination, condition by
condition, as a tree for people and as a JSON document."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.text import Text

from ..engine import SUPPORT_ORDER, ClaimStatus, Combination, VersionResult, strongest
from ..escape import terminal
from ..results import ExplainReport
from ..wording import EVENT_TEXT, STATUS_TEXT, contested_text, support_text
from .common import console, on_tty

_VALUE_STYLE = {"yes": "green", "no": "red", "unknown": "yellow"}
#: How a claim whose own version makes no finding is listed among the rungs.
OUTSIDE = "own version outside the term"


def as_dict(report: ExplainReport) -> dict[str, Any]:
    """The JSON form (versioned)."""
    incident, file, items = report.incident, report.file, report.terms

    def combo(c: Combination) -> dict[str, Any]:
        return {
            "in_force": c.in_force,
            "term_reading": c.term,
            "value": c.value,
            "conditions": [
                {"name": k.name, "value": k.value, "from": list(k.sources), "reason": k.reason}
                for k in c.conditions
            ],
        }

    return {
        "version": 3,  # 2: event, basis, rung; 3: launch point, control, casualties, revisions
        "incident": incident,
        "file": file,
        "revisions": list(report.revisions),
        "terms": [
            {
                "agreement": t.agreement,
                "term": t.term,
                "readings": [
                    {
                        "kind": r.kind,
                        "reading": r.name,
                        "stated": r.stated.isoformat() if r.stated else None,
                        "stated_after_incident": r.after_incident,
                    }
                    for r in t.readings
                ],
                "parties": [
                    {
                        "party": p.party,
                        "role": p.role,
                        "bound": p.bound,
                        "finding": p.finding.as_dict() if p.finding else None,
                        "rungs": [
                            {"source": c.source, "via": c.via, "rung": c.rung, "why": c.why}
                            for c in (p.finding.claims if p.finding else ())
                        ],
                        "versions": [
                            {
                                "version": v.label,
                                "status": v.status,
                                "combinations": [combo(c) for c in v.combinations],
                            }
                            for v in p.versions
                        ],
                    }
                    for p in t.parties
                ],
            }
            for t in items
        ],
    }


def write_text(stream: TextIO, report: ExplainReport, color: bool | None) -> None:
    """The tree, indented, every data string escaped."""
    incident, file, items = report.incident, report.file, report.terms
    out = console(stream, color)

    line = _sayer(out)  # wrapped at words on a terminal, whole in a pipe

    line(0, (f"incident {incident}", "bold"), (f" ({file})", "dim"))
    for revision in report.revisions:  # revised or withdrawn claims count for nothing
        line(1, (f"{revision}: it counts for nothing", "dim"))
    for t in items:
        line(0, ("", ""))
        line(0, (f"{t.agreement} / {t.term}", "bold"), (f" ({t.file})", "dim"))
        for r in t.readings:
            if r.stated is not None:
                late = "; stated after the incident" if r.after_incident else ""
                line(
                    1,
                    (f"{r.kind} reading per {r.name}: stated {r.stated.isoformat()}{late}", "dim"),
                )
        if not t.parties:
            line(1, ("no party to evaluate", ""))
        for p in t.parties:
            if p.role == "accused":
                head = f"alleged against {p.party}: "
            else:
                head = f"no source attributes it; evaluated for {p.party}: "
            if not p.bound:
                line(1, (head, ""), (f"{p.party} is not bound by this term: no finding", "dim"))
                continue
            if p.finding is not None:
                f = p.finding
                verdict = (
                    f"{STATUS_TEXT[f.status]}; {support_text(f)}; {EVENT_TEXT[f.event]}; "
                    f"{contested_text(f)}"
                )
            elif p.role == "accused":
                verdict = "not flagged: no reading combination shows a violation"
            else:
                best = strongest(v.status for v in p.versions)
                verdict = STATUS_TEXT[best] if best else "not within the term"
            line(1, (head, "bold"), (verdict, ""))
            for claim in p.finding.claims if p.finding else ():
                via = f" via {claim.via}" if claim.via else ""
                line(
                    2, (f"claim of {claim.source}{via}: {claim.why}: ", ""), (claim.rung, "italic")
                )
            for v in p.versions:
                line(
                    2,
                    (f"{v.label}: ", ""),
                    (STATUS_TEXT[v.status] if v.status else "no finding", "italic"),
                )
                for c in v.combinations:
                    line(3, (f"{c.name}: ", ""), (c.value, _VALUE_STYLE[c.value]))
                    for k in c.conditions:
                        line(
                            4,
                            (f"{k.value:<7} ", _VALUE_STYLE[k.value]),
                            (f"{k.name}: {k.reason}", ""),
                            (f"  [{', '.join(s for s in k.sources if s)}]", "dim"),
                        )


def write_brief(stream: TextIO, report: ExplainReport, color: bool | None) -> None:
    """Per term and party the decisive facts: which readings make it a violation and which
    not, the condition that decides each (with where it comes from), each claim's rung, and
    the denials. ``--verbose`` gives every condition of every combination instead."""
    out = console(stream, color)
    say = _sayer(out)
    say(0, (f"incident {report.incident}", "bold"), (f" ({report.file})", "dim"))
    for revision in report.revisions:
        say(1, (f"{revision}: it counts for nothing", "dim"))
    for t in report.terms:
        say(0, ("", ""))
        say(0, (f"{t.agreement} / {t.term}", "bold"))
        if not t.parties:
            say(1, ("no party to evaluate", ""))
        for p in t.parties:
            who = f"alleged against {p.party}: "
            if p.role != "accused":
                who = f"no source attributes it; for {p.party}: "
            if not p.bound:
                say(1, (who, ""), (f"{p.party} is not bound by this term", "dim"))
                continue
            lines = _decisive(p.versions)
            if p.finding is None and all(value == "no" for value, _, _ in lines):
                ruled = sorted({why.split(":", 1)[0] for _, _, why in lines})
                say(
                    1,
                    (who, "bold"),
                    (f"no finding under any reading (deciding: {', '.join(ruled)})", ""),
                )
                continue
            if p.finding is not None:
                f = p.finding
                say(1, (who, "bold"), (STATUS_TEXT[f.status], "bold"))
                late = [f"{r.name} ({r.stated})" for r in t.readings if r.after_incident]
                if late:
                    say(2, ("readings first stated after the incident: " + ", ".join(late), "dim"))
                say(2, (f"{support_text(f)}; {EVENT_TEXT[f.event]}", ""))
                say(2, (contested_text(f), ""))
            else:
                best = strongest(v.status for v in p.versions)
                say(1, (who, "bold"), (STATUS_TEXT[best] if best else "no finding", ""))
            for value, names, why in lines:
                say(
                    2, (f"{value} under {names}", _VALUE_STYLE[value]), (f": {why}" * bool(why), "")
                )
            if p.finding is not None:
                say(2, ("claims: " + _rungs(p.finding.claims), ""))


def _rungs(claims: Sequence[ClaimStatus]) -> str:
    """``adversary: a via x, y; b; unverified: c``: each claim's rung, sources grouped."""
    by_rung: dict[str, dict[str, list[str]]] = {}
    for c in claims:
        # a claim whose own version makes no finding backs nothing: it is listed apart
        level = c.rung if c.status else OUTSIDE
        vias = by_rung.setdefault(level, {}).setdefault(c.source, [])
        if c.via:
            vias.append(c.via)
    parts = []
    for level in (*SUPPORT_ORDER, OUTSIDE):
        sources = by_rung.get(level)
        if sources:
            said = [s + (f" via {', '.join(v)}" if v else "") for s, v in sources.items()]
            parts.append(f"{level}: {'; '.join(said)}")
    return "; ".join(parts)


def _decisive(versions: Sequence[VersionResult]) -> list[tuple[str, str, str]]:
    """Per reading combination, its best value over the versions and the condition that
    decides it (the first no, else the first unknown); combinations decided alike are one
    line: ``(value, "in force: a / term: b, c", "target: ... [file:line]")``."""
    best: dict[tuple[str, str], Combination] = {}
    rank = {"yes": 2, "unknown": 1, "no": 0}
    for v in versions:
        for c in v.combinations:
            key = (c.in_force, c.term)
            if key not in best or rank[c.value] > rank[best[key].value]:
                best[key] = c
    grouped: dict[tuple[str, str], list[Combination]] = {}
    for c in best.values():
        grouped.setdefault((c.value, _why(c)), []).append(c)
    every_term = {c.term for c in best.values()}
    out: list[tuple[str, str, str]] = []
    for (value, why), combos in sorted(grouped.items(), key=lambda g: -rank[g[0][0]]):
        forces = sorted({c.in_force for c in combos})
        terms = sorted({c.term for c in combos})
        term = "any" if set(terms) == every_term and len(terms) > 1 else ", ".join(terms)
        out.append((value, f"in force: {', '.join(forces)} / term: {term}", why))
    return out


def _why(c: Combination) -> str:
    """The deciding condition of ``c``, with where its facts are ("" when all are yes)."""
    if c.value == "yes":
        return ""
    for k in c.conditions:
        if k.value == c.value:
            where = ", ".join(s for s in k.sources if s)
            return f"{k.name}: {k.reason}" + (f" [{where}]" if where else "")
    return ""


def _sayer(out: Console) -> Callable[..., None]:
    """Print indented lines; on a terminal a long line is wrapped at words, its
    continuation indented under it, never broken mid-word by the terminal."""

    tty = on_tty(out)  # once: a pipe does not become a terminal mid-run

    def say(indent: int, *parts: tuple[str, str]) -> None:
        body = Text()
        for content, style in parts:
            body.append(terminal(content), style=style)
        pad = "  " * indent
        if not tty:
            out.print(Text(pad) + body, soft_wrap=True)
            return
        # a column to spare: rich may keep a run of spaces at the end of a piece
        lines = body.wrap(out, max(out.width - len(pad) - 5, 20), overflow="fold")
        for i, piece in enumerate(lines):
            piece.rstrip()  # the space a line was broken at
            out.print(Text(pad + ("    " if i else "")) + piece, soft_wrap=True)

    return say
