"""The library: one function per job, each returning a typed result from :mod:`.results`.

The command line is these functions plus options, a reporter and an exit code; a notebook
can do everything it does. Problems with the call itself (no dataset, an unknown id in a
filter, a bad date) raise :class:`SetupError` or :class:`UsageError`; a job that needs valid
data raises :class:`InvalidData`, which carries the validation report.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from . import cache as cache_
from . import diffing, engine, listing, runs, scaffold
from . import report as report_
from . import schema as schemas
from .checks import check as check_files
from .engine import Finding
from .escape import terminal
from .files import write_atomic
from .loading import Dataset, SetupError, find_root, load_dataset, no_cyclic_gc
from .quality import apply_reviews, check_quality
from .results import (
    CheckReport,
    DatasetReport,
    DiffReport,
    ExplainReport,
    ListReport,
    ValidationReport,
)
from .runs import Progress, repo_prefix
from .runs import within as _within
from .scaffold import NewIncident, ScaffoldError
from .timeutil import TimeError, check_year
from .vocab import Vocabulary

__all__ = [
    "InvalidData",
    "NewIncident",
    "ScaffoldError",
    "SetupError",
    "UsageError",
    "any_at_least",
    "check",
    "clear_cache",
    "diff",
    "explain",
    "export",
    "list_items",
    "load",
    "new_incident",
    "parse_day",
    "report",
    "root_of",
    "schema",
    "terminal",
    "validate",
    "vocabulary",
    "write_artefact",
    "write_schemas",
]


#: The choices of the command line's options, each defined where its meaning is.
STATUSES = engine.STATUS_ORDER
EVENTS = engine.EVENT_ORDER
LIST_KINDS = ("agreements", "incidents", "parties", "sources")
KINDS = schemas.KINDS
#: The ISO 3166-1 alpha-2 codes an incident's country may take.
COUNTRIES = scaffold.COUNTRIES


class UsageError(SetupError):
    """An option the dataset cannot answer: an unknown id, a malformed date. Exit code 2."""


class InvalidData(Exception):
    """The job needs valid data; ``report`` says what is wrong with it."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(f"{report.errors} errors in the data")
        self.report = report


def root_of(root: Path | None) -> Path:
    """The dataset's folder: ``root`` if given (it must hold ceasewatch.yaml), else the
    nearest folder at or above the current one that does."""
    if root is not None:
        if not (root / "ceasewatch.yaml").exists():
            raise SetupError(f"{root} has no ceasewatch.yaml; give the dataset's folder")
        return root.resolve()
    return find_root(Path.cwd())


def parse_day(option: str, text: str | None) -> date | None:
    """A date option: strict YYYY-MM-DD within the accepted years."""
    if text is None:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            try:
                check_year(day, text)
            except TimeError as exc:
                raise UsageError(f"--{option}: {exc.message}") from None
            return day
    raise UsageError(f"--{option} takes a date as YYYY-MM-DD, not `{text}`")


def load(root: Path, *, today: date | None = None) -> Dataset:
    """Read every file under ``root`` and run every check; problems are in ``.diagnostics``."""
    with no_cyclic_gc():
        data = load_dataset(root)
        check_files(data, today=today)
        check_quality(data)
        apply_reviews(data)
        data.diagnostics.sort()
    return data


def _report(
    data: Dataset | runs.Snapshot, only: tuple[str, ...] | None, prefix: str = ""
) -> ValidationReport:
    # Only the files reported on are counted: the rest were read, not reported on.
    files = [f for f in data.files if engine.in_files(f, only)]
    return ValidationReport(
        diagnostics=[d for d in data.diagnostics if engine.in_files(d.file, only)],
        files=len(files),
        agreements=sum(f.startswith("agreements/") for f in files),
        incidents=sum(f.startswith("incidents/") for f in files),
        prefix=prefix,
        tallies=sum(f.startswith("tallies/") for f in files),
    )


def _valid(data: Dataset) -> Dataset:
    if any(d.severity == "error" for d in data.diagnostics):
        raise InvalidData(_report(data, None))
    return data


