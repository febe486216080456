"""``ceasewatch new incident``: a valid incident file from options, or from questions on a
terminal, with the dataset's own ids offered and completed."""

from __future__ import annotations

import difflib
import shutil
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import api
from .base import EXIT_INVALID, EXIT_OK, RootOpt, TodayOpt, app, call, fail, reporter

new_app = typer.Typer(help="Start a new data file.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(new_app, name="new")


def _ids(kind: str) -> Callable[[str], list[str]]:
    """Shell completion of a kind of id, from the dataset around the current folder."""

    def complete(incomplete: str) -> list[str]:
        try:
            known = api.vocabulary(api.root_of(None)).ids(kind)
        except api.SetupError:
            return []
        return sorted(i for i in known if i.startswith(incomplete))

    return complete


def _opt(name: str, help_: str, kind: str | None = None, metavar: str = "ID") -> Any:
    extra: dict[str, Any] = {"autocompletion": _ids(kind)} if kind else {}
    return typer.Option(name, help=help_, metavar=metavar, **extra)


WHO = "Whom it says did it (a party, or unknown)"


def interactive() -> bool:
    """Whether to ask for what is missing: only when a person is at the keyboard."""
    return sys.stdin.isatty()


def _ask(
    label: str,
    choices: frozenset[str] | None = None,
    *,
    empty: bool = False,
    check: Callable[[str], str | None] | None = None,
) -> str:
    """One answer from the terminal, asked again until it is acceptable: with ``choices``,
    one of them (`?` lists them); with ``check``, one it finds no fault with."""
    hint = " (? lists them)" if choices else ""
    while True:
        answer = str(
            typer.prompt(f"{label}{hint}", default="" if empty else None, show_default=False)
        ).strip()
        if choices is not None and answer not in choices:
            if answer != "?":
                close = difflib.get_close_matches(answer, sorted(choices), n=3, cutoff=0.5)
                like = f"; did you mean {', '.join(close)}?" if close else ""
                typer.echo(f"`{api.terminal(answer)}` is not declared{like}")
            width = shutil.get_terminal_size().columns
            listed = ", ".join(sorted(choices))
            typer.echo(textwrap.fill(listed, width, break_long_words=False, break_on_hyphens=False))
            continue
        fault = check(answer) if check is not None and (answer or not empty) else None
        if fault is None:
            return answer
        typer.echo(fault)


def _day_fault(answer: str) -> str | None:
    try:
        api.parse_day("date", answer)
    except api.SetupError:
        return f"`{api.terminal(answer)}` is not a date as YYYY-MM-DD (e.g. 2025-03-19)"
    return None


@new_app.command("incident")
def incident(
    occurred: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="When (YYYY-MM-DD).")
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", metavar="TEXT", help="Town or site.")
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", metavar="TEXT", help="Region (free text).")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", metavar="CC", help="ISO code: UA, RU...")
    ] = None,
    act: Annotated[str | None, _opt("--act", "What was done: strike...", "act")] = None,
    target: Annotated[
        list[str] | None, _opt("--target", "Target category (repeatable).", "category")
    ] = None,
    means: Annotated[list[str] | None, _opt("--means", "Means (repeatable).", "means")] = None,
    source: Annotated[str | None, _opt("--source", "Who makes the first claim.", "source")] = None,
    attributes_to: Annotated[
        str | None, _opt("--attributes-to", "The party it says did it.", "party")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", metavar="URL", help="The claim's page.")
    ] = None,
    published: Annotated[
        str | None, typer.Option("--published", metavar="DATE", help="The claim's date.")
    ] = None,
    summary: Annotated[
        str | None, typer.Option("--summary", metavar="TEXT", help="What it says.")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="Default: who reports what.")
    ] = None,
    slug: Annotated[
        str | None, typer.Option("--id", metavar="NAME", help="Id after the date: place-target.")
    ] = None,
    folder: Annotated[
        Path | None,
        typer.Option("--dir", metavar="DIR", help="Default: incidents/YEAR.", file_okay=False),
    ] = None,
    root: RootOpt = None,
    today: TodayOpt = None,
) -> None:
    """Write a new incident file (asking for what is missing on a terminal), then validate it."""
    base = call(lambda: api.root_of(root))
    day = call(lambda: api.parse_day("today", today))
    vocab = api.vocabulary(base)
    asking = interactive()
    missing = [
        name
        for name, value in (
            ("--date", occurred),
            ("--place", place),
            ("--country", country),
            ("--act", act),
            ("--target", target),
            ("--source", source),
        )
        if not value
    ]
    if missing and not asking:
        fail(f"give {', '.join(missing)} (or run it on a terminal to be asked)")
    try:  # Ctrl-C or Ctrl-D at a question stops it, with nothing written
        occurred = occurred or _ask("Date (YYYY-MM-DD)", check=_day_fault)
        when = call(lambda: api.parse_day("date", occurred))
        assert isinstance(when, date)
        # asked in the order of the file: place, then country
        place_ = place or _ask("Place (town or site)")
        country_ = country or _ask("Country (ISO code: UA, RU...)", api.COUNTRIES)
        new = api.NewIncident(
            occurred=when,
            place=place_,
            country=country_,
            act=act or _ask("Act", vocab.acts),
            targets=tuple(target or [_ask("Target category", vocab.categories)]),
            source=source or _ask("Source of the first claim", vocab.sources),
            attributes_to=attributes_to
            or (_ask(WHO, vocab.parties | {"unknown"}) if asking else None),
            url=url or (_ask("Its URL (empty: none yet)", empty=True) if asking else None) or None,
            published=call(lambda: api.parse_day("published", published)),
            summary=summary,
            region=region,
            title=title,
            slug=slug,
            means=tuple(means or ()),
        )
    except typer.Abort:
        fail("stopped; nothing written")
    path, report = call(lambda: api.new_incident(base, new, folder=folder, today=day))
    typer.echo(f"wrote {path}", err=True)
    reporter("text", report.prefix).validation(report)
    raise typer.Exit(EXIT_INVALID if report.failed() else EXIT_OK)
