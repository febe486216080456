"""What a person sees in an 80-column terminal: ``check`` and ``explain`` run in a
pseudo-terminal of 80 x 40, the screen compared with a golden file, and no line longer than
the terminal (so the terminal itself never wraps one, least of all inside a word)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import helpers_ci
from .conftest import TODAY
from .golden import check_golden

REPO = Path(__file__).resolve().parent.parent
SGR = re.compile(r"\x1b\[[0-9;]*m")
COLUMNS, ROWS = 80, 40


def screen(*args: str, columns: int = COLUMNS) -> list[str]:
    """The lines ``ceasewatch ARGS`` writes to a terminal ``columns`` wide, styles removed."""
    # No progress bar: whether a run is long enough for one depends on the machine's speed
    # (tests/test_progress.py tests the bar); CI is how a person's terminal is told apart.
    code, out = helpers_ci.run_in_pty(
        list(args), {"CI": "true"}, columns=columns, rows=ROWS, cwd=REPO
    )
    assert code == 0
    text = SGR.sub("", out.decode("utf-8")).replace("\r\n", "\n")
    return text.splitlines()


def assert_fits(lines: list[str], columns: int = COLUMNS) -> None:
    too_long = [line for line in lines if len(line) > columns]
    assert too_long == [], f"lines the terminal would wrap: {too_long}"


@pytest.mark.slow
def test_check_at_80_columns() -> None:
    lines = screen("check", "--today", TODAY)
    assert_fits(lines)
    # one line per finding, each beginning with a whole incident id
    ids = {p.stem for p in (REPO / "incidents").rglob("*.yaml")}
    rows = [line for line in lines if re.match(r"\d{4}-\d\d-\d\d-", line)]
    assert rows and all(line.split()[0] in ids for line in rows)
    check_golden("terminal/check-80.txt", "\n".join(lines) + "\n")


@pytest.mark.slow
def test_explain_sloviansk_fits_one_screen() -> None:
    lines = screen("explain", "2025-03-19-sloviansk-power-cut", "--today", TODAY)
    assert_fits(lines)
    assert len(lines) <= ROWS
    check_golden("terminal/explain-sloviansk-80.txt", "\n".join(lines) + "\n")


@pytest.mark.slow
def test_a_cut_line_ends_at_a_word_with_an_ellipsis() -> None:
    for line in screen("check", "--today", TODAY):
        if line.endswith("…"):
            # what precedes the ellipsis is a whole word: the full line has it too
            head = line[:-1].rstrip(", ").split()[-1]
            assert re.fullmatch(r"[\w./+-]+|\(?[\w ]+\)?", head), line
