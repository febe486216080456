"""``path:line:col: severity[code]: message``, coloured on a terminal, plain elsewhere.

A line is built as pieces of text, each with its style: rich prints them on a terminal;
in a pipe or a file, where nothing is styled or wrapped, the plain lines are written at
once (rich is not even imported: ``check`` and ``validate`` start with little to load).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from ..escape import cell, terminal
from .base import Reporter
from .common import (
    check_summary,
    console,
    format_line,
    is_tty,
    plain,
    plural,
    summary_line,
    write_plain,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ..diagnostics import Diagnostic
    from ..engine import Finding
    from ..results import CheckReport, DiffReport, ExplainReport, ListReport, ValidationReport

#: A line: its own style, then its pieces of text with theirs ("": none); or, cut to a
#: terminal's width, rich's text.
Styled: TypeAlias = tuple[str, list[tuple[str, str]]]
Line: TypeAlias = "Styled | Text"

_STYLE = {"error": "bold red", "warning": "yellow"}
_NBSP = "\u00a0"
#: The event grade in a line: "corroborated", not "confirmed" (see wording.EVENT_TEXT).
EVENT_WORD = {"confirmed": "corroborated", "reported": "reported", "disputed": "disputed"}


class TextReporter(Reporter):
    """The human format; data strings are escaped before they reach the terminal."""

    def validation(self, report: ValidationReport) -> None:
        """One line per problem, then a summary on stderr."""
        self._print([_diagnostic_line(d) for d in report.diagnostics])
        self._summary(summary_line(report))

    def check(self, report: CheckReport) -> None:
        """The problems, then one line per finding, grouped by agreement and term (the wide
        table is ``--format table``); with ``quiet``, the problems and the summary only."""
        lines: list[Line] = [_diagnostic_line(d) for d in report.validation.diagnostics]
        if not self.quiet:
            # On a terminal a line is cut to its width; in a pipe or a file it stays whole.
            width = console(self.stream, self.color).width if is_tty(self.stream) else None
            lines += finding_lines(report, width)
            lines += _reviewed_lines(report)
        self._print(lines)
        self._summary(check_summary(report))

    def _print(self, lines: list[Line]) -> None:
        """``lines`` on the stream: written plain where nothing would be styled."""
        if plain(self.stream, self.color) and write_plain(self.stream, list(map(_plain, lines))):
            return
        _print_all(console(self.stream, self.color), lines)

    def _summary(self, text: str) -> None:
        """The run's one-line summary, in bold, on stderr."""
        line: Line = ("bold", [(text, "")])
        if not (plain(self.err, self.color) and write_plain(self.err, [_plain(line)])):
            _print_all(console(self.err, self.color), [line])

    def explain(self, report: ExplainReport) -> None:
        """The decisive facts per term and party; with ``verbose``, the whole tree of
        versions, reading combinations and conditions."""
        from . import explain as explain_words

        write = explain_words.write_text if self.verbose else explain_words.write_brief
        write(self.stream, report, self.color)

    def diff(self, report: DiffReport) -> None:
        """Problems introduced, then what changes, in words."""
        from rich.text import Text

        from .diff import summary_sentences

        diff, prefix = report.diff, report.prefix
        out = console(self.stream, self.color)
        for d in diff.introduced:
            out.print(Text(format_line(d, prefix + d.file)))
        if diff.preexisting:
            hidden = plural(diff.preexisting, "pre-existing problem")
            out.print(Text(f"({hidden} not shown)", style="dim"))
        out.print(Text(f"base {diff.base[:12]}, head {terminal(diff.head[:12])}:", style="bold"))
        for sentence in summary_sentences(diff):
            out.print(Text("- " + terminal(sentence)))
        for file in diff.incidents_added:
            title = diff.head_incidents.get(file, "")
            out.print(Text(f"  added: {terminal(prefix + file)}: {terminal(title)}"))

    def listing(self, report: ListReport) -> None:
        """A table with every cell escaped."""
        from rich import box
        from rich.table import Table
        from rich.text import Text

        table = Table(title=report.kind, title_justify="left", box=box.SIMPLE_HEAD)
        columns = list(report.rows[0]) if report.rows else ["id"]
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in report.rows:
            cells = ("" if row[c] is None else str(row[c]) for c in columns)
            table.add_row(*(Text(cell(value)) for value in cells))
        console(self.stream, self.color).print(table)


def _reviewed(out: Console, report: CheckReport) -> None:
    _print_all(out, _reviewed_lines(report))


def _reviewed_lines(report: CheckReport) -> list[Line]:
    if not report.reviewed:
        return []
    lines: list[Line] = [("bold", [("Reviewed warnings (checked by a reviewer, not raised):", "")])]
    for d, note in report.reviewed:
        style, pieces = _diagnostic_line(d)
        pieces.append((f" (reviewed: {terminal(note) or 'no note'})", "dim"))
        lines.append((style, pieces))
    return lines


