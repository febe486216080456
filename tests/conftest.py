"""Shared fixtures: temporary datasets and a CLI runner that keeps stdout and stderr apart."""

from __future__ import annotations

import functools
import json
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click.testing
import pytest
import typer.main
import yaml

from ceasewatch import yamlsource
from ceasewatch.cli import app

from .golden import UPDATE_ENV

#: The parties of every test project: the two sides and the mediator.
PARTIES_YAML = """\
parties:
  russia: {name: Russia}
  ukraine: {name: Ukraine}
  united-states: {name: United States}
"""


def project_yaml(title: str, rest: str) -> str:
    """A ``ceasewatch.yaml``: ``title``, the Europe/Kyiv zone, :data:`PARTIES_YAML`, ``rest``."""
    return f"title: {title}\ntimezone: Europe/Kyiv\n{PARTIES_YAML}{rest}"


#: A small, valid ``ceasewatch.yaml``. Line numbers matter to tests that point into it.
PROJECT_YAML = project_yaml(
    "Test dataset",
    """\
sources:
  kremlin: {name: Kremlin, kind: official, affiliation: russia}
  russia-mod: {name: Russian Ministry of Defence, kind: official, affiliation: russia}
  ukraine-mfa: {name: Ukrainian Foreign Ministry, kind: official, affiliation: ukraine}
  ukraine-general-staff: {name: General Staff of Ukraine, kind: official, affiliation: ukraine}
  white-house: {name: White House, kind: official, affiliation: united-states}
  rt: {name: RT, kind: state-media, affiliation: russia}
  reuters: {name: Reuters, kind: media, url: "https://www.reuters.com"}
areas:
  black-sea:
    name: Black Sea
    polygon: {type: Polygon, coordinates: [[[27, 41], [42, 41], [42, 47], [27, 47], [27, 41]]]}
  ukraine: {name: Ukraine, countries: [UA]}
""",
)

#: A valid agreement between PROJECT_YAML's parties: one term, strikes on energy, in force
#: for a month from 18 March 2025.
AGREEMENT_YAML = """\
id: moratorium
title: Energy moratorium
parties: [russia, ukraine]
mediators: [united-states]
in_force:
  - from: 2025-03-18T00:00:00+00:00
    until: 2025-04-18T00:00:00+00:00
    per: [kremlin]
terms:
  - id: no-energy-strikes
    title: No strikes on energy infrastructure
    prohibits:
      acts: [strike]
      targets: [energy]
      per: [white-house]
"""

#: The data-quality warnings of ``ceasewatch.quality`` (a later issue, with its own tests).
#: The validation tests leave them out so that each case lists exactly the problems of the
#: rule it is about; the golden files and the CLI tests still see everything.
QUALITY_CODES = frozenset(
    {
        "possible-duplicate",
        "incident-no-claims",
        "claim-no-url",
        "claim-undated",
        "url-off-outlet",
        "place-outside-country",
        "url-repeated",
        "review-stale",
    }
)

#: A date after every date the test data uses, so ``time-future`` fires only when meant to.
TODAY = "2025-06-01"

#: The two parsers ``ceasewatch.yamlsource`` may run on: libyaml's, and the pure-Python one
#: that libyaml-less PyYAML builds fall back to silently. Tests parametrized with these swap
#: ``yamlsource._Loader``.
YAML_LOADERS = [
    pytest.param(
        yamlsource._CParser,
        id="libyaml",
        marks=pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml"),
    ),
    pytest.param(yaml.BaseLoader, id="pure"),
]

Files = Mapping[str, str | bytes]
MakeDataset = Callable[..., Path]


@pytest.fixture
def make_dataset(tmp_path: Path) -> MakeDataset:
    """``make_dataset({relative path: text or bytes}, project=...)`` -> the dataset root.

    The project file is :data:`PROJECT_YAML` unless ``project`` is given (``None``: no
    project file at all). Each call makes a fresh root under ``tmp_path``.
    """
    count = 0

    def make(files: Files | None = None, *, project: str | bytes | None = PROJECT_YAML) -> Path:
        nonlocal count
        count += 1
        root = tmp_path / f"dataset-{count}"
        root.mkdir()
        (root / "agreements").mkdir()
        (root / "incidents").mkdir()
        all_files: dict[str, str | bytes] = {}
        if project is not None:
            all_files["ceasewatch.yaml"] = project
        all_files.update(files or {})
        for rel, content in all_files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="")
        return root

    return make


