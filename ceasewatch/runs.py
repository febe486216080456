"""One validation run (and the engine's findings), as ``check`` and ``validate`` need it:
computed, or read from the cache when nothing it depends on has changed.

A :class:`Snapshot` holds only what those jobs report (the diagnostics, the findings, the
ids the filters accept); the models behind it are read again, file by file, only if a
reporter asks for one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from . import cache as cache_
from .diagnostics import Diagnostic
from .layout import SetupError

# Types only at start-up: a run served by the cache reads no model unless a reporter asks.
if TYPE_CHECKING:
    from .cachecodec import Unit
    from .engine import Result
    from .filewise import Run
    from .loading import Loaded
    from .models import Agreement, Incident, Model
    from .quality import Entry
    from .timeutil import Span

M = TypeVar("M", bound="Model")

#: Called as a run goes with its stage (``files``: each incident file read, checked and
#: evaluated; ``across``: the checks across files), the work done in it and all of it: what
#: a progress bar needs.
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class Snapshot:
    """What a run of validation (and, when asked, of the engine) found."""

    files: list[str]
    diagnostics: list[Diagnostic]
    reviewed: list[tuple[Diagnostic, str]]
    #: The project's time zone (what --since and --until are read in), parties and sources.
    zone_name: str
    parties: tuple[str, ...]
    sources: tuple[str, ...]
    agreements: Mapping[str, Agreement]
    #: Each agreement's title by id.
    titles: Mapping[str, str]
    #: Every agreement's id and every term's id, as the files give them (for the filters).
    agreement_ids: tuple[str, ...]
    term_ids: tuple[str, ...]
    incidents: Mapping[str, Incident]
    #: The engine's findings; None when it was not run (``validate``).
    result: Result | None = None
    #: Each incident's span by id, for --since and --until (worked out when first asked).
    spans: Callable[[], dict[str, Span | None]] = field(default=lambda: {})

    @property
    def valid(self) -> bool:
        """Whether the data has no errors."""
        return not any(d.severity == "error" for d in self.diagnostics)


def within(root: Path, paths: Iterable[Path] | None) -> tuple[str, ...] | None:
    """The given paths as prefixes relative to the root (an unknown path is a setup error)."""
    if not paths:
        return None
    out: list[str] = []
    for path in paths:
        if not path.exists():
            raise SetupError(f"{path} does not exist")
        full = path.resolve()
        if full != root and root not in full.parents:
            raise SetupError(f"{path} is outside the dataset at {root}")
        out.append(full.relative_to(root).as_posix() if full != root else "")
    return tuple(out)


def repo_prefix(root: Path) -> str:
    """The dataset's folder relative to its git repository's top ("" when they coincide)."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            rel = root.relative_to(folder).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def run(
    root: Path,
    *,
    today: date | None,
    evaluate: bool,
    cache: bool = False,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> Snapshot:
    """Validate ``root`` (and run the engine, with ``evaluate``) file by file
    (:mod:`.filewise`); with ``cache``, files unchanged since the last run are not read
    again. ``jobs`` processes (None: as many as :func:`parallel.workers` advises)."""
    day = today or datetime.now().astimezone().date()
    store = cache_.Store(root) if cache else None
    found = key = None
    if store is not None:
        # Nothing changed since the last run: its results, read whole, before anything that
        # checks or evaluates is even imported.
        from .layout import discover

        found = discover(root)
        key = store.run_key(day, found)
        store.save_stamps()  # every file is hashed: written now, not held through the run
        snap = store.read_run(key, evaluate)
        if snap is not None:
            return snap
    from . import filewise
    from .loading import no_cyclic_gc

    with no_cyclic_gc():
        try:
            return filewise.compute(
                root, day, evaluate, progress=progress, jobs=jobs, store=store, found=found, key=key
            )
        finally:
            if store is not None:
                store.close()


class FileModels(Mapping[str, M], Generic[M]):
    """Models by id, each read again from its file the first time it is asked for (most
    runs ask for none). The file must still hold the bytes the run was cached for: if it
    changed meanwhile, :class:`cache.Changed` is raised rather than a model of other data."""

    def __init__(
        self,
        root: Path,
        files: dict[str, str],
        digests: dict[str, bytes],
        kind: Literal["agreement", "incident"],
    ) -> None:
        self._root, self._files, self._digests, self._kind = root, files, digests, kind
        self._models: dict[str, M] = {}

    def __getitem__(self, key: str) -> M:
        found = self._models.get(key)
        if found is None:
            from .loading import Dataset, _load
            from .models import Agreement, Incident

            rel = self._files[key]
            if cache_.digest_of(self._root / rel) != self._digests.get(rel):
                raise cache_.Changed(f"{rel} changed while it was being reported on")
            scratch = Dataset(root=self._root)
            cls: Any = Incident if self._kind == "incident" else Agreement
            loaded: Loaded[M] | None = _load(scratch, self._root / rel, rel, cls)
            if loaded is None:  # cannot happen for bytes that loaded before
                raise cache_.Changed(f"{rel} no longer loads")
            found = self._models[key] = loaded.model
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def snapshot(
    run: Run,
    units: list[Unit],
    entries: list[Entry],
    result: Result | None,
    digests: dict[str, bytes] | None,
) -> Snapshot:
    """What a file-by-file run found (``digests``: each file's, when known; else taken from
    the units)."""
    data = run.data
    project = data.project.model if data.project else None
    zone_name = run.zone_name or "UTC"
    if digests is None:
        digests = {u.rel: u.digest for u in units if u.digest is not None}
    files = {u.entry.id: u.rel for u in units if u.entry is not None}

    def spans() -> dict[str, Span | None]:
        return {e.id: e.near.span for e in entries}

    return Snapshot(
        files=data.files,
        diagnostics=data.diagnostics,
        reviewed=data.reviewed,
        zone_name=zone_name,
        parties=tuple(project.parties) if project else (),
        sources=tuple(project.sources) if project else (),
        agreements={a.model.id: a.model for a in data.agreements},
        titles={a.model.id: a.model.title for a in data.agreements},
        agreement_ids=tuple(a.model.id for a in data.agreements),
        term_ids=tuple(t.id for a in data.agreements for t in a.model.terms),
        incidents=FileModels(run.root, files, digests, "incident"),
        result=result,
        spans=spans,
    )
