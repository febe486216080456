"""``list``: the agreements, incidents, parties or sources of a dataset, as rows."""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from .escape import cell
from .loading import Dataset
from .reporters.text import console

Row = dict[str, str | int | None]


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


def write_json(stream: TextIO, what: str, items: list[Row]) -> None:
    """``{"version": 1, "<what>": [...]}``."""
    stream.write(json.dumps({"version": 1, what: items}, indent=2, ensure_ascii=False) + "\n")


def write_table(stream: TextIO, what: str, items: list[Row], color: bool | None) -> None:
    """A table with every cell escaped."""
    table = Table(title=what, title_justify="left", box=box.SIMPLE_HEAD)
    columns = list(items[0]) if items else ["id"]
    for column in columns:
        table.add_column(column, overflow="fold")
    for item in items:
        table.add_row(*(Text(cell("" if item[c] is None else str(item[c]))) for c in columns))
    console(stream, color).print(table)
