"""``list``: the agreements, incidents, parties or sources of a dataset, as rows."""

from __future__ import annotations

from collections import Counter

from .loading import Dataset
from .results import Row


def rows(data: Dataset, what: str) -> list[Row]:
    """One row per item, sorted by id."""
    if what == "agreements":
        return [
            {
                "id": a.model.id,
                "title": a.model.title,
                "parties": ", ".join(a.model.parties),
                "mediators": ", ".join(a.model.mediators),
                "terms": len(a.model.terms),
                "file": a.file,
            }
            for a in sorted(data.agreements, key=lambda a: a.model.id)
        ]
    if what == "incidents":
        out: list[Row] = []
        for i in sorted(data.incidents, key=lambda i: i.model.id):
            inc = i.model
            when = (
                inc.occurred
                if isinstance(inc.occurred, str)
                else (f"{inc.occurred.from_} to {inc.occurred.until}")
            )
            out.append(
                {
                    "id": inc.id,
                    "occurred": when,
                    "place": ", ".join(p for p in (inc.location.place, inc.location.country) if p),
                    "claims": len(inc.claims),
                    "title": inc.title,
                    "file": i.file,
                }
            )
        return out
    project = data.project.model if data.project else None
    if project is None:
        return []
    claims = Counter(c.source for i in data.incidents for c in i.model.claims)
    accused = Counter(c.attributes_to for i in data.incidents for c in i.model.claims)
    if what == "parties":
        return [
            {
                "id": pid,
                "name": p.name,
                "aliases": ", ".join(p.aliases),
                "accused_in_claims": accused.get(pid, 0),
            }
            for pid, p in sorted(project.parties.items())
        ]
    return [
        {
            "id": sid,
            "name": s.name,
            "kind": s.kind,
            "affiliation": s.affiliation,
            "claims": claims.get(sid, 0),
        }
        for sid, s in sorted(project.sources.items())
    ]