def _print_all(out: Console, lines: list[Line]) -> None:
    for line in lines:
        out.print(_text(line))


def _text(line: Line) -> Text:
    """``line`` as rich's text: the pieces appended, each with its style."""
    from rich.text import Text

    if isinstance(line, Text):
        return line
    style, pieces = line
    text = Text(style=style)
    for piece, piece_style in pieces:
        text.append(piece, style=piece_style or None)
    return text


def _fitted(pieces: list[tuple[str, str]], width: int) -> Text:
    line = _fit_text(_text(("", pieces)), width)
    line.plain = line.plain.replace(_NBSP, " ")  # same length: the styles stay
    return line


def _plain(line: Line) -> str:
    assert isinstance(line, tuple)  # cut to a width only on a terminal
    return "".join(piece for piece, _ in line[1])


def finding_lines(report: CheckReport, width: int | None) -> list[Line]:
    """Per agreement and term a heading, then one line per finding that never wraps.

    A line: the incident id (whole), the party accused, status and support, ``contested``
    when a source disputes it, the event grade when it is not merely ``reported``, then who
    claims it; cut at a word, with an ellipsis, where it would pass ``width`` (None: never).
    Ids are padded to a common column as far as that leaves room for the rest.
    """
    out: list[Line] = []
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in (*report.findings, *report.unattributed):
        groups.setdefault((f.agreement, f.term), []).append(f)
    for n, ((agreement_id, term), rows) in enumerate(sorted(groups.items())):
        title = terminal(report.titles[agreement_id])
        if n:
            out.append(("", [("", "")]))
        heading = f"{agreement_id} / {term}: alleged violations of {title}"
        out.append(("bold", [(fit(heading, width) if width else heading, "")]))
        # room after the id column: party, status, support, "contested" and an ellipsis
        column = max(len(f.incident) for f in rows)
        if width is not None:
            column = min(column, max(width - 42, 0))
        party = max(len(f.party or "unattributed") for f in rows)
        for f in rows:
            line = [
                (terminal(f.incident).ljust(column) + "  ", ""),
                ((f.party or "unattributed").ljust(party) + " ", ""),
                (f.status.ljust(10), _STATUS_STYLE[f.status]),
                (" " + (f.support or "-"), _SUPPORT_STYLE.get(f.support or "", "")),
            ]
            if f.contested:
                line.append((" contested", ""))
            # no-break spaces: a cut never leaves "event" without its grade, or "by" alone
            if f.event != "reported":
                line.append((f" event{_NBSP}{EVENT_WORD[f.event]}", ""))
            # who makes it a violation: a claim whose own version is outside the term (the
            # accused side's "yes, but a military target") is a scope dispute, not an accuser
            backing = sorted({c.source for c in f.claims if c.status}) or list(f.claimed_by)
            claimed = ", ".join(backing) or f"no{_NBSP}source blames anyone"
            line.append((f"  by{_NBSP}{terminal(claimed)}", "dim"))
            if width:
                out.append(_fitted(line, width))
            else:
                out.append(("", [(piece.replace(_NBSP, " "), style) for piece, style in line]))
    return out


def fit(text: str, width: int) -> str:
    """``text`` cut at a word boundary, with an ellipsis, to at most ``width`` columns; a
    first word longer than that is kept whole (an id is never cut)."""
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width)
    while cut > 0 and text[cut - 1] in " ,":
        cut -= 1
    return (text[:cut] if cut > 0 else text.split(" ", 1)[0]) + "…"


def _fit_text(line: Text, width: int) -> Text:
    """:func:`fit` for styled text: the styles of what is kept stay."""
    plain = line.plain.rstrip()
    kept = fit(plain, width)
    if kept == plain:
        if len(line.plain) > len(plain):  # rich's right_crop(0) would empty the text
            line.right_crop(len(line.plain) - len(plain))
        return line
    body = kept.removesuffix("…")
    line.truncate(len(body))
    line.append("…")
    return line


def _diagnostic_text(d: Diagnostic) -> Text:
    return _text(_diagnostic_line(d))


def _diagnostic_line(d: Diagnostic) -> Styled:
    return (
        "",
        [
            (f"{terminal(d.file)}:{d.line}:{d.column}:", "bold"),
            (" ", ""),
            (d.severity, _STYLE[d.severity]),
            (f"[{d.code}]", "dim"),
            (": " + terminal(d.message), ""),
        ],
    )


_STATUS_STYLE = {"apparent": "bold red", "contingent": "yellow", "possible": "cyan"}
# An accusation made only by the other side must not look like one the accused's own side
# acknowledges: the support column carries that difference, in words and in weight.
_SUPPORT_STYLE = {
    "acknowledged": "bold",
    "independent": "",
    "third-party": "",
    "adversary": "dim italic",
    "unverified": "dim italic",
}
