"""The command line: options in, one :mod:`api` call, a reporter from the registry, exit code out.

Exit codes: 0 the data is valid, 1 the data is invalid (or has warnings under --strict),
2 a usage or setup error, 3 findings at or above ``--fail-on``.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from . import __version__, api
from .reporters import REPORTER_BY_NAME, Reporter, formats, step_summary

EXIT_OK, EXIT_INVALID, EXIT_SETUP, EXIT_FINDINGS = 0, 1, 2, 3

app = typer.Typer(
    name="ceasewatch",
    help="Track ceasefire compliance: which incidents are alleged to breach which term, "
    "by whom, on whose word.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


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


# --- options shared by several commands --------------------------------------------------------


def _choice(choices: Sequence[str], metavar: str | None = None) -> dict[str, Any]:
    """A parser refusing anything but ``choices`` (listing them), and a metavar (the
    choices, unless named: an argument's name is what its errors show)."""

    def parse(value: str) -> str:
        if value not in choices:
            raise typer.BadParameter(f"`{value}` is not one of {', '.join(choices)}")
        return value

    return {"parser": parse, "metavar": metavar or f"<{'|'.join(choices)}>"}


def _format_option(command: str, *, auto: bool, help_: str = "Output format.") -> Any:
    """``--format`` offering what the registry's reporters write for ``command``."""
    choices = (["auto"] if auto else []) + formats(command)
    return typer.Option("--format", "-f", help=help_, **_choice(choices))


AUTO_HELP = "Output format; auto: text, or github in Actions."
RootOpt = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="The dataset folder (holding ceasewatch.yaml). Default: found by walking up "
        "from the current folder.",
        file_okay=False,
    ),
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
ListOpt = list[str] | None
AgreementOpt = Annotated[ListOpt, typer.Option("--agreement", help="Only this agreement.")]
TermOpt = Annotated[ListOpt, typer.Option("--term", help="Only this term.")]
SinceOpt = Annotated[
    str | None, typer.Option("--since", metavar="DATE", help="Incidents from this day on.")
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", metavar="DATE", help="Incidents up to this day.")
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically).", dir_okay=False),
]


EventsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--event", help="Only findings whose event has this grade.", **_choice(api.EVENTS)
    ),
]
FAIL_ON = api.STATUSES  # the weakest status that fails `check --fail-on`
NEW_FAIL_ON = tuple(f"new-{s}" for s in api.STATUSES)


# --- from a call to an exit code ------------------------------------------------------------


def _fail(message: str) -> NoReturn:
    typer.echo(f"ceasewatch: error: {api.terminal(message)}", err=True)
    raise typer.Exit(EXIT_SETUP)


def _call(job: Callable[[], Any]) -> Any:
    """Run one API call; a setup or usage error becomes exit 2 with its message."""
    try:
        return job()
    except api.SetupError as exc:
        _fail(str(exc))


def _reporter(name: str, prefix: str = "", *, to_stderr: bool = False) -> Reporter:
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    stream = sys.stderr if to_stderr else sys.stdout
    return REPORTER_BY_NAME[name](stream=stream, err=sys.stderr, prefix=prefix)


def _dataset_job(job: Callable[[], Any], *, to_stderr: bool) -> Any:
    """A job that needs valid data: on errors, list them and exit 1."""
    try:
        return _call(job)
    except api.InvalidData as exc:
        _reporter("text", to_stderr=to_stderr).validation(exc.report)
        if to_stderr:
            typer.echo("ceasewatch: the data is invalid; nothing written", err=True)
        raise typer.Exit(EXIT_INVALID) from None


def _write(render: Callable[[Reporter], None], fmt: str, output: Path | None) -> None:
    """Render with ``fmt``'s reporter to stdout, or to ``output`` replaced whole."""
    if output is None:
        render(_reporter(fmt))
        return
    buffer = io.StringIO()
    render(REPORTER_BY_NAME[fmt](stream=buffer, err=sys.stderr))
    _call(lambda: api.write_artefact(output, buffer.getvalue()))


# --- commands --------------------------------------------------------------------------------


@app.command()
def validate(
    paths: PathsArg = None,
    root: RootOpt = None,
    fmt: Annotated[str, _format_option("validation", auto=True, help_=AUTO_HELP)] = "auto",
    strict: StrictOpt = False,
    today: TodayOpt = None,
) -> None:
    """Check every agreement and incident file and report each problem at its file:line:col."""
    base = _call(lambda: api.root_of(root))
    day = _call(lambda: api.parse_day("today", today))
    report = _call(lambda: api.validate(base, paths=paths, today=day))
    _reporter(fmt, report.prefix).validation(report)
    raise typer.Exit(EXIT_INVALID if report.failed(strict=strict) else EXIT_OK)


