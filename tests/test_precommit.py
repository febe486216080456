"""The pre-commit hook: its definition, and a real ``pre-commit try-repo`` run on a dataset.

``try-repo`` clones the hook repository at its HEAD, so the test copies this working tree into
a temporary git repository and commits it there (nothing is committed here), then runs the
hook in a second temporary repository holding a small dataset. pre-commit installs the hook
into its own virtualenv from the package index, under a temporary ``PRE_COMMIT_HOME``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ceasewatch import schema as schemas

from .conftest import AGREEMENT_YAML, PROJECT_YAML
from .helpers_ci import GIT_CONFIG, git

REPO = Path(__file__).resolve().parent.parent
HOOKS = REPO / ".pre-commit-hooks.yaml"


def hook(name: str = "ceasewatch-validate") -> dict[str, Any]:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    (found,) = [h for h in hooks if h.get("id") == name]
    return found


# --- the hook's definition ----------------------------------------------------------------------


def test_hook_definition() -> None:
    h = hook()
    assert h["pass_filenames"] is False  # references cross files: the whole dataset
    assert h["require_serial"] is True
    assert h["language"] == "python"
    assert h["entry"].split()[:2] == ["ceasewatch", "validate"]
    assert h.get("name")


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("ceasewatch.yaml", True),
        ("data/ceasewatch.yaml", True),
        ("agreements/x.yaml", True),
        ("agreements/x.yml", True),
        ("incidents/2025/y.yml", True),
        ("incidents/2025/03/y.yaml", True),
        ("data/incidents/2025/y.yaml", True),
        ("tallies/2025-04-01-z.yaml", True),
        ("data/tallies/z.yml", True),
        ("README.md", False),
        ("incidents/2025/notes.md", False),
        ("my-ceasewatch.yaml", False),
        ("ceasewatch.yaml.bak", False),
        ("schemas/incident.schema.json", False),
        ("other/x.yaml", False),
        ("xincidents/y.yaml", False),
    ],
)
def test_hook_files_pattern(path: str, matches: bool) -> None:
    # pre-commit matches `files` with Python's re.search on the repository-relative path.
    assert bool(re.search(hook()["files"], path)) is matches


def test_schemas_hook_definition() -> None:
    h = hook("ceasewatch-schemas")
    assert h["pass_filenames"] is False
    assert h["require_serial"] is True
    assert h["language"] == "python"
    assert h["entry"].split() == ["ceasewatch", "schema", "--write", "schemas", "--force"]
    # whenever the validate hook runs, and when a schema is edited by hand
    for path in ("ceasewatch.yaml", "agreements/x.yaml", "tallies/t.yaml", "incidents/2025/y.yml"):
        assert re.search(h["files"], path), path
    assert re.search(h["files"], "schemas/incident.schema.json")
    assert not re.search(h["files"], "README.md")
    assert not re.search(h["files"], "schemas/notes.md")


def test_hook_definition_is_valid_for_pre_commit() -> None:
    """pre-commit's own schema for hook manifests accepts the file."""
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# --- a real run ---------------------------------------------------------------------------------

INCIDENT = """\
id: 2025-03-20-dnipro
title: Strike on a substation
occurred: 2025-03-20T12:00:00+00:00
location: {place: Dnipro, country: UA, coordinates: {lat: 48.45, lon: 35.05, precision: exact}}
act: strike
outcome: hit
targets: [{category: energy/power/substation}]
claims:
  - {source: ukraine-mfa, attributes_to: russia, url: "https://example.org/a"}
"""


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """This working tree, committed in a temporary repository; and pre-commit's environment."""
    base = tmp_path_factory.mktemp("precommit")
    copy = base / "hook-repo"
    copy.mkdir()
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for rel in filter(None, listed.split("\0")):
        source = REPO / rel
        if source.is_file() and not source.is_symlink():
            target = copy / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    assert (copy / ".pre-commit-hooks.yaml").is_file()
    assert (copy / "pyproject.toml").is_file()
    git(copy, "init", "--quiet")
    git(copy, "add", "-A")
    git(copy, "commit", "--quiet", "-m", "the working tree")
    env = {
        **os.environ,
        **GIT_CONFIG,
        "PRE_COMMIT_HOME": str(base / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    return copy, env


def dataset_repo(folder: Path, incident: str) -> Path:
    folder.mkdir()
    files = {
        "ceasewatch.yaml": PROJECT_YAML,
        "agreements/moratorium.yaml": AGREEMENT_YAML,
        "incidents/2025/2025-03-20-dnipro.yaml": incident,
        "README.md": "# A dataset\n",
    }
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    git(folder, "init", "--quiet")
    git(folder, "add", "-A")
    git(folder, "commit", "--quiet", "-m", "data")
    return folder


def try_repo(
    hook_repo: tuple[Path, dict[str, str]], dataset: Path, name: str = "ceasewatch-validate"
) -> subprocess.CompletedProcess[str]:
    copy, env = hook_repo
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(copy),
            name,
            "--all-files",
            "--verbose",
        ],
        cwd=dataset,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


@pytest.mark.slow
def test_try_repo_valid_dataset(hook_repo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    dataset = dataset_repo(tmp_path / "data", INCIDENT)
    done = try_repo(hook_repo, dataset)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert re.search(r"ceasewatch validate\.+Passed", output), output
    # The hook read the dataset (not an empty run that passes by doing nothing).
    assert "3 files" in output, output


@pytest.mark.slow
def test_try_repo_broken_incident(hook_repo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    broken = INCIDENT.replace("source: ukraine-mfa", "source: nobody")
    dataset = dataset_repo(tmp_path / "data", broken)
    done = try_repo(hook_repo, dataset)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert re.search(r"ceasewatch validate\.+Failed", output), output
    assert "incidents/2025/2025-03-20-dnipro.yaml:9:" in output, output
    assert "error[ref-unknown]" in output, output
    assert "unknown source `nobody`" in output, output


@pytest.mark.slow
def test_try_repo_schemas_hook_regenerates_stale_schemas(
    hook_repo: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    dataset = dataset_repo(tmp_path / "data", INCIDENT)
    # committed schemas that do not know the dataset (the generic ones)
    (dataset / "schemas").mkdir()
    for kind in schemas.KINDS:
        (dataset / "schemas" / schemas.file_name(kind)).write_text(
            schemas.render(kind), encoding="utf-8"
        )
    git(dataset, "add", "-A")
    git(dataset, "commit", "--quiet", "-m", "generic schemas")

    stale = try_repo(hook_repo, dataset, "ceasewatch-schemas")
    output = stale.stdout + stale.stderr
    assert stale.returncode != 0, output  # the files changed: commit them
    assert re.search(r"ceasewatch schemas\.+Failed", output), output
    incident = (dataset / "schemas" / "incident.schema.json").read_text(encoding="utf-8")
    assert incident == schemas.render("incident", schemas.Names.of(dataset))
    assert '"ukraine-mfa"' in incident

    git(dataset, "add", "-A")
    git(dataset, "commit", "--quiet", "-m", "current schemas")
    current = try_repo(hook_repo, dataset, "ceasewatch-schemas")
    assert current.returncode == 0, current.stdout + current.stderr
    assert re.search(r"ceasewatch schemas\.+Passed", current.stdout + current.stderr)
