"""What every command shares: the app, its options, and the way from a call to an exit code."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from .. import __version__, api
from ..reporters import REPORTER_BY_NAME, Reporter, formats
from ..reporters.progress import bar as progress_bar

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


def choice(choices: Sequence[str], metavar: str | None = None) -> dict[str, Any]:
    """A parser refusing anything but ``choices`` (listing them), and a metavar (the
    choices, unless named: an argument's name is what its errors show)."""

    def parse(value: str) -> str:
        if value not in choices:
            raise typer.BadParameter(f"`{value}` is not one of {', '.join(choices)}")
        return value

    return {"parser": parse, "metavar": metavar or f"<{'|'.join(choices)}>"}


def format_option(command: str, *, auto: bool, help_: str = "Output format.") -> Any:
    """``--format`` offering what the registry's reporters write for ``command``."""
    choices = (["auto"] if auto else []) + formats(command)
    return typer.Option("--format", "-f", help=help_, **choice(choices))


AUTO_HELP = "Output format; auto: text, or github in Actions."
RootOpt = Annotated[
    Path | None,
    typer.Option(
        "--root",
        metavar="DIR",
        help="The dataset folder (holding ceasewatch.yaml). Default: found by walking up "
        "from the current folder.",
        file_okay=False,
    ),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 1).")]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache", help="Read and check every file afresh (the cache is never trusted blindly)."
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print only the problems and the summary.")
]
TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today", help="The date dates are checked against (YYYY-MM-DD).", metavar="DATE"
    ),
]
PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="PATH",
        help="Report only on these files or folders (the whole dataset is "
        "still read, since references cross files).",
    ),
]
ListOpt = list[str] | None
AgreementOpt = Annotated[
    ListOpt, typer.Option("--agreement", metavar="ID", help="Only this agreement (repeatable).")
]
TermOpt = Annotated[ListOpt, typer.Option("--term", metavar="ID", help="Only this term.")]
SinceOpt = Annotated[
    str | None, typer.Option("--since", metavar="DATE", help="Incidents from this day on.")
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", metavar="DATE", help="Incidents up to this day.")
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to this file (atomically).", dir_okay=False
    ),
]


EventsOpt = Annotated[
    list[str] | None,
    typer.Option("--event", help="Only findings whose event has this grade.", **choice(api.EVENTS)),
]
FAIL_ON = api.STATUSES  # the weakest status that fails `check --fail-on`
NEW_FAIL_ON = tuple(f"new-{s}" for s in api.STATUSES)


# --- from a call to an exit code ------------------------------------------------------------


def fail(message: str) -> NoReturn:
    typer.echo(f"ceasewatch: error: {api.terminal(message)}", err=True)
    raise typer.Exit(EXIT_SETUP)


def call(job: Callable[[], Any]) -> Any:
    """Run one API call; a setup or usage error becomes exit 2 with its message."""
    try:
        return job()
    except api.SetupError as exc:
        fail(str(exc))


def reporter(
    name: str,
    prefix: str = "",
    *,
    to_stderr: bool = False,
    quiet: bool = False,
    verbose: bool = False,
) -> Reporter:
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    stream = sys.stderr if to_stderr else sys.stdout
    return REPORTER_BY_NAME[name](
        stream=stream, err=sys.stderr, prefix=prefix, quiet=quiet, verbose=verbose
    )


def with_progress(job: Callable[[Any], Any]) -> Any:
    """:func:`call` ``job(progress)``, with a progress bar on stderr when a person watches a
    terminal (``progress`` is None otherwise)."""
    with progress_bar(sys.stderr) as progress:
        return call(lambda: job(progress))


def dataset_job(job: Callable[[], Any], *, to_stderr: bool) -> Any:
    """A job that needs valid data: on errors, list them and exit 1."""
    try:
        return call(job)
    except api.InvalidData as exc:
        reporter("text", to_stderr=to_stderr).validation(exc.report)
        if to_stderr:
            typer.echo("ceasewatch: the data is invalid; nothing written", err=True)
        raise typer.Exit(EXIT_INVALID) from None


def emit(render: Callable[[Reporter], None], fmt: str, output: Path | None) -> None:
    """Render with ``fmt``'s reporter to stdout, or to ``output`` replaced whole."""
    if output is None:
        render(reporter(fmt))
        return
    buffer = io.StringIO()
    render(REPORTER_BY_NAME[fmt](stream=buffer, err=sys.stderr))
    call(lambda: api.write_artefact(output, buffer.getvalue()))