@app.command()
def check(
    paths: PathsArg = None,
    root: RootOpt = None,
    fmt: Annotated[str, _format_option("check", auto=True, help_=AUTO_HELP)] = "auto",
    strict: StrictOpt = False,
    today: TodayOpt = None,
    agreement: AgreementOpt = None,
    term: TermOpt = None,
    party: Annotated[ListOpt, typer.Option("--party", help="Only allegations against it.")] = None,
    source: Annotated[
        ListOpt, typer.Option("--source", help="Only allegations this source makes.")
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", help="Only findings of this status.", **_choice(api.STATUSES)),
    ] = None,
    event: EventsOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 3 when a finding of this status or stronger exists.",
            **_choice(FAIL_ON),
        ),
    ] = None,
    show_reviewed: Annotated[
        bool, typer.Option("--show-reviewed", help="Also list warnings reviewers have checked.")
    ] = False,
) -> None:
    """Validate, then list the incidents alleged to violate each agreement's terms."""
    base = _call(lambda: api.root_of(root))
    day = _call(lambda: api.parse_day("today", today))
    report = _call(
        lambda: api.check(
            base,
            paths=paths,
            today=day,
            agreements=agreement or (),
            terms=term or (),
            parties=party or (),
            sources=source or (),
            statuses=status or (),
            events=event or (),
            since=api.parse_day("since", since),
            until=api.parse_day("until", until),
            show_reviewed=show_reviewed,
        )
    )
    prefix = report.validation.prefix
    _reporter(fmt, prefix).check(report)
    step_summary("check", report, prefix)
    if report.validation.failed(strict=strict):
        raise typer.Exit(EXIT_INVALID)
    if fail_on is not None and api.any_at_least(report.findings, fail_on):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


@app.command()
def explain(
    incident: Annotated[str, typer.Argument(help="The incident's id.")],
    root: RootOpt = None,
    agreement: AgreementOpt = None,
    term: TermOpt = None,
    fmt: Annotated[str, _format_option("explain", auto=False)] = "text",
    today: TodayOpt = None,
) -> None:
    """Show why each term was or was not flagged for one incident, condition by condition."""
    base = _call(lambda: api.root_of(root))
    day = _call(lambda: api.parse_day("today", today))
    report = _dataset_job(
        lambda: api.explain(
            base, incident, agreements=agreement or (), terms=term or (), today=day
        ),
        to_stderr=False,
    )
    _reporter(fmt).explain(report)
    raise typer.Exit(EXIT_OK)


@app.command(name="list")
def list_(
    what: Annotated[
        str,
        typer.Argument(
            help="agreements, incidents, parties or sources", **_choice(api.LIST_KINDS, "WHAT")
        ),
    ],
    root: RootOpt = None,
    fmt: Annotated[str, _format_option("listing", auto=False)] = "text",
) -> None:
    """List the agreements, incidents, parties or sources of the dataset."""
    base = _call(lambda: api.root_of(root))
    report = _call(lambda: api.list_items(base, what))
    _reporter(fmt).listing(report)
    if report.partial:
        typer.echo(
            "ceasewatch: the data has errors; run `ceasewatch validate` (the list may be partial)",
            err=True,
        )
    raise typer.Exit(EXIT_INVALID if report.partial else EXIT_OK)


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
    fmt: Annotated[str, _format_option("diff", auto=True)] = "auto",
    today: TodayOpt = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 3 when the change adds a finding this strong.",
            **_choice(NEW_FAIL_ON),
        ),
    ] = None,
) -> None:
    """What a change introduces: new problems, incidents and findings, head minus base."""
    base = _call(lambda: api.root_of(root))
    day = _call(lambda: api.parse_day("today", today))
    report = _call(lambda: api.diff(base, base_rev, head=head_rev, today=day))
    _reporter(fmt, report.prefix).diff(report)
    step_summary("diff", report, report.prefix)
    if report.diff.errors:
        raise typer.Exit(EXIT_INVALID)
    if fail_on is not None and report.diff.new_or_stronger(fail_on.removeprefix("new-")):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


@app.command()
def report(
    root: RootOpt = None,
    output: OutputOpt = None,
    agreement: AgreementOpt = None,
    event: EventsOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    today: TodayOpt = None,
) -> None:
    """Write a Markdown report of the alleged violations, for readers on GitHub."""
    base = _call(lambda: api.root_of(root))
    day = _call(lambda: api.parse_day("today", today))
    result = _dataset_job(
        lambda: api.report(
            base,
            agreements=agreement or (),
            events=event or (),
            since=api.parse_day("since", since),
            until=api.parse_day("until", until),
            today=day,
        ),
        to_stderr=True,
    )
    _write(lambda r: r.report(result), "markdown", output)


@app.command()
def export(
    fmt: Annotated[str, _format_option("export", auto=False, help_="Export format.")],
    root: RootOpt = None,
    output: OutputOpt = None,
    today: TodayOpt = None,
) -> None:
    """Export incidents and findings as JSON, CSV (for spreadsheets) or GeoJSON (for maps)."""
    base = _call(lambda: api.root_of(root))
    day = _call(lambda: api.parse_day("today", today))
    result = _dataset_job(lambda: api.export(base, today=day), to_stderr=True)
    _write(lambda r: r.export(result), fmt, output)


@app.command()
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(help="project, agreement, incident or tally", **_choice(api.KINDS, "KIND")),
    ] = None,
    write: Annotated[
        Path | None,
        typer.Option("--write", help="Write every schema into this folder.", file_okay=False),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With --write: replace schemas that differ.")
    ] = False,
) -> None:
    """Print the JSON Schema of a file kind, or write them all with --write DIR."""
    if (kind is None) == (write is None):
        _fail("give a kind (project, agreement, incident) or --write DIR")
    if kind is not None:
        sys.stdout.write(api.schema(kind))
        raise typer.Exit(EXIT_OK)
    assert write is not None
    try:
        written = api.write_schemas(write, force=force)
    except api.StaleSchemas as exc:
        written = exc.written
        for path in written:
            typer.echo(f"wrote {path}", err=True)
        _fail(str(exc))
    except api.SetupError as exc:
        _fail(str(exc))
    for path in written:
        typer.echo(f"wrote {path}", err=True)


def main() -> None:
    """Console-script entry point."""
    app()
