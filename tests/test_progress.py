"""The progress bar: drawn on a terminal for a long run, never in a pipe or a CI log; the
library reports each stage of a run to whatever callback it is given."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from ceasewatch import api
from ceasewatch.reporters import progress

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import generate


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_run_reports_each_stage(tmp_path: Path) -> None:
    generate.build(tmp_path, 250)
    seen: list[tuple[str, int, int]] = []
    api.check(tmp_path, progress=lambda *step: seen.append(step))
    assert seen == [("files", 100, 250), ("files", 200, 250), ("across", 0, 1)]
    seen.clear()
    api.validate(tmp_path, progress=lambda *step: seen.append(step))
    assert seen == [("files", 100, 250), ("files", 200, 250), ("across", 0, 1)]


def test_a_bar_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate.build(tmp_path, 250)
    monkeypatch.setattr(progress, "DELAY", 0)
    monkeypatch.setattr(progress, "LONG", 0)
    monkeypatch.delenv("CI", raising=False)
    terminal = Terminal()
    with progress.bar(terminal) as update:
        assert update is not None
        api.check(tmp_path, progress=update)
    assert "Checking files" in terminal.getvalue()
    with progress.bar(io.StringIO()) as update:
        assert update is None  # a pipe or a file
    monkeypatch.setenv("CI", "true")
    with progress.bar(Terminal()) as update:
        assert update is None  # a CI log


def test_a_stage_without_steps_shows_no_percentage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0)
    monkeypatch.delenv("CI", raising=False)
    terminal = Terminal()
    with progress.bar(terminal) as update:
        assert update is not None
        update("files", 250, 250)
        at = len(terminal.getvalue())
        update("across", 0, 1)
        across = terminal.getvalue()[at:]
    assert "Checking across files" in across
    assert "%" not in across  # the files' 100% is behind it; never a stuck 0%


def test_no_bar_for_a_short_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate.build(tmp_path, 250)
    monkeypatch.delenv("CI", raising=False)
    terminal = Terminal()
    with progress.bar(terminal) as update:
        api.check(tmp_path, progress=update)
    assert terminal.getvalue() == ""
