"""The golden files under ``tests/golden/``, and the one switch that rewrites them.

A test hands :func:`check_golden` the output it got and the golden file's path relative to
``tests/golden/`` (``"engine/check.txt"``). The file must hold exactly that text, byte for
byte. After an intended change of output, rerun the tests with ``CEASEWATCH_UPDATE_GOLDEN=1``:
every golden file compared is rewritten from the current output; then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
GOLDEN = TESTS / "golden"
#: Set to 1 to rewrite the golden files from the current output (then review the diff).
UPDATE_ENV = "CEASEWATCH_UPDATE_GOLDEN"


def golden_path(name: str | Path) -> Path:
    """The golden file ``name`` (relative to ``tests/golden/``)."""
    path = GOLDEN / name
    assert path.resolve().is_relative_to(GOLDEN), f"{name} is not under tests/golden/"
    return path


def read_golden(name: str | Path) -> str:
    """The golden file's text, exactly as stored (no newline translation)."""
    return golden_path(name).read_bytes().decode("utf-8")


def updating() -> bool:
    """True when the run rewrites the golden files (``CEASEWATCH_UPDATE_GOLDEN=1``)."""
    return os.environ.get(UPDATE_ENV) == "1"


def check_golden(name: str | Path, actual: str) -> None:
    """Fail unless ``actual`` is exactly the golden file ``name``; rewrite it when updating."""
    path = golden_path(name)
    shown = path.relative_to(REPO).as_posix()
    how = f"rerun the tests with {UPDATE_ENV}=1 and review the diff of tests/golden/"
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.is_file(), f"golden file {shown} is missing; to create it, {how}"
    assert actual == read_golden(name), (
        f"output differs from golden file {shown}; if the change is intended, {how}"
    )
