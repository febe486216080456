"""The setup errors :mod:`.api` adds to loading's own, apart from it: they build on
:class:`~.loading.SetupError`, whose module loads the models, which the command line does
not import to start."""

from __future__ import annotations

from pathlib import Path

from .loading import SetupError


class UsageError(SetupError):
    """An option the dataset cannot answer: an unknown id, a malformed date. Exit code 2."""

    __module__ = "ceasewatch.api"


class StaleSchemas(SetupError):
    """Schemas on disk that differ from the current ones (and were not replaced)."""

    __module__ = "ceasewatch.api"

    def __init__(self, written: list[Path], stale: list[Path]) -> None:
        names = ", ".join(str(p) for p in stale)
        super().__init__(f"{names} differ from the current schema; add --force to replace")
        self.written = written
