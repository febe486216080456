"""Every file's id matches its name and is used once per kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .loading import Dataset, Loaded
from .messages import clip as _clip


def identity(data: Dataset, items: list[Loaded[Any]], what: str) -> None:
    """Report ids that differ from their file names, and ids used twice."""
    first: dict[str, Loaded[Any]] = {}
    for item in items:
        ident = item.model.id
        stem = Path(item.file).stem
        if ident != stem:
            data.add(
                item.file,
                item.mark("id"),
                "id-filename",
                f"the {what} id `{_clip(ident)}` differs from the file name `{_clip(stem)}`; "
                "rename one so they match",
                ("id",),
            )
        other = first.get(ident)
        if other is not None:
            data.add(
                item.file,
                item.mark("id"),
                "id-duplicate",
                f"{what} id `{ident}` is already used by {other.file}",
                ("id",),
            )
        else:
            first[ident] = item
