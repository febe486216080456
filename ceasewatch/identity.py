"""Every file's id matches its name and is used once per kind."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .loading import Dataset, Loaded
from .messages import clip as _clip
from .yamlsource import Mark


def identity(data: Dataset, items: list[Loaded[Any]], what: str) -> None:
    """Report ids that differ from their file names, and ids used twice."""
    for item in items:
        id_filename(data, item, what)
    duplicate_ids(data, ((i.model.id, i.file, i.mark("id")) for i in items), what)


def id_filename(data: Dataset, item: Loaded[Any], what: str) -> None:
    """Report an id that differs from its file's name (a check of one file alone)."""
    ident = item.model.id
    name = item.file.rpartition("/")[2]
    if ident and (name == ident + ".yaml" or name == ident + ".yml"):
        return  # nearly every file: no Path built (one per file costs more than the check)
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


def duplicate_ids(data: Dataset, items: Iterable[tuple[str, str, Mark]], what: str) -> None:
    """Report every use of an id after its first, given (id, file, where the id is) in the
    files' order."""
    first: dict[str, str] = {}
    for ident, file, mark in items:
        other = first.get(ident)
        if other is not None:
            data.add(
                file,
                mark,
                "id-duplicate",
                f"{what} id `{ident}` is already used by {other}",
                ("id",),
            )
        else:
            first[ident] = file
