"""The command line: parse options, call the library, map the outcome to an exit code.

Exit codes: 0 valid (warnings allowed); 1 invalid data, or a warning under --strict;
2 usage or setup error; 3 findings at or above --fail-on (engine commands).
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__, diffing, engine, listing, stepsummary
from . import export as export_
from . import report as report_
from . import schema as schemas
from .api import validate as run_validate
from .escape import terminal
from .files import write_atomic
from .loading import Dataset, SetupError, find_root
from .reporters import REPORTER_BY_NAME, CheckReport, ValidationReport
from .reporters import diff as diff_view
from .reporters import explain as explain_view
from .reporters.github import GithubReporter
from .reporters.summary import check_markdown
from .timeutil import TimeError, check_year

EXIT_OK, EXIT_INVALID, EXIT_SETUP, EXIT_FINDINGS = 0, 1, 2, 3

app = typer.Typer(
    name="ceasewatch",
    help="Track ceasefire compliance: which incidents are alleged to breach which term, "
    "by whom, on whose word.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    """Output formats: ``auto`` plus every reporter (a test keeps the two in step)."""

    auto = "auto"
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ceasewatch {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Track ceasefire compliance: who is alleged to have broken which term, on whose word."""


RootOpt = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="The dataset folder (holding ceasewatch.yaml). Default: found by walking up "
        "from the current folder.",
        file_okay=False,
    ),
]
FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format; auto: text, or github in Actions."),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 1).")]
TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today", help="The date dates are checked against (YYYY-MM-DD).", metavar="DATE"
    ),
]
PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Report only on these files or folders (the whole dataset is "
        "still read, since references cross files)."
    ),
]


def _fail_setup(message: str) -> typer.Exit:
    typer.echo(f"ceasewatch: error: {terminal(message)}", err=True)
    return typer.Exit(EXIT_SETUP)


def _root(root: Path | None) -> Path:
    try:
        if root is not None:
            if not (root / "ceasewatch.yaml").exists():
                raise SetupError(f"{root} has no ceasewatch.yaml; give the dataset's folder")
            return root.resolve()
        return find_root(Path.cwd())
    except SetupError as exc:
        raise _fail_setup(str(exc)) from None


def _today(text: str | None) -> date | None:
    return _day("today", text)


def _format(fmt: Format) -> str:
    name = fmt.value
    if name == "auto":
        in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
        return "github" if in_actions and "github" in REPORTER_BY_NAME else "text"
    return name


def _within(root: Path, paths: list[Path] | None) -> list[str] | None:
    """The given paths as prefixes relative to the root (an unknown path is a setup error)."""
    if not paths:
        return None
    out: list[str] = []
    for path in paths:
        if not path.exists():
            raise _fail_setup(f"{path} does not exist")
        full = path.resolve()
        if full != root and root not in full.parents:
            raise _fail_setup(f"{path} is outside the dataset at {root}")
        out.append(full.relative_to(root).as_posix() if full != root else "")
    return out


