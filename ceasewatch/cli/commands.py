"""The commands that read a dataset: each turns options into one :mod:`api` call, a reporter
from the registry and an exit code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import api
from ..reporters import step_summary
from .base import (
    AUTO_HELP,
    EXIT_FINDINGS,
    EXIT_INVALID,
    EXIT_OK,
    FAIL_ON,
    NEW_FAIL_ON,
    AgreementOpt,
    EventsOpt,
    ListOpt,
    NoCacheOpt,
    OutputOpt,
    PathsArg,
    QuietOpt,
    RootOpt,
    SinceOpt,
    StrictOpt,
    TermOpt,
    TodayOpt,
    UntilOpt,
    app,
    call,
    choice,
    dataset_job,
    emit,
    fail,
    format_option,
    reporter,
    with_progress,
)


@app.command()
def validate(
    paths: PathsArg = None,
    root: RootOpt = None,
    fmt: Annotated[str, format_option("validation", auto=True, help_=AUTO_HELP)] = "auto",
    strict: StrictOpt = False,
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Check every agreement, incident and tally file; report each problem at file:line:col."""
    base = call(lambda: api.root_of(root))
    day = call(lambda: api.parse_day("today", today))
    report = with_progress(
        lambda progress: api.validate(
            base, paths=paths, today=day, cache=not no_cache, progress=progress
        )
    )
    reporter(fmt, report.prefix).validation(report)
    raise typer.Exit(EXIT_INVALID if report.failed(strict=strict) else EXIT_OK)


@app.command()
def check(
    paths: PathsArg = None,
    root: RootOpt = None,
    fmt: Annotated[str, format_option("check", auto=True, help_=AUTO_HELP)] = "auto",
    strict: StrictOpt = False,
    today: TodayOpt = None,
    agreement: AgreementOpt = None,
    term: TermOpt = None,
    party: Annotated[
        ListOpt, typer.Option("--party", metavar="ID", help="Only allegations against it.")
    ] = None,
    source: Annotated[
        ListOpt,
        typer.Option("--source", metavar="ID", help="Only allegations this source makes."),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", help="Only findings of this status.", **choice(api.STATUSES)),
    ] = None,
    event: EventsOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 3 when a finding of this status or stronger exists.",
            **choice(FAIL_ON),
        ),
    ] = None,
    show_reviewed: Annotated[
        bool, typer.Option("--show-reviewed", help="Also list warnings reviewers have checked.")
    ] = False,
    quiet: QuietOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Validate, then list the incidents alleged to violate each agreement's terms."""
    base = call(lambda: api.root_of(root))
    day = call(lambda: api.parse_day("today", today))
    report = with_progress(
        lambda progress: api.check(
            base,
            cache=not no_cache,
            progress=progress,
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
    reporter(fmt, prefix, quiet=quiet).check(report)
    step_summary("check", report, prefix)
    if report.validation.failed(strict=strict):
        raise typer.Exit(EXIT_INVALID)
    if fail_on is not None and api.any_at_least(report.findings, fail_on):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


@app.command()
def explain(
    incident: Annotated[str, typer.Argument(metavar="INCIDENT", help="The incident's id.")],
    root: RootOpt = None,
    agreement: AgreementOpt = None,
    term: TermOpt = None,
    fmt: Annotated[str, format_option("explain", auto=False)] = "text",
    today: TodayOpt = None,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Every condition of every reading combination and claim."
        ),
    ] = False,
) -> None:
    """Show why each term was or was not flagged for one incident: the deciding conditions
    (--verbose: every condition)."""
    base = call(lambda: api.root_of(root))
    day = call(lambda: api.parse_day("today", today))
    report = dataset_job(
        lambda: api.explain(
            base, incident, agreements=agreement or (), terms=term or (), today=day
        ),
        to_stderr=False,
    )
    reporter(fmt, verbose=verbose).explain(report)
    raise typer.Exit(EXIT_OK)


