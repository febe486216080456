"""The command line: options in, one :mod:`api` call, a reporter from the registry, exit code out.

Exit codes: 0 the data is valid, 1 the data is invalid (or has warnings under --strict),
2 a usage or setup error, 3 findings at or above ``--fail-on``.
"""

from __future__ import annotations

from . import commands as commands  # registers the commands on the app
from . import new as new  # registers `new`
from .base import app


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