def repo_prefix(root: Path) -> str:
    """The dataset's folder relative to its git repository's top ("" when they coincide)."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            rel = root.relative_to(folder).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def _load(root: Path, today: date | None) -> Dataset:
    try:
        return run_validate(root, today=today)
    except SetupError as exc:
        raise _fail_setup(str(exc)) from None


def _report_of(data: Dataset, only: list[str] | None) -> ValidationReport:
    diagnostics = data.diagnostics
    if only is not None:
        diagnostics = [
            d
            for d in diagnostics
            if any(p == "" or d.file == p or d.file.startswith(p.rstrip("/") + "/") for p in only)
        ]
    return ValidationReport(
        diagnostics=diagnostics,
        files=len(data.files),
        agreements=sum(f.startswith("agreements/") for f in data.files),
        incidents=sum(f.startswith("incidents/") for f in data.files),
    )


@app.command()
def validate(
    paths: PathsArg = None,
    root: RootOpt = None,
    fmt: FormatOpt = Format.auto,
    strict: StrictOpt = False,
    today: TodayOpt = None,
) -> None:
    """Check every agreement and incident file and report each problem at its file:line:col."""
    base = _root(root)
    only = _within(base, paths)
    data = _load(base, _today(today))
    report = _report_of(data, only)
    name = _format(fmt)
    reporter = REPORTER_BY_NAME[name](stream=sys.stdout, err=sys.stderr, prefix=repo_prefix(base))
    reporter.validation(report)
    failed = report.errors > 0 or (strict and report.warnings > 0)
    raise typer.Exit(EXIT_INVALID if failed else EXIT_OK)


class StatusOpt(StrEnum):
    """A finding status (also the weakest one that fails ``check --fail-on``)."""

    apparent = "apparent"
    contingent = "contingent"
    possible = "possible"


FailOn = StatusOpt


ListOpt = list[str] | None


def _known(name: str, values: list[str] | None, known: set[str]) -> None:
    for value in values or ():
        if value not in known:
            close = difflib.get_close_matches(value, sorted(known), n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            raise _fail_setup(f"--{name}: no {name} `{value}` in the dataset{hint}")


def _day(name: str, text: str | None) -> date | None:
    """A date option: strict YYYY-MM-DD within the accepted years, else a usage error."""
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
                raise _fail_setup(f"--{name}: {exc.message}") from None
            return day
    raise _fail_setup(f"--{name} takes a date as YYYY-MM-DD, not `{text}`")


@app.command()
def check(
    paths: PathsArg = None,
    root: RootOpt = None,
    fmt: FormatOpt = Format.auto,
    strict: StrictOpt = False,
    today: TodayOpt = None,
    agreement: Annotated[ListOpt, typer.Option("--agreement", help="Only this agreement.")] = None,
    term: Annotated[ListOpt, typer.Option("--term", help="Only this term.")] = None,
    party: Annotated[ListOpt, typer.Option("--party", help="Only allegations against it.")] = None,
    source: Annotated[
        ListOpt, typer.Option("--source", help="Only allegations this source makes.")
    ] = None,
    status: Annotated[
        list[StatusOpt] | None, typer.Option("--status", help="Only findings of this status.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="Incidents from this day on.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help="Incidents up to this day.")
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Exit 3 when a finding of this status or stronger exists."),
    ] = None,
    show_reviewed: Annotated[
        bool, typer.Option("--show-reviewed", help="Also list warnings reviewers have checked.")
    ] = False,
) -> None:
    """Validate, then list the incidents alleged to violate each agreement's terms."""
    base = _root(root)
    only = _within(base, paths)
    data = _load(base, _today(today))
    validation = _report_of(data, only)
    valid = not any(d.severity == "error" for d in data.diagnostics)
    result = engine.run(data) if valid else engine.Result()
    agreements = {a.model.id: a.model for a in data.agreements}
    incidents = {i.model.id: i.model for i in data.incidents}
    _known("agreement", agreement, set(agreements))
    _known("term", term, {t.id for a in agreements.values() for t in a.terms})
    _known("party", party, set(data.project.model.parties) if data.project else set())
    _known("source", source, set(data.project.model.sources) if data.project else set())
    selection = engine.Selection(
        agreements=frozenset(agreement or ()),
        terms=frozenset(term or ()),
        parties=frozenset(party or ()),
        sources=frozenset(source or ()),
        statuses=frozenset(s.value for s in status or ()),
        since=_day("since", since),
        until=_day("until", until),
        files=tuple(only) if only is not None else None,
    )
    zone_name = data.project.model.timezone if data.project else "UTC"
    findings, unattributed = selection.apply(result, data, zone_name)
    reviewed = list(data.reviewed) if show_reviewed else None
    report = CheckReport(validation, findings, unattributed, agreements, incidents, reviewed)
    name = _format(fmt)
    reporter = REPORTER_BY_NAME[name](stream=sys.stdout, err=sys.stderr, prefix=repo_prefix(base))
    reporter.check(report)
    stepsummary.append(check_markdown(report, repo_prefix(base)))
    if validation.errors or (strict and validation.warnings):
        raise typer.Exit(EXIT_INVALID)
    if fail_on is not None and any(
        engine.STATUS_RANK[f.status] >= engine.STATUS_RANK[fail_on.value] for f in findings
    ):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


class ExplainFormat(StrEnum):
    """Formats of ``explain``."""

    text = "text"
    json = "json"


