"""The text format in a pipe or a file is written plain, at one go, without rich: the bytes
must be exactly those rich prints there, line by line (the goldens of ``check`` and
``validate`` hold them; these tests compare the two ways on the same runs)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ceasewatch.diagnostics import Diagnostic
from ceasewatch.reporters import common
from ceasewatch.reporters import text as text_reporter
from ceasewatch.results import ValidationReport

from .conftest import TODAY, run_cli

REPO = Path(__file__).resolve().parent.parent
BAD_DATASET = Path(__file__).resolve().parent / "data" / "bad-dataset"
ESC = "\x1b"

RUNS = {
    "check": ["check", "--root", REPO, "--today", TODAY, "--format", "text"],
    "check-reviewed": ["check", "--root", REPO, "--today", TODAY, "--show-reviewed"],
    "check-quiet": ["check", "--root", REPO, "--today", TODAY, "--quiet"],
    "validate": ["validate", "--root", BAD_DATASET, "--today", TODAY, "--format", "text"],
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_the_plain_text_is_what_rich_prints(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = run_cli(RUNS[name])
    assert fast.stderr and (fast.stdout or name == "check-quiet")
    monkeypatch.setattr(text_reporter, "plain", lambda stream, color: False)
    through_rich = run_cli(RUNS[name])
    assert (fast.exit_code, fast.stdout, fast.stderr) == (
        through_rich.exit_code,
        through_rich.stdout,
        through_rich.stderr,
    )
    assert ESC not in fast.stdout + fast.stderr


@pytest.mark.parametrize(
    ("env", "plain"),
    [
        ({}, True),
        ({"FORCE_COLOR": "1"}, False),
        ({"FORCE_COLOR": ""}, True),
        ({"TTY_COMPATIBLE": "1"}, False),
        ({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, True),
    ],
)
def test_colour_forced_in_a_pipe_still_goes_through_rich(
    env: dict[str, str], plain: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert common.plain(io.StringIO(), None) is plain
    run = run_cli(RUNS["validate"], env=env)
    assert (ESC not in run.stdout) is plain


def test_an_explicit_colour_choice_decides() -> None:
    assert common.plain(io.StringIO(), False)
    assert not common.plain(io.StringIO(), True)


@pytest.mark.parametrize("line", ["a\tb", "bell\x07", "cr\r", "trailing ", "nbsp\u00a0"])
def test_what_rich_would_change_is_left_to_rich(line: str) -> None:
    stream = io.StringIO()
    assert not common.write_plain(stream, ["fine", line])
    assert stream.getvalue() == ""
    # and the reporter's output is then rich's own
    d = Diagnostic("a.yaml", 1, 2, "yaml-syntax", "error", message=line)
    report = ValidationReport([d], 1, 0, 1)
    out, err = io.StringIO(), io.StringIO()
    text_reporter.TextReporter(stream=out, err=err).validation(report)
    expected = io.StringIO()
    common.console(expected, None).print(text_reporter._diagnostic_text(d))
    assert out.getvalue() == expected.getvalue()
