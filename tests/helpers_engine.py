"""Helpers for the engine, properties and check-command tests: case datasets and YAML."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ceasewatch import engine
from ceasewatch.api import load
from ceasewatch.loading import Dataset

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
CASES = TESTS / "engine_cases"
#: The project file of every case folder that has none of its own.
CASE_PROJECT = CASES / "ceasewatch.yaml"
#: "Today" for validation: later than every date in the cases, so no date warns by accident.
TODAY = date(2030, 12, 31)


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans only: `yes`, `no`, `on` and `off` stay text (they are reading keys)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def load_yaml(path: Path) -> Any:
    """A test-side YAML file (expected results), with only `true`/`false` as booleans."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def case_names() -> list[str]:
    """Every case folder (a folder holding an ``expected.yaml``)."""
    return sorted(p.parent.name for p in CASES.glob("*/expected.yaml"))


def build_case(name: str, dest: Path) -> Path:
    """Copy case ``name`` to ``dest`` as a dataset root (without ``expected.yaml``)."""
    source = CASES / name
    root = dest / name
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("expected.yaml"))
    if not (root / "ceasewatch.yaml").exists():
        shutil.copy(CASE_PROJECT, root / "ceasewatch.yaml")
    for sub in ("agreements", "incidents"):
        (root / sub).mkdir(exist_ok=True)
    return root


def load_valid(root: Path) -> Dataset:
    """Validate ``root`` and fail the test on any error (the engine runs only on valid data)."""
    data = load(root, today=TODAY)
    errors = [d for d in data.diagnostics if d.severity == "error"]
    assert not errors, "the case's data is invalid:\n" + "\n".join(
        f"{d.file}:{d.line}:{d.column}: {d.code}: {d.message}" for d in errors
    )
    return data


def run_engine(root: Path) -> tuple[Dataset, engine.Result]:
    """Validate and evaluate."""
    data = load_valid(root)
    return data, engine.run(data)


#: What a finding's JSON carries of the incident's record beside the accusation (no engine
#: effect): left out of the cases' expectations, and checked in tests/test_launch.py.
CONTEXT = ("launched_from", "controlled_by", "casualties", "revisions")


def _judged(f: engine.Finding) -> dict[str, Any]:
    return {k: v for k, v in f.as_dict().items() if k not in CONTEXT}


def finding_dicts(result: engine.Result) -> list[dict[str, Any]]:
    """The findings in their JSON form, in the engine's order."""
    return [_judged(f) for f in result.findings]


def unattributed_dicts(result: engine.Result) -> list[dict[str, Any]]:
    """The unattributed incidents in their JSON form, in the engine's order."""
    return [_judged(u) for u in result.unattributed]