@app.command()
def explain(
    incident: Annotated[str, typer.Argument(help="The incident's id.")],
    root: RootOpt = None,
    agreement: Annotated[ListOpt, typer.Option("--agreement", help="Only this agreement.")] = None,
    term: Annotated[ListOpt, typer.Option("--term", help="Only this term.")] = None,
    fmt: Annotated[
        ExplainFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExplainFormat.text,
    today: TodayOpt = None,
) -> None:
    """Show why each term was or was not flagged for one incident, condition by condition."""
    base = _root(root)
    data = _load(base, _today(today))
    errors = [d for d in data.diagnostics if d.severity == "error"]
    if errors:
        REPORTER_BY_NAME["text"](stream=sys.stdout, err=sys.stderr).validation(
            _report_of(data, None)
        )
        raise typer.Exit(EXIT_INVALID)
    ids = {i.model.id: i.file for i in data.incidents}
    if incident not in ids:
        close = difflib.get_close_matches(incident, sorted(ids), n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        raise _fail_setup(f"no incident `{incident}` in the dataset{hint}")
    agreements = {a.model.id for a in data.agreements}
    _known("agreement", agreement, agreements)
    _known("term", term, {t.id for a in data.agreements for t in a.model.terms})
    items = engine.explain(
        data, incident, agreements=frozenset(agreement or ()), terms=frozenset(term or ())
    )
    if fmt is ExplainFormat.json:
        explain_view.write_json(sys.stdout, incident, ids[incident], items)
    else:
        explain_view.write_text(sys.stdout, incident, ids[incident], items, None)
    raise typer.Exit(EXIT_OK)


class ListKind(StrEnum):
    """What ``list`` lists."""

    agreements = "agreements"
    incidents = "incidents"
    parties = "parties"
    sources = "sources"


@app.command(name="list")
def list_(
    what: Annotated[ListKind, typer.Argument(help="What to list.")],
    root: RootOpt = None,
    fmt: Annotated[
        ExplainFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExplainFormat.text,
) -> None:
    """List the agreements, incidents, parties or sources of the dataset."""
    base = _root(root)
    data = _load(base, None)
    rows = listing.rows(data, what.value)
    if fmt is ExplainFormat.json:
        listing.write_json(sys.stdout, what.value, rows)
    else:
        listing.write_table(sys.stdout, what.value, rows, None)
    invalid = any(d.severity == "error" for d in data.diagnostics)
    if invalid:
        typer.echo(
            "ceasewatch: the data has errors; run `ceasewatch validate` (the list may be partial)",
            err=True,
        )
    raise typer.Exit(EXIT_INVALID if invalid else EXIT_OK)


class DiffFormat(StrEnum):
    """Formats of ``diff``."""

    auto = "auto"
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    markdown = "markdown"


class DiffFailOn(StrEnum):
    """Which new findings fail ``diff`` (exit 3)."""

    apparent = "new-apparent"
    contingent = "new-contingent"
    possible = "new-possible"


@app.command()
def diff(
    base_rev: Annotated[
        str, typer.Option("--base", help="The base revision (a commit, a branch).")
    ],
    head_rev: Annotated[
        str | None,
        typer.Option("--head", help="The head revision (default: the files on disk)."),
    ] = None,
    root: RootOpt = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DiffFormat.auto
    ),
    today: TodayOpt = None,
    fail_on: Annotated[
        DiffFailOn | None,
        typer.Option("--fail-on", help="Exit 3 when the change adds a finding this strong."),
    ] = None,
) -> None:
    """What a change introduces: new problems, incidents and findings, head minus base."""
    base = _root(root)
    day = _today(today)
    try:
        top = diffing.repo_top(base)
        subdir = base.resolve().relative_to(top.resolve()).as_posix()
        subdir = "" if subdir == "." else subdir
        base_sha = diffing.resolve_rev(top, base_rev)
        head_sha = diffing.resolve_rev(top, head_rev) if head_rev else None
        with diffing.checkout(top, base_sha, subdir) as base_root:
            base_side = diffing.evaluate(base_root, day)
        if head_sha is None:
            head_side = diffing.evaluate(base, day)
        else:
            with diffing.checkout(top, head_sha, subdir) as head_root:
                head_side = diffing.evaluate(head_root, day)
    except SetupError as exc:
        raise _fail_setup(str(exc)) from None
    change = diffing.compare(base_side, head_side, base_sha, head_sha or "worktree")
    prefix = f"{subdir}/" if subdir else ""
    name = fmt.value
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if name == "json":
        diff_view.write_json(sys.stdout, change)
    elif name == "github":
        reporter = GithubReporter(stream=sys.stdout, err=sys.stderr, prefix=prefix)
        diff_view.write_github(reporter, change)
    elif name == "sarif":
        diff_view.write_sarif(sys.stdout, change, prefix)
    elif name == "markdown":
        sys.stdout.write(diff_view.markdown(change, prefix))
    else:
        diff_view.write_text(sys.stdout, change, prefix, None)
    stepsummary.append(diff_view.markdown(change, prefix))
    if change.errors:
        raise typer.Exit(EXIT_INVALID)
    if fail_on is not None and change.new_or_stronger(fail_on.value.removeprefix("new-")):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


def _valid_or_exit(data: Dataset) -> None:
    if any(d.severity == "error" for d in data.diagnostics):
        REPORTER_BY_NAME["text"](stream=sys.stderr, err=sys.stderr).validation(
            _report_of(data, None)
        )
        typer.echo("ceasewatch: the data is invalid; nothing written", err=True)
        raise typer.Exit(EXIT_INVALID)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        # Reports and exports are generated files: an existing one is replaced, atomically.
        write_atomic(output, text, replace=True)
    except OSError as exc:
        raise _fail_setup(f"cannot write {output}: {exc.strerror}") from None


OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically).", dir_okay=False),
]


