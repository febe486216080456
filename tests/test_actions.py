"""``action.yml`` and the workflows: valid for GitHub, and safe with untrusted pull requests.

The schemas are the ones check-jsonschema ships (``vendor.github-workflows`` and
``vendor.github-actions``), so the check runs offline. The security rules are those of the
pull-request issue: ``pull_request`` only, a read-only token, full history, every action
pinned to a commit, and no event value interpolated into a shell script.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ceasewatch import schema as schemas

from .conftest import PROJECT_YAML
from .helpers_ci import git, git_repo

REPO = Path(__file__).resolve().parent.parent
ACTION = REPO / "action.yml"
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
INCIDENTS = REPO / ".github" / "workflows" / "incidents.yml"

SHA = re.compile(r"[0-9a-f]{40}")
#: An expression reading the event payload (or the PR's branch name): text a stranger wrote.
UNTRUSTED = re.compile(
    r"\$\{\{[^}]*\bgithub\s*(?:\.\s*(?:event\b|head_ref\b)|\[\s*['\"](?:event|head_ref)['\"])",
    re.IGNORECASE,
)


def load(path: Path) -> Any:
    """A workflow or action file (PyYAML reads the key ``on`` as ``True``; put it back)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(doc, dict) and True in doc:
        doc["on"] = doc.pop(True)
    return doc


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    """``check-jsonschema --builtin-schema SCHEMA FILES`` (offline: the schema is bundled)."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def steps(doc: Any) -> Iterator[dict[str, Any]]:
    """Every step of a workflow (each job's) or of a composite action."""
    for job in (doc.get("jobs") or {}).values():
        yield from job.get("steps") or ()
    runs = doc.get("runs")
    if isinstance(runs, dict):
        yield from runs.get("steps") or ()


def uses(node: Any) -> Iterator[str]:
    """Every ``uses:`` value anywhere (steps, and reusable workflows at job level)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "uses" and isinstance(value, str):
                yield value
            else:
                yield from uses(value)
    elif isinstance(node, list):
        for item in node:
            yield from uses(item)


def untrusted_in_run(doc: Any) -> list[str]:
    """The ``run:`` scripts that interpolate an event value."""
    return [s["run"] for s in steps(doc) if "run" in s and UNTRUSTED.search(str(s["run"]))]


def unpinned(doc: Any) -> list[str]:
    """``uses:`` values not pinned to a full commit SHA (local actions aside)."""
    out = []
    for ref in uses(doc):
        if ref.startswith("./"):
            continue  # this repository's own action, at the checked-out commit
        if ref.startswith("docker://"):
            if not re.search(r"@sha256:[0-9a-f]{64}$", ref):
                out.append(ref)
            continue
        name, _, version = ref.partition("@")
        if not (name and SHA.fullmatch(version)):
            out.append(ref)
    return out


# --- schemas ------------------------------------------------------------------------------------


def test_files_exist() -> None:
    assert ACTION.is_file()
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "incidents.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_schema(path: Path) -> None:
    done = check_jsonschema("vendor.github-workflows", path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_action_matches_the_schema() -> None:
    done = check_jsonschema("vendor.github-actions", ACTION)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schemas_do_reject_mistakes(tmp_path: Path) -> None:
    """The schema check is not a no-op: a broken workflow and action fail it."""
    workflow = tmp_path / "bad-workflow.yml"
    workflow.write_text(
        "on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps: nope\n",
        encoding="utf-8",
    )
    action = tmp_path / "action.yml"
    action.write_text(
        "name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo\n",
        encoding="utf-8",  # a composite step's `run` needs a `shell`
    )
    assert check_jsonschema("vendor.github-workflows", workflow).returncode == 1
    assert check_jsonschema("vendor.github-actions", action).returncode == 1


# --- no event value in a shell script -------------------------------------------------------


@pytest.mark.parametrize("path", [ACTION, *WORKFLOWS], ids=lambda p: p.name)
def test_no_event_expression_in_run(path: Path) -> None:
    doc = load(path)
    assert list(steps(doc)), f"{path.name}: no steps found; the walk would prove nothing"
    assert untrusted_in_run(doc) == []


def test_action_interpolates_nothing_into_run() -> None:
    """Inputs may carry event values (the workflow passes the base SHA): env only."""
    scripts = [s["run"] for s in steps(load(ACTION)) if "run" in s]
    assert scripts
    assert all("${{" not in script for script in scripts)


@pytest.mark.parametrize(
    "script",
    [
        'echo "${{ github.event.pull_request.title }}"',
        "echo ${{github.event.issue.body}}",
        "echo ${{ GITHUB.EVENT.head_commit.message }}",
        "git checkout ${{ github.head_ref }}",
        "echo ${{ github['event']['pull_request']['title'] }}",
        "echo ${{ toJSON(github.event) }}",
    ],
)
def test_the_run_check_finds_event_expressions(script: str) -> None:
    doc = {"jobs": {"x": {"steps": [{"run": "echo ok"}, {"run": f"set -e\n{script}\n"}]}}}
    assert untrusted_in_run(doc) == [f"set -e\n{script}\n"]
    action = {"runs": {"using": "composite", "steps": [{"shell": "bash", "run": script}]}}
    assert untrusted_in_run(action) == [script]


def test_the_run_check_allows_env() -> None:
    doc = {
        "jobs": {
            "x": {
                "steps": [
                    {
                        "env": {"TITLE": "${{ github.event.pull_request.title }}"},
                        "run": 'echo "$TITLE" ${{ github.sha }} ${{ inputs.base }}',
                    }
                ]
            }
        }
    }
    assert untrusted_in_run(doc) == []


# --- pinned actions -------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ACTION, *WORKFLOWS], ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit(path: Path) -> None:
    assert unpinned(load(path)) == []


def test_workflows_use_actions() -> None:
    refs = [ref for path in WORKFLOWS for ref in uses(load(path))]
    assert any(ref.startswith("actions/checkout@") for ref in refs)


@pytest.mark.parametrize(
    ("ref", "pinned"),
    [
        ("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", True),
        ("actions/checkout@v4", False),
        ("actions/checkout@v4.2.2", False),
        ("actions/checkout@main", False),
        ("actions/checkout", False),
        ("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af68", False),  # 39 digits
        ("actions/checkout@11BD71901BBE5B1630CEEA73D27597364C9AF683", False),
        ("owner/repo/.github/workflows/x.yml@11bd71901bbe5b1630ceea73d27597364c9af683", True),
        ("owner/repo/.github/workflows/x.yml@v1", False),
        ("./", True),
        ("./.github/actions/local", True),
        ("docker://alpine:3.20", False),
        ("docker://alpine@sha256:" + "a" * 64, True),
    ],
)
def test_the_pin_check(ref: str, pinned: bool) -> None:
    doc = {"jobs": {"x": {"uses": ref} if ".yml" in ref else {"steps": [{"uses": ref}]}}}
    assert (unpinned(doc) == []) is pinned


# --- the incidents workflow -----------------------------------------------------------------


def test_incidents_workflow_runs_on_pull_request_only() -> None:
    doc = load(INCIDENTS)
    on = doc["on"]
    triggers = {on} if isinstance(on, str) else set(on)
    assert "pull_request" in triggers
    assert "pull_request_target" not in triggers
    assert "workflow_run" not in triggers  # also runs with the base repository's secrets


def test_incidents_workflow_token_is_read_only() -> None:
    doc = load(INCIDENTS)
    assert doc["permissions"] == {"contents": "read"}
    assert doc["jobs"]
    for name, job in doc["jobs"].items():
        perms = job.get("permissions", {})
        assert perms in ({}, "read-all") or all(v in ("read", "none") for v in perms.values()), name
        assert "secrets" not in str(job)


def test_incidents_workflow_checks_out_full_history() -> None:
    doc = load(INCIDENTS)
    checkouts = [s for s in steps(doc) if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        with_ = step.get("with") or {}
        assert str(with_.get("fetch-depth")) == "0"
        assert with_.get("persist-credentials") is False  # no token left in .git/config


def test_incidents_workflow_runs_the_action() -> None:
    doc = load(INCIDENTS)
    local = [s for s in steps(doc) if s.get("uses") == "./"]
    assert len(local) == 1
    assert local[0]["with"]["base"] == "${{ github.event.pull_request.base.sha }}"


def test_ci_workflow_is_read_only() -> None:
    doc = load(REPO / ".github" / "workflows" / "ci.yml")
    assert doc["permissions"] == {"contents": "read"}
    assert "pull_request_target" not in doc["on"]


# --- the composite action -------------------------------------------------------------------


def test_action_inputs_and_install() -> None:
    doc = load(ACTION)
    assert doc["runs"]["using"] == "composite"
    assert set(doc["inputs"]) == {"base", "fail-on", "args"}
    assert all(spec.get("required") is False for spec in doc["inputs"].values())
    install, review = doc["runs"]["steps"]
    # From the action's own folder with the runner's Python, never from the PR's tree.
    assert "pip install" in install["run"]
    assert '"$GITHUB_ACTION_PATH"' in install["run"]
    assert "ceasewatch" in review["run"] and "diff" in review["run"]


def _run_review(tmp_path: Path, env: dict[str, str]) -> list[str]:
    """Run the action's review script with a stand-in ``ceasewatch`` that prints its argv."""
    review = load(ACTION)["runs"]["steps"][1]
    assert review["shell"] == "bash"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "ceasewatch"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n', encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    repo = tmp_path / "repo"
    if not repo.exists():
        git_repo(repo)
        git(repo, "commit", "-q", "--allow-empty", "-m", "a")
        git(repo, "commit", "-q", "--allow-empty", "-m", "b")
    done = subprocess.run(
        ["bash", "-e", "-c", review["run"]],
        cwd=repo,
        env={
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "GIT_CONFIG_NOSYSTEM": "1",
            "CEASEWATCH_BASE": "",
            "CEASEWATCH_FAIL_ON": "",
            "CEASEWATCH_ARGS": "",
            "PR_BASE_SHA": "",
            "PUSH_BEFORE_SHA": "",
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_action_base_defaults(tmp_path: Path) -> None:
    argv = _run_review(tmp_path, {"PR_BASE_SHA": "a" * 40, "PUSH_BEFORE_SHA": "b" * 40})
    assert argv == ["diff", "--base", "a" * 40, "--format", "github"]
    argv = _run_review(tmp_path, {"PUSH_BEFORE_SHA": "b" * 40})
    assert argv[:3] == ["diff", "--base", "b" * 40]
    argv = _run_review(tmp_path, {"CEASEWATCH_BASE": "main", "PR_BASE_SHA": "a" * 40})
    assert argv[:3] == ["diff", "--base", "main"]
    # A new branch's first push: `before` is all zeros, so the previous commit.
    parent = git(tmp_path / "repo", "rev-parse", "HEAD~1").strip()
    argv = _run_review(tmp_path, {"PUSH_BEFORE_SHA": "0" * 40})
    assert argv[:3] == ["diff", "--base", parent]


def test_action_fail_on_and_args(tmp_path: Path) -> None:
    argv = _run_review(
        tmp_path,
        {
            "PR_BASE_SHA": "a" * 40,
            "CEASEWATCH_FAIL_ON": "new-apparent",
            "CEASEWATCH_ARGS": "--root data --today 2025-06-01",
        },
    )
    assert argv == [
        "diff",
        "--base",
        "a" * 40,
        "--format",
        "github",
        "--fail-on",
        "new-apparent",
        "--root",
        "data",
        "--today",
        "2025-06-01",
    ]
    # A hostile base reaches ceasewatch as one argument, never as shell code.
    argv = _run_review(tmp_path, {"CEASEWATCH_BASE": "x; echo pwned $(id)"})
    assert argv[:3] == ["diff", "--base", "x; echo pwned $(id)"]
    assert "pwned" not in "\n".join(argv[3:])


def test_ci_fails_when_the_editor_schemas_are_stale(tmp_path: Path) -> None:
    """The ci workflow's schema step, run as written (without its install) on a repository
    whose committed schemas are stale, then current."""
    doc = load(REPO / ".github" / "workflows" / "ci.yml")
    (step,) = [s for s in steps(doc) if "ceasewatch schema" in s.get("run", "")]
    script = "\n".join(
        line for line in step["run"].splitlines() if not line.startswith("python -m pip")
    )
    repo = git_repo(tmp_path / "repo")
    (repo / "ceasewatch.yaml").write_text(PROJECT_YAML, encoding="utf-8")
    (repo / "schemas").mkdir()
    for kind in schemas.KINDS:
        (repo / "schemas" / schemas.file_name(kind)).write_text(
            schemas.render(kind), encoding="utf-8"
        )
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "generic schemas")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True
        )

    stale = run()
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "::error::schemas/ is out of date" in stale.stdout
    assert "schemas/incident.schema.json" in stale.stdout
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "current schemas")
    current = run()
    assert current.returncode == 0, current.stdout + current.stderr