def _known(option: str, values: Iterable[str], known: Iterable[str]) -> frozenset[str]:
    """``values`` if each is one of ``known``; else a usage error with a suggestion."""
    choices = sorted(known)
    for value in values:
        if value not in choices:
            close = difflib.get_close_matches(value, choices, n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            raise UsageError(f"--{option}: no {option} `{value}` in the dataset{hint}")
    return frozenset(values)


def validate(
    root: Path,
    *,
    paths: Iterable[Path] | None = None,
    today: date | None = None,
    cache: bool = False,
    progress: Progress | None = None,
) -> ValidationReport:
    """Every problem in the dataset (those in ``paths`` only, when given: the whole dataset
    is still read, since references cross files). ``cache``: reuse the last run while no
    file it read has changed; ``progress(done, total)`` is called as files are read."""
    only = _within(root, paths)
    snap = runs.run(root, today=today, evaluate=False, cache=cache, progress=progress)
    return _report(snap, only, repo_prefix(root))


def clear_cache(root: Path) -> bool:
    """Remove the cache of the dataset at ``root`` (:mod:`.cache`); whether there was one."""
    return cache_.clear(root)


def check(
    root: Path,
    *,
    paths: Iterable[Path] | None = None,
    today: date | None = None,
    agreements: Iterable[str] = (),
    terms: Iterable[str] = (),
    parties: Iterable[str] = (),
    sources: Iterable[str] = (),
    statuses: Iterable[str] = (),
    events: Iterable[str] = (),
    since: date | None = None,
    until: date | None = None,
    show_reviewed: bool = False,
    cache: bool = False,
    progress: Progress | None = None,
) -> CheckReport:
    """Validate, then the findings the selection keeps (none when the data has errors).
    ``cache`` and ``progress``: as for :func:`validate`."""
    only = _within(root, paths)
    snap = runs.run(root, today=today, evaluate=True, cache=cache, progress=progress)
    validation = _report(snap, only, repo_prefix(root))
    result = snap.result or engine.Result()
    selection = engine.Selection(
        agreements=_known("agreement", agreements, snap.agreement_ids),
        terms=_known("term", terms, snap.term_ids),
        parties=_known("party", parties, snap.parties),
        sources=_known("source", sources, snap.sources),
        statuses=frozenset(statuses),
        events=frozenset(events),
        since=since,
        until=until,
        files=only,
    )
    findings, unattributed = selection.pick(result, snap.zone_name, snap.spans)
    return CheckReport(
        validation,
        findings,
        unattributed,
        snap.agreements,
        snap.incidents,
        list(snap.reviewed) if show_reviewed else None,
    )


def explain(
    root: Path,
    incident: str,
    *,
    agreements: Iterable[str] = (),
    terms: Iterable[str] = (),
    today: date | None = None,
) -> ExplainReport:
    """Condition by condition, why each term was or was not flagged for ``incident``."""
    data = _valid(load(root, today=today))
    files = {i.model.id: i.file for i in data.incidents}
    if incident not in files:
        close = difflib.get_close_matches(incident, sorted(files), n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        raise UsageError(f"no incident `{incident}` in the dataset{hint}")
    chosen = _known("agreement", agreements, (a.model.id for a in data.agreements))
    term_ids = _known("term", terms, (t.id for a in data.agreements for t in a.model.terms))
    items = engine.explain(data, incident, agreements=chosen, terms=term_ids)
    (item,) = [i for i in data.incidents if i.model.id == incident]
    return ExplainReport(incident, files[incident], items, tuple(engine.revisions(item.model)))


def report(
    root: Path,
    *,
    agreements: Iterable[str] = (),
    events: Iterable[str] = (),
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
    maps: Iterable[str] = (),
) -> DatasetReport:
    """What the Markdown report shows: a valid dataset, its findings and its stamp.
    ``maps``: map files to show and link to, as paths from the report's folder."""
    data = _valid(load(root, today=today))
    chosen = _known("agreement", agreements, (a.model.id for a in data.agreements))
    return DatasetReport(
        data,
        engine.run(data),
        report_.stamp(root),
        chosen,
        events=frozenset(events),
        since=since,
        until=until,
        maps=tuple(maps),
    )


def export(root: Path, *, today: date | None = None) -> DatasetReport:
    """What the exports hold: a valid dataset and its findings."""
    data = _valid(load(root, today=today))
    return DatasetReport(data, engine.run(data))


def list_items(root: Path, kind: str) -> ListReport:
    """The agreements, incidents, parties or sources (``kind``) of the dataset."""
    data = load(root)
    partial = any(d.severity == "error" for d in data.diagnostics)
    return ListReport(kind, listing.rows(data, kind), partial)


def diff(
    root: Path, base: str, *, head: str | None = None, today: date | None = None
) -> DiffReport:
    """What the head (a revision, else the files on disk) introduces over ``base``."""
    top = diffing.repo_top(root)
    subdir = root.resolve().relative_to(top.resolve()).as_posix()
    subdir = "" if subdir == "." else subdir
    base_sha = diffing.resolve_rev(top, base)
    head_sha = diffing.resolve_rev(top, head) if head else None

    def side(folder: Path) -> diffing.Side:
        # Findings are compared even when a side has errors: a change to a dataset that
        # already had problems must still show what it does to the findings.
        try:
            data = load(folder, today=today)
        except SetupError:
            return diffing.Side(None, engine.Result())
        return diffing.Side(data, engine.run(data))

    with diffing.checkout(top, base_sha, subdir) as base_root:
        base_side = side(base_root)
    if head_sha is None:
        head_side = side(root)
    else:
        with diffing.checkout(top, head_sha, subdir) as head_root:
            head_side = side(head_root)
    change = diffing.compare(base_side, head_side, base_sha, head_sha or "worktree")
    return DiffReport(change, f"{subdir}/" if subdir else "")


def write_artefact(path: Path, text: str) -> None:
    """Replace the generated file ``path`` with ``text``, whole or not at all (never through
    a link to elsewhere: the link itself is replaced)."""
    try:
        write_atomic(path, text, replace=True)
    except OSError as exc:
        raise SetupError(f"cannot write {path}: {exc.strerror}") from None


def vocabulary(root: Path) -> Vocabulary:
    """The ids the dataset at ``root`` declares, built-ins included (for prompts and shell
    completion; built-ins only when ceasewatch.yaml cannot be read)."""
    return Vocabulary.of(scaffold.project(root))


def new_incident(
    root: Path, new: NewIncident, *, folder: Path | None = None, today: date | None = None
) -> tuple[Path, ValidationReport]:
    """Write a new incident file from ``new`` (never over an existing file), then validate
    it: the file and what validation says of it."""
    project = scaffold.project(root)
    names = {sid: s.name for sid, s in project.sources.items()} if project else {}
    ident, text = scaffold.render(new, Vocabulary.of(project), names)
    path = scaffold.write(root, ident, text, folder)
    return path, validate(root, paths=[path], today=today)


def any_at_least(findings: Iterable[Finding], threshold: str) -> bool:
    """Whether a finding has status ``threshold`` or a stronger one (``--fail-on``)."""
    return any(engine.at_least(f.status, threshold) for f in findings)


def schema(kind: str, root: Path | None = None) -> str:
    """The JSON Schema of a file kind (``project``, ``agreement``, ``incident``, ``tally``),
    as text: the schema of the dataset at ``root`` or found upwards, else the generic one."""
    return schemas.render(kind, schemas.names_near(root))


def write_schemas(folder: Path, *, force: bool = False, root: Path | None = None) -> list[Path]:
    """Write the schemas (as :func:`schema` makes them) into ``folder``; returns those
    written. An identical file is left alone; a differing one (or a link) is replaced only
    with ``force``, else the others are written and a setup error names the ones that differ."""
    names = schemas.names_near(root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SetupError(f"cannot create {folder}: {exc.strerror}") from None
    written: list[Path] = []
    stale: list[Path] = []
    for name in schemas.KINDS:
        target = folder / schemas.file_name(name)
        text = schemas.render(name, names)
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        if target.exists() and not force:
            stale.append(target)
            continue
        try:
            write_atomic(target, text, replace=force)
        except OSError as exc:
            raise SetupError(f"cannot write {target}: {exc.strerror}") from None
        written.append(target)
    if stale:
        raise StaleSchemas(written, stale)
    return written


class StaleSchemas(SetupError):
    """Schemas on disk that differ from the current ones (and were not replaced)."""

    def __init__(self, written: list[Path], stale: list[Path]) -> None:
        names = ", ".join(str(p) for p in stale)
        super().__init__(f"{names} differ from the current schema; add --force to replace")
        self.written = written