@dataclass(frozen=True)
class CliResult:
    """What one CLI run produced."""

    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """stdout parsed as JSON."""
        return json.loads(self.stdout)

    def problems(self, *, quality: bool = False) -> list[dict[str, Any]]:
        """Every diagnostic of the JSON output, errors and warnings, in the order of the text
        output; without data-quality warnings unless asked."""
        return [
            d for d in every_diagnostic(self.json()) if quality or d["code"] not in QUALITY_CODES
        ]

    def errors(self) -> list[dict[str, Any]]:
        """The errors of the JSON output (its ``errors``)."""
        errors: list[dict[str, Any]] = self.json()["errors"]
        return errors

    def diagnostics(self, *, quality: bool = False) -> list[tuple[str, int, int, str, str]]:
        """``(file, line, column, code, severity)`` of each diagnostic in the JSON output."""
        return [
            (d["file"], d["line"], d["column"], d["code"], d["severity"])
            for d in self.problems(quality=quality)
        ]


def every_diagnostic(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The errors and the warnings of a ``validate`` or ``check`` JSON document (listed apart
    since version 2 and 4), merged back into one list in the text output's order."""
    assert all(d["severity"] == "error" for d in doc["errors"]), "a warning among the errors"
    assert all(d["severity"] != "error" for d in doc["warnings"]), "an error among the warnings"
    return sorted(
        [*doc["errors"], *doc["warnings"]],
        key=lambda d: (
            d["file"],
            d["line"],
            d["column"],
            d["code"],
            d["severity"],
            d["message"],
            d["field"],
            d.get("related", ""),
        ),
    )


#: Where the runs of this test session keep their cache, for subprocesses too (never the
#: user's own cache folder).
TEST_CACHE = str(Path(tempfile.gettempdir()) / f"ceasewatch-tests-{os.getpid()}")
os.environ["XDG_CACHE_HOME"] = TEST_CACHE

#: The environment of every CLI run: uncoloured, not on GitHub Actions, a fixed terminal size,
#: nothing from the developer's shell leaking in (``None`` removes a variable).
CLI_ENV: dict[str, str | None] = {
    "COLUMNS": "160",
    "LINES": "50",
    "TERM": None,
    "NO_COLOR": None,
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "GITHUB_ACTIONS": None,
    # The runs' cache goes to the test session's own folder, never the user's.
    "XDG_CACHE_HOME": TEST_CACHE,
    UPDATE_ENV: None,
}


@functools.cache
def _command() -> Any:
    """The click command of the app, built once: typer's own test runner rebuilds it from the
    app on every call, a fixed cost of tens of milliseconds per run."""
    return typer.main.get_command(app)


def run_cli(
    args: Sequence[str | os.PathLike[str]], env: Mapping[str, str | None] | None = None
) -> CliResult:
    """Run ``ceasewatch ARGS`` in-process, in :data:`CLI_ENV` updated with ``env``.

    Click's ``CliRunner`` captures stdout and stderr separately (``result.stdout`` /
    ``result.stderr``; ``result.output`` is the two interleaved).
    Exceptions are not caught, so a traceback fails the test instead of looking like exit 1.
    """
    full_env = {**CLI_ENV, **(env or {})}
    result = click.testing.CliRunner().invoke(
        _command(), [os.fspath(a) for a in args], env=full_env, catch_exceptions=False
    )
    return CliResult(result.exit_code, result.stdout, result.stderr)


def validate_json(
    root: Path, *extra: str, today: str = TODAY, env: Mapping[str, str | None] | None = None
) -> CliResult:
    """``ceasewatch validate --root ROOT --format json --today TODAY [extra]``."""
    return run_cli(
        ["validate", "--root", str(root), "--format", "json", "--today", today, *extra], env=env
    )
