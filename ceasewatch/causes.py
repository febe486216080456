"""Which edit of an incident made a finding appear, change or go, and where it sits in the
head's file: the claim added, removed or edited, else the incident's own fields.

Claims are matched by content first (a claim moved in the list is not a change), then, in
each stretch of the list that differs, by source and by position: an edited claim keeps its
source or its place.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from .engine import Finding
from .loading import Dataset, Loaded
from .models import Incident

Kind = Literal[
    "incident-added",
    "incident-removed",
    "incident-edited",
    "claim-added",
    "claim-removed",
    "claim-edited",
    "elsewhere",
]
FindingKey = tuple[str, str, str, str]
_CLAIM: dict[str, Kind] = {
    "added": "claim-added",
    "removed": "claim-removed",
    "edited": "claim-edited",
}


@dataclass(frozen=True, slots=True)
class Cause:
    """What made a finding differ, and where that is in the head (no place when the incident
    is gone). ``claim`` is the claim's index in the head, or in the base when removed."""

    kind: Kind
    file: str | None
    line: int | None
    column: int | None = None
    claim: int | None = None
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "kind": self.kind,
            "claim": self.claim,
            "source": self.source,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }


@dataclass(frozen=True, slots=True)
class ClaimEdit:
    """One claim added, removed or edited. ``head`` is its index in the head; for a removed
    claim, the index of the claim now where it was (the list's length when it was last)."""

    kind: Literal["added", "removed", "edited"]
    base: int | None
    head: int
    #: The claim's source (the head's for an edited claim), and every source and party it
    #: names before and after.
    source: str | None
    names: frozenset[str]
    #: False for an edit of where the claim can be read only (its links, its summary): that
    #: cannot change a finding, so it is never taken as the cause of one.
    material: bool = True


#: What a claim says beside who, what and when: no finding depends on it.
_PROVENANCE = frozenset({"url", "original_url", "archive", "retrieved", "summary"})


def _material(before: dict[str, Any], after: dict[str, Any]) -> bool:
    keys = (set(before) | set(after)) - _PROVENANCE
    return any(before.get(k) != after.get(k) for k in keys)


def _source_and_via(claim: dict[str, Any]) -> tuple[Any, ...]:
    return (claim.get("source"), claim.get("via"))


def _source(claim: dict[str, Any]) -> tuple[Any, ...]:
    return (claim.get("source"),)


def _canon(claim: dict[str, Any]) -> str:
    return json.dumps(claim, sort_keys=True)


def _named(*claims: dict[str, Any]) -> frozenset[str]:
    keys = ("source", "via", "attributes_to", "denies")
    return frozenset(str(c[k]) for c in claims for k in keys if c.get(k))


