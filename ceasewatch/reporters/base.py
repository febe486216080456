"""The interface every reporter implements, one method per command it can write.

A format supports a command when its class overrides that command's method; the command
line offers, for each command, exactly the formats that do (:func:`formats`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from .. import results

#: The commands a reporter may write, by the name of the method that writes each.
COMMANDS = ("validation", "check", "explain", "diff", "listing", "report", "export")


class Reporter:
    """Writes a result to ``stream`` (what was asked for: stdout) and chatter to ``err``.

    ``prefix`` is the dataset's folder from the repository root ("" at the root, else
    ending in ``/``): CI formats name files from the repository root.
    """

    def __init__(
        self,
        *,
        stream: TextIO,
        err: TextIO,
        color: bool | None = None,
        prefix: str = "",
        quiet: bool = False,
        verbose: bool = False,
    ) -> None:
        self.stream = stream
        self.err = err
        self.color = color
        self.prefix = prefix
        #: Only problems and the summary (formats for people; machine formats ignore it).
        self.quiet = quiet
        #: Every detail (``explain --verbose``).
        self.verbose = verbose

    def path(self, file: str) -> str:
        """``file`` (relative to the dataset) as a path from the repository root."""
        return f"{self.prefix}{file}"

    @classmethod
    def supports(cls, command: str) -> bool:
        """Whether this format writes ``command``'s result."""
        return getattr(cls, command) is not getattr(Reporter, command)

    def validation(self, report: results.ValidationReport) -> None:
        """The problems ``validate`` found."""
        raise NotImplementedError

    def check(self, report: results.CheckReport) -> None:
        """The findings of ``check``, and any problems in the data."""
        raise NotImplementedError

    def explain(self, report: results.ExplainReport) -> None:
        """Why each term was or was not flagged for one incident."""
        raise NotImplementedError

    def diff(self, report: results.DiffReport) -> None:
        """What a change introduces."""
        raise NotImplementedError

    def listing(self, report: results.ListReport) -> None:
        """The rows of ``list``."""
        raise NotImplementedError

    def report(self, report: results.DatasetReport) -> None:
        """The report for readers."""
        raise NotImplementedError

    def export(self, report: results.DatasetReport) -> None:
        """The incidents and findings, for other tools."""
        raise NotImplementedError