@app.command()
def report(
    root: RootOpt = None,
    output: OutputOpt = None,
    agreement: Annotated[ListOpt, typer.Option("--agreement", help="Only this agreement.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="Incidents from this day on.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help="Incidents up to this day.")
    ] = None,
    today: TodayOpt = None,
) -> None:
    """Write a Markdown report of the alleged violations, for readers on GitHub."""
    base = _root(root)
    data = _load(base, _today(today))
    _valid_or_exit(data)
    _known("agreement", agreement, {a.model.id for a in data.agreements})
    text = report_.render(
        data,
        engine.run(data),
        report_.stamp(base),
        agreements=frozenset(agreement or ()),
        since=_day("since", since),
        until=_day("until", until),
    )
    _emit(text, output)


class ExportFormat(StrEnum):
    """Export formats."""

    json = "json"
    csv = "csv"
    geojson = "geojson"


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")],
    root: RootOpt = None,
    output: OutputOpt = None,
    today: TodayOpt = None,
) -> None:
    """Export incidents and findings as JSON, CSV (for spreadsheets) or GeoJSON (for maps)."""
    base = _root(root)
    data = _load(base, _today(today))
    _valid_or_exit(data)
    result = engine.run(data)
    if fmt is ExportFormat.json:
        text = export_.dumps(export_.as_json(data, result))
    elif fmt is ExportFormat.csv:
        text = export_.as_csv(data, result)
    else:
        doc, missing = export_.as_geojson(data, result)
        text = export_.dumps(doc)
        if missing:  # said only when it is news: most datasets place every incident
            verbs = ("incident has", "is") if missing == 1 else ("incidents have", "are")
            typer.echo(
                f"{missing} {verbs[0]} no coordinates and {verbs[1]} not on the map", err=True
            )
    _emit(text, output)


class Kind(StrEnum):
    """The three file kinds."""

    project = "project"
    agreement = "agreement"
    incident = "incident"


@app.command()
def schema(
    kind: Annotated[Kind | None, typer.Argument(help="Which schema to print.")] = None,
    write: Annotated[
        Path | None,
        typer.Option("--write", help="Write all three schemas into this folder.", file_okay=False),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With --write: replace schemas that differ.")
    ] = False,
) -> None:
    """Print the JSON Schema of a file kind, or write all three with --write DIR."""
    if (kind is None) == (write is None):
        raise _fail_setup("give a kind (project, agreement, incident) or --write DIR")
    if kind is not None:
        sys.stdout.write(schemas.render(kind.value))
        raise typer.Exit(EXIT_OK)
    assert write is not None
    try:
        write.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail_setup(f"cannot create {write}: {exc.strerror}") from None
    stale = []
    for name in schemas.KINDS:
        target = write / schemas.file_name(name)
        text = schemas.render(name)
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        if target.exists() and not force:
            stale.append(target)
            continue
        try:
            write_atomic(target, text, replace=force)
        except OSError as exc:
            raise _fail_setup(f"cannot write {target}: {exc.strerror}") from None
        typer.echo(f"wrote {target}", err=True)
    if stale:
        names = ", ".join(str(p) for p in stale)
        raise _fail_setup(f"{names} differ from the current schema; add --force to replace")


def main() -> None:
    """Console-script entry point."""
    app()
