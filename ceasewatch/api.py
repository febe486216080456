"""The library: one function per job, each returning a typed result from :mod:`.results`.

The command line is these functions plus options, a reporter and an exit code; a notebook
can do everything it does. Problems with the call itself (no dataset, an unknown id in a
filter, a bad date) raise :class:`SetupError` or :class:`UsageError`; a job that needs valid
data raises :class:`InvalidData`, which carries the validation report.
"""

from __future__ import annotations

import difflib
import importlib
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .engine.logic import EVENT_ORDER, STATUS_ORDER
from .escape import terminal
from .results import (
    CheckReport,
    DatasetReport,
    DiffReport,
    ExplainReport,
    ListReport,
    ValidationReport,
)

if TYPE_CHECKING:
    from .apierrors import StaleSchemas as StaleSchemas
    from .apierrors import UsageError as UsageError
    from .engine import Finding
    from .loading import Dataset, SetupError
    from .runs import Progress, Snapshot
    from .runs import repo_prefix as repo_prefix
    from .scaffold import COUNTRIES as COUNTRIES
    from .scaffold import NewIncident, ScaffoldError
    from .vocab import Vocabulary

# The command line imports this module to start: what loading, checking and the engine
# need (pydantic, the models) is imported by the functions that use it, and the names
# below from their modules when first asked for (:func:`__getattr__`); ``COUNTRIES`` are
# the ISO 3166-1 alpha-2 codes an incident's country may take.
_LAZY = {"SetupError": "loading", "UsageError": "apierrors", "StaleSchemas": "apierrors"}
_LAZY |= {"NewIncident": "scaffold", "ScaffoldError": "scaffold", "COUNTRIES": "scaffold"}
_LAZY |= {"repo_prefix": "runs"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_LAZY[name]}", __package__), name)
    globals()[name] = value
    return value


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


#: The command line's choices: the engine's orders (its logic module alone), and the
#: schema's kinds written out (they would import the models; a test checks they agree).
STATUSES = STATUS_ORDER
EVENTS = EVENT_ORDER
LIST_KINDS = ("agreements", "incidents", "parties", "sources")
KINDS = ("project", "agreement", "incident", "tally")