def claim_edits(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[ClaimEdit]:
    """The claims added, removed and edited from ``before`` to ``after`` (JSON forms), in the
    head's order."""
    old, new = [_canon(c) for c in before], [_canon(c) for c in after]
    pairs: list[tuple[int, int]] = []
    removed: list[tuple[int, int]] = []
    added: list[int] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        # The same source (and outlet) first: an edit seldom changes who says it.
        for who in (_source_and_via, _source):
            for i in list(olds):
                same = next((j for j in news if who(after[j]) == who(before[i])), None)
                if same is not None:
                    pairs.append((i, same))
                    olds.remove(i)
                    news.remove(same)
        pairs += zip(olds, news, strict=False)
        removed += [(i, j2) for i in olds[len(news) :]]
        added += news[len(olds) :]
    # Removed here and added there: the same claim moved (dropped below, as unchanged), or
    # one by the same source and outlet moved and edited.
    for key in (_canon, _source_and_via):
        for i, at in list(removed):
            moved = next((j for j in added if key(after[j]) == key(before[i])), None)
            if moved is not None:
                removed.remove((i, at))
                added.remove(moved)
                pairs.append((i, moved))
    edits = [
        ClaimEdit(
            "edited",
            i,
            j,
            after[j].get("source"),
            _named(before[i], after[j]),
            _material(before[i], after[j]),
        )
        for i, j in pairs
        if old[i] != new[j]
    ]
    edits += [ClaimEdit("added", None, j, after[j].get("source"), _named(after[j])) for j in added]
    edits += [
        ClaimEdit("removed", i, at, before[i].get("source"), _named(before[i])) for i, at in removed
    ]
    return sorted(edits, key=lambda e: (e.head, e.kind != "removed", e.base or 0))


def _sources(f: Finding) -> set[str]:
    return {*f.claimed_by, *f.via, *(d.source for d in f.denied_by)}


def _moved(before: Finding | None, after: Finding | None) -> set[str]:
    """The sources whose part in the finding differs (all of them when it appears or goes)."""
    if before is None or after is None:
        only = before or after
        return _sources(only) if only else set()
    claims = set(before.claims) ^ set(after.claims)
    return (
        (_sources(before) ^ _sources(after))
        | {c.source for c in claims}
        | {d.source for d in set(before.denied_by) ^ set(after.denied_by)}
    )


class Locator:
    """Finds the cause of each finding's difference, comparing each incident once."""

    def __init__(self, base: Dataset | None, head: Dataset | None) -> None:
        self.base = {i.model.id: i for i in (base.incidents if base else [])}
        self.head = {i.model.id: i for i in (head.incidents if head else [])}
        self._edits: dict[str, tuple[list[ClaimEdit], bool]] = {}

    def edits(self, ident: str) -> tuple[list[ClaimEdit], bool]:
        """The incident's claim edits, and whether its other fields changed."""
        if ident not in self._edits:
            b = self.base[ident].model.model_dump(mode="json", warnings=False)
            h = self.head[ident].model.model_dump(mode="json", warnings=False)
            body = {k: v for k, v in b.items() if k != "claims"} != {
                k: v for k, v in h.items() if k != "claims"
            }
            edits = claim_edits(b.get("claims") or [], h.get("claims") or [])
            self._edits[ident] = (edits, body)
        return self._edits[ident]

    def cause(self, before: Finding | None, after: Finding | None) -> Cause:
        """Why the finding on one incident differs between ``before`` and ``after``."""
        f = after or before
        assert f is not None
        head = self.head.get(f.incident)
        if head is None:
            return Cause("incident-removed", None, None)
        mark = head.mark("id")
        at_id = (head.file, mark.line, mark.column)
        if f.incident not in self.base:
            return Cause("incident-added", *at_id)
        edits, body = self.edits(f.incident)
        edits = [e for e in edits if e.material]
        moved = _moved(before, after)
        pick = next((e for e in edits if e.names & moved), None)
        if pick is None and body:
            return Cause("incident-edited", *at_id)
        pick = pick or next((e for e in edits if f.party in e.names), None)
        pick = pick or next(iter(edits), None)
        if pick is None:
            return Cause("elsewhere", *at_id)
        index = pick.base if pick.kind == "removed" else pick.head
        line, column = _claim_place(head, pick)
        return Cause(_CLAIM[pick.kind], head.file, line, column, index, pick.source)

    def causes(
        self, pairs: Iterable[tuple[Finding | None, Finding | None]]
    ) -> dict[FindingKey, Cause]:
        """The cause of each (before, after) pair, by the finding's key."""
        out: dict[FindingKey, Cause] = {}
        for before, after in pairs:
            f = after or before
            assert f is not None
            out[f.key] = self.cause(before, after)
        return out


def _claim_place(head: Loaded[Incident], edit: ClaimEdit) -> tuple[int, int]:
    """The claim's line and column in the head; for a removed claim, where it was: the claim
    now in its place, else the ``claims:`` key."""
    if edit.head < len(head.model.claims):
        mark = head.mark("claims", edit.head)
    else:
        mark = head.doc.mark(head.in_file(("claims",)), key=True)
    return mark.line, mark.column
