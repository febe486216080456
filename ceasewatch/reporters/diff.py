"""``diff``'s words, shared by every format: what the change does, in sentences (a changed
finding as each field before → after), and the versioned JSON document.

The same words for every party and source: the names come from the data, the sentence
around them never depends on who is accused.
"""

from __future__ import annotations

from typing import Any

from ..causes import Cause
from ..diffing import Diff
from ..engine import Denial, Finding
from ..wording import denial_text
from .common import plural as _n

#: 2: event grade, basis and rung; 3: launch point, control, casualties; 4: each finding's
#: cause and sentence, and a changed finding's fields before and after (``changes``).
VERSION = 4

#: The fields a changed finding is told by, as named in its JSON, and in words.
FIELDS = {
    "status": "status",
    "support": "support",
    "event": "event grade",
    "contested": "contested",
    "claimed_by": "claimed by",
    "denied_by": "denied by",
    "via": "via",
    "readings": "readings",
}
_LISTS = ("claimed_by", "denied_by", "via")
_READING = {"yes": "holds", "no": "fails", "unknown": "undetermined"}
_VERB = {"added": "adds", "removed": "removes", "changed": "changes"}
_SINGULAR = {
    "parties": "party",
    "sources": "source",
    "areas": "area",
    "categories": "category",
    "acts": "act",
    "means": "means",
}


def label(diff: Diff, f: Finding) -> str:
    """``violation of TERM by PARTY at INCIDENT``, with the names the data gives."""
    term = diff.name("term", f"{f.agreement}/{f.term}")
    return f"violation of {term} by {diff.name('party', f.accused)} at {f.incident}"


def field_changes(before: Finding, after: Finding) -> list[dict[str, Any]]:
    """Each field that differs, JSON-ready: ``field``, ``before``, ``after``, and for a list
    the items ``added`` and ``removed``."""
    b, a = before.as_dict(), after.as_dict()
    out: list[dict[str, Any]] = []
    for key in FIELDS:
        if b[key] == a[key]:
            continue
        entry = {"field": key, "before": b[key], "after": a[key]}
        if key in _LISTS:
            entry["added"] = [x for x in a[key] if x not in b[key]]
            entry["removed"] = [x for x in b[key] if x not in a[key]]
        out.append(entry)
    return out


def _denial(diff: Diff, d: dict[str, Any]) -> str:
    other = d.get("blames")
    return denial_text(
        Denial(
            diff.name("source", d["source"]),
            d["how"],
            d["general"],
            diff.name("party", other) if other else None,
        )
    )


def _items(diff: Diff, key: str, items: list[Any]) -> str:
    if key == "denied_by":
        return ", ".join(_denial(diff, d) for d in items)
    return ", ".join(diff.name("source", s) for s in items)


def value_text(diff: Diff, key: str, value: Any) -> str:
    """One field's value in words (``none`` for an empty list)."""
    if key == "contested":
        return "yes" if value else "no"
    if key in _LISTS:
        return _items(diff, key, value) or "none"
    if key == "readings":
        told = [f"{_READING[k]} under {', '.join(v)}" for k, v in value.items() if v]
        return "; ".join(told) or "none"
    return "none" if value is None else str(value)


def _change_parts(diff: Diff, change: dict[str, Any]) -> list[str]:
    key, words = change["field"], FIELDS[change["field"]]
    before, after = change["before"], change["after"]
    if key == "readings":
        return [
            f"now {verb} under {', '.join(moved)}"
            for bucket, verb in _READING.items()
            if (moved := [r for r in after[bucket] if r not in before[bucket]])
        ] or [f"readings {value_text(diff, key, before)} → {value_text(diff, key, after)}"]
    if key not in _LISTS:
        return [f"{words} {value_text(diff, key, before)} → {value_text(diff, key, after)}"]
    parts = []
    if change["added"]:
        also = " also" if any(x in after for x in before) else ""
        parts.append(f"now{also} {words} {_items(diff, key, change['added'])}")
    if change["removed"]:
        parts.append(f"no longer {words} {_items(diff, key, change['removed'])}")
    return parts


def _state(diff: Diff, f: Finding) -> str:
    d = f.as_dict()
    parts = [f"{FIELDS[k]} {value_text(diff, k, d[k])}" for k in ("status", "support", "event")]
    parts.append(f"claimed by {value_text(diff, 'claimed_by', d['claimed_by'])}")
    if d["via"]:
        parts.append(f"via {value_text(diff, 'via', d['via'])}")
    denied = d["denied_by"]
    parts.append(
        f"denied by {value_text(diff, 'denied_by', denied)}" if denied else "not contested"
    )
    return "; ".join(parts)


def added_sentence(diff: Diff, f: Finding) -> str:
    """``New alleged violation of … at …: status …; support …; …``."""
    return f"New alleged {label(diff, f)}: {_state(diff, f)}"


def removed_sentence(diff: Diff, f: Finding) -> str:
    """``No longer alleged: violation of … at … (before: status …; …)``."""
    return f"No longer alleged: {label(diff, f)} (before: {_state(diff, f)})"


def changed_sentence(diff: Diff, before: Finding, after: Finding) -> str:
    """``Alleged violation of … at …: support adversary → independent; now also claimed by …``."""
    parts = [p for c in field_changes(before, after) for p in _change_parts(diff, c)]
    return f"Alleged {label(diff, after)}: {'; '.join(parts)}"


def cause_text(diff: Diff, cause: Cause | None) -> str:
    """What in the incident made the finding differ, in words."""
    if cause is None:
        return "unknown"
    by = f" by {diff.name('source', cause.source)}" if cause.source else ""
    return {
        "incident-added": "incident added",
        "incident-removed": "incident removed",
        "incident-edited": "the incident's own fields edited",
        "claim-added": f"claim{by} added",
        "claim-removed": f"claim{by} removed",
        "claim-edited": f"claim{by} edited",
        "elsewhere": "a change outside the incident (its sources, parties or agreement)",
    }[cause.kind]


def where_text(diff: Diff, f: Finding, prefix: str) -> str:
    """``incidents/x.yaml:12 (claim by Kremlin added)``; the cause alone when its file is gone."""
    cause = diff.causes.get(f.key)
    why = cause_text(diff, cause)
    if cause is None or cause.file is None:
        return why
    return f"{prefix}{cause.file}:{cause.line} ({why})"


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
    out += [added_sentence(diff, f) for f in diff.findings_added]
    out += [changed_sentence(diff, b, a) for b, a in diff.findings_changed]
    out += [removed_sentence(diff, f) for f in diff.findings_removed]
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
            "added": [_with_cause(diff, f, added_sentence(diff, f)) for f in diff.findings_added],
            "removed": [
                _with_cause(diff, f, removed_sentence(diff, f)) for f in diff.findings_removed
            ],
            "changed": [
                {
                    "before": b.as_dict(),
                    "after": a.as_dict(),
                    "changes": field_changes(b, a),
                    "cause": _cause(diff, a),
                    "text": changed_sentence(diff, b, a),
                }
                for b, a in diff.findings_changed
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


def _cause(diff: Diff, f: Finding) -> dict[str, Any] | None:
    cause = diff.causes.get(f.key)
    return cause.as_dict() if cause else None


def _with_cause(diff: Diff, f: Finding, text: str) -> dict[str, Any]:
    return {**f.as_dict(), "cause": _cause(diff, f), "text": text}