class InvalidData(Exception):
    """The job needs valid data; ``report`` says what is wrong with it."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(f"{report.errors} errors in the data")
        self.report = report


def root_of(root: Path | None) -> Path:
    """The dataset's folder: ``root`` if given (it must hold ceasewatch.yaml), else the
    nearest folder at or above the current one that does."""
    from .layout import SetupError, find_root

    if root is not None:
        if not (root / "ceasewatch.yaml").exists():
            raise SetupError(f"{root} has no ceasewatch.yaml; give the dataset's folder")
        return root.resolve()
    return find_root(Path.cwd())


def parse_day(option: str, text: str | None) -> date | None:
    """A date option: strict YYYY-MM-DD within the accepted years."""
    if text is None:
        return None
    message = f"--{option} takes a date as YYYY-MM-DD, not `{text}`"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            from .timeutil import TimeError, check_year

            try:
                check_year(day, text)
            except TimeError as exc:
                message = f"--{option}: {exc.message}"
            else:
                return day
    from .apierrors import UsageError

    raise UsageError(message)


def load(root: Path, *, today: date | None = None) -> Dataset:
    """Read every file under ``root`` and run every check; problems are in ``.diagnostics``."""
    from .checks import check as check_files
    from .loading import load_dataset, no_cyclic_gc
    from .quality import apply_reviews, check_quality

    with no_cyclic_gc():
        data = load_dataset(root)
        check_files(data, today=today)
        check_quality(data)
        apply_reviews(data)
        data.diagnostics.sort()
    return data


def _report(
    data: Dataset | Snapshot, only: tuple[str, ...] | None, prefix: str = ""
) -> ValidationReport:
    from .engine import in_files

    # Only the files reported on are counted: the rest were read, not reported on.
    files = [f for f in data.files if in_files(f, only)]
    return ValidationReport(
        diagnostics=[d for d in data.diagnostics if in_files(d.file, only)],
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
            from .apierrors import UsageError

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
    from .runs import repo_prefix, run, within

    only = within(root, paths)
    snap = run(root, today=today, evaluate=False, cache=cache, progress=progress)
    return _report(snap, only, repo_prefix(root))


def clear_cache(root: Path) -> bool:
    """Remove the cache of the dataset at ``root`` (:mod:`.cache`); whether there was one."""
    from .cache import clear

    return clear(root)


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
    from . import engine
    from .runs import repo_prefix, run, within

    only = within(root, paths)
    snap = run(root, today=today, evaluate=True, cache=cache, progress=progress)
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
        snap.titles,
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
    from . import engine
    from .apierrors import UsageError

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
    from . import engine
    from .report import stamp

    data = _valid(load(root, today=today))
    chosen = _known("agreement", agreements, (a.model.id for a in data.agreements))
    return DatasetReport(
        data,
        engine.run(data),
        stamp(root),
        chosen,
        events=frozenset(events),
        since=since,
        until=until,
        maps=tuple(maps),
    )


def export(root: Path, *, today: date | None = None) -> DatasetReport:
    """What the exports hold: a valid dataset and its findings."""
    from .engine import run

    data = _valid(load(root, today=today))
    return DatasetReport(data, run(data))


def list_items(root: Path, kind: str) -> ListReport:
    """The agreements, incidents, parties or sources (``kind``) of the dataset."""
    from .listing import rows

    data = load(root)
    partial = any(d.severity == "error" for d in data.diagnostics)
    return ListReport(kind, rows(data, kind), partial)


def diff(
    root: Path, base: str, *, head: str | None = None, today: date | None = None
) -> DiffReport:
    """What the head (a revision, else the files on disk) introduces over ``base``."""
    from .diffjob import diff_report

    return diff_report(root, base, head=head, today=today)


def write_artefact(path: Path, text: str) -> None:
    """Replace the generated file ``path`` with ``text``, whole or not at all (never through
    a link to elsewhere: the link itself is replaced)."""
    from .files import write_atomic
    from .loading import SetupError

    try:
        write_atomic(path, text, replace=True)
    except OSError as exc:
        raise SetupError(f"cannot write {path}: {exc.strerror}") from None


def vocabulary(root: Path) -> Vocabulary:
    """The ids the dataset at ``root`` declares, built-ins included (for prompts and shell
    completion; built-ins only when ceasewatch.yaml cannot be read)."""
    from . import scaffold
    from .vocab import Vocabulary

    return Vocabulary.of(scaffold.project(root))


def new_incident(
    root: Path, new: NewIncident, *, folder: Path | None = None, today: date | None = None
) -> tuple[Path, ValidationReport]:
    """Write a new incident file from ``new`` (never over an existing file), then validate
    it: the file and what validation says of it."""
    from . import scaffold
    from .vocab import Vocabulary

    project = scaffold.project(root)
    names = {sid: s.name for sid, s in project.sources.items()} if project else {}
    ident, text = scaffold.render(new, Vocabulary.of(project), names)
    path = scaffold.write(root, ident, text, folder)
    return path, validate(root, paths=[path], today=today)


def any_at_least(findings: Iterable[Finding], threshold: str) -> bool:
    """Whether a finding has status ``threshold`` or a stronger one (``--fail-on``)."""
    from .engine import at_least

    return any(at_least(f.status, threshold) for f in findings)


def schema(kind: str, root: Path | None = None) -> str:
    """The JSON Schema of a file kind (``project``, ``agreement``, ``incident``, ``tally``),
    as text: the schema of the dataset at ``root`` or found upwards, else the generic one."""
    from . import schema as schemas

    return schemas.render(kind, schemas.names_near(root))


def write_schemas(folder: Path, *, force: bool = False, root: Path | None = None) -> list[Path]:
    """Write the schemas (as :func:`schema` makes them) into ``folder``; returns those
    written. An identical file is left alone; a differing one (or a link) is replaced only
    with ``force``, else the others are written and a setup error names the ones that differ."""
    from .schemafiles import write_all

    return write_all(folder, force=force, root=root)