@app.command(name="list")
def list_(
    what: Annotated[
        str,
        typer.Argument(
            help="agreements, incidents, parties or sources", **choice(api.LIST_KINDS, "WHAT")
        ),
    ],
    root: RootOpt = None,
    fmt: Annotated[str, format_option("listing", auto=False)] = "text",
) -> None:
    """List the agreements, incidents, parties or sources of the dataset."""
    base = call(lambda: api.root_of(root))
    report = call(lambda: api.list_items(base, what))
    reporter(fmt).listing(report)
    if report.partial:
        typer.echo(
            "ceasewatch: the data has errors; run `ceasewatch validate` (the list may be partial)",
            err=True,
        )
    raise typer.Exit(EXIT_INVALID if report.partial else EXIT_OK)


@app.command()
def diff(
    base_rev: Annotated[
        str, typer.Option("--base", metavar="REV", help="The base revision (a commit, a branch).")
    ],
    head_rev: Annotated[
        str | None,
        typer.Option(
            "--head", metavar="REV", help="The head revision (default: the files on disk)."
        ),
    ] = None,
    root: RootOpt = None,
    fmt: Annotated[str, format_option("diff", auto=True)] = "auto",
    today: TodayOpt = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 3 when the change adds a finding this strong.",
            **choice(NEW_FAIL_ON),
        ),
    ] = None,
) -> None:
    """What a change introduces: new problems, incidents and findings, head minus base."""
    base = call(lambda: api.root_of(root))
    day = call(lambda: api.parse_day("today", today))
    report = call(lambda: api.diff(base, base_rev, head=head_rev, today=day))
    reporter(fmt, report.prefix).diff(report)
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
    map_: Annotated[
        ListOpt,
        typer.Option(
            "--map",
            metavar="FILE",
            help="A map to show (.svg) or link to, as a path from the report's folder "
            "(repeatable).",
        ),
    ] = None,
) -> None:
    """Write a Markdown report of the alleged violations, for readers on GitHub."""
    base = call(lambda: api.root_of(root))
    day = call(lambda: api.parse_day("today", today))
    result = dataset_job(
        lambda: api.report(
            base,
            agreements=agreement or (),
            events=event or (),
            since=api.parse_day("since", since),
            until=api.parse_day("until", until),
            today=day,
            maps=map_ or (),
        ),
        to_stderr=True,
    )
    emit(lambda r: r.report(result), "markdown", output)


@app.command()
def export(
    fmt: Annotated[str, format_option("export", auto=False, help_="Export format.")],
    root: RootOpt = None,
    output: OutputOpt = None,
    today: TodayOpt = None,
) -> None:
    """Export incidents and findings as JSON, CSV (for spreadsheets), GeoJSON (for maps) or
    SVG (a static map)."""
    base = call(lambda: api.root_of(root))
    day = call(lambda: api.parse_day("today", today))
    result = dataset_job(lambda: api.export(base, today=day), to_stderr=True)
    emit(lambda r: r.export(result), fmt, output)


@app.command()
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(help="project, agreement, incident or tally", **choice(api.KINDS, "KIND")),
    ] = None,
    write: Annotated[
        Path | None,
        typer.Option(
            "--write", metavar="DIR", help="Write every schema into this folder.", file_okay=False
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With --write: replace schemas that differ.")
    ] = False,
    root: RootOpt = None,
) -> None:
    """Print the JSON Schema of a file kind, or write them all with --write DIR; inside a
    dataset they list its own parties, sources and vocabulary."""
    if (kind is None) == (write is None):
        fail(f"give a kind ({', '.join(api.KINDS)}) or --write DIR")
    if kind is not None:
        sys.stdout.write(call(lambda: api.schema(kind, root=root)))
        raise typer.Exit(EXIT_OK)
    assert write is not None
    try:
        written = api.write_schemas(write, force=force, root=root)
    except api.StaleSchemas as exc:
        written = exc.written
        for path in written:
            typer.echo(f"wrote {path}", err=True)
        fail(str(exc))
    except api.SetupError as exc:
        fail(str(exc))
    for path in written:
        typer.echo(f"wrote {path}", err=True)


cache_app = typer.Typer(help="The cache of earlier runs.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
def cache_clear(root: RootOpt = None) -> None:
    """Remove the dataset's cache; the next run reads every file afresh."""
    base = call(lambda: api.root_of(root))
    cleared = call(lambda: api.clear_cache(base))
    typer.echo("cache cleared" if cleared else "no cache to clear", err=True)
    raise typer.Exit(EXIT_OK)
