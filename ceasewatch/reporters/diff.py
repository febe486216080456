"""``diff``'s words, shared by every format: what the change does, in sentences, and the
versioned JSON document."""

from __future__ import annotations

from typing import Any

from ..diffing import Diff
from .common import plural as _n

VERSION = 3  # 2: event grade, basis and rung; 3: launch point, control, casualties


_VERB = {"added": "adds", "removed": "removes", "changed": "changes"}
_SINGULAR = {
    "parties": "party",
    "sources": "source",
    "areas": "area",
    "categories": "category",
    "acts": "act",
    "means": "means",
}


def summary_sentences(diff: Diff) -> list[str]:
    """What the change does, in plain words (the data strings are the caller's to escape)."""
    out: list[str] = []
    for count, verb in (
        (len(diff.incidents_added), "adds"),
        (len(diff.incidents_removed), "removes"),
        (len(diff.incidents_changed), "changes"),
    ):
        if count:
            out.append(f"{verb} {_n(count, 'incident')}")
    for f in diff.findings_added:
        only = " only" if len(f.claimed_by) == 1 else ""
        out.append(
            f"1 new {f.status} violation of {f.term} alleged against {f.party}, claimed by "
            f"{', '.join(f.claimed_by)}{only} ({f.support})"
        )
    for f in diff.findings_removed:
        out.append(f"no longer alleges a violation of {f.term} by {f.party} ({f.incident})")
    for b, a in diff.findings_changed:
        what = [
            name
            for name, x, y in (
                ("status", b.status, a.status),
                ("support", b.support, a.support),
                ("contested", b.contested, a.contested),
                ("claimed by", b.claimed_by, a.claimed_by),
                ("denied by", b.denied_by, a.denied_by),
                ("via", b.via, a.via),
                ("readings", b.readings, a.readings),
            )
            if x != y
        ]
        out.append(
            f"changes the {', '.join(what)} of the finding on {a.incident} against "
            f"{a.party} ({a.term})"
        )
    for v in diff.vocabulary:
        detail = ""
        if v["section"] == "sources" and v["change"] == "changed":
            before, after = v["before"], v["after"]
            if before.get("affiliation") != after.get("affiliation"):
                detail = "the affiliation of "
        out.append(
            f"{_VERB[v['change']]} {detail}{_SINGULAR[v['section']]} {v['id']}, "
            f"which alters {_n(v['findings_altered'], 'finding')}"
        )
    for ag in diff.agreements:
        out.append(
            f"{_VERB[ag['change']]} agreement {ag['id']}, which alters "
            f"{_n(ag['findings_altered'], 'finding')}"
        )
    for r in diff.reviewed:
        of = f" of {r['of']}" if r["of"] else ""
        out.append(f"marks the warning {r['code']}{of} on {r['incident']} as reviewed")
    if diff.introduced:
        out.append(
            f"introduces {_n(diff.errors, 'error')} and "
            f"{_n(len(diff.introduced) - diff.errors, 'warning')}"
        )
    return out or ["changes nothing ceasewatch evaluates"]


def as_dict(diff: Diff) -> dict[str, Any]:
    """The versioned JSON document."""
    return {
        "version": VERSION,
        "base": diff.base,
        "head": diff.head,
        "errors": {
            "introduced": [d.as_dict() for d in diff.introduced],
            "preexisting_count": diff.preexisting,
        },
        "incidents": {
            "added": diff.incidents_added,
            "removed": diff.incidents_removed,
            "changed": diff.incidents_changed,
        },
        "vocabulary": diff.vocabulary,
        "agreements": diff.agreements,
        "findings": {
            "added": [f.as_dict() for f in diff.findings_added],
            "removed": [f.as_dict() for f in diff.findings_removed],
            "changed": [
                {"before": b.as_dict(), "after": a.as_dict()} for b, a in diff.findings_changed
            ],
        },
        "unattributed": {
            "added": [u.as_dict() for u in diff.unattributed_added],
            "removed": [u.as_dict() for u in diff.unattributed_removed],
            "changed": [
                {"before": b.as_dict(), "after": a.as_dict()} for b, a in diff.unattributed_changed
            ],
        },
        "reviewed": diff.reviewed,
        "summary": {
            "errors_introduced": diff.errors,
            "warnings_introduced": len(diff.introduced) - diff.errors,
            "errors_preexisting": diff.preexisting,
            "incidents_added": len(diff.incidents_added),
            "incidents_removed": len(diff.incidents_removed),
            "incidents_changed": len(diff.incidents_changed),
            "findings_added": len(diff.findings_added),
            "findings_removed": len(diff.findings_removed),
            "findings_changed": len(diff.findings_changed),
            "text": summary_sentences(diff),
        },
    }
