"""Files to models: find the dataset, read every file, type it, and collect every problem.

Nothing here stops at the first bad file: each problem becomes a :class:`Diagnostic` and
the run goes on, so one broken file never hides another.
"""

from __future__ import annotations

import contextlib
import copy
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from .diagnostics import Diagnostic

# Re-exported: where the files are is part of loading's interface.
from .layout import KIND_DIRS as KIND_DIRS
from .layout import LINK as LINK
from .layout import PROJECT_FILE as PROJECT_FILE
from .layout import SetupError as SetupError
from .layout import discover as discover
from .layout import find_root as find_root
from .messages import data_path, translate
from .models import Agreement, Incident, Model, Project, Tally
from .yamlsource import Document, Mark, YamlError, read_file

M = TypeVar("M", bound=Model)


@dataclass(slots=True)
class Loaded(Generic[M]):
    """A model together with the document it came from (for locations)."""

    model: M
    doc: Document
    #: A salvaged file's lists that lost items: list path -> the file's index of each item kept.
    kept: dict[tuple[str | int, ...], list[int]] = field(default_factory=dict)

    @property
    def file(self) -> str:
        """The file's path from the dataset root."""
        return self.doc.path

    def mark(self, *path: str | int) -> Mark:
        """Where the value at ``path`` sits in the file."""
        return self.doc.mark(self.in_file(path))

    def in_file(self, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
        """``path`` in the model as a path in the file (salvage may have dropped list items)."""
        out: list[str | int] = []
        for part in path:
            if isinstance(part, int):
                kept = self.kept.get(tuple(out))
                if kept is not None and 0 <= part < len(kept):
                    part = kept[part]
            out.append(part)
        return tuple(out)


@dataclass(slots=True)
class Dataset:
    """Everything loaded from one dataset root, and every problem found on the way."""

    root: Path
    project: Loaded[Project] | None = None
    agreements: list[Loaded[Agreement]] = field(default_factory=list)
    incidents: list[Loaded[Incident]] = field(default_factory=list)
    tallies: list[Loaded[Tally]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    #: Warnings a reviewer has recorded as checked (``reviewed:`` in the incident), with the note.
    reviewed: list[tuple[Diagnostic, str]] = field(default_factory=list)

    def add(
        self,
        doc_path: str,
        mark: Mark,
        code: str,
        message: str,
        path: tuple[str | int, ...] = (),
        related: str = "",
    ) -> None:
        """Record a problem with the code's default severity."""
        self.diagnostics.append(
            Diagnostic.at(doc_path, mark.line, mark.column, code, message, path, related)
        )


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector while loading or evaluating a whole dataset.

    Loading builds millions of small acyclic objects (freed by reference counting anyway);
    each collection rescans everything loaded so far, which more than doubled the time of
    a 10,000-incident run. On the way out they are frozen (``gc.freeze``): moved out of the
    collector's sight, so turning it back on does not cost a full scan of them, nor does
    each later pass; reference counting still frees them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def load_dataset(root: Path, progress: Callable[[int, int], None] | None = None) -> Dataset:
    """Read and type every file under ``root``. Cross-file checks are :mod:`checks`' job.

    ``progress`` is called with (files read, files in all) as the files are read."""
    with no_cyclic_gc():
        return _load_all(root, progress)


def _load_all(
    root: Path,
    progress: Callable[[int, int], None] | None = None,
    *,
    incidents: bool = True,
    found: list[tuple[str, str]] | None = None,
) -> Dataset:
    """Every file (without ``incidents``: all but the incident files, which the caller
    reads itself; their names are then missing from ``files``); ``found``: what
    :func:`discover` gave, when the caller already asked it."""
    data = Dataset(root=root)
    project_path = root / PROJECT_FILE
    if project_path.is_file() or project_path.is_symlink():
        data.project = _load(data, project_path, PROJECT_FILE, Project)
    else:
        raise SetupError(f"{root} has no {PROJECT_FILE}")
    for folder in KIND_DIRS:
        if (root / folder).is_symlink():
            # Followed, it could read files from anywhere on the machine; skipped silently,
            # a run would pass with no data at all.
            data.add(
                folder,
                Mark(1, 1),
                "file-symlink",
                f"the folder `{folder}` is a symbolic link; data folders must be real folders "
                "in the repository",
            )
    if found is None:
        found = discover(root)
    if not incidents:
        found = [(kind, rel) for kind, rel in found if kind != "incident"]
    for done, (kind, rel) in enumerate(found, 1):
        if progress is not None and done % 100 == 0:
            progress(done, len(found))
        if kind == LINK:
            data.add(
                _display(rel),
                Mark(1, 1),
                "file-symlink",
                "this is a symbolic link; links in data folders are never followed (their "
                "files would be checked nowhere): replace it with the real folder or file",
            )
        elif kind == "agreement":
            agreement = _load(data, root / rel, rel, Agreement)
            if agreement is not None:
                data.agreements.append(agreement)
        elif kind == "tally":
            tally = _load(data, root / rel, rel, Tally)
            if tally is not None:
                data.tallies.append(tally)
        else:
            incident = _load(data, root / rel, rel, Incident)
            if incident is not None:
                data.incidents.append(incident)
    return data


def _display(rel: str) -> str:
    """A file name as reported: one that is not UTF-8 arrives with surrogates, which no
    UTF-8 output can encode, so it is named by its bytes instead (`caf\\xe9.yaml`)."""
    if rel.isascii():
        return rel  # the same string, not an equal copy: a run holds every file's name
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _load(
    data: Dataset,
    path: Path | str,
    rel: str,
    cls: type[M],
    parsed: Iterator[Document | YamlError] | None = None,
) -> Loaded[M] | None:
    """Read and type one file (its parse is the next of ``parsed``, when given; ``path`` is
    then not read)."""
    rel = _display(rel)
    data.files.append(rel)
    try:
        got = read_file(path, rel, lazy=True) if parsed is None else next(parsed)
        if isinstance(got, YamlError):
            raise got
        doc = got
    except YamlError as exc:
        data.add(rel, exc.mark, exc.code, exc.message)
        return None
    try:
        return Loaded(cls.model_validate(doc.data), doc)
    except ValidationError as exc:
        data.diagnostics.extend(translate(exc, doc, cls))
        return _salvage(exc, doc, cls)


def _salvage(exc: ValidationError, doc: Document, cls: type[M]) -> Loaded[M] | None:
    """The file without its invalid values, if that still makes a model.

    The file is already an error; this only lets the cross-file checks report its other
    problems in the same run, so a contributor does not fix one mistake at a time.
    """
    pruned = copy.deepcopy(doc.data)
    origin: dict[int, list[int]] = {}  # id of a list in `pruned` -> file index of each item
    _index(pruned, origin)
    for _ in range(3):
        paths = {data_path(pruned, err["loc"])[0] for err in exc.errors(include_url=False)}
        if () in paths:
            return None
        for path in sorted(paths, key=lambda p: tuple(str(x).zfill(8) for x in p), reverse=True):
            parent: Any = pruned
            for part in path[:-1]:
                parent = parent[part]
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif isinstance(parent, list) and isinstance(path[-1], int) and path[-1] < len(parent):
                del parent[path[-1]]
                del origin[id(parent)][path[-1]]
        try:
            return Loaded(cls.model_validate(pruned), doc, _kept(pruned, origin, ()))
        except ValidationError as again:
            exc = again
    return None


def _index(node: Any, origin: dict[int, list[int]]) -> None:
    if isinstance(node, dict):
        for child in node.values():
            _index(child, origin)
    elif isinstance(node, list):
        origin[id(node)] = list(range(len(node)))
        for child in node:
            _index(child, origin)


def _kept(
    node: Any, origin: dict[int, list[int]], path: tuple[str | int, ...]
) -> dict[tuple[str | int, ...], list[int]]:
    """The lists of ``node`` that lost items, by their path in the file."""
    out: dict[tuple[str | int, ...], list[int]] = {}
    if isinstance(node, dict):
        for key, child in node.items():
            out.update(_kept(child, origin, (*path, key)))
    elif isinstance(node, list):
        indices = origin[id(node)]
        if indices != list(range(len(node))):
            out[path] = indices
        for index, child in zip(indices, node, strict=True):
            out.update(_kept(child, origin, (*path, index)))
    return out
